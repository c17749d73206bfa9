#ifndef PLANRULES_DETAIL_EXTRACT_PHRASES_HPP
#define PLANRULES_DETAIL_EXTRACT_PHRASES_HPP

// The wording of goals, read into drafts of rules. Each pattern is a shape of
// Chinese plan language (docs/extraction.md lists them), not a sentence of a
// particular plan: a bound (控制在…以下, 达到…以上, 不低于, 低于 …) with one value or a
// list paired in order (分别) or shared (均); deadlines (到2025年); every year
// (保持在, 稳定在); a baseline (以2020年数据为基数下降20%); a yearly change (每年下降
// 0.5~1个百分点); compound growth (年均提高6%以上); per-population rates (每千人口);
// quantifiers (每个街道至少配备1名, 以乡镇为单位); shares (100%的城市社区…, 100%入学);
// coverage (…实现全覆盖); duties of governments (县级以上政府开通…); trends (持续下降,
// 逐步提高, 巩固提高); aspirations (力争). What is left is qualitative.

#include <planrules/ast.hpp>
#include <planrules/detail/extract/names.hpp>
#include <planrules/detail/extract/text.hpp>
#include <planrules/detail/extract/words.hpp>
#include <planrules/extract.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace planrules::detail::extracting {

// The reader ----------------------------------------------------------------------------------------------

/// Reads the sentences of one goal or measure into drafts.
class goal_reader {
public:
  goal_reader(const name_resolver& names, const plan_facts& facts, bool measure, std::size_t line)
      : names_(names), facts_(facts), measure_(measure), line_(line) {}

  /// The drafts of one sentence; what the sentence's clauses leave unread becomes
  /// one qualitative draft (main goals only). Context carries over to the next sentence.
  std::vector<draft> read(const mapped_text& normalised, std::string_view original, std::vector<uncertainty>& notes) {
    notes_ = &notes;
    std::vector<draft> out;
    sentence_year_.reset();
    sentence_aspirational_ = false;
    per_facility_ = false;
    facilities_.clear();
    std::vector<std::string> leftover;
    std::size_t first_leftover = 0;
    for (const auto& c : split_clauses(normalised, original)) {
      const auto before = out.size();
      const bool said_something = clause(c, out);
      if (out.size() == before && said_something && worth_keeping(c.text)) {
        if (leftover.empty()) first_leftover = out.size();
        leftover.push_back(c.original);
      }
    }
    if (!measure_ && !leftover.empty()) {
      draft q;
      q.what = draft::shape::qualitative;
      q.reason = join_reason(leftover) + ": no indicator or number";
      q.line = line_;
      // In the place of the first clause it stands for, so rules keep the order of the text.
      out.insert(out.begin() + static_cast<std::ptrdiff_t>(first_leftover), std::move(q));
    }
    return out;
  }

  /// A reason naming clauses, short enough to read in a report.
  static std::string join_reason(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
      if (!out.empty()) out += "/";
      out += clip(p, 40);
    }
    return out;
  }

private:
  // A clause worth listing as qualitative: not a bare time phrase or a "…的" lead-in.
  static bool worth_keeping(std::string_view text) {
    if (char_count(text) < 4) return false;
    if (ends_with(text, "的")) return false;
    return true;
  }

  void note(std::string_view phrase, std::string why) {
    notes_->push_back(uncertainty{line_, std::string(phrase), std::move(why)});
  }

  draft start(const clause_text& c) const {
    draft d;
    d.phrase = c.original;
    d.line = line_;
    d.aspirational = aspirational_;
    d.year = year_;
    d.region = region_;
    return d;
  }

  // Flags and phrases that colour the whole clause --------------------------------------------------

  // Removes 以…为单位 and sets the region it names.
  void take_scope(std::string& w) {
    for (std::size_t at = w.find("以"); at != std::string::npos; at = w.find("以", at + 1)) {
      const auto level = level_at(std::string_view(w).substr(at + 3));
      if (!level) continue;
      const auto after = at + 3 + level->second;
      if (!starts_with(std::string_view(w).substr(after), "为单位")) continue;
      region_ = local(level->first);
      w.erase(at, after + std::string_view("为单位").size() - at);
      return;
    }
  }

  // A level at or above the plan's own is no quantifier: 每个区 in a district's plan.
  std::optional<ast::region_level> local(ast::region_level level) const {
    if (facts_.level && static_cast<int>(level) <= static_cast<int>(*facts_.level)) return std::nullopt;
    return level;
  }

  // Removes a deadline (到2025年, 2025年前, “十四五”期末) and remembers it.
  void take_year(std::string& w) {
    const auto fillers_end = [&] {
      std::string_view v = w;
      std::size_t i = 0;
      for (bool again = true; again;) {
        again = false;
        for (std::string_view f : {"力争", "争取", "努力", "并", "且"})
          if (starts_with(v.substr(i), f)) i += f.size(), again = true;
      }
      return i;
    };
    for (std::string_view plan : {"“十四五”期末", "“十四五”末", "“十四五”期间", "“十四五”时期", "十四五期末",
                                  "十四五末", "十四五期间", "十四五时期"}) {
      const auto at = w.find(plan);
      if (at == std::string::npos) continue;
      std::size_t from = at;
      for (std::string_view lead : {"到", "至", "在"})
        if (from >= lead.size() && std::string_view(w).substr(from - lead.size(), lead.size()) == lead) from -= lead.size();
      set_year(2025, from == fillers_end());
      w.erase(from, at + plan.size() - from);
      return;
    }
    for (std::string_view end_of_plan : {"到规划期末", "规划期末", "到本规划期末"}) {
      const auto at = w.find(end_of_plan);
      if (at == std::string::npos) continue;
      w.erase(at, end_of_plan.size());
      return;
    }
    for (std::size_t i = 0; i + 4 < w.size(); ++i) {
      const auto n = number_at(w, i);
      if (!n || n->first.size() != 4) continue;
      const std::string_view rest = std::string_view(w).substr(i + 4);
      if (!starts_with(rest, "年")) continue;
      const int year = std::stoi(n->first);
      if (year < 2000 || year > 2100) continue;
      std::size_t end = i + 4 + std::string_view("年").size();
      const std::string_view after = std::string_view(w).substr(end);
      // 以2020年数据为基数 and 比2020年 are baselines, not deadlines.
      if (starts_with(after, "数据") || starts_with(after, "为基") || starts_with(after, "的基础") ||
          starts_with(after, "基础") || starts_with(after, "水平") || starts_with(after, "的水平"))
        continue;
      std::size_t from = i;
      bool baseline = false;
      for (std::string_view lead : {"以", "比", "较", "与", "由", "从"})
        if (from >= lead.size() && std::string_view(w).substr(from - lead.size(), lead.size()) == lead) baseline = true;
      if (baseline) continue;
      for (std::string_view lead : {"截止到", "截至", "截止", "到", "至", "在", "于"})
        if (from >= lead.size() && std::string_view(w).substr(from - lead.size(), lead.size()) == lead) {
          from -= lead.size();
          break;
        }
      for (std::string_view tail : {"以前", "底", "末", "前", "时"})
        if (starts_with(std::string_view(w).substr(end), tail)) {
          end += tail.size();
          break;
        }
      set_year(year, from == fillers_end());
      w.erase(from, end - from);
      return;
    }
  }

  void set_year(int year, bool leading) {
    year_ = year;
    if (leading) sentence_year_ = year;
  }

  // The clause ----------------------------------------------------------------------------------------

  // Reads one clause; false when it held nothing but a deadline or a lead-in (到2025年，).
  bool clause(const clause_text& c, std::vector<draft>& out) {
    std::string w = c.text;
    aspirational_ = sentence_aspirational_ || contains(w, "力争") || contains(w, "争取") ||
                    starts_with(w, "努力") || contains(w, "努力将") || contains(w, "努力使");
    if (starts_with(w, "力争") && char_count(w) <= 4) sentence_aspirational_ = true;
    region_.reset();
    year_ = sentence_year_;
    take_scope(w);
    take_year(w);
    if (strip_filler(w).empty()) {
      // 力争到2030年，…: the aspiration covers the rest of the sentence.
      if (aspirational_) sentence_aspirational_ = true;
      return false;
    }
    const auto before = out.size();
    if (baseline(c, w, out) || change(c, w, out) || growth(c, w, out)) return true;
    quantifiers(c, w, out);
    quantities(c, w, out);
    if (out.size() > before) return true;
    if (coverage(c, w, out) || duty(c, w, out)) return true;
    if (!measure_) trend(c, w, out);
    return true;
  }

  // The subjects of a predicate: its own words, else those of the last predicate.
  // One copy of `d` per subject the words name (or the clause before named); false when none.
  bool one_per_subject(const draft& d, std::string_view words, std::vector<draft>& out) {
    bool inherited = false;
    const auto names = subjects(words, inherited);
    for (const auto& name : names) {
      auto one = d;
      one.subject = name;
      out.push_back(std::move(one));
    }
    remember(names);
    return !names.empty();
  }

  std::vector<resolved_name> subjects(std::string_view words, bool& inherited) {
    inherited = false;
    auto text = strip_filler(words);
    if (text.empty() || text == "并" || text == "其") {
      inherited = true;
      return last_subjects_;
    }
    auto found = names_.list(text);
    // 床位增至3.17张 after 每千名儿童拥有…医生达1.12名: the per-population lead carries over.
    if (found.size() == 1 && !found.front().found() && !per_population_.empty()) {
      auto again = names_.single(per_population_ + text);
      if (again.found()) found = {again};
    }
    // 睡眠时间小学生达到10小时、初中生达到9小时: a topic first, then the group it is about.
    if (found.size() == 1 && !found.front().found()) {
      for (auto i = next_char(text, 0); i < text.size(); i = next_char(text, i)) {
        const auto turned = text.substr(i) + text.substr(0, i);
        if (const auto index = names_.exact(turned); index != catalogue::npos) {
          found = {{index, turned, false}};
          topic_ = text.substr(0, i);
          return found;
        }
      }
      if (!topic_.empty())
        if (const auto index = names_.exact(text + topic_); index != catalogue::npos) found = {{index, text + topic_, false}};
    }
    return found;
  }

  void remember(const std::vector<resolved_name>& s) {
    if (!s.empty()) last_subjects_ = s;
  }

  // 每千人口… / 每千名儿童拥有…: the population a count is per.
  static std::optional<std::pair<std::string, std::string>> per_population(std::string_view subject) {
    if (!starts_with(subject, "每")) return std::nullopt;
    auto rest = subject.substr(std::string_view("每").size());
    std::string size;
    for (std::string_view m : {"十万", "千", "万", "百"})
      if (starts_with(rest, m)) {
        size = std::string(m);
        rest.remove_prefix(m.size());
        break;
      }
    if (size.empty()) return std::nullopt;
    const bool named = starts_with(rest, "名");
    if (named) rest.remove_prefix(std::string_view("名").size());
    for (std::string_view population : {"常住人口", "人口", "儿童", "学生", "人"}) {
      if (!starts_with(rest, population)) continue;
      std::size_t lead = subject.size() - rest.size() + population.size();
      if (starts_with(subject.substr(lead), "拥有")) lead += std::string_view("拥有").size();
      std::string base = size;
      if (population == "儿童") base += "名儿童";
      else if (population == "学生") base += "学生";
      else base += "人口";
      return std::pair{std::string(subject.substr(0, lead)), base};
    }
    return std::nullopt;
  }

  // 以2020年数据为基数下降20%, 比2020年下降20%, 在2020年基础上提高10%.
  bool baseline(const clause_text& c, std::string& w, std::vector<draft>& out) {
    for (std::size_t i = 0; i + 4 < w.size(); ++i) {
      const auto n = number_at(w, i);
      if (!n || n->first.size() != 4 || !starts_with(std::string_view(w).substr(i + 4), "年")) continue;
      const int year = std::stoi(n->first);
      std::size_t from = i;
      bool marked = false;
      for (std::string_view lead : {"以", "比", "较", "与", "在"})
        if (from >= lead.size() && std::string_view(w).substr(from - lead.size(), lead.size()) == lead) {
          from -= lead.size();
          marked = true;
          break;
        }
      if (!marked) continue;
      std::size_t j = i + 4 + std::string_view("年").size();
      // Skip the words that say "as the base": 数据为基数, 的基础上, 相比.
      for (std::size_t k = 0; k < 8 && j < w.size(); ++k) {
        if (change_verb_at(w, j)) break;
        j = next_char(w, j);
      }
      const auto verb = change_verb_at(w, j);
      if (!verb) continue;
      const auto q = quantity_at(w, j + verb->second);
      if (q && q->unit == "pp") note(c.original, "a change in percentage points against a base year is not read");
      if (!q || q->unit != "%" || !q->high.empty()) continue;
      const bool down = verb->first;
      auto d = start(c);
      d.what = draft::shape::baseline;
      d.baseline_year = year;
      d.number = factor_text(q->number, down);
      d.op = down ? ast::compare_op::less_equal : ast::compare_op::greater_equal;
      if (d.number.empty()) return false;
      return one_per_subject(d, std::string_view(w).substr(0, from), out);
    }
    return false;
  }

  // 每年下降0.5~1个百分点.
  bool change(const clause_text& c, std::string& w, std::vector<draft>& out) {
    for (auto at = w.find("每年"); at != std::string::npos; at = w.find("每年", at + 1)) {
      std::size_t j = at + std::string_view("每年").size();
      if (starts_with(std::string_view(w).substr(j), "平均")) j += std::string_view("平均").size();
      const auto verb = change_verb_at(w, j);
      if (!verb) continue;
      const auto q = quantity_at(w, j + verb->second);
      if (!q || q->unit != "pp") continue;
      auto d = start(c);
      d.what = draft::shape::change;
      d.negative = verb->first;
      d.every_year = true;
      d.low = q->number;
      d.high = q->high.empty() ? std::string() : q->high;
      if (!d.high.empty() && number_value(d.high) < number_value(d.low)) std::swap(d.low, d.high);
      return one_per_subject(d, std::string_view(w).substr(0, at), out);
    }
    return false;
  }

  // 年均提高6%以上: compound growth from the baseline to the deadline.
  bool growth(const clause_text& c, std::string& w, std::vector<draft>& out) {
    for (auto at = w.find("年均"); at != std::string::npos; at = w.find("年均", at + 1)) {
      std::size_t j = at + std::string_view("年均").size();
      const auto verb = change_verb_at(w, j);
      if (!verb) continue;
      const auto q = quantity_at(w, j + verb->second);
      if (!q || q->unit != "%" || !q->high.empty()) continue;
      auto d = start(c);
      d.what = draft::shape::growth;
      d.negative = verb->first;
      d.number = q->number;
      d.unit = "%";
      const auto suffix = suffix_at(w, q->end);
      // 年均提高6%以上: growth >= 6%; 年均下降6%以上: growth <= -6%.
      d.op = d.negative ? ast::compare_op::less_equal : ast::compare_op::greater_equal;
      if (suffix && suffix->direction < 0) d.op = d.negative ? ast::compare_op::greater_equal : ast::compare_op::less_equal;
      const int from = facts_.baseline.value_or(facts_.period.first - 1);
      const int to = d.year.value_or(facts_.period.last);
      d.span = ast::year_range{from, to, {}};
      last_deadline_ = to;
      d.year.reset();
      return one_per_subject(d, std::string_view(w).substr(0, at), out);
    }
    return false;
  }

  // 每个街道至少配备1名…, 至少有一家…, 设有1个…: counts, over every sub-region when 每个 names one.
  void quantifiers(const clause_text& c, std::string& w, std::vector<draft>& out) {
    std::optional<ast::region_level> every;
    bool every_named = false;
    bool per_period = false;
    std::size_t search = 0;
    if (const auto at = w.find("每"); at != std::string::npos) {
      std::size_t j = at + std::string_view("每").size();
      bool counter = false;
      for (std::string_view count : {"一个", "个", "所", "家", "一所", "一家"})
        if (starts_with(std::string_view(w).substr(j), count)) {
          j += count.size();
          counter = true;
          break;
        }
      if (const auto level = level_at(std::string_view(w).substr(j))) {
        every = local(level->first);
        every_named = true;
        search = j + level->second;
      } else if (counter) {
        // 每所卫生院、社区卫生服务中心至少配备1名…: a minimum per facility, which is no region.
        // It holds for the rest of the sentence (…，至少配备2名…).
        per_facility_ = true;
        auto units = std::string_view(w).substr(j);
        for (std::string_view stop : {"至少", "都", "均", "要", "应"})
          if (const auto end = units.find(stop); end != std::string_view::npos) units = units.substr(0, end);
        facilities_.clear();
        for (const auto& unit : enumeration_items(units)) facilities_ += (facilities_.empty() ? "" : "和") + unit;
      }
      // 每学年至少开展1次…: a frequency for each school, not a count for the region (this clause only).
      for (std::string_view period : {"学年", "学期", "年", "月", "周", "天", "日"})
        if (starts_with(std::string_view(w).substr(at + std::string_view("每").size()), period)) per_period = true;
    }
    if ((per_facility_ || per_period) && !every_named) {
      if (!facilities_.empty() && facility_share(c, w, out)) return;
      if (contains(w, "至少")) note(c.original, "a minimum per facility or per period: not read as a count of the region");
      return;
    }
    // 建设1所省级示范预防接种门诊, 设有1个…中心: at least that many, when the catalogue counts them.
    for (std::string_view verb : {"设有", "建设", "创建", "新建", "建成", "设立", "设"}) {
      const auto at = w.find(verb, search);
      if (at == std::string::npos || contains(std::string_view(w).substr(0, at), "至少")) continue;
      const auto q = quantity_at(w, at + verb.size(), true);
      if (!q || !q->counted) continue;
      const auto name_words = strip_filler(std::string_view(w).substr(q->end));
      const auto name = names_.single(name_words);
      if (!name.found() || names_.indicators()[name.index].unit.dimension != dimension::count) continue;
      auto d = start(c);
      d.what = draft::shape::bound;
      d.op = ast::compare_op::greater_equal;
      d.number = q->number;
      d.unit = q->unit;
      d.subject = name;
      if (every_named) d.region = every;
      out.push_back(std::move(d));
      remember({name});
      w.erase(at);
      return;
    }
    for (std::string_view lead : {"至少", "不少于"}) {
      for (auto at = w.find(lead, search); at != std::string::npos; at = w.find(lead, at + 1)) {
        std::size_t j = at + lead.size();
        for (std::string_view verb : {"配备", "有", "设立", "建立", "建有", "设有", "配置", "设置", "拥有", "建成", "开展"})
          if (starts_with(std::string_view(w).substr(j), verb)) {
            j += verb.size();
            break;
          }
        const auto q = quantity_at(w, j, true);
        if (!q || !q->counted) continue;
        const auto name_words = strip_filler(std::string_view(w).substr(q->end));
        // 不少于1课时的…: a bound on what comes before, not a count of what follows.
        if (name_words.empty() || suffix_at(w, q->end) || starts_with(std::string_view(w).substr(q->end), "的")) continue;
        auto d = start(c);
        d.what = draft::shape::bound;
        d.op = ast::compare_op::greater_equal;
        d.number = q->number;
        d.unit = q->unit;
        if (every_named) d.region = every;
        auto name = names_.single(name_words);
        d.subject = name;
        // A count of something new is proposed only when 每<region> says where it is counted.
        d.proposable = every_named && char_count(name_words) >= 3;
        out.push_back(std::move(d));
        remember({name});
        w.erase(at); // the rest of the clause is the name
        return;
      }
    }
  }

  // 每所卫生院…至少配备1名全科医生: the share of those facilities that meet the minimum,
  // when the catalogue has it (…的卫生院和社区卫生服务中心比例).
  bool facility_share(const clause_text& c, const std::string& w, std::vector<draft>& out) {
    const auto at = w.find("至少");
    if (at == std::string::npos) return false;
    std::size_t j = at + std::string_view("至少").size();
    std::string verb;
    for (std::string_view v : {"配备", "有", "设立", "设置", "配置", "开展", "接受"})
      if (starts_with(std::string_view(w).substr(j), v)) {
        verb = std::string(v);
        j += v.size();
        break;
      }
    const auto q = quantity_at(w, j, true);
    if (!q || !q->counted) return false;
    const auto what = strip_filler(std::string_view(w).substr(q->end));
    const auto words = "至少" + verb + q->number + q->unit + what + "的" + facilities_ + "比例";
    resolved_name name{names_.exact(words), words, false};
    if (!name.found()) name = {names_.expanded(words), words, true};
    if (!name.found()) name = {names_.abbreviated(words), words, true};
    if (!name.found() || names_.indicators()[name.index].unit.dimension != dimension::ratio) return false;
    auto d = full_share(c, name);
    d.note = "每所 quantifies over facilities, not regions: read as the share of facilities meeting the minimum";
    out.push_back(std::move(d));
    return true;
  }

  // Bounds on quantities, lists paired in order, shares (100%的城市社区…, 100%入学).
  void quantities(const clause_text& c, std::string& w, std::vector<draft>& out) {
    std::size_t previous_end = 0;
    for (std::size_t i = 0; i < w.size();) {
      auto q = quantity_at(w, i);
      if (!q || !q->target || (q->unit.empty() && q->high.empty() && !suffix_at(w, q->end))) {
        i = q ? std::max(q->end, i + 1) : next_char(w, i);
        continue;
      }
      // A list: 2.8‰、3‰和4‰.
      std::vector<quantity_token> values{*q};
      std::size_t end = q->end;
      for (;;) {
        std::size_t j = end;
        bool separated = false;
        for (std::string_view sep : {"、", "和", "及", ",", "与"})
          if (starts_with(std::string_view(w).substr(j), sep)) {
            j += sep.size();
            separated = true;
            break;
          }
        if (!separated) break;
        const auto next = quantity_at(w, j);
        if (!next || !next->target || next->unit != q->unit || !next->high.empty()) break;
        values.push_back(*next);
        end = next->end;
      }
      const auto suffix = suffix_at(w, end);
      const std::size_t after = end + (suffix ? suffix->text.size() : 0);
      const auto verb = verb_before(w, q->begin);

      // 100%的城市社区和85%的农村社区建立…: shares of the units named after 的.
      if (q->unit == "%" && starts_with(std::string_view(w).substr(after), "的")) {
        share_of_units(c, w, q->begin, out);
        return;
      }
      // 确保适龄儿童100%入学: the share of the subject that does what follows.
      if (!verb && !suffix && values.size() == 1 && q->unit == "%" && is_han(char_at(w, end)) &&
          !starts_with(std::string_view(w).substr(end), "的")) {
        share_doing(c, w, previous_end, *q, out);
        return;
      }
      if (!verb && !suffix) {
        i = end;
        continue;
      }
      const std::size_t verb_begin = verb ? verb->second : q->begin;
      auto subject_words = std::string_view(w).substr(previous_end, verb_begin - previous_end);
      // 婴儿死亡率由2020年的3.5‰下降到3‰以下: the starting point is not part of the name.
      for (std::string_view from_word : {"由", "从"})
        for (auto at = subject_words.find(from_word); at != std::string_view::npos; at = subject_words.find(from_word, at + 1))
          if (is_digit(char_at(subject_words, at + from_word.size()))) {
            subject_words = subject_words.substr(0, at);
            break;
          }
      bool inherited = false;
      auto names = subjects(subject_words, inherited);
      const auto per = per_population(strip_filler(subject_words));
      if (per) per_population_ = per->first;
      if (names.empty()) {
        note(c.original, "a number with no indicator before it");
        i = after;
        previous_end = after;
        continue;
      }
      const bool shared = values.size() == 1;
      if (!shared && values.size() != names.size())
        note(c.original, std::to_string(names.size()) + " indicators and " + std::to_string(values.size()) +
                             " values: paired as far as they go");
      const auto count = shared ? names.size() : std::min(values.size(), names.size());
      for (std::size_t k = 0; k < count; ++k) {
        const auto& value = shared ? values.front() : values[k];
        auto d = start(c);
        d.what = draft::shape::bound;
        d.subject = names[k];
        d.proposable = !inherited && measurable_head(names[k].words);
        d.number = value.number;
        d.unit = value.unit;
        // A range (90%~95%) bounds from its lower end, or from its upper end under 以下.
        if (!value.high.empty()) {
          const bool upper = suffix && suffix->direction < 0;
          if (upper) d.number = value.high;
          note(c.original, std::string("a range of values: read as its ") + (upper ? "upper" : "lower") + " end");
        }
        if (per && value.counted) d.unit = value.unit + "/" + per->second;
        else if (!per_population_.empty() && value.counted && names[k].found() &&
                 starts_with(names[k].words, per_population_))
          d.unit = value.unit + "/" + this->per_population(per_population_)->second;
        settle_operator(d, verb ? std::optional<verb_word>(verb->first) : std::nullopt, suffix);
        for (std::string_view keep : {"并保持", "并稳定", "且保持", "并持续保持"})
          if (starts_with(std::string_view(w).substr(after), keep)) d.every_year = true;
        if (suffix && suffix->direction == 0) note(c.original, "左右 (about) read as a bound in the verb's direction");
        out.push_back(std::move(d));
      }
      remember(names);
      if (year_) last_deadline_ = year_;
      previous_end = after;
      i = after;
    }
  }

  void settle_operator(draft& d, std::optional<verb_word> verb, std::optional<suffix_word> suffix) {
    using op = ast::compare_op;
    const auto kind = verb ? verb->kind : verb_kind::neutral;
    switch (kind) {
    case verb_kind::at_least: d.op = op::greater_equal; return;
    case verb_kind::at_most: d.op = op::less_equal; return;
    case verb_kind::more: d.op = op::greater; return;
    case verb_kind::less: d.op = op::less; return;
    case verb_kind::more_noted:
      d.op = op::greater;
      d.note = "高于 read as exclusive";
      return;
    case verb_kind::less_noted:
      d.op = op::less;
      d.note = "低于 read as exclusive";
      return;
    default: break;
    }
    if (kind == verb_kind::keep) d.every_year = true;
    if (suffix && suffix->direction > 0) d.op = op::greater_equal;
    else if (suffix && suffix->direction < 0) d.op = op::less_equal;
    else if (kind == verb_kind::lower_to) d.op = op::less_equal;
    else if (kind == verb_kind::raise_to) d.op = op::greater_equal;
    else {
      d.op = op::greater_equal;
      d.op_guessed = true; // settled later from the indicator's better direction
    }
  }

  // N%的<units><doing>: the indicator "<doing>的<units>比例".
  void share_of_units(const clause_text& c, std::string& w, std::size_t begin, std::vector<draft>& out) {
    struct part {
      quantity_token q;
      std::string units;
      int direction = 1;
    };
    std::vector<part> parts;
    std::size_t i = begin;
    std::string rest;
    for (;;) {
      const auto q = quantity_at(w, i);
      if (!q || q->unit != "%") break;
      std::size_t j = q->end;
      int direction = 1;
      if (const auto s = suffix_at(w, j)) direction = s->direction, j += s->text.size();
      if (!starts_with(std::string_view(w).substr(j), "的")) break;
      j += std::string_view("的").size();
      // The units run to the next "和N%" or "、N%", or to the verb.
      std::size_t k = j;
      std::size_t next_part = std::string::npos;
      while (k < w.size()) {
        const auto sep = separator_at(w, k);
        if (sep && quantity_at(w, k + sep)) {
          next_part = k;
          break;
        }
        k = next_char(w, k);
      }
      parts.push_back({*q, std::string(std::string_view(w).substr(j, (next_part == std::string::npos ? w.size() : next_part) - j)), direction});
      if (next_part == std::string::npos) break;
      i = next_part + separator_at(w, next_part);
    }
    if (parts.empty()) return;
    // The last part holds units and doing: 城市社区建立家长学校… — split before the verb.
    auto& last = parts.back();
    std::string doing;
    static constexpr auto verbs = std::to_array<std::string_view>({"建立", "设立", "建成", "建有", "设有", "配备", "开展",
                                                            "开通", "实现", "达到", "落实", "拥有", "具备", "完成"});
    std::size_t cut = std::string::npos;
    for (const auto v : verbs)
      if (const auto at = last.units.find(v); at != std::string::npos && at < cut) cut = at;
    if (cut == std::string::npos || cut == 0) return;
    doing = last.units.substr(cut);
    last.units.erase(cut);
    for (const auto& p : parts) {
      auto d = start(c);
      d.what = draft::shape::bound;
      d.op = p.direction < 0 ? ast::compare_op::less_equal : ast::compare_op::greater_equal;
      d.number = p.q.number;
      d.unit = "%";
      d.subject = share_name(doing, p.units);
      d.proposable = true;
      last_share_ = {doing, p.units};
      out.push_back(std::move(d));
    }
  }

  resolved_name share_name(const std::string& doing, const std::string& units) const {
    for (std::string_view head : {"比例", "覆盖率", "占比", "率"}) {
      const auto words = doing + "的" + units + std::string(head);
      if (const auto i = names_.exact(words); i != catalogue::npos) return {i, words, false};
    }
    const auto words = doing + "的" + units + "比例";
    if (const auto i = names_.abbreviated(words); i != catalogue::npos) return {i, words, true};
    if (const auto i = names_.expanded(words); i != catalogue::npos) return {i, words, true};
    return {catalogue::npos, words, false};
  }

  // 确保适龄儿童100%入学 → 适龄儿童入学率 >= 100%.
  void share_doing(const clause_text& c, std::string& w, std::size_t from, const quantity_token& q, std::vector<draft>& out) {
    const auto who = strip_filler(std::string_view(w).substr(from, q.begin - from));
    const auto doing = strip_filler(std::string_view(w).substr(q.end));
    if (who.empty() || doing.empty()) return;
    resolved_name name{catalogue::npos, who + doing + "率", false};
    for (const auto& words : {who + doing + "率", doing + "的" + who + "比例"})
      if (const auto i = names_.exact(words); i != catalogue::npos) {
        name = {i, words, false};
        break;
      }
    auto d = start(c);
    d.what = draft::shape::bound;
    d.op = ast::compare_op::greater_equal;
    d.number = q.number;
    d.unit = "%";
    d.subject = name;
    d.proposable = true;
    out.push_back(std::move(d));
    remember({name});
  }

  // …实现全覆盖 / 实现“两个全覆盖”: staffing (X配备) over every sub-region, other items as 100% shares.
  bool coverage(const clause_text& c, std::string& w, std::vector<draft>& out) {
    const auto full = w.find("全覆盖");
    if (full == std::string::npos) return false;
    const auto achieve = w.rfind("实现", full);
    if (achieve == std::string::npos) return false;
    const auto lead = std::string_view(w).substr(0, achieve);
    // 基本实现 / 推进 / 推动 / 逐步实现 promote coverage without committing to it.
    for (std::string_view soft : {"基本", "逐步", "推进", "推动", "争取", "加快"})
      if (ends_with(lead, soft) || (contains(lead, soft) && char_count(lead) <= 6)) return false;
    const auto quoted = std::string_view(w).substr(achieve + std::string_view("实现").size(),
                                                   full - achieve - std::string_view("实现").size());
    auto items_text = strip_filler(lead);
    if (items_text.empty()) {
      // 实现“15分钟健身圈”全覆盖: the quoted words name what is covered.
      std::string object(quoted);
      if (!object.empty() && !contains(object, "个")) {
        std::string bare = object;
        for (std::string_view mark : {"“", "”"})
          for (auto at = bare.find(mark); at != std::string::npos; at = bare.find(mark)) bare.erase(at, mark.size());
        for (const auto& words : {object + "覆盖率", bare + "覆盖率"})
          if (const auto i = names_.exact(words); i != catalogue::npos) {
            auto d = full_share(c, {i, words, false});
            out.push_back(std::move(d));
            return true;
          }
        note(c.original, "coverage of something the catalogue has no indicator for");
        return false;
      }
      // 力争实现全覆盖 after a share of some units: all units, as an aspiration.
      if (last_share_) {
        auto units = last_share_->second;
        for (std::string_view part : {"城市", "农村", "城镇"})
          if (starts_with(units, part)) {
            units = "城乡" + units.substr(part.size());
            break;
          }
        auto name = share_name(last_share_->first, units);
        if (!name.found()) name = share_name(last_share_->first, last_share_->second);
        auto d = full_share(c, name);
        d.proposable = false;
        if (!name.found()) return false;
        out.push_back(std::move(d));
        return true;
      }
      return false;
    }
    bool any = false;
    for (const auto& part : split_top(items_text)) {
      if (ends_with(part, "配备") || ends_with(part, "配齐") || ends_with(part, "配置")) {
        const auto staff = std::string_view(part).substr(0, part.size() - std::string_view("配备").size());
        for (const auto& person : enumeration_items(staff)) {
          const auto name = names_.single(person);
          if (!name.found()) {
            note(c.original, "staff '" + person + "' has no indicator in the catalogue");
            continue;
          }
          const auto& info = names_.indicators()[name.index];
          if (info.unit.dimension != dimension::count) continue;
          auto d = start(c);
          d.what = draft::shape::bound;
          d.op = ast::compare_op::greater_equal;
          d.number = "1";
          d.unit = info.unit.symbol;
          d.subject = name;
          auto level = first_level_named(person);
          if (!level) level = first_level_named(info.name);
          if (!level) level = first_level_named(unicode::nfkc(info.definition));
          if (level) d.region = local(*level);
          out.push_back(std::move(d));
          any = true;
        }
        continue;
      }
      resolved_name name;
      for (const auto& words : {part + "覆盖率", part + "率", part})
        if (const auto i = names_.exact(words); i != catalogue::npos) {
          name = {i, words, false};
          break;
        }
      if (!name.found() || names_.indicators()[name.index].unit.dimension != dimension::ratio) {
        note(c.original, "coverage of '" + part + "': no indicator in the catalogue");
        continue;
      }
      out.push_back(full_share(c, name));
      any = true;
    }
    return any;
  }

  draft full_share(const clause_text& c, const resolved_name& name) const {
    auto d = start(c);
    d.what = draft::shape::bound;
    d.op = ast::compare_op::greater_equal;
    d.number = "100";
    d.unit = "%";
    d.subject = name;
    return d;
  }

  // The items of a coverage: parts joined by 以及; a part ending in 配备 is one staffing
  // list (儿童督导员和儿童主任配备), any other part lists what is covered.
  static std::vector<std::string> split_top(std::string_view s) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (auto at = s.find("以及"); at != std::string_view::npos; at = s.find("以及", start)) {
      parts.emplace_back(s.substr(start, at - start));
      start = at + std::string_view("以及").size();
    }
    parts.emplace_back(s.substr(start));
    std::vector<std::string> flat;
    for (auto& part : parts) {
      if (part.empty()) continue;
      if (ends_with(part, "配备") || ends_with(part, "配齐") || ends_with(part, "配置")) flat.push_back(part);
      else
        for (auto& item : enumeration_items(part)) flat.push_back(item);
    }
    return flat;
  }

  // 县级以上政府开通…热线: a duty of every such government, as the share of them that meet it.
  bool duty(const clause_text& c, std::string& w, std::vector<draft>& out) {
    const auto above = w.find("级以上");
    if (above == std::string::npos) return false;
    std::size_t j = above + std::string_view("级以上").size();
    std::string people;
    if (starts_with(std::string_view(w).substr(j), "人民")) people = "人民", j += people.size();
    if (!starts_with(std::string_view(w).substr(j), "政府")) return false;
    j += std::string_view("政府").size();
    // The level written before 级以上: 县, 旗县, 市, 省, 乡镇.
    std::size_t from = above;
    for (int k = 0; k < 2 && from > 0; ++k) {
      const auto p = previous_char(w, from);
      if (!level_at(std::string_view(w).substr(p, above - p))) break;
      from = p;
    }
    if (from == above) return false;
    const auto level = std::string(std::string_view(w).substr(from, above - from));
    const auto doing = strip_filler(std::string_view(w).substr(j));
    if (doing.empty()) return false;
    resolved_name name;
    for (const auto& words : {doing + "的" + level + "级以上政府比例", doing + "的" + level + "级以上人民政府比例"})
      if (const auto i = names_.exact(words); i != catalogue::npos) {
        name = {i, words, false};
        break;
      }
    if (!name.found()) {
      const auto words = doing + "的" + level + "级以上" + people + "政府比例";
      if (const auto i = names_.abbreviated(words); i != catalogue::npos) name = {i, words, true};
      else if (const auto k = names_.expanded(words); k != catalogue::npos) name = {k, words, true};
    }
    if (!name.found()) {
      note(c.original, "a duty of governments with no share indicator in the catalogue");
      return false;
    }
    out.push_back(full_share(c, name));
    return true;
  }

  // Trends: 持续下降 / 逐步提高 / 降低X / 增加X / 巩固提高; 明显下降 has no threshold and stays qualitative.
  void trend(const clause_text& c, std::string& w, std::vector<draft>& out) {
    struct trend_word {
      std::string_view text;
      int direction; ///< -1 down, +1 up, 0 never down
    };
    static constexpr auto words = std::to_array<trend_word>({{"巩固提高", 0},
                                                       {"巩固提升", 0},
                                                       {"下降", -1},
                                                       {"降低", -1},
                                                       {"减少", -1},
                                                       {"压减", -1},
                                                       {"缩小", -1},
                                                       {"提高", 1},
                                                       {"提升", 1},
                                                       {"增加", 1},
                                                       {"增长", 1},
                                                       {"上升", 1},
                                                       {"扩大", 1},
                                                       {"改善", 1},
                                                       {"加大", 1},
                                                       {"增多", 1}});
    static constexpr auto adverbs = std::to_array<std::string_view>({"进一步", "持续", "逐步", "不断", "稳步", "逐年",
                                                              "继续", "稳定", "有所", "明显", "显著", "大幅",
                                                              "全面", "有效", "大力", "切实"});
    auto text = std::string_view(w);
    while (starts_with(text, "并") || starts_with(text, "且")) text.remove_prefix(3);
    // Verb first: 降低儿童溺水死亡率, 全面压减作业总量和时长.
    auto lead = text;
    bool marked = false;
    for (bool again = true; again;) {
      again = false;
      for (const auto a : adverbs)
        if (starts_with(lead, a)) {
          marked = marked || a == "明显" || a == "显著" || a == "大幅";
          lead.remove_prefix(a.size());
          again = true;
        }
      for (std::string_view f : {"力争", "努力", "争取"})
        if (starts_with(lead, f)) lead.remove_prefix(f.size()), again = true;
    }
    for (const auto& t : words) {
      if (!starts_with(lead, t.text)) continue;
      const auto object = lead.substr(t.text.size());
      if (object.empty() || starts_with(object, "到") || starts_with(object, "至")) break;
      emit_trend(c, std::string(object), t.direction, marked, false, out);
      return;
    }
    // Subject first: 儿童溺水死亡率持续下降, 流浪儿童数量减少, 覆盖率进一步巩固提高.
    for (const auto& t : words) {
      if (!ends_with(text, t.text)) continue;
      auto subject = text.substr(0, text.size() - t.text.size());
      bool strong = false;
      for (bool again = true; again;) {
        again = false;
        for (const auto a : adverbs)
          if (ends_with(subject, a)) {
            strong = strong || a == "明显" || a == "显著" || a == "大幅";
            subject.remove_suffix(a.size());
            again = true;
          }
      }
      if (t.direction == 0 && ends_with(subject, "巩固")) subject.remove_suffix(std::string_view("巩固").size());
      emit_trend(c, std::string(subject), t.direction, strong, true, out);
      return;
    }
  }

  void emit_trend(const clause_text& c, const std::string& words, int direction, bool marked, bool subject_first,
                  std::vector<draft>& out) {
    bool inherited = false;
    auto names = subject_first ? subjects(words, inherited) : names_.list(strip_filler(words));
    if (words.empty() && subject_first) inherited = true;
    bool any = false;
    for (const auto& name : names) {
      if (!name.found()) continue;
      auto d = start(c);
      d.subject = name;
      if (marked) {
        // 明显下降 / 显著提高: the direction is clear, the size is not.
        d.what = draft::shape::qualitative;
        d.reason = c.original + ": no number";
      } else {
        d.what = draft::shape::trend;
        d.direction = direction < 0   ? ast::trend_direction::decreasing
                      : direction > 0 ? ast::trend_direction::increasing
                                      : ast::trend_direction::non_decreasing;
        if (direction == 0) d.note = "巩固提高 read as never falling";
        // 并持续提高 after 到2025年…: the years after that deadline.
        if (inherited && last_deadline_ && *last_deadline_ < facts_.period.last)
          d.span = ast::year_range{*last_deadline_, facts_.period.last, {}};
      }
      d.year.reset();
      out.push_back(std::move(d));
      any = true;
    }
    if (any && !inherited) remember(names);
  }

  const name_resolver& names_;
  const plan_facts& facts_;
  bool measure_ = false;
  std::size_t line_ = 0;
  std::vector<uncertainty>* notes_ = nullptr;

  // Context carried from clause to clause.
  std::vector<resolved_name> last_subjects_;
  std::optional<int> last_deadline_;
  std::optional<int> sentence_year_;
  std::optional<int> year_;
  bool sentence_aspirational_ = false;
  bool per_facility_ = false;
  std::string facilities_;
  bool aspirational_ = false;
  std::optional<ast::region_level> region_;
  std::string per_population_;
  std::string topic_;
  std::optional<std::pair<std::string, std::string>> last_share_;
};

} // namespace planrules::detail::extracting

#endif
