#ifndef PLANRULES_DETAIL_EXTRACT_DOCUMENT_HPP
#define PLANRULES_DETAIL_EXTRACT_DOCUMENT_HPP

// The layout of a plan's text: its title and period, the seven areas, and in
// each the numbered main goals (主要目标) and strategy measures (策略措施).
// Real documents are messy, so this reads past a table of contents, headings
// split over two lines, bookmarks, full-width digits and spaces, mixed
// numbering (1、 1. （一） ①), wrapped lines and passages pasted twice.

#include <planrules/ast.hpp>
#include <planrules/detail/extract/text.hpp>
#include <planrules/extract.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace planrules::detail::extracting {

/// One line of the plan, as written and normalised.
struct plan_line {
  std::size_t number = 0; ///< 1-based
  std::string_view original;
  mapped_text clean;
};

/// A numbered main goal or strategy measure, gathered over its lines.
struct plan_item {
  int number = 0;
  std::size_t line = 0;
  std::string text; ///< as written, numbering and bookmarks removed, wrapped lines joined
  std::string key;  ///< normalised text, to spot a passage pasted twice
};

struct area_text {
  ast::area_key key = ast::area_key::health;
  std::string title; ///< 儿童与健康
  std::size_t line = 0;
  bool goal_marker = false; ///< a 主要目标 line was seen
  std::vector<plan_item> goals;
  std::vector<plan_item> measures;
};

struct header_text {
  std::string name;   ///< 大连市西岗区儿童发展规划（2021～2030年）
  std::string region; ///< 大连市西岗区
  std::optional<ast::region_level> level;
  std::optional<ast::year_range> period;
  std::size_t line = 0;
};

struct document {
  header_text header;
  std::vector<area_text> areas; ///< in the order of the text, each key once
  std::vector<uncertainty> uncertainties;
  std::size_t duplicates_skipped = 0;
};

inline std::vector<plan_line> split_lines(std::string_view text) {
  std::vector<plan_line> lines;
  std::size_t start = 0, number = 1;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(plan_line{number++, line, normalise(line)});
    if (end == text.size()) break;
    start = end + 1;
  }
  return lines;
}

// Numbering ------------------------------------------------------------------------------------

/// A numbering mark at the start of a normalised line: its value and length in bytes.
struct numbering {
  int value = 0;
  std::size_t length = 0;
  bool chinese = false; ///< 一、 or (一)
};

inline std::optional<numbering> chinese_numbering(std::string_view s) {
  std::size_t i = 0;
  const bool open = starts_with(s, "(");
  if (open) i = 1;
  std::size_t length = 0;
  const auto value = chinese_number(s, i, length);
  if (!value || *value == 0) return std::nullopt;
  i += length;
  if (open) {
    if (!starts_with(s.substr(i), ")")) return std::nullopt;
    ++i;
    if (starts_with(s.substr(i), "、") || starts_with(s.substr(i), ".")) i = next_char(s, i);
  } else if (starts_with(s.substr(i), "、")) {
    i += std::string_view("、").size();
  } else {
    return std::nullopt;
  }
  return numbering{*value, i, true};
}

/// 1、 1. 1) (1) 一、 (一) at the start of `clean`; ① is read from the original,
/// because NFKC turns it into a bare digit.
inline std::optional<numbering> item_numbering(std::string_view clean, std::string_view original) {
  const auto first = char_at(trim(original), 0);
  if (first >= 0x2460 && first <= 0x2473) { // ① … ⑳
    const int value = static_cast<int>(first - 0x2460 + 1);
    const auto digits = std::to_string(value);
    if (starts_with(clean, digits)) return numbering{value, digits.size(), false};
  }
  std::size_t i = 0;
  const bool open = starts_with(clean, "(");
  if (open) i = 1;
  std::size_t digits = 0;
  while (i + digits < clean.size() && is_digit(static_cast<unsigned char>(clean[i + digits])) && digits < 4) ++digits;
  if (digits > 0 && digits <= 3) {
    int value = 0;
    for (std::size_t k = 0; k < digits; ++k) value = value * 10 + (clean[i + k] - '0');
    i += digits;
    const auto rest = clean.substr(i);
    if (open) {
      if (starts_with(rest, ")")) return numbering{value, i + 1, false};
      return std::nullopt;
    }
    for (std::string_view mark : {"、", ".", ")", ","})
      if (starts_with(rest, mark)) return numbering{value, i + mark.size(), false};
    return std::nullopt;
  }
  return chinese_numbering(clean);
}

// Headings -------------------------------------------------------------------------------------

struct area_word {
  std::string_view word;
  ast::area_key key;
};

inline constexpr auto area_words = std::to_array<area_word>({{"法律保护", ast::area_key::law},
                                                      {"健康", ast::area_key::health},
                                                      {"安全", ast::area_key::safety},
                                                      {"教育", ast::area_key::education},
                                                      {"福利", ast::area_key::welfare},
                                                      {"家庭", ast::area_key::family},
                                                      {"环境", ast::area_key::environment},
                                                      {"法律", ast::area_key::law}});

inline std::string_view without_colon(std::string_view s) {
  while (ends_with(s, ":")) s.remove_suffix(1);
  return s;
}

inline std::string_view without_numbering(std::string_view s) {
  if (const auto n = item_numbering(s, s)) return s.substr(n->length);
  if (starts_with(s, "第")) { // 第一部分, 第二章
    std::size_t length = 0;
    if (chinese_number(s, std::string_view("第").size(), length)) {
      auto rest = s.substr(std::string_view("第").size() + length);
      for (std::string_view word : {"部分", "章", "节", "篇"})
        if (starts_with(rest, word)) return rest.substr(word.size());
    }
  }
  return s;
}

/// (一)儿童与健康, 一、儿童与健康, 1.儿童与健康, 儿童与健康 — nothing else on the line.
inline std::optional<area_word> area_heading(std::string_view clean) {
  auto s = without_colon(without_numbering(clean));
  if (!starts_with(s, "儿童与")) return std::nullopt;
  s.remove_prefix(std::string_view("儿童与").size());
  if (ends_with(s, "领域")) s.remove_suffix(std::string_view("领域").size());
  for (const auto& w : area_words)
    if (s == w.word) return w;
  return std::nullopt;
}

enum class section { goals, measures };

/// 主要目标： / 策略措施： (optionally numbered), and where text after it starts.
inline std::optional<std::pair<section, std::size_t>> section_marker(std::string_view clean) {
  const auto body = without_numbering(clean);
  const auto skipped = clean.size() - body.size();
  struct marker {
    std::string_view word;
    section kind;
  };
  static constexpr auto markers = std::to_array<marker>({{"主要目标", section::goals},
                                                  {"发展目标", section::goals},
                                                  {"策略措施", section::measures},
                                                  {"策略与措施", section::measures},
                                                  {"主要措施", section::measures},
                                                  {"工作措施", section::measures}});
  for (const auto& m : markers) {
    if (!starts_with(body, m.word)) continue;
    auto rest = body.substr(m.word.size());
    std::size_t at = skipped + m.word.size();
    if (starts_with(rest, ":")) ++at, rest.remove_prefix(1);
    // "主要目标和策略措施" inside a longer heading is not a marker.
    if (!rest.empty() && !item_numbering(rest, rest)) return std::nullopt;
    return std::pair{m.kind, at};
  }
  return std::nullopt;
}

/// 三、组织实施 / 四、监测评估: a top-level heading that closes the areas.
inline bool closing_heading(std::string_view clean) {
  const auto n = chinese_numbering(clean);
  if (!n || starts_with(clean, "(")) {
    for (std::string_view word : {"附件", "附表", "组织实施", "监测评估", "保障措施"})
      if (starts_with(without_numbering(clean), word) && char_count(clean) <= 20) return true;
    return false;
  }
  const auto rest = clean.substr(n->length);
  if (rest.empty() || char_count(rest) > 20) return false;
  for (std::size_t i = 0; i < rest.size(); i = next_char(rest, i)) {
    const auto c = char_at(rest, i);
    if (c == 0x3002 || c == ',' || c == ';') return false;
  }
  return true;
}

// The header -----------------------------------------------------------------------------------

/// The level a region name ends in: 大连市西岗区 → county, 巴彦淖尔市 → city.
inline std::optional<ast::region_level> level_of_region(std::string_view region) {
  struct suffix {
    std::string_view text;
    ast::region_level level = ast::region_level::township;
  };
  static constexpr auto suffixes = std::to_array<suffix>({{"自治区", ast::region_level::province},
                                                    {"省", ast::region_level::province},
                                                    {"街道", ast::region_level::township},
                                                    {"苏木", ast::region_level::township},
                                                    {"乡", ast::region_level::township},
                                                    {"镇", ast::region_level::township},
                                                    {"区", ast::region_level::county},
                                                    {"县", ast::region_level::county},
                                                    {"旗", ast::region_level::county},
                                                    {"市", ast::region_level::city},
                                                    {"州", ast::region_level::city},
                                                    {"盟", ast::region_level::city},
                                                    {"地区", ast::region_level::city}});
  for (const auto& s : suffixes)
    if (ends_with(region, s.text)) return s.level;
  return std::nullopt;
}

/// 2021-2030 (any dash, tilde, 至 or 到 between) at or after `from`; the byte range it covers.
inline std::optional<std::pair<ast::year_range, std::pair<std::size_t, std::size_t>>> find_period(std::string_view s,
                                                                                               std::size_t from = 0) {
  auto year_at = [&](std::size_t i) -> int {
    if (i + 4 > s.size()) return 0;
    int y = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      if (!is_digit(static_cast<unsigned char>(s[i + k]))) return 0;
      y = y * 10 + (s[i + k] - '0');
    }
    if (i + 4 < s.size() && is_digit(static_cast<unsigned char>(s[i + 4]))) return 0;
    if (i > 0 && is_digit(static_cast<unsigned char>(s[i - 1]))) return 0;
    return (y >= 1990 && y <= 2100) ? y : 0;
  };
  for (std::size_t i = from; i + 4 <= s.size(); i = next_char(s, i)) {
    const int first = year_at(i);
    if (!first) continue;
    std::size_t j = i + 4;
    if (starts_with(s.substr(j), "年")) j += std::string_view("年").size();
    bool separated = false;
    for (std::string_view dash : {"-", "~", "—", "–", "−", "至", "到", "〜", "―"})
      if (starts_with(s.substr(j), dash)) {
        j += dash.size();
        separated = true;
        break;
      }
    if (!separated) continue;
    const int last = year_at(j);
    if (!last || last <= first || last - first > 30) continue;
    std::size_t end = j + 4;
    if (starts_with(s.substr(end), "年")) end += std::string_view("年").size();
    return std::pair{ast::year_range{first, last, {}}, std::pair{i, end}};
  }
  return std::nullopt;
}

/// The year a plan measures from: 以2020年数据为基数, 比2020年, 较2020年, 2020年为基期.
inline std::optional<int> find_baseline(std::string_view clean) {
  for (std::size_t i = 0; i + 4 < clean.size(); ++i) {
    if (!is_digit(static_cast<unsigned char>(clean[i])) || (i > 0 && is_digit(static_cast<unsigned char>(clean[i - 1]))))
      continue;
    int y = 0;
    std::size_t k = 0;
    for (; k < 4 && i + k < clean.size() && is_digit(static_cast<unsigned char>(clean[i + k])); ++k)
      y = y * 10 + (clean[i + k] - '0');
    if (k != 4 || !starts_with(clean.substr(i + 4), "年") || y < 1990 || y > 2100) continue;
    const auto before = clean.substr(0, i);
    const auto after = clean.substr(i + 4 + std::string_view("年").size(), 40);
    const bool marked_before = ends_with(before, "以") || ends_with(before, "比") || ends_with(before, "较") ||
                               ends_with(before, "在") || ends_with(before, "相比");
    const bool base_after = starts_with(after, "为基") || contains(after.substr(0, 24), "为基数") ||
                            contains(after.substr(0, 24), "为基准") || contains(after.substr(0, 15), "基础上") ||
                            starts_with(after, "基期");
    if ((marked_before && base_after) || ((ends_with(before, "比") || ends_with(before, "较")) &&
                                          (starts_with(after, "下降") || starts_with(after, "提高") ||
                                           starts_with(after, "增长") || starts_with(after, "降低") ||
                                           starts_with(after, "减少"))))
      return y;
  }
  return std::nullopt;
}

inline bool is_connector(char32_t c) {
  return c == U'和' || c == U'及' || c == U'与' || c == U'的' || c == U'发' || c == U'于' || c == U'《' ||
         c == U'“' || c == U'转';
}

/// Title, region and period from the lines before the first area.
inline header_text read_header(const std::vector<plan_line>& lines, std::size_t end, std::string_view whole_clean) {
  header_text header;
  constexpr std::string_view title_word = "发展规划";
  for (std::size_t i = 0; i < end && header.name.empty(); ++i) {
    const auto& clean = lines[i].clean.text;
    auto at = clean.find("儿童发展规划");
    std::size_t word = std::string_view("儿童发展规划").size();
    if (at == std::string::npos) {
      at = clean.find(title_word);
      word = title_word.size();
      if (at == std::string::npos) continue;
    }
    // The region: the Han characters before the title word, after the last connector (关于印发…和…).
    std::size_t start = at;
    while (start > 0) {
      const auto p = previous_char(clean, start);
      const auto c = char_at(clean, p);
      if (!is_han(c) || is_connector(c)) break;
      start = p;
    }
    header.region = clean.substr(start, at - start);
    header.line = lines[i].number;
    const auto original = lines[i].original;
    std::string name(lines[i].clean.original(original, start, at + word));
    // The period follows on this line or the next non-empty one.
    std::optional<std::pair<ast::year_range, std::pair<std::size_t, std::size_t>>> period;
    const plan_line* period_line = nullptr;
    if ((period = find_period(clean, at + word)) && period->second.first <= at + word + 4) period_line = &lines[i];
    for (std::size_t j = i + 1; !period_line && j < end && j <= i + 3; ++j) {
      if (lines[j].clean.text.empty()) continue;
      if ((period = find_period(lines[j].clean.text)) && period->second.first <= 4) period_line = &lines[j];
      break;
    }
    if (period_line) {
      header.period = period->first;
      const auto [from, to] = period->second;
      auto years = std::string(period_line->clean.original(period_line->original, from, to));
      if (!ends_with(years, "年")) years += "年";
      name += "（" + years + "）";
    }
    header.name = name;
  }
  if (!header.period) {
    if (auto any = find_period(whole_clean)) header.period = any->first;
  }
  header.level = level_of_region(header.region);
  return header;
}

// Areas, goals and measures ----------------------------------------------------------------------

/// Reads the layout; never fails (an empty result means no area heading was found).
class document_reader {
public:
  explicit document_reader(std::string_view text) : lines_(split_lines(text)) {}

  document read() {
    document out;
    std::size_t first_area = lines_.size();
    std::string whole;
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      std::size_t consumed = 0;
      if (first_area == lines_.size() && heading_at(i, consumed)) first_area = i;
      whole += lines_[i].clean.text;
      whole += '\n';
    }
    out.header = read_header(lines_, first_area, whole);

    for (std::size_t i = 0; i < lines_.size(); ++i) {
      const auto& line = lines_[i];
      const std::string_view clean = line.clean.text;
      if (clean.empty()) continue;
      std::size_t consumed = 0;
      if (const auto area = heading_at(i, consumed)) {
        close_area();
        current_ = area_text{area->key, "儿童与" + std::string(area->word == "法律" ? "法律保护" : area->word),
                             line.number, false, {}, {}};
        section_ = section::goals;
        skipping_ = false;
        i += consumed;
        continue;
      }
      if (!current_) continue;
      if (closing_heading(clean)) {
        close_area();
        continue;
      }
      if (const auto marker = marker_at(i, consumed)) {
        section_ = marker->first;
        skipping_ = false;
        if (section_ == section::goals) {
          if (!current_->goals.empty())
            note(line.number, verbatim(line.original), "text numbered before 主要目标 was not read as goals");
          current_->goals.clear();
          current_->goal_marker = true;
        }
        i += consumed;
        if (consumed == 0 && marker->second < clean.size()) item_line(line, marker->second);
        continue;
      }
      item_line(line, 0);
    }
    close_area();
    settle(out);
    return out;
  }

private:
  // A heading on line i, or on lines i and the next non-empty one when a heading was split.
  std::optional<area_word> heading_at(std::size_t i, std::size_t& consumed) const {
    consumed = 0;
    const auto& clean = lines_[i].clean.text;
    if (clean.empty()) return std::nullopt;
    if (auto area = area_heading(clean)) return area;
    const auto j = next_nonempty(i);
    if (j && joinable(clean) && joinable(lines_[*j].clean.text))
      if (auto area = area_heading(clean + lines_[*j].clean.text)) {
        consumed = *j - i;
        return area;
      }
    return std::nullopt;
  }

  std::optional<std::pair<section, std::size_t>> marker_at(std::size_t i, std::size_t& consumed) const {
    consumed = 0;
    const auto& clean = lines_[i].clean.text;
    if (auto marker = section_marker(clean)) return marker;
    const auto j = next_nonempty(i);
    if (j && joinable(clean) && joinable(lines_[*j].clean.text)) {
      const auto joined = clean + lines_[*j].clean.text;
      if (auto marker = section_marker(joined); marker && marker->second == joined.size()) {
        consumed = *j - i;
        return marker;
      }
    }
    return std::nullopt;
  }

  // A fragment short enough, and without sentence punctuation, to be half a heading
  // (its number mark and a closing colon aside: 二、儿童与 | 安全, 主要 | 目标：).
  static bool joinable(std::string_view clean) {
    const auto body = without_colon(without_numbering(clean));
    if (body.empty() || char_count(clean) > 12) return false;
    for (std::size_t i = 0; i < body.size(); i = next_char(body, i))
      if (is_punctuation(char_at(body, i))) return false;
    return true;
  }

  std::optional<std::size_t> next_nonempty(std::size_t i) const {
    for (std::size_t j = i + 1; j < lines_.size() && j <= i + 3; ++j)
      if (!lines_[j].clean.text.empty()) return j;
    return std::nullopt;
  }

  void note(std::size_t line, std::string_view phrase, std::string why) {
    uncertainties_.push_back(uncertainty{line, clip(phrase, 60), std::move(why)});
  }

  // A line inside an area: a new numbered item, a repeat, or the continuation of the last item.
  void item_line(const plan_line& line, std::size_t offset) {
    auto& items = section_ == section::goals ? current_->goals : current_->measures;
    const std::string_view clean = std::string_view(line.clean.text).substr(offset);
    const auto original_rest = line.clean.original(line.original, offset, line.clean.text.size());
    const auto number = item_numbering(clean, offset == 0 ? line.original : original_rest);
    const int expected = items.empty() ? 1 : items.back().number + 1;
    if (number && !number->chinese && clean.size() > number->length &&
        is_digit(static_cast<unsigned char>(clean[number->length])) && number->value != expected) {
      // "2.8‰以下" continuing a line is a decimal, not a number mark.
    } else if (number) {
      const auto body = clean.substr(number->length);
      const auto text = verbatim(line.clean.original(line.original, offset + number->length, line.clean.text.size()));
      const std::string key(body);
      if (number->value == expected || (number->value > expected && number->value <= expected + 2)) {
        if (number->value != expected)
          note(line.number, verbatim(line.original), "numbering jumps from " + std::to_string(expected - 1) + " to " +
                                       std::to_string(number->value));
        items.push_back(plan_item{number->value, line.number, text, key});
        skipping_ = false;
        return;
      }
      if (number->value < expected) {
        const bool repeated = std::any_of(items.begin(), items.end(), [&](const plan_item& item) {
          return item.number == number->value && (item.key == key || starts_with(item.key, key));
        });
        if (repeated) {
          ++duplicates_;
          skipping_ = true;
          note(line.number, verbatim(line.original), "item " + std::to_string(number->value) + " is pasted twice and was read once");
          return;
        }
        note(line.number, verbatim(line.original), "item " + std::to_string(number->value) + " is out of sequence and was not read");
        skipping_ = true;
        return;
      }
    }
    if (skipping_ || items.empty()) return;
    // A wrapped line, unless it repeats what the item already says.
    auto& last = items.back();
    const std::string_view piece = clean;
    if (piece.size() >= 6 && contains(last.key, piece)) {
      ++duplicates_;
      return;
    }
    last.text += verbatim(original_rest);
    last.key += piece;
  }

  void close_area() {
    if (current_) areas_.push_back(std::move(*current_));
    current_.reset();
  }

  // Drops table-of-contents entries (areas without items) and areas pasted twice.
  void settle(document& out) {
    for (auto& area : areas_) {
      if (area.goals.empty() && area.measures.empty()) continue;
      const auto same = std::find_if(out.areas.begin(), out.areas.end(),
                                     [&](const area_text& a) { return a.key == area.key; });
      if (same == out.areas.end()) {
        out.areas.push_back(std::move(area));
        continue;
      }
      const bool identical =
          same->goals.size() == area.goals.size() &&
          std::equal(same->goals.begin(), same->goals.end(), area.goals.begin(),
                     [](const plan_item& a, const plan_item& b) { return a.key == b.key; });
      duplicates_ += area.goals.size() + area.measures.size();
      note(area.line, area.title,
           identical ? "the area is pasted twice and was read once"
                     : "the area appears twice with different goals; the first was read");
    }
    out.uncertainties = std::move(uncertainties_);
    out.duplicates_skipped = duplicates_;
  }

  std::vector<plan_line> lines_;
  std::vector<area_text> areas_;
  std::optional<area_text> current_;
  section section_ = section::goals;
  bool skipping_ = false;
  std::size_t duplicates_ = 0;
  std::vector<uncertainty> uncertainties_;
};

inline document read_document(std::string_view text) { return document_reader(text).read(); }

} // namespace planrules::detail::extracting

#endif
