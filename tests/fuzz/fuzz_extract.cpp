// Plan text → rules (extract). Whatever the text, the rules extract writes are
// an ordinary syntax tree: formatted, they parse cleanly back to a tree that formats
// to the same text. (Not always an equal tree: extract quotes sentences verbatim,
// the parser reads them after NFKC, so a full-width ＂ comes back as ".)
// Odd-length inputs also read strategy measures.
#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>

using namespace planrules;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  extract_options options;
  options.measures = size % 2 == 1;
  const auto extracted = extract(text, *fuzzing::standard_catalogue(), options);
  if (!extracted) return 0;
  const auto rules = format(extracted->file);
  const source_file source("extracted.rules", rules);
  const auto parsed = parse(source);
  if (!parsed.ok()) fuzzing::broken("extract wrote rules that do not parse", rules + "\n----\n" + render(parsed.diagnostics));
  if (format(parsed.file) != rules) fuzzing::broken("extract wrote rules that format differently once parsed", rules);
  // Checking must not crash either; whether it is clean is extract's quality, not an invariant.
  catalogue indicators = *fuzzing::standard_catalogue();
  diagnostic_list diagnostics;
  for (const auto& declared : parsed.file.indicators) indicators.add(declared, source, diagnostics);
  (void)check(parsed.file, source, std::move(indicators));
  return 0;
}
