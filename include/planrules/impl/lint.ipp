#ifndef PLANRULES_IMPL_LINT_IPP
#define PLANRULES_IMPL_LINT_IPP

#include <planrules/detail/bounds.hpp>
#include <planrules/detail/json_writer.hpp>
#include <planrules/detail/unicode.hpp>
#include <planrules/impl/plan_json.ipp>
#include <planrules/lint.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace planrules {

PLANRULES_DECL std::size_t lint_result::count(severity level) const noexcept {
  return static_cast<std::size_t>(
      std::count_if(diagnostics.begin(), diagnostics.end(), [&](const diagnostic& d) { return d.level == level; }));
}

namespace detail::linting {

namespace b = detail::bounds;
using ckind = b::constraint::kind;

inline std::string join(const std::vector<std::string>& parts, std::string_view last_separator = " and ") {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? std::string(last_separator) : std::string(", ");
    out += parts[i];
  }
  return out;
}

// Source sentences compare after NFKC and without white space: "，" and "," are one goal.
inline std::string normalized_sentence(std::string_view text) {
  if (detail::unicode::first_invalid_utf8(text)) return std::string(text);
  const auto n = detail::unicode::nfkc(text);
  std::string out;
  for (const char c : n)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
  return out;
}

/// Deadlines a goal's sentence names: 到2025年, 2025年前, 2025年底前.
inline std::vector<int> named_deadlines(std::string_view source) {
  const auto text = normalized_sentence(source);
  std::vector<int> years;
  auto digits_at = [&](std::size_t i) {
    if (i + 4 > text.size()) return -1;
    int y = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = text[i + k];
      if (c < '0' || c > '9') return -1;
      y = y * 10 + (c - '0');
    }
    if (i > 0 && text[i - 1] >= '0' && text[i - 1] <= '9') return -1;
    if (i + 4 < text.size() && text[i + 4] >= '0' && text[i + 4] <= '9') return -1;
    return y;
  };
  const std::string dao = "到", nian = "年", qian = "前", diqian = "底前";
  for (std::size_t i = 0; i + 4 <= text.size(); ++i) {
    const int y = digits_at(i);
    if (y < 1900 || y > 2200) continue;
    const auto after = text.substr(i + 4);
    if (!after.starts_with(nian)) continue;
    const auto rest = std::string_view(after).substr(nian.size());
    const bool by = i >= dao.size() && std::string_view(text).substr(i - dao.size(), dao.size()) == dao;
    if (by || rest.starts_with(qian) || rest.starts_with(diqian)) years.push_back(y);
  }
  return years;
}

class linter {
public:
  linter(const checked_plan& plan, const lint_options& options, const std::vector<char>* goal_had_rules)
      : plan_(plan), options_(options), goal_had_rules_(goal_had_rules) {}

  diagnostic_list run() {
    translations_.reserve(plan_.rules.size());
    for (std::size_t i = 0; i < plan_.rules.size(); ++i) translations_.push_back(b::translate(plan_, i));
    goals();
    if (options_.cross_checks) {
      for (const auto& [key, rules] : slices()) slice_checks(rules);
      against_better_direction();
    }
    if (options_.text_checks) {
      phrases();
      deadlines();
    }
    if (options_.notes) exclusive_bounds();
    std::stable_sort(out_.begin(), out_.end(), [](const diagnostic& a, const diagnostic& c) {
      return std::pair(a.location.line, a.location.column) < std::pair(c.location.line, c.location.column);
    });
    if (!options_.notes)
      std::erase_if(out_, [](const diagnostic& d) { return d.level == severity::note; });
    return std::move(out_);
  }

private:
  // Diagnostics ------------------------------------------------------------------------------------

  diagnostic& report(diagnostic_code code, const source_location& where, std::string message) {
    diagnostic d;
    d.code = code;
    d.level = default_severity(code);
    d.message = std::move(message);
    d.location = where;
    out_.push_back(std::move(d));
    return out_.back();
  }

  diagnostic& report(diagnostic_code code, std::size_t rule, std::string message) {
    return report(code, plan_.rules[rule].location, std::move(message));
  }

  const checked_rule& rule(std::size_t i) const { return plan_.rules[i]; }
  const b::translated& tr(std::size_t i) const { return translations_[i]; }

  std::string label(std::size_t i) const { return b::rule_label(plan_, i); }
  std::string short_label(std::size_t i) const {
    return "rule " + rule(i).id + " (line " + std::to_string(rule(i).location.line) + ")";
  }
  std::string explain(std::size_t i) const { return label(i) + " " + b::reading(plan_, tr(i)); }
  std::string indicator(std::size_t i) const { return b::indicator_label(plan_, rule(i).indicator); }

  std::string rules_list(const std::vector<std::size_t>& rules) const {
    std::vector<std::string> parts;
    for (const auto r : rules) parts.push_back(rule(r).id);
    return join(parts);
  }

  // Slices -----------------------------------------------------------------------------------------

  // Rules grouped by indicator × disaggregation × region quantifier, in order of first appearance.
  std::vector<std::pair<std::string, std::vector<std::size_t>>> slices() const {
    std::vector<std::pair<std::string, std::vector<std::size_t>>> out;
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < translations_.size(); ++i) {
      const auto& t = translations_[i];
      if (!t.analysed) continue;
      const auto key = std::to_string(t.where.indicator) + "|" + t.where.key;
      const auto [it, added] = index.emplace(key, out.size());
      if (added) out.push_back({key, {}});
      out[it->second].second.push_back(i);
    }
    return out;
  }

  b::system system_of(const std::vector<std::size_t>& rules, catalogue::index indicator) const {
    b::system sys;
    sys.nonnegative = b::nonnegative(plan_, indicator);
    for (const auto r : rules) sys.constraints.push_back(tr(r).c);
    return sys;
  }

  b::system system_of(const std::vector<std::size_t>& rules) const {
    return system_of(rules, rules.empty() ? catalogue::npos : tr(rules.front()).where.indicator);
  }

  static std::vector<std::size_t> without(std::vector<std::size_t> rules, std::size_t r,
                                          const std::set<std::size_t>& also = {}) {
    std::erase_if(rules, [&](std::size_t x) { return x == r || also.count(x) != 0; });
    return rules;
  }

  bool relational(std::size_t r) const { return tr(r).c.what != ckind::unary; }

  void slice_checks(const std::vector<std::size_t>& rules) {
    std::vector<std::size_t> accepted, accepted_aspirational;
    for (const auto r : rules) {
      if (rule(r).strength != rule_strength::binding) continue;
      auto trial = accepted;
      trial.push_back(r);
      const auto sol = b::solve(system_of(trial));
      if (sol.empty_year) contradiction(r, sol, accepted, false);
      else accepted.push_back(r);
    }
    for (const auto r : rules) {
      if (rule(r).strength == rule_strength::binding) continue;
      auto trial = accepted;
      trial.insert(trial.end(), accepted_aspirational.begin(), accepted_aspirational.end());
      trial.push_back(r);
      const auto sol = b::solve(system_of(trial));
      if (sol.empty_year) contradiction(r, sol, trial, true);
      else accepted_aspirational.push_back(r);
    }
    const auto loosened = loosening(accepted);
    // Rules of a repeated goal are reported with the goal, and are no evidence against others.
    std::set<std::size_t> redundant;
    for (const auto r : accepted)
      if (in_duplicate_goal(r)) redundant.insert(r);
    for (auto it = accepted.rbegin(); it != accepted.rend(); ++it) {
      const auto r = *it;
      if (loosened.count(r) || redundant.count(r)) continue;
      const auto others = without(accepted, r, redundant);
      if (implied(r, others, false)) redundant.insert(r);
    }
    for (const auto r : accepted_aspirational) implied(r, accepted, true);
  }

  // Contradictions ---------------------------------------------------------------------------------

  // `before` are the rules the slice held without `r` (for an aspirational r, `before` may hold r too).
  void contradiction(std::size_t r, const b::solution& sol, const std::vector<std::size_t>& before, bool aspirational) {
    // Explain the contradiction in a year the rule itself speaks about, where possible:
    // for a bound, what the other rules allow in its year against what it requires.
    int year = *sol.empty_year;
    b::interval at = sol.at(year);
    bool placed = false;
    const auto& c = tr(r).c;
    if (c.what == ckind::unary) {
      const auto others = b::solve(system_of(without(before, r), tr(r).where.indicator));
      for (const int y : c.years) {
        auto combined = others.at(y);
        auto low = c.bound.low, high = c.bound.high;
        if (low.bounded()) low.rules = {r}, low.origin = r;
        if (high.bounded()) high.rules = {r}, high.origin = r;
        b::tighten_low(combined, low);
        b::tighten_high(combined, high);
        if (combined.empty()) {
          year = y, at = combined, placed = true;
          break;
        }
      }
    }
    if (!placed) {
      std::vector<int> own = c.years;
      if (c.what == ckind::ratio) own = {c.year, c.base};
      if (c.what == ckind::monotone || c.what == ckind::difference) own = {c.last, c.first};
      for (const int y : own)
        if (std::find(sol.empty_years.begin(), sol.empty_years.end(), y) != sol.empty_years.end()) {
          year = y, at = sol.at(y);
          break;
        }
    }
    std::vector<std::size_t> involved = at.low.rules;
    b::merge_rules(involved, at.high.rules);
    b::add_rule(involved, r);
    const bool domain = at.low.domain || at.high.domain;
    const auto ind = tr(r).where.indicator;
    const auto name = b::indicator_label(plan_, ind) + (tr(r).where.key.empty() ? "" : " " + tr(r).where.key);
    auto bounds_note = [&] {
      auto from = [&](const b::end& e) {
        std::string s = e.rules.size() == 1 ? "rule " + rule(e.rules.front()).id
                        : e.rules.empty()   ? std::string()
                                            : "rules " + rules_list(e.rules);
        if (e.domain) s += std::string(s.empty() ? "" : " and ") + "the fact that it is never negative";
        return s;
      };
      return "together: " + name + " in " + std::to_string(year) + " would have to be " +
             b::low_text(plan_, ind, at.low) + " (from " + from(at.low) + ") and " + b::high_text(plan_, ind, at.high) +
             " (from " + from(at.high) + ")";
    };
    if (involved.size() == 1) {
      auto& d = report(diagnostic_code::unsatisfiable_rule, r,
                       "no value of " + name + " satisfies '" + rule(r).text + "'");
      d.notes.push_back(explain(r));
      if (domain) d.notes.push_back(name + " is a level in " + plan_.catalogue[ind].unit.symbol + " and is never negative");
      d.notes.push_back(bounds_note());
      return;
    }
    std::vector<std::size_t> others;
    for (const auto x : involved)
      if (x != r) others.push_back(x);
    std::vector<std::string> other_labels;
    for (const auto x : others) other_labels.push_back(label(x));
    const bool across = std::any_of(involved.begin(), involved.end(), [&](std::size_t x) { return relational(x); });

    diagnostic* d = nullptr;
    if (aspirational) {
      const bool with_binding = std::any_of(others.begin(), others.end(), [&](std::size_t x) {
        return rule(x).strength == rule_strength::binding;
      });
      d = &report(diagnostic_code::aspirational_conflict, r,
                  "the aspirational (力争) rule '" + rule(r).text + "' cannot be met together with " +
                      (with_binding ? "binding " : "aspirational ") + join(other_labels) + ": no value of " + name +
                      " in " + std::to_string(year) + " satisfies them all");
    } else {
      d = &report(across ? diagnostic_code::contradiction_across_years : diagnostic_code::contradictory_rules, r,
                  "'" + rule(r).text + "' contradicts " + join(other_labels) + ": no value of " + name + " in " +
                      std::to_string(year) + " satisfies them all");
    }
    for (const auto x : involved) {
      std::string note = explain(x);
      const auto& xc = tr(x).c;
      if (xc.what == ckind::unary && xc.years.size() > 1 &&
          std::find(xc.years.begin(), xc.years.end(), year) != xc.years.end())
        note += ", so also in " + std::to_string(year);
      if (xc.what == ckind::monotone)
        note += "; a bound in one year therefore carries to the years " +
                std::string(xc.down ? "after (upper bounds) and before (lower bounds)"
                                    : "before (upper bounds) and after (lower bounds)");
      if (xc.what == ckind::difference) note += "; bounds carry from year to year by at most that change";
      if (xc.what == ckind::ratio) note += "; a bound on one of the two years bounds the other";
      d->notes.push_back(std::move(note));
    }
    if (domain) d->notes.push_back(name + " is a level in " + plan_.catalogue[ind].unit.symbol + " and is never negative");
    d->notes.push_back(bounds_note());
    if (aspirational)
      d->notes.push_back("aspirational rules never count as failures, so the plan can still be met, but not this target");
  }

  // Loosening --------------------------------------------------------------------------------------

  // The bounds each year states outright (no propagation through trends), with
  // baseline-relative targets resolved one step when the base year has a stated bound.
  std::map<int, b::interval> stated(const std::vector<std::size_t>& rules) const {
    std::map<int, b::interval> out;
    for (const auto r : rules) {
      const auto& c = tr(r).c;
      if (c.what != ckind::unary) continue;
      for (const int y : c.years) {
        auto low = c.bound.low, high = c.bound.high;
        if (low.bounded()) low.rules = {r}, low.origin = r;
        if (high.bounded()) high.rules = {r}, high.origin = r;
        b::tighten_low(out[y], low);
        b::tighten_high(out[y], high);
      }
    }
    const auto base_bounds = out;
    for (const auto r : rules) {
      const auto& c = tr(r).c;
      if (c.what != ckind::ratio) continue;
      const auto it = base_bounds.find(c.base);
      if (it == base_bounds.end()) continue;
      const auto& base = it->second;
      if (c.upper && base.high.bounded())
        b::tighten_high(out[c.year], b::steps::carried(base.high, c.k * base.high.value, base.high.inclusive && !c.strict, r));
      if (c.lower && base.low.bounded())
        b::tighten_low(out[c.year], b::steps::carried(base.low, c.k * base.low.value, base.low.inclusive && !c.strict, r));
    }
    return out;
  }

  std::set<std::size_t> loosening(const std::vector<std::size_t>& accepted) {
    std::set<std::size_t> reported;
    if (accepted.empty()) return reported;
    const auto ind = tr(accepted.front()).where.indicator;
    const auto better = plan_.catalogue[ind].better;
    if (better == ast::better_direction::unspecified) return reported;
    const bool lower = better == ast::better_direction::lower;
    const auto targets = stated(accepted);
    auto side = [&](const b::interval& i) -> const b::end& { return lower ? i.high : i.low; };
    auto looser = [&](const b::end& a, const b::end& c) {
      return lower ? b::compare_high(a, c) < 0 : b::compare_low(a, c) < 0;
    };
    struct finding {
      int y1, y2;
      b::end e1, e2;
    };
    std::map<std::size_t, finding> found; // by the rule that states the looser later bound
    for (auto it2 = targets.begin(); it2 != targets.end(); ++it2) {
      const auto& e2 = side(it2->second);
      if (!e2.bounded() || e2.origin == b::no_rule || found.count(e2.origin)) continue;
      std::optional<finding> best;
      for (auto it1 = targets.begin(); it1 != it2; ++it1) {
        const auto& e1 = side(it1->second);
        if (!e1.bounded() || e1.origin == e2.origin || !looser(e2, e1)) continue;
        if (!best || looser(best->e1, e1)) best = finding{it1->first, it2->first, e1, e2};
      }
      if (best) found.emplace(e2.origin, *best);
    }
    const auto sys_rules = accepted;
    std::vector<const b::constraint*> constraints;
    for (const auto r : sys_rules) constraints.push_back(&tr(r).c);
    const auto relations = b::step_relations(constraints);
    const auto name = b::indicator_label(plan_, ind) + (tr(accepted.front()).where.key.empty() ? "" : " " + tr(accepted.front()).where.key);
    for (const auto& [r, f] : found) {
      const auto earlier = f.e1.origin;
      auto& d = report(diagnostic_code::loosening_target, r,
                       "'" + rule(r).text + "' lets " + name + " be " +
                           (lower ? b::high_text(plan_, ind, f.e2) : b::low_text(plan_, ind, f.e2)) + " in " +
                           std::to_string(f.y2) + ", " + (lower ? "above" : "below") + " the " + std::to_string(f.y1) +
                           " target " + (lower ? b::high_text(plan_, ind, f.e1) : b::low_text(plan_, ind, f.e1)) +
                           " of " + short_label(earlier) + ": the target loosens over time");
      d.notes.push_back(std::string(lower ? "lower" : "higher") + " is better for " + name + " (better " +
                        (lower ? "lower" : "higher") + " in the catalogue): a later target should be at least as strict as an earlier one");
      d.notes.push_back(explain(earlier));
      d.notes.push_back(explain(r));
      for (const auto x : f.e2.rules)
        if (x != r) d.notes.push_back(explain(x));
      bool kept = true;
      std::vector<std::size_t> trend_rules;
      for (int y = f.y1; y < f.y2; ++y) {
        const auto it = relations.find(y);
        const int level = it == relations.end() ? 0 : (lower ? it->second.down : it->second.up);
        if (level == 0) {
          kept = false;
          break;
        }
        b::merge_rules(trend_rules, lower ? it->second.down_rules : it->second.up_rules);
      }
      if (kept && !trend_rules.empty())
        d.notes.push_back("the trend of " + rules_list(trend_rules) + " keeps the " + std::to_string(f.y2) +
                          " value within the " + std::to_string(f.y1) +
                          " target anyway: the looser number has no effect but misleads readers");
      reported.insert(r);
    }
    return reported;
  }

  // Redundancy -------------------------------------------------------------------------------------

  bool implied(std::size_t r, const std::vector<std::size_t>& others, bool aspirational) {
    const auto& c = tr(r).c;
    std::vector<std::size_t> by;
    std::string detail;
    switch (c.what) {
    case ckind::unary: {
      const auto ind = tr(r).where.indicator;
      const auto sol = b::solve(system_of(others, ind));
      for (const int y : c.years) {
        const auto& at = sol.at(y);
        if (!b::within(at, c.bound)) return false;
        if (c.bound.low.bounded()) b::merge_rules(by, at.low.rules);
        if (c.bound.high.bounded()) b::merge_rules(by, at.high.rules);
        if (detail.empty()) {
          std::string what;
          if (c.bound.low.bounded()) what = b::low_text(plan_, ind, at.low);
          if (c.bound.high.bounded()) what += (what.empty() ? "" : " and ") + b::high_text(plan_, ind, at.high);
          detail = "in " + std::to_string(y) + " the other rules already require " + indicator(r) + " " + what;
        }
      }
      break;
    }
    case ckind::monotone: {
      std::vector<const b::constraint*> constraints;
      for (const auto x : others) constraints.push_back(&tr(x).c);
      const auto relations = b::step_relations(constraints);
      for (int y = c.first; y < c.last; ++y) {
        const auto it = relations.find(y);
        if (it == relations.end()) return false;
        const int level = c.down ? it->second.down : it->second.up;
        if (level < (c.strict ? 2 : 1)) return false;
        b::merge_rules(by, c.down ? it->second.down_rules : it->second.up_rules);
      }
      break;
    }
    case ckind::difference:
      for (const auto x : others) {
        const auto& o = tr(x).c;
        if (o.what != ckind::difference || o.first > c.first || o.last < c.last) continue;
        if ((c.step_low.bounded() && b::compare_low(o.step_low, c.step_low) < 0) ||
            (c.step_high.bounded() && b::compare_high(o.step_high, c.step_high) < 0))
          continue;
        by = {x};
        break;
      }
      if (by.empty()) return false;
      break;
    case ckind::ratio:
      for (const auto x : others) {
        const auto& o = tr(x).c;
        if (o.what != ckind::ratio || o.year != c.year || o.base != c.base) continue;
        auto at_least = [&](bool upper_side) {
          if (upper_side ? !o.upper : !o.lower) return false;
          if (!b::nearly_equal(o.k, c.k)) return upper_side ? o.k < c.k : o.k > c.k;
          return o.strict || !c.strict;
        };
        if ((c.upper && !at_least(true)) || (c.lower && !at_least(false))) continue;
        by = {x};
        break;
      }
      if (by.empty()) return false;
      break;
    }
    const auto name = indicator(r);
    diagnostic* d = nullptr;
    if (by.empty()) { // only the indicator's range: x >= 0%
      d = &report(diagnostic_code::redundant_rule, r, "'" + rule(r).text + "' always holds: " + name + " is never negative");
      d->notes.push_back(explain(r));
      return true;
    }
    std::vector<std::string> labels;
    for (const auto x : by) labels.push_back(label(x));
    const bool repeats = by.size() == 1 && same_constraint(tr(by.front()).c, c);
    if (aspirational)
      d = &report(diagnostic_code::redundant_rule, r,
                  "the aspirational (力争) rule '" + rule(r).text + "' is already required by binding " + join(labels) +
                      ": it adds nothing");
    else if (repeats)
      d = &report(diagnostic_code::redundant_rule, r, "'" + rule(r).text + "' repeats " + join(labels));
    else
      d = &report(diagnostic_code::redundant_rule, r,
                  "'" + rule(r).text + "' adds nothing: " + join(labels) + (by.size() == 1 ? " already requires" : " already require") + " it");
    d->notes.push_back(explain(r));
    for (const auto x : by) d->notes.push_back(explain(x));
    if (!detail.empty() && !repeats) d->notes.push_back(detail);
    if (!aspirational) d->notes.push_back("remove it, or make it stricter if the plan's text says more");
    return true;
  }

  static bool same_end(const b::end& a, const b::end& c) {
    return a.bounded() == c.bounded() && (!a.bounded() || (b::nearly_equal(a.value, c.value) && a.inclusive == c.inclusive));
  }

  static bool same_constraint(const b::constraint& a, const b::constraint& c) {
    if (a.what != c.what) return false;
    switch (a.what) {
    case ckind::unary: return a.years == c.years && same_end(a.bound.low, c.bound.low) && same_end(a.bound.high, c.bound.high);
    case ckind::monotone: return a.first == c.first && a.last == c.last && a.down == c.down && a.strict == c.strict;
    case ckind::difference:
      return a.first == c.first && a.last == c.last && same_end(a.step_low, c.step_low) && same_end(a.step_high, c.step_high);
    case ckind::ratio:
      return a.year == c.year && a.base == c.base && b::nearly_equal(a.k, c.k) && a.upper == c.upper &&
             a.lower == c.lower && a.strict == c.strict;
    }
    return false;
  }

  // Direction --------------------------------------------------------------------------------------

  void against_better_direction() {
    for (std::size_t i = 0; i < plan_.rules.size(); ++i) {
      const auto& t = tr(i);
      if (!t.analysed) continue;
      const auto better = plan_.catalogue[t.where.indicator].better;
      if (better == ast::better_direction::unspecified) continue;
      const bool lower = better == ast::better_direction::lower;
      const auto& c = t.c;
      const auto name = indicator(i);
      if (c.what == ckind::monotone && c.down != lower) {
        auto& d = report(diagnostic_code::against_better_direction, i,
                         "'" + rule(i).text + "' asks " + name + " to " + (c.down ? "fall" : "rise") + ", but " +
                             (lower ? "lower" : "higher") + " is better for it");
        d.notes.push_back("the catalogue says `better " + std::string(lower ? "lower" : "higher") +
                          "`; check the trend's direction, or the indicator");
      } else if (c.what == ckind::unary) {
        const bool floor_only = c.bound.low.bounded() && !c.bound.high.bounded();
        const bool cap_only = c.bound.high.bounded() && !c.bound.low.bounded();
        if ((lower && floor_only) || (!lower && cap_only)) {
          auto& d = report(diagnostic_code::against_better_direction, i,
                           "'" + rule(i).text + "' sets " + (floor_only ? "a floor" : "a ceiling") + " on " + name +
                               ", but " + (lower ? "lower" : "higher") + " is better for it");
          d.notes.push_back(std::string("a target usually bounds the bad side: did you mean ") +
                            (floor_only ? "<=" : ">=") + "?");
        }
      }
    }
  }

  // Goals ------------------------------------------------------------------------------------------

  std::string goal_name(std::size_t g) const {
    const auto& goal = plan_.goals[g];
    std::string area = goal.area ? std::string(ast::to_string(*goal.area)) + "." : std::string();
    return std::string(goal.tier == ast::goal_tier::measure ? "measure " : "goal ") + area +
           (goal.tier == ast::goal_tier::measure ? "m" : "") + std::to_string(goal.number);
  }

  std::string rule_key(std::size_t i) const {
    const auto& r = rule(i);
    const auto& t = tr(i);
    std::string key = std::string(to_string(r.strength)) + "|";
    if (!t.analysed) return key + r.text;
    const auto& c = t.c;
    key += plan_.catalogue[t.where.indicator].id + "|" + t.where.key + "|" + std::to_string(static_cast<int>(c.what)) + "|";
    auto end_key = [](const b::end& e) {
      return e.bounded() ? b::format_number(e.value) + (e.inclusive ? "i" : "x") : std::string("-");
    };
    switch (c.what) {
    case ckind::unary:
      for (const int y : c.years) key += std::to_string(y) + ",";
      key += end_key(c.bound.low) + "," + end_key(c.bound.high);
      break;
    case ckind::monotone:
      key += std::to_string(c.first) + "," + std::to_string(c.last) + (c.down ? "d" : "u") + (c.strict ? "s" : "");
      break;
    case ckind::difference:
      key += std::to_string(c.first) + "," + std::to_string(c.last) + end_key(c.step_low) + end_key(c.step_high);
      break;
    case ckind::ratio:
      key += std::to_string(c.year) + "," + std::to_string(c.base) + b::format_number(c.k) + (c.upper ? "u" : "") +
             (c.lower ? "l" : "") + (c.strict ? "s" : "");
      break;
    }
    return key;
  }

  bool in_duplicate_goal(std::size_t r) const {
    const auto g = rule(r).goal_index;
    return g != static_cast<std::size_t>(-1) && duplicate_goals_.count(g) != 0;
  }

  void goals() {
    std::map<std::string, std::size_t> by_source, by_rules;
    for (std::size_t g = 0; g < plan_.goals.size(); ++g) {
      const auto& goal = plan_.goals[g];
      if (goal.rules.empty()) {
        const bool had_rules = goal_had_rules_ && g < goal_had_rules_->size() && (*goal_had_rules_)[g];
        if (!had_rules) {
          auto& d = report(diagnostic_code::goal_without_rule, goal.location,
                           goal_name(g) + " has no rule: nothing about it will be evaluated or reported");
          if (goal.tier == ast::goal_tier::measure) d.level = severity::note;
          d.notes.push_back("write its measurable targets as rules, or a `qualitative \"…\"` line when it has none, "
                            "so that it is listed as not measurable");
        }
      }
      if (!options_.text_checks && !options_.cross_checks) continue;
      const auto sentence = normalized_sentence(goal.source);
      std::optional<std::size_t> same_source, same_rules;
      if (!sentence.empty()) {
        const auto [it, added] = by_source.emplace(sentence, g);
        if (!added) same_source = it->second;
      }
      std::vector<std::string> keys;
      for (const auto r : goal.rules)
        if (rule(r).kind != rule_kind::qualitative) keys.push_back(rule_key(r));
      if (!keys.empty()) {
        std::sort(keys.begin(), keys.end());
        std::string all;
        for (const auto& k : keys) all += k + "\n";
        const auto [it, added] = by_rules.emplace(all, g);
        if (!added) same_rules = it->second;
      }
      const auto same = same_source ? same_source : same_rules;
      const std::string why = same_source && same_rules && *same_source == *same_rules
                                  ? "the same source sentence and the same rules"
                                  : same_source ? "the same source sentence" : "the same rules";
      if (same) {
        duplicate_goals_.insert(g);
        const auto& first = plan_.goals[*same];
        auto& d = report(diagnostic_code::repeated_goal, goal.location,
                         goal_name(g) + " repeats " + goal_name(*same) + " (line " + std::to_string(first.location.line) +
                             "): " + why);
        d.notes.push_back("a goal counted twice weighs twice in roll-ups; keep one, or tell the two apart");
      }
    }
  }

  // Text -------------------------------------------------------------------------------------------

  void phrases() {
    const std::string ellipsis = "…";
    for (std::size_t i = 0; i < plan_.rules.size(); ++i) {
      const auto& r = rule(i);
      if (r.source.empty()) continue;
      for (const auto& [key, value] : r.metadata) {
        if (key != "phrase") continue;
        std::vector<std::string> fragments;
        std::size_t start = 0;
        while (start <= value.size()) {
          const auto at = value.find(ellipsis, start);
          const auto piece = value.substr(start, at == std::string::npos ? std::string::npos : at - start);
          if (!piece.empty()) fragments.push_back(piece);
          if (at == std::string::npos) break;
          start = at + ellipsis.size();
        }
        auto search = [&](const std::string& source, bool normalize) -> std::optional<std::string> {
          std::size_t from = 0;
          for (const auto& f : fragments) {
            const auto needle = normalize ? normalized_sentence(f) : f;
            const auto at = source.find(needle, from);
            if (at == std::string::npos) return f;
            from = at + needle.size();
          }
          return std::nullopt;
        };
        auto missing = search(r.source, false);
        if (missing) missing = search(normalized_sentence(r.source), true);
        if (missing) {
          auto& d = report(diagnostic_code::phrase_not_in_source, i,
                           "the phrase '" + *missing + "' of rule " + r.id + " is not in its goal's source sentence" +
                               (fragments.size() > 1 ? " (after the fragments before it)" : ""));
          d.notes.push_back("`phrase:` quotes the words of the goal the rule encodes, fragments joined by …, in the "
                            "order of the sentence; a phrase that is not there cannot be traced back to the text");
        }
      }
    }
  }

  void deadlines() {
    for (std::size_t i = 0; i < plan_.rules.size(); ++i) {
      const auto& r = rule(i);
      if (r.kind != rule_kind::bound || !r.year_implicit || !r.year || r.source.empty()) continue;
      const auto named = named_deadlines(r.source);
      if (named.empty()) continue;
      const int latest = *std::max_element(named.begin(), named.end());
      if (latest >= *r.year) continue;
      auto& d = report(diagnostic_code::year_after_goal_deadline, i,
                       "'" + r.text + "' has no year and binds at the plan's end, " + std::to_string(*r.year) +
                           ", but its goal names the deadline " + std::to_string(latest) + " (到" +
                           std::to_string(latest) + "年)");
      d.notes.push_back("write the year: " + plan_.catalogue[r.indicator].id + "_" + std::to_string(latest) +
                        " if the deadline covers this phrase, or " + plan_.catalogue[r.indicator].id + "_" +
                        std::to_string(*r.year) + " to say the plan's end is meant");
    }
  }

  void exclusive_bounds() {
    for (std::size_t i = 0; i < plan_.rules.size(); ++i) {
      const auto& t = tr(i);
      if (!t.analysed || t.c.what != ckind::unary) continue;
      const auto& bound = t.c.bound;
      const bool open = (bound.low.bounded() && !bound.low.inclusive) || (bound.high.bounded() && !bound.high.inclusive);
      if (!open) continue;
      const auto& meta = rule(i).metadata;
      if (std::any_of(meta.begin(), meta.end(), [](const auto& kv) { return kv.first == "note"; })) continue;
      auto& d = report(diagnostic_code::exclusive_bound_unexplained, i,
                       "'" + rule(i).text + "' excludes the number itself; say which words of the plan make it exclusive");
      d.notes.push_back("以上、以下、以内 include the number (Civil Code art. 1259); 超过、不满 exclude it; 低于、高于 are not "
                        "defined and read as exclusive by default — record the reading with {note: \"低于 read as exclusive\"}");
    }
  }

  const checked_plan& plan_;
  const lint_options& options_;
  const std::vector<char>* goal_had_rules_;
  std::vector<b::translated> translations_;
  std::set<std::size_t> duplicate_goals_;
  diagnostic_list out_;
};

inline diagnostic_list run(const checked_plan& plan, const lint_options& options, const std::vector<char>* had_rules) {
  try {
    return linter(plan, options, had_rules).run();
  } catch (const std::exception& e) {
    diagnostic d;
    d.code = diagnostic_code::unsupported_rule;
    d.level = severity::error;
    d.message = std::string("internal lint failure: ") + e.what();
    d.location.file = plan.header.path;
    return {d};
  }
}

} // namespace detail::linting

PLANRULES_DECL diagnostic_list lint(const checked_plan& plan, const lint_options& options) {
  return detail::linting::run(plan, options, nullptr);
}

PLANRULES_DECL lint_result lint(const plan_result& checked, const lint_options& options) {
  // The checker keeps goals in the order of the syntax tree; a goal whose rules
  // all failed checking is explained by those errors, not by "goal has no rule".
  std::vector<char> had_rules;
  for (const auto& area : checked.syntax.areas)
    for (const auto& goal : area.goals) had_rules.push_back(goal.rules.empty() ? 0 : 1);
  const bool aligned = had_rules.size() == checked.plan.goals.size();
  lint_result result;
  result.plan = checked.plan;
  result.diagnostics = checked.diagnostics;
  auto found = detail::linting::run(checked.plan, options, aligned ? &had_rules : nullptr);
  for (auto& d : found) result.diagnostics.push_back(std::move(d));
  return result;
}

PLANRULES_DECL lint_result lint_file(const std::string& path, const load_options& load, const lint_options& options) {
  return lint(check_file(path, load), options);
}

PLANRULES_DECL lint_result lint_text(std::string text, const std::string& path, const load_options& load,
                                     const lint_options& options) {
  return lint(check_text(std::move(text), path, load), options);
}

PLANRULES_DECL std::string lint_results_to_json(const std::vector<const lint_result*>& results, bool pretty) {
  detail::json_writer w(pretty);
  w.begin_object();
  w.member("schema", "planrules.lint/1");
  w.key("files").begin_array();
  for (const auto* result : results) {
    w.begin_object();
    w.member("path", result->plan.header.path);
    w.member("plan", result->plan.header.id);
    w.member("ok", result->ok());
    w.member("errors", result->count(severity::error));
    w.member("warnings", result->count(severity::warning));
    w.member("notes", result->count(severity::note));
    w.key("diagnostics").begin_array();
    for (const auto& d : result->diagnostics) detail::json::write_diagnostic(w, d);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

} // namespace planrules

#endif
