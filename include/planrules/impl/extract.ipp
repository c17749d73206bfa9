#ifndef PLANRULES_IMPL_EXTRACT_IPP
#define PLANRULES_IMPL_EXTRACT_IPP

#include <planrules/check.hpp>
#include <planrules/detail/extract/document.hpp>
#include <planrules/detail/extract/names.hpp>
#include <planrules/detail/extract/phrases.hpp>
#include <planrules/detail/extract/text.hpp>
#include <planrules/detail/unicode.hpp>
#include <planrules/extract.hpp>
#include <planrules/format.hpp>

#include <algorithm>
#include <exception>
#include <set>

namespace planrules {

namespace detail::extracting {

inline std::string area_english(ast::area_key key) {
  switch (key) {
  case ast::area_key::health: return "Children and health";
  case ast::area_key::safety: return "Children and safety";
  case ast::area_key::education: return "Children and education";
  case ast::area_key::welfare: return "Children and welfare";
  case ast::area_key::family: return "Children and family";
  case ast::area_key::environment: return "Children and environment";
  case ast::area_key::law: return "Children and legal protection";
  }
  return {};
}

inline ast::number make_number(std::string text) {
  ast::number n;
  n.value = number_value(text);
  n.text = std::move(text);
  return n;
}

inline ast::expression make_quantity(std::string number, std::string unit) {
  ast::quantity q;
  q.amount = make_number(std::move(number));
  q.unit = std::move(unit);
  return ast::expression{std::move(q)};
}

inline ast::expression negated(ast::expression e) {
  ast::negate n;
  n.operand = std::move(e);
  return ast::expression{std::move(n)};
}

inline ast::reference make_reference(const std::string& id, std::optional<int> year) {
  ast::reference r;
  r.name = id;
  r.year = year;
  return r;
}

inline ast::scope every_year_scope() {
  ast::scope s;
  s.what = ast::scope::kind::every_year;
  return s;
}

inline ast::scope every_region_scope(ast::region_level level) {
  ast::scope s;
  s.what = ast::scope::kind::every_region;
  s.level = level;
  return s;
}

inline bool is_identifier(std::string_view s) {
  if (s.empty() || unicode::first_invalid_utf8(s)) return false;
  for (std::size_t i = 0; i < s.size(); i = next_char(s, i)) {
    const auto c = char_at(s, i);
    if (i == 0 ? !unicode::is_identifier_start(c) : !unicode::is_identifier_continue(c)) return false;
  }
  return true;
}

/// The region's own name: 大连市西岗区 → 西岗, 巴彦淖尔市 → 巴彦淖尔.
inline std::string region_stem(std::string_view region) {
  for (std::string_view suffix : {"自治区", "地区", "街道", "苏木", "区", "县", "旗", "市", "州", "盟", "省", "乡", "镇"})
    if (ends_with(region, suffix) && region.size() > suffix.size()) {
      region.remove_suffix(suffix.size());
      break;
    }
  std::size_t cut = 0;
  for (std::string_view upper : {"省", "市", "州", "盟", "自治区"})
    if (const auto at = region.rfind(upper); at != std::string_view::npos && at + upper.size() > cut)
      cut = at + upper.size();
  return std::string(region.substr(cut));
}

/// Turns a document into an ast::file.
class builder {
public:
  builder(const catalogue& indicators, const extract_options& options, document doc)
      : catalogue_(indicators), options_(options), doc_(std::move(doc)), names_(indicators), proposals_(indicators) {}

  extraction run() {
    extraction out;
    notes_ = std::move(doc_.uncertainties);
    stats_.duplicates_skipped = doc_.duplicates_skipped;
    settle_facts();
    ast::file file;
    file.plan = header();
    if (!options_.catalogue_include.empty()) {
      ast::include inc;
      inc.path = options_.catalogue_include;
      file.includes.push_back(std::move(inc));
    }
    auto areas = doc_.areas;
    std::stable_sort(areas.begin(), areas.end(), [](const area_text& a, const area_text& b) { return a.key < b.key; });
    for (const auto& area : areas) {
      ast::area a;
      a.key = area.key;
      a.title = area.title;
      a.english = area_english(area.key);
      if (!area.goal_marker && !area.goals.empty())
        note(area.line, area.title, "no 主要目标 line: the numbered items after the heading were read as main goals");
      for (const auto& item : area.goals)
        if (auto g = goal(item, ast::goal_tier::main)) a.goals.push_back(std::move(*g));
      if (options_.measures)
        for (const auto& item : area.measures)
          if (auto g = goal(item, ast::goal_tier::measure)) a.goals.push_back(std::move(*g));
      if (!a.goals.empty()) file.areas.push_back(std::move(a));
    }
    for (const auto key : {ast::area_key::health, ast::area_key::safety, ast::area_key::education,
                           ast::area_key::welfare, ast::area_key::family, ast::area_key::environment,
                           ast::area_key::law})
      if (std::none_of(file.areas.begin(), file.areas.end(), [&](const ast::area& a) { return a.key == key; }))
        note(0, std::string(ast::chinese_name(key)), "the area was not found in the text");
    // 年均 growth with no 以2020年为基数 in the text runs from the year before the period.
    if (!facts_.baseline && uses_year_before_period_) {
      file.plan->baseline = facts_.period.first - 1;
      note(doc_.header.line, doc_.header.name,
           "growth rates run from " + std::to_string(facts_.period.first - 1) + ", the year before the plan: made the baseline");
    }
    declare_indicators(file);
    verify(file);
    count(file);
    out.file = std::move(file);
    out.uncertainties = std::move(notes_);
    out.statistics = stats_;
    return out;
  }

private:
  void note(std::size_t line, std::string phrase, std::string why) {
    notes_.push_back(uncertainty{line, std::move(phrase), std::move(why)});
  }

  // Period, baseline and level: from the header, or from the goals when the header lacks them.
  void settle_facts() {
    const auto& h = doc_.header;
    if (h.period) facts_.period = *h.period;
    else note(h.line, h.name, "no plan period (2021-2030年) found: 2021..2030 assumed");
    std::string goals_text;
    for (const auto& area : doc_.areas)
      for (const auto* items : {&area.goals, &area.measures})
        for (const auto& item : *items) goals_text += item.key + "\n";
    facts_.baseline = find_baseline(goals_text);
    if (facts_.baseline && *facts_.baseline > facts_.period.last) facts_.baseline.reset();
    facts_.level = h.level;
  }

  ast::plan_header header() {
    const auto& h = doc_.header;
    ast::plan_header p;
    const std::string period = std::to_string(facts_.period.first) + "_" + std::to_string(facts_.period.last);
    if (!options_.plan_id.empty()) {
      p.id = options_.plan_id;
    } else {
      auto stem = proposals::ascii_id(region_stem(h.region));
      stem.erase(std::remove(stem.begin(), stem.end(), '_'), stem.end());
      const bool children = contains(h.name, "儿童") || h.name.empty();
      if (stem.empty() || stem == "indicator" || !(stem.front() >= 'a' && stem.front() <= 'z')) stem = "plan";
      p.id = stem + (children ? "_children_" : "_") + period;
    }
    p.name = h.name;
    p.region = h.region;
    p.level = h.level;
    p.period = facts_.period;
    p.baseline = facts_.baseline;
    return p;
  }

  // The sentences of an item, each once: a sentence pasted twice is read once.
  std::vector<std::pair<mapped_text, std::string>> sentences(const plan_item& item, std::string& source) {
    std::vector<std::pair<mapped_text, std::string>> out;
    std::vector<std::string> seen;
    std::size_t begin = 0;
    bool dropped = false;
    for (const auto end : unicode::sentence_ends(item.text)) {
      const auto piece = verbatim(std::string_view(item.text).substr(begin, end - begin));
      begin = end;
      if (piece.empty()) continue;
      auto normalised = normalise(piece);
      if (normalised.text.empty()) continue;
      if (std::find(seen.begin(), seen.end(), normalised.text) != seen.end()) {
        ++stats_.duplicates_skipped;
        note(item.line, piece, "the sentence is repeated in the item and was read once");
        dropped = true;
        continue;
      }
      seen.push_back(normalised.text);
      out.emplace_back(std::move(normalised), piece);
    }
    if (dropped) {
      source.clear();
      for (const auto& s : out) source += s.second;
    } else {
      source = item.text;
    }
    return out;
  }

  std::optional<ast::goal> goal(const plan_item& item, ast::goal_tier tier) {
    ast::goal g;
    g.tier = tier;
    g.number = item.number;
    const bool measure = tier == ast::goal_tier::measure;
    std::string source;
    const auto read = sentences(item, source);
    goal_reader reader(names_, facts_, measure, item.line);
    std::vector<std::string> kept; // measures keep only the sentences with a commitment
    std::size_t last_kept = static_cast<std::size_t>(-1);
    std::vector<std::string> unread;
    for (std::size_t k = 0; k < read.size(); ++k) {
      ++stats_.sentences;
      const auto drafts = reader.read(read[k].first, read[k].second, notes_);
      const auto before = g.rules.size();
      for (const auto& d : drafts) add_rule(g, d, unread);
      if (measure && g.rules.size() > before) {
        if (!kept.empty() && last_kept + 1 != k) kept.back() += "……";
        kept.push_back(read[k].second);
        last_kept = k;
      }
    }
    if (!unread.empty() && !measure) {
      ast::rule q;
      q.body = ast::qualitative{goal_reader::join_reason(unread) + ": no indicator in the catalogue", std::nullopt, {}};
      g.rules.push_back(std::move(q));
    }
    if (measure) {
      if (g.rules.empty()) return std::nullopt;
      for (const auto& s : kept) g.source += s;
    } else {
      g.source = source;
      if (g.rules.empty()) {
        ast::rule q;
        q.body = ast::qualitative{goal_reader::join_reason({source}) + ": no indicator or number", std::nullopt, {}};
        g.rules.push_back(std::move(q));
      }
    }
    return g;
  }

  // The indicator a draft is about: from the catalogue, or proposed when the words name a quantity.
  struct target {
    std::string id;
    planrules::unit unit;
    ast::better_direction better = ast::better_direction::unspecified;
  };

  std::optional<target> indicator_for(const draft& d) {
    if (d.subject.found()) {
      const auto& info = catalogue_[d.subject.index];
      if (d.subject.abbreviated)
        note(d.line, d.subject.words, "read as '" + info.name + "' (" + info.id + "), which it abbreviates");
      return target{info.id, info.unit, info.better};
    }
    const auto& words = d.subject.words;
    if (!d.proposable || words.empty() || char_count(words) > 40) {
      if (!words.empty() && d.what != draft::shape::trend)
        note(d.line, d.phrase, "'" + words + "' names no indicator in the catalogue; left as qualitative");
      return std::nullopt;
    }
    auto u = parse_unit(d.unit);
    if (!u) return std::nullopt;
    const auto better = (d.op == ast::compare_op::greater || d.op == ast::compare_op::greater_equal)
                            ? ast::better_direction::higher
                            : ast::better_direction::lower;
    const auto before = proposals_.declared().size();
    auto id = proposals_.propose(words, *u, better);
    if (proposals_.declared().size() > before)
      note(d.line, words, "not in the catalogue: proposed as indicator '" + id + "' (" + u->symbol + ")");
    return target{id, *u, better};
  }

  bool year_ok(int year) {
    if (year >= facts_.period.first && year <= facts_.period.last) return true;
    if (facts_.baseline) return year == *facts_.baseline;
    if (year == facts_.period.first - 1) uses_year_before_period_ = true;
    return year == facts_.period.first - 1;
  }

  void add_rule(ast::goal& g, const draft& d, std::vector<std::string>& unread) {
    ast::rule rule;
    if (d.what == draft::shape::qualitative) {
      ast::qualitative q;
      q.reason = d.reason;
      if (d.subject.found()) q.subject = make_reference(catalogue_[d.subject.index].id, std::nullopt);
      rule.body = std::move(q);
      push(g, std::move(rule), d);
      return;
    }
    auto t = indicator_for(d);
    if (!t) {
      if (!d.phrase.empty()) unread.push_back(d.phrase);
      return;
    }
    auto reject = [&](std::string why) {
      note(d.line, d.phrase, std::move(why));
      unread.push_back(d.phrase);
    };
    if (d.year && (*d.year < facts_.period.first || *d.year > facts_.period.last))
      return reject("the deadline " + std::to_string(*d.year) + " lies outside the plan period");
    // An id ending in digits (childcare_places_per_1000) always carries its year, so it cannot be misread.
    const bool digit_ending = !t->id.empty() && is_digit(static_cast<unsigned char>(t->id.back()));
    const auto year = d.year ? d.year : (digit_ending ? std::optional<int>(facts_.period.last) : std::nullopt);
    switch (d.what) {
    case draft::shape::bound: {
      const auto u = parse_unit(d.unit);
      if (!u) return reject("unknown unit '" + d.unit + "'");
      if (!comparable(*u, t->unit))
        return reject("'" + d.number + d.unit + "' (" + std::string(dimension_name(u->dimension)) + ") does not fit " + t->id +
                      " (" + describe(t->unit) + ")");
      auto op = d.op;
      if (d.op_guessed) {
        if (t->better == ast::better_direction::lower) op = ast::compare_op::less_equal;
        else if (t->better == ast::better_direction::unspecified)
          note(d.line, d.phrase, "neither 以上 nor 以下: read as a lower bound");
      }
      ast::comparison c;
      c.lhs = ast::expression{make_reference(t->id, year)};
      c.op = op;
      c.rhs = make_quantity(d.number, d.unit);
      rule.body = std::move(c);
      break;
    }
    case draft::shape::baseline: {
      const int to = d.year.value_or(facts_.period.last);
      if (!year_ok(d.baseline_year) || d.baseline_year >= to)
        return reject("the base year " + std::to_string(d.baseline_year) + " is neither the plan's baseline nor in its period");
      ast::binary product;
      product.op = ast::arithmetic_op::multiply;
      product.lhs = make_quantity(d.number, "");
      product.rhs = ast::expression{make_reference(t->id, d.baseline_year)};
      ast::comparison c;
      c.lhs = ast::expression{make_reference(t->id, to)};
      c.op = d.op;
      c.rhs = ast::expression{std::move(product)};
      rule.body = std::move(c);
      break;
    }
    case draft::shape::change: {
      if (t->unit.dimension != dimension::ratio) return reject("a change in percentage points of " + t->id + ", which is not a rate");
      ast::call call;
      call.function = "change";
      call.arguments.push_back(ast::expression{make_reference(t->id, std::nullopt)});
      auto signed_quantity = [&](const std::string& n) {
        auto q = make_quantity(n, "pp");
        return d.negative ? negated(std::move(q)) : q;
      };
      if (d.high.empty()) {
        ast::comparison c;
        c.lhs = ast::expression{std::move(call)};
        c.op = d.negative ? ast::compare_op::less_equal : ast::compare_op::greater_equal;
        c.rhs = signed_quantity(d.low);
        rule.body = std::move(c);
      } else {
        ast::interval_test i;
        i.value = ast::expression{std::move(call)};
        i.low = signed_quantity(d.negative ? d.high : d.low);
        i.high = signed_quantity(d.negative ? d.low : d.high);
        rule.body = std::move(i);
      }
      break;
    }
    case draft::shape::growth: {
      if (!d.span || !year_ok(d.span->first) || !year_ok(d.span->last) || d.span->first >= d.span->last)
        return reject("no span of years for the growth rate");
      ast::call call;
      call.function = "annual_growth";
      call.arguments.push_back(ast::expression{make_reference(t->id, std::nullopt)});
      call.years = d.span;
      ast::comparison c;
      c.lhs = ast::expression{std::move(call)};
      c.op = d.op;
      c.rhs = d.negative ? negated(make_quantity(d.number, "%")) : make_quantity(d.number, "%");
      rule.body = std::move(c);
      break;
    }
    case draft::shape::trend: {
      ast::trend tr;
      tr.direction = d.direction;
      tr.subject = make_reference(t->id, std::nullopt);
      tr.years = d.span;
      rule.body = std::move(tr);
      break;
    }
    case draft::shape::qualitative: break;
    }
    if (d.every_year) {
      rule.scopes.push_back(every_year_scope());
      // A bound for every year names no year of its own; 到2025年保持在90%以上 holds every year up to 2025.
      if (d.what == draft::shape::bound) {
        if (d.year) rule.scopes.back().years = ast::year_range{facts_.period.first, *d.year, {}};
        std::get<ast::comparison>(rule.body).lhs = ast::expression{make_reference(t->id, std::nullopt)};
      }
    }
    if (d.region) rule.scopes.push_back(every_region_scope(*d.region));
    push(g, std::move(rule), d);
  }

  void push(ast::goal& g, ast::rule rule, const draft& d) {
    rule.options.aspirational = d.aspirational && d.what != draft::shape::qualitative;
    // The same rule twice (a passage pasted twice, a goal repeating itself) is kept once.
    const auto text = format(rule);
    for (const auto& other : g.rules)
      if (format(other) == text) {
        ++stats_.duplicates_skipped;
        return;
      }
    if (!d.phrase.empty() && d.what != draft::shape::qualitative) rule.options.metadata.emplace_back("phrase", d.phrase);
    if (!d.note.empty()) rule.options.metadata.emplace_back("note", d.note);
    g.rules.push_back(std::move(rule));
  }

  // Proposed indicators are declared in the file. Declaring any means the built-in
  // catalogue no longer applies, so without an include the catalogue indicators used
  // are declared too and the file checks on its own.
  void declare_indicators(ast::file& file) {
    file.indicators = proposals_.declared();
    if (file.indicators.empty() || !options_.catalogue_include.empty()) return;
    std::set<std::string> used;
    std::vector<std::string> order;
    auto use = [&](const std::string& id) {
      if (catalogue_.find(id) == catalogue::npos || proposals_.find(id) || !used.insert(id).second) return;
      order.push_back(id);
    };
    for (const auto& area : file.areas)
      for (const auto& goal : area.goals)
        for (const auto& rule : goal.rules) references(rule, use);
    for (std::size_t k = 0; k < order.size(); ++k) { // denominators too, and theirs
      const auto& info = catalogue_[catalogue_.find(order[k])];
      if (!info.denominator.empty()) use(info.denominator);
    }
    std::vector<ast::indicator> copies;
    for (const auto& id : order) {
      const auto& info = catalogue_[catalogue_.find(id)];
      ast::indicator i;
      i.id = info.id;
      i.name = info.name;
      i.aliases = info.aliases;
      i.english = info.english;
      i.unit = info.unit.symbol;
      i.better = info.better;
      i.definition = info.definition;
      i.denominator = info.denominator;
      copies.push_back(std::move(i));
    }
    file.indicators.insert(file.indicators.begin(), copies.begin(), copies.end());
  }

  // Calls `use` with the name of every indicator a rule reads.
  template <class F>
  static void references(const ast::rule& rule, F&& use) {
    struct walker {
      F& use;
      void operator()(const ast::expression& e) const { std::visit(*this, e.node); }
      void operator()(const ast::quantity&) const {}
      void operator()(const ast::reference& r) const { use(r.name); }
      void operator()(const ast::binary& b) const { (*this)(*b.lhs), (*this)(*b.rhs); }
      void operator()(const ast::negate& n) const { (*this)(*n.operand); }
      void operator()(const ast::call& c) const {
        for (const auto& a : c.arguments) (*this)(a);
      }
      void operator()(const ast::comparison& c) const { (*this)(c.lhs), (*this)(c.rhs); }
      void operator()(const ast::interval_test& i) const { (*this)(i.value), (*this)(i.low), (*this)(i.high); }
      void operator()(const ast::trend& t) const { use(t.subject.name); }
      void operator()(const ast::qualitative& q) const {
        if (q.subject) use(q.subject->name);
      }
    };
    std::visit(walker{use}, rule.body);
  }

  // The output must check: a rule the checker rejects is left out and reported. The
  // whole file is checked once; only when it fails are its rules checked one by one.
  void verify(ast::file& file) {
    catalogue all = catalogue_;
    diagnostic_list ignored;
    const source_file none("<extract>", " ");
    for (const auto& indicator : proposals_.declared()) all.add(indicator, none, ignored);
    if (!has_errors(check(file, none, all).diagnostics)) return;
    for (auto& area : file.areas)
      for (auto& goal : area.goals) {
        std::vector<ast::rule> kept;
        for (auto& rule : goal.rules) {
          ast::file alone;
          alone.plan = file.plan;
          ast::area a;
          a.key = area.key;
          ast::goal g;
          g.tier = goal.tier;
          g.number = goal.number;
          g.rules.push_back(rule);
          a.goals.push_back(std::move(g));
          alone.areas.push_back(std::move(a));
          const auto result = check(alone, none, all);
          if (has_errors(result.diagnostics)) {
            const auto first = std::find_if(result.diagnostics.begin(), result.diagnostics.end(),
                                            [](const diagnostic& d) { return d.level == severity::error; });
            note(0, format(rule), "the rule did not check and was left out: " + first->message);
            continue;
          }
          kept.push_back(std::move(rule));
        }
        if (kept.empty() && !goal.rules.empty()) {
          ast::rule q;
          q.body = ast::qualitative{goal_reader::join_reason({goal.source}) + ": no rule could be read", std::nullopt, {}};
          kept.push_back(std::move(q));
        }
        goal.rules = std::move(kept);
      }
    for (const auto& d : check(file, none, all).diagnostics)
      if (d.level == severity::error) note(0, "", "the extracted plan does not check: " + d.message);
  }

  void count(const ast::file& file) {
    stats_.proposed_indicators = proposals_.declared().size();
    stats_.areas = file.areas.size();
    for (const auto& area : file.areas)
      for (const auto& goal : area.goals) {
        (goal.tier == ast::goal_tier::main ? stats_.goals : stats_.measures)++;
        for (const auto& rule : goal.rules) {
          ++stats_.rules;
          if (std::holds_alternative<ast::qualitative>(rule.body)) ++stats_.qualitative;
          else ++stats_.measurable;
          if (rule.options.aspirational) ++stats_.aspirational;
        }
      }
  }

  const catalogue& catalogue_;
  const extract_options& options_;
  document doc_;
  name_resolver names_;
  proposals proposals_;
  plan_facts facts_;
  std::vector<uncertainty> notes_;
  extraction_statistics stats_;
  bool uses_year_before_period_ = false;
};

// Page breaks (a PDF's form feeds) become line breaks and other control characters
// spaces, so that no source sentence quoted into the rules carries one.
inline std::string without_control_characters(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\f' || c == '\v') c = '\n';
    else if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F) c = ' ';
  }
  return out;
}

} // namespace detail::extracting

PLANRULES_DECL expected<extraction, error> extract(std::string_view plan_text, const catalogue& indicators,
                                                   const extract_options& options) {
  try {
    if (!options.plan_id.empty() && !detail::extracting::is_identifier(options.plan_id))
      return fail(errc::invalid_argument, "'" + options.plan_id + "' is not an identifier for the plan");
    if (const auto bad = detail::unicode::first_invalid_utf8(plan_text))
      return fail(errc::invalid_input, "the plan text is not UTF-8 (byte " + std::to_string(*bad) + ")");
    const auto text = detail::extracting::without_control_characters(plan_text);
    auto doc = detail::extracting::read_document(text);
    if (doc.areas.empty())
      return fail(errc::invalid_input, "no area heading such as （一）儿童与健康 followed by numbered goals was found");
    return detail::extracting::builder(indicators, options, std::move(doc)).run();
  } catch (const std::exception& e) {
    return fail(errc::internal, std::string("extract failed: ") + e.what());
  } catch (...) {
    return fail(errc::internal, "extract failed");
  }
}

} // namespace planrules

#endif
