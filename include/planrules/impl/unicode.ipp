#ifndef PLANRULES_IMPL_UNICODE_IPP
#define PLANRULES_IMPL_UNICODE_IPP

// The only place planrules includes ICU.

#include <planrules/detail/unicode.hpp>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <memory>
#include <mutex>

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

// NFKC of the code point at `i` and those after it up to the next normalisation
// boundary (composition needs whole segments), appended with its origin; returns
// where the segment ends. `stop_at_quotes`: a full-width quote or hash stands alone.
inline std::size_t append_normalized_segment(std::string_view original, std::size_t i, std::size_t length,
                                             normalized_text& out, bool stop_at_quotes) {
  const auto* normalizer = nfkc_instance();
  char32_t c = 0;
  decode(original, i, c);
  std::size_t end = i + length;
  const bool alone = stop_at_quotes && (c == 0xFF02 || c == 0xFF03);
  while (!alone && end < original.size()) {
    char32_t next = 0;
    const auto next_length = decode(original, end, next);
    if (next_length == 0 || next < 0x80) break;
    if (stop_at_quotes && (next == 0xFF02 || next == 0xFF03)) break;
    if (normalizer == nullptr || normalizer->hasBoundaryBefore(UChar32(next))) break;
    end += next_length;
  }
  const auto segment = original.substr(i, end - i);
  const auto normalized = normalizer != nullptr ? nfkc(segment) : std::string(segment);
  out.text += normalized;
  out.origin.insert(out.origin.end(), normalized.size(), static_cast<std::uint32_t>(i));
  return end;
}

PLANRULES_DECL normalized_text normalize_rules_text(std::string_view original) {
  normalized_text out;
  out.text.reserve(original.size());
  out.origin.reserve(original.size() + 1);

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
    const auto segment_begin = out.text.size();
    const auto end = append_normalized_segment(original, i, len, out, true);
    const std::string_view normalized = std::string_view(out.text).substr(segment_begin);
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

PLANRULES_DECL normalized_text nfkc_mapped(std::string_view original) {
  normalized_text out;
  out.text.reserve(original.size());
  out.origin.reserve(original.size() + 1);
  std::size_t i = 0;
  while (i < original.size()) {
    const auto start = static_cast<std::uint32_t>(i);
    char32_t c = 0;
    const auto len = decode(original, i, c);
    if (len == 0 || c < 0x80) {
      out.text += original[i];
      out.origin.push_back(start);
      ++i;
      continue;
    }
    i = append_normalized_segment(original, i, len, out, false);
  }
  out.origin.push_back(static_cast<std::uint32_t>(original.size()));
  return out;
}

PLANRULES_DECL std::vector<std::size_t> sentence_ends(std::string_view utf8) {
  std::vector<std::size_t> ends;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> breaks(icu::BreakIterator::createSentenceInstance(icu::Locale("zh"), status));
  // UText over UTF-8 makes the iterator's positions byte offsets.
  UText* text = U_SUCCESS(status) ? utext_openUTF8(nullptr, utf8.data(), int64_t(utf8.size()), &status) : nullptr;
  if (U_SUCCESS(status) && text != nullptr) {
    breaks->setText(text, status);
    if (U_SUCCESS(status))
      for (auto at = breaks->next(); at != icu::BreakIterator::DONE; at = breaks->next())
        if (at > 0) ends.push_back(static_cast<std::size_t>(at));
  }
  if (text != nullptr) utext_close(text);
  if (ends.empty() || ends.back() != utf8.size()) ends.push_back(utf8.size());
  return ends;
}

PLANRULES_DECL std::string ascii_transliteration(std::string_view utf8) {
  // Building the transliterator reads large rule tables: once per process, and
  // its use is serialised because ICU does not promise it is thread-safe.
  static std::mutex guard;
  static std::unique_ptr<icu::Transliterator> latin;
  static bool tried = false;
  const std::lock_guard<std::mutex> lock(guard);
  if (!tried) {
    tried = true;
    UErrorCode status = U_ZERO_ERROR;
    latin.reset(icu::Transliterator::createInstance("Han-Latin; Latin-ASCII", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) latin.reset();
  }
  if (!latin) return std::string(utf8);
  auto text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), int32_t(utf8.size())));
  latin->transliterate(text);
  std::string out;
  text.toUTF8String(out);
  return out;
}

} // namespace planrules::detail::unicode

#endif
