#ifndef PLANRULES_DETAIL_EXTRACT_WORDS_HPP
#define PLANRULES_DETAIL_EXTRACT_WORDS_HPP

// The small words goals are made of: clauses, quantities with their units, the
// verbs before a number (控制在, 达到, 不低于 …), the words after it (以上, 以下),
// filler words around a subject, and the draft a clause is read into.

#include <planrules/ast.hpp>
#include <planrules/detail/extract/names.hpp>
#include <planrules/detail/extract/text.hpp>

#include <array>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace planrules::detail::extracting {

/// The value of a number as the text wrote it (digits and a point); 0 when it is not one.
inline double number_value(std::string_view text) noexcept {
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

/// A rule before its indicator is settled: what the words say.
struct draft {
  enum class shape : unsigned char { bound, baseline, change, growth, trend, qualitative };
  shape what = shape::bound;
  resolved_name subject;
  bool proposable = false; ///< an unresolved subject may be proposed as a new indicator

  ast::compare_op op = ast::compare_op::greater_equal;
  std::string number;      ///< bound, growth: the value as written; baseline: the factor
  std::string unit;        ///< bound: the unit as written after NFKC; growth: %
  bool negative = false;   ///< growth or change downwards
  std::string low, high;   ///< change: magnitudes in pp, low <= high
  bool op_guessed = false; ///< no 以上/以下 and a verb that does not say: taken from `better`

  std::optional<int> year; ///< the deadline the sentence names
  int baseline_year = 0;
  std::optional<ast::year_range> span; ///< growth, and trends after a deadline
  bool every_year = false;
  std::optional<ast::region_level> region;
  ast::trend_direction direction = ast::trend_direction::increasing;

  bool aspirational = false;
  std::string note;
  std::string phrase; ///< the clause as written
  std::string reason; ///< qualitative
  std::size_t line = 0;
};

/// What the reader needs to know about the plan.
struct plan_facts {
  ast::year_range period{2021, 2030, {}};
  std::optional<int> baseline;
  std::optional<ast::region_level> level;
};

/// A clause: a stretch of a sentence between commas or semicolons.
struct clause_text {
  std::string text;     ///< normalised
  std::string original; ///< as written
};

/// Splits a normalised sentence at , and ; outside brackets and quotes, never between digits.
inline std::vector<clause_text> split_clauses(const mapped_text& sentence, std::string_view original) {
  std::vector<clause_text> out;
  const std::string_view s = sentence.text;
  std::size_t start = 0;
  int depth = 0;
  auto flush = [&](std::size_t end) {
    auto piece = s.substr(start, end - start);
    std::size_t b = start, e = end;
    while (!piece.empty()) {
      const auto c = char_at(piece, 0);
      if (!(c == 0x3002 || c == ',' || c == ';' || c == 0x3001 || c == '!' || c == '?' || c == ':')) break;
      const auto n = next_char(piece, 0);
      piece.remove_prefix(n);
      b += n;
    }
    while (!piece.empty()) {
      const auto c = char_before(piece, piece.size());
      if (!(c == 0x3002 || c == ',' || c == ';' || c == 0x3001 || c == '!' || c == '?' || c == ':')) break;
      const auto p = previous_char(piece, piece.size());
      e -= piece.size() - p;
      piece = piece.substr(0, p);
    }
    if (!piece.empty()) out.push_back({std::string(piece), verbatim(sentence.original(original, b, e))});
  };
  for (std::size_t i = 0; i < s.size();) {
    const auto c = char_at(s, i);
    if (c == '(' || c == U'“' || c == U'《' || c == U'「') ++depth;
    if ((c == ')' || c == U'”' || c == U'》' || c == U'」') && depth > 0) --depth;
    const bool between_digits =
        c == ',' && i > 0 && is_digit(char_before(s, i)) && i + 1 < s.size() && is_digit(char_at(s, i + 1));
    if (depth == 0 && (c == ',' || c == ';' || c == 0x3002) && !between_digits) {
      flush(i);
      start = next_char(s, i);
      i = start;
      continue;
    }
    i = next_char(s, i);
  }
  flush(s.size());
  return out;
}

// Quantities -----------------------------------------------------------------------------------------

/// A number with its unit in normalised text: 2.8‰, 4.5个, 0.5~1个百分点, 一名.
struct quantity_token {
  std::size_t begin = 0, end = 0; ///< bytes, unit included
  std::string number;             ///< as written, in ASCII digits
  std::string high;               ///< the upper end of a range (0.5~1)
  std::string unit;               ///< as the language writes it: %, ‰, pp, 个, 小时 …
  bool counted = false;           ///< a count unit (个, 名, 家 …)
  bool target = true;             ///< false for ages, months, years (5岁, 0~6个月, 2025年)
};

inline std::optional<std::pair<std::string, std::size_t>> unit_at(std::string_view s, std::size_t i, bool& counted,
                                                                   bool& target) {
  counted = false;
  target = true;
  const auto rest = s.substr(i);
  // Not targets: ages, months and dates that are part of a name (5岁以下儿童, 0~6个月婴儿).
  for (std::string_view word : {"周岁", "岁", "个月", "月龄", "月", "年", "日", "周", "后", "代"})
    if (starts_with(rest, word)) {
      target = false;
      return std::pair{std::string(word), word.size()};
    }
  for (std::string_view word : {"个百分点", "百分点"})
    if (starts_with(rest, word)) return std::pair{std::string("pp"), word.size()};
  for (std::string_view word : {"‰", "%", "‱"})
    if (starts_with(rest, word)) return std::pair{std::string(word), word.size()};
  // 8/10万 (per 100,000): read as 0.8‱ by the caller.
  for (std::string_view word : {"/10万", "/十万", "/100000"})
    if (starts_with(rest, word)) return std::pair{std::string("/10万"), word.size()};
  std::string multiplier;
  std::size_t at = 0;
  for (std::string_view m : {"十万", "百万", "千万", "万", "亿", "千", "百"})
    if (starts_with(rest, m)) {
      multiplier = std::string(m);
      at = m.size();
      break;
    }
  static constexpr auto counts = std::to_array<std::string_view>({"课时", "人次", "批次", "个", "名", "家", "所", "张",
                                                           "人",   "次",   "项",   "种", "册", "条", "座", "间",
                                                           "台",   "件",   "例",   "位", "处", "户", "床", "元"});
  for (const auto word : counts)
    if (starts_with(rest.substr(at), word)) {
      counted = word != "元";
      return std::pair{multiplier + std::string(word), at + word.size()};
    }
  for (std::string_view word : {"小时", "分钟", "天"})
    if (starts_with(rest.substr(at), word) && multiplier.empty()) return std::pair{std::string(word), word.size()};
  if (!multiplier.empty()) return std::nullopt;
  return std::pair{std::string(), std::size_t(0)};
}

/// `number` divided by 10^places, as decimal text: 8 → 0.8, 12.5 → 1.25.
inline std::string shift_decimal(std::string number, int places) {
  auto dot = number.find('.');
  if (dot == std::string::npos) dot = number.size();
  else number.erase(dot, 1);
  long long at = static_cast<long long>(dot) - places;
  while (at <= 0) number.insert(0, "0"), ++at;
  number.insert(static_cast<std::size_t>(at), ".");
  while (!number.empty() && number.back() == '0') number.pop_back();
  if (!number.empty() && number.back() == '.') number.pop_back();
  while (number.size() > 1 && number[0] == '0' && number[1] != '.') number.erase(0, 1);
  return number;
}

/// The ASCII number at `i` (digits, optional decimals), or nothing.
inline std::optional<std::pair<std::string, std::size_t>> number_at(std::string_view s, std::size_t i) {
  if (i >= s.size() || !is_digit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  if (i > 0 && (is_digit(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '.')) return std::nullopt;
  std::size_t j = i;
  while (j < s.size() && is_digit(static_cast<unsigned char>(s[j]))) ++j;
  if (j + 1 < s.size() && s[j] == '.' && is_digit(static_cast<unsigned char>(s[j + 1]))) {
    ++j;
    while (j < s.size() && is_digit(static_cast<unsigned char>(s[j]))) ++j;
  }
  return std::pair{std::string(s.substr(i, j - i)), j - i};
}

/// The quantity starting at `i`; Chinese numerals only when `chinese` (一名, 两次).
inline std::optional<quantity_token> quantity_at(std::string_view s, std::size_t i, bool chinese = false) {
  quantity_token q;
  q.begin = i;
  std::size_t j = i;
  if (auto n = number_at(s, i)) {
    q.number = n->first;
    j += n->second;
    // A range: 0.5~1, 0.5-1, 0.5至1.
    for (std::string_view dash : {"~", "-", "—", "–", "至", "到"})
      if (starts_with(s.substr(j), dash))
        if (auto high = number_at(s, j + dash.size())) {
          q.high = high->first;
          j += dash.size() + high->second;
          break;
        }
  } else if (chinese) {
    std::size_t length = 0;
    const auto value = chinese_number(s, i, length);
    if (!value || *value == 0) return std::nullopt;
    q.number = std::to_string(*value);
    j += length;
  } else {
    return std::nullopt;
  }
  auto unit = unit_at(s, j, q.counted, q.target);
  if (!unit) return std::nullopt;
  q.unit = unit->first;
  q.end = j + unit->second;
  if (q.unit == "/10万") { // per 100,000 is a tenth of per 10,000
    q.number = shift_decimal(q.number, 1);
    if (!q.high.empty()) q.high = shift_decimal(q.high, 1);
    q.unit = "‱";
  }
  // A four-digit number before 年 is a year, and 2025 with nothing after it is one too.
  if (q.number.size() == 4 && q.unit.empty() && q.number.front() == '2') q.target = false;
  if (chinese && !q.counted) return std::nullopt;
  return q;
}

// Words -------------------------------------------------------------------------------------------

enum class verb_kind : unsigned char { lower_to, raise_to, keep, at_least, at_most, more, less, more_noted, less_noted, neutral };

struct verb_word {
  std::string_view text;
  verb_kind kind;
};

// Longest first: they are matched backwards from the number.
inline constexpr auto bound_verbs = std::to_array<verb_word>({
    {"达到并保持在", verb_kind::keep}, {"达到并稳定在", verb_kind::keep}, {"始终保持在", verb_kind::keep},
    {"至少达到", verb_kind::at_least}, {"保持在", verb_kind::keep},       {"稳定在", verb_kind::keep},
    {"维持在", verb_kind::keep},       {"控制在", verb_kind::lower_to},  {"降低到", verb_kind::lower_to},
    {"降低至", verb_kind::lower_to},   {"下降到", verb_kind::lower_to},  {"下降至", verb_kind::lower_to},
    {"减少到", verb_kind::lower_to},   {"减少至", verb_kind::lower_to},  {"压减到", verb_kind::lower_to},
    {"缩小到", verb_kind::lower_to},   {"缩小至", verb_kind::lower_to},  {"提高到", verb_kind::raise_to},
    {"提高至", verb_kind::raise_to},   {"提升到", verb_kind::raise_to},  {"提升至", verb_kind::raise_to},
    {"增加到", verb_kind::raise_to},   {"增加至", verb_kind::raise_to},  {"增长到", verb_kind::raise_to},
    {"增长至", verb_kind::raise_to},   {"上升到", verb_kind::raise_to},  {"上升至", verb_kind::raise_to},
    {"扩大到", verb_kind::raise_to},   {"扩大至", verb_kind::raise_to},  {"不低于", verb_kind::at_least},
    {"不少于", verb_kind::at_least},   {"不小于", verb_kind::at_least},  {"不超过", verb_kind::at_most},
    {"不高于", verb_kind::at_most},    {"不多于", verb_kind::at_most},   {"不大于", verb_kind::at_most},
    {"降至", verb_kind::lower_to},     {"降到", verb_kind::lower_to},    {"减至", verb_kind::lower_to},
    {"增至", verb_kind::raise_to},     {"达到", verb_kind::raise_to},    {"超过", verb_kind::more},
    {"高于", verb_kind::more_noted},   {"大于", verb_kind::more},        {"多于", verb_kind::more},
    {"低于", verb_kind::less_noted},   {"少于", verb_kind::less},        {"小于", verb_kind::less},
    {"不满", verb_kind::less},         {"至少", verb_kind::at_least},    {"保持", verb_kind::keep},
    {"≥", verb_kind::at_least},        {"≤", verb_kind::at_most},        {">=", verb_kind::at_least},
    {"<=", verb_kind::at_most},        {">", verb_kind::more},           {"<", verb_kind::less},
    {"稳定", verb_kind::keep},         {"实现", verb_kind::raise_to},    {"达", verb_kind::raise_to},
    {"为", verb_kind::neutral},        {"在", verb_kind::neutral},       {"是", verb_kind::neutral},
    {"占", verb_kind::neutral},
});

/// The bound verb ending at byte `end` of `s`.
inline std::optional<std::pair<verb_word, std::size_t>> verb_before(std::string_view s, std::size_t end) {
  const auto head = s.substr(0, end);
  for (const auto& v : bound_verbs)
    if (ends_with(head, v.text)) return std::pair{v, end - v.text.size()};
  return std::nullopt;
}

struct suffix_word {
  std::string_view text;
  int direction = 0; ///< +1 以上, -1 以下, 0 左右
};

inline constexpr auto bound_suffixes = std::to_array<suffix_word>({{"及以上", 1},
                                                            {"或以上", 1},
                                                            {"以上", 1},
                                                            {"及以下", -1},
                                                            {"以下", -1},
                                                            {"以内", -1},
                                                            {"之内", -1},
                                                            {"左右", 0},
                                                            {"上下", 0}});

inline std::optional<suffix_word> suffix_at(std::string_view s, std::size_t i) {
  for (const auto& w : bound_suffixes)
    if (starts_with(s.substr(i), w.text)) return w;
  return std::nullopt;
}

/// Words that only colour a subject or a verb: dropped from both ends of a subject.
/// Single characters only at the end (并发症…率 and 使用率 begin with one).
inline constexpr auto filler_words = std::to_array<std::string_view>({
    "分别", "均要", "都要", "应当", "必须", "力争", "努力", "争取", "确保", "保证", "并且",
    "同时", "其中", "推动", "全面", "进一步", "切实", "持续", "逐步", "不断", "稳步"});
inline constexpr auto trailing_fillers = std::to_array<std::string_view>({"均", "都", "也", "要", "应", "将", "需", "并", "且", "使"});

inline std::string strip_filler(std::string_view s) {
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    while (!s.empty()) {
      const auto c = char_at(s, 0);
      if (!(c == 0x3001 || c == ',' || c == ';' || c == ':' || c == U'和' || c == U'及')) break;
      s.remove_prefix(next_char(s, 0));
      changed = true;
    }
    for (const auto w : filler_words) {
      if (starts_with(s, w)) {
        s.remove_prefix(w.size());
        changed = true;
      }
      if (ends_with(s, w)) {
        s.remove_suffix(w.size());
        changed = true;
      }
    }
    for (const auto w : trailing_fillers)
      if (ends_with(s, w)) {
        s.remove_suffix(w.size());
        changed = true;
      }
    if (s == "并" || s == "且") s = {};
    while (!s.empty()) {
      const auto c = char_before(s, s.size());
      if (!(c == 0x3001 || c == ',' || c == ';' || c == ':' || c == U'的')) break;
      s.remove_suffix(s.size() - previous_char(s, s.size()));
      changed = true;
    }
  }
  return std::string(s);
}

/// Decimal text of 1 ± percent/100, exactly: 20 → 0.8, 12.5 → 0.875.
inline std::string factor_text(std::string_view percent, bool down) {
  long long scaled = 0; // percent × 10^4
  int decimals = -1;
  for (const char c : percent) {
    if (c == '.') {
      decimals = 0;
      continue;
    }
    if (decimals >= 4) break;
    scaled = scaled * 10 + (c - '0');
    if (decimals >= 0) ++decimals;
  }
  for (int d = decimals < 0 ? 0 : decimals; d < 4; ++d) scaled *= 10;
  const long long factor = down ? 1000000 - scaled : 1000000 + scaled; // × 10^6
  if (factor <= 0) return {};
  std::string out = std::to_string(factor / 1000000);
  auto fraction = std::to_string(factor % 1000000);
  fraction.insert(0, 6 - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (!fraction.empty()) out += "." + fraction;
  return out;
}

inline std::optional<std::pair<bool, std::size_t>> change_verb_at(std::string_view s, std::size_t i) {
  for (std::string_view w : {"下降", "降低", "减少", "压减", "缩小"})
    if (starts_with(s.substr(i), w)) return std::pair{true, w.size()};
  for (std::string_view w : {"提高", "增长", "上升", "增加", "提升", "递增", "上涨", "扩大"})
    if (starts_with(s.substr(i), w)) return std::pair{false, w.size()};
  return std::nullopt;
}

} // namespace planrules::detail::extracting

#endif
