#ifndef PLANRULES_IMPL_MEASUREMENTS_IPP
#define PLANRULES_IMPL_MEASUREMENTS_IPP

#include <planrules/detail/record_loader.hpp>
#include <planrules/detail/unicode.hpp>
#include <planrules/measurements.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <new>

// Small functions on the per-row path of the loaders, which GCC would otherwise
// leave as calls.
#if !defined(PLANRULES_DETAIL_HOT)
#  if defined(__GNUC__)
#    define PLANRULES_DETAIL_HOT inline __attribute__((always_inline))
#    define PLANRULES_DETAIL_HOT_LAMBDA __attribute__((always_inline))
#  else
#    define PLANRULES_DETAIL_HOT inline
#    define PLANRULES_DETAIL_HOT_LAMBDA
#  endif
#endif

namespace planrules {

namespace detail::measurements {

inline constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);
inline constexpr std::uint32_t ambiguous = none - 1;
// Years the builder API accepts; a series descriptor keeps years in 16 bits.
inline constexpr int min_year = 1000;
inline constexpr int max_year = 9999;

inline std::string_view trim(std::string_view s) noexcept {
  constexpr std::string_view ideographic_space = "\xE3\x80\x80";
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
      s.remove_prefix(1);
    else if (s.starts_with(ideographic_space))
      s.remove_prefix(3);
    else
      break;
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
      s.remove_suffix(1);
    else if (s.ends_with(ideographic_space))
      s.remove_suffix(3);
    else
      break;
  }
  return s;
}

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Lower case, '_' and '-' as spaces, runs of spaces collapsed: "Lower_Bound" → "lower bound".
inline std::string word_key(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : trim(s)) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_' || c == '-' || c == '\t') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Bits [first, first + count) of a bitmap: all clear? set them. Whole words at a time.
inline bool bits_clear(const std::uint64_t* bits, std::size_t first, std::size_t count) noexcept {
  while (count > 0) {
    const std::size_t shift = first & 63;
    const std::size_t take = std::min<std::size_t>(count, 64 - shift);
    const std::uint64_t mask = (take == 64 ? ~std::uint64_t(0) : ((std::uint64_t(1) << take) - 1)) << shift;
    if (bits[first >> 6] & mask) return false;
    first += take;
    count -= take;
  }
  return true;
}

inline void set_bits(std::uint64_t* bits, std::size_t first, std::size_t count) noexcept {
  while (count > 0) {
    const std::size_t shift = first & 63;
    const std::size_t take = std::min<std::size_t>(count, 64 - shift);
    bits[first >> 6] |= (take == 64 ? ~std::uint64_t(0) : ((std::uint64_t(1) << take) - 1)) << shift;
    first += take;
    count -= take;
  }
}

inline std::string format_number(double v) {
  char buffer[64];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, r.ptr);
}

template <class T, class A>
std::size_t vector_bytes(const std::vector<T, A>& v) noexcept {
  return v.capacity() * sizeof(T);
}

inline std::size_t string_bytes(const std::string& s) noexcept {
  // Short strings live inside the object.
  return s.capacity() > 15 ? s.capacity() + 1 : 0;
}

template <class Map>
std::size_t map_bytes(const Map& m) noexcept {
  std::size_t bytes = m.bucket_count() * sizeof(void*);
  for (const auto& [key, value] : m)
    bytes += sizeof(typename Map::value_type) + 2 * sizeof(void*) + string_bytes(key);
  return bytes;
}

} // namespace detail::measurements

PLANRULES_DECL std::string_view to_string(value_qualifier q) noexcept {
  switch (q) {
  case value_qualifier::exact: return "exact";
  case value_qualifier::lower_bound: return "lower_bound";
  case value_qualifier::upper_bound: return "upper_bound";
  case value_qualifier::provisional: return "provisional";
  }
  return "exact";
}

PLANRULES_DECL std::optional<value_qualifier> qualifier_from_name(std::string_view text) noexcept {
  try {
    using detail::measurements::trim;
    for (std::string_view separator : {std::string_view(";"), std::string_view("；")})
      if (const auto at = text.find(separator); at != std::string_view::npos) text = text.substr(0, at);
    const auto key = detail::measurements::word_key(text);
    struct entry {
      std::string_view word;
      value_qualifier q;
    };
    static constexpr entry words[] = {
        {"", value_qualifier::exact},
        {"exact", value_qualifier::exact},
        {"=", value_qualifier::exact},
        {"actual", value_qualifier::exact},
        {"final", value_qualifier::exact},
        {"精确", value_qualifier::exact},
        {"正式", value_qualifier::exact},
        {"lower bound", value_qualifier::lower_bound},
        {"lower", value_qualifier::lower_bound},
        {"at least", value_qualifier::lower_bound},
        {"more than", value_qualifier::lower_bound},
        {"over", value_qualifier::lower_bound},
        {"minimum", value_qualifier::lower_bound},
        {">", value_qualifier::lower_bound},
        {">=", value_qualifier::lower_bound},
        {"≥", value_qualifier::lower_bound},
        {"以上", value_qualifier::lower_bound},
        {"不低于", value_qualifier::lower_bound},
        {"至少", value_qualifier::lower_bound},
        {"超过", value_qualifier::lower_bound},
        {"多于", value_qualifier::lower_bound},
        {"余", value_qualifier::lower_bound},
        {"upper bound", value_qualifier::upper_bound},
        {"upper", value_qualifier::upper_bound},
        {"at most", value_qualifier::upper_bound},
        {"less than", value_qualifier::upper_bound},
        {"under", value_qualifier::upper_bound},
        {"maximum", value_qualifier::upper_bound},
        {"<", value_qualifier::upper_bound},
        {"<=", value_qualifier::upper_bound},
        {"≤", value_qualifier::upper_bound},
        {"以下", value_qualifier::upper_bound},
        {"以内", value_qualifier::upper_bound},
        {"不超过", value_qualifier::upper_bound},
        {"至多", value_qualifier::upper_bound},
        {"低于", value_qualifier::upper_bound},
        {"不足", value_qualifier::upper_bound},
        {"provisional", value_qualifier::provisional},
        {"preliminary", value_qualifier::provisional},
        {"estimate", value_qualifier::provisional},
        {"estimated", value_qualifier::provisional},
        {"unverified", value_qualifier::provisional},
        {"low quality", value_qualifier::provisional},
        {"low quality copy", value_qualifier::provisional},
        {"初步", value_qualifier::provisional},
        {"初步统计", value_qualifier::provisional},
        {"快报", value_qualifier::provisional},
        {"预计", value_qualifier::provisional},
        {"估计", value_qualifier::provisional},
        {"暂定", value_qualifier::provisional},
    };
    for (const auto& w : words)
      if (key == w.word) return w.q;
    return std::nullopt;
  } catch (...) {
    return std::nullopt;
  }
}

PLANRULES_DECL std::pair<std::string, std::string> canonical_slice_pair(std::string_view key_text,
                                                                        std::string_view value_text) {
  using namespace detail::measurements;
  auto key = word_key(key_text);
  const auto raw_value = trim(value_text);
  auto value = word_key(raw_value);
  if (key == "sex" || key == "gender" || key == "性别") key = "sex";
  else if (key == "age" || key == "age group" || key == "年龄" || key == "年龄组" || key == "年龄段") key = "age";
  else if (key == "area" || key == "urban rural" || key == "城乡" || key == "城乡分类") key = "area";
  else {
    for (auto& c : key)
      if (c == ' ') c = '_';
  }
  static constexpr std::string_view totals[] = {"", "total", "all", "both", "overall", "all ages", "合计",
                                                "总计", "全部", "总体", "小计", "城乡合计", "男女合计"};
  for (auto t : totals)
    if (value == t) return {key, {}};
  if (key == "sex") {
    for (std::string_view w : {"female", "f", "女", "女性", "girl", "girls", "女童", "女孩"})
      if (value == w) return {key, "female"};
    for (std::string_view w : {"male", "m", "男", "男性", "boy", "boys", "男童", "男孩"})
      if (value == w) return {key, "male"};
  } else if (key == "area") {
    for (std::string_view w : {"urban", "城镇", "城市", "city", "town", "城"})
      if (value == w) return {key, "urban"};
    for (std::string_view w : {"rural", "农村", "乡村", "countryside", "village", "乡"})
      if (value == w) return {key, "rural"};
  } else if (key == "age") {
    // 0～5岁, 0—5岁 and "0-5" are one age group.
    auto age = ascii_lower(catalogue::name_key(raw_value));
    for (std::string_view suffix : {std::string_view("岁"), std::string_view("years"), std::string_view("y")})
      if (age.size() > suffix.size() && std::string_view(age).ends_with(suffix)) {
        age.resize(age.size() - suffix.size());
        break;
      }
    return {key, age};
  }
  return {key, value};
}

PLANRULES_DECL expected<std::string, std::string> canonical_slice(std::string_view text) {
  using namespace detail::measurements;
  try {
    std::vector<std::pair<std::string, std::string>> pairs;
    std::size_t i = 0;
    while (i <= text.size()) {
      std::size_t end = text.size();
      std::size_t skip = 0;
      for (std::string_view separator : {",", ";", "，", "；"}) {
        const auto at = text.find(separator, i);
        if (at != std::string_view::npos && at < end) {
          end = at;
          skip = separator.size();
        }
      }
      const auto part = trim(text.substr(i, end - i));
      i = end + (skip ? skip : 1);
      if (part.empty()) continue;
      std::size_t eq = std::string_view::npos, eq_size = 0;
      for (std::string_view sign : {"=", ":", "＝", "："}) {
        const auto at = part.find(sign);
        if (at != std::string_view::npos && at < eq) {
          eq = at;
          eq_size = sign.size();
        }
      }
      if (eq == std::string_view::npos)
        return unexpected("'" + std::string(part) + "' is not key=value (as in sex=female)");
      auto pair = canonical_slice_pair(part.substr(0, eq), part.substr(eq + eq_size));
      if (pair.first.empty()) return unexpected("'" + std::string(part) + "' has no key");
      for (const auto& existing : pairs)
        if (existing.first == pair.first) return unexpected("key '" + pair.first + "' is given twice");
      if (!pair.second.empty()) pairs.push_back(std::move(pair));
    }
    std::sort(pairs.begin(), pairs.end());
    std::string out;
    for (const auto& [key, value] : pairs) {
      if (!out.empty()) out += ',';
      out += key + "=" + value;
    }
    return out;
  } catch (const std::bad_alloc&) {
    return unexpected(std::string("out of memory"));
  }
}


PLANRULES_DECL region_id region_hierarchy::find_child(region_id parent, std::string_view name) const {
  const auto candidates = parent == no_region ? roots() : children(parent);
  for (const auto id : candidates)
    if (regions_[id].name == name) return id;
  return no_region;
}

PLANRULES_DECL region_id region_hierarchy::find(std::string_view name_or_path) const {
  using detail::measurements::trim;
  name_or_path = trim(name_or_path);
  if (name_or_path.find('/') == std::string_view::npos) {
    const auto it = by_name_.find(name_or_path);
    return it == by_name_.end() || it->second == ambiguous_ ? no_region : it->second;
  }
  region_id at = no_region;
  bool first = true;
  std::size_t i = 0;
  while (i <= name_or_path.size()) {
    auto end = name_or_path.find('/', i);
    if (end == std::string_view::npos) end = name_or_path.size();
    const auto part = trim(name_or_path.substr(i, end - i));
    i = end + 1;
    if (part.empty()) continue;
    region_id next = find_child(at, part);
    if (next == no_region && first) next = find(part);
    if (next == no_region) return no_region;
    at = next;
    first = false;
  }
  return at;
}

PLANRULES_DECL std::vector<region_id> region_hierarchy::find_all(std::string_view name) const {
  std::vector<region_id> out;
  for (region_id id = 0; id < regions_.size(); ++id)
    if (regions_[id].name == name) out.push_back(id);
  return out;
}

PLANRULES_DECL std::vector<region_id> region_hierarchy::descendants(region_id id,
                                                                    std::optional<ast::region_level> level) const {
  std::vector<region_id> out;
  if (id >= regions_.size()) return out;
  for (region_id r = id + 1; r < subtree_end_[id]; ++r)
    if (!level || regions_[r].level == level) out.push_back(r);
  return out;
}

PLANRULES_DECL std::string region_hierarchy::path(region_id id) const {
  if (id >= regions_.size()) return {};
  std::vector<region_id> chain;
  for (region_id at = id; at != no_region; at = regions_[at].parent) chain.push_back(at);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!out.empty()) out += '/';
    out += regions_[*it].name;
  }
  return out;
}

PLANRULES_DECL std::size_t region_hierarchy::memory_bytes() const noexcept {
  using namespace detail::measurements;
  std::size_t bytes = vector_bytes(regions_) + vector_bytes(subtree_end_) + vector_bytes(child_begin_) +
                      vector_bytes(child_ids_) + vector_bytes(roots_) + map_bytes(by_name_);
  for (const auto& r : regions_) bytes += string_bytes(r.name);
  return bytes;
}


PLANRULES_DECL std::size_t series_view::present_count() const noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < size(); ++i) n += present_at(i) ? 1 : 0;
  return n;
}

PLANRULES_DECL std::optional<series_view::point> series_view::latest(int year) const noexcept {
  if (!info_ || year < first_year()) return std::nullopt;
  std::size_t i = std::min<std::size_t>(size(), static_cast<std::size_t>(year - first_year()) + 1);
  while (i > 0) {
    --i;
    if (present_at(i)) return point{first_year() + static_cast<int>(i), values_[i]};
  }
  return std::nullopt;
}

PLANRULES_DECL const detail::value_attribute* series_view::attribute(int year) const noexcept {
  if (!info_ || !(info_->flags & series_info::has_attributes)) return nullptr;
  const auto i = index_of(year);
  if (i >= size()) return nullptr;
  const auto slot = static_cast<std::uint32_t>(info_->offset + i);
  const auto& attributes = data_->attributes;
  const auto it = std::lower_bound(attributes.begin(), attributes.end(), slot,
                                   [](const detail::value_attribute& a, std::uint32_t s) { return a.slot < s; });
  return it != attributes.end() && it->slot == slot ? &*it : nullptr;
}

PLANRULES_DECL const provenance& series_view::provenance_of(int year) const noexcept {
  static const provenance empty;
  if (!has(year) || data_->provenances.empty()) return empty;
  const auto* a = attribute(year);
  return data_->provenances[a ? a->provenance : data_->default_provenance];
}


PLANRULES_DECL measurement_set::measurement_set() {
  static const auto empty = [] {
    auto data = std::make_shared<detail::measurement_data>();
    data->catalogue = std::make_shared<const planrules::catalogue>();
    return std::shared_ptr<const detail::measurement_data>(std::move(data));
  }();
  data_ = empty;
}

PLANRULES_DECL std::span<const series_info> measurement_set::series_in(indicator_index indicator,
                                                                       region_id root) const noexcept {
  const auto all = series(indicator);
  if (root >= data_->regions.size()) return {};
  const auto end_region = data_->regions.subtree_end(root);
  const auto first = std::lower_bound(all.begin(), all.end(), root,
                                      [](const series_info& s, region_id r) { return s.region < r; });
  const auto last = std::lower_bound(first, all.end(), end_region,
                                     [](const series_info& s, region_id r) { return s.region < r; });
  return all.subspan(static_cast<std::size_t>(first - all.begin()), static_cast<std::size_t>(last - first));
}

PLANRULES_DECL series_view measurement_set::find(indicator_index indicator, region_id region,
                                                 slice_id slice) const noexcept {
  const auto all = series(indicator);
  const auto it = std::lower_bound(all.begin(), all.end(), std::pair{region, slice},
                                   [](const series_info& s, const std::pair<region_id, slice_id>& key) {
                                     return s.region < key.first || (s.region == key.first && s.slice < key.second);
                                   });
  if (it == all.end() || it->region != region || it->slice != slice) return {};
  return view(*it);
}

PLANRULES_DECL series_view measurement_set::find(std::string_view indicator, std::string_view region,
                                                 std::string_view slice) const {
  const auto i = catalogue().find(indicator);
  const auto r = regions().find(region);
  const auto s = find_slice(slice);
  if (i == planrules::catalogue::npos || r == no_region || s == no_slice) return {};
  return find(i, r, s);
}

PLANRULES_DECL slice_id measurement_set::find_slice(std::string_view text) const {
  const auto canonical = canonical_slice(text);
  if (!canonical) return no_slice;
  for (slice_id id = 0; id < data_->slices.size(); ++id)
    if (data_->slices[id].text == *canonical) return id;
  return no_slice;
}

PLANRULES_DECL std::size_t measurement_set::memory_bytes() const noexcept {
  using namespace detail::measurements;
  const auto& d = *data_;
  std::size_t bytes = sizeof(detail::measurement_data) + vector_bytes(d.series) + vector_bytes(d.indicator_begin) +
                      vector_bytes(d.values) + vector_bytes(d.validity) + vector_bytes(d.attributes) +
                      vector_bytes(d.provenances) + vector_bytes(d.slices) + d.regions.memory_bytes();
  for (const auto& p : d.provenances) bytes += string_bytes(p.source) + string_bytes(p.release) + string_bytes(p.note);
  for (const auto& s : d.slices) {
    bytes += string_bytes(s.text) + vector_bytes(s.keys);
    for (const auto& [k, v] : s.keys) bytes += string_bytes(k) + string_bytes(v);
  }
  return bytes;
}


PLANRULES_DECL measurement_set_builder::measurement_set_builder(std::shared_ptr<const planrules::catalogue> cat)
    : catalogue_(cat ? std::move(cat) : std::make_shared<const planrules::catalogue>()) {}

PLANRULES_DECL measurement_set_builder::measurement_set_builder(const planrules::catalogue& cat)
    : catalogue_(std::make_shared<const planrules::catalogue>(cat)) {}

inline std::uint32_t measurement_set_builder::region_child(std::uint32_t parent, std::string_view name) const {
  std::string key = std::to_string(parent);
  key += '\x1f';
  key += name;
  const auto it = region_children_.find(key);
  return it == region_children_.end() ? detail::measurements::none : it->second;
}

inline std::uint32_t measurement_set_builder::new_region(std::string_view name, std::uint32_t parent) {
  const auto id = static_cast<std::uint32_t>(regions_.size());
  regions_.push_back(pending_region{std::string(name), parent, std::nullopt, false});
  const auto [it, inserted] = region_names_.emplace(std::string(name), id);
  if (!inserted) {
    if (it->second != detail::measurements::ambiguous) regions_[it->second].shared_name = true;
    regions_[id].shared_name = true;
    it->second = detail::measurements::ambiguous;
  }
  region_children_.emplace(std::to_string(parent) + '\x1f' + std::string(name), id);
  return id;
}

inline expected<std::uint32_t, measurement_set_builder::region_problem>
measurement_set_builder::resolve_region(std::string_view text, bool create) {
  using namespace detail::measurements;
  auto problem = [](diagnostic_code code, std::string message) {
    return unexpected(region_problem{code, std::move(message)});
  };
  text = trim(text);
  if (text.empty()) return problem(diagnostic_code::unknown_region, "the region is empty");
  // A NUL would cut the name short for C callers, an escape would reach a terminal.
  if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }))
    return problem(diagnostic_code::control_character, "the region name holds a control character");
  if (text.find('/') == std::string_view::npos) {
    const auto it = region_names_.find(text);
    if (it != region_names_.end()) {
      if (it->second != ambiguous) return it->second;
      return problem(diagnostic_code::ambiguous_region,
                     "'" + std::string(text) + "' names more than one region; write its path, as in 大连市/西岗区");
    }
    if (!create) return problem(diagnostic_code::unknown_region, "unknown region '" + std::string(text) + "'");
    return new_region(text, none);
  }
  std::uint32_t at = none;
  bool first = true;
  std::size_t i = 0;
  while (i <= text.size()) {
    auto end = text.find('/', i);
    if (end == std::string_view::npos) end = text.size();
    const auto part = trim(text.substr(i, end - i));
    i = end + 1;
    if (part.empty()) continue;
    auto next = region_child(at, part);
    if (next == none && first) {
      // A path may start below the roots: "大连市/西岗区" when 辽宁省 is loaded too.
      const auto it = region_names_.find(part);
      if (it != region_names_.end() && it->second != ambiguous) next = it->second;
    }
    if (next == none) {
      if (!create)
        return problem(diagnostic_code::unknown_region,
                       "unknown region '" + std::string(part) + "' in '" + std::string(text) + "'");
      next = new_region(part, at);
    }
    at = next;
    first = false;
  }
  if (at == none) return problem(diagnostic_code::unknown_region, "the region is empty");
  return at;
}

inline expected<void, std::string> measurement_set_builder::define_region(std::uint32_t id,
                                                                          std::optional<ast::region_level> level,
                                                                          std::string_view parent, bool create) {
  using namespace detail::measurements;
  auto& r = regions_[id];
  if (level) {
    if (!r.level) r.level = level;
    else if (*r.level != *level)
      return unexpected("region '" + r.name + "' is a " + std::string(ast::to_string(*r.level)) + ", not a " +
                        std::string(ast::to_string(*level)));
  }
  parent = trim(parent);
  if (parent.empty()) return {};
  auto p = resolve_region(parent, create);
  if (!p) return unexpected(p.error().message);
  if (regions_[id].parent == *p) return {};
  if (regions_[id].parent != none)
    return unexpected("region '" + regions_[id].name + "' already belongs to '" + regions_[regions_[id].parent].name +
                      "', not to '" + std::string(parent) + "'");
  for (auto at = *p; at != none; at = regions_[at].parent)
    if (at == id) return unexpected("region '" + regions_[id].name + "' cannot be inside itself");
  const auto& name = regions_[id].name;
  if (region_child(*p, name) != none)
    return unexpected("'" + std::string(parent) + "' already has a region named '" + name + "'");
  region_children_.erase(std::to_string(none) + '\x1f' + name);
  region_children_.emplace(std::to_string(*p) + '\x1f' + name, id);
  regions_[id].parent = *p;
  return {};
}

PLANRULES_DECL expected<void, error> measurement_set_builder::add_region(std::string_view name,
                                                                         std::string_view parent,
                                                                         std::optional<ast::region_level> level) {
  using namespace detail::measurements;
  try {
    name = trim(name);
    if (name.empty()) return fail(errc::invalid_argument, "the region name is empty");
    if (detail::unicode::first_invalid_utf8(name) || detail::unicode::first_invalid_utf8(parent))
      return fail(errc::invalid_argument, "invalid UTF-8 in a region name");
    std::uint32_t id = none;
    if (!trim(parent).empty() && name.find('/') == std::string_view::npos) {
      auto p = resolve_region(parent, true);
      if (!p) return fail(errc::invalid_argument, p.error().message);
      id = region_child(*p, name);
      if (id == none) {
        // A region named by data before the hierarchy was given is a root: move it.
        const auto root = region_child(none, name);
        id = root != none ? root : new_region(name, *p);
      }
    } else {
      auto r = resolve_region(name, true);
      if (!r) return fail(errc::invalid_argument, r.error().message);
      id = *r;
    }
    if (auto defined = define_region(id, level, parent, true); !defined)
      return fail(errc::invalid_argument, defined.error());
    return {};
  } catch (const std::bad_alloc&) {
    return fail(errc::limit_exceeded, "out of memory");
  } catch (...) {
    return fail(errc::internal, "unexpected failure while adding a region");
  }
}

inline std::uint32_t measurement_set_builder::intern_slice_canonical(const std::string& canonical) {
  if (canonical.empty()) return 0;
  const auto it = slice_ids_.find(canonical);
  if (it != slice_ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(slices_.size());
  slice s;
  s.text = canonical;
  std::size_t i = 0;
  while (i < canonical.size()) {
    auto end = canonical.find(',', i);
    if (end == std::string::npos) end = canonical.size();
    const auto part = std::string_view(canonical).substr(i, end - i);
    const auto eq = part.find('=');
    s.keys.emplace_back(std::string(part.substr(0, eq)), std::string(part.substr(eq + 1)));
    i = end + 1;
  }
  slices_.push_back(std::move(s));
  slice_ids_.emplace(canonical, id);
  return id;
}

inline expected<std::uint32_t, std::string> measurement_set_builder::intern_slice(std::string_view text) {
  auto canonical = canonical_slice(text);
  if (!canonical) return unexpected(canonical.error());
  return intern_slice_canonical(*canonical);
}

inline std::uint32_t measurement_set_builder::intern_provenance(std::string_view source, std::string_view release,
                                                                std::string_view note) {
  std::string key;
  key.reserve(source.size() + release.size() + note.size() + 2);
  key.append(source).append(1, '\x1f').append(release).append(1, '\x1f').append(note);
  const auto it = provenance_ids_.find(key);
  if (it != provenance_ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(provenances_.size());
  provenances_.push_back(provenance{std::string(source), std::string(release), std::string(note)});
  provenance_ids_.emplace(std::move(key), id);
  return id;
}

inline std::uint16_t measurement_set_builder::add_origin(std::string name, std::shared_ptr<const void> owner,
                                                        std::string_view text) {
  if (!owner) text = {};
  origins_.push_back(detail::value_origin{std::move(name), std::move(owner), text, {}});
  return static_cast<std::uint16_t>(origins_.size() - 1);
}

inline measurement_set_builder::checkpoint measurement_set_builder::mark() const noexcept {
  return checkpoint{runs_.size(), values_.size(), regions_.size(), provenances_.size(), slices_.size(), origins_.size()};
}

inline void measurement_set_builder::rollback(const checkpoint& to) {
  using detail::measurements::none;
  runs_.resize(std::min(runs_.size(), to.runs));
  values_.resize(std::min(values_.size(), to.values));
  missing_.resize((values_.size() + 63) / 64);
  if (values_.size() % 64 != 0) missing_.back() &= (std::uint64_t(1) << (values_.size() % 64)) - 1;
  regions_.resize(std::min(regions_.size(), to.regions));
  provenances_.resize(std::min(provenances_.size(), to.provenances));
  slices_.resize(std::min(slices_.size(), to.slices));
  origins_.resize(std::min(origins_.size(), to.origins));
  region_names_.clear();
  region_children_.clear();
  for (std::uint32_t id = 0; id < regions_.size(); ++id) {
    auto& r = regions_[id];
    if (r.parent != none && r.parent >= regions_.size()) r.parent = none;
    r.shared_name = false;
    const auto [it, inserted] = region_names_.emplace(r.name, id);
    if (!inserted) {
      if (it->second != detail::measurements::ambiguous) regions_[it->second].shared_name = true;
      r.shared_name = true;
      it->second = detail::measurements::ambiguous;
    }
    region_children_.emplace(std::to_string(r.parent) + '\x1f' + r.name, id);
  }
  slice_ids_.clear();
  for (std::uint32_t id = 1; id < slices_.size(); ++id) slice_ids_.emplace(slices_[id].text, id);
  provenance_ids_.clear();
  for (std::uint32_t id = 0; id < provenances_.size(); ++id) {
    const auto& p = provenances_[id];
    provenance_ids_.emplace(p.source + '\x1f' + p.release + '\x1f' + p.note, id);
  }
}

PLANRULES_DETAIL_HOT void measurement_set_builder::append(std::uint32_t indicator, std::uint32_t region, std::uint32_t slice,
                                            int year, std::uint32_t provenance, value_qualifier qualifier,
                                            std::uint16_t origin, std::uint32_t line, double value, bool missing) {
  const auto index = values_.size();
  if (index % 64 == 0) missing_.push_back(0);
  if (missing) missing_[index / 64] |= std::uint64_t(1) << (index % 64);
  values_.push_back(value);
  if (!runs_.empty()) {
    auto& r = runs_.back();
    if (r.indicator == indicator && r.region == region && r.slice == slice && r.provenance == provenance &&
        r.origin == origin && r.qualifier == static_cast<std::uint8_t>(qualifier) && r.count < 0xFFFF &&
        year == r.first_year + static_cast<int>(r.count)) {
      if (r.count == 1 && (line == r.line || line == r.line + 1)) r.line_step = static_cast<std::uint8_t>(line - r.line);
      if (line == r.line_of(r.count)) {
        ++r.count;
        return;
      }
    }
  }
  detail::pending_run r;
  r.indicator = indicator;
  r.region = region;
  r.line = line;
  r.provenance = provenance;
  r.offset = static_cast<std::uint32_t>(index);
  r.first_year = static_cast<std::int16_t>(year);
  r.count = 1;
  r.slice = static_cast<std::uint16_t>(slice);
  r.origin = origin;
  r.qualifier = static_cast<std::uint8_t>(qualifier);
  runs_.push_back(r);
}

inline void measurement_set_builder::reset() {
  runs_ = {};
  values_ = {};
  missing_ = {};
  regions_.clear();
  region_names_.clear();
  region_children_.clear();
  slices_.assign(1, slice{});
  slice_ids_.clear();
  provenances_.clear();
  provenance_ids_.clear();
  origins_.clear();
  rows_added_ = 0;
}

PLANRULES_DECL expected<void, error> measurement_set_builder::add(std::string_view indicator,
                                                                  std::string_view region_name, int year,
                                                                  std::optional<double> value,
                                                                  value_qualifier qualifier, std::string_view source,
                                                                  std::string_view slice_text, std::string_view unit_text) {
  using namespace detail::measurements;
  try {
    const auto row = ++rows_added_;
    auto bad = [&](diagnostic_code code, std::string message) {
      diagnostic d;
      d.code = code;
      d.level = default_severity(code);
      d.message = message;
      d.location.file = "<builder>";
      d.location.line = row;
      return fail(errc::invalid_input, std::move(message), {std::move(d)});
    };
    const auto i = catalogue_->find(indicator);
    if (i == planrules::catalogue::npos)
      return bad(diagnostic_code::unknown_indicator_in_data, "unknown indicator '" + std::string(indicator) + "'");
    if (i >= 0xFFFF) return fail(errc::limit_exceeded, "more than 65535 indicators");
    if (year < min_year || year > max_year)
      return bad(diagnostic_code::invalid_year_in_data, "year " + std::to_string(year) + " is outside " +
                                                            std::to_string(min_year) + "–" + std::to_string(max_year));
    for (const auto text : {region_name, slice_text, source, unit_text})
      if (detail::unicode::first_invalid_utf8(text))
        return bad(diagnostic_code::invalid_utf8_in_data, "invalid UTF-8 in a region, slice, source or unit");
    if (value && !std::isfinite(*value))
      return bad(diagnostic_code::non_finite_value, "value is " + format_number(*value) + "; write a missing value instead");
    const auto s = intern_slice(slice_text);
    if (!s) return bad(diagnostic_code::csv_syntax, "slice '" + std::string(slice_text) + "': " + s.error());
    if (*s > 0xFFFF) return fail(errc::limit_exceeded, "more than 65535 slices");
    double v = value.value_or(0);
    const auto& to = (*catalogue_)[i].unit;
    if (!trim(unit_text).empty()) {
      const auto from = parse_unit(unit_text);
      if (!from) return bad(diagnostic_code::unknown_unit_in_data, from.error());
      if (!comparable(*from, to) || from->difference != to.difference)
        return bad(diagnostic_code::unit_mismatch_in_data, "unit '" + std::string(unit_text) + "' is " + describe(*from) +
                                                               "; indicator '" + (*catalogue_)[i].id + "' is " +
                                                               describe(to));
      if (value) v = convert(v, *from, to);
    }
    const auto r = resolve_region(region_name.empty() ? std::string_view(default_region_) : region_name, true);
    if (!r) return bad(r.error().code, r.error().message);
    std::uint16_t origin = 0;
    const auto found = std::find_if(origins_.begin(), origins_.end(),
                                    [](const detail::value_origin& o) { return o.name == "<builder>"; });
    if (found == origins_.end()) {
      if (origins_.size() >= 0xFFFF) return fail(errc::limit_exceeded, "more than 65535 inputs");
      origin = add_origin("<builder>", nullptr, {});
    } else {
      origin = static_cast<std::uint16_t>(found - origins_.begin());
    }
    append(static_cast<std::uint32_t>(i), *r, *s, year,
           intern_provenance(source.empty() ? std::string_view("<builder>") : source, {}, {}), qualifier, origin, row,
           value ? v : std::numeric_limits<double>::quiet_NaN(), !value);
    return {};
  } catch (const std::bad_alloc&) {
    return fail(errc::limit_exceeded, "out of memory");
  } catch (...) {
    return fail(errc::internal, "unexpected failure while adding a value");
  }
}

PLANRULES_DECL expected<load_report, error> measurement_set_builder::add_columns(const column_input& input) {
  using detail::column_role;
  using detail::column_spec;
  using detail::field;
  try {
    if (input.size > 0 && (!input.years || !input.values))
      return fail(errc::invalid_argument, "years and values are required");
    auto given = [](const key_column& k) { return !k.constant.empty() || k.names || k.codes; };
    if (!given(input.indicator)) return fail(errc::invalid_argument, "no indicator column and no constant indicator");
    if (origins_.size() >= 0xFFFF) return fail(errc::limit_exceeded, "more than 65535 inputs");

    data_load_options options;
    options.min_year = detail::measurements::min_year;
    options.max_year = detail::measurements::max_year;
    options.release = std::string(input.release);
    options.source = std::string(input.origin);
    detail::record_loader loader(*this, options, std::string(input.origin), nullptr);

    // Fields in this order: indicator, region, slice, unit, source, qualifier, year, value.
    std::vector<column_spec> columns;
    auto column = [&](column_role role, const char* name) { columns.push_back(column_spec{role, name, 0, 0, {}}); };
    column(column_role::indicator, "indicator");
    column(given(input.region) ? column_role::region : column_role::ignored, "region");
    column(column_role::slice, "slice");
    column(column_role::unit, "unit");
    column(given(input.source) ? column_role::source : column_role::ignored, "source");
    column(input.qualifiers ? column_role::qualifier : column_role::ignored, "qualifier");
    column(column_role::year, "year");
    column(column_role::value, "value");
    loader.set_columns(std::move(columns), table_layout::long_format);

    auto key_at = [](const key_column& k, std::size_t i, bool& bad) -> std::string_view {
      if (k.names) return k.names[i];
      if (k.codes) {
        const auto code = k.codes[i];
        if (code < 0) return k.constant;
        if (static_cast<std::size_t>(code) >= k.dictionary.size()) {
          bad = true;
          return {};
        }
        return k.dictionary[static_cast<std::size_t>(code)];
      }
      return k.constant;
    };
    std::array<field, 8> fields{};
    for (std::size_t i = 0; i < input.size; ++i) {
      const auto line = static_cast<std::uint32_t>(i + 1);
      bool bad_code = false;
      const key_column* keys[] = {&input.indicator, &input.region, &input.slice, &input.unit, &input.source};
      for (std::size_t k = 0; k < 5; ++k) {
        fields[k].type = field::kind::text;
        fields[k].text = key_at(*keys[k], i, bad_code);
      }
      fields[5].type = field::kind::text;
      fields[5].text = input.qualifiers ? to_string(input.qualifiers[i]) : std::string_view();
      fields[6].type = field::kind::number;
      fields[6].number = input.years[i];
      const bool present = !input.validity || ((input.validity[i >> 6] >> (i & 63)) & 1u);
      const double v = input.values[i];
      fields[7].type = present && !(input.nan_is_missing && std::isnan(v)) ? field::kind::number : field::kind::null;
      fields[7].number = v;
      if (bad_code) {
        loader.bad_record(diagnostic_code::csv_syntax, "a code is outside its dictionary", line, {}, 0);
        continue;
      }
      loader.record(fields, line, {});
    }
    auto report = loader.finish();
    if (report) report->layout = "columns";
    return report;
  } catch (const std::bad_alloc&) {
    return fail(errc::limit_exceeded, "out of memory");
  } catch (...) {
    return fail(errc::internal, "unexpected failure while adding columns");
  }
}

namespace detail::measurements {

inline std::string_view line_of(const value_origin& origin, std::uint32_t line) {
  if (!origin.owner || line == 0) return {};
  const std::string_view text = origin.text;
  if (origin.line_starts.empty()) {
    origin.line_starts.push_back(0);
    for (const char* p = text.data(), *end = text.data() + text.size();;) {
      p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      if (!p) break;
      ++p;
      origin.line_starts.push_back(static_cast<std::uint32_t>(p - text.data()));
    }
  }
  if (line > origin.line_starts.size()) return {};
  const std::size_t begin = origin.line_starts[line - 1];
  std::size_t end = line < origin.line_starts.size() ? origin.line_starts[line] - 1 : text.size();
  if (end > begin && text[end - 1] == '\r') --end;
  return text.substr(begin, end - begin);
}

inline std::string sanitized(std::string_view s) {
  if (!unicode::first_invalid_utf8(s)) return std::string(s);
  std::string out;
  char32_t c;
  for (std::size_t i = 0; i < s.size();) {
    const auto len = unicode::decode(s, i, c);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

} // namespace detail::measurements

PLANRULES_DECL expected<build_result, error> measurement_set_builder::finish(const finish_options& options) {
  using namespace detail::measurements;
  try {
    const auto& cat = *catalogue_;
    const std::size_t indicator_count = cat.size();
    const std::size_t region_count = regions_.size();
    const std::size_t slice_count = slices_.size();
    if (indicator_count >= 0xFFFF) return fail(errc::limit_exceeded, "more than 65535 indicators");
    if (slice_count > 0xFFFF) return fail(errc::limit_exceeded, "more than 65535 slices");
    if (region_count >= ambiguous) return fail(errc::limit_exceeded, "too many regions");

    auto data = std::make_shared<detail::measurement_data>();
    data->catalogue = catalogue_;
    const std::size_t pending_count = values_.size();

    // Regions in depth-first order, so that a subtree is a range of ids.
    std::vector<std::uint32_t> child_count(region_count + 1, 0);
    for (const auto& r : regions_)
      if (r.parent != none) ++child_count[r.parent];
    std::vector<std::uint32_t> child_start(region_count + 1, 0);
    for (std::size_t i = 0; i < region_count; ++i) child_start[i + 1] = child_start[i] + child_count[i];
    std::vector<std::uint32_t> kids(child_start[region_count]);
    {
      auto fill = child_start;
      for (std::uint32_t id = 0; id < region_count; ++id)
        if (regions_[id].parent != none) kids[fill[regions_[id].parent]++] = id;
    }
    std::vector<std::uint32_t> new_id(region_count, none);
    auto& h = data->regions;
    h.regions_.reserve(region_count);
    h.subtree_end_.assign(region_count, 0);
    {
      std::vector<std::pair<std::uint32_t, std::uint32_t>> stack; // (old id, next child index)
      for (std::uint32_t root = 0; root < region_count; ++root) {
        if (regions_[root].parent != none) continue;
        stack.push_back({root, child_start[root]});
        new_id[root] = static_cast<std::uint32_t>(h.regions_.size());
        h.regions_.push_back(region{regions_[root].name, no_region, regions_[root].level});
        while (!stack.empty()) {
          auto& [at, next] = stack.back();
          if (next < child_start[at + 1]) {
            const auto child = kids[next++];
            new_id[child] = static_cast<std::uint32_t>(h.regions_.size());
            h.regions_.push_back(region{regions_[child].name, new_id[regions_[child].parent], regions_[child].level});
            stack.push_back({child, child_start[child]});
          } else {
            h.subtree_end_[new_id[at]] = static_cast<region_id>(h.regions_.size());
            stack.pop_back();
          }
        }
      }
    }
    h.child_begin_.assign(region_count + 1, 0);
    for (region_id id = 0; id < region_count; ++id) {
      const auto parent = h.regions_[id].parent;
      if (parent == no_region) h.roots_.push_back(id);
      else ++h.child_begin_[parent + 1];
    }
    for (std::size_t i = 0; i < region_count; ++i) h.child_begin_[i + 1] += h.child_begin_[i];
    h.child_ids_.resize(h.child_begin_[region_count]);
    {
      auto fill = h.child_begin_;
      for (region_id id = 0; id < region_count; ++id)
        if (h.regions_[id].parent != no_region) h.child_ids_[fill[h.regions_[id].parent]++] = id;
    }
    for (region_id id = 0; id < region_count; ++id) {
      const auto [it, inserted] = h.by_name_.emplace(h.regions_[id].name, id);
      if (!inserted) it->second = region_hierarchy::ambiguous_;
    }

    const std::size_t run_count = runs_.size();
    const std::size_t key_space = std::max<std::size_t>(1, indicator_count) * std::max<std::size_t>(1, region_count) *
                                  std::max<std::size_t>(1, slice_count);
    const bool dense = key_space <= std::max<std::size_t>(std::size_t(1) << 22, 4 * run_count) &&
                       key_space <= (std::size_t(1) << 28);
    std::vector<std::uint32_t> table; // dense: key → series + 1
    std::unordered_map<std::uint64_t, std::uint32_t> hashed;
    if (dense) table.assign(key_space, 0);
    std::vector<std::uint64_t> series_key;
    std::vector<std::int16_t> series_first, series_last;
    std::vector<std::uint64_t> provenance_uses(provenances_.size(), 0);
    // The table entry of a run's key. Consecutive runs often share their key
    // (a series split by a gap), so the previous entry is tried first.
    std::uint64_t last_key = ~std::uint64_t(0);
    std::uint32_t* last_entry = nullptr;
    auto entry_of = [&](const detail::pending_run& r) -> std::uint32_t& {
      const std::uint32_t region = new_id[r.region];
      const std::uint64_t key = (std::uint64_t(r.indicator) << 48) | (std::uint64_t(region) << 16) | r.slice;
      if (key != last_key) {
        last_key = key;
        last_entry = dense ? &table[(std::size_t(r.indicator) * region_count + region) * slice_count + r.slice]
                           : &hashed.try_emplace(key, 0).first->second;
      }
      return *last_entry;
    };
    for (const auto& r : runs_) {
      auto& entry = entry_of(r);
      const auto last = static_cast<std::int16_t>(r.first_year + r.count - 1);
      if (entry == 0) {
        series_key.push_back(last_key);
        series_first.push_back(r.first_year);
        series_last.push_back(last);
        entry = static_cast<std::uint32_t>(series_key.size());
      }
      const auto s = entry - 1;
      if (r.first_year < series_first[s]) series_first[s] = r.first_year;
      if (last > series_last[s]) series_last[s] = last;
      provenance_uses[r.provenance] += r.count;
    }

    const std::size_t series_count = series_key.size();
    std::vector<std::uint32_t> order;
    order.reserve(series_count);
    if (dense) {
      for (const auto entry : table)
        if (entry) order.push_back(entry - 1);
    } else {
      for (std::uint32_t s = 0; s < series_count; ++s) order.push_back(s);
      std::sort(order.begin(), order.end(),
                [&](std::uint32_t a, std::uint32_t b) { return series_key[a] < series_key[b]; });
    }
    data->series.resize(series_count);
    data->indicator_begin.assign(indicator_count + 1, 0);
    std::uint64_t slots = 0;
    for (std::uint32_t k = 0; k < series_count; ++k) {
      const auto s = order[k];
      auto& info = data->series[k];
      info.indicator = static_cast<std::uint32_t>(series_key[s] >> 48);
      info.region = static_cast<region_id>((series_key[s] >> 16) & 0xFFFFFFFFu);
      info.slice = static_cast<std::uint16_t>(series_key[s] & 0xFFFF);
      info.first_year = series_first[s];
      info.count = static_cast<std::uint16_t>(series_last[s] - series_first[s] + 1);
      info.offset = static_cast<std::uint32_t>(slots);
      slots += info.count;
      if (slots > 0xFFFFFFFFull) return fail(errc::limit_exceeded, "more than 2^32 values");
      ++data->indicator_begin[info.indicator + 1];
    }
    for (std::size_t i = 0; i < indicator_count; ++i) data->indicator_begin[i + 1] += data->indicator_begin[i];
    // From now on a table entry holds the series' place in key order, plus one.
    if (dense) {
      std::uint32_t k = 0;
      for (auto& entry : table)
        if (entry) entry = ++k;
    } else {
      std::vector<std::uint32_t> place(series_count);
      for (std::uint32_t k = 0; k < series_count; ++k) place[order[k]] = k;
      for (auto& [key, entry] : hashed) entry = place[entry - 1] + 1;
    }
    last_key = ~std::uint64_t(0);

    // The most common provenance is the default; only the others are stored per value.
    std::uint32_t default_provenance = 0;
    for (std::uint32_t id = 1; id < provenance_uses.size(); ++id)
      if (provenance_uses[id] > provenance_uses[default_provenance]) default_provenance = id;
    data->default_provenance = default_provenance;

    // Sorted input without gaps puts every value where it already is: then the
    // value column is taken over as it stands.
    bool in_place = slots == values_.size();
    for (std::uint32_t ri = 0; in_place && ri < run_count; ++ri) {
      const auto& r = runs_[ri];
      const auto& info = data->series[entry_of(r) - 1];
      in_place = info.offset + static_cast<std::uint32_t>(r.first_year - info.first_year) == r.offset;
    }
    last_key = ~std::uint64_t(0);

    if (in_place) {
      data->values = std::move(values_);
      if (data->values.capacity() - data->values.size() > data->values.size() / 32) data->values.shrink_to_fit();
    } else {
      data->values.resize(slots);
    }
    data->validity.assign((slots + 63) / 64, 0);
    struct duplicate {
      std::uint32_t run, index, slot;
    };
    std::vector<duplicate> duplicates;
    bool attributes_sorted = true;
    std::size_t present = 0;
    auto is_missing = [&](std::size_t v) { return (missing_[v >> 6] >> (v & 63)) & 1u; };
    // A missing value says nothing, so it never competes with a value for its key.
    std::uint64_t* const validity = data->validity.data();
    for (std::uint32_t ri = 0; ri < run_count; ++ri) {
      const auto& r = runs_[ri];
      auto& info = data->series[entry_of(r) - 1];
      const std::uint32_t first_slot = info.offset + static_cast<std::uint32_t>(r.first_year - info.first_year);
      const bool plain = r.qualifier == 0 && r.provenance == default_provenance;
      // The common run: every value present, every slot still free.
      if (plain && bits_clear(missing_.data(), r.offset, r.count) && bits_clear(validity, first_slot, r.count)) {
        if (!in_place) std::copy_n(values_.data() + r.offset, r.count, data->values.data() + first_slot);
        set_bits(validity, first_slot, r.count);
        present += r.count;
        continue;
      }
      for (std::uint32_t j = 0; j < r.count; ++j) {
        const std::size_t v = r.offset + j;
        if (is_missing(v)) continue;
        const std::uint32_t slot = first_slot + j;
        const std::uint64_t bit = std::uint64_t(1) << (slot & 63);
        if (data->validity[slot >> 6] & bit) {
          duplicates.push_back({ri, j, slot});
          continue;
        }
        if (!in_place) data->values[slot] = values_[v];
        data->validity[slot >> 6] |= bit;
        ++present;
        if (!plain) {
          if (!data->attributes.empty() && data->attributes.back().slot > slot) attributes_sorted = false;
          data->attributes.push_back({slot, r.provenance, static_cast<value_qualifier>(r.qualifier)});
          info.flags |= series_info::has_attributes;
        }
      }
    }
    // Missing slots hold NaN, so that code ignoring the validity bits sees no number.
    for (std::size_t w = 0; w < data->validity.size(); ++w) {
      std::uint64_t holes = ~data->validity[w];
      while (holes) {
        const std::size_t slot = w * 64 + static_cast<std::size_t>(std::countr_zero(holes));
        if (slot >= slots) break;
        data->values[slot] = std::numeric_limits<double>::quiet_NaN();
        holes &= holes - 1;
      }
    }
    if (!attributes_sorted)
      std::sort(data->attributes.begin(), data->attributes.end(),
                [](const detail::value_attribute& a, const detail::value_attribute& b) { return a.slot < b.slot; });
    data->present = present;

    diagnostic_list diagnostics;
    std::size_t suppressed = 0;
    bool conflicting = false;
    if (!duplicates.empty()) {
      struct place {
        std::uint32_t run = none, index = 0;
      };
      std::unordered_map<std::uint32_t, place> first_of;
      for (const auto& d : duplicates) first_of.emplace(d.slot, place{});
      last_key = ~std::uint64_t(0);
      for (std::uint32_t ri = 0; ri < run_count; ++ri) {
        const auto& r = runs_[ri];
        const auto& info = data->series[entry_of(r) - 1];
        const std::uint32_t first_slot = info.offset + static_cast<std::uint32_t>(r.first_year - info.first_year);
        for (std::uint32_t j = 0; j < r.count; ++j) {
          if (is_missing(r.offset + j)) continue;
          const auto it = first_of.find(first_slot + j);
          if (it != first_of.end() && it->second.run == none) it->second = place{ri, j};
        }
      }
      auto describe_value = [&](const place& at) {
        const auto& r = runs_[at.run];
        const std::size_t v = r.offset + at.index;
        std::string s = format_number(values_[v]);
        if (r.qualifier != 0) s += " (" + std::string(to_string(static_cast<value_qualifier>(r.qualifier))) + ")";
        return s;
      };
      auto same_value = [&](const place& a, const place& b) {
        return values_[runs_[a.run].offset + a.index] == values_[runs_[b.run].offset + b.index];
      };
      auto where = [&](const place& at) {
        const auto& r = runs_[at.run];
        source_location loc;
        const auto& origin = origins_[r.origin];
        loc.file = origin.name;
        loc.line = r.line_of(at.index);
        const auto text = line_of(origin, loc.line);
        if (!text.empty()) {
          loc.line_text = sanitized(text);
          loc.column = 1;
          loc.end_column = static_cast<std::uint32_t>(detail::unicode::count_code_points(loc.line_text)) + 1;
        }
        return loc;
      };
      // 90.81 and 90.8 are one figure quoted at two precisions, not two figures.
      auto same_figure = [&](const place& a, const place& b) {
        const double x = values_[runs_[a.run].offset + a.index], y = values_[runs_[b.run].offset + b.index];
        auto decimals = [](double v) {
          const auto text = format_number(v);
          const auto dot = text.find('.');
          return dot == std::string::npos || text.find_first_of("eE") != std::string::npos ? 0 : int(text.size() - dot - 1);
        };
        // Only figures that both carry decimals, to different precisions: "5" may
        // have been written "5.0", so 5 and 5.2 stay a conflict.
        const int dx = decimals(x), dy = decimals(y);
        if (std::min(dx, dy) < 1 || dx == dy) return false;
        const double scale = std::pow(10.0, std::min(dx, dy));
        return std::round(x * scale) == std::round(y * scale);
      };
      for (const auto& d : duplicates) {
        const place second{d.run, d.index};
        const place first = first_of[d.slot];
        const bool identical = same_value(first, second);
        const bool same = identical || same_figure(first, second);
        if (!same) conflicting = true;
        if (diagnostics.size() >= options.max_diagnostics) {
          ++suppressed;
          continue;
        }
        const auto& r = runs_[d.run];
        diagnostic diag;
        diag.code = same ? diagnostic_code::duplicate_row : diagnostic_code::conflicting_duplicate;
        diag.level = default_severity(diag.code);
        const auto& info = cat[r.indicator];
        const std::string key = info.id + (info.name.empty() ? "" : " (" + info.name + ")") + ", " +
                                h.path(new_id[r.region]) + (r.slice ? ", " + slices_[r.slice].text : std::string()) +
                                ", " + std::to_string(r.first_year + static_cast<int>(d.index));
        diag.message = identical ? key + ": given again with the same value " + describe_value(second)
                       : same    ? key + ": given again as " + describe_value(second) + ", the same figure as " +
                                    describe_value(first) + " at another precision; the first is kept"
                                 : key + ": " + describe_value(second) + " differs from " + describe_value(first) +
                                       ", given first; the first value is kept";
        diag.location = where(second);
        const auto first_location = where(first);
        diag.notes.push_back("first given at " + first_location.file + ":" + std::to_string(first_location.line));
        diagnostics.push_back(std::move(diag));
      }
      if (suppressed > 0) {
        diagnostic diag;
        diag.code = diagnostic_code::too_many_errors;
        diag.level = default_severity(diag.code);
        diag.message = std::to_string(suppressed) + " more duplicate keys not shown";
        diagnostics.push_back(std::move(diag));
      }
    }
    if (conflicting && options.duplicates_fatal)
      return fail(errc::invalid_input, "the data give different values for the same key", std::move(diagnostics));

    data->slices = slices_;
    data->provenances = provenances_;
    data->series.shrink_to_fit();
    data->attributes.shrink_to_fit();
    h.by_name_.rehash(0);
    load_report report;
    report.diagnostics = std::move(diagnostics);
    report.rows = pending_count;
    report.values = present;
    report.missing = slots - present;
    reset();
    return build_result{measurement_set(std::shared_ptr<const detail::measurement_data>(std::move(data))),
                        std::move(report)};
  } catch (const std::bad_alloc&) {
    return fail(errc::limit_exceeded, "out of memory while building the measurement set");
  } catch (...) {
    return fail(errc::internal, "unexpected failure while building the measurement set");
  }
}

} // namespace planrules

#endif
