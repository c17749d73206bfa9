#ifndef PLANRULES_DETAIL_EXTRACT_NAMES_HPP
#define PLANRULES_DETAIL_EXTRACT_NAMES_HPP

// From the words of a plan to catalogue indicators: exact names and aliases,
// names with their head noun left implicit (托位 → 托位数), Chinese enumerations
// that share a head or a modifier (新生儿、婴儿和5岁以下儿童死亡率; 普惠托育机构和托位
// 数量; 贫血率和生长迟缓率), "等" lists that only give examples, names preceded by
// other words, and names written with extra modifiers (开通并有效运行全国统一的…).
// Words the catalogue lacks get a proposed ASCII id.

#include <planrules/ast.hpp>
#include <planrules/catalogue.hpp>
#include <planrules/detail/extract/text.hpp>
#include <planrules/units.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace planrules::detail::extracting {

/// What a phrase was read as: a catalogue indicator, or words to propose one for.
struct resolved_name {
  catalogue::index index = catalogue::npos;
  std::string words;        ///< the words read as the name (normalised)
  bool abbreviated = false; ///< matched a catalogue name written with extra words
  bool found() const noexcept { return index != catalogue::npos; }
};

// Region levels ------------------------------------------------------------------------------------

struct level_word {
  std::string_view text;
  ast::region_level level;
};

// Longest first, so 苏木乡镇(街道) wins over 街道 and 旗县区 over 区.
inline constexpr auto level_words = std::to_array<level_word>({{"苏木乡镇(街道)", ast::region_level::township},
                                                         {"乡(镇、街道)", ast::region_level::township},
                                                         {"乡镇(街道)", ast::region_level::township},
                                                         {"嘎查村(社区)", ast::region_level::village},
                                                         {"旗县(市、区)", ast::region_level::county},
                                                         {"县(市、区)", ast::region_level::county},
                                                         {"村(社区)", ast::region_level::village},
                                                         {"苏木乡镇", ast::region_level::township},
                                                         {"旗县区", ast::region_level::county},
                                                         {"嘎查村", ast::region_level::village},
                                                         {"乡镇", ast::region_level::township},
                                                         {"街道", ast::region_level::township},
                                                         {"苏木", ast::region_level::township},
                                                         {"社区", ast::region_level::village},
                                                         {"县区", ast::region_level::county},
                                                         {"区县", ast::region_level::county},
                                                         {"旗县", ast::region_level::county},
                                                         {"地市", ast::region_level::city},
                                                         {"村", ast::region_level::village},
                                                         {"乡", ast::region_level::township},
                                                         {"镇", ast::region_level::township},
                                                         {"县", ast::region_level::county},
                                                         {"区", ast::region_level::county},
                                                         {"旗", ast::region_level::county},
                                                         {"市", ast::region_level::city},
                                                         {"省", ast::region_level::province}});

/// The region level word at the start of `s` and its length.
inline std::optional<std::pair<ast::region_level, std::size_t>> level_at(std::string_view s) {
  for (const auto& w : level_words)
    if (starts_with(s, w.text)) return std::pair{w.level, w.text.size()};
  return std::nullopt;
}

/// The first sub-region level a text names (街道 in 街道儿童督导员数, 社区 in 社区（村）配备的…).
inline std::optional<ast::region_level> first_level_named(std::string_view s) {
  static constexpr auto words = std::to_array<level_word>({{"街道", ast::region_level::township},
                                                    {"乡镇", ast::region_level::township},
                                                    {"苏木", ast::region_level::township},
                                                    {"社区", ast::region_level::village},
                                                    {"嘎查村", ast::region_level::village},
                                                    {"村", ast::region_level::village},
                                                    {"旗县", ast::region_level::county},
                                                    {"县", ast::region_level::county},
                                                    {"区级", ast::region_level::county}});
  std::optional<std::pair<std::size_t, ast::region_level>> best;
  for (const auto& w : words)
    if (const auto at = s.find(w.text); at != std::string_view::npos && (!best || at < best->first))
      best = std::pair{at, w.level};
  if (best) return best->second;
  return std::nullopt;
}

// Name shapes --------------------------------------------------------------------------------------

/// Whether words name something that can be counted or measured (a rate, a share, a number …).
inline bool measurable_head(std::string_view name) {
  static constexpr auto heads = std::to_array<std::string_view>({
      "率", "比例", "占比", "比重", "数", "数量", "人数", "次数", "个数", "标准", "时间", "时长",
      "面积", "经费", "指数", "床位", "总量", "人次", "金额", "密度", "水平", "覆盖面"});
  if (char_count(name) < 3) return false;
  return std::any_of(heads.begin(), heads.end(), [&](std::string_view h) { return ends_with(name, h); });
}

/// Separators of a Chinese enumeration, with their length at `i` (0 when none).
inline std::size_t separator_at(std::string_view s, std::size_t i) {
  const auto rest = s.substr(i);
  if (starts_with(rest, "、") || starts_with(rest, "以及")) return starts_with(rest, "、") ? 3 : 6;
  if (starts_with(rest, "和") || starts_with(rest, "与")) return 3;
  if (starts_with(rest, "及") && !starts_with(rest, "及其") && !starts_with(rest, "及以") && i > 0) return 3;
  return 0;
}

/// The items of an enumeration: 新生儿、婴儿和5岁以下儿童死亡率 → 新生儿 | 婴儿 | 5岁以下儿童死亡率.
inline std::vector<std::string> enumeration_items(std::string_view s) {
  std::vector<std::string> items;
  std::size_t start = 0;
  int depth = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = char_at(s, i);
    if (c == '(' || c == U'“' || c == U'《') ++depth;
    if ((c == ')' || c == U'”' || c == U'》') && depth > 0) --depth;
    const auto length = depth == 0 ? separator_at(s, i) : 0;
    if (length > 0) {
      items.emplace_back(s.substr(start, i - start));
      i += length;
      start = i;
      continue;
    }
    i = next_char(s, i);
  }
  items.emplace_back(s.substr(start));
  items.erase(std::remove_if(items.begin(), items.end(), [](const std::string& x) { return x.empty(); }), items.end());
  return items;
}

/// Prefixes of `s` at character boundaries, longest first, without `s` itself.
inline std::vector<std::string_view> prefixes(std::string_view s) {
  std::vector<std::string_view> out;
  for (auto i = previous_char(s, s.size()); i > 0; i = previous_char(s, i)) out.push_back(s.substr(0, i));
  return out;
}

/// Suffixes of `s` at character boundaries, shortest first, without `s` itself.
inline std::vector<std::string_view> suffixes(std::string_view s) {
  std::vector<std::string_view> out;
  for (auto i = previous_char(s, s.size()); i > 0; i = previous_char(s, i)) out.push_back(s.substr(i));
  return out;
}

// The resolver ----------------------------------------------------------------------------------------

/// Looks plan words up in a catalogue.
class name_resolver {
public:
  explicit name_resolver(const catalogue& indicators) : catalogue_(indicators) {
    for (catalogue::index i = 0; i < indicators.size(); ++i) {
      const auto& info = indicators[i];
      keys_.push_back({catalogue::name_key(info.name), i});
      for (const auto& alias : info.aliases) keys_.push_back({catalogue::name_key(alias), i});
    }
    for (const auto& [key, index] : keys_) index_.emplace(key, index);
  }

  /// catalogue::name_key for text that is already NFKC: the lookups here run often.
  static std::string key_of(std::string_view normalised) {
    std::string key;
    key.reserve(normalised.size());
    for (std::size_t i = 0; i < normalised.size();) {
      const auto c = char_at(normalised, i);
      const auto next = next_char(normalised, i);
      if (is_space(c)) {
      } else if (c == '-' || c == '~' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x301C || c == 0xFF5E) {
        key += '-';
      } else {
        key.append(normalised.substr(i, next - i));
      }
      i = next;
    }
    return key;
  }

  const catalogue& indicators() const noexcept { return catalogue_; }

  /// The indicator `name` names exactly, or with its head noun left implicit (托位 → 托位数).
  catalogue::index exact(std::string_view name) const {
    if (char_count(name) < 2) return catalogue::npos;
    auto key = key_of(name);
    for (std::string_view head : {"", "率", "数", "数量", "人数", "时间"}) {
      const auto found = index_.find(key + std::string(head));
      if (found != index_.end()) return found->second;
    }
    // 数量 and 数 name the same count: 场所数量 for 场所数.
    if (ends_with(key, "数量")) {
      key.resize(key.size() - std::string_view("量").size());
      if (const auto found = index_.find(key); found != index_.end()) return found->second;
    }
    return catalogue::npos;
  }

  /// A catalogue name written with extra words in between (开通并有效运行全国统一的儿童保护热线的…
  /// for 开通并运行儿童保护热线的…): the name's characters appear in order, it begins and
  /// ends like the phrase, and covers most of it.
  catalogue::index abbreviated(std::string_view phrase) const {
    const auto key = key_of(phrase);
    const auto key_chars = char_count(key);
    if (key_chars < 6) return catalogue::npos;
    catalogue::index best = catalogue::npos;
    double best_ratio = 0;
    bool tie = false;
    for (const auto& [name, index] : keys_) {
      const auto name_chars = char_count(name);
      if (name_chars < 5 || name_chars >= key_chars) continue;
      const double ratio = double(name_chars) / double(key_chars);
      if (ratio < 0.6) continue;
      if (char_at(name, 0) != char_at(key, 0)) continue;
      const auto name_tail = suffixes(name);
      const auto key_tail = suffixes(key);
      if (name_tail.size() < 2 || key_tail.size() < 2 || name_tail[1] != key_tail[1]) continue;
      if (!subsequence(name, key)) continue;
      if (ratio > best_ratio) best = index, best_ratio = ratio, tie = false;
      else if (ratio == best_ratio && index != best) tie = true;
    }
    return tie ? catalogue::npos : best;
  }

  /// A catalogue name the phrase shortens by dropping particles and the head noun
  /// (政府举办、标准化妇幼保健机构 for 政府举办的标准化妇幼保健机构数).
  catalogue::index expanded(std::string_view phrase) const {
    std::string key;
    for (std::size_t i = 0; i < phrase.size(); i = next_char(phrase, i))
      if (char_at(phrase, i) != 0x3001) key += phrase.substr(i, next_char(phrase, i) - i);
    key = key_of(key);
    const auto key_chars = char_count(key);
    if (key_chars < 5) return catalogue::npos;
    catalogue::index best = catalogue::npos;
    double best_ratio = 0;
    bool tie = false;
    for (const auto& [name, index] : keys_) {
      const auto name_chars = char_count(name);
      if (name_chars <= key_chars) continue;
      const double ratio = double(key_chars) / double(name_chars);
      if (ratio < 0.75 || char_at(name, 0) != char_at(key, 0) || !subsequence(key, name)) continue;
      if (ratio > best_ratio) best = index, best_ratio = ratio, tie = false;
      else if (ratio == best_ratio && index != best) tie = true;
    }
    return tie ? catalogue::npos : best;
  }

  /// One name in `phrase`: the whole phrase, else its longest tail that is a name
  /// (words before a name are not part of it), else an abbreviated name.
  resolved_name single(std::string_view phrase) const {
    if (const auto i = exact(phrase); i != catalogue::npos) return {i, std::string(phrase), false};
    if (contains(phrase, "等"))
      for (const auto& collapsed : without_examples(phrase))
        if (const auto i = exact(collapsed); i != catalogue::npos) return {i, collapsed, false};
    if (const auto i = expanded(phrase); i != catalogue::npos) return {i, std::string(phrase), true};
    if (const auto tail = longest_tail(phrase)) return *tail;
    if (const auto i = abbreviated(phrase); i != catalogue::npos) return {i, std::string(phrase), true};
    return {catalogue::npos, std::string(phrase), false};
  }

  /// Every indicator an enumeration names, in order; items the catalogue lacks are kept unresolved.
  std::vector<resolved_name> list(std::string_view phrase) const {
    if (phrase.empty()) return {};
    if (const auto i = exact(phrase); i != catalogue::npos) return {{i, std::string(phrase), false}};
    if (contains(phrase, "等"))
      for (const auto& collapsed : without_examples(phrase))
        if (const auto i = exact(collapsed); i != catalogue::npos) return {{i, collapsed, false}};
    const auto items = enumeration_items(phrase);
    if (items.size() > 1) {
      std::vector<resolved_name> out;
      bool any = false;
      for (std::size_t k = 0; k < items.size(); ++k) {
        out.push_back(item(items, k));
        any = any || out.back().found();
      }
      if (any) return out;
    }
    return {single(phrase)};
  }

private:
  static bool subsequence(std::string_view needle, std::string_view hay) {
    std::size_t j = 0;
    for (std::size_t i = 0; i < needle.size(); i = next_char(needle, i)) {
      const auto c = char_at(needle, i);
      while (j < hay.size() && char_at(hay, j) != c) j = next_char(hay, j);
      if (j >= hay.size()) return false;
      j = next_char(hay, j);
    }
    return true;
  }

  // Where words before a name may end: after 的, after a verb or adverb that leads a
  // goal (确保, 进一步 …) or a region (全市, 我区 …). Elsewhere the words before are
  // part of the name (示范性托育机构 is not 托育机构).
  static bool tail_may_start(std::string_view phrase, std::size_t i) {
    static constexpr auto leads = std::to_array<std::string_view>({
        "的",   "确保", "保证", "保障", "实现", "推动", "推进", "促进", "落实", "完善", "建立", "开展", "加快",
        "深化", "坚持", "巩固", "扩大", "鼓励", "支持", "引导", "督促", "使",   "将",   "让",   "提高", "降低",
        "加强", "增强", "提升", "减少", "全面", "进一步", "着力", "努力", "力争", "争取", "同时", "其中", "全市",
        "全区", "全县", "全旗", "全盟", "全省", "我市", "我区", "我县", "我旗", "本市", "本区"});
    const auto head = phrase.substr(0, i);
    return std::any_of(leads.begin(), leads.end(), [&](std::string_view w) { return ends_with(head, w); });
  }

  std::optional<resolved_name> longest_tail(std::string_view phrase) const {
    for (std::size_t i = next_char(phrase, 0); i < phrase.size(); i = next_char(phrase, i)) {
      if (!tail_may_start(phrase, i)) continue;
      const auto tail = phrase.substr(i);
      if (char_count(tail) < 2) break;
      const auto found = exact(tail);
      if (found != catalogue::npos && char_count(catalogue_[found].name) >= 3) return resolved_name{found, std::string(tail), false};
    }
    return std::nullopt;
  }

  // "公益性儿童教育、科技、文化、体育、娱乐等校外活动场所": the items before 等 are examples of
  // the head; drop them, trying each place the first example may start.
  static std::vector<std::string> without_examples(std::string_view phrase) {
    std::vector<std::string> out;
    const auto deng = phrase.rfind("等");
    if (deng == std::string_view::npos) return out;
    const auto before = phrase.substr(0, deng);
    const auto after = phrase.substr(deng + std::string_view("等").size());
    const auto first_sep = before.find("、");
    const auto first = first_sep == std::string_view::npos ? before : before.substr(0, first_sep);
    for (auto cut : suffixes(first)) out.push_back(std::string(first.substr(0, first.size() - cut.size())) + std::string(after));
    out.push_back(std::string(after));
    return out;
  }

  // One item of an enumeration, borrowing the head of the last item (新生儿 + 死亡率) or
  // the modifier of the first (普惠 + 托位数量, 5岁以下儿童 + 生长迟缓率).
  resolved_name item(const std::vector<std::string>& items, std::size_t k) const {
    const std::string& self = items[k];
    const std::string& first = items.front();
    const std::string& last = items.back();
    if (k > 0)
      for (auto prefix : prefixes(first)) {
        const auto words = std::string(prefix) + self;
        if (const auto i = exact(words); i != catalogue::npos) return {i, words, false};
      }
    if (const auto i = exact(self); i != catalogue::npos) return {i, self, false};
    if (k + 1 < items.size())
      for (auto head : suffixes(last)) {
        const auto words = self + std::string(head);
        if (const auto i = exact(words); i != catalogue::npos) return {i, words, false};
      }
    if (k == 0 || k + 1 == items.size())
      if (const auto tail = longest_tail(self)) return *tail;
    return {catalogue::npos, self, false};
  }

  const catalogue& catalogue_;
  std::vector<std::pair<std::string, catalogue::index>> keys_;
  std::unordered_map<std::string, catalogue::index> index_;
};

// Proposed indicators -----------------------------------------------------------------------------

/// Indicators the catalogue lacks, each with an ASCII id made from its Chinese name.
class proposals {
public:
  explicit proposals(const catalogue& indicators) : catalogue_(indicators) {}

  /// The id of the proposed indicator `name` (Chinese), declaring it on first use.
  std::string propose(std::string_view name, const unit& u, ast::better_direction better) {
    for (const auto& p : declared_)
      if (p.name == name) return p.id;
    ast::indicator out;
    out.id = unique(ascii_id(name));
    out.name = std::string(name);
    out.unit = u.symbol;
    out.better = better;
    out.notes.push_back("proposed by planrules extract: not in the catalogue");
    declared_.push_back(std::move(out));
    return declared_.back().id;
  }

  const ast::indicator* find(std::string_view id) const {
    for (const auto& p : declared_)
      if (p.id == id) return &p;
    return nullptr;
  }

  const std::vector<ast::indicator>& declared() const noexcept { return declared_; }

  /// snake_case ASCII from Chinese: 儿童龋齿充填率 → er_tong_qu_chi_chong_tian_lu.
  static std::string ascii_id(std::string_view name) {
    const auto latin = unicode::ascii_transliteration(name);
    std::string id;
    for (const char raw : latin) {
      const auto c = static_cast<unsigned char>(raw);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) id += char(c);
      else if (c >= 'A' && c <= 'Z') id += char(c - 'A' + 'a');
      else if (!id.empty() && id.back() != '_') id += '_';
    }
    while (!id.empty() && id.back() == '_') id.pop_back();
    if (id.size() > 64) {
      const auto cut = id.rfind('_', 64);
      id.resize(cut == std::string::npos || cut < 8 ? 64 : cut);
    }
    if (id.empty()) id = "indicator";
    if (id.front() >= '0' && id.front() <= '9') id = "x" + id;
    // A trailing _2025 would read as a year.
    if (ast::year_suffix(id)) id += "_x";
    return id;
  }

private:
  std::string unique(std::string id) const {
    auto taken = [&](const std::string& candidate) {
      if (catalogue_.find(candidate) != catalogue::npos) return true;
      return std::any_of(declared_.begin(), declared_.end(), [&](const ast::indicator& p) { return p.id == candidate; });
    };
    if (!taken(id)) return id;
    for (int n = 2;; ++n)
      if (!taken(id + "_" + std::to_string(n))) return id + "_" + std::to_string(n);
  }

  const catalogue& catalogue_;
  std::vector<ast::indicator> declared_;
};

} // namespace planrules::detail::extracting

#endif
