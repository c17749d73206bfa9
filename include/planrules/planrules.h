#ifndef PLANRULES_PLANRULES_H
#define PLANRULES_PLANRULES_H

/*
 * The planrules C API: plans, measurement sets, evaluations and reports behind
 * opaque handles, for C and for every language that calls C (R, Stata, SAS,
 * Python's ctypes, Julia). Clean C11; compiles as C and as C++.
 *
 * Conventions (docs/embedding.md has a complete example):
 *   - Every call that can fail returns a planrules_status (PLANRULES_OK is 0)
 *     and writes its result through out-parameters. Its last parameter,
 *     `planrules_error* error`, may be NULL; otherwise it is set to NULL on
 *     success and to a new error object on failure, which the caller destroys
 *     with planrules_error_destroy. The error carries the status, a message,
 *     the stable diagnostic code (2003 for PR2003, docs/error-codes.md) and
 *     every located diagnostic.
 *   - planrules_X_destroy(&handle) accepts NULL (and a NULL handle) and sets
 *     the handle to NULL.
 *   - Strings are UTF-8. A `const char*` returned by the library is borrowed: it
 *     stays valid while the handle it came from lives. A `char*` written through
 *     an out-parameter belongs to the caller, who frees it with planrules_free.
 *   - No exception, and no longjmp, ever crosses this API. A NULL handle, a NULL
 *     out-parameter, an index out of range or a call in the wrong order returns
 *     an error status; it never crashes. (Buffer lengths cannot be checked: a
 *     columnar buffer must hold as many entries as the call says.)
 *   - Plans, measurement sets, evaluations, lint results and comparisons are
 *     immutable: any number of threads may read one at once. A data builder
 *     and an error object belong to one thread at a time.
 */

#include <planrules/version.hpp>

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(PLANRULES_BUILDING_C_API)
#    define PLANRULES_C_API __declspec(dllexport)
#  elif defined(PLANRULES_C_SHARED)
#    define PLANRULES_C_API __declspec(dllimport)
#  else
#    define PLANRULES_C_API
#  endif
#elif defined(PLANRULES_BUILDING_C_API)
#  define PLANRULES_C_API __attribute__((visibility("default")))
#else
#  define PLANRULES_C_API
#endif

/* In C++ the enums are int-based, as they are in C: a caller may pass any int, and
   the library refuses a value outside the enum rather than reading one. */
#ifdef __cplusplus
#  define PLANRULES_ENUM(name) enum name : int
#else
#  define PLANRULES_ENUM(name) enum name
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- status */

/** What a call did. Values 1-6 are those of planrules::errc in C++. */
typedef PLANRULES_ENUM(planrules_status) {
  PLANRULES_OK = 0,
  PLANRULES_ERROR_INVALID_ARGUMENT = 1, /**< a NULL handle or pointer, an unknown option value */
  PLANRULES_ERROR_IO = 2,               /**< a file could not be read */
  PLANRULES_ERROR_INVALID_INPUT = 3,    /**< the text or data has errors: see the diagnostics */
  PLANRULES_ERROR_LIMIT_EXCEEDED = 4,   /**< a file, a line or a count above the library's limits */
  PLANRULES_ERROR_NOT_FOUND = 5,        /**< no such rule, region or table */
  PLANRULES_ERROR_INTERNAL = 6,         /**< a bug in planrules: please report it */
  PLANRULES_ERROR_OUT_OF_RANGE = 7,     /**< an index at or past the count */
  PLANRULES_ERROR_WRONG_STATE = 8,      /**< a call out of order (a data builder used after finish) */
  PLANRULES_ERROR_OUT_OF_MEMORY = 9,
  PLANRULES_ERROR_BUFFER_TOO_SMALL = 10 /**< the caller's buffer is too small; the length needed is written */
} planrules_status;

/** "ok", "invalid_argument", …; "unknown" for a value not in the enum. Never NULL. */
PLANRULES_C_API const char* planrules_status_name(planrules_status status);

/* ------------------------------------------------------------ versions */

/** "0.1.0": the version of the library linked, which may differ from PLANRULES_VERSION_STRING. */
PLANRULES_C_API const char* planrules_version(void);
/** MAJOR * 10000 + MINOR * 100 + PATCH of the library linked (compare with PLANRULES_VERSION). */
PLANRULES_C_API uint32_t planrules_version_number(void);

/** Frees a string the library handed over through a `char**`; NULL is fine. */
PLANRULES_C_API void planrules_free(char* text);

/* ------------------------------------------------------------- handles */

typedef struct planrules_plan_s* planrules_plan;                 /**< a checked and compiled plan */
typedef struct planrules_data_builder_s* planrules_data_builder; /**< collects measurements */
typedef struct planrules_data_s* planrules_data;                 /**< an immutable measurement set */
typedef struct planrules_evaluation_s* planrules_evaluation;     /**< the outcomes of one evaluation */
typedef struct planrules_lint_result_s* planrules_lint_result;   /**< a plan's check and lint findings */
typedef struct planrules_comparison_s* planrules_comparison;     /**< a child plan against its parent */
typedef struct planrules_error_s* planrules_error;               /**< why a call failed */
typedef struct planrules_diagnostics_s* planrules_diagnostics;   /**< a list of diagnostics, always borrowed */
typedef const struct planrules_diagnostic_s* planrules_diagnostic; /**< one diagnostic, borrowed */

/* ------------------------------------------------ errors and diagnostics */

typedef PLANRULES_ENUM(planrules_severity) {
  PLANRULES_SEVERITY_ERROR = 0,
  PLANRULES_SEVERITY_WARNING = 1,
  PLANRULES_SEVERITY_NOTE = 2
} planrules_severity;

PLANRULES_C_API void planrules_error_destroy(planrules_error* error);
/** The status the failing call returned. */
PLANRULES_C_API planrules_status planrules_error_status(planrules_error error);
/** The number of the first error-level diagnostic (2003 for PR2003), else of the first
 *  diagnostic; 0 when the failure is not about the user's text or data. */
PLANRULES_C_API int32_t planrules_error_code(planrules_error error);
/** The same as "PR2003"; "" when planrules_error_code is 0. */
PLANRULES_C_API const char* planrules_error_code_id(planrules_error error);
/** One English sentence. Never NULL ("" for a NULL error). */
PLANRULES_C_API const char* planrules_error_message(planrules_error error);
/** Every diagnostic behind the failure (possibly none); borrowed from the error. */
PLANRULES_C_API planrules_diagnostics planrules_error_diagnostics(planrules_error error);

/** Diagnostics in the order found; 0 for NULL. */
PLANRULES_C_API size_t planrules_diagnostics_count(planrules_diagnostics list);
/** Diagnostics of severity error. */
PLANRULES_C_API size_t planrules_diagnostics_error_count(planrules_diagnostics list);
/** The diagnostic at `index` (borrowed from the list). */
PLANRULES_C_API planrules_status planrules_diagnostics_at(planrules_diagnostics list, size_t index,
                                                          planrules_diagnostic* diagnostic);
/** `file:line:col: error[PR2003]: message`, the offending line and a caret under it, for each. */
PLANRULES_C_API planrules_status planrules_diagnostics_render(planrules_diagnostics list, char** text, size_t* length);
/** The list as JSON, schema "planrules.diagnostics/1" (docs/json.md). */
PLANRULES_C_API planrules_status planrules_diagnostics_to_json(planrules_diagnostics list, char** json, size_t* length);

/** The stable number: 2003 for PR2003 (docs/error-codes.md); 0 for NULL. */
PLANRULES_C_API int32_t planrules_diagnostic_code(planrules_diagnostic diagnostic);
/** "PR2003". */
PLANRULES_C_API const char* planrules_diagnostic_code_id(planrules_diagnostic diagnostic);
/** "unit_mismatch". */
PLANRULES_C_API const char* planrules_diagnostic_name(planrules_diagnostic diagnostic);
PLANRULES_C_API planrules_severity planrules_diagnostic_severity(planrules_diagnostic diagnostic);
PLANRULES_C_API const char* planrules_diagnostic_message(planrules_diagnostic diagnostic);
/** The file as named to planrules; "" for text without a file. */
PLANRULES_C_API const char* planrules_diagnostic_file(planrules_diagnostic diagnostic);
/** 1-based; 0 when the diagnostic is about a whole file. */
PLANRULES_C_API uint32_t planrules_diagnostic_line(planrules_diagnostic diagnostic);
/** 1-based, counted in characters (code points), not bytes. */
PLANRULES_C_API uint32_t planrules_diagnostic_column(planrules_diagnostic diagnostic);
/** One past the last character marked; 0 marks one character. */
PLANRULES_C_API uint32_t planrules_diagnostic_end_column(planrules_diagnostic diagnostic);
/** The offending line as written. */
PLANRULES_C_API const char* planrules_diagnostic_line_text(planrules_diagnostic diagnostic);
PLANRULES_C_API size_t planrules_diagnostic_note_count(planrules_diagnostic diagnostic);
/** A further sentence of explanation; NULL when `index` is out of range. */
PLANRULES_C_API const char* planrules_diagnostic_note(planrules_diagnostic diagnostic, size_t index);

/* --------------------------------------------------------------- plans */

/** Passed as a text length: the text ends at its first NUL byte. */
#define PLANRULES_NUL_TERMINATED ((size_t)-1)

/** How plans are read. All zero (or a NULL pointer) is the default. */
typedef struct planrules_plan_options {
  const char* const* catalogues; /**< further catalogue files, read before the plan */
  size_t catalogue_count;
  int no_standard_catalogue; /**< nonzero: do not fall back on the built-in catalogue */
} planrules_plan_options;

/** Reads, parses, checks and compiles a rules file and the files it includes.
 *  Errors in the text fail with PLANRULES_ERROR_INVALID_INPUT and every diagnostic. */
PLANRULES_C_API planrules_status planrules_plan_load_file(const char* path, const planrules_plan_options* options,
                                                          planrules_plan* plan, planrules_error* error);
/** The same for rules text in memory; `name` names it in messages and anchors includes (NULL: "<text>"). */
PLANRULES_C_API planrules_status planrules_plan_load_text(const char* text, size_t length, const char* name,
                                                          const planrules_plan_options* options, planrules_plan* plan,
                                                          planrules_error* error);
PLANRULES_C_API void planrules_plan_destroy(planrules_plan* plan);

/** Warnings and notes found while checking a plan that loaded (borrowed). */
PLANRULES_C_API planrules_diagnostics planrules_plan_diagnostics(planrules_plan plan);
/** The plan's id, name, region and file; "" for NULL. */
PLANRULES_C_API const char* planrules_plan_id(planrules_plan plan);
PLANRULES_C_API const char* planrules_plan_name(planrules_plan plan);
PLANRULES_C_API const char* planrules_plan_region(planrules_plan plan);
PLANRULES_C_API const char* planrules_plan_path(planrules_plan plan);
PLANRULES_C_API size_t planrules_plan_rule_count(planrules_plan plan);

/** One rule of a plan; the strings are borrowed from the plan. */
typedef struct planrules_rule_info {
  const char* id;          /**< "health.3.2" */
  const char* area;        /**< "health", …; "" outside areas */
  const char* kind;        /**< "bound", "every_year_bound", "trend", …, "qualitative" */
  const char* indicator;   /**< indicator id; "" for qualitative rules without one */
  const char* text;        /**< the rule in canonical form */
  const char* source;      /**< the goal's source sentence (原文) */
  const char* target_text; /**< "2.8‰" */
  int32_t goal;            /**< the goal number */
  int32_t deadline;        /**< the year by which the rule binds; 0 when none */
  int aspirational;        /**< 力争: never a failure of a binding goal */
} planrules_rule_info;

PLANRULES_C_API planrules_status planrules_plan_rule(planrules_plan plan, size_t index, planrules_rule_info* rule);
/** The checked plan as JSON, schema "planrules.plan/1". */
PLANRULES_C_API planrules_status planrules_plan_to_json(planrules_plan plan, char** json, size_t* length,
                                                        planrules_error* error);

/* --------------------------------------------------- measurement sets */

/** How a table lays out its values. */
typedef PLANRULES_ENUM(planrules_layout) {
  PLANRULES_LAYOUT_AUTOMATIC = 0, /**< read from the header */
  PLANRULES_LAYOUT_LONG = 1,      /**< indicator, region, year, value */
  PLANRULES_LAYOUT_WIDE_YEARS = 2,
  PLANRULES_LAYOUT_WIDE_INDICATORS = 3,
  PLANRULES_LAYOUT_REGIONS = 4 /**< the region hierarchy only: region, parent, level */
} planrules_layout;

/** How data files and tables are read. All zero (or a NULL pointer) is the default. */
typedef struct planrules_load_options {
  planrules_layout layout;
  char delimiter;             /**< CSV: 0 picks ',', tab or ';' from the header line */
  const char* default_region; /**< rows without a region column; NULL: "全国" */
  const char* source;         /**< source of rows without a source column; NULL: the file name */
  const char* release;        /**< data release of rows without a release column */
  const char* table;          /**< SQLite files given to a load_file call: the table (NULL: "measurements") */
  int strict;                 /**< nonzero: any bad row fails the load, and finish fails on a conflicting duplicate */
  int reject_unknown_regions; /**< nonzero: a region not declared before is a bad row (PR4014) */
} planrules_load_options;

/** How a value relates to the true figure (a byte per row in planrules_columns::qualifiers). */
typedef PLANRULES_ENUM(planrules_qualifier) {
  PLANRULES_QUALIFIER_EXACT = 0,
  PLANRULES_QUALIFIER_LOWER_BOUND = 1, /**< the figure is at least this (90%以上) */
  PLANRULES_QUALIFIER_UPPER_BOUND = 2,
  PLANRULES_QUALIFIER_PROVISIONAL = 3
} planrules_qualifier;

/** One key column of planrules_columns: a constant for every row, one name per
 *  row, or one code per row into a dictionary (R factors, pandas categoricals).
 *  The first of names, codes, constant that is given is used. */
typedef struct planrules_key_column {
  const char* constant;          /**< every row (and rows whose code is -1); NULL: none */
  const char* const* names;      /**< one UTF-8 name per row; a NULL entry reads as `constant` */
  const int32_t* codes;          /**< one code per row into `dictionary`; -1 reads as `constant` */
  const char* const* dictionary; /**< the names codes refer to */
  size_t dictionary_size;
} planrules_key_column;

/** Measurements handed over column by column, without copying the values. */
typedef struct planrules_columns {
  size_t size;                     /**< rows in every buffer */
  planrules_key_column indicator;  /**< indicator id, Chinese name or alias (required) */
  planrules_key_column region;     /**< region name or path ("大连市/西岗区"); none: the default region */
  planrules_key_column slice;      /**< "sex=female"; none: the total */
  planrules_key_column unit;       /**< none: the indicator's unit */
  planrules_key_column source;
  const int32_t* years;            /**< required when size > 0 */
  const double* values;            /**< required when size > 0 */
  const uint64_t* validity;        /**< bit i of word i/64 set: row i has a value; NULL: every row has */
  const uint8_t* qualifiers;       /**< planrules_qualifier per row; NULL: exact */
  const char* release;
  const char* origin;              /**< names the buffers in diagnostics (rows are 1-based); NULL: "<columns>" */
  int nan_is_missing;              /**< nonzero: NaN is a missing value rather than a bad row */
} planrules_columns;

/** A builder whose indicators resolve against `plan`'s catalogue. */
PLANRULES_C_API planrules_status planrules_data_builder_create(planrules_plan plan, planrules_data_builder* builder,
                                                               planrules_error* error);
PLANRULES_C_API void planrules_data_builder_destroy(planrules_data_builder* builder);

/** Declares a region under `parent` (a name or path; NULL or "" for a root) at
 *  `level` ("city", "county", "township", "village", 区, 街道 …; NULL: not said). */
PLANRULES_C_API planrules_status planrules_data_builder_add_region(planrules_data_builder builder, const char* name,
                                                                   const char* parent, const char* level,
                                                                   planrules_error* error);
/** Adds one value; NaN is an explicitly missing value. `region` NULL: the default region. */
PLANRULES_C_API planrules_status planrules_data_builder_add(planrules_data_builder builder, const char* indicator,
                                                            const char* region, int32_t year, double value,
                                                            planrules_error* error);
/** Adds rows from columnar buffers. Bad rows are reported (planrules_data_builder_diagnostics)
 *  and skipped; the call fails only for unusable input or, with `strict`, a bad row. */
PLANRULES_C_API planrules_status planrules_data_builder_add_columns(planrules_data_builder builder,
                                                                    const planrules_columns* columns,
                                                                    planrules_error* error);
/** Loads a CSV file, or an SQLite database (.db, .sqlite, .sqlite3: the table `options->table`). */
PLANRULES_C_API planrules_status planrules_data_builder_load_file(planrules_data_builder builder, const char* path,
                                                                  const planrules_load_options* options,
                                                                  planrules_error* error);
PLANRULES_C_API planrules_status planrules_data_builder_load_csv(planrules_data_builder builder, const char* path,
                                                                 const planrules_load_options* options,
                                                                 planrules_error* error);
/** CSV text in memory; `name` is used in diagnostics (NULL: "<text>"). */
PLANRULES_C_API planrules_status planrules_data_builder_load_csv_text(planrules_data_builder builder, const char* text,
                                                                      size_t length, const char* name,
                                                                      const planrules_load_options* options,
                                                                      planrules_error* error);
/** Every row of an SQLite table (the database is opened read-only). */
PLANRULES_C_API planrules_status planrules_data_builder_load_sqlite(planrules_data_builder builder, const char* path,
                                                                    const char* table,
                                                                    const planrules_load_options* options,
                                                                    planrules_error* error);
/** The rows of one SELECT statement. */
PLANRULES_C_API planrules_status planrules_data_builder_load_sqlite_query(planrules_data_builder builder,
                                                                          const char* path, const char* query,
                                                                          const planrules_load_options* options,
                                                                          planrules_error* error);
/** Bad rows reported so far (borrowed from the builder). */
PLANRULES_C_API planrules_diagnostics planrules_data_builder_diagnostics(planrules_data_builder builder);
/** Builds the immutable set. A builder is finished once: later calls fail with
 *  PLANRULES_ERROR_WRONG_STATE (destroy it; create a new one). */
PLANRULES_C_API planrules_status planrules_data_builder_finish(planrules_data_builder builder, planrules_data* data,
                                                               planrules_error* error);

/** Loads files into one set for `plan` (CSV, or SQLite by extension), as the CLI's eval does. */
PLANRULES_C_API planrules_status planrules_data_load_files(planrules_plan plan, const char* const* paths, size_t count,
                                                           const planrules_load_options* options, planrules_data* data,
                                                           planrules_error* error);
PLANRULES_C_API void planrules_data_destroy(planrules_data* data);
/** Every bad row and duplicate key reported while building the set (borrowed). */
PLANRULES_C_API planrules_diagnostics planrules_data_diagnostics(planrules_data data);
PLANRULES_C_API size_t planrules_data_value_count(planrules_data data);
PLANRULES_C_API size_t planrules_data_series_count(planrules_data data);
PLANRULES_C_API size_t planrules_data_region_count(planrules_data data);

/* ---------------------------------------------------------- evaluation */

/** How an evaluation runs. All zero is every region, as of the latest year with data, on every core. */
typedef struct planrules_evaluate_options {
  int32_t as_of;             /**< evaluate as of this year; 0: the latest year with a value */
  const char* as_of_release; /**< ignore values of releases sorting after this ("2025-01"); NULL: all */
  const char* const* regions; /**< names or paths, each with everything below it; none: the plan's region */
  size_t region_count;
  uint32_t threads;          /**< worker threads; 0: every core */
} planrules_evaluate_options;

/** Evaluates every rule of `plan` in every selected region of `data`. `options` NULL:
 *  the defaults on one thread. Fails only for bad options (an unknown region). */
PLANRULES_C_API planrules_status planrules_evaluate(planrules_plan plan, planrules_data data,
                                                    const planrules_evaluate_options* options,
                                                    planrules_evaluation* evaluation, planrules_error* error);
PLANRULES_C_API void planrules_evaluation_destroy(planrules_evaluation* evaluation);
/** The year the evaluation was made as of; 0 for NULL. */
PLANRULES_C_API int32_t planrules_evaluation_as_of(planrules_evaluation evaluation);
PLANRULES_C_API size_t planrules_evaluation_outcome_count(planrules_evaluation evaluation);

/** The verdict on one rule in one region (values are those of planrules::status). */
typedef PLANRULES_ENUM(planrules_outcome_status) {
  PLANRULES_OUTCOME_MET = 0,
  PLANRULES_OUTCOME_NOT_MET = 1,
  PLANRULES_OUTCOME_NO_DATA = 2,
  PLANRULES_OUTCOME_INSUFFICIENT_DATA = 3,
  PLANRULES_OUTCOME_NOT_YET_DUE = 4,
  PLANRULES_OUTCOME_NOT_MEASURABLE = 5,
  PLANRULES_OUTCOME_ERROR = 6
} planrules_outcome_status;

/** Progress of a goal toward its target (values are those of planrules::progress::progress_class). */
typedef PLANRULES_ENUM(planrules_progress) {
  PLANRULES_PROGRESS_ACHIEVED = 0,
  PLANRULES_PROGRESS_ON_TRACK = 1,
  PLANRULES_PROGRESS_NEEDS_ACCELERATION = 2,
  PLANRULES_PROGRESS_LIMITED = 3,
  PLANRULES_PROGRESS_MOVING_AWAY = 4,
  PLANRULES_PROGRESS_INSUFFICIENT_DATA = 5,
  PLANRULES_PROGRESS_NOT_ASSESSABLE = 6
} planrules_progress;

/* Flags of planrules_outcome::flags (those of planrules::outcome). */
#define PLANRULES_OUTCOME_ASPIRATIONAL 1u   /* 力争: never a failure of a binding goal */
#define PLANRULES_OUTCOME_EARLY 2u          /* met before its deadline */
#define PLANRULES_OUTCOME_VOLATILE 4u       /* year-over-year changes fluctuate strongly (波动较大) */
#define PLANRULES_OUTCOME_HAS_TARGET 8u
#define PLANRULES_OUTCOME_HAS_PROJECTION 16u
#define PLANRULES_OUTCOME_HAS_REQUIRED 32u
#define PLANRULES_OUTCOME_DERIVED 64u       /* the value was rolled up from sub-regions */
#define PLANRULES_OUTCOME_BOUND_ONLY 128u   /* the value is a lower (or, with UPPER_BOUND, upper) bound */
#define PLANRULES_OUTCOME_UPPER_BOUND 256u
#define PLANRULES_OUTCOME_HAS_PROGRESS 512u /* `progress` was computed */

/** One outcome; the strings are borrowed from the evaluation. Numbers that do
 *  not apply are NaN (test with isnan), so R and Stata read them as missing. */
typedef struct planrules_outcome {
  const char* rule_id;       /**< "health.3.2" */
  const char* region;        /**< the region's name */
  const char* region_path;   /**< "大连市/西岗区/人民广场街道" */
  const char* indicator;     /**< the indicator's id; "" for qualitative rules */
  const char* area;          /**< "health", …; "" outside areas */
  planrules_outcome_status status;
  const char* status_name;   /**< "met", "not_met", … (stable) */
  planrules_progress progress;
  const char* progress_name; /**< "on_track", …; "" unless flags has PLANRULES_OUTCOME_HAS_PROGRESS */
  uint32_t flags;            /**< PLANRULES_OUTCOME_* */
  int32_t year;              /**< the year of the value judged; 0 when none */
  int32_t deadline;          /**< the year the rule binds by; 0 when none */
  double actual;             /**< the value judged, in the compared unit; NaN when year is 0 */
  double target;             /**< NaN without PLANRULES_OUTCOME_HAS_TARGET */
  double projected;          /**< the value projected for the deadline; NaN when none */
  double required_per_year;  /**< the change still required per year; NaN when none */
  size_t rule_index;         /**< into planrules_plan_rule */
} planrules_outcome;

PLANRULES_C_API planrules_status planrules_evaluation_outcome(planrules_evaluation evaluation, size_t index,
                                                              planrules_outcome* outcome);
/** The index of the outcome of rule `rule_id` in `region` (name or path); PLANRULES_ERROR_NOT_FOUND when none. */
PLANRULES_C_API planrules_status planrules_evaluation_find(planrules_evaluation evaluation, const char* rule_id,
                                                           const char* region, size_t* index);
/** Why an outcome is what it is — the values used, target, gap, baseline, trend,
 *  projection — as a JSON object (docs/embedding.md lists its keys). */
PLANRULES_C_API planrules_status planrules_evaluation_explain(planrules_evaluation evaluation, size_t index,
                                                              char** json, size_t* length, planrules_error* error);

/** Counts of outcomes by status (indexed by planrules_outcome_status); binding and aspirational apart. */
typedef struct planrules_status_counts {
  size_t binding[7];
  size_t aspirational[7];
} planrules_status_counts;

/** Counts over one area ("health", 健康 …; NULL: every area) and one region (NULL: every region). */
PLANRULES_C_API planrules_status planrules_evaluation_counts(planrules_evaluation evaluation, const char* area,
                                                             const char* region, planrules_status_counts* counts);

typedef PLANRULES_ENUM(planrules_format) {
  PLANRULES_FORMAT_TEXT = 0, /**< a table for the terminal, aligned under Chinese text */
  PLANRULES_FORMAT_JSON = 1, /**< stable schemas (docs/json.md) */
  PLANRULES_FORMAT_CSV = 2,  /**< one row per rule × region */
  PLANRULES_FORMAT_HTML = 3  /**< a self-contained page */
} planrules_format;

typedef PLANRULES_ENUM(planrules_language) {
  PLANRULES_LANGUAGE_ZH = 0, /**< Chinese labels (the default) */
  PLANRULES_LANGUAGE_EN = 1
} planrules_language;

/** How reports are written. All zero (or a NULL pointer): text, Chinese, with explanations. */
typedef struct planrules_report_options {
  planrules_format format;
  planrules_language language;
  int brief;         /**< nonzero: leave the explanations out */
  int color;         /**< nonzero: ANSI colours in the text table */
  int compact;       /**< nonzero: JSON without indentation */
  const char* title; /**< NULL: the plan's name */
} planrules_report_options;

/** The evaluation as a report, in a string the caller frees with planrules_free. */
PLANRULES_C_API planrules_status planrules_evaluation_render(planrules_evaluation evaluation,
                                                             const planrules_report_options* options, char** text,
                                                             size_t* length, planrules_error* error);
/** The same into the caller's buffer (NUL-terminated). `*length` receives the report's length
 *  without the NUL; when it does not fit, nothing is written and PLANRULES_ERROR_BUFFER_TOO_SMALL
 *  is returned. `buffer` may be NULL with `capacity` 0 to ask for the length. */
PLANRULES_C_API planrules_status planrules_evaluation_render_to_buffer(planrules_evaluation evaluation,
                                                                       const planrules_report_options* options,
                                                                       char* buffer, size_t capacity, size_t* length,
                                                                       planrules_error* error);
/** What changed from `before` to `after` (two evaluations of one plan, e.g. two data
 *  releases): every rule × region whose status or value differs, in the given format. */
PLANRULES_C_API planrules_status planrules_evaluation_changes(planrules_evaluation before, planrules_evaluation after,
                                                              const planrules_report_options* options, char** text,
                                                              size_t* length, planrules_error* error);

/* ------------------------------------------------------ plan testing */

/** Which findings lint reports. All zero (or NULL) reports everything. */
typedef struct planrules_lint_options {
  int no_notes;        /**< leave out note-level findings */
  int no_cross_checks; /**< no contradictions, redundancy, loosening */
  int no_text_checks;  /**< no checks of phrases against the goal sentences */
} planrules_lint_options;

/** Reads, checks and lints a rules file. The findings are the result: a plan with
 *  errors still returns PLANRULES_OK; an unreadable file fails with PLANRULES_ERROR_IO. */
PLANRULES_C_API planrules_status planrules_lint_file(const char* path, const planrules_plan_options* plan_options,
                                                     const planrules_lint_options* options,
                                                     planrules_lint_result* result, planrules_error* error);
PLANRULES_C_API planrules_status planrules_lint_text(const char* text, size_t length, const char* name,
                                                     const planrules_plan_options* plan_options,
                                                     const planrules_lint_options* options,
                                                     planrules_lint_result* result, planrules_error* error);
PLANRULES_C_API void planrules_lint_result_destroy(planrules_lint_result* result);
/** Check diagnostics then lint findings (borrowed). */
PLANRULES_C_API planrules_diagnostics planrules_lint_result_diagnostics(planrules_lint_result result);
/** 1 when no finding is an error; 0 otherwise (and for NULL). */
PLANRULES_C_API int planrules_lint_result_ok(planrules_lint_result result);
/** Schema "planrules.lint/1" (docs/testing-plans.md). */
PLANRULES_C_API planrules_status planrules_lint_result_to_json(planrules_lint_result result, char** json,
                                                               size_t* length, planrules_error* error);

/** Compares two loaded plans: is every parent target covered, at least as strictly, by its deadline. */
PLANRULES_C_API planrules_status planrules_compare(planrules_plan child, planrules_plan parent,
                                                   planrules_comparison* comparison, planrules_error* error);
/** Reads and checks both files, then compares them. */
PLANRULES_C_API planrules_status planrules_compare_files(const char* child, const char* parent,
                                                         const planrules_plan_options* options,
                                                         planrules_comparison* comparison, planrules_error* error);
PLANRULES_C_API void planrules_comparison_destroy(planrules_comparison* comparison);
/** The PR7xxx findings, one per row that is neither stricter nor equal (borrowed). */
PLANRULES_C_API planrules_diagnostics planrules_comparison_diagnostics(planrules_comparison comparison);
/** 1 when no finding is an error. */
PLANRULES_C_API int planrules_comparison_ok(planrules_comparison comparison);
PLANRULES_C_API size_t planrules_comparison_row_count(planrules_comparison comparison);
/** The side-by-side table: PLANRULES_FORMAT_TEXT (wrapped to `width` columns, 0: 160),
 *  PLANRULES_FORMAT_JSON ("planrules.compare/1") or PLANRULES_FORMAT_HTML. */
PLANRULES_C_API planrules_status planrules_comparison_render(planrules_comparison comparison, planrules_format format,
                                                             planrules_language language, size_t width, char** text,
                                                             size_t* length, planrules_error* error);

/* ---------------------------------------------------------- extraction */

/** How extract reads a plan's text. All zero (or NULL) is the default. */
typedef struct planrules_extract_options {
  int measures;                  /**< nonzero: also read strategy measures (策略措施) */
  const char* plan_id;           /**< NULL: derived from the region and the period */
  const char* catalogue;         /**< read indicator names from this catalogue file; NULL: the built-in one */
  const char* catalogue_include; /**< written as `include "…"` so the output checks; NULL: none */
} planrules_extract_options;

/** Reads the measurable goals of a plan's Chinese text into rules. `rules` receives the
 *  rules file in canonical form; `report` (may be NULL) a JSON object
 *  {"uncertainties": [{"line", "phrase", "why"}], "statistics": {…}}. */
PLANRULES_C_API planrules_status planrules_extract(const char* text, size_t length,
                                                   const planrules_extract_options* options, char** rules,
                                                   size_t* rules_length, char** report, planrules_error* error);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
