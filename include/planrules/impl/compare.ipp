#ifndef PLANRULES_IMPL_COMPARE_IPP
#define PLANRULES_IMPL_COMPARE_IPP

#include <planrules/compare.hpp>
#include <planrules/detail/bounds.hpp>
#include <planrules/detail/json_writer.hpp>
#include <planrules/detail/unicode.hpp>
#include <planrules/impl/plan_json.ipp>

#include <algorithm>
#include <map>
#include <set>

namespace planrules {

PLANRULES_DECL std::string_view to_string(compare_verdict verdict) noexcept {
  switch (verdict) {
  case compare_verdict::stricter: return "stricter";
  case compare_verdict::equal: return "equal";
  case compare_verdict::looser: return "looser";
  case compare_verdict::missing: return "missing";
  case compare_verdict::deadline_later: return "deadline_later";
  case compare_verdict::child_only: return "child_only";
  case compare_verdict::qualitative: return "qualitative";
  case compare_verdict::not_comparable: return "not_comparable";
  }
  return "not_comparable";
}

PLANRULES_DECL std::string_view verdict_label(compare_verdict verdict, label_language language) noexcept {
  const bool zh = language == label_language::zh;
  switch (verdict) {
  case compare_verdict::stricter: return zh ? "更严" : "stricter";
  case compare_verdict::equal: return zh ? "相同" : "equal";
  case compare_verdict::looser: return zh ? "更宽松" : "looser";
  case compare_verdict::missing: return zh ? "缺失" : "missing";
  case compare_verdict::deadline_later: return zh ? "期限更晚" : "deadline later";
  case compare_verdict::child_only: return zh ? "仅本级" : "child only";
  case compare_verdict::qualitative: return zh ? "仅定性" : "qualitative only";
  case compare_verdict::not_comparable: return zh ? "不可比" : "not comparable";
  }
  return "";
}

PLANRULES_DECL std::size_t compare_result::count(compare_verdict verdict) const noexcept {
  return static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [&](const compare_row& r) { return r.verdict == verdict; }));
}

namespace detail::comparing {

namespace b = detail::bounds;
using ckind = b::constraint::kind;

struct words {
  std::string en, zh;
};

inline words operator+(words a, const words& c) { return {a.en + c.en, a.zh + c.zh}; }

// Chinese text has no spaces to break at; keep "≤ 3‰" together as "≤3‰".
inline std::string tight(std::string s) {
  for (const std::string sign : {"≤ ", "≥ ", "< ", "> "}) {
    for (auto at = s.find(sign); at != std::string::npos; at = s.find(sign, at)) s.erase(at + sign.size() - 1, 1);
  }
  return s;
}

inline words join_words(const std::vector<words>& parts) {
  words out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out.en += "; ", out.zh += "；";
    out.en += parts[i].en;
    out.zh += parts[i].zh;
  }
  return out;
}

inline std::string level_zh(ast::region_level l) {
  switch (l) {
  case ast::region_level::nation: return "全国";
  case ast::region_level::province: return "省";
  case ast::region_level::city: return "市";
  case ast::region_level::county: return "区县";
  case ast::region_level::township: return "乡镇（街道）";
  case ast::region_level::village: return "村（社区）";
  }
  return "";
}

inline words scope_words(const b::slice& s) {
  if (s.scopes.empty() && s.filters.empty()) return {"the region total", "全域总体"};
  words out;
  for (const auto& [k, v] : s.filters) {
    out.en += (out.en.empty() ? "" : " ") + ("[" + k + "=" + v + "]");
    out.zh += "[" + k + "=" + v + "]";
  }
  for (const auto& sc : s.scopes) {
    out.en += (out.en.empty() ? "" : " ") + b::scope_text(sc);
    if (sc.what == ast::scope::kind::every_region) out.zh += "每个" + level_zh(sc.level);
    else if (sc.what == ast::scope::kind::at_least)
      out.zh += "至少" + (sc.count ? sc.count->text : std::string("?")) + (sc.count_is_share ? "%的" : "个") + level_zh(sc.level);
  }
  return out;
}

inline std::string years_list(const std::vector<int>& years) {
  std::string out;
  for (std::size_t i = 0; i < years.size();) {
    std::size_t j = i;
    while (j + 1 < years.size() && years[j + 1] == years[j] + 1) ++j;
    out += (out.empty() ? "" : ", ") + b::years_text(years[i], years[j]);
    i = j + 1;
  }
  return out;
}

// Severity order of the verdicts that are findings, worst last.
inline int badness(compare_verdict v) {
  switch (v) {
  case compare_verdict::stricter:
  case compare_verdict::equal: return 0;
  case compare_verdict::deadline_later: return 1;
  case compare_verdict::looser: return 2;
  case compare_verdict::qualitative: return 3;
  case compare_verdict::missing: return 4;
  default: return 1;
  }
}

// The rule as written without its free metadata (phrase:, note:), which the
// table has no room for; aspirational, tolerance and missing stay.
inline std::string short_text(const std::string& text) {
  bool quoted = false;
  std::size_t open = std::string::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && quoted) {
      ++i;
      continue;
    }
    if (text[i] == '"') quoted = !quoted;
    else if (!quoted && text[i] == '{') {
      open = i;
      break;
    }
  }
  if (open == std::string::npos || text.back() != '}') return text;
  std::vector<std::string> kept;
  std::string item;
  quoted = false;
  auto keep = [&](std::string s) {
    while (!s.empty() && s.front() == ' ') s.erase(s.begin());
    while (!s.empty() && s.back() == ' ') s.pop_back();
    if (s == "aspirational" || s.starts_with("tolerance:") || s.starts_with("missing:")) kept.push_back(s);
  };
  for (std::size_t i = open + 1; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && quoted && i + 2 < text.size()) {
      item += c;
      item += text[++i];
      continue;
    }
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) {
      keep(item);
      item.clear();
      continue;
    }
    item += c;
  }
  keep(item);
  auto body = text.substr(0, open);
  while (!body.empty() && body.back() == ' ') body.pop_back();
  if (kept.empty()) return body;
  std::string options;
  for (const auto& k : kept) options += (options.empty() ? "" : ", ") + k;
  return body + " {" + options + "}";
}

struct child_slice {
  b::slice where;
  std::vector<std::size_t> binding, all;
  b::solution solved_binding, solved_all;
};

struct outcome {
  compare_verdict verdict = compare_verdict::not_comparable;
  std::vector<std::size_t> child_rules;
  std::optional<int> child_year;
  words note;
  bool earlier = false;      ///< met with an earlier child deadline
  bool incompatible = false; ///< the indicator's units differ in dimension
};

class comparer {
public:
  comparer(const checked_plan& child, const checked_plan& parent, compare_result& out)
      : child_(child), parent_(parent), out_(out) {}

  void run() {
    out_.child = child_.header;
    out_.parent = parent_.header;
    for (std::size_t i = 0; i < child_.rules.size(); ++i) child_tr_.push_back(b::translate(child_, i));
    for (std::size_t i = 0; i < parent_.rules.size(); ++i) parent_tr_.push_back(b::translate(parent_, i));
    build_child_slices();
    std::set<std::string> parent_indicators_seen;
    for (std::size_t j = 0; j < parent_.rules.size(); ++j) {
      const auto& p = parent_.rules[j];
      if (p.indicator == catalogue::npos) continue;
      if (p.kind == rule_kind::qualitative && p.indicators.empty()) continue;
      const auto& id = parent_.catalogue[p.indicator].id;
      if (parent_indicators_seen.insert(id).second) out_.coverage.parent_indicators.push_back(id);
      compare_parent_rule(j);
    }
    for (const auto& id : out_.coverage.parent_indicators) {
      const auto ci = child_index(parent_.catalogue.find(id));
      const bool covered = ci != catalogue::npos && has_child_rules(ci);
      (covered ? out_.coverage.covered : out_.coverage.missing).push_back(id);
    }
    child_only_rows();
  }

private:
  // Indicators --------------------------------------------------------------------------------------

  catalogue::index child_index(catalogue::index parent_index) {
    if (parent_index == catalogue::npos) return catalogue::npos;
    const auto cached = matched_.find(parent_index);
    if (cached != matched_.end()) return cached->second;
    const auto& info = parent_.catalogue[parent_index];
    auto found = child_.catalogue.find(info.id);
    if (found == catalogue::npos && !info.name.empty()) found = child_.catalogue.find(info.name);
    for (const auto& alias : info.aliases)
      if (found == catalogue::npos) found = child_.catalogue.find(alias);
    matched_.emplace(parent_index, found);
    return found;
  }

  bool has_child_rules(catalogue::index ci) const {
    return std::any_of(child_.rules.begin(), child_.rules.end(), [&](const checked_rule& r) {
      return r.indicator == ci || std::find(r.indicators.begin(), r.indicators.end(), ci) != r.indicators.end();
    });
  }

  std::vector<std::size_t> child_rules_on(catalogue::index ci, bool measurable_only) const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < child_.rules.size(); ++i) {
      const auto& r = child_.rules[i];
      if (r.indicator != ci) continue;
      if (measurable_only && r.kind == rule_kind::qualitative) continue;
      out.push_back(i);
    }
    return out;
  }

  void build_child_slices() {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < child_tr_.size(); ++i) {
      const auto& t = child_tr_[i];
      if (!t.analysed) continue;
      const auto key = std::to_string(t.where.indicator) + "|" + t.where.key;
      const auto [it, added] = index.emplace(key, slices_.size());
      if (added) slices_.push_back(child_slice{t.where, {}, {}, {}, {}});
      auto& s = slices_[it->second];
      s.all.push_back(i);
      if (child_.rules[i].strength == rule_strength::binding) s.binding.push_back(i);
    }
    for (auto& s : slices_) {
      auto solve = [&](const std::vector<std::size_t>& rules) {
        b::system sys;
        sys.nonnegative = b::nonnegative(child_, s.where.indicator);
        for (const auto r : rules) sys.constraints.push_back(child_tr_[r].c);
        return b::solve(sys);
      };
      s.solved_binding = solve(s.binding);
      s.solved_all = solve(s.all);
    }
  }

  // Intensive quantities (shares, rates, hours, allowances) of a region lie
  // between those of its parts; counts add up. So a bound on every sub-region
  // carries to the region for intensive quantities, and only a floor for counts.
  static bool intensive(dimension d) {
    return d == dimension::ratio || d == dimension::per_population || d == dimension::duration || d == dimension::money;
  }

  bool carries(const b::slice& from, const b::slice& to, bool low_side, double value) const {
    if (from.filters != to.filters) return false;
    if (from.key == to.key) return true;
    // A parent's "every county" speaks, in a county's own plan, of that county's total.
    if (from.scopes.empty() && to.scopes.size() == 1 && to.scopes.front().what == ast::scope::kind::every_region &&
        child_.header.level && *child_.header.level == to.scopes.front().level)
      return true;
    if (from.scopes.size() != 1 || from.scopes.front().what != ast::scope::kind::every_region) return false;
    std::optional<ast::region_level> target;
    if (to.scopes.size() == 1 && to.scopes.front().what == ast::scope::kind::every_region) target = to.scopes.front().level;
    else if (!to.scopes.empty()) return false;
    // every village carries to every township and to the total; a coarser level does not carry down
    if (target && static_cast<int>(from.scopes.front().level) < static_cast<int>(*target)) return false;
    const auto d = child_.catalogue[from.indicator].unit.dimension;
    if (intensive(d)) return true;
    return d == dimension::count && low_side && value >= 0;
  }

  // The child's bound on the parent's slice in `year`: the tightest end any
  // child slice carries to it. Ends that come only from the indicator's range are left out.
  b::interval effective(catalogue::index ci, const b::slice& parent_slice, int year, bool with_aspirational) const {
    b::interval out;
    for (const auto& s : slices_) {
      if (s.where.indicator != ci) continue;
      const auto& at = (with_aspirational ? s.solved_all : s.solved_binding).at(year);
      if (at.low.bounded() && !at.low.rules.empty() && carries(s.where, parent_slice, true, at.low.value))
        b::tighten_low(out, at.low);
      if (at.high.bounded() && !at.high.rules.empty() && carries(s.where, parent_slice, false, at.high.value))
        b::tighten_high(out, at.high);
    }
    return out;
  }

  std::pair<int, int> child_years(catalogue::index ci) const {
    int lo = 9999, hi = 0;
    for (const auto& s : slices_) {
      if (s.where.indicator != ci || s.solved_all.years.empty()) continue;
      lo = std::min(lo, s.solved_all.first_year);
      hi = std::max(hi, s.solved_all.first_year + static_cast<int>(s.solved_all.years.size()) - 1);
    }
    return {lo, hi};
  }

  // Words --------------------------------------------------------------------------------------------

  std::string end_text(catalogue::index ci, const b::end& e, bool low) const {
    return low ? b::low_text(child_, ci, e) : b::high_text(child_, ci, e);
  }

  std::string rule_texts(const std::vector<std::size_t>& rules) const {
    std::string out;
    for (const auto r : rules) out += (out.empty() ? "" : "; ") + short_text(child_.rules[r].text);
    return out;
  }

  // The parent rule's constraint converted into the child indicator's unit.
  b::constraint converted(const b::constraint& c, const unit& from, const unit& to) const {
    auto conv = [&](b::end e) {
      if (e.bounded()) e.value = convert(e.value, from, to);
      e.rules.clear();
      return e;
    };
    auto out = c;
    out.bound.low = conv(c.bound.low);
    out.bound.high = conv(c.bound.high);
    out.step_low = conv(c.step_low);
    out.step_high = conv(c.step_high);
    return out;
  }

  // The outcome when the child has nothing that bounds the parent's quantity the parent's way.
  outcome nothing_comparable(catalogue::index ci, const b::slice& parent_slice, words why = {}) const {
    outcome o;
    const auto measurable = child_rules_on(ci, true);
    const auto all = child_rules_on(ci, false);
    if (all.empty()) {
      o.verdict = compare_verdict::missing;
      o.note = {"the child has no rule on " + child_or_parent_id(ci), "本级没有关于该指标的规则"};
      return o;
    }
    if (measurable.empty()) {
      o.verdict = compare_verdict::qualitative;
      o.child_rules = all;
      std::string reasons;
      for (const auto r : all) reasons += (reasons.empty() ? "" : "; ") + child_.rules[r].reason;
      o.note = {"the child states it only qualitatively: " + reasons, "本级仅作定性表述：" + reasons};
      return o;
    }
    o.verdict = compare_verdict::looser;
    o.child_rules = measurable;
    // Rules on other slices (a sub-group, another quantifier) do not bind the parent's.
    std::vector<std::string> other_slices_en, other_slices_zh;
    bool same_slice = false;
    for (const auto r : measurable) {
      const auto& t = child_tr_[r];
      if (!t.analysed) continue;
      if (t.where.key == parent_slice.key) {
        same_slice = true;
        continue;
      }
      const auto w = scope_words(t.where);
      if (std::find(other_slices_en.begin(), other_slices_en.end(), w.en) == other_slices_en.end())
        other_slices_en.push_back(w.en), other_slices_zh.push_back(w.zh);
    }
    if (!why.en.empty()) o.note = why;
    else if (!same_slice && !other_slices_en.empty()) {
      std::string en, zh;
      for (std::size_t i = 0; i < other_slices_en.size(); ++i)
        en += (i ? ", " : "") + other_slices_en[i], zh += (i ? "、" : "") + other_slices_zh[i];
      const auto p = scope_words(parent_slice);
      o.note = {"the child binds only " + en + "; the parent binds " + p.en, "本级只约束" + zh + "，上级要求" + p.zh};
    } else {
      std::vector<std::string> readings;
      for (const auto r : measurable)
        if (child_tr_[r].analysed) readings.push_back(b::reading(child_, child_tr_[r]));
      o.note = {"the child does not bind it this way; it only " +
                    (readings.empty() ? std::string("has rules the comparison cannot read") : [&] {
                      std::string s;
                      for (std::size_t i = 0; i < readings.size(); ++i) s += (i ? "; " : "") + readings[i];
                      return s;
                    }()),
                "本级没有相应约束，仅有：" + rule_texts(measurable)};
    }
    return o;
  }

  std::string child_or_parent_id(catalogue::index ci) const {
    return ci == catalogue::npos ? std::string("this indicator") : child_.catalogue[ci].id;
  }

  // Unary parent rules: a bound at a year, or in every year of a span.
  outcome compare_unary(catalogue::index ci, const b::translated& pt, const b::constraint& pc, bool with_aspirational) {
    const auto& ps = pt.where;
    outcome o;
    std::vector<std::size_t> rules;
    const auto [lo_year, hi_year] = child_years(ci);
    bool any_stricter = false;

    if (pc.years.size() == 1) {
      const int year = pc.years.front();
      const auto at = effective(ci, ps, year, with_aspirational);
      compare_verdict worst = compare_verdict::equal;
      std::vector<words> notes;
      std::optional<int> child_year = year;
      bool earlier = false;
      for (const bool low : {true, false}) {
        const auto& want = low ? pc.bound.low : pc.bound.high;
        if (!want.bounded()) continue;
        const auto& got = low ? at.low : at.high;
        auto cmp = [&](const b::end& e) { return low ? b::compare_low(e, want) : b::compare_high(e, want); };
        const auto want_text = end_text(ci, want, low);
        if (got.bounded()) {
          const int c = cmp(got);
          b::merge_rules(rules, got.rules);
          const auto got_text = end_text(ci, got, low);
          if (c >= 0) {
            any_stricter |= c > 0;
            notes.push_back(c > 0 ? words{"child " + got_text + " in " + std::to_string(year) + "; parent " + want_text,
                                          "本级" + std::to_string(year) + "年" + got_text + "，上级" + want_text}
                                  : words{"same target", "目标相同"});
          } else {
            worst = badness(worst) < badness(compare_verdict::looser) ? compare_verdict::looser : worst;
            notes.push_back({"in " + std::to_string(year) + " the child allows " + got_text + "; the parent requires " + want_text,
                             std::to_string(year) + "年本级为" + got_text + "，上级要求" + want_text});
          }
          continue;
        }
        // Nothing at the parent's deadline: an earlier child deadline with an
        // at-least-as-strict value is fine; a later one is a finding.
        std::optional<std::pair<int, b::end>> before, after;
        for (int y = year - 1; y >= lo_year && !before; --y) {
          const auto e = low ? effective(ci, ps, y, with_aspirational).low : effective(ci, ps, y, with_aspirational).high;
          if (e.bounded()) before = std::pair(y, e);
        }
        for (int y = year + 1; y <= hi_year && !after; ++y) {
          const auto e = low ? effective(ci, ps, y, with_aspirational).low : effective(ci, ps, y, with_aspirational).high;
          if (e.bounded()) after = std::pair(y, e);
        }
        if (before && cmp(before->second) >= 0) {
          any_stricter |= cmp(before->second) > 0;
          earlier = true;
          child_year = before->first;
          b::merge_rules(rules, before->second.rules);
          const auto t = end_text(ci, before->second, low);
          notes.push_back({"the child requires " + t + " already in " + std::to_string(before->first) +
                               ", before the parent's deadline " + std::to_string(year),
                           "本级" + std::to_string(before->first) + "年即要求" + t + "，早于上级期限" +
                               std::to_string(year) + "年"});
        } else if (after && cmp(after->second) >= 0) {
          if (badness(worst) < badness(compare_verdict::deadline_later)) worst = compare_verdict::deadline_later;
          child_year = after->first;
          b::merge_rules(rules, after->second.rules);
          const auto t = end_text(ci, after->second, low);
          notes.push_back({"the child requires " + t + " only by " + std::to_string(after->first) +
                               "; the parent's deadline is " + std::to_string(year),
                           "本级到" + std::to_string(after->first) + "年才要求" + t + "，上级期限为" +
                               std::to_string(year) + "年"});
        } else if (before || after) {
          const auto& [y, e] = before ? *before : *after;
          worst = badness(worst) < badness(compare_verdict::looser) ? compare_verdict::looser : worst;
          child_year = y;
          b::merge_rules(rules, e.rules);
          const auto t = end_text(ci, e, low);
          notes.push_back({"the child requires only " + t + " (in " + std::to_string(y) + "); the parent requires " +
                               want_text + " in " + std::to_string(year),
                           "本级仅要求" + std::to_string(y) + "年" + t + "，上级要求" + std::to_string(year) + "年" + want_text});
        } else {
          return nothing_comparable(ci, ps);
        }
      }
      o.verdict = worst == compare_verdict::equal && any_stricter ? compare_verdict::stricter : worst;
      o.child_rules = rules;
      o.child_year = child_year;
      o.note = join_words(notes);
      o.earlier = earlier && badness(o.verdict) == 0;
      return o;
    }

    // Every year of a span: each year is a deadline of its own.
    std::vector<int> unbound, looser_years;
    std::optional<std::pair<int, std::string>> example;
    for (const int y : pc.years) {
      const auto at = effective(ci, ps, y, with_aspirational);
      for (const bool low : {true, false}) {
        const auto& want = low ? pc.bound.low : pc.bound.high;
        if (!want.bounded()) continue;
        const auto& got = low ? at.low : at.high;
        if (!got.bounded()) {
          if (unbound.empty() || unbound.back() != y) unbound.push_back(y);
          continue;
        }
        b::merge_rules(rules, got.rules);
        const int c = low ? b::compare_low(got, want) : b::compare_high(got, want);
        any_stricter |= c > 0;
        if (c < 0) {
          if (looser_years.empty() || looser_years.back() != y) looser_years.push_back(y);
          if (!example) example = std::pair(y, end_text(ci, got, low) + " vs " + end_text(ci, want, low));
        }
      }
    }
    if (rules.empty()) return nothing_comparable(ci, ps);
    o.child_rules = rules;
    o.child_year = child_.rules[rules.front()].year;
    if (unbound.empty() && looser_years.empty()) {
      o.verdict = any_stricter ? compare_verdict::stricter : compare_verdict::equal;
      o.note = any_stricter ? words{"the child's bound is stricter in some years", "本级部分年份要求更高"}
                            : words{"same target in every year " + b::years_text(pc.years.front(), pc.years.back()),
                                    b::years_text(pc.years.front(), pc.years.back()) + "年每年目标相同"};
      return o;
    }
    o.verdict = compare_verdict::looser;
    std::vector<words> notes;
    if (!unbound.empty())
      notes.push_back({"the child does not bind " + years_list(unbound), "本级未约束" + years_list(unbound) + "年"});
    if (!looser_years.empty())
      notes.push_back({"the child is looser in " + years_list(looser_years) + " (" + std::to_string(example->first) +
                           ": " + example->second + ")",
                       "本级在" + years_list(looser_years) + "年更宽松（" + std::to_string(example->first) + "年：" +
                           example->second + "）"});
    o.note = join_words(notes);
    return o;
  }

  outcome compare_trend(catalogue::index ci, const b::translated& pt, bool with_aspirational) {
    const auto& pc = pt.c;
    std::vector<const b::constraint*> constraints;
    std::vector<std::size_t> candidates;
    for (const auto& s : slices_)
      if (s.where.indicator == ci && s.where.key == pt.where.key)
        for (const auto r : with_aspirational ? s.all : s.binding) constraints.push_back(&child_tr_[r].c), candidates.push_back(r);
    const auto relations = b::step_relations(constraints);
    const int need = pc.strict ? 2 : 1;
    std::vector<int> missing_steps;
    std::vector<std::size_t> rules;
    bool stronger = false, same_kind = false;
    for (int y = pc.first; y < pc.last; ++y) {
      const auto it = relations.find(y);
      const int level = it == relations.end() ? 0 : (pc.down ? it->second.down : it->second.up);
      if (level < need) {
        missing_steps.push_back(y + 1);
        continue;
      }
      stronger |= level > need;
      b::merge_rules(rules, pc.down ? it->second.down_rules : it->second.up_rules);
    }
    for (const auto r : rules) same_kind |= child_tr_[r].c.what == ckind::monotone && child_tr_[r].c.strict == pc.strict;
    outcome o;
    if (rules.empty()) return nothing_comparable(ci, pt.where);
    o.child_rules = rules;
    o.child_year = child_.rules[rules.front()].year;
    if (missing_steps.empty()) {
      o.verdict = stronger || !same_kind ? compare_verdict::stricter : compare_verdict::equal;
      o.note = o.verdict == compare_verdict::equal ? words{"same trend", "趋势要求相同"}
                                                   : words{"the child's rules require more than the trend",
                                                           "本级规则的要求高于该趋势"};
      return o;
    }
    o.verdict = compare_verdict::looser;
    o.note = {"the child does not require the trend into " + years_list(missing_steps),
              "本级未要求" + years_list(missing_steps) + "年延续该趋势"};
    return o;
  }

  outcome compare_change(catalogue::index ci, const b::translated& pt, const b::constraint& pc, bool with_aspirational) {
    outcome o;
    b::end low = b::unbounded(-1), high = b::unbounded(1);
    std::vector<std::size_t> rules;
    for (const auto& s : slices_) {
      if (s.where.indicator != ci || s.where.key != pt.where.key) continue;
      for (const auto r : with_aspirational ? s.all : s.binding) {
        const auto& c = child_tr_[r].c;
        if (c.what != ckind::difference || c.first > pc.first || c.last < pc.last) continue;
        if (b::compare_low(c.step_low, low) > 0) low = c.step_low;
        if (b::compare_high(c.step_high, high) > 0) high = c.step_high;
        rules.push_back(r);
      }
    }
    if (rules.empty()) return nothing_comparable(ci, pt.where);
    o.child_rules = rules;
    o.child_year = child_.rules[rules.front()].year;
    const int cl = pc.step_low.bounded() ? b::compare_low(low, pc.step_low) : 0;
    const int ch = pc.step_high.bounded() ? b::compare_high(high, pc.step_high) : 0;
    if (cl < 0 || ch < 0) {
      o.verdict = compare_verdict::looser;
      o.note = {"the child allows a wider yearly change", "本级允许的年度变化范围更宽"};
    } else {
      o.verdict = cl > 0 || ch > 0 ? compare_verdict::stricter : compare_verdict::equal;
      o.note = o.verdict == compare_verdict::equal ? words{"same yearly change", "年度变化要求相同"}
                                                   : words{"the child allows a narrower yearly change", "本级年度变化要求更严"};
    }
    return o;
  }

  outcome compare_ratio(catalogue::index ci, const b::translated& pt, bool with_aspirational) {
    const auto& pc = pt.c;
    auto as_strict = [&](const b::constraint& c) {
      auto side = [&](bool upper) {
        if (upper ? !c.upper : !c.lower) return -1;
        if (!b::nearly_equal(c.k, pc.k)) return (upper ? c.k < pc.k : c.k > pc.k) ? 1 : -1;
        if (c.strict == pc.strict) return 0;
        return c.strict ? 1 : -1;
      };
      int result = 0;
      if (pc.upper) result = side(true);
      if (pc.lower) {
        const int l = side(false);
        result = pc.upper ? std::min(result, l) : l;
      }
      return result;
    };
    std::optional<std::pair<std::size_t, int>> same, earlier, later, weaker;
    for (const auto& s : slices_) {
      if (s.where.indicator != ci || s.where.key != pt.where.key) continue;
      for (const auto r : with_aspirational ? s.all : s.binding) {
        const auto& c = child_tr_[r].c;
        if (c.what != ckind::ratio || c.base != pc.base) continue;
        const int cmp = as_strict(c);
        if (cmp < 0) {
          if (!weaker) weaker = std::pair(r, cmp);
          continue;
        }
        if (c.year == pc.year && (!same || cmp > same->second)) same = std::pair(r, cmp);
        else if (c.year < pc.year && !earlier) earlier = std::pair(r, cmp);
        else if (c.year > pc.year && !later) later = std::pair(r, cmp);
      }
    }
    outcome o;
    const auto base = std::to_string(pc.base);
    if (same || earlier) {
      const auto& [r, cmp] = same ? *same : *earlier;
      o.verdict = cmp > 0 ? compare_verdict::stricter : compare_verdict::equal;
      o.child_rules = {r};
      o.child_year = child_.rules[r].year;
      o.earlier = !same;
      o.note = same ? (cmp > 0 ? words{"the child requires a larger change from " + base, "本级相对" + base + "年的变化要求更大"}
                               : words{"same target relative to " + base, "相对" + base + "年的目标相同"})
                    : words{"the child reaches it already in " + std::to_string(*o.child_year),
                            "本级" + std::to_string(*o.child_year) + "年即达到"};
      return o;
    }
    if (later) {
      o.verdict = compare_verdict::deadline_later;
      o.child_rules = {later->first};
      o.child_year = child_.rules[later->first].year;
      o.note = {"the child reaches it only by " + std::to_string(*o.child_year) + "; the parent's deadline is " +
                    std::to_string(pc.year),
                "本级到" + std::to_string(*o.child_year) + "年才达到，上级期限为" + std::to_string(pc.year) + "年"};
      return o;
    }
    if (weaker) {
      o.verdict = compare_verdict::looser;
      o.child_rules = {weaker->first};
      o.child_year = child_.rules[weaker->first].year;
      o.note = {"the child requires a smaller change from " + base, "本级相对" + base + "年的变化要求更小"};
      return o;
    }
    const auto measurable = child_rules_on(ci, true);
    if (!measurable.empty() &&
        std::any_of(measurable.begin(), measurable.end(), [&](std::size_t r) { return child_tr_[r].c.what == ckind::unary; })) {
      o.verdict = compare_verdict::not_comparable;
      o.child_rules = measurable;
      o.child_year = child_.rules[measurable.front()].year;
      o.note = {"a fixed value cannot be set against a change relative to " + base + " without data",
                "固定值与相对" + base + "年的变化无法直接比较，需要数据"};
      return o;
    }
    return nothing_comparable(ci, pt.where);
  }

  outcome compare_measurable(catalogue::index ci, const b::translated& pt, const b::constraint& pc, bool with_aspirational) {
    switch (pc.what) {
    case ckind::unary: return compare_unary(ci, pt, pc, with_aspirational);
    case ckind::monotone: return compare_trend(ci, pt, with_aspirational);
    case ckind::difference: return compare_change(ci, pt, pc, with_aspirational);
    case ckind::ratio: return compare_ratio(ci, pt, with_aspirational);
    }
    return {};
  }

  void compare_parent_rule(std::size_t j) {
    const auto& p = parent_.rules[j];
    const auto& pt = parent_tr_[j];
    const auto pi = p.indicator;
    const auto ci = child_index(pi);
    compare_row row;
    row.indicator = ci != catalogue::npos ? child_.catalogue[ci].id : parent_.catalogue[pi].id;
    row.indicator_name = ci != catalogue::npos ? child_.catalogue[ci].name : parent_.catalogue[pi].name;
    row.parent_rule = j;
    row.parent_id = p.id;
    row.slice = pt.analysed ? pt.where.key : std::string();
    row.parent_text = short_text(p.text);
    row.parent_year = p.year;
    const bool parent_aspirational = p.strength == rule_strength::aspirational;
    row.parent_aspirational = parent_aspirational;
    outcome o;

    if (p.kind == rule_kind::qualitative) {
      const auto measurable = ci == catalogue::npos ? std::vector<std::size_t>{} : child_rules_on(ci, true);
      const auto all = ci == catalogue::npos ? std::vector<std::size_t>{} : child_rules_on(ci, false);
      if (!measurable.empty()) {
        o.verdict = compare_verdict::stricter;
        o.child_rules = measurable;
        o.note = {"the parent states it only qualitatively; the child sets a measurable target",
                  "上级仅作定性表述，本级设定了可测目标"};
      } else if (!all.empty()) {
        o.verdict = compare_verdict::equal;
        o.child_rules = all;
        o.note = {"both state it only qualitatively", "上下级均为定性表述"};
      } else {
        o.verdict = compare_verdict::missing;
        o.note = {"the child does not mention it", "本级未提及"};
      }
      row.parent_year.reset();
    } else if (ci == catalogue::npos) {
      o.verdict = compare_verdict::missing;
      o.note = {"the child's catalogue has no indicator " + parent_.catalogue[pi].id, "本级指标目录中没有该指标"};
    } else if (!comparable(parent_.catalogue[pi].unit, child_.catalogue[ci].unit)) {
      o.verdict = compare_verdict::not_comparable;
      o.child_rules = child_rules_on(ci, true);
      o.note = {"the parent measures it as " + describe(parent_.catalogue[pi].unit) + ", the child as " +
                    describe(child_.catalogue[ci].unit),
                "上级与本级的计量单位量纲不同（" + parent_.catalogue[pi].unit.symbol + " / " +
                    child_.catalogue[ci].unit.symbol + "）"};
      o.incompatible = true;
    } else if (!pt.analysed) {
      o = nothing_comparable(ci, b::slice_of(pi, p.filters, p.region_scopes));
      if (o.verdict != compare_verdict::missing && o.verdict != compare_verdict::qualitative) {
        o.verdict = compare_verdict::not_comparable;
        o.note = {"the parent rule's form is not compared", "上级规则的形式无法比较"};
      }
    } else {
      auto ct = pt;
      ct.where.indicator = ci;
      ct.c = converted(pt.c, parent_.catalogue[pi].unit, child_.catalogue[ci].unit);
      o = compare_measurable(ci, ct, ct.c, parent_aspirational);
      if (!parent_aspirational && badness(o.verdict) > 0 && o.verdict != compare_verdict::missing) {
        const auto with = compare_measurable(ci, ct, ct.c, true);
        if (badness(with.verdict) == 0)
          o.note = o.note + words{"; only the child's aspirational (力争) rule " + rule_ids(with.child_rules) + " reaches it",
                                  "；仅本级“力争”目标" + rule_ids(with.child_rules) + "达到"};
      }
    }
    row.verdict = o.verdict;
    row.child_rules = o.child_rules;
    for (const auto r : o.child_rules) row.child_ids.push_back(child_.rules[r].id);
    row.child_text = rule_texts(o.child_rules);
    row.child_year = o.child_year;
    if (!row.child_year && !o.child_rules.empty()) row.child_year = child_.rules[o.child_rules.front()].year;
    if (p.kind != rule_kind::qualitative && child_side_qualitative(o)) row.child_year.reset();
    row.note = o.note.en;
    row.note_zh = tight(o.note.zh);
    for (const auto r : o.child_rules) used_.insert(r);
    finding(row, p, parent_aspirational, o.earlier, o.incompatible);
    out_.rows.push_back(std::move(row));
  }

  bool child_side_qualitative(const outcome& o) const {
    return !o.child_rules.empty() && std::all_of(o.child_rules.begin(), o.child_rules.end(), [&](std::size_t r) {
      return child_.rules[r].kind == rule_kind::qualitative;
    });
  }

  std::string rule_ids(const std::vector<std::size_t>& rules) const {
    std::string out;
    for (const auto r : rules) out += (out.empty() ? "" : ", ") + child_.rules[r].id;
    return out;
  }

  // Findings ------------------------------------------------------------------------------------------

  void finding(const compare_row& row, const checked_rule& p, bool parent_aspirational, bool earlier, bool incompatible) {
    std::optional<diagnostic_code> code;
    switch (row.verdict) {
    case compare_verdict::missing: code = diagnostic_code::indicator_not_covered; break;
    case compare_verdict::looser: code = diagnostic_code::looser_than_parent; break;
    case compare_verdict::deadline_later: code = diagnostic_code::deadline_later_than_parent; break;
    case compare_verdict::qualitative: code = diagnostic_code::qualitative_in_child; break;
    case compare_verdict::not_comparable:
      code = incompatible ? diagnostic_code::incompatible_units : diagnostic_code::not_comparable;
      break;
    default:
      if (earlier) code = diagnostic_code::deadline_earlier_than_parent;
      break;
    }
    if (!code) return;
    const auto parent_ref = "the parent's " + parent_.header.id + " rule " + p.id + " `" + p.text + "`";
    std::string message;
    switch (*code) {
    case diagnostic_code::indicator_not_covered:
      message = parent_ref + " has no counterpart in " + child_.header.id;
      break;
    case diagnostic_code::looser_than_parent:
      message = child_.header.id + " is looser than " + parent_ref;
      break;
    case diagnostic_code::deadline_later_than_parent:
      message = child_.header.id + " meets " + parent_ref + " only after the parent's deadline " +
                (p.year ? std::to_string(*p.year) : std::string("?"));
      break;
    case diagnostic_code::qualitative_in_child:
      message = child_.header.id + " states " + parent_ref + " only qualitatively";
      break;
    case diagnostic_code::deadline_earlier_than_parent:
      message = child_.header.id + " meets " + parent_ref + " before the parent's deadline";
      break;
    case diagnostic_code::incompatible_units:
      message = row.indicator + " has units of different dimensions in " + child_.header.id + " and " + parent_.header.id;
      break;
    default:
      message = parent_ref + " cannot be compared with " + child_.header.id + "'s rules";
      break;
    }
    diagnostic d;
    d.code = *code;
    d.level = default_severity(*code);
    if (parent_aspirational && d.level == severity::error) d.level = severity::warning;
    d.message = std::move(message);
    d.location = row.child_rules.empty() ? p.location : child_.rules[row.child_rules.front()].location;
    d.notes.push_back(row.note);
    d.notes.push_back("parent: " + p.text + " — " + p.location.file + ":" + std::to_string(p.location.line));
    if (!row.child_text.empty()) d.notes.push_back("child: " + row.child_text);
    if (parent_aspirational) d.notes.push_back("the parent's rule is aspirational (力争): not a failure of a binding target");
    out_.diagnostics.push_back(std::move(d));
  }

  // Child rules no parent rule was set against.
  void child_only_rows() {
    std::set<catalogue::index> parent_indicators;
    for (const auto& id : out_.coverage.parent_indicators) parent_indicators.insert(child_index(parent_.catalogue.find(id)));
    std::set<catalogue::index> announced;
    std::vector<compare_row> extra_shared, extra_new;
    for (std::size_t i = 0; i < child_.rules.size(); ++i) {
      const auto& r = child_.rules[i];
      if (r.kind == rule_kind::qualitative || r.indicator == catalogue::npos || used_.count(i)) continue;
      compare_row row;
      row.indicator = child_.catalogue[r.indicator].id;
      row.indicator_name = child_.catalogue[r.indicator].name;
      row.child_rules = {i};
      row.child_ids = {r.id};
      row.slice = child_tr_[i].analysed ? child_tr_[i].where.key : std::string();
      row.child_text = short_text(r.text);
      row.child_year = r.year;
      row.verdict = compare_verdict::child_only;
      if (parent_indicators.count(r.indicator)) {
        row.note = "the parent sets no target of this year or form";
        row.note_zh = "上级在该年份或形式上没有目标";
        extra_shared.push_back(std::move(row));
      } else {
        row.note = "the parent has no target for this indicator";
        row.note_zh = "上级没有该指标的目标";
        if (announced.insert(r.indicator).second) {
          diagnostic d;
          d.code = diagnostic_code::child_only_indicator;
          d.level = default_severity(d.code);
          d.message = child_.header.id + " sets targets for " + b::indicator_label(child_, r.indicator) + ", which " +
                      parent_.header.id + " does not";
          d.location = r.location;
          out_.diagnostics.push_back(std::move(d));
        }
        extra_new.push_back(std::move(row));
      }
    }
    // Extra rows on shared indicators go after the last row of their indicator.
    for (auto& row : extra_shared) {
      auto last = out_.rows.end();
      for (auto it = out_.rows.begin(); it != out_.rows.end(); ++it)
        if (it->indicator == row.indicator) last = it + 1;
      out_.rows.insert(last, std::move(row));
    }
    for (auto& row : extra_new) out_.rows.push_back(std::move(row));
  }

  const checked_plan& child_;
  const checked_plan& parent_;
  compare_result& out_;
  std::vector<b::translated> child_tr_, parent_tr_;
  std::vector<child_slice> slices_;
  std::map<catalogue::index, catalogue::index> matched_;
  std::set<std::size_t> used_;
};

// Text -------------------------------------------------------------------------------------------------

// Lines of at most `width` terminal columns, broken at a space where one is near.
inline std::vector<std::string> wrap_line(const std::string& text, std::size_t width);

// Lines of at most `width` columns; '\n' in the text starts a new line.
inline std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (true) {
    const auto at = text.find('\n', start);
    for (auto& l : wrap_line(text.substr(start, at == std::string::npos ? std::string::npos : at - start), width))
      lines.push_back(std::move(l));
    if (at == std::string::npos) break;
    start = at + 1;
  }
  return lines;
}

inline std::vector<std::string> wrap_line(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  if (width == 0) width = 1;
  std::string current;
  std::size_t current_width = 0, last_space = std::string::npos;
  char32_t c;
  for (std::size_t i = 0; i < text.size();) {
    auto len = unicode::decode(text, i, c);
    if (len == 0) len = 1, c = U'?';
    const auto w = static_cast<std::size_t>(unicode::display_width(c));
    if (current_width + w > width && !current.empty()) {
      if (last_space != std::string::npos && last_space > 0) {
        auto rest = current.substr(last_space);
        current.resize(last_space);
        while (!current.empty() && current.back() == ' ') current.pop_back();
        lines.push_back(current);
        current = rest;
      } else {
        lines.push_back(current);
        current.clear();
      }
      current_width = unicode::display_width(current);
      last_space = std::string::npos;
    }
    if (!(current.empty() && c == U' ')) {
      current.append(text, i, len);
      current_width += w;
      // break after a space, or inside a long name after _ ( or ,
      if (c == U' ' || c == U'_' || c == U'(' || c == U',') last_space = current.size();
    }
    i += len;
  }
  if (!current.empty() || lines.empty()) lines.push_back(current);
  return lines;
}

inline std::string pad(const std::string& cell, std::size_t width) {
  const auto w = unicode::display_width(cell);
  return cell + std::string(width > w ? width - w : 0, ' ');
}

inline std::string indicator_cell(const compare_row& row, label_language language, bool lines = false) {
  const auto slice = row.slice.empty() ? std::string() : " " + row.slice;
  if (row.indicator_name.empty()) return row.indicator + slice;
  if (lines) return language == label_language::zh ? row.indicator_name + "\n" + row.indicator + slice
                                                   : row.indicator + slice + "\n" + row.indicator_name;
  return language == label_language::zh ? row.indicator_name + " " + row.indicator + slice
                                        : row.indicator + slice + " (" + row.indicator_name + ")";
}

inline std::string plan_title(const plan_info& p) { return p.name.empty() ? p.id : p.name; }

inline std::string summary_line(const compare_result& r, label_language language) {
  std::string out;
  for (const auto v : {compare_verdict::stricter, compare_verdict::equal, compare_verdict::looser, compare_verdict::missing,
                       compare_verdict::deadline_later, compare_verdict::qualitative, compare_verdict::not_comparable,
                       compare_verdict::child_only}) {
    const auto n = r.count(v);
    if (n == 0) continue;
    out += (out.empty() ? "" : language == label_language::zh ? "，" : ", ") + std::string(verdict_label(v, language)) +
           (language == label_language::zh ? " " : " ") + std::to_string(n);
  }
  return out;
}

inline std::string coverage_line(const compare_result& r, label_language language) {
  const auto& c = r.coverage;
  std::string missing;
  for (const auto& id : c.missing) missing += (missing.empty() ? "" : ", ") + id;
  if (language == label_language::zh)
    return "覆盖：上级指标 " + std::to_string(c.parent_indicators.size()) + " 个，本级覆盖 " +
           std::to_string(c.covered.size()) + " 个" + (missing.empty() ? "" : "；未覆盖：" + missing);
  return "coverage: " + std::to_string(c.covered.size()) + " of " + std::to_string(c.parent_indicators.size()) +
         " parent indicators" + (missing.empty() ? "" : "; not covered: " + missing);
}

inline std::string year_cell(const std::optional<int>& y) { return y ? std::to_string(*y) : std::string(); }

} // namespace detail::comparing

PLANRULES_DECL compare_result compare(const checked_plan& child, const checked_plan& parent) {
  compare_result result;
  try {
    detail::comparing::comparer(child, parent, result).run();
  } catch (const std::exception& e) {
    diagnostic d;
    d.code = diagnostic_code::not_comparable;
    d.level = severity::error;
    d.message = std::string("internal compare failure: ") + e.what();
    d.location.file = child.header.path;
    result.diagnostics.push_back(std::move(d));
  }
  return result;
}

PLANRULES_DECL expected<compare_result, error> compare_files(const std::string& child, const std::string& parent,
                                                           const load_options& load) {
  auto c = check_file(child, load);
  auto p = check_file(parent, load);
  if (!c.ok() || !p.ok()) {
    diagnostic_list all = c.diagnostics;
    all.insert(all.end(), p.diagnostics.begin(), p.diagnostics.end());
    std::string which = !c.ok() && !p.ok() ? "'" + child + "' and '" + parent + "' have errors"
                        : !c.ok()          ? "'" + child + "' has errors"
                                           : "'" + parent + "' has errors";
    return fail(errc::invalid_input, which, std::move(all));
  }
  return compare(c.plan, p.plan);
}

PLANRULES_DECL std::string compare_to_text(const compare_result& result, label_language language, std::size_t width) {
  using namespace detail::comparing;
  const bool zh = language == label_language::zh;
  std::vector<std::string> header = zh ? std::vector<std::string>{"指标", "上级规则", "年份", "本级规则", "年份", "结论", "说明"}
                                       : std::vector<std::string>{"indicator", "parent rule", "year", "child rule", "year",
                                                                  "verdict", "note"};
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : result.rows)
    cells.push_back({indicator_cell(row, language, true), row.parent_text, year_cell(row.parent_year), row.child_text,
                     year_cell(row.child_year), std::string(verdict_label(row.verdict, language)),
                     zh ? row.note_zh : row.note});
  const std::size_t columns = header.size();
  const std::vector<std::size_t> caps{26, 34, 4, 34, 4, 14, 0};
  std::vector<std::size_t> widths(columns);
  for (std::size_t c = 0; c + 1 < columns; ++c) {
    widths[c] = detail::unicode::display_width(header[c]);
    for (const auto& row : cells)
      for (const auto& line : wrap(row[c], 1000)) widths[c] = std::max(widths[c], detail::unicode::display_width(line));
    widths[c] = std::min(widths[c], std::max(caps[c], detail::unicode::display_width(header[c])));
  }
  const std::string separator = " | ";
  std::size_t used = 0;
  for (std::size_t c = 0; c + 1 < columns; ++c) used += widths[c] + separator.size();
  widths.back() = width > used + 30 ? width - used : 30;

  std::string out;
  out += (zh ? "本级：" : "child:  ") + plan_title(result.child) + " (" + result.child.id + ")\n";
  out += (zh ? "上级：" : "parent: ") + plan_title(result.parent) + " (" + result.parent.id + ")\n";
  out += summary_line(result, language) + "\n" + coverage_line(result, language) + "\n\n";
  auto print_row = [&](const std::vector<std::string>& row) {
    std::vector<std::vector<std::string>> wrapped(columns);
    std::size_t height = 1;
    for (std::size_t c = 0; c < columns; ++c) {
      wrapped[c] = wrap(row[c], widths[c]);
      height = std::max(height, wrapped[c].size());
    }
    for (std::size_t line = 0; line < height; ++line) {
      std::string text;
      for (std::size_t c = 0; c < columns; ++c) {
        const auto& piece = line < wrapped[c].size() ? wrapped[c][line] : std::string();
        text += c + 1 < columns ? pad(piece, widths[c]) + separator : piece;
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out += text + "\n";
    }
  };
  print_row(header);
  std::string rule;
  for (std::size_t c = 0; c < columns; ++c)
    rule += std::string(c + 1 < columns ? widths[c] : std::min<std::size_t>(widths[c], 40), '-') + (c + 1 < columns ? "-+-" : "");
  out += rule + "\n";
  for (const auto& row : cells) print_row(row);
  return out;
}

namespace detail::comparing {

inline void write_plan_info(json_writer& w, const plan_info& p) {
  w.begin_object();
  w.member("id", p.id);
  w.member("name", p.name);
  w.member("region", p.region);
  w.key("level");
  if (p.level) w.value(ast::to_string(*p.level));
  else w.null();
  w.member("path", p.path);
  w.end_object();
}

inline std::string escape_html(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    default: out += c;
    }
  }
  return out;
}

} // namespace detail::comparing

PLANRULES_DECL std::string compare_to_json(const compare_result& result, bool pretty) {
  using namespace detail::comparing;
  detail::json_writer w(pretty);
  w.begin_object();
  w.member("schema", "planrules.compare/1");
  w.key("child");
  write_plan_info(w, result.child);
  w.key("parent");
  write_plan_info(w, result.parent);
  w.member("ok", result.ok());
  w.key("summary").begin_object();
  for (const auto v : {compare_verdict::stricter, compare_verdict::equal, compare_verdict::looser, compare_verdict::missing,
                       compare_verdict::deadline_later, compare_verdict::child_only, compare_verdict::qualitative,
                       compare_verdict::not_comparable})
    w.member(to_string(v), result.count(v));
  w.member("errors", error_count(result.diagnostics));
  w.member("warnings", static_cast<std::size_t>(std::count_if(result.diagnostics.begin(), result.diagnostics.end(),
                                                              [](const diagnostic& d) { return d.level == severity::warning; })));
  w.end_object();
  w.key("coverage").begin_object();
  w.member("parent_indicators", result.coverage.parent_indicators.size());
  w.member("covered", result.coverage.covered.size());
  w.key("missing").begin_array();
  for (const auto& id : result.coverage.missing) w.value(id);
  w.end_array();
  w.end_object();
  w.key("rows").begin_array();
  for (const auto& row : result.rows) {
    w.begin_object();
    w.member("indicator", row.indicator);
    w.member("indicator_name", row.indicator_name);
    w.member("slice", row.slice);
    w.member("verdict", to_string(row.verdict));
    w.key("parent");
    if (row.parent_rule) {
      w.begin_object();
      w.member("rule", row.parent_id);
      w.member("text", row.parent_text);
      w.member("year", row.parent_year);
      w.member("aspirational", row.parent_aspirational);
      w.end_object();
    } else {
      w.null();
    }
    w.key("child").begin_object();
    w.key("rules").begin_array();
    for (const auto& id : row.child_ids) w.value(id);
    w.end_array();
    w.member("text", row.child_text);
    w.member("year", row.child_year);
    w.end_object();
    w.member("note", row.note);
    w.member("note_zh", row.note_zh);
    w.end_object();
  }
  w.end_array();
  w.key("diagnostics").begin_array();
  for (const auto& d : result.diagnostics) detail::json::write_diagnostic(w, d);
  w.end_array();
  w.end_object();
  return w.take();
}

PLANRULES_DECL std::string compare_to_html(const compare_result& result, label_language language) {
  using namespace detail::comparing;
  const bool zh = language == label_language::zh;
  const auto title = (zh ? std::string("规划比较：") : std::string("Plan comparison: ")) + plan_title(result.child) +
                     (zh ? " 对照 " : " against ") + plan_title(result.parent);
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"" + std::string(zh ? "zh-CN" : "en") + "\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<title>" + escape_html(title) + "</title>\n";
  out += "<style>\n"
         "body{font-family:system-ui,\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;margin:2em;color:#222}\n"
         "table{border-collapse:collapse;width:100%;font-size:14px}\n"
         "th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}\n"
         "th{background:#f0f0f0;position:sticky;top:0}\n"
         "td.year{text-align:right;white-space:nowrap}\n"
         "code{font-family:ui-monospace,monospace;font-size:13px}\n"
         "td.v{white-space:nowrap;font-weight:600}\n"
         "td.note{min-width:14em}\n"
         "td code{overflow-wrap:anywhere}\n"
         ".stricter td.v,.equal td.v{color:#1a7f37}\n"
         ".looser td.v,.missing td.v,.deadline_later td.v{color:#b42318}\n"
         ".qualitative td.v,.not_comparable td.v{color:#9a6700}\n"
         ".child_only td.v{color:#57606a}\n"
         "tr.looser,tr.missing,tr.deadline_later{background:#fff5f5}\n"
         "</style>\n</head>\n<body>\n";
  out += "<h1>" + escape_html(title) + "</h1>\n";
  out += "<p>" + std::string(zh ? "本级" : "Child") + ": " + escape_html(plan_title(result.child)) + " (<code>" +
         escape_html(result.child.id) + "</code>)<br>" + (zh ? "上级" : "Parent") + ": " +
         escape_html(plan_title(result.parent)) + " (<code>" + escape_html(result.parent.id) + "</code>)</p>\n";
  out += "<p>" + escape_html(summary_line(result, language)) + "<br>" + escape_html(coverage_line(result, language)) + "</p>\n";
  out += "<table>\n<thead><tr>";
  for (const auto* h : zh ? std::vector<const char*>{"指标", "上级规则", "年份", "本级规则", "年份", "结论", "说明"}
                          : std::vector<const char*>{"indicator", "parent rule", "year", "child rule", "year", "verdict", "note"})
    out += std::string("<th>") + h + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : result.rows) {
    out += "<tr class=\"" + std::string(to_string(row.verdict)) + "\">";
    out += "<td>" + escape_html(indicator_cell(row, language)) + "</td>";
    out += "<td><code>" + escape_html(row.parent_text) + "</code></td>";
    out += "<td class=\"year\">" + year_cell(row.parent_year) + "</td>";
    out += "<td><code>" + escape_html(row.child_text) + "</code></td>";
    out += "<td class=\"year\">" + year_cell(row.child_year) + "</td>";
    out += "<td class=\"v\">" + escape_html(verdict_label(row.verdict, language)) + "</td>";
    out += "<td class=\"note\">" + escape_html(zh ? row.note_zh : row.note) + "</td>";
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n</body>\n</html>\n";
  return out;
}

} // namespace planrules

#endif
