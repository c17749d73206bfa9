#ifndef PLANRULES_DETAIL_PARSER_LOWER_HPP
#define PLANRULES_DETAIL_PARSER_LOWER_HPP

// Lowers statement lines from the X3 syntax tree into the public ast::file,
// tracking which block (plan, indicator, area, goal) each line belongs to.

#include <planrules/ast.hpp>
#include <planrules/detail/parser/syntax.hpp>
#include <planrules/detail/unicode.hpp>
#include <planrules/parse.hpp>

#include <boost/variant/apply_visitor.hpp>

#include <charconv>
#include <cmath>
#include <set>

namespace planrules::detail::parser {

class lowerer {
public:
  lowerer(const source_file& source, const unicode::normalized_text& normalized, const parse_options& options,
          diagnostic_list& diagnostics)
      : source_(source), normalized_(normalized), options_(options), diagnostics_(diagnostics) {}

  void comment_line(std::string text) { pending_.push_back(std::move(text)); }
  void blank_line() {
    if (!pending_.empty() && pending_.back()) pending_.push_back(std::nullopt);
  }

  /// One parsed statement; `line` is its original byte range, `comment` the text after '#', if any.
  void add(const syntax::statement& statement, source_range line, std::optional<std::string> comment) {
    line_ = line;
    comment_ = std::move(comment);
    boost::apply_visitor([this](const auto& s) { statement_(s); }, statement);
  }

  /// Comments after the last statement, then the finished file.
  ast::file finish() {
    while (!pending_.empty() && !pending_.back()) pending_.pop_back();
    file_.trailing_comments = std::move(pending_);
    return std::move(file_);
  }

  void report(diagnostic_code code, source_range where, std::string message) {
    diagnostics_.push_back(source_.make_diagnostic(code, where, std::move(message)));
  }

  source_range range_of(const char* first, const char* last) const {
    if (first == nullptr) return line_;
    const auto* base = normalized_.text.data();
    return {normalized_.origin[static_cast<std::size_t>(first - base)],
            normalized_.origin[static_cast<std::size_t>(last - base)]};
  }
  source_range range_of(const syntax::located& node) const { return range_of(node.first, node.last); }

private:
  enum class block { none, plan, indicator, area, goal };

  ast::comments take_comments() {
    ast::comments c;
    c.before = std::move(pending_);
    pending_.clear();
    if (comment_) c.after = *comment_;
    return c;
  }

  // A comment on an attribute line has no node of its own: keep it with the block.
  void keep_comments(ast::comments& owner) {
    for (auto& line : pending_) owner.before.push_back(std::move(line));
    pending_.clear();
    if (comment_) owner.before.push_back(*comment_);
  }

  // Statements -----------------------------------------------------------------------------------

  void statement_(const syntax::block_statement& s) {
    const auto where = range_of(s);
    if (s.id.quoted) {
      report(diagnostic_code::expected_identifier, range_of(s.id),
             "a " + s.keyword + " needs a plain name here, not a quoted one");
      return;
    }
    const std::string title = s.title ? s.title->text : std::string();
    if (s.keyword == "plan") {
      if (file_.plan) {
        report(diagnostic_code::duplicate_plan_header, where, "a file holds one plan; this is a second 'plan' line");
        return;
      }
      ast::plan_header header;
      header.id = s.id.name;
      header.name = title;
      header.remarks = take_comments();
      header.where = where;
      file_.plan = std::move(header);
      block_ = block::plan;
    } else if (s.keyword == "indicator") {
      ast::indicator indicator;
      indicator.id = s.id.name;
      indicator.name = title;
      indicator.remarks = take_comments();
      indicator.where = where;
      file_.indicators.push_back(std::move(indicator));
      block_ = block::indicator;
    } else {
      const auto key = ast::area_from_name(s.id.name);
      if (!key) {
        report(diagnostic_code::unknown_area, range_of(s.id),
               "unknown area '" + s.id.name +
                   "'; areas are health, safety, education, welfare, family, environment, law");
        block_ = block::none;
        return;
      }
      for (const auto& existing : file_.areas)
        if (existing.key == *key) {
          report(diagnostic_code::duplicate_area, range_of(s.id),
                 "area '" + std::string(ast::to_string(*key)) + "' was already started");
          block_ = block::none;
          return;
        }
      ast::area area;
      area.key = *key;
      area.title = title;
      area.remarks = take_comments();
      area.where = where;
      file_.areas.push_back(std::move(area));
      block_ = block::area;
    }
  }

  void statement_(const syntax::goal_statement& s) {
    if (block_ != block::area && block_ != block::goal) {
      report(diagnostic_code::misplaced_statement, range_of(s),
             "'" + s.keyword + "' must follow an 'area' line (area health \"儿童与健康\")");
      return;
    }
    const auto number = whole_number(s.id, s.keyword + " number");
    if (!number) return;
    auto& area = file_.areas.back();
    const auto tier = s.keyword == "goal" ? ast::goal_tier::main : ast::goal_tier::measure;
    for (const auto& existing : area.goals)
      if (existing.tier == tier && existing.number == *number) {
        report(diagnostic_code::duplicate_goal, range_of(s.id),
               s.keyword + " " + std::to_string(*number) + " already exists in area " +
                   std::string(ast::to_string(area.key)));
        block_ = block::area;
        return;
      }
    ast::goal goal;
    goal.tier = tier;
    goal.number = *number;
    if (s.source) goal.source = s.source->text;
    goal.remarks = take_comments();
    goal.where = range_of(s);
    area.goals.push_back(std::move(goal));
    block_ = block::goal;
  }

  void statement_(const syntax::include_statement& s) {
    ast::include include;
    include.path = s.path.text;
    include.remarks = take_comments();
    include.where = range_of(s);
    file_.includes.push_back(std::move(include));
    block_ = block::none;
  }

  void statement_(const syntax::attribute_statement& s) {
    const auto where = range_of(s);
    switch (block_) {
    case block::plan: plan_attribute(s, where); break;
    case block::indicator: indicator_attribute(s, where); break;
    case block::area: area_attribute(s, where); break;
    case block::goal: goal_attribute(s, where); break;
    case block::none:
      report(diagnostic_code::misplaced_statement, where,
             "'" + s.key + "' must follow the plan, indicator, area or goal line it belongs to");
      break;
    }
  }

  void statement_(const syntax::rule_statement& s) {
    auto rule = lower_rule(s);
    if (!rule) return;
    if (++rule_count_ > options_.max_rules) {
      if (rule_count_ == options_.max_rules + 1)
        report(diagnostic_code::too_many_rules, rule->where,
               "more than " + std::to_string(options_.max_rules) + " rules in one file");
      return;
    }
    switch (block_) {
    case block::goal: file_.areas.back().goals.back().rules.push_back(std::move(*rule)); break;
    case block::area:
      report(diagnostic_code::misplaced_statement, rule->where,
             "a rule inside an area must follow a 'goal' or 'measure' line");
      break;
    default:
      file_.rules.push_back(std::move(*rule));
      block_ = block::none;
      break;
    }
  }

  // Attributes -----------------------------------------------------------------------------------

  void misplaced(const syntax::attribute_statement& s, source_range where, const char* owner) {
    report(diagnostic_code::misplaced_statement, where, "'" + s.key + "' does not belong to " + owner);
  }

  template <class T>
  bool set_once(T& field, const T& value, const syntax::attribute_statement& s, source_range where) {
    if (field != T{}) {
      report(diagnostic_code::duplicate_attribute, where, "'" + s.key + "' is given twice");
      return false;
    }
    field = value;
    return true;
  }

  const std::vector<syntax::string_literal>* strings(const syntax::attribute_statement& s) const {
    return boost::get<std::vector<syntax::string_literal>>(&s.value);
  }
  std::string first_string(const syntax::attribute_statement& s) const {
    const auto* list = strings(s);
    return list && !list->empty() ? list->front().text : std::string();
  }

  void plan_attribute(const syntax::attribute_statement& s, source_range where) {
    auto& plan = *file_.plan;
    keep_comments(plan.remarks);
    if (s.key == "name") set_once(plan.name, first_string(s), s, where);
    else if (s.key == "en") set_once(plan.english, first_string(s), s, where);
    else if (s.key == "note") plan.notes.push_back(first_string(s));
    else if (s.key == "region") set_once(plan.region, first_string(s), s, where);
    else if (s.key == "parent") {
      const auto* id = boost::get<syntax::identifier>(&s.value);
      set_once(plan.parent, id ? id->name : first_string(s), s, where);
    } else if (s.key == "level") {
      const auto& id = boost::get<syntax::identifier>(s.value);
      const auto level = ast::level_from_name(id.name);
      if (!level) report(diagnostic_code::unknown_level, range_of(id), unknown_level_message(id.name));
      else if (plan.level) report(diagnostic_code::duplicate_attribute, where, "'level' is given twice");
      else plan.level = level;
    } else if (s.key == "period") {
      const auto range = year_range(boost::get<syntax::year_range>(s.value));
      if (!range) return;
      if (plan.period) report(diagnostic_code::duplicate_attribute, where, "'period' is given twice");
      else plan.period = range;
    } else if (s.key == "baseline") {
      const auto year = year_of(boost::get<syntax::year_value>(s.value));
      if (!year) return;
      if (plan.baseline) report(diagnostic_code::duplicate_attribute, where, "'baseline' is given twice");
      else plan.baseline = year;
    } else misplaced(s, where, "a plan header");
  }

  void indicator_attribute(const syntax::attribute_statement& s, source_range where) {
    auto& indicator = file_.indicators.back();
    keep_comments(indicator.remarks);
    if (s.key == "name") set_once(indicator.name, first_string(s), s, where);
    else if (s.key == "en") set_once(indicator.english, first_string(s), s, where);
    else if (s.key == "note") indicator.notes.push_back(first_string(s));
    else if (s.key == "definition") set_once(indicator.definition, first_string(s), s, where);
    else if (s.key == "alias") {
      for (const auto& alias : *strings(s)) indicator.aliases.push_back(alias.text);
    } else if (s.key == "unit") {
      set_once(indicator.unit, boost::get<syntax::unit_text>(s.value).text, s, where);
    } else if (s.key == "better") {
      const auto& id = boost::get<syntax::identifier>(s.value);
      ast::better_direction better = ast::better_direction::unspecified;
      if (id.name == "higher") better = ast::better_direction::higher;
      else if (id.name == "lower") better = ast::better_direction::lower;
      else {
        report(diagnostic_code::invalid_direction, range_of(id), "'better' is 'higher' or 'lower', not '" + id.name + "'");
        return;
      }
      if (indicator.better != ast::better_direction::unspecified)
        report(diagnostic_code::duplicate_attribute, where, "'better' is given twice");
      else indicator.better = better;
    } else if (s.key == "denominator") {
      set_once(indicator.denominator, boost::get<syntax::identifier>(s.value).name, s, where);
    } else misplaced(s, where, "an indicator");
  }

  void area_attribute(const syntax::attribute_statement& s, source_range where) {
    auto& area = file_.areas.back();
    keep_comments(area.remarks);
    if (s.key == "en") set_once(area.english, first_string(s), s, where);
    else misplaced(s, where, "an area (only 'en' may follow an area line)");
  }

  void goal_attribute(const syntax::attribute_statement& s, source_range where) {
    auto& goal = file_.areas.back().goals.back();
    keep_comments(goal.remarks);
    if (s.key == "source") set_once(goal.source, first_string(s), s, where);
    else if (s.key == "en") set_once(goal.english, first_string(s), s, where);
    else if (s.key == "note") goal.notes.push_back(first_string(s));
    else misplaced(s, where, "a goal");
  }

  // Values ---------------------------------------------------------------------------------------

  static std::string unknown_level_message(const std::string& name) {
    return "unknown region level '" + name + "'; levels are nation, province, city, county, township, village";
  }

  std::optional<ast::number> number_of(const syntax::number& n) {
    ast::number out;
    out.text = n.text;
    out.where = range_of(n);
    const auto* begin = n.text.data();
    const auto* end = begin + n.text.size();
    const auto [stop, error] = std::from_chars(begin, end, out.value);
    if (error != std::errc{} || stop != end || !std::isfinite(out.value)) {
      report(diagnostic_code::invalid_number, out.where, "'" + n.text + "' is too large to be a number here");
      return std::nullopt;
    }
    return out;
  }

  std::optional<int> whole_number(const syntax::number& n, const std::string& what) {
    const auto value = number_of(n);
    if (!value) return std::nullopt;
    if (n.text.find('.') != std::string::npos || value->value < 1 || value->value > 1e6) {
      report(diagnostic_code::invalid_number, range_of(n), what + " must be a whole number from 1, not '" + n.text + "'");
      return std::nullopt;
    }
    return static_cast<int>(value->value);
  }

  std::optional<int> year_of(const syntax::year_value& y) {
    if (y.value < 1900 || y.value > 2200) {
      report(diagnostic_code::invalid_year, range_of(y),
             "year " + std::to_string(y.value) + " is outside 1900..2200");
      return std::nullopt;
    }
    return static_cast<int>(y.value);
  }

  std::optional<ast::year_range> year_range(const syntax::year_range& r) {
    const auto first = year_of(r.from);
    const auto last = year_of(r.to);
    if (!first || !last) return std::nullopt;
    if (*first > *last) {
      report(diagnostic_code::invalid_year_range, range_of(r),
             "the range " + std::to_string(*first) + ".." + std::to_string(*last) + " ends before it starts");
      return std::nullopt;
    }
    return ast::year_range{*first, *last, range_of(r)};
  }

  std::optional<ast::quantity> quantity_of(const syntax::quantity& q) {
    auto amount = number_of(q.amount);
    if (!amount) return std::nullopt;
    ast::quantity out;
    out.amount = std::move(*amount);
    out.unit = q.unit;
    if (q.per) {
      if (!q.unit.empty()) out.unit += " ";
      out.unit += "per " + q.per->size.text;
      if (!q.per->population.empty()) out.unit += " " + q.per->population;
    }
    out.where = range_of(q);
    return out;
  }

  std::optional<ast::reference> reference_of(const syntax::reference& r) {
    ast::reference out;
    out.where = range_of(r);
    out.name = r.name.name;
    if (r.year) {
      const auto year = year_of(*r.year);
      if (!year) return std::nullopt;
      out.year = year;
    } else if (const auto suffix = r.name.quoted ? std::nullopt : ast::year_suffix(out.name)) {
      out.year = suffix;
      out.name.resize(out.name.size() - 5);
    }
    for (const auto& f : r.filters) {
      const auto where = range_of(f);
      if (f.key.name == "year") {
        int value = 0;
        const auto [stop, error] = std::from_chars(f.value.data(), f.value.data() + f.value.size(), value);
        if (error != std::errc{} || stop != f.value.data() + f.value.size() || value < 1900 || value > 2200) {
          report(diagnostic_code::invalid_year, where, "'" + f.value + "' is not a year between 1900 and 2200");
          return std::nullopt;
        }
        if (out.year && *out.year != value) {
          report(diagnostic_code::conflicting_years, where,
                 "the reference already names the year " + std::to_string(*out.year));
          return std::nullopt;
        }
        out.year = value;
        continue;
      }
      static const std::set<std::string> keys{"sex", "age", "area", "region"};
      if (!keys.count(f.key.name)) {
        report(diagnostic_code::invalid_filter, range_of(f.key),
               "unknown disaggregation '" + f.key.name + "'; use year, sex, age, area or region");
        return std::nullopt;
      }
      for (const auto& existing : out.filters)
        if (existing.key == f.key.name) {
          report(diagnostic_code::invalid_filter, where, "'" + f.key.name + "' is given twice");
          return std::nullopt;
        }
      out.filters.push_back(ast::filter{f.key.name, f.value, where});
    }
    return out;
  }

  // Expressions ----------------------------------------------------------------------------------

  struct depth_guard {
    unsigned& depth;
    explicit depth_guard(unsigned& d) : depth(d) { ++depth; }
    ~depth_guard() { --depth; }
  };

  // A chain of n operators is n levels of the tree, so chains inside brackets
  // inside chains share one budget with the brackets: the tree stays shallow
  // enough for every recursive pass (check, format, JSON, destruction).
  struct chain_guard {
    std::size_t& depth;
    std::size_t added;
    chain_guard(std::size_t& d, std::size_t n) : depth(d), added(n) { depth += n; }
    ~chain_guard() { depth -= added; }
  };

  std::optional<ast::expression> expression_of(const syntax::expression& e) {
    const depth_guard guard(depth_);
    const chain_guard chain(chain_depth_, e.tail.size());
    if (depth_ > options_.max_depth * 2 || depth_ - 1 + chain_depth_ > std::size_t(options_.max_depth) * 4) {
      report(diagnostic_code::nesting_too_deep, range_of(e), "expression is nested or chained too deeply");
      return std::nullopt;
    }
    auto result = operand_of(e.head);
    if (!result) return std::nullopt;
    for (const auto& operation : e.tail) {
      auto rhs = operand_of(operation.value);
      if (!rhs) return std::nullopt;
      ast::binary node;
      node.op = static_cast<ast::arithmetic_op>(operation.op);
      node.where = {ast::range_of(*result).begin, range_of(operation).end};
      node.lhs = std::move(*result);
      node.rhs = std::move(*rhs);
      result = ast::expression{std::move(node)};
    }
    return result;
  }

  std::optional<ast::expression> operand_of(const syntax::operand& o) {
    struct visitor {
      lowerer& self;
      std::optional<ast::expression> operator()(const syntax::quantity& q) const {
        auto value = self.quantity_of(q);
        if (!value) return std::nullopt;
        return ast::expression{std::move(*value)};
      }
      std::optional<ast::expression> operator()(const syntax::reference& r) const {
        auto value = self.reference_of(r);
        if (!value) return std::nullopt;
        return ast::expression{std::move(*value)};
      }
      std::optional<ast::expression> operator()(const x3::forward_ast<syntax::expression>& e) const {
        return self.expression_of(e.get());
      }
      std::optional<ast::expression> operator()(const x3::forward_ast<syntax::signed_operand>& s) const {
        const depth_guard guard(self.depth_);
        if (self.depth_ > self.options_.max_depth * 2) {
          self.report(diagnostic_code::nesting_too_deep, self.range_of(s.get()), "too many signs in a row");
          return std::nullopt;
        }
        auto value = self.operand_of(s.get().value);
        if (!value || s.get().sign == '+') return value;
        ast::negate node;
        node.operand = std::move(*value);
        node.where = self.range_of(s.get());
        return ast::expression{std::move(node)};
      }
      std::optional<ast::expression> operator()(const x3::forward_ast<syntax::call>& c) const {
        return self.call_of(c.get());
      }
    };
    return boost::apply_visitor(visitor{*this}, o);
  }

  std::optional<ast::expression> call_of(const syntax::call& c) {
    ast::call out;
    out.function = c.function.name;
    out.where = range_of(c);
    for (const auto& argument : c.arguments) {
      if (const auto* range = boost::get<syntax::year_range>(&argument)) {
        if (out.years) {
          report(diagnostic_code::wrong_argument_count, range_of(*range), "only one year range may be given");
          return std::nullopt;
        }
        out.years = year_range(*range);
        if (!out.years) return std::nullopt;
      } else {
        auto value = expression_of(boost::get<syntax::expression>(argument));
        if (!value) return std::nullopt;
        out.arguments.push_back(std::move(*value));
      }
    }
    if (out.function == "change") {
      if (out.arguments.size() != 1 || out.years) {
        report(diagnostic_code::wrong_argument_count, out.where, "change(x) takes one indicator");
        return std::nullopt;
      }
    } else if (out.function == "annual_growth") {
      if (out.arguments.size() != 1 || !out.years) {
        report(diagnostic_code::wrong_argument_count, out.where,
               "annual_growth(x, 2020..2025) takes one indicator and a year range");
        return std::nullopt;
      }
    } else {
      report(diagnostic_code::unknown_function, range_of(c.function),
             "unknown function '" + out.function + "'; functions are change(x) and annual_growth(x, a..b)");
      return std::nullopt;
    }
    return ast::expression{std::move(out)};
  }

  // Rules ----------------------------------------------------------------------------------------

  static ast::compare_op compare_op_of(const std::string& op) {
    if (op == "<") return ast::compare_op::less;
    if (op == "<=" || op == "≤") return ast::compare_op::less_equal;
    if (op == ">") return ast::compare_op::greater;
    if (op == ">=" || op == "≥") return ast::compare_op::greater_equal;
    if (op == "!=" || op == "≠") return ast::compare_op::not_equal;
    return ast::compare_op::equal;
  }

  std::optional<ast::predicate> predicate_of(const syntax::predicate& p) {
    struct visitor {
      lowerer& self;
      std::optional<ast::predicate> operator()(const syntax::value_predicate& v) const {
        auto lhs = self.expression_of(v.lhs);
        if (!lhs) return std::nullopt;
        if (const auto* c = boost::get<syntax::comparison_tail>(&v.tail)) {
          auto rhs = self.expression_of(c->rhs);
          if (!rhs) return std::nullopt;
          return ast::comparison{std::move(*lhs), compare_op_of(c->op), std::move(*rhs), self.range_of(v)};
        }
        const auto& i = boost::get<syntax::interval_tail>(v.tail);
        auto low = self.expression_of(i.low);
        auto high = self.expression_of(i.high);
        if (!low || !high) return std::nullopt;
        return ast::interval_test{std::move(*lhs), std::move(*low), std::move(*high), i.open == '[', i.close == ']',
                                  self.range_of(v)};
      }
      std::optional<ast::predicate> operator()(const syntax::trend_predicate& t) const {
        ast::trend out;
        out.direction = t.direction == "increasing"       ? ast::trend_direction::increasing
                        : t.direction == "non_increasing" ? ast::trend_direction::non_increasing
                        : t.direction == "non_decreasing" ? ast::trend_direction::non_decreasing
                                                          : ast::trend_direction::decreasing;
        auto subject = self.reference_of(t.subject);
        if (!subject) return std::nullopt;
        out.subject = std::move(*subject);
        if (t.years) {
          out.years = self.year_range(*t.years);
          if (!out.years) return std::nullopt;
        }
        out.where = self.range_of(t);
        return out;
      }
      std::optional<ast::predicate> operator()(const syntax::qualitative_predicate& q) const {
        ast::qualitative out;
        out.reason = q.reason.text;
        if (q.subject) {
          out.subject = self.reference_of(*q.subject);
          if (!out.subject) return std::nullopt;
        }
        out.where = self.range_of(q);
        return out;
      }
    };
    return boost::apply_visitor(visitor{*this}, p);
  }

  std::optional<ast::scope> scope_of(const syntax::scope& s) {
    struct visitor {
      lowerer& self;
      std::optional<ast::scope> operator()(const syntax::every_year_scope& e) const {
        ast::scope out;
        out.what = ast::scope::kind::every_year;
        out.where = self.range_of(e);
        if (e.years) {
          out.years = self.year_range(*e.years);
          if (!out.years) return std::nullopt;
        }
        return out;
      }
      std::optional<ast::scope> operator()(const syntax::every_region_scope& e) const {
        const auto level = ast::level_from_name(e.level.name);
        if (!level) {
          self.report(diagnostic_code::unknown_level, self.range_of(e.level), unknown_level_message(e.level.name));
          return std::nullopt;
        }
        ast::scope out;
        out.what = ast::scope::kind::every_region;
        out.level = *level;
        out.where = self.range_of(e);
        return out;
      }
      std::optional<ast::scope> operator()(const syntax::at_least_scope& a) const {
        const auto level = ast::level_from_name(a.level.name);
        if (!level) {
          self.report(diagnostic_code::unknown_level, self.range_of(a.level), unknown_level_message(a.level.name));
          return std::nullopt;
        }
        auto count = self.number_of(a.count);
        if (!count) return std::nullopt;
        ast::scope out;
        out.what = ast::scope::kind::at_least;
        out.level = *level;
        out.count = std::move(*count);
        out.count_is_share = a.percent.has_value();
        out.where = self.range_of(a);
        return out;
      }
    };
    return boost::apply_visitor(visitor{*this}, s);
  }

  bool apply_option(const syntax::option& o, ast::rule_options& options, std::set<std::string>& seen) {
    const auto where = range_of(o);
    const auto& key = o.key.name;
    if (!seen.insert(key).second) {
      report(diagnostic_code::duplicate_option, where, "option '" + key + "' is given twice");
      return false;
    }
    if (key == "aspirational") {
      if (o.value) {
        report(diagnostic_code::invalid_option_value, where, "'aspirational' takes no value");
        return false;
      }
      options.aspirational = true;
      return true;
    }
    if (!o.value) {
      report(diagnostic_code::unknown_option, range_of(o.key),
             "unknown option '" + key + "'; options are aspirational, tolerance, missing, or key: \"text\"");
      return false;
    }
    if (key == "tolerance") {
      const auto* q = boost::get<syntax::quantity_option>(&*o.value);
      if (!q) {
        report(diagnostic_code::invalid_option_value, where, "tolerance takes a quantity, as in tolerance: 0.1‰");
        return false;
      }
      auto amount = quantity_of(q->amount);
      if (!amount) return false;
      options.tol = ast::tolerance{std::move(*amount), q->relative.has_value()};
      return true;
    }
    if (key == "missing") {
      const auto* id = boost::get<syntax::identifier>(&*o.value);
      const std::string value = id ? id->name : std::string();
      if (value == "no_data") options.missing = ast::missing_policy::no_data;
      else if (value == "not_met") options.missing = ast::missing_policy::not_met;
      else if (value == "carry_forward") options.missing = ast::missing_policy::carry_forward;
      else {
        report(diagnostic_code::invalid_option_value, where, "missing is no_data, not_met or carry_forward");
        return false;
      }
      return true;
    }
    const auto* text = boost::get<syntax::string_literal>(&*o.value);
    if (!text) {
      report(diagnostic_code::invalid_option_value, where, "metadata '" + key + "' takes a quoted string");
      return false;
    }
    options.metadata.emplace_back(key, text->text);
    return true;
  }

  std::optional<ast::rule> lower_rule(const syntax::rule_statement& s) {
    ast::rule rule;
    rule.where = range_of(s);
    if (s.label && s.label->number_) {
      rule.number = whole_number(*s.label->number_, "a rule number");
      if (!rule.number) return std::nullopt;
    }
    auto body = predicate_of(s.body);
    if (!body) return std::nullopt;
    rule.body = std::move(*body);
    for (const auto& scope : s.scopes) {
      auto lowered = scope_of(scope);
      if (!lowered) return std::nullopt;
      rule.scopes.push_back(std::move(*lowered));
    }
    std::set<std::string> seen;
    for (const auto& option : s.options)
      if (!apply_option(option, rule.options, seen)) return std::nullopt;
    rule.notes = take_comments();
    return rule;
  }

  const source_file& source_;
  const unicode::normalized_text& normalized_;
  const parse_options& options_;
  diagnostic_list& diagnostics_;
  ast::file file_;
  block block_ = block::none;
  ast::comment_lines pending_;
  std::optional<std::string> comment_;
  source_range line_;
  unsigned depth_ = 0;
  std::size_t chain_depth_ = 0; ///< operators in the chains enclosing the current expression
  std::size_t rule_count_ = 0;
};

} // namespace planrules::detail::parser

#endif
