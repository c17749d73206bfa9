#ifndef PLANRULES_CLI_CLI_HPP
#define PLANRULES_CLI_CLI_HPP

// The planrules command: each subcommand is a thin layer over the library.

#include <planrules/planrules.hpp>
#include <planrules/report/report.hpp>

#include <boost/program_options.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace planrules::cli {

namespace po = boost::program_options;

/// Exit codes: 0 clean, 1 problems found in the input, 2 usage or I/O error.
enum exit_code : int { success = 0, findings = 1, usage = 2 };

using command = int (*)(const std::vector<std::string>& args);

int check_command(const std::vector<std::string>& args);
int fmt_command(const std::vector<std::string>& args);
int eval_command(const std::vector<std::string>& args);
int lint_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args);
int extract_command(const std::vector<std::string>& args);

/// Parses `args` against `options` (and positional `files`); prints usage and returns false on error.
bool parse_arguments(const std::vector<std::string>& args, const po::options_description& options,
                     const char* positional, po::variables_map& values, const char* usage_line);

/// The load options the rule-reading commands share (--catalogue, --no-standard-catalogue).
po::options_description catalogue_options();
load_options load_options_from(const po::variables_map& values);

} // namespace planrules::cli

#endif
