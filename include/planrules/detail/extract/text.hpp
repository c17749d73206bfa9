#ifndef PLANRULES_DETAIL_EXTRACT_TEXT_HPP
#define PLANRULES_DETAIL_EXTRACT_TEXT_HPP

// Plain UTF-8 helpers for reading plan text: code-point stepping, Chinese
// numerals, and text normalised for matching (NFKC, no spaces, no bookmarks)
// that still knows which original bytes each normalised byte came from.

#include <planrules/detail/unicode.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planrules::detail::extracting {

/// Byte index just after the code point at `i` (invalid bytes count as one).
inline std::size_t next_char(std::string_view s, std::size_t i) noexcept {
  if (i >= s.size()) return s.size();
  char32_t c = 0;
  const auto length = unicode::decode(s, i, c);
  return i + (length == 0 ? 1 : length);
}

/// Byte index of the code point that ends at `i`.
inline std::size_t previous_char(std::string_view s, std::size_t i) noexcept {
  if (i == 0) return 0;
  std::size_t j = i - 1;
  while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  return j;
}

/// The code point at `i`, 0 past the end.
inline char32_t char_at(std::string_view s, std::size_t i) noexcept {
  char32_t c = 0;
  if (i >= s.size() || unicode::decode(s, i, c) == 0) return 0;
  return c;
}

/// The code point before `i`, 0 at the start.
inline char32_t char_before(std::string_view s, std::size_t i) noexcept {
  return i == 0 ? 0 : char_at(s, previous_char(s, i));
}

inline std::size_t char_count(std::string_view s) noexcept { return unicode::count_code_points(s); }

inline bool is_space(char32_t c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0 || c == 0x3000 || c == 0xFEFF ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F;
}

inline bool is_digit(char32_t c) noexcept { return c >= '0' && c <= '9'; }

inline bool is_han(char32_t c) noexcept {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FA1F);
}

/// Sentence and clause punctuation after NFKC (。 and 、 have no compatibility form).
inline bool is_punctuation(char32_t c) noexcept {
  return c == 0x3002 || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == 0x3001;
}

inline bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.substr(0, prefix.size()) == prefix;
}

inline bool ends_with(std::string_view s, std::string_view suffix) noexcept {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

inline bool contains(std::string_view s, std::string_view part) noexcept {
  return s.find(part) != std::string_view::npos;
}

/// At most `chars` characters of `s`, with … when cut.
inline std::string clip(std::string_view s, std::size_t chars) {
  std::size_t i = 0;
  for (std::size_t n = 0; n < chars && i < s.size(); ++n) i = next_char(s, i);
  return i < s.size() ? std::string(s.substr(0, i)) + "…" : std::string(s);
}

/// `s` without leading and trailing white space (ideographic space included).
inline std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_space(char_at(s, 0))) s.remove_prefix(next_char(s, 0));
  while (!s.empty() && is_space(char_before(s, s.size()))) s.remove_suffix(s.size() - previous_char(s, s.size()));
  return s;
}

/// The value of a Chinese numeral from 一 to 九十九 (两 is two) at `at`; `length` gets its bytes.
inline std::optional<int> chinese_number(std::string_view s, std::size_t at, std::size_t& length) noexcept {
  static constexpr auto digits = std::to_array<std::string_view>({"零", "一", "二", "三", "四", "五",
                                                           "六", "七", "八", "九", "十"});
  auto digit = [&](std::size_t i, std::size_t& n) -> int {
    if (starts_with(s.substr(i), "两")) {
      n = 3;
      return 2;
    }
    for (std::size_t d = 0; d < digits.size(); ++d)
      if (starts_with(s.substr(i), digits[d])) {
        n = digits[d].size();
        return static_cast<int>(d);
      }
    return -1;
  };
  std::size_t i = at, n = 0;
  int first = digit(i, n);
  if (first < 0) return std::nullopt;
  i += n;
  int value = first;
  if (first == 10) { // 十, 十二
    std::size_t m = 0;
    const int unit = i < s.size() ? digit(i, m) : -1;
    if (unit > 0 && unit < 10) value = 10 + unit, i += m;
  } else {
    std::size_t m = 0;
    if (i < s.size() && digit(i, m) == 10) { // 二十, 二十三
      value = first * 10;
      i += m;
      std::size_t k = 0;
      const int unit = i < s.size() ? digit(i, k) : -1;
      if (unit > 0 && unit < 10) value += unit, i += k;
    }
  }
  length = i - at;
  return value;
}

/// Normalised text for matching with, for every byte, the byte of the original it came from.
struct mapped_text {
  std::string text;
  std::vector<std::uint32_t> origin; ///< origin[i] for text[i]; origin[text.size()] is the end

  /// The original bytes behind text[begin, end).
  std::string_view original(std::string_view source, std::size_t begin, std::size_t end) const {
    const auto from = origin[begin];
    const auto to = origin[end];
    return to > from ? source.substr(from, to - from) : std::string_view();
  }
};

/// NFKC of `original` with white space and "[bookmark: …]" marks removed (Chinese
/// needs no spaces; stray ones inside numbers and names would hide them).
inline mapped_text normalise(std::string_view original) {
  const auto nfkc = unicode::nfkc_mapped(original);
  mapped_text out;
  out.text.reserve(nfkc.text.size());
  out.origin.reserve(nfkc.origin.size());
  const std::string_view s = nfkc.text;
  for (std::size_t i = 0; i < s.size();) {
    if (starts_with(s.substr(i), "[bookmark:")) {
      const auto close = s.find(']', i);
      if (close != std::string_view::npos) {
        i = close + 1;
        continue;
      }
    }
    const auto next = next_char(s, i);
    if (is_space(char_at(s, i))) {
      i = next;
      continue;
    }
    for (auto j = i; j < next; ++j) {
      out.text += s[j];
      out.origin.push_back(nfkc.origin[j]);
    }
    i = next;
  }
  out.origin.push_back(nfkc.origin.empty() ? static_cast<std::uint32_t>(original.size()) : nfkc.origin.back());
  return out;
}

/// `original` without "[bookmark: …]" marks and surrounding white space: what a source sentence keeps.
inline std::string verbatim(std::string_view original) {
  std::string out;
  for (std::size_t i = 0; i < original.size();) {
    if (starts_with(original.substr(i), "[bookmark:")) {
      const auto close = original.find(']', i);
      if (close != std::string_view::npos) {
        i = close + 1;
        continue;
      }
    }
    out += original[i++];
  }
  return std::string(trim(out));
}

} // namespace planrules::detail::extracting

#endif
