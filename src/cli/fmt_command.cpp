#include "cli.hpp"

#include <fstream>

namespace planrules::cli {

int fmt_command(const std::vector<std::string>& args) {
  po::options_description options("planrules fmt");
  options.add_options()
      ("help,h", "describe the options")
      ("check", "print nothing; exit 1 when a file is not in canonical form")
      ("in-place,i", "rewrite the files in canonical form")
      ("files", po::value<std::vector<std::string>>(), "rules files");
  po::variables_map values;
  if (!parse_arguments(args, options, "files", values, "usage: planrules fmt [--check | --in-place] FILE..."))
    return values.count("help") ? success : usage;
  if (!values.count("files")) {
    std::cerr << "planrules fmt: no files given\n";
    return usage;
  }
  int status = success;
  for (const auto& path : values["files"].as<std::vector<std::string>>()) {
    auto text = read_file(path, parse_options{}.max_file_bytes);
    if (!text) {
      std::cerr << "planrules fmt: " << text.error().message << "\n";
      return usage;
    }
    const source_file source(path, *text);
    const auto parsed = parse(source);
    if (!parsed.ok()) {
      std::cerr << render(parsed.diagnostics);
      status = findings;
      continue;
    }
    const auto canonical = format(parsed.file);
    if (values.count("check")) {
      if (canonical != *text) {
        std::cout << path << ": not in canonical form\n";
        status = findings;
      }
    } else if (values.count("in-place")) {
      if (canonical != *text) std::ofstream(path, std::ios::binary) << canonical;
    } else {
      std::cout << canonical;
    }
  }
  return status;
}

} // namespace planrules::cli
