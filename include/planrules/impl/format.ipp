#ifndef PLANRULES_IMPL_FORMAT_IPP
#define PLANRULES_IMPL_FORMAT_IPP

#include <planrules/detail/unicode.hpp>
#include <planrules/format.hpp>

#include <algorithm>
#include <array>
#include <iterator>
#include <utility>

namespace planrules {

namespace detail::formatting {

// Words the parser reads as a statement keyword at the start of a line.
inline constexpr std::array<std::string_view, 21> line_keywords{
    "plan",   "include", "indicator", "area",     "goal",   "measure",    "name",
    "en",     "note",    "source",    "region",   "level",  "period",     "baseline",
    "parent", "alias",   "unit",      "better",   "definition", "denominator", "rule"};

inline bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  char32_t c = 0;
  std::size_t i = 0;
  auto length = unicode::decode(s, 0, c);
  if (length == 0 || !unicode::is_identifier_start(c)) return false;
  for (i = length; i < s.size(); i += length) {
    length = unicode::decode(s, i, c);
    if (length == 0 || !unicode::is_identifier_continue(c)) return false;
  }
  return true;
}

inline std::string reference_text(const ast::reference& r) {
  std::string out;
  const bool plain = is_identifier(r.name);
  if (plain) out = r.name;
  else out = "`" + r.name + "`";
  if (r.year) {
    if (plain && !ast::year_suffix(r.name)) out += "_" + std::to_string(*r.year);
    else out += "@" + std::to_string(*r.year);
  }
  if (!r.filters.empty()) {
    out += "[";
    for (std::size_t i = 0; i < r.filters.size(); ++i) {
      if (i) out += ", ";
      const auto& value = r.filters[i].value;
      const bool bare = !value.empty() && value.find_first_of(",] \t\"#") == std::string::npos;
      out += r.filters[i].key + "=" + (bare ? value : quote(value));
    }
    out += "]";
  }
  return out;
}

inline int precedence(const ast::expression& e) {
  if (const auto* b = std::get_if<ast::binary>(&e.node))
    return (b->op == ast::arithmetic_op::add || b->op == ast::arithmetic_op::subtract) ? 1 : 2;
  if (std::holds_alternative<ast::negate>(e.node)) return 3;
  return 4;
}

inline std::string year_range_text(const ast::year_range& r) {
  return std::to_string(r.first) + ".." + std::to_string(r.last);
}

inline std::string scope_text(const ast::scope& s) {
  switch (s.what) {
  case ast::scope::kind::every_year: return s.years ? "every year " + year_range_text(*s.years) : "every year";
  case ast::scope::kind::every_region: return "every " + std::string(ast::to_string(s.level));
  case ast::scope::kind::at_least:
    return "at least " + (s.count ? s.count->text : std::string("1")) + (s.count_is_share ? "%" : "") + " of " +
           std::string(ast::to_string(s.level));
  }
  return {};
}

inline std::string options_text(const ast::rule_options& o) {
  std::vector<std::string> parts;
  if (o.aspirational) parts.emplace_back("aspirational");
  if (o.tol) parts.push_back("tolerance: " + format(o.tol->amount) + (o.tol->relative ? " relative" : ""));
  if (o.missing) parts.push_back("missing: " + std::string(ast::to_string(*o.missing)));
  for (const auto& [key, value] : o.metadata) parts.push_back(key + ": " + quote(value));
  if (parts.empty()) return {};
  std::string out = " {";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out + "}";
}

struct writer {
  std::string out;

  void comments_before(const ast::comments& c, std::string_view indent) {
    for (const auto& line : c.before) comment(line, indent);
  }
  void comment(const std::optional<std::string>& line, std::string_view indent) {
    if (line) {
      out += indent;
      out += '#';
      if (!line->empty()) out.append(" ").append(*line);
    }
    out += '\n';
  }
  void line(std::string_view indent, const std::string& text, const ast::comments* c = nullptr) {
    out += std::string(indent) + text;
    if (c && !c->after.empty()) out += "  # " + c->after;
    out += "\n";
  }
  void string_attribute(const char* key, const std::string& value) {
    if (!value.empty()) line("  ", std::string(key) + " " + quote(value));
  }
  void blank() {
    if (!out.empty() && out.substr(out.size() > 1 ? out.size() - 2 : 0) != "\n\n") out += "\n";
  }
};

} // namespace detail::formatting

PLANRULES_DECL std::string quote(std::string_view text) {
  // The parser reads text after NFKC, which folds these into a quote or a backslash.
  static constexpr std::pair<std::string_view, std::string_view> folding[] = {
      {"\uFF02", "\\\""}, {"\uFF3C", "\\\\"}, {"\uFE68", "\\\\"}};
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      const auto* f = std::find_if(std::begin(folding), std::end(folding),
                                   [&](const auto& x) { return text.substr(i).starts_with(x.first); });
      if (f != std::end(folding)) {
        out += f->second;
        i += f->first.size() - 1;
        continue;
      }
    }
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    default: out += c;
    }
  }
  return out + "\"";
}

PLANRULES_DECL std::string format(const ast::quantity& q) {
  if (q.unit.empty()) return q.amount.text;
  if (q.unit.rfind("per ", 0) == 0) return q.amount.text + " " + q.unit;
  return q.amount.text + q.unit;
}

PLANRULES_DECL std::string format(const ast::expression& e) {
  using namespace detail::formatting;
  struct visitor {
    const ast::expression& self;
    std::string operator()(const ast::quantity& q) const { return format(q); }
    std::string operator()(const ast::reference& r) const { return reference_text(r); }
    std::string operator()(const ast::binary& b) const {
      const int mine = precedence(self);
      auto side = [&](const ast::expression& child, bool right) {
        const int theirs = precedence(child);
        const bool parens = theirs < mine || (right && theirs == mine);
        return parens ? "(" + format(child) + ")" : format(child);
      };
      return side(*b.lhs, false) + " " + static_cast<char>(b.op) + " " + side(*b.rhs, true);
    }
    std::string operator()(const ast::negate& n) const {
      const bool parens = precedence(*n.operand) < 3;
      return "-" + (parens ? "(" + format(*n.operand) + ")" : format(*n.operand));
    }
    std::string operator()(const ast::call& c) const {
      std::string out = c.function + "(";
      for (std::size_t i = 0; i < c.arguments.size(); ++i) out += (i ? ", " : "") + format(c.arguments[i]);
      if (c.years) out += (c.arguments.empty() ? "" : ", ") + year_range_text(*c.years);
      return out + ")";
    }
  };
  return std::visit(visitor{e}, e.node);
}

PLANRULES_DECL std::string format(const ast::rule& rule) {
  using namespace detail::formatting;
  struct visitor {
    std::string operator()(const ast::comparison& c) const {
      return format(c.lhs) + " " + std::string(ast::to_string(c.op)) + " " + format(c.rhs);
    }
    std::string operator()(const ast::interval_test& i) const {
      return format(i.value) + " in " + (i.low_inclusive ? "[" : "(") + format(i.low) + ", " + format(i.high) +
             (i.high_inclusive ? "]" : ")");
    }
    std::string operator()(const ast::trend& t) const {
      return std::string(ast::to_string(t.direction)) + "(" + reference_text(t.subject) +
             (t.years ? ", " + year_range_text(*t.years) : "") + ")";
    }
    std::string operator()(const ast::qualitative& q) const {
      return "qualitative " + quote(q.reason) + (q.subject ? " on " + reference_text(*q.subject) : "");
    }
  };
  std::string body = std::visit(visitor{}, rule.body);
  if (!rule.scopes.empty()) {
    body += " for ";
    for (std::size_t i = 0; i < rule.scopes.size(); ++i) body += (i ? ", " : "") + scope_text(rule.scopes[i]);
  }
  body += options_text(rule.options);
  if (rule.number) return "rule " + std::to_string(*rule.number) + ": " + body;
  for (const auto keyword : line_keywords) {
    if (body.size() >= keyword.size() && body.compare(0, keyword.size(), keyword) == 0) {
      char32_t next = 0;
      const auto length = detail::unicode::decode(body, keyword.size(), next);
      if (length == 0 || !detail::unicode::is_identifier_continue(next)) return "rule: " + body;
    }
  }
  return body;
}

PLANRULES_DECL std::string format(const ast::file& file) {
  using namespace detail::formatting;
  writer w;
  if (file.plan) {
    const auto& p = *file.plan;
    w.comments_before(p.remarks, "");
    w.line("", "plan " + p.id + (p.name.empty() ? "" : " " + quote(p.name)), &p.remarks);
    w.string_attribute("en", p.english);
    w.string_attribute("region", p.region);
    if (p.level) w.line("  ", "level " + std::string(ast::to_string(*p.level)));
    if (p.period) w.line("  ", "period " + year_range_text(*p.period));
    if (p.baseline) w.line("  ", "baseline " + std::to_string(*p.baseline));
    if (!p.parent.empty()) w.line("  ", "parent " + (is_identifier(p.parent) ? p.parent : quote(p.parent)));
    for (const auto& note : p.notes) w.string_attribute("note", note);
  }
  if (!file.includes.empty()) {
    w.blank();
    for (const auto& include : file.includes) {
      w.comments_before(include.remarks, "");
      w.line("", "include " + quote(include.path), &include.remarks);
    }
  }
  for (const auto& indicator : file.indicators) {
    w.blank();
    w.comments_before(indicator.remarks, "");
    w.line("", "indicator " + indicator.id + (indicator.name.empty() ? "" : " " + quote(indicator.name)),
           &indicator.remarks);
    if (!indicator.aliases.empty()) {
      std::string aliases = "alias ";
      for (std::size_t i = 0; i < indicator.aliases.size(); ++i)
        aliases += (i ? ", " : "") + quote(indicator.aliases[i]);
      w.line("  ", aliases);
    }
    w.string_attribute("en", indicator.english);
    if (!indicator.unit.empty()) w.line("  ", "unit " + indicator.unit);
    if (indicator.better != ast::better_direction::unspecified)
      w.line("  ", "better " + std::string(ast::to_string(indicator.better)));
    w.string_attribute("definition", indicator.definition);
    if (!indicator.denominator.empty()) w.line("  ", "denominator " + indicator.denominator);
    for (const auto& note : indicator.notes) w.string_attribute("note", note);
  }
  if (!file.rules.empty()) {
    w.blank();
    for (const auto& rule : file.rules) {
      w.comments_before(rule.notes, "");
      w.line("", format(rule), &rule.notes);
    }
  }
  for (const auto& area : file.areas) {
    w.blank();
    w.comments_before(area.remarks, "");
    w.line("", "area " + std::string(ast::to_string(area.key)) + (area.title.empty() ? "" : " " + quote(area.title)),
           &area.remarks);
    w.string_attribute("en", area.english);
    for (const auto& goal : area.goals) {
      w.blank();
      w.comments_before(goal.remarks, "");
      w.line("", std::string(ast::to_string(goal.tier)) + " " + std::to_string(goal.number) +
                     (goal.source.empty() ? "" : " " + quote(goal.source)),
             &goal.remarks);
      w.string_attribute("en", goal.english);
      for (const auto& note : goal.notes) w.string_attribute("note", note);
      for (const auto& rule : goal.rules) {
        w.comments_before(rule.notes, "  ");
        w.line("  ", format(rule), &rule.notes);
      }
    }
  }
  if (!file.trailing_comments.empty()) {
    w.blank();
    for (const auto& line : file.trailing_comments) w.comment(line, "");
  }
  return w.out;
}

} // namespace planrules

#endif
