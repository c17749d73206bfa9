#ifndef PLANRULES_IMPL_UNICODE_IPP
#define PLANRULES_IMPL_UNICODE_IPP

// The only place planrules includes ICU.

#include <planrules/detail/unicode.hpp>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace planrules::detail::unicode {

PLANRULES_DECL bool is_identifier_start(char32_t c) noexcept {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  return u_hasBinaryProperty(UChar32(c), UCHAR_XID_START);
}

PLANRULES_DECL bool is_identifier_continue(char32_t c) noexcept {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  return u_hasBinaryProperty(UChar32(c), UCHAR_XID_CONTINUE);
}

PLANRULES_DECL int display_width(char32_t c) noexcept {
  if (c < 0x80) return 1;
  const auto category = u_charType(UChar32(c));
  if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR) return 0;
  const auto width = u_getIntPropertyValue(UChar32(c), UCHAR_EAST_ASIAN_WIDTH);
  return (width == U_EA_WIDE || width == U_EA_FULLWIDTH) ? 2 : 1;
}

PLANRULES_DECL std::size_t display_width(std::string_view s) noexcept {
  std::size_t width = 0;
  char32_t c;
  for (std::size_t i = 0; i < s.size();) {
    const auto len = decode(s, i, c);
    if (len == 0) {
      ++width;
      ++i;
      continue;
    }
    width += static_cast<std::size_t>(display_width(c));
    i += len;
  }
  return width;
}

inline const icu::Normalizer2* nfkc_instance() noexcept {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
  return U_SUCCESS(status) ? n : nullptr;
}

PLANRULES_DECL std::string nfkc(std::string_view utf8) {
  const auto* normalizer = nfkc_instance();
  if (normalizer == nullptr) return std::string(utf8);
  UErrorCode status = U_ZERO_ERROR;
  const auto source = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), int32_t(utf8.size())));
  const auto result = normalizer->normalize(source, status);
  if (U_FAILURE(status)) return std::string(utf8);
  std::string out;
  result.toUTF8String(out);
  return out;
}

PLANRULES_DECL normalized_text normalize_rules_text(std::string_view original) {
  normalized_text out;
  out.text.reserve(original.size());
  out.origin.reserve(original.size() + 1);
  const auto* normalizer = nfkc_instance();

  auto emit = [&](std::string_view bytes, std::uint32_t from) {
    out.text.append(bytes);
    out.origin.insert(out.origin.end(), bytes.size(), from);
  };

  enum class state { code, string, comment } mode = state::code;
  std::size_t i = 0;
  while (i < original.size()) {
    const auto start = static_cast<std::uint32_t>(i);
    char32_t c = 0;
    auto len = decode(original, i, c);
    if (len == 0) { // invalid bytes are reported before normalisation; keep them
      emit(original.substr(i, 1), start);
      ++i;
      continue;
    }
    if (c == '\n') {
      mode = state::code;
      emit("\n", start);
      i += len;
      continue;
    }
    if (mode == state::comment) {
      emit(original.substr(i, len), start);
      i += len;
      continue;
    }
    if (mode == state::string) {
      if (c == '\\' && i + 1 < original.size() && original[i + 1] != '\n') {
        char32_t escaped = 0;
        const auto elen = decode(original, i + 1, escaped);
        emit(original.substr(i, 1 + (elen == 0 ? 1 : elen)), start);
        i += 1 + (elen == 0 ? 1 : elen);
        continue;
      }
      if (c == '"' || c == 0xFF02) { // a full-width quote closes as it opened
        emit("\"", start);
        mode = state::code;
      } else {
        emit(original.substr(i, len), start);
      }
      i += len;
      continue;
    }
    // Code: normalise from here up to the next normalisation boundary.
    if (c < 0x80) {
      emit(original.substr(i, 1), start);
      if (c == '"') mode = state::string;
      else if (c == '#') mode = state::comment;
      i += 1;
      continue;
    }
    std::size_t end = i + len;
    const bool opens = c == 0xFF02 || c == 0xFF03; // full-width quote or hash: a segment of its own
    while (!opens && end < original.size()) {
      char32_t next = 0;
      const auto nlen = decode(original, end, next);
      if (nlen == 0 || next < 0x80 || next == 0xFF02 || next == 0xFF03) break;
      if (normalizer != nullptr && normalizer->hasBoundaryBefore(UChar32(next))) break;
      end += nlen;
    }
    const auto segment = original.substr(i, end - i);
    const auto normalized = normalizer != nullptr ? nfkc(segment) : std::string(segment);
    emit(normalized, start);
    for (const char ch : normalized) {
      if (ch == '"') {
        mode = state::string;
        break;
      }
      if (ch == '#') {
        mode = state::comment;
        break;
      }
    }
    i = end;
  }
  out.origin.push_back(static_cast<std::uint32_t>(original.size()));
  return out;
}

} // namespace planrules::detail::unicode

#endif
