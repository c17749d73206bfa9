#ifndef PLANRULES_IMPL_CHECK_IPP
#define PLANRULES_IMPL_CHECK_IPP

#include <planrules/check.hpp>
#include <planrules/format.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace planrules {

PLANRULES_DECL std::string_view to_string(rule_kind kind) noexcept {
  switch (kind) {
  case rule_kind::bound: return "bound";
  case rule_kind::every_year_bound: return "every_year_bound";
  case rule_kind::baseline_relative: return "baseline_relative";
  case rule_kind::trend: return "trend";
  case rule_kind::yearly_change: return "yearly_change";
  case rule_kind::growth: return "growth";
  case rule_kind::qualitative: return "qualitative";
  case rule_kind::general: return "general";
  }
  return "general";
}

PLANRULES_DECL std::string_view to_string(rule_strength strength) noexcept {
  return strength == rule_strength::binding ? "binding" : "aspirational";
}

PLANRULES_DECL const checked_rule* checked_plan::find_rule(std::string_view id) const noexcept {
  for (const auto& rule : rules)
    if (rule.id == id) return &rule;
  return nullptr;
}

namespace detail::checking {

using kind = checked_expression::kind;

// The distance, or a value above `limit` as soon as it must exceed it (a row's
// minimum never decreases), so hints for unknown names stay cheap.
inline std::size_t edit_distance(std::string_view a, std::string_view b,
                                 std::size_t limit = static_cast<std::size_t>(-1)) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t smallest = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const auto above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      smallest = std::min(smallest, row[j]);
    }
    if (smallest > limit) return smallest;
  }
  return row[b.size()];
}

inline bool is_constant(const checked_expression& e) {
  if (e.what == kind::value || e.what == kind::change || e.what == kind::growth) return false;
  return std::all_of(e.operands.begin(), e.operands.end(), [](const auto& o) { return is_constant(o); });
}

// Arithmetic on constants only (-1pp, 2 * 3%) becomes one constant in the node's unit.
inline void fold(checked_expression& e) {
  if (e.operands.empty() || e.what == kind::change || e.what == kind::growth || e.what == kind::value) return;
  for (const auto& o : e.operands)
    if (o.what != kind::constant) return;
  const double a = e.operands[0].constant * e.operands[0].scale;
  const double b = e.operands.size() > 1 ? e.operands[1].constant * e.operands[1].scale : 0;
  double value = 0;
  switch (e.what) {
  case kind::add: value = a + b; break;
  case kind::subtract: value = a - b; break;
  case kind::multiply: value = a * b; break;
  case kind::divide:
    if (b == 0) return;
    value = a / b;
    break;
  case kind::negate: value = -a; break;
  default: return;
  }
  e.what = kind::constant;
  e.constant = value;
  e.scale = 1;
  e.operands.clear();
}

inline void collect_indicators(const checked_expression& e, std::vector<catalogue::index>& out) {
  if (e.indicator != catalogue::npos && std::find(out.begin(), out.end(), e.indicator) == out.end())
    out.push_back(e.indicator);
  for (const auto& o : e.operands) collect_indicators(o, out);
}

inline std::optional<int> latest_fixed_year(const checked_expression& e) {
  std::optional<int> latest = e.year;
  if (e.years) latest = std::max(latest.value_or(e.years->last), e.years->last);
  for (const auto& o : e.operands)
    if (const auto y = latest_fixed_year(o)) latest = std::max(latest.value_or(*y), *y);
  return latest;
}

inline ast::compare_op flipped(ast::compare_op op) {
  switch (op) {
  case ast::compare_op::less: return ast::compare_op::greater;
  case ast::compare_op::less_equal: return ast::compare_op::greater_equal;
  case ast::compare_op::greater: return ast::compare_op::less;
  case ast::compare_op::greater_equal: return ast::compare_op::less_equal;
  default: return op;
  }
}

// Where references without a year are evaluated.
struct year_context {
  bool per_year = false;          ///< inside an every-year rule: the year being evaluated
  std::optional<int> default_year; ///< otherwise the plan's end year
};

class checker {
public:
  checker(const ast::file& file, const source_file& source, check_result& result, std::size_t max_diagnostics)
      : file_(file), source_(source), result_(result), catalogue_(result.plan.catalogue),
        max_diagnostics_(max_diagnostics) {}

  void run() {
    auto& header = result_.plan.header;
    header.path = source_.path();
    if (file_.plan) {
      const auto& p = *file_.plan;
      header.id = p.id;
      header.name = p.name;
      header.english = p.english;
      header.region = p.region;
      header.level = p.level;
      header.period = p.period;
      header.baseline = p.baseline;
      header.parent = p.parent;
      if (p.period && p.baseline && *p.baseline > p.period->last)
        report(diagnostic_code::year_outside_period, p.where, "the baseline year comes after the plan period");
    }
    std::set<std::string> free_ids;
    int next = 1;
    for (const auto& rule : file_.rules) add_rule(rule, nullptr, nullptr, static_cast<std::size_t>(-1), next, free_ids);
    for (const auto& area : file_.areas) {
      for (const auto& goal : area.goals) {
        checked_goal g;
        g.area = area.key;
        g.area_title = area.title;
        g.tier = goal.tier;
        g.number = goal.number;
        g.source = goal.source;
        g.english = goal.english;
        g.notes = goal.notes;
        g.location = source_.locate(goal.where);
        const auto goal_index = result_.plan.goals.size();
        result_.plan.goals.push_back(std::move(g));
        std::set<std::string> ids;
        int number = 1;
        for (const auto& rule : goal.rules) add_rule(rule, &area, &goal, goal_index, number, ids);
      }
    }
    if (dropped_ > 0) {
      auto d = source_.make_diagnostic(diagnostic_code::too_many_errors, {0, 0},
                                       "stopped after " + std::to_string(max_diagnostics_) + " diagnostics; " +
                                           std::to_string(dropped_) + " more not shown");
      if (dropped_error_ && !has_errors(result_.diagnostics)) d.level = severity::error;
      result_.diagnostics.push_back(std::move(d));
    }
  }

private:
  // Past max_diagnostics findings are counted, not kept (a file of a million
  // bad rules stays fast and small).
  bool reporting() const noexcept { return result_.diagnostics.size() < max_diagnostics_; }
  void report(diagnostic_code code, source_range where, std::string message) {
    if (!reporting()) {
      ++dropped_;
      if (default_severity(code) == severity::error) dropped_error_ = true;
      return;
    }
    result_.diagnostics.push_back(source_.make_diagnostic(code, where, std::move(message)));
  }

  // References ------------------------------------------------------------------------------------

  bool check_year(int year, source_range where) {
    const auto& header = result_.plan.header;
    if (!header.period) return true;
    if ((year >= header.period->first && year <= header.period->last) || (header.baseline && year == *header.baseline))
      return true;
    report(diagnostic_code::year_outside_period, where,
           "year " + std::to_string(year) + " is outside the plan period " + std::to_string(header.period->first) +
               ".." + std::to_string(header.period->last) +
               (header.baseline ? " and is not the baseline year " + std::to_string(*header.baseline) : ""));
    return false;
  }

  std::string suggestion(const std::string& name) const {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(3, name.size() / 3) + 1;
    for (const auto& info : catalogue_.indicators()) {
      for (const auto& candidate : {info.id, info.name}) {
        // The distance is at least the difference in length: a long name skips
        // the quadratic comparison (a 1 MB identifier took seconds per indicator).
        const auto gap = name.size() > candidate.size() ? name.size() - candidate.size() : candidate.size() - name.size();
        if (candidate.empty() || gap >= best_distance) continue;
        const auto d = edit_distance(name, candidate, best_distance - 1);
        if (d < best_distance) {
          best_distance = d;
          best = info.id;
        }
      }
    }
    return best;
  }

  /// The indicator a reference names; `year` may be absorbed (sdg_2030 as an id).
  catalogue::index resolve(const ast::reference& r, std::optional<int>& year) {
    auto index = catalogue_.find(r.name);
    if (index == catalogue::npos && year) {
      index = catalogue_.find(r.name + "_" + std::to_string(*year));
      if (index != catalogue::npos) year.reset();
    }
    if (index == catalogue::npos) {
      const auto hint = reporting() ? suggestion(r.name) : std::string();
      report(diagnostic_code::unknown_indicator, r.where,
             "unknown indicator '" + r.name + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
    return index;
  }

  std::optional<checked_expression> reference(const ast::reference& r, const year_context& years) {
    std::optional<int> year = r.year;
    const auto index = resolve(r, year);
    if (index == catalogue::npos) return std::nullopt;
    checked_expression e;
    e.what = kind::value;
    e.indicator = index;
    e.filters = r.filters;
    e.unit = catalogue_[index].unit;
    e.where = r.where;
    if (year) {
      if (years.per_year) {
        report(diagnostic_code::conflicting_years, r.where,
               "'" + r.name + "' names the year " + std::to_string(*year) + " in a rule that holds for every year");
        return std::nullopt;
      }
      if (!check_year(*year, r.where)) return std::nullopt;
      e.year = year;
    } else if (!years.per_year) {
      if (!years.default_year) {
        report(diagnostic_code::missing_year, r.where,
               "'" + r.name + "' has no year and the file has no plan period to take the end year from; write " +
                   r.name + "_2030 or add 'period 2021..2030' to the plan header");
        return std::nullopt;
      }
      e.year = years.default_year;
      implicit_year_ = true;
    }
    return e;
  }

  // Expressions -----------------------------------------------------------------------------------

  std::optional<checked_expression> expression(const ast::expression& e, const year_context& years) {
    struct visitor {
      checker& self;
      const year_context& years;
      std::optional<checked_expression> operator()(const ast::quantity& q) const { return self.constant(q); }
      std::optional<checked_expression> operator()(const ast::reference& r) const {
        return self.reference(r, years);
      }
      std::optional<checked_expression> operator()(const ast::negate& n) const {
        auto operand = self.expression(*n.operand, years);
        if (!operand) return std::nullopt;
        checked_expression out;
        out.what = kind::negate;
        out.unit = operand->unit;
        out.where = n.where;
        out.operands.push_back(std::move(*operand));
        fold(out);
        return out;
      }
      std::optional<checked_expression> operator()(const ast::binary& b) const { return self.binary(b, years); }
      std::optional<checked_expression> operator()(const ast::call& c) const { return self.call(c); }
    };
    return std::visit(visitor{*this, years}, e.node);
  }

  std::optional<checked_expression> constant(const ast::quantity& q) {
    auto resolved = parse_unit(q.unit);
    if (!resolved) {
      report(diagnostic_code::unknown_unit, q.where, resolved.error());
      return std::nullopt;
    }
    checked_expression e;
    e.what = kind::constant;
    e.constant = q.amount.value;
    e.unit = std::move(*resolved);
    e.where = q.where;
    return e;
  }

  std::optional<checked_expression> call(const ast::call& c) {
    const auto* subject = std::get_if<ast::reference>(&c.arguments.front().node);
    if (!subject) {
      report(diagnostic_code::not_an_indicator, ast::range_of(c.arguments.front()),
             c.function + "() takes an indicator, not an expression");
      return std::nullopt;
    }
    std::optional<int> year = subject->year;
    const auto index = resolve(*subject, year);
    if (index == catalogue::npos) return std::nullopt;
    if (year) {
      report(diagnostic_code::conflicting_years, subject->where,
             c.function + "() spans several years; write the indicator without a year");
      return std::nullopt;
    }
    checked_expression e;
    e.indicator = index;
    e.filters = subject->filters;
    e.where = c.where;
    if (c.function == "change") {
      e.what = kind::change;
      e.unit = catalogue_[index].unit;
      e.unit.difference = e.unit.dimension == dimension::ratio;
    } else {
      e.what = kind::growth;
      if (!check_year(c.years->first, c.years->where) || !check_year(c.years->last, c.years->where))
        return std::nullopt;
      if (c.years->first == c.years->last) {
        report(diagnostic_code::invalid_year_range, c.years->where, "growth needs a span of at least one year");
        return std::nullopt;
      }
      e.years = c.years;
      e.unit = unit{dimension::ratio, 1.0, false, "", {}};
    }
    return e;
  }

  static bool plain_number(const checked_expression& e) {
    return e.unit.dimension == dimension::number && is_constant(e);
  }

  // Makes `b` comparable with `a`, converting it into a's unit. False when the dimensions differ.
  bool align(const checked_expression& a, checked_expression& b, source_range where, const std::string& a_text,
             const std::string& b_text) {
    if (plain_number(b) && a.unit.dimension != dimension::number) {
      b.unit = a.unit; // a plain number takes the unit it is compared with
      return true;
    }
    if (!comparable(a.unit, b.unit)) {
      report(diagnostic_code::unit_mismatch, where,
             "'" + a_text + "' is " + describe(a.unit) + " but '" + b_text + "' is " + describe(b.unit) +
                 "; values of different dimensions cannot be compared");
      return false;
    }
    if (b.unit.difference && !a.unit.difference) {
      report(diagnostic_code::unit_mismatch, where,
             "'" + b_text + "' is a change between years (pp) but '" + a_text +
                 "' is a level; compare a change (change(x)) or write a level in %");
      return false;
    }
    if (a.unit.difference && !b.unit.difference && b.unit.dimension == dimension::ratio)
      report(diagnostic_code::percent_for_difference, where,
             "'" + b_text + "' is a percentage but '" + a_text +
                 "' is a change of a ratio; it is read as percentage points — write pp to say so");
    const double factor = b.unit.scale / a.unit.scale;
    if (b.what == kind::constant) b.constant = convert(b.constant, b.unit, a.unit);
    else b.scale *= factor;
    const bool difference = b.unit.difference;
    b.unit = a.unit;
    b.unit.difference = difference || a.unit.difference;
    return true;
  }

  std::optional<checked_expression> binary(const ast::binary& b, const year_context& years) {
    auto lhs = expression(*b.lhs, years);
    auto rhs = expression(*b.rhs, years);
    if (!lhs || !rhs) return std::nullopt;
    checked_expression out;
    out.where = b.where;
    const auto lhs_text = format(*b.lhs);
    const auto rhs_text = format(*b.rhs);
    switch (b.op) {
    case ast::arithmetic_op::add:
    case ast::arithmetic_op::subtract: {
      out.what = b.op == ast::arithmetic_op::add ? kind::add : kind::subtract;
      if (plain_number(*lhs) && !plain_number(*rhs)) {
        if (!align(*rhs, *lhs, b.where, rhs_text, lhs_text)) return std::nullopt;
      } else if (!align(*lhs, *rhs, b.where, lhs_text, rhs_text)) {
        return std::nullopt;
      }
      out.unit = lhs->unit;
      // The difference of two levels of a ratio is a change in percentage points.
      if (out.what == kind::subtract && !is_constant(*lhs) && !is_constant(*rhs) &&
          lhs->unit.dimension == dimension::ratio)
        out.unit.difference = true;
      break;
    }
    case ast::arithmetic_op::multiply:
      out.what = kind::multiply;
      if (lhs->unit.dimension == dimension::number) out.unit = rhs->unit;
      else if (rhs->unit.dimension == dimension::number) out.unit = lhs->unit;
      else {
        report(diagnostic_code::unsupported_rule, b.where,
               "'" + lhs_text + "' and '" + rhs_text + "' both carry units; multiply by a plain number");
        return std::nullopt;
      }
      break;
    case ast::arithmetic_op::divide:
      out.what = kind::divide;
      if (rhs->unit.dimension == dimension::number) {
        if (rhs->what == kind::constant && rhs->constant == 0) {
          report(diagnostic_code::division_by_zero, b.where, "division by zero");
          return std::nullopt;
        }
        out.unit = lhs->unit;
      } else if (comparable(lhs->unit, rhs->unit)) {
        rhs->scale *= rhs->unit.scale / lhs->unit.scale;
        out.unit = unit{};
      } else {
        report(diagnostic_code::unsupported_rule, b.where,
               "'" + lhs_text + "' divided by '" + rhs_text + "' mixes dimensions; divide like by like");
        return std::nullopt;
      }
      break;
    }
    out.operands.push_back(std::move(*lhs));
    out.operands.push_back(std::move(*rhs));
    fold(out);
    return out;
  }

  // Rules -----------------------------------------------------------------------------------------

  std::optional<ast::year_range> every_year_span(const ast::rule& rule) const {
    for (const auto& s : rule.scopes)
      if (s.what == ast::scope::kind::every_year) return s.years ? s.years : result_.plan.header.period;
    return std::nullopt;
  }

  static bool has_every_year(const ast::rule& rule) {
    return std::any_of(rule.scopes.begin(), rule.scopes.end(),
                       [](const ast::scope& s) { return s.what == ast::scope::kind::every_year; });
  }

  bool check_scopes(const ast::rule& rule, checked_rule& out) {
    bool ok = true;
    int every_year = 0;
    for (const auto& s : rule.scopes) {
      switch (s.what) {
      case ast::scope::kind::every_year:
        if (++every_year > 1) {
          report(diagnostic_code::invalid_quantifier, s.where, "'every year' is given twice");
          ok = false;
        }
        if (s.years && (!check_year(s.years->first, s.years->where) || !check_year(s.years->last, s.years->where)))
          ok = false;
        break;
      case ast::scope::kind::at_least: {
        const double count = s.count ? s.count->value : 0;
        const bool whole = s.count && s.count->text.find('.') == std::string::npos;
        if (s.count_is_share ? (count <= 0 || count > 100) : (!whole || count < 1)) {
          report(diagnostic_code::invalid_quantifier, s.where,
                 s.count_is_share ? "a share of sub-regions lies in (0%, 100%]"
                                  : "'at least' takes a whole number of sub-regions from 1");
          ok = false;
        }
        [[fallthrough]];
      }
      case ast::scope::kind::every_region:
        for (const auto& other : out.region_scopes)
          if (other.level == s.level) {
            report(diagnostic_code::invalid_quantifier, s.where, "two quantifiers over the same level");
            ok = false;
          }
        out.region_scopes.push_back(s);
        break;
      }
    }
    return ok;
  }

  bool check_options(const ast::rule& rule, checked_rule& out) {
    const auto& o = rule.options;
    out.strength = o.aspirational ? rule_strength::aspirational : rule_strength::binding;
    out.missing = o.missing.value_or(ast::missing_policy::no_data);
    out.metadata = o.metadata;
    if (!o.tol) return true;
    auto amount = constant(o.tol->amount);
    if (!amount) return false;
    if (o.tol->relative) {
      if (amount->unit.dimension != dimension::ratio && amount->unit.dimension != dimension::number) {
        report(diagnostic_code::unit_mismatch, o.tol->amount.where, "a relative tolerance is a share, as in 5% relative");
        return false;
      }
      out.relative_tolerance = amount->constant * amount->unit.scale;
      return true;
    }
    const auto text = format(o.tol->amount);
    if (!align(out.lhs, *amount, o.tol->amount.where, "the rule's value", text)) return false;
    out.tolerance = amount->constant;
    return true;
  }

  void classify(checked_rule& out, const ast::rule& rule) {
    const auto& lhs = out.lhs;
    const bool every_year = has_every_year(rule);
    if (out.direction) {
      out.kind = rule_kind::trend;
    } else if (out.low) {
      out.kind = lhs.what == kind::change ? rule_kind::yearly_change : rule_kind::general;
    } else if (out.rhs && lhs.what == kind::value && out.rhs->what == kind::constant && lhs.scale == 1) {
      out.kind = every_year ? rule_kind::every_year_bound : rule_kind::bound;
      out.target = out.rhs->constant;
    } else if (out.rhs && lhs.what == kind::growth && is_constant(*out.rhs)) {
      out.kind = rule_kind::growth;
      out.span = lhs.years;
      if (out.rhs->what == kind::constant) out.target = out.rhs->constant;
    } else if (out.rhs && lhs.what == kind::change && is_constant(*out.rhs)) {
      out.kind = rule_kind::yearly_change;
    } else if (out.rhs && lhs.what == kind::value && lhs.year) {
      // value(Y) op k × value(B) of the same indicator: 以2020年数据为基数下降20%.
      const checked_expression* base = nullptr;
      double factor = 1;
      const auto& r = *out.rhs;
      if (r.what == kind::value) base = &r;
      else if (r.what == kind::multiply && r.operands.size() == 2) {
        const auto& a = r.operands[0];
        const auto& b = r.operands[1];
        if (a.what == kind::constant && b.what == kind::value) base = &b, factor = a.constant;
        else if (b.what == kind::constant && a.what == kind::value) base = &a, factor = b.constant;
      }
      if (base && base->indicator == lhs.indicator && base->year && base->scale == 1 && base->filters == lhs.filters &&
          *base->year < *lhs.year) {
        out.kind = rule_kind::baseline_relative;
        out.baseline_year = base->year;
        out.baseline_factor = factor;
      } else {
        out.kind = rule_kind::general;
      }
    } else {
      out.kind = rule_kind::general;
    }
    if (every_year || out.kind == rule_kind::trend || out.kind == rule_kind::yearly_change) {
      if (!out.span) out.span = every_year ? every_year_span(rule) : result_.plan.header.period;
    }
    if (out.kind == rule_kind::bound || out.kind == rule_kind::baseline_relative) out.year = lhs.year;
    else if (out.span) out.year = out.span->last;
    else out.year = latest_fixed_year(lhs);
  }

  void add_rule(const ast::rule& rule, const ast::area* area, const ast::goal* goal, std::size_t goal_index,
                int& next_number, std::set<std::string>& ids) {
    checked_rule out;
    out.number = rule.number.value_or(next_number);
    next_number = std::max(next_number, out.number + 1);
    if (area) {
      out.area = area->key;
      out.tier = goal->tier;
      out.goal = goal->number;
      out.goal_index = goal_index;
      out.source = goal->source;
      out.id = std::string(ast::to_string(area->key)) + "." + (goal->tier == ast::goal_tier::measure ? "m" : "") +
               std::to_string(goal->number) + "." + std::to_string(out.number);
    } else {
      out.id = std::to_string(out.number);
    }
    out.text = format(rule);
    out.location = source_.locate(rule.where);
    if (!ids.insert(out.id).second) {
      report(diagnostic_code::duplicate_rule_id, rule.where, "rule id '" + out.id + "' is used twice");
      return;
    }
    implicit_year_ = false;
    const auto& header = result_.plan.header;
    const year_context years{has_every_year(rule), header.period ? std::optional<int>(header.period->last) : std::nullopt};

    bool ok = true;
    if (const auto* q = std::get_if<ast::qualitative>(&rule.body)) {
      out.kind = rule_kind::qualitative;
      out.reason = q->reason;
      if (q->subject) {
        std::optional<int> year = q->subject->year;
        out.indicator = resolve(*q->subject, year);
        ok = out.indicator != catalogue::npos;
        if (ok) out.indicators.push_back(out.indicator);
      }
      if (!check_scopes(rule, out)) ok = false;
      out.strength = rule.options.aspirational ? rule_strength::aspirational : rule_strength::binding;
      out.metadata = rule.options.metadata;
      if (ok) commit(std::move(out), goal_index);
      return;
    }
    if (const auto* t = std::get_if<ast::trend>(&rule.body)) {
      auto subject = reference(t->subject, year_context{true, std::nullopt});
      if (!subject) return;
      out.lhs = std::move(*subject);
      out.direction = t->direction;
      if (t->years) {
        if (!check_year(t->years->first, t->years->where) || !check_year(t->years->last, t->years->where)) return;
        out.span = t->years;
      }
    } else if (const auto* c = std::get_if<ast::comparison>(&rule.body)) {
      auto lhs = expression(c->lhs, years);
      auto rhs = expression(c->rhs, years);
      if (!lhs || !rhs) return;
      auto op = c->op;
      auto lhs_text = format(c->lhs);
      auto rhs_text = format(c->rhs);
      const ast::expression* written_rhs = &c->rhs;
      if (is_constant(*lhs) && !is_constant(*rhs)) { // 2.8‰ > x_2030 reads as x_2030 < 2.8‰
        std::swap(lhs, rhs);
        std::swap(lhs_text, rhs_text);
        written_rhs = &c->lhs;
        op = flipped(op);
      }
      if (!align(*lhs, *rhs, ast::range_of(*written_rhs), lhs_text, rhs_text)) return;
      out.lhs = std::move(*lhs);
      out.rhs = std::move(*rhs);
      out.op = op;
      out.target_text = rhs_text;
      if (const auto* q = std::get_if<ast::quantity>(&written_rhs->node)) {
        out.unit_text = q->unit;
        out.written_value = q->amount.value;
      }
    } else {
      const auto& i = std::get<ast::interval_test>(rule.body);
      auto value = expression(i.value, years);
      auto low = expression(i.low, years);
      auto high = expression(i.high, years);
      if (!value || !low || !high) return;
      const auto value_text = format(i.value);
      if (!align(*value, *low, ast::range_of(i.low), value_text, format(i.low)) ||
          !align(*value, *high, ast::range_of(i.high), value_text, format(i.high)))
        return;
      if (low->what == kind::constant && high->what == kind::constant && low->constant > high->constant) {
        report(diagnostic_code::invalid_interval, i.where, "the interval's lower end is above its upper end");
        return;
      }
      out.lhs = std::move(*value);
      out.low = std::move(*low);
      out.high = std::move(*high);
      out.low_inclusive = i.low_inclusive;
      out.high_inclusive = i.high_inclusive;
      out.target_text = (i.low_inclusive ? "[" : "(") + format(i.low) + ", " + format(i.high) + (i.high_inclusive ? "]" : ")");
    }
    out.indicator = out.lhs.indicator;
    if (out.indicator == catalogue::npos && !out.lhs.operands.empty()) {
      std::vector<catalogue::index> found;
      collect_indicators(out.lhs, found);
      if (!found.empty()) out.indicator = found.front();
    }
    out.filters = out.lhs.filters;
    collect_indicators(out.lhs, out.indicators);
    if (out.rhs) collect_indicators(*out.rhs, out.indicators);
    out.year_implicit = implicit_year_;
    if (!check_scopes(rule, out)) ok = false;
    if (!check_options(rule, out)) ok = false;
    if (!ok) return;
    classify(out, rule);
    if (out.unit_text.empty() && out.indicator != catalogue::npos && out.kind != rule_kind::growth)
      out.unit_text = catalogue_[out.indicator].unit.symbol;
    commit(std::move(out), goal_index);
  }

  void commit(checked_rule rule, std::size_t goal_index) {
    if (goal_index != static_cast<std::size_t>(-1)) result_.plan.goals[goal_index].rules.push_back(result_.plan.rules.size());
    result_.plan.rules.push_back(std::move(rule));
  }

  const ast::file& file_;
  const source_file& source_;
  check_result& result_;
  const catalogue& catalogue_;
  bool implicit_year_ = false;
  std::size_t max_diagnostics_;
  std::size_t dropped_ = 0;
  bool dropped_error_ = false;
};

} // namespace detail::checking

PLANRULES_DECL check_result check(const ast::file& file, const source_file& source, catalogue indicators,
                                  std::size_t max_diagnostics) {
  check_result result;
  result.plan.catalogue = std::move(indicators);
  try {
    detail::checking::checker(file, source, result, max_diagnostics).run();
  } catch (const std::exception& e) {
    result.diagnostics.push_back(
        source.make_diagnostic(diagnostic_code::unsupported_rule, {}, std::string("internal checker failure: ") + e.what()));
  }
  return result;
}

} // namespace planrules

#endif
