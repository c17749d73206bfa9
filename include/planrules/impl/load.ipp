#ifndef PLANRULES_IMPL_LOAD_IPP
#define PLANRULES_IMPL_LOAD_IPP

#include <planrules/check.hpp>

#include <filesystem>
#include <fstream>

namespace planrules {

PLANRULES_DECL expected<std::string, error> read_file(const std::string& path, std::size_t max_bytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail(errc::io_error, "cannot read '" + path + "': " + ec.message());
  if (size > max_bytes)
    return fail(errc::limit_exceeded, "'" + path + "' has " + std::to_string(size) + " bytes; the limit is " +
                                          std::to_string(max_bytes));
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(errc::io_error, "cannot open '" + path + "'");
  std::string text(static_cast<std::size_t>(size), '\0');
  if (size > 0 && !in.read(text.data(), static_cast<std::streamsize>(size)))
    return fail(errc::io_error, "cannot read '" + path + "'");
  return text;
}

namespace detail::loading {

// Gathers indicators from catalogues and included files, then checks the plan.
class loader {
public:
  loader(const load_options& options, plan_result& result) : options_(options), result_(result) {}

  void run(std::string text, const std::string& path) {
    for (const auto& extra : options_.catalogues) include_file(extra, nullptr, {}, 0);
    const source_file main(path, std::move(text));
    auto parsed = parse(main, options_.parse);
    append(parsed.diagnostics);
    const auto directory = std::filesystem::path(path).parent_path();
    stack_.push_back(canonical(path));
    for (const auto& include : parsed.file.includes)
      include_file((directory / include.path).string(), &main, include.where, 1);
    stack_.pop_back();
    for (const auto& indicator : parsed.file.indicators) catalogue_.add(indicator, main, result_.diagnostics);
    if (catalogue_.empty() && options_.standard_catalogue) {
      const auto& standard = standard_catalogue_source();
      auto catalogue_file = parse(standard, options_.parse);
      append(catalogue_file.diagnostics);
      for (const auto& indicator : catalogue_file.file.indicators)
        catalogue_.add(indicator, standard, result_.diagnostics);
    }
    catalogue_.check_denominators(result_.diagnostics, main);
    auto checked = check(parsed.file, main, std::move(catalogue_), options_.parse.max_errors);
    append(checked.diagnostics);
    result_.plan = std::move(checked.plan);
    result_.syntax = std::move(parsed.file);
  }

private:
  static std::string canonical(const std::string& path) {
    std::error_code ec;
    const auto resolved = std::filesystem::weakly_canonical(path, ec);
    return ec ? path : resolved.string();
  }

  void append(diagnostic_list& more) {
    for (auto& d : more) result_.diagnostics.push_back(std::move(d));
  }

  void include_file(const std::string& path, const source_file* from, source_range where, unsigned depth) {
    auto report = [&](diagnostic_code code, std::string message) {
      if (from) result_.diagnostics.push_back(from->make_diagnostic(code, where, std::move(message)));
      else {
        diagnostic d;
        d.code = code;
        d.message = std::move(message);
        d.location.file = path;
        result_.diagnostics.push_back(std::move(d));
      }
    };
    if (depth > options_.max_include_depth) {
      report(diagnostic_code::include_too_deep, "includes nest more than " + std::to_string(options_.max_include_depth) + " deep");
      return;
    }
    const auto key = canonical(path);
    if (std::find(stack_.begin(), stack_.end(), key) != stack_.end()) {
      report(diagnostic_code::include_cycle, "'" + path + "' includes itself (directly or through other files)");
      return;
    }
    if (std::find(seen_.begin(), seen_.end(), key) != seen_.end()) return; // included twice: read once
    auto text = read_file(path, options_.parse.max_file_bytes);
    if (!text) {
      report(diagnostic_code::cannot_read_file, text.error().message);
      return;
    }
    seen_.push_back(key);
    stack_.push_back(key);
    const source_file source(path, std::move(*text));
    auto parsed = parse(source, options_.parse);
    append(parsed.diagnostics);
    const auto& f = parsed.file;
    if (f.plan || !f.rules.empty() || !f.areas.empty()) {
      const auto at = f.plan ? f.plan->where : !f.rules.empty() ? f.rules.front().where : f.areas.front().where;
      result_.diagnostics.push_back(source.make_diagnostic(
          diagnostic_code::misplaced_statement, at, "an included file may only declare indicators and include others"));
    }
    const auto directory = std::filesystem::path(path).parent_path();
    for (const auto& include : f.includes)
      include_file((directory / include.path).string(), &source, include.where, depth + 1);
    for (const auto& indicator : f.indicators) catalogue_.add(indicator, source, result_.diagnostics);
    stack_.pop_back();
  }

  const load_options& options_;
  plan_result& result_;
  catalogue catalogue_;
  std::vector<std::string> stack_;
  std::vector<std::string> seen_;
};

} // namespace detail::loading

PLANRULES_DECL plan_result check_text(std::string text, const std::string& path, const load_options& options) {
  plan_result result;
  try {
    detail::loading::loader(options, result).run(std::move(text), path);
  } catch (const std::exception& e) {
    diagnostic d;
    d.code = diagnostic_code::cannot_read_file;
    d.message = std::string("internal failure while loading: ") + e.what();
    d.location.file = path;
    result.diagnostics.push_back(std::move(d));
  }
  return result;
}

PLANRULES_DECL plan_result check_file(const std::string& path, const load_options& options) {
  auto text = read_file(path, options.parse.max_file_bytes);
  if (!text) {
    plan_result result;
    result.plan.header.path = path;
    diagnostic d;
    d.code = text.error().code == errc::limit_exceeded ? diagnostic_code::file_too_large : diagnostic_code::cannot_read_file;
    d.message = text.error().message;
    d.location.file = path;
    result.diagnostics.push_back(std::move(d));
    return result;
  }
  return check_text(std::move(*text), path, options);
}

PLANRULES_DECL expected<checked_plan, error> load_plan(const std::string& path, const load_options& options) {
  auto result = check_file(path, options);
  if (!result.ok())
    return fail(errc::invalid_input,
                "'" + path + "' has " + std::to_string(error_count(result.diagnostics)) + " error(s)",
                std::move(result.diagnostics));
  return std::move(result.plan);
}

PLANRULES_DECL expected<catalogue, error> load_catalogue(const std::vector<std::string>& files) {
  load_options options;
  options.catalogues = files;
  options.standard_catalogue = files.empty();
  auto result = check_text("", "<catalogue>", options);
  if (!result.ok())
    return fail(errc::invalid_input, "the catalogue has " + std::to_string(error_count(result.diagnostics)) + " error(s)",
                std::move(result.diagnostics));
  return std::move(result.plan.catalogue);
}

} // namespace planrules

#endif
