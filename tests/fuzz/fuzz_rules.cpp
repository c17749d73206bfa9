// Rules text: parse, render the diagnostics, check, and for a clean plan lint,
// compile, evaluate and report. A file that parsed cleanly must format to text
// that parses back to an equal tree, and formatting that tree again must give
// the same text (docs/language.md, "Canonical form").
#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>

using namespace planrules;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const source_file source("fuzz.rules", std::string(reinterpret_cast<const char*>(data), size));
  const auto parsed = parse(source);
  (void)render(parsed.diagnostics);
  fuzzing::valid_json("diagnostics_to_json", diagnostics_to_json(parsed.diagnostics, false));

  // The catalogue check_text would use: the file's own indicators, else the standard one.
  catalogue indicators;
  diagnostic_list catalogue_diagnostics;
  for (const auto& declared : parsed.file.indicators) indicators.add(declared, source, catalogue_diagnostics);
  if (indicators.empty()) indicators = *fuzzing::standard_catalogue();
  indicators.check_denominators(catalogue_diagnostics, source);
  const auto checked = check(parsed.file, source, std::move(indicators));
  (void)render(checked.diagnostics);
  if (parsed.ok() && checked.ok() && !has_errors(catalogue_diagnostics))
    fuzzing::evaluate_everything(checked.plan, fuzzing::sample_data());

  if (!parsed.ok()) return 0;
  const auto canonical = format(parsed.file);
  const auto again = parse(source_file("formatted.rules", canonical));
  if (!again.ok())
    fuzzing::broken("the canonical text of a clean file does not parse",
                    canonical + "\n----\n" + render(again.diagnostics));
  if (!(again.file == parsed.file)) fuzzing::broken("the canonical text parses to a different tree", canonical);
  if (format(again.file) != canonical)
    fuzzing::broken("formatting is not idempotent", canonical + "\n----\n" + format(again.file));
  return 0;
}
