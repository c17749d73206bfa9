// The C API (include/planrules/planrules.h) over the C++ API. Every entry point
// catches everything: no exception crosses into a C frame. Handles own C++
// objects; the strings they hand out point into those objects, so they live as
// long as the handle.
#define PLANRULES_BUILDING_C_API
#include <planrules/planrules.h>

#include <planrules/detail/json_writer.hpp>
#include <planrules/planrules.hpp>

#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pr = planrules;

// ------------------------------------------------------------------ handles

struct planrules_diagnostic_s {
  pr::diagnostic d;
  std::string code_id; // "PR2003"
  std::string name;    // "unit_mismatch"
};

struct planrules_diagnostics_s {
  std::vector<planrules_diagnostic_s> items;
  std::size_t errors = 0;

  void append(const pr::diagnostic_list& list) {
    items.reserve(items.size() + list.size());
    for (const auto& d : list) {
      items.push_back({d, pr::code_id(d.code), std::string(pr::code_name(d.code))});
      if (d.level == pr::severity::error) ++errors;
    }
  }
};

struct planrules_error_s {
  planrules_status status = PLANRULES_ERROR_INTERNAL;
  std::string message;
  std::int32_t code = 0;
  std::string code_id;
  planrules_diagnostics_s diagnostics;
};

struct planrules_plan_s {
  pr::program program;
  planrules_diagnostics_s diagnostics; // warnings and notes of a plan that checked
  const pr::checked_plan& plan() const noexcept { return program.plan(); }
};

struct planrules_data_builder_s {
  std::shared_ptr<const pr::program> program; // keeps the catalogue alive
  std::optional<pr::measurement_set_builder> builder;
  planrules_diagnostics_s diagnostics;
  bool finished = false;
  bool strict = false; // some load asked for strictness: duplicates are fatal at finish
};

struct planrules_data_s {
  pr::measurement_set set;
  planrules_diagnostics_s diagnostics;
};

struct planrules_evaluation_s {
  pr::evaluation result;
  std::vector<std::string> region_paths; // by region id
};

struct planrules_lint_result_s {
  pr::lint_result result;
  planrules_diagnostics_s diagnostics;
};

struct planrules_comparison_s {
  pr::compare_result result;
  planrules_diagnostics_s diagnostics;
};

namespace {

// Handed out when even the error object cannot be allocated; never freed.
planrules_error_s out_of_memory_error{PLANRULES_ERROR_OUT_OF_MEMORY, "out of memory", 0, "", {}};

// -------------------------------------------------------------- failures

planrules_status report(planrules_error* error, planrules_status status, std::string message,
                        const pr::diagnostic_list* diagnostics = nullptr) noexcept {
  if (!error) return status;
  try {
    auto e = std::make_unique<planrules_error_s>();
    e->status = status;
    e->message = std::move(message);
    if (diagnostics) e->diagnostics.append(*diagnostics);
    const planrules_diagnostic_s* first = nullptr;
    for (const auto& d : e->diagnostics.items)
      if (d.d.level == pr::severity::error) {
        first = &d;
        break;
      }
    if (!first && !e->diagnostics.items.empty()) first = &e->diagnostics.items.front();
    if (first) {
      e->code = static_cast<std::int32_t>(first->d.code);
      e->code_id = first->code_id;
    }
    *error = e.release();
  } catch (...) {
    *error = &out_of_memory_error;
  }
  return status;
}

planrules_status report(planrules_error* error, const pr::error& failure) noexcept {
  const auto code = static_cast<int>(failure.code);
  const auto status = code >= 1 && code <= 6 ? static_cast<planrules_status>(code) : PLANRULES_ERROR_INTERNAL;
  std::string message;
  try {
    message = failure.message;
  } catch (...) {
  }
  return report(error, status, std::move(message), &failure.diagnostics);
}

planrules_status null_argument(planrules_error* error, const char* what) noexcept {
  return report(error, PLANRULES_ERROR_INVALID_ARGUMENT, std::string(what) + " is NULL");
}

// Runs the body of an entry point: resets *error, catches everything.
template <class Body>
planrules_status guarded(planrules_error* error, Body&& body) noexcept {
  if (error) *error = nullptr;
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return report(error, PLANRULES_ERROR_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return report(error, PLANRULES_ERROR_INTERNAL, std::string("unexpected failure: ") + e.what());
  } catch (...) {
    return report(error, PLANRULES_ERROR_INTERNAL, "unexpected failure");
  }
}

// -------------------------------------------------------------- strings

// A copy the caller frees with planrules_free (malloc, so C code may also use free()).
char* copy_out(std::string_view text) {
  auto* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (!out) throw std::bad_alloc();
  if (!text.empty()) std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
  return out;
}

planrules_status hand_over(std::string_view text, char** out, std::size_t* length) {
  *out = copy_out(text);
  if (length) *length = text.size();
  return PLANRULES_OK;
}

std::string_view view(const char* text) { return text ? std::string_view(text) : std::string_view(); }

std::string_view view(const char* text, std::size_t length) {
  if (!text) return {};
  return length == PLANRULES_NUL_TERMINATED ? std::string_view(text) : std::string_view(text, length);
}

// NUL-terminated names of the C++ enums' stable names, built once from to_string.
template <class Enum, std::size_t N>
const char* enum_name(Enum value) noexcept {
  static const auto names = [] {
    std::array<std::string, N> out;
    for (std::size_t i = 0; i < N; ++i) out[i] = std::string(to_string(static_cast<Enum>(i)));
    return out;
  }();
  const auto i = static_cast<std::size_t>(value);
  return i < N ? names[i].c_str() : "";
}

const char* status_name(pr::status s) noexcept { return enum_name<pr::status, 7>(s); }
const char* progress_name(pr::progress::progress_class c) noexcept {
  return enum_name<pr::progress::progress_class, 7>(c);
}
const char* area_name(const std::optional<pr::ast::area_key>& a) noexcept {
  return a ? enum_name<pr::ast::area_key, 7>(*a) : "";
}
const char* kind_name(pr::rule_kind k) noexcept { return enum_name<pr::rule_kind, 8>(k); }

// --------------------------------------------------------------- options

// A count without its array is refused rather than read as "none".
planrules_status plan_options(const planrules_plan_options* options, pr::load_options& out, planrules_error* error) {
  if (!options) return PLANRULES_OK;
  if (options->catalogue_count > 0 && !options->catalogues)
    return report(error, PLANRULES_ERROR_INVALID_ARGUMENT, "catalogue_count is set but catalogues is NULL");
  out.standard_catalogue = options->no_standard_catalogue == 0;
  for (std::size_t i = 0; i < options->catalogue_count; ++i)
    if (options->catalogues[i]) out.catalogues.emplace_back(options->catalogues[i]);
  return PLANRULES_OK;
}

bool data_options(const planrules_load_options* options, pr::data_load_options& out, std::string& table) {
  table = "measurements";
  if (!options) return true;
  if (options->layout < PLANRULES_LAYOUT_AUTOMATIC || options->layout > PLANRULES_LAYOUT_REGIONS) return false;
  out.layout = static_cast<pr::table_layout>(options->layout);
  out.delimiter = options->delimiter;
  out.default_region = std::string(view(options->default_region));
  out.source = std::string(view(options->source));
  out.release = std::string(view(options->release));
  out.bad_rows_fatal = options->strict != 0;
  out.create_regions = options->reject_unknown_regions == 0;
  if (options->table && *options->table) table = options->table;
  return true;
}

bool is_sqlite(std::string_view path) {
  const auto extension = std::filesystem::path(path).extension().string();
  return extension == ".db" || extension == ".sqlite" || extension == ".sqlite3";
}

// ---------------------------------------------------------------- plans

planrules_status make_plan(pr::plan_result checked, planrules_plan* plan, planrules_error* error) {
  if (!checked.ok()) {
    const auto errors = pr::error_count(checked.diagnostics);
    return report(error, PLANRULES_ERROR_INVALID_INPUT,
                  (checked.plan.header.path.empty() ? std::string("the plan") : checked.plan.header.path) + " has " +
                      std::to_string(errors) + (errors == 1 ? " error" : " errors"),
                  &checked.diagnostics);
  }
  auto handle = std::make_unique<planrules_plan_s>();
  handle->diagnostics.append(checked.diagnostics);
  auto compiled = pr::compile(std::move(checked.plan));
  if (!compiled) return report(error, compiled.error());
  handle->program = std::move(*compiled);
  *plan = handle.release();
  return PLANRULES_OK;
}

// The PR3001 diagnostic for a file that could not be read at all, if that is what happened.
const pr::diagnostic* unreadable(const pr::diagnostic_list& list) {
  for (const auto& d : list)
    if (d.code == pr::diagnostic_code::cannot_read_file && d.location.line == 0) return &d;
  return nullptr;
}

// ------------------------------------------------------------------ data

planrules_status builder_usable(planrules_data_builder builder, planrules_error* error) {
  if (!builder) return null_argument(error, "builder");
  if (builder->finished || !builder->builder)
    return report(error, PLANRULES_ERROR_WRONG_STATE, "the data builder was finished; create a new one");
  return PLANRULES_OK;
}

planrules_status take_load(planrules_data_builder builder, pr::expected<pr::load_report, pr::error> loaded,
                           planrules_error* error) {
  if (!loaded) return report(error, loaded.error());
  builder->diagnostics.append(loaded->diagnostics);
  return PLANRULES_OK;
}

planrules_status load_into(planrules_data_builder builder, const char* path, const planrules_load_options* options,
                           int kind, planrules_error* error) {
  if (auto s = builder_usable(builder, error)) return s;
  if (!path) return null_argument(error, "path");
  pr::data_load_options load;
  std::string table;
  if (!data_options(options, load, table)) return report(error, PLANRULES_ERROR_INVALID_ARGUMENT, "unknown layout");
  builder->strict = builder->strict || load.bad_rows_fatal;
  if (kind == 0 && is_sqlite(path)) kind = 2;
  if (kind == 2) return take_load(builder, pr::load_sqlite_table(*builder->builder, path, table, load), error);
  return take_load(builder, pr::load_csv(*builder->builder, path, load), error);
}

// One key column of planrules_columns in C++ terms; `names` and `dictionary` hold the views.
struct key_views {
  std::vector<std::string_view> names;
  std::vector<std::string_view> dictionary;
};

pr::key_column key_column(const planrules_key_column& in, std::size_t size, key_views& views) {
  pr::key_column out;
  out.constant = view(in.constant);
  if (in.names) {
    views.names.resize(size);
    for (std::size_t i = 0; i < size; ++i) views.names[i] = in.names[i] ? std::string_view(in.names[i]) : out.constant;
    out.names = views.names.data();
  } else if (in.codes) {
    out.codes = in.codes;
    if (in.dictionary) {
      views.dictionary.resize(in.dictionary_size);
      for (std::size_t i = 0; i < in.dictionary_size; ++i) views.dictionary[i] = view(in.dictionary[i]);
    }
    out.dictionary = views.dictionary;
  }
  return out;
}

// ------------------------------------------------------------- explain


pr::report_options report_options(const planrules_report_options* options, pr::report_format& format) {
  pr::report_options out;
  format = pr::report_format::text;
  if (!options) return out;
  format = static_cast<pr::report_format>(options->format);
  out.language = options->language == PLANRULES_LANGUAGE_EN ? pr::label_language::en : pr::label_language::zh;
  out.explanations = options->brief == 0;
  out.color = options->color != 0;
  out.pretty = options->compact == 0;
  if (options->title) out.title = options->title;
  return out;
}

bool valid_report_options(const planrules_report_options* options) {
  return !options || ((options->format >= PLANRULES_FORMAT_TEXT && options->format <= PLANRULES_FORMAT_HTML) &&
                      (options->language == PLANRULES_LANGUAGE_ZH || options->language == PLANRULES_LANGUAGE_EN));
}

planrules_status render(planrules_evaluation evaluation, const planrules_report_options* options, std::string& out,
                        planrules_error* error) {
  if (!evaluation) return null_argument(error, "evaluation");
  if (!valid_report_options(options))
    return report(error, PLANRULES_ERROR_INVALID_ARGUMENT, "unknown report format or language");
  pr::report_format format{};
  const auto settings = report_options(options, format);
  out = pr::render_report(evaluation->result, format, settings);
  if (out.empty()) return report(error, PLANRULES_ERROR_OUT_OF_MEMORY, "out of memory while writing the report");
  return PLANRULES_OK;
}

template <class Handle>
void destroy(Handle** handle) noexcept {
  if (!handle) return;
  delete *handle;
  *handle = nullptr;
}

} // namespace

extern "C" {

// ---------------------------------------------------------------- general

PLANRULES_C_API const char* planrules_status_name(planrules_status status) {
  switch (status) {
  case PLANRULES_OK: return "ok";
  case PLANRULES_ERROR_INVALID_ARGUMENT: return "invalid_argument";
  case PLANRULES_ERROR_IO: return "io_error";
  case PLANRULES_ERROR_INVALID_INPUT: return "invalid_input";
  case PLANRULES_ERROR_LIMIT_EXCEEDED: return "limit_exceeded";
  case PLANRULES_ERROR_NOT_FOUND: return "not_found";
  case PLANRULES_ERROR_INTERNAL: return "internal";
  case PLANRULES_ERROR_OUT_OF_RANGE: return "out_of_range";
  case PLANRULES_ERROR_WRONG_STATE: return "wrong_state";
  case PLANRULES_ERROR_OUT_OF_MEMORY: return "out_of_memory";
  case PLANRULES_ERROR_BUFFER_TOO_SMALL: return "buffer_too_small";
  }
  return "unknown";
}

PLANRULES_C_API const char* planrules_version(void) { return PLANRULES_VERSION_STRING; }
PLANRULES_C_API uint32_t planrules_version_number(void) { return PLANRULES_VERSION; }
PLANRULES_C_API void planrules_free(char* text) { std::free(text); }

// ------------------------------------------------------------------ errors

PLANRULES_C_API void planrules_error_destroy(planrules_error* error) {
  if (!error) return;
  if (*error != &out_of_memory_error) delete *error;
  *error = nullptr;
}
PLANRULES_C_API planrules_status planrules_error_status(planrules_error error) {
  return error ? error->status : PLANRULES_OK;
}
PLANRULES_C_API int32_t planrules_error_code(planrules_error error) { return error ? error->code : 0; }
PLANRULES_C_API const char* planrules_error_code_id(planrules_error error) {
  return error ? error->code_id.c_str() : "";
}
PLANRULES_C_API const char* planrules_error_message(planrules_error error) {
  return error ? error->message.c_str() : "";
}
PLANRULES_C_API planrules_diagnostics planrules_error_diagnostics(planrules_error error) {
  return error ? &error->diagnostics : nullptr;
}

// ------------------------------------------------------------- diagnostics

PLANRULES_C_API size_t planrules_diagnostics_count(planrules_diagnostics list) {
  return list ? list->items.size() : 0;
}
PLANRULES_C_API size_t planrules_diagnostics_error_count(planrules_diagnostics list) {
  return list ? list->errors : 0;
}
PLANRULES_C_API planrules_status planrules_diagnostics_at(planrules_diagnostics list, size_t index,
                                                          planrules_diagnostic* diagnostic) {
  if (!diagnostic) return PLANRULES_ERROR_INVALID_ARGUMENT;
  *diagnostic = nullptr;
  if (!list) return PLANRULES_ERROR_INVALID_ARGUMENT;
  if (index >= list->items.size()) return PLANRULES_ERROR_OUT_OF_RANGE;
  *diagnostic = &list->items[index];
  return PLANRULES_OK;
}

} // extern "C"

namespace {
planrules_status list_text(planrules_diagnostics list, char** text, std::size_t* length, bool json) {
  if (!text) return PLANRULES_ERROR_INVALID_ARGUMENT;
  *text = nullptr;
  if (!list) return PLANRULES_ERROR_INVALID_ARGUMENT;
  return guarded(nullptr, [&] {
    pr::diagnostic_list plain;
    plain.reserve(list->items.size());
    for (const auto& d : list->items) plain.push_back(d.d);
    return hand_over(json ? pr::diagnostics_to_json(plain) : pr::render(plain), text, length);
  });
}
} // namespace

extern "C" {

PLANRULES_C_API planrules_status planrules_diagnostics_render(planrules_diagnostics list, char** text, size_t* length) {
  return list_text(list, text, length, false);
}
PLANRULES_C_API planrules_status planrules_diagnostics_to_json(planrules_diagnostics list, char** json, size_t* length) {
  return list_text(list, json, length, true);
}

PLANRULES_C_API int32_t planrules_diagnostic_code(planrules_diagnostic diagnostic) {
  return diagnostic ? static_cast<std::int32_t>(diagnostic->d.code) : 0;
}
PLANRULES_C_API const char* planrules_diagnostic_code_id(planrules_diagnostic diagnostic) {
  return diagnostic ? diagnostic->code_id.c_str() : "";
}
PLANRULES_C_API const char* planrules_diagnostic_name(planrules_diagnostic diagnostic) {
  return diagnostic ? diagnostic->name.c_str() : "";
}
PLANRULES_C_API planrules_severity planrules_diagnostic_severity(planrules_diagnostic diagnostic) {
  return diagnostic ? static_cast<planrules_severity>(diagnostic->d.level) : PLANRULES_SEVERITY_ERROR;
}
PLANRULES_C_API const char* planrules_diagnostic_message(planrules_diagnostic diagnostic) {
  return diagnostic ? diagnostic->d.message.c_str() : "";
}
PLANRULES_C_API const char* planrules_diagnostic_file(planrules_diagnostic diagnostic) {
  return diagnostic ? diagnostic->d.location.file.c_str() : "";
}
PLANRULES_C_API uint32_t planrules_diagnostic_line(planrules_diagnostic diagnostic) {
  return diagnostic ? diagnostic->d.location.line : 0;
}
PLANRULES_C_API uint32_t planrules_diagnostic_column(planrules_diagnostic diagnostic) {
  return diagnostic ? diagnostic->d.location.column : 0;
}
PLANRULES_C_API uint32_t planrules_diagnostic_end_column(planrules_diagnostic diagnostic) {
  return diagnostic ? diagnostic->d.location.end_column : 0;
}
PLANRULES_C_API const char* planrules_diagnostic_line_text(planrules_diagnostic diagnostic) {
  return diagnostic ? diagnostic->d.location.line_text.c_str() : "";
}
PLANRULES_C_API size_t planrules_diagnostic_note_count(planrules_diagnostic diagnostic) {
  return diagnostic ? diagnostic->d.notes.size() : 0;
}
PLANRULES_C_API const char* planrules_diagnostic_note(planrules_diagnostic diagnostic, size_t index) {
  if (!diagnostic || index >= diagnostic->d.notes.size()) return nullptr;
  return diagnostic->d.notes[index].c_str();
}

// ------------------------------------------------------------------- plans

PLANRULES_C_API planrules_status planrules_plan_load_file(const char* path, const planrules_plan_options* options,
                                                          planrules_plan* plan, planrules_error* error) {
  return guarded(error, [&] {
    if (!plan) return null_argument(error, "plan");
    *plan = nullptr;
    if (!path) return null_argument(error, "path");
    pr::load_options load;
    if (auto s = plan_options(options, load, error)) return s;
    auto checked = pr::check_file(path, load);
    if (const auto* d = unreadable(checked.diagnostics)) {
      const pr::diagnostic_list only{*d};
      return report(error, PLANRULES_ERROR_IO, d->message, &only);
    }
    return make_plan(std::move(checked), plan, error);
  });
}

PLANRULES_C_API planrules_status planrules_plan_load_text(const char* text, size_t length, const char* name,
                                                          const planrules_plan_options* options, planrules_plan* plan,
                                                          planrules_error* error) {
  return guarded(error, [&] {
    if (!plan) return null_argument(error, "plan");
    *plan = nullptr;
    if (!text) return null_argument(error, "text");
    pr::load_options load;
    if (auto s = plan_options(options, load, error)) return s;
    auto checked = pr::check_text(std::string(view(text, length)), name ? name : "<text>", load);
    return make_plan(std::move(checked), plan, error);
  });
}

PLANRULES_C_API void planrules_plan_destroy(planrules_plan* plan) { destroy(plan); }

PLANRULES_C_API planrules_diagnostics planrules_plan_diagnostics(planrules_plan plan) {
  return plan ? &plan->diagnostics : nullptr;
}
PLANRULES_C_API const char* planrules_plan_id(planrules_plan plan) {
  return plan ? plan->plan().header.id.c_str() : "";
}
PLANRULES_C_API const char* planrules_plan_name(planrules_plan plan) {
  return plan ? plan->plan().header.name.c_str() : "";
}
PLANRULES_C_API const char* planrules_plan_region(planrules_plan plan) {
  return plan ? plan->plan().header.region.c_str() : "";
}
PLANRULES_C_API const char* planrules_plan_path(planrules_plan plan) {
  return plan ? plan->plan().header.path.c_str() : "";
}
PLANRULES_C_API size_t planrules_plan_rule_count(planrules_plan plan) { return plan ? plan->plan().rules.size() : 0; }

PLANRULES_C_API planrules_status planrules_plan_rule(planrules_plan plan, size_t index, planrules_rule_info* rule) {
  if (!plan || !rule) return PLANRULES_ERROR_INVALID_ARGUMENT;
  const auto& p = plan->plan();
  if (index >= p.rules.size()) return PLANRULES_ERROR_OUT_OF_RANGE;
  const auto& r = p.rules[index];
  const auto& compiled = plan->program.rules();
  rule->id = r.id.c_str();
  rule->area = area_name(r.area);
  rule->kind = kind_name(r.kind);
  rule->indicator = r.indicator < p.catalogue.size() ? p.catalogue[r.indicator].id.c_str() : "";
  rule->text = r.text.c_str();
  rule->source = r.source.c_str();
  rule->target_text = r.target_text.c_str();
  rule->goal = r.goal;
  rule->deadline =
      index < compiled.size() && r.kind != pr::rule_kind::qualitative ? compiled[index].deadline : r.year.value_or(0);
  rule->aspirational = r.strength == pr::rule_strength::aspirational;
  return PLANRULES_OK;
}

PLANRULES_C_API planrules_status planrules_plan_to_json(planrules_plan plan, char** json, size_t* length,
                                                        planrules_error* error) {
  return guarded(error, [&] {
    if (!json) return null_argument(error, "json");
    *json = nullptr;
    if (!plan) return null_argument(error, "plan");
    return hand_over(pr::plan_to_json(plan->plan()), json, length);
  });
}

// -------------------------------------------------------- measurement sets

PLANRULES_C_API planrules_status planrules_data_builder_create(planrules_plan plan, planrules_data_builder* builder,
                                                               planrules_error* error) {
  return guarded(error, [&] {
    if (!builder) return null_argument(error, "builder");
    *builder = nullptr;
    if (!plan) return null_argument(error, "plan");
    auto handle = std::make_unique<planrules_data_builder_s>();
    handle->program = std::make_shared<const pr::program>(plan->program);
    // The builder resolves names against the plan's catalogue, which the program keeps alive.
    handle->builder.emplace(std::shared_ptr<const pr::catalogue>(handle->program, &handle->program->plan().catalogue));
    *builder = handle.release();
    return PLANRULES_OK;
  });
}

PLANRULES_C_API void planrules_data_builder_destroy(planrules_data_builder* builder) { destroy(builder); }

PLANRULES_C_API planrules_status planrules_data_builder_add_region(planrules_data_builder builder, const char* name,
                                                                   const char* parent, const char* level,
                                                                   planrules_error* error) {
  return guarded(error, [&] {
    if (auto s = builder_usable(builder, error)) return s;
    if (!name || !*name) return report(error, PLANRULES_ERROR_INVALID_ARGUMENT, "the region has no name");
    std::optional<pr::ast::region_level> at;
    if (level && *level) {
      at = pr::ast::level_from_name(level);
      if (!at) return report(error, PLANRULES_ERROR_INVALID_ARGUMENT, "unknown region level '" + std::string(level) + "'");
    }
    auto added = builder->builder->add_region(name, view(parent), at);
    if (!added) return report(error, added.error());
    return PLANRULES_OK;
  });
}

PLANRULES_C_API planrules_status planrules_data_builder_add(planrules_data_builder builder, const char* indicator,
                                                            const char* region, int32_t year, double value,
                                                            planrules_error* error) {
  return guarded(error, [&] {
    if (auto s = builder_usable(builder, error)) return s;
    if (!indicator) return null_argument(error, "indicator");
    const auto& b = *builder->builder;
    const std::string_view where = region ? std::string_view(region) : std::string_view(b.default_region());
    std::optional<double> v;
    if (!std::isnan(value)) v = value;
    auto added = builder->builder->add(indicator, where, year, v);
    if (!added) return report(error, added.error());
    return PLANRULES_OK;
  });
}

PLANRULES_C_API planrules_status planrules_data_builder_add_columns(planrules_data_builder builder,
                                                                    const planrules_columns* columns,
                                                                    planrules_error* error) {
  return guarded(error, [&] {
    if (auto s = builder_usable(builder, error)) return s;
    if (!columns) return null_argument(error, "columns");
    const auto n = columns->size;
    if (n > 0 && (!columns->years || !columns->values))
      return report(error, PLANRULES_ERROR_INVALID_ARGUMENT, "years and values are required");
    for (const auto* key : {&columns->indicator, &columns->region, &columns->slice, &columns->unit, &columns->source})
      if (key->dictionary_size > 0 && !key->dictionary)
        return report(error, PLANRULES_ERROR_INVALID_ARGUMENT, "dictionary_size is set but dictionary is NULL");
    pr::column_input input;
    input.size = n;
    std::array<key_views, 5> views;
    input.indicator = key_column(columns->indicator, n, views[0]);
    input.region = key_column(columns->region, n, views[1]);
    input.slice = key_column(columns->slice, n, views[2]);
    input.unit = key_column(columns->unit, n, views[3]);
    input.source = key_column(columns->source, n, views[4]);
    input.years = columns->years;
    input.values = columns->values;
    input.validity = columns->validity;
    // One byte per row, checked: an out-of-range qualifier must not reach the enum.
    std::vector<pr::value_qualifier> qualifiers;
    if (columns->qualifiers) {
      qualifiers.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        if (columns->qualifiers[i] > PLANRULES_QUALIFIER_PROVISIONAL)
          return report(error, PLANRULES_ERROR_INVALID_ARGUMENT,
                        "qualifier " + std::to_string(columns->qualifiers[i]) + " of row " + std::to_string(i + 1) +
                            " is not a planrules_qualifier");
        qualifiers[i] = static_cast<pr::value_qualifier>(columns->qualifiers[i]);
      }
      input.qualifiers = qualifiers.data();
    }
    input.release = view(columns->release);
    if (columns->origin) input.origin = columns->origin;
    input.nan_is_missing = columns->nan_is_missing != 0;
    return take_load(builder, builder->builder->add_columns(input), error);
  });
}

PLANRULES_C_API planrules_status planrules_data_builder_load_file(planrules_data_builder builder, const char* path,
                                                                  const planrules_load_options* options,
                                                                  planrules_error* error) {
  return guarded(error, [&] { return load_into(builder, path, options, 0, error); });
}

PLANRULES_C_API planrules_status planrules_data_builder_load_csv(planrules_data_builder builder, const char* path,
                                                                 const planrules_load_options* options,
                                                                 planrules_error* error) {
  return guarded(error, [&] { return load_into(builder, path, options, 1, error); });
}

PLANRULES_C_API planrules_status planrules_data_builder_load_csv_text(planrules_data_builder builder, const char* text,
                                                                      size_t length, const char* name,
                                                                      const planrules_load_options* options,
                                                                      planrules_error* error) {
  return guarded(error, [&] {
    if (auto s = builder_usable(builder, error)) return s;
    if (!text) return null_argument(error, "text");
    pr::data_load_options load;
    std::string table;
    if (!data_options(options, load, table)) return report(error, PLANRULES_ERROR_INVALID_ARGUMENT, "unknown layout");
    builder->strict = builder->strict || load.bad_rows_fatal;
    return take_load(builder, pr::load_csv_text(*builder->builder, view(text, length), name ? name : "<text>", load),
                     error);
  });
}

PLANRULES_C_API planrules_status planrules_data_builder_load_sqlite(planrules_data_builder builder, const char* path,
                                                                    const char* table,
                                                                    const planrules_load_options* options,
                                                                    planrules_error* error) {
  return guarded(error, [&] {
    if (auto s = builder_usable(builder, error)) return s;
    if (!path) return null_argument(error, "path");
    if (!table) return null_argument(error, "table");
    pr::data_load_options load;
    std::string ignored;
    if (!data_options(options, load, ignored)) return report(error, PLANRULES_ERROR_INVALID_ARGUMENT, "unknown layout");
    builder->strict = builder->strict || load.bad_rows_fatal;
    return take_load(builder, pr::load_sqlite_table(*builder->builder, path, table, load), error);
  });
}

PLANRULES_C_API planrules_status planrules_data_builder_load_sqlite_query(planrules_data_builder builder,
                                                                          const char* path, const char* query,
                                                                          const planrules_load_options* options,
                                                                          planrules_error* error) {
  return guarded(error, [&] {
    if (auto s = builder_usable(builder, error)) return s;
    if (!path) return null_argument(error, "path");
    if (!query) return null_argument(error, "query");
    pr::data_load_options load;
    std::string ignored;
    if (!data_options(options, load, ignored)) return report(error, PLANRULES_ERROR_INVALID_ARGUMENT, "unknown layout");
    builder->strict = builder->strict || load.bad_rows_fatal;
    return take_load(builder, pr::load_sqlite_query(*builder->builder, path, query, load), error);
  });
}

PLANRULES_C_API planrules_diagnostics planrules_data_builder_diagnostics(planrules_data_builder builder) {
  return builder ? &builder->diagnostics : nullptr;
}

PLANRULES_C_API planrules_status planrules_data_builder_finish(planrules_data_builder builder, planrules_data* data,
                                                               planrules_error* error) {
  return guarded(error, [&] {
    if (!data) return null_argument(error, "data");
    *data = nullptr;
    if (auto s = builder_usable(builder, error)) return s;
    pr::finish_options finish;
    finish.duplicates_fatal = builder->strict;
    auto built = builder->builder->finish(finish);
    builder->finished = true;
    if (!built) return report(error, built.error());
    auto handle = std::make_unique<planrules_data_s>();
    handle->set = std::move(built->set);
    handle->diagnostics = builder->diagnostics;
    handle->diagnostics.append(built->report.diagnostics);
    *data = handle.release();
    return PLANRULES_OK;
  });
}

PLANRULES_C_API planrules_status planrules_data_load_files(planrules_plan plan, const char* const* paths, size_t count,
                                                           const planrules_load_options* options, planrules_data* data,
                                                           planrules_error* error) {
  return guarded(error, [&] {
    if (!data) return null_argument(error, "data");
    *data = nullptr;
    if (!plan) return null_argument(error, "plan");
    if (count > 0 && !paths) return null_argument(error, "paths");
    planrules_data_builder builder = nullptr;
    if (auto s = planrules_data_builder_create(plan, &builder, error)) return s;
    std::unique_ptr<planrules_data_builder_s> owner(builder);
    for (std::size_t i = 0; i < count; ++i)
      if (auto s = planrules_data_builder_load_file(builder, paths[i], options, error)) return s;
    return planrules_data_builder_finish(builder, data, error);
  });
}

PLANRULES_C_API void planrules_data_destroy(planrules_data* data) { destroy(data); }
PLANRULES_C_API planrules_diagnostics planrules_data_diagnostics(planrules_data data) {
  return data ? &data->diagnostics : nullptr;
}
PLANRULES_C_API size_t planrules_data_value_count(planrules_data data) { return data ? data->set.value_count() : 0; }
PLANRULES_C_API size_t planrules_data_series_count(planrules_data data) { return data ? data->set.series_count() : 0; }
PLANRULES_C_API size_t planrules_data_region_count(planrules_data data) { return data ? data->set.regions().size() : 0; }

// -------------------------------------------------------------- evaluation

PLANRULES_C_API planrules_status planrules_evaluate(planrules_plan plan, planrules_data data,
                                                    const planrules_evaluate_options* options,
                                                    planrules_evaluation* evaluation, planrules_error* error) {
  return guarded(error, [&] {
    if (!evaluation) return null_argument(error, "evaluation");
    *evaluation = nullptr;
    if (!plan) return null_argument(error, "plan");
    if (!data) return null_argument(error, "data");
    pr::evaluation_options settings;
    if (options) {
      if (options->as_of != 0) settings.as_of = options->as_of;
      if (options->as_of_release) settings.as_of_release = std::string(options->as_of_release);
      if (options->region_count > 0 && !options->regions) return null_argument(error, "regions");
      for (std::size_t i = 0; i < options->region_count; ++i) {
        if (!options->regions[i]) return null_argument(error, "a region name");
        settings.regions.emplace_back(options->regions[i]);
      }
      settings.threads = options->threads;
    }
    auto result = pr::evaluate(plan->program, data->set, settings);
    if (!result) return report(error, result.error());
    auto handle = std::make_unique<planrules_evaluation_s>();
    handle->result = std::move(*result);
    const auto& regions = handle->result.data().regions();
    handle->region_paths.reserve(regions.size());
    for (std::size_t r = 0; r < regions.size(); ++r)
      handle->region_paths.push_back(regions.path(static_cast<pr::region_id>(r)));
    *evaluation = handle.release();
    return PLANRULES_OK;
  });
}

PLANRULES_C_API void planrules_evaluation_destroy(planrules_evaluation* evaluation) { destroy(evaluation); }
PLANRULES_C_API int32_t planrules_evaluation_as_of(planrules_evaluation evaluation) {
  return evaluation ? evaluation->result.as_of() : 0;
}
PLANRULES_C_API size_t planrules_evaluation_outcome_count(planrules_evaluation evaluation) {
  return evaluation ? evaluation->result.outcomes().size() : 0;
}

PLANRULES_C_API planrules_status planrules_evaluation_outcome(planrules_evaluation evaluation, size_t index,
                                                              planrules_outcome* outcome) {
  if (!evaluation || !outcome) return PLANRULES_ERROR_INVALID_ARGUMENT;
  const auto& result = evaluation->result;
  if (index >= result.outcomes().size()) return PLANRULES_ERROR_OUT_OF_RANGE;
  const auto& o = result.outcomes()[index];
  const auto& plan = result.program().plan();
  const auto& rule = result.rule_of(o);
  const auto& compiled = result.program().rules()[o.rule];
  const auto& regions = result.data().regions();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  outcome->rule_id = rule.id.c_str();
  outcome->region = o.region < regions.size() ? regions[o.region].name.c_str() : "";
  outcome->region_path = o.region < evaluation->region_paths.size() ? evaluation->region_paths[o.region].c_str() : "";
  outcome->indicator = rule.indicator < plan.catalogue.size() ? plan.catalogue[rule.indicator].id.c_str() : "";
  outcome->area = area_name(rule.area);
  outcome->status = static_cast<planrules_outcome_status>(o.status);
  outcome->status_name = status_name(o.status);
  outcome->progress = static_cast<planrules_progress>(o.progress);
  const bool progress = o.is(pr::outcome::has_progress) && !compiled.quantifier;
  outcome->progress_name = progress ? progress_name(o.progress) : "";
  outcome->flags = o.flags;
  outcome->year = o.year;
  outcome->deadline = compiled.deadline && rule.kind != pr::rule_kind::qualitative ? compiled.deadline : 0;
  outcome->actual = o.year ? o.actual : nan;
  outcome->target = o.is(pr::outcome::has_target) ? o.target : nan;
  outcome->projected = o.is(pr::outcome::has_projection) ? o.projected : nan;
  outcome->required_per_year = o.is(pr::outcome::has_required) ? o.required : nan;
  outcome->rule_index = o.rule;
  return PLANRULES_OK;
}

PLANRULES_C_API planrules_status planrules_evaluation_find(planrules_evaluation evaluation, const char* rule_id,
                                                           const char* region, size_t* index) {
  if (!evaluation || !rule_id || !region || !index) return PLANRULES_ERROR_INVALID_ARGUMENT;
  try {
    const auto* o = evaluation->result.find(rule_id, region);
    if (!o) return PLANRULES_ERROR_NOT_FOUND;
    *index = static_cast<std::size_t>(o - evaluation->result.outcomes().data());
    return PLANRULES_OK;
  } catch (const std::bad_alloc&) {
    return PLANRULES_ERROR_OUT_OF_MEMORY;
  } catch (...) {
    return PLANRULES_ERROR_INTERNAL;
  }
}

PLANRULES_C_API planrules_status planrules_evaluation_explain(planrules_evaluation evaluation, size_t index,
                                                              char** json, size_t* length, planrules_error* error) {
  return guarded(error, [&] {
    if (!json) return null_argument(error, "json");
    *json = nullptr;
    if (!evaluation) return null_argument(error, "evaluation");
    const auto& outcomes = evaluation->result.outcomes();
    if (index >= outcomes.size())
      return report(error, PLANRULES_ERROR_OUT_OF_RANGE,
                    "outcome " + std::to_string(index) + " of " + std::to_string(outcomes.size()));
    return hand_over(pr::explanation_to_json(evaluation->result, outcomes[index]), json, length);
  });
}

PLANRULES_C_API planrules_status planrules_evaluation_counts(planrules_evaluation evaluation, const char* area,
                                                             const char* region, planrules_status_counts* counts) {
  if (!evaluation || !counts) return PLANRULES_ERROR_INVALID_ARGUMENT;
  try {
    std::optional<pr::ast::area_key> a;
    if (area) {
      a = pr::ast::area_from_name(area);
      if (!a) return PLANRULES_ERROR_NOT_FOUND;
    }
    std::optional<pr::region_id> r;
    if (region) {
      const auto id = evaluation->result.data().regions().find(region);
      if (id == pr::no_region) return PLANRULES_ERROR_NOT_FOUND;
      r = id;
    }
    const auto c = evaluation->result.counts(a, r);
    for (int i = 0; i < 7; ++i) {
      counts->binding[i] = c.binding[i];
      counts->aspirational[i] = c.aspirational[i];
    }
    return PLANRULES_OK;
  } catch (const std::bad_alloc&) {
    return PLANRULES_ERROR_OUT_OF_MEMORY;
  } catch (...) {
    return PLANRULES_ERROR_INTERNAL;
  }
}

PLANRULES_C_API planrules_status planrules_evaluation_render(planrules_evaluation evaluation,
                                                             const planrules_report_options* options, char** text,
                                                             size_t* length, planrules_error* error) {
  return guarded(error, [&] {
    if (!text) return null_argument(error, "text");
    *text = nullptr;
    std::string out;
    if (auto s = render(evaluation, options, out, error)) return s;
    return hand_over(out, text, length);
  });
}

PLANRULES_C_API planrules_status planrules_evaluation_render_to_buffer(planrules_evaluation evaluation,
                                                                       const planrules_report_options* options,
                                                                       char* buffer, size_t capacity, size_t* length,
                                                                       planrules_error* error) {
  return guarded(error, [&] {
    if (!length) return null_argument(error, "length");
    if (!buffer && capacity > 0) return null_argument(error, "buffer");
    std::string out;
    if (auto s = render(evaluation, options, out, error)) return s;
    *length = out.size();
    if (capacity < out.size() + 1)
      return report(error, PLANRULES_ERROR_BUFFER_TOO_SMALL,
                    "the report needs " + std::to_string(out.size() + 1) + " bytes; the buffer has " +
                        std::to_string(capacity));
    std::memcpy(buffer, out.data(), out.size());
    buffer[out.size()] = '\0';
    return PLANRULES_OK;
  });
}

PLANRULES_C_API planrules_status planrules_evaluation_changes(planrules_evaluation before, planrules_evaluation after,
                                                              const planrules_report_options* options, char** text,
                                                              size_t* length, planrules_error* error) {
  return guarded(error, [&] {
    if (!text) return null_argument(error, "text");
    *text = nullptr;
    if (!before) return null_argument(error, "before");
    if (!after) return null_argument(error, "after");
    if (!valid_report_options(options))
      return report(error, PLANRULES_ERROR_INVALID_ARGUMENT, "unknown report format or language");
    if (before->result.program().plan().header.id != after->result.program().plan().header.id)
      return report(error, PLANRULES_ERROR_INVALID_ARGUMENT, "the two evaluations are of different plans");
    pr::report_format format{};
    const auto settings = report_options(options, format);
    return hand_over(pr::render_changes(pr::changes_between(before->result, after->result), format, settings), text,
                     length);
  });
}

// ------------------------------------------------------------ plan testing

} // extern "C"

namespace {
pr::lint_options lint_settings(const planrules_lint_options* options) {
  pr::lint_options out;
  if (!options) return out;
  out.notes = options->no_notes == 0;
  out.cross_checks = options->no_cross_checks == 0;
  out.text_checks = options->no_text_checks == 0;
  return out;
}

planrules_status make_lint(pr::lint_result linted, planrules_lint_result* result, planrules_error* error) {
  if (const auto* d = unreadable(linted.diagnostics)) {
    const pr::diagnostic_list only{*d};
    return report(error, PLANRULES_ERROR_IO, d->message, &only);
  }
  auto handle = std::make_unique<planrules_lint_result_s>();
  handle->result = std::move(linted);
  handle->diagnostics.append(handle->result.diagnostics);
  *result = handle.release();
  return PLANRULES_OK;
}

planrules_status make_comparison(pr::compare_result compared, planrules_comparison* comparison) {
  auto handle = std::make_unique<planrules_comparison_s>();
  handle->result = std::move(compared);
  handle->diagnostics.append(handle->result.diagnostics);
  *comparison = handle.release();
  return PLANRULES_OK;
}
} // namespace

extern "C" {

PLANRULES_C_API planrules_status planrules_lint_file(const char* path, const planrules_plan_options* plan_options_,
                                                     const planrules_lint_options* options,
                                                     planrules_lint_result* result, planrules_error* error) {
  return guarded(error, [&] {
    if (!result) return null_argument(error, "result");
    *result = nullptr;
    if (!path) return null_argument(error, "path");
    pr::load_options load;
    if (auto s = plan_options(plan_options_, load, error)) return s;
    return make_lint(pr::lint_file(path, load, lint_settings(options)), result, error);
  });
}

PLANRULES_C_API planrules_status planrules_lint_text(const char* text, size_t length, const char* name,
                                                     const planrules_plan_options* plan_options_,
                                                     const planrules_lint_options* options,
                                                     planrules_lint_result* result, planrules_error* error) {
  return guarded(error, [&] {
    if (!result) return null_argument(error, "result");
    *result = nullptr;
    if (!text) return null_argument(error, "text");
    pr::load_options load;
    if (auto s = plan_options(plan_options_, load, error)) return s;
    return make_lint(pr::lint_text(std::string(view(text, length)), name ? name : "<text>", load, lint_settings(options)),
                     result, error);
  });
}

PLANRULES_C_API void planrules_lint_result_destroy(planrules_lint_result* result) { destroy(result); }
PLANRULES_C_API planrules_diagnostics planrules_lint_result_diagnostics(planrules_lint_result result) {
  return result ? &result->diagnostics : nullptr;
}
PLANRULES_C_API int planrules_lint_result_ok(planrules_lint_result result) { return result && result->result.ok(); }
PLANRULES_C_API planrules_status planrules_lint_result_to_json(planrules_lint_result result, char** json,
                                                               size_t* length, planrules_error* error) {
  return guarded(error, [&] {
    if (!json) return null_argument(error, "json");
    *json = nullptr;
    if (!result) return null_argument(error, "result");
    return hand_over(pr::lint_results_to_json({&result->result}), json, length);
  });
}

PLANRULES_C_API planrules_status planrules_compare(planrules_plan child, planrules_plan parent,
                                                   planrules_comparison* comparison, planrules_error* error) {
  return guarded(error, [&] {
    if (!comparison) return null_argument(error, "comparison");
    *comparison = nullptr;
    if (!child) return null_argument(error, "child");
    if (!parent) return null_argument(error, "parent");
    return make_comparison(pr::compare(child->plan(), parent->plan()), comparison);
  });
}

PLANRULES_C_API planrules_status planrules_compare_files(const char* child, const char* parent,
                                                         const planrules_plan_options* options,
                                                         planrules_comparison* comparison, planrules_error* error) {
  return guarded(error, [&] {
    if (!comparison) return null_argument(error, "comparison");
    *comparison = nullptr;
    if (!child) return null_argument(error, "child");
    if (!parent) return null_argument(error, "parent");
    pr::load_options load;
    if (auto s = plan_options(options, load, error)) return s;
    auto compared = pr::compare_files(child, parent, load);
    if (!compared) {
      if (const auto* d = unreadable(compared.error().diagnostics)) {
        const pr::diagnostic_list only{*d};
        return report(error, PLANRULES_ERROR_IO, d->message, &only);
      }
      return report(error, compared.error());
    }
    return make_comparison(std::move(*compared), comparison);
  });
}

PLANRULES_C_API void planrules_comparison_destroy(planrules_comparison* comparison) { destroy(comparison); }
PLANRULES_C_API planrules_diagnostics planrules_comparison_diagnostics(planrules_comparison comparison) {
  return comparison ? &comparison->diagnostics : nullptr;
}
PLANRULES_C_API int planrules_comparison_ok(planrules_comparison comparison) {
  return comparison && comparison->result.ok();
}
PLANRULES_C_API size_t planrules_comparison_row_count(planrules_comparison comparison) {
  return comparison ? comparison->result.rows.size() : 0;
}

PLANRULES_C_API planrules_status planrules_comparison_render(planrules_comparison comparison, planrules_format format,
                                                             planrules_language language, size_t width, char** text,
                                                             size_t* length, planrules_error* error) {
  return guarded(error, [&] {
    if (!text) return null_argument(error, "text");
    *text = nullptr;
    if (!comparison) return null_argument(error, "comparison");
    if (language != PLANRULES_LANGUAGE_ZH && language != PLANRULES_LANGUAGE_EN)
      return report(error, PLANRULES_ERROR_INVALID_ARGUMENT, "unknown language");
    const auto l = language == PLANRULES_LANGUAGE_EN ? pr::label_language::en : pr::label_language::zh;
    switch (format) {
    case PLANRULES_FORMAT_TEXT:
      return hand_over(pr::compare_to_text(comparison->result, l, width ? width : 160), text, length);
    case PLANRULES_FORMAT_JSON: return hand_over(pr::compare_to_json(comparison->result), text, length);
    case PLANRULES_FORMAT_HTML: return hand_over(pr::compare_to_html(comparison->result, l), text, length);
    default: return report(error, PLANRULES_ERROR_INVALID_ARGUMENT, "a comparison is written as text, JSON or HTML");
    }
  });
}

// -------------------------------------------------------------- extraction

PLANRULES_C_API planrules_status planrules_extract(const char* text, size_t length,
                                                   const planrules_extract_options* options, char** rules,
                                                   size_t* rules_length, char** report_json, planrules_error* error) {
  return guarded(error, [&] {
    if (!rules) return null_argument(error, "rules");
    *rules = nullptr;
    if (report_json) *report_json = nullptr;
    if (!text) return null_argument(error, "text");
    std::vector<std::string> catalogue_files;
    pr::extract_options settings;
    if (options) {
      if (options->catalogue && *options->catalogue) catalogue_files.emplace_back(options->catalogue);
      settings.measures = options->measures != 0;
      settings.plan_id = std::string(view(options->plan_id));
      settings.catalogue_include = std::string(view(options->catalogue_include));
    }
    auto catalogue = pr::load_catalogue(catalogue_files);
    if (!catalogue) return report(error, catalogue.error());
    auto extracted = pr::extract(view(text, length), *catalogue, settings);
    if (!extracted) return report(error, extracted.error());
    std::string json;
    if (report_json) {
      pr::detail::json_writer w(true);
      w.begin_object();
      w.key("uncertainties").begin_array();
      for (const auto& u : extracted->uncertainties)
        w.begin_object().member("line", u.line).member("phrase", u.phrase).member("why", u.why).end_object();
      w.end_array();
      const auto& s = extracted->statistics;
      w.key("statistics").begin_object();
      w.member("areas", s.areas).member("goals", s.goals).member("measures", s.measures);
      w.member("sentences", s.sentences).member("rules", s.rules).member("measurable", s.measurable);
      w.member("qualitative", s.qualitative).member("aspirational", s.aspirational);
      w.member("proposed_indicators", s.proposed_indicators).member("duplicates_skipped", s.duplicates_skipped);
      w.end_object();
      w.end_object();
      json = w.take();
    }
    const auto formatted = pr::format(extracted->file);
    char* out_rules = copy_out(formatted);
    if (report_json) {
      try {
        *report_json = copy_out(json);
      } catch (...) {
        std::free(out_rules);
        throw;
      }
    }
    *rules = out_rules;
    if (rules_length) *rules_length = formatted.size();
    return PLANRULES_OK;
  });
}

} // extern "C"
