#include "cli.hpp"

#include <cstring>
#include <exception>

namespace planrules::cli {

bool parse_arguments(const std::vector<std::string>& args, const po::options_description& options,
                     const char* positional, po::variables_map& values, const char* usage_line) {
  po::positional_options_description positionals;
  if (positional) positionals.add(positional, -1);
  try {
    po::store(po::command_line_parser(args).options(options).positional(positionals).run(), values);
    po::notify(values);
  } catch (const po::error& e) {
    std::cerr << "planrules: " << e.what() << "\n" << usage_line << "\n" << options;
    return false;
  }
  if (values.count("help")) {
    std::cout << usage_line << "\n" << options;
    return false;
  }
  return true;
}

po::options_description catalogue_options() {
  po::options_description options("Catalogue");
  options.add_options()
      ("catalogue", po::value<std::vector<std::string>>()->composing(), "read indicators from this file first (repeatable)")
      ("no-standard-catalogue", "do not fall back to the built-in catalogue");
  return options;
}

load_options load_options_from(const po::variables_map& values) {
  load_options options;
  if (values.count("catalogue")) options.catalogues = values["catalogue"].as<std::vector<std::string>>();
  options.standard_catalogue = values.count("no-standard-catalogue") == 0;
  return options;
}

} // namespace planrules::cli

namespace {

struct entry {
  const char* name;
  planrules::cli::command run;
  const char* summary;
};

const entry commands[] = {
    {"check", planrules::cli::check_command, "check rules files and report every error"},
    {"fmt", planrules::cli::fmt_command, "print a rules file in canonical form"},
    {"eval", planrules::cli::eval_command, "evaluate a plan against measurements and print a report"},
    {"lint", planrules::cli::lint_command, "find contradictory, redundant and loosening rules in a plan"},
    {"compare", planrules::cli::compare_command, "compare a plan with its parent plan, rule by rule"},
    {"extract", planrules::cli::extract_command, "read the goals of a plan's Chinese text into rules"},
};

void print_usage(std::ostream& out) {
  out << "usage: planrules <command> [options]\n\ncommands:\n";
  for (const auto& c : commands) out << "  " << c.name << std::string(10 - std::strlen(c.name), ' ') << c.summary << "\n";
  out << "\n'planrules <command> --help' describes a command's options.\n";
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    print_usage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? planrules::cli::usage : planrules::cli::success;
  }
  if (std::strcmp(argv[1], "--version") == 0) {
    std::cout << "planrules " << PLANRULES_VERSION_STRING << "\n";
    return planrules::cli::success;
  }
  const std::vector<std::string> args(argv + 2, argv + argc);
  for (const auto& c : commands) {
    if (std::strcmp(argv[1], c.name) != 0) continue;
    try {
      return c.run(args);
    } catch (const std::exception& e) {
      std::cerr << "planrules " << c.name << ": internal error: " << e.what() << "\n";
      return planrules::cli::usage;
    }
  }
  std::cerr << "planrules: unknown command '" << argv[1] << "'\n\n";
  print_usage(std::cerr);
  return planrules::cli::usage;
}
