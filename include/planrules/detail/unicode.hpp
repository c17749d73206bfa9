#ifndef PLANRULES_DETAIL_UNICODE_HPP
#define PLANRULES_DETAIL_UNICODE_HPP

// UTF-8 helpers. The inline ones are plain code; the PLANRULES_DECL ones are
// implemented with ICU in impl/unicode.ipp, the only file that includes ICU.

#include <planrules/config.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planrules::detail::unicode {

/// Decodes the code point at `pos`; returns its length in bytes, 0 when the
/// bytes there are not valid UTF-8 (overlong forms and surrogates included).
inline std::size_t decode(std::string_view s, std::size_t pos, char32_t& out) noexcept {
  const auto n = s.size();
  if (pos >= n) return 0;
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    out = b0;
    return 1;
  }
  auto cont = [&](std::size_t i) -> int {
    if (pos + i >= n) return -1;
    const auto b = static_cast<unsigned char>(s[pos + i]);
    return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    const int c1 = cont(1);
    if (c1 < 0) return 0;
    out = (char32_t(b0 & 0x1F) << 6) | char32_t(c1);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    const int c1 = cont(1), c2 = cont(2);
    if (c1 < 0 || c2 < 0) return 0;
    const char32_t cp = (char32_t(b0 & 0x0F) << 12) | (char32_t(c1) << 6) | char32_t(c2);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    out = cp;
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    const int c1 = cont(1), c2 = cont(2), c3 = cont(3);
    if (c1 < 0 || c2 < 0 || c3 < 0) return 0;
    const char32_t cp =
        (char32_t(b0 & 0x07) << 18) | (char32_t(c1) << 12) | (char32_t(c2) << 6) | char32_t(c3);
    if (cp < 0x10000 || cp > 0x10FFFF) return 0;
    out = cp;
    return 4;
  }
  return 0;
}

/// Appends the UTF-8 encoding of `c`.
inline void encode(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += char(c);
  } else if (c < 0x800) {
    out += char(0xC0 | (c >> 6));
    out += char(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += char(0xE0 | (c >> 12));
    out += char(0x80 | ((c >> 6) & 0x3F));
    out += char(0x80 | (c & 0x3F));
  } else {
    out += char(0xF0 | (c >> 18));
    out += char(0x80 | ((c >> 12) & 0x3F));
    out += char(0x80 | ((c >> 6) & 0x3F));
    out += char(0x80 | (c & 0x3F));
  }
}

/// Byte offset of the first invalid sequence, if any.
inline std::optional<std::size_t> first_invalid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  char32_t c;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const auto len = decode(s, i, c);
    if (len == 0) return i;
    i += len;
  }
  return std::nullopt;
}

/// Number of code points; an invalid byte counts as one.
inline std::size_t count_code_points(std::string_view s) noexcept {
  std::size_t count = 0;
  char32_t c;
  for (std::size_t i = 0; i < s.size(); ++count) {
    const auto len = decode(s, i, c);
    i += len == 0 ? 1 : len;
  }
  return count;
}

PLANRULES_DECL bool is_identifier_start(char32_t c) noexcept;
PLANRULES_DECL bool is_identifier_continue(char32_t c) noexcept;

/// Terminal columns a character takes: 2 for East Asian wide and full-width,
/// 0 for combining marks and format characters, 1 otherwise.
PLANRULES_DECL int display_width(char32_t c) noexcept;
PLANRULES_DECL std::size_t display_width(std::string_view utf8) noexcept;

/// NFKC of valid UTF-8.
PLANRULES_DECL std::string nfkc(std::string_view utf8);

/// Rules text normalised for parsing, with the original byte offset of every byte.
struct normalized_text {
  std::string text;
  std::vector<std::uint32_t> origin; ///< origin[i] for text[i]; origin[text.size()] is the end
};

/// NFKC outside double-quoted strings and comments; quoted text is kept as written.
/// Expects valid UTF-8.
PLANRULES_DECL normalized_text normalize_rules_text(std::string_view original);

/// NFKC of valid UTF-8 with the original byte offset of every output byte;
/// unlike normalize_rules_text, quotes and '#' are ordinary characters.
PLANRULES_DECL normalized_text nfkc_mapped(std::string_view original);

/// Byte offsets where the sentences of valid UTF-8 text end, in order, the last
/// being the text's size (ICU sentence break iterator, Chinese locale).
PLANRULES_DECL std::vector<std::size_t> sentence_ends(std::string_view utf8);

/// Han written in plain ASCII Latin letters ("Han-Latin; Latin-ASCII"): 儿童 → "er tong".
/// Returns the text unchanged when ICU has no such transliterator.
PLANRULES_DECL std::string ascii_transliteration(std::string_view utf8);

} // namespace planrules::detail::unicode

#endif
