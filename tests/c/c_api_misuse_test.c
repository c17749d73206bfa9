/* Misuse of the C API, compiled as C11 (docs/reliability.md): every entry point
 * with NULL handles and NULL out-parameters, options holding values outside
 * their enums, lengths and counts that do not match, calls out of order, and
 * hostile text. Each must return its error status and leave out-parameters
 * NULL; none may crash, and nothing may leak (the sanitizer build checks). */
#include "c_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INVALID PLANRULES_ERROR_INVALID_ARGUMENT

static const char* one_rule = "infant_mortality_2030 < 2.8\xE2\x80\xB0\n"; /* ‰ */

/* A call that failed with `status` wrote an error carrying that status and a message. */
static void expect_error(planrules_error* error, planrules_status status) {
  CHECK(*error != NULL);
  CHECK(planrules_error_status(*error) == status);
  CHECK(planrules_error_message(*error) != NULL && planrules_error_message(*error)[0] != '\0');
  planrules_error_destroy(error);
  CHECK(*error == NULL);
}

static planrules_plan one_rule_plan(void) {
  planrules_plan plan = NULL;
  CHECK_STATUS(planrules_plan_load_text(one_rule, PLANRULES_NUL_TERMINATED, NULL, NULL, &plan, NULL), PLANRULES_OK);
  return plan;
}

static planrules_data one_value(planrules_plan plan) {
  planrules_data_builder builder = NULL;
  planrules_data data = NULL;
  CHECK_STATUS(planrules_data_builder_create(plan, &builder, NULL), PLANRULES_OK);
  CHECK_STATUS(planrules_data_builder_add(builder, "infant_mortality", NULL, 2024, 4.0, NULL), PLANRULES_OK);
  CHECK_STATUS(planrules_data_builder_finish(builder, &data, NULL), PLANRULES_OK);
  planrules_data_builder_destroy(&builder);
  return data;
}

static void test_null_out_parameters(void) {
  planrules_plan plan = one_rule_plan();
  planrules_data data = one_value(plan);
  planrules_evaluation evaluation = NULL;
  planrules_data_builder builder = NULL;
  planrules_error error = NULL;
  size_t length = 0;

  CHECK_STATUS(planrules_plan_load_text(one_rule, PLANRULES_NUL_TERMINATED, NULL, NULL, NULL, &error), INVALID);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_plan_load_file(XIGANG_RULES, NULL, NULL, &error), INVALID);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_plan_rule(plan, 0, NULL), INVALID);
  CHECK_STATUS(planrules_plan_to_json(plan, NULL, &length, &error), INVALID);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_data_builder_create(plan, NULL, &error), INVALID);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_data_builder_create(plan, &builder, NULL), PLANRULES_OK);
  CHECK_STATUS(planrules_data_builder_finish(builder, NULL, &error), INVALID);
  expect_error(&error, INVALID);
  /* The failed finish did not use the builder up. */
  CHECK_STATUS(planrules_data_builder_add(builder, "infant_mortality", NULL, 2020, 5.0, NULL), PLANRULES_OK);
  planrules_data_builder_destroy(&builder);
  CHECK_STATUS(planrules_data_load_files(plan, NULL, 0, NULL, NULL, &error), INVALID);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_evaluate(plan, data, NULL, NULL, &error), INVALID);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_evaluate(plan, data, NULL, &evaluation, NULL), PLANRULES_OK);
  CHECK_STATUS(planrules_evaluation_outcome(evaluation, 0, NULL), INVALID);
  CHECK_STATUS(planrules_evaluation_find(evaluation, "1", "\xE5\x85\xA8\xE5\x9B\xBD", NULL), INVALID);
  CHECK_STATUS(planrules_evaluation_find(evaluation, NULL, "\xE5\x85\xA8\xE5\x9B\xBD", &length), INVALID);
  CHECK_STATUS(planrules_evaluation_find(evaluation, "1", NULL, &length), INVALID);
  CHECK_STATUS(planrules_evaluation_explain(evaluation, 0, NULL, &length, &error), INVALID);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_evaluation_counts(evaluation, NULL, NULL, NULL), INVALID);
  CHECK_STATUS(planrules_evaluation_render(evaluation, NULL, NULL, &length, &error), INVALID);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_evaluation_render_to_buffer(evaluation, NULL, NULL, 0, NULL, &error), INVALID);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_evaluation_changes(evaluation, evaluation, NULL, NULL, &length, &error), INVALID);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_compare(plan, plan, NULL, &error), INVALID);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_lint_text(one_rule, PLANRULES_NUL_TERMINATED, NULL, NULL, NULL, NULL, &error), INVALID);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_extract("x", 1, NULL, NULL, &length, NULL, &error), INVALID);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_diagnostics_render(planrules_plan_diagnostics(plan), NULL, &length), INVALID);
  CHECK_STATUS(planrules_diagnostics_to_json(planrules_plan_diagnostics(plan), NULL, &length), INVALID);
  planrules_evaluation_destroy(&evaluation);
  planrules_data_destroy(&data);
  planrules_plan_destroy(&plan);
}

static void test_null_handles(void) {
  planrules_data_builder builder = NULL;
  planrules_data data = NULL;
  planrules_evaluation evaluation = NULL;
  planrules_lint_result lint = NULL;
  planrules_comparison comparison = NULL;
  planrules_error error = NULL;
  planrules_rule_info rule;
  planrules_outcome outcome;
  planrules_status_counts counts;
  planrules_diagnostic d = NULL;
  char* text = NULL;
  char buffer[8];
  size_t length = 0;
  planrules_columns columns;
  memset(&columns, 0, sizeof columns);

  /* Calls that fail: the status, an error object, and out-parameters left NULL. */
  CHECK_STATUS(planrules_plan_rule(NULL, 0, &rule), INVALID);
  CHECK_STATUS(planrules_plan_to_json(NULL, &text, &length, &error), INVALID);
  CHECK(text == NULL);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_data_builder_create(NULL, &builder, &error), INVALID);
  CHECK(builder == NULL);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_data_builder_add_region(NULL, "a", NULL, NULL, &error), INVALID);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_data_builder_add(NULL, "infant_mortality", NULL, 2020, 1.0, NULL), INVALID);
  CHECK_STATUS(planrules_data_builder_add_columns(NULL, &columns, NULL), INVALID);
  CHECK_STATUS(planrules_data_builder_load_file(NULL, "x.csv", NULL, NULL), INVALID);
  CHECK_STATUS(planrules_data_builder_load_csv_text(NULL, "a", 1, NULL, NULL, NULL), INVALID);
  CHECK_STATUS(planrules_data_builder_load_sqlite(NULL, "x.db", "t", NULL, NULL), INVALID);
  CHECK_STATUS(planrules_data_builder_load_sqlite_query(NULL, "x.db", "select 1", NULL, NULL), INVALID);
  CHECK_STATUS(planrules_data_builder_finish(NULL, &data, &error), INVALID);
  CHECK(data == NULL);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_data_load_files(NULL, NULL, 0, NULL, &data, NULL), INVALID);
  CHECK(data == NULL);
  CHECK_STATUS(planrules_evaluate(NULL, NULL, NULL, &evaluation, NULL), INVALID);
  CHECK(evaluation == NULL);
  CHECK_STATUS(planrules_evaluation_outcome(NULL, 0, &outcome), INVALID);
  CHECK_STATUS(planrules_evaluation_counts(NULL, NULL, NULL, &counts), INVALID);
  CHECK_STATUS(planrules_evaluation_render_to_buffer(NULL, NULL, buffer, sizeof buffer, &length, NULL), INVALID);
  CHECK_STATUS(planrules_evaluation_changes(NULL, NULL, NULL, &text, &length, NULL), INVALID);
  CHECK(text == NULL);
  CHECK_STATUS(planrules_lint_text(NULL, 0, NULL, NULL, NULL, &lint, NULL), INVALID);
  CHECK(lint == NULL);
  CHECK_STATUS(planrules_lint_result_to_json(NULL, &text, &length, NULL), INVALID);
  CHECK_STATUS(planrules_compare_files(NULL, NULL, NULL, &comparison, NULL), INVALID);
  CHECK(comparison == NULL);
  CHECK_STATUS(planrules_comparison_render(NULL, PLANRULES_FORMAT_TEXT, PLANRULES_LANGUAGE_ZH, 0, &text, &length, NULL),
               INVALID);
  CHECK_STATUS(planrules_diagnostics_to_json(NULL, &text, &length), INVALID);
  CHECK_STATUS(planrules_diagnostics_at(NULL, 0, &d), INVALID);
  CHECK(text == NULL);

  /* Accessors: harmless answers, never NULL strings. */
  CHECK(strcmp(planrules_plan_name(NULL), "") == 0);
  CHECK(strcmp(planrules_plan_region(NULL), "") == 0);
  CHECK(strcmp(planrules_plan_path(NULL), "") == 0);
  CHECK(planrules_data_builder_diagnostics(NULL) == NULL);
  CHECK(planrules_data_diagnostics(NULL) == NULL);
  CHECK(planrules_data_series_count(NULL) == 0);
  CHECK(planrules_data_region_count(NULL) == 0);
  CHECK(planrules_lint_result_diagnostics(NULL) == NULL);
  CHECK(planrules_comparison_diagnostics(NULL) == NULL);
  CHECK(planrules_comparison_ok(NULL) == 0);
  CHECK(planrules_comparison_row_count(NULL) == 0);
  CHECK(planrules_error_code(NULL) == 0);
  CHECK(strcmp(planrules_error_code_id(NULL), "") == 0);
  CHECK(planrules_error_diagnostics(NULL) == NULL);
  CHECK(planrules_diagnostics_error_count(NULL) == 0);
  CHECK(strcmp(planrules_diagnostic_code_id(NULL), "") == 0);
  CHECK(strcmp(planrules_diagnostic_name(NULL), "") == 0);
  CHECK(strcmp(planrules_diagnostic_file(NULL), "") == 0);
  CHECK(strcmp(planrules_diagnostic_line_text(NULL), "") == 0);
  CHECK(planrules_diagnostic_line(NULL) == 0);
  CHECK(planrules_diagnostic_column(NULL) == 0);
  CHECK(planrules_diagnostic_end_column(NULL) == 0);
  CHECK(planrules_diagnostic_note_count(NULL) == 0);
  CHECK(planrules_diagnostic_note(NULL, 0) == NULL);

  /* Destroy functions take NULL and NULL handles, again and again. */
  planrules_data_builder_destroy(&builder);
  planrules_data_destroy(&data);
  planrules_evaluation_destroy(&evaluation);
  planrules_lint_result_destroy(&lint);
  planrules_lint_result_destroy(&lint);
  planrules_comparison_destroy(&comparison);
  planrules_comparison_destroy(NULL);
  planrules_error_destroy(&error);
}

static void test_options_out_of_range(void) {
  /* Enum fields hold whatever a C caller (or R, or ctypes) put there. */
  planrules_plan plan = one_rule_plan();
  planrules_data data = one_value(plan);
  planrules_evaluation evaluation = NULL;
  planrules_data_builder builder = NULL;
  planrules_error error = NULL;
  char* text = NULL;
  size_t length = 0;
  planrules_report_options report;
  planrules_load_options load;
  planrules_evaluate_options evaluate;
  planrules_plan_options plan_options;

  CHECK_STATUS(planrules_evaluate(plan, data, NULL, &evaluation, NULL), PLANRULES_OK);
  memset(&report, 0, sizeof report);
  report.format = (planrules_format)-1;
  CHECK_STATUS(planrules_evaluation_render(evaluation, &report, &text, &length, &error), INVALID);
  CHECK(text == NULL);
  expect_error(&error, INVALID);
  report.format = PLANRULES_FORMAT_JSON;
  report.language = (planrules_language)7;
  CHECK_STATUS(planrules_evaluation_render(evaluation, &report, &text, &length, &error), INVALID);
  expect_error(&error, INVALID);
  CHECK_STATUS(planrules_comparison_render(NULL, (planrules_format)9, PLANRULES_LANGUAGE_ZH, 0, &text, &length, NULL),
               INVALID);

  memset(&load, 0, sizeof load);
  load.layout = (planrules_layout)-3;
  CHECK_STATUS(planrules_data_builder_create(plan, &builder, NULL), PLANRULES_OK);
  CHECK_STATUS(planrules_data_builder_load_csv_text(builder, "indicator,year,value\n", PLANRULES_NUL_TERMINATED, NULL,
                                                    &load, &error),
               INVALID);
  expect_error(&error, INVALID);
  planrules_data_builder_destroy(&builder);

  /* A count without its array. */
  memset(&evaluate, 0, sizeof evaluate);
  evaluate.region_count = 3;
  {
    planrules_evaluation other = NULL;
    CHECK_STATUS(planrules_evaluate(plan, data, &evaluate, &other, &error), INVALID);
    CHECK(other == NULL);
    expect_error(&error, INVALID);
  }
  memset(&plan_options, 0, sizeof plan_options);
  plan_options.catalogue_count = 2;
  {
    planrules_plan other = NULL;
    CHECK_STATUS(planrules_plan_load_text(one_rule, PLANRULES_NUL_TERMINATED, NULL, &plan_options, &other, &error),
                 INVALID);
    CHECK(other == NULL);
    expect_error(&error, INVALID);
  }
  planrules_evaluation_destroy(&evaluation);
  planrules_data_destroy(&data);
  planrules_plan_destroy(&plan);
}

static void test_hostile_text(void) {
  planrules_plan plan = NULL;
  planrules_data_builder builder = NULL;
  planrules_data data = NULL;
  planrules_error error = NULL;
  planrules_diagnostic d = NULL;
  char* rules = NULL;
  size_t length = 0;
  /* A NUL inside an explicit length is a byte of the text: a control character (PR1017). */
  static const char with_nul[] = "infant_mortality_2030 < 2.8\0\n";
  /* Not UTF-8. */
  static const char latin1[] = "infant_mortality_2030 < 2.8\xB0\n";
  char* big;

  CHECK_STATUS(planrules_plan_load_text(with_nul, sizeof with_nul - 1, "nul.rules", NULL, &plan, &error),
               PLANRULES_ERROR_INVALID_INPUT);
  CHECK(plan == NULL);
  CHECK(planrules_error_code(error) == 1017);
  CHECK(planrules_diagnostics_at(planrules_error_diagnostics(error), 0, &d) == PLANRULES_OK);
  CHECK(planrules_diagnostic_line(d) == 1 && planrules_diagnostic_column(d) == 28);
  /* The rendered text shows the NUL as U+FFFD: no NUL inside the C string. */
  {
    char* text = NULL;
    CHECK_STATUS(planrules_diagnostics_render(planrules_error_diagnostics(error), &text, &length), PLANRULES_OK);
    CHECK(text != NULL && strlen(text) == length);
    CHECK(text != NULL && strstr(text, "\xEF\xBF\xBD") != NULL);
    planrules_free(text);
  }
  planrules_error_destroy(&error);

  CHECK_STATUS(planrules_plan_load_text(latin1, PLANRULES_NUL_TERMINATED, NULL, NULL, &plan, &error),
               PLANRULES_ERROR_INVALID_INPUT);
  CHECK(planrules_error_code(error) == 1001);
  {
    char* json = NULL;
    CHECK_STATUS(planrules_diagnostics_to_json(planrules_error_diagnostics(error), &json, &length), PLANRULES_OK);
    /* JSON is UTF-8: the bad byte is written as \ufffd. */
    CHECK(json != NULL && strstr(json, "\\ufffd") != NULL && strchr(json, '\xB0') == NULL);
    planrules_free(json);
  }
  planrules_error_destroy(&error);

  /* A 2 MB line is longer than a line may be (PR9002); the lines around it are read. */
  big = (char*)malloc(3u << 20);
  CHECK(big != NULL);
  if (big) {
    size_t n = 0;
    memcpy(big, one_rule, strlen(one_rule));
    n += strlen(one_rule);
    memset(big + n, 'x', 2u << 20);
    n += 2u << 20;
    big[n++] = '\n';
    CHECK_STATUS(planrules_plan_load_text(big, n, "big.rules", NULL, &plan, &error), PLANRULES_ERROR_INVALID_INPUT);
    CHECK(planrules_error_code(error) == 9002);
    planrules_error_destroy(&error);
    free(big);
  }

  /* CSV text: a NUL in a value, NaN, infinity and years out of range are bad rows, located. */
  plan = one_rule_plan();
  CHECK_STATUS(planrules_data_builder_create(plan, &builder, NULL), PLANRULES_OK);
  {
    static const char csv[] = "indicator,year,value\n"
                              "infant_mortality,2020,nan\n"
                              "infant_mortality,2021,1e999\n"
                              "infant_mortality,99999,1\n"
                              "infant_mortality,2023,4\0\n"
                              "infant_mortality,2024,4.5\n";
    planrules_diagnostics list = NULL;
    CHECK_STATUS(planrules_data_builder_load_csv_text(builder, csv, sizeof csv - 1, "bad.csv", NULL, &error),
                 PLANRULES_OK);
    list = planrules_data_builder_diagnostics(builder);
    CHECK(planrules_diagnostics_error_count(list) == 4);
    CHECK(planrules_diagnostics_at(list, 0, &d) == PLANRULES_OK);
    CHECK(planrules_diagnostic_code(d) == 4004 && planrules_diagnostic_line(d) == 2);
    CHECK(planrules_diagnostics_at(list, 2, &d) == PLANRULES_OK);
    CHECK(planrules_diagnostic_code(d) == 4009 && planrules_diagnostic_line(d) == 4);
    CHECK(planrules_diagnostics_at(list, 4, &d) == PLANRULES_ERROR_OUT_OF_RANGE);
  }
  CHECK_STATUS(planrules_data_builder_finish(builder, &data, NULL), PLANRULES_OK);
  CHECK(planrules_data_value_count(data) == 1);
  planrules_data_destroy(&data);
  planrules_data_builder_destroy(&builder);

  /* NaN and infinity through add: NaN is a missing value, infinity is refused. */
  CHECK_STATUS(planrules_data_builder_create(plan, &builder, NULL), PLANRULES_OK);
  CHECK_STATUS(planrules_data_builder_add(builder, "infant_mortality", NULL, 2020, NAN, NULL), PLANRULES_OK);
  CHECK(planrules_data_builder_add(builder, "infant_mortality", NULL, 2021, INFINITY, &error) != PLANRULES_OK);
  planrules_error_destroy(&error);
  CHECK(planrules_data_builder_add(builder, "infant_mortality", NULL, -5, 1.0, &error) != PLANRULES_OK);
  planrules_error_destroy(&error);
  CHECK(planrules_data_builder_add(builder, "infant_mortality", "\xFF", 2022, 1.0, &error) != PLANRULES_OK);
  planrules_error_destroy(&error);
  planrules_data_builder_destroy(&builder);

  /* Extraction of text that is not a plan, or not text. */
  CHECK_STATUS(planrules_extract("", 0, NULL, &rules, &length, NULL, &error), PLANRULES_ERROR_INVALID_INPUT);
  CHECK(rules == NULL);
  planrules_error_destroy(&error);
  CHECK_STATUS(planrules_extract("\xFF\xFE", 2, NULL, &rules, &length, NULL, &error), PLANRULES_ERROR_INVALID_INPUT);
  planrules_error_destroy(&error);
  planrules_plan_destroy(&plan);
}

static void test_columns_misuse(void) {
  static const int32_t years[] = {2020, 2021, 2022};
  static const double values[] = {5.0, 4.0, 3.0};
  static const char* dictionary[] = {"infant_mortality"};
  static const int32_t bad_codes[] = {0, -7, 1};
  static const char* names[] = {"infant_mortality", NULL, "infant_mortality"};
  planrules_plan plan = one_rule_plan();
  planrules_data_builder builder = NULL;
  planrules_data data = NULL;
  planrules_error error = NULL;
  planrules_columns columns;

  CHECK_STATUS(planrules_data_builder_create(plan, &builder, NULL), PLANRULES_OK);
  /* Zero rows with no buffers at all: nothing to do, not an error. */
  memset(&columns, 0, sizeof columns);
  columns.indicator.constant = "infant_mortality";
  CHECK_STATUS(planrules_data_builder_add_columns(builder, &columns, NULL), PLANRULES_OK);
  /* Codes outside the dictionary (and negative ones other than -1) are bad rows, not reads out of bounds. */
  columns.size = 3;
  columns.years = years;
  columns.values = values;
  columns.indicator.constant = NULL;
  columns.indicator.codes = bad_codes;
  columns.indicator.dictionary = dictionary;
  columns.indicator.dictionary_size = 1;
  CHECK_STATUS(planrules_data_builder_add_columns(builder, &columns, &error), PLANRULES_OK);
  planrules_error_destroy(&error);
  CHECK(planrules_diagnostics_error_count(planrules_data_builder_diagnostics(builder)) == 2);
  /* A dictionary size without a dictionary. */
  columns.indicator.dictionary = NULL;
  CHECK_STATUS(planrules_data_builder_add_columns(builder, &columns, &error), INVALID);
  expect_error(&error, INVALID);
  /* A NULL name without a constant to fall back on is a bad row. */
  memset(&columns, 0, sizeof columns);
  columns.size = 3;
  columns.years = years;
  columns.values = values;
  columns.indicator.names = names;
  CHECK_STATUS(planrules_data_builder_add_columns(builder, &columns, NULL), PLANRULES_OK);
  CHECK_STATUS(planrules_data_builder_finish(builder, &data, NULL), PLANRULES_OK);
  /* Finished: every further call is out of order, and the builder stays destroyable. */
  CHECK_STATUS(planrules_data_builder_add_columns(builder, &columns, &error), PLANRULES_ERROR_WRONG_STATE);
  expect_error(&error, PLANRULES_ERROR_WRONG_STATE);
  CHECK_STATUS(planrules_data_builder_load_csv_text(builder, "a", 1, NULL, NULL, NULL), PLANRULES_ERROR_WRONG_STATE);
  CHECK_STATUS(planrules_data_builder_add_region(builder, "a", NULL, NULL, NULL), PLANRULES_ERROR_WRONG_STATE);
  planrules_data_builder_destroy(&builder);
  planrules_data_destroy(&data);
  planrules_plan_destroy(&plan);
}

static void test_buffers(void) {
  planrules_plan plan = one_rule_plan();
  planrules_data data = one_value(plan);
  planrules_evaluation evaluation = NULL;
  planrules_error error = NULL;
  char small[4] = {'#', '#', '#', '#'};
  size_t needed = 0, length = 0;
  char* whole = NULL;
  char* copy = NULL;

  CHECK_STATUS(planrules_evaluate(plan, data, NULL, &evaluation, NULL), PLANRULES_OK);
  /* Asking for the length with no buffer. */
  CHECK_STATUS(planrules_evaluation_render_to_buffer(evaluation, NULL, NULL, 0, &needed, NULL),
               PLANRULES_ERROR_BUFFER_TOO_SMALL);
  CHECK(needed > 0);
  /* Too small: nothing written. */
  CHECK_STATUS(planrules_evaluation_render_to_buffer(evaluation, NULL, small, sizeof small, &length, NULL),
               PLANRULES_ERROR_BUFFER_TOO_SMALL);
  CHECK(length == needed && small[0] == '#' && small[3] == '#');
  /* A buffer of exactly the length leaves no room for the NUL. */
  copy = (char*)malloc(needed + 1);
  CHECK(copy != NULL);
  if (copy) {
    CHECK_STATUS(planrules_evaluation_render_to_buffer(evaluation, NULL, copy, needed, &length, NULL),
                 PLANRULES_ERROR_BUFFER_TOO_SMALL);
    CHECK_STATUS(planrules_evaluation_render_to_buffer(evaluation, NULL, copy, needed + 1, &length, NULL), PLANRULES_OK);
    CHECK(strlen(copy) == needed);
    CHECK_STATUS(planrules_evaluation_render(evaluation, NULL, &whole, &length, &error), PLANRULES_OK);
    CHECK(whole != NULL && strcmp(whole, copy) == 0);
    planrules_free(whole);
    free(copy);
  }
  planrules_evaluation_destroy(&evaluation);
  planrules_data_destroy(&data);
  planrules_plan_destroy(&plan);
}

static void test_unreadable_and_odd_paths(void) {
  planrules_plan plan = NULL;
  planrules_comparison comparison = NULL;
  planrules_lint_result lint = NULL;
  planrules_error error = NULL;
  const char* files[] = {PLANRULES_SOURCE_DIR, NULL};

  /* A directory, an empty path, a path that is not UTF-8. */
  CHECK_STATUS(planrules_plan_load_file(PLANRULES_SOURCE_DIR, NULL, &plan, &error), PLANRULES_ERROR_IO);
  CHECK(plan == NULL);
  expect_error(&error, PLANRULES_ERROR_IO);
  CHECK_STATUS(planrules_plan_load_file("", NULL, &plan, &error), PLANRULES_ERROR_IO);
  expect_error(&error, PLANRULES_ERROR_IO);
  CHECK_STATUS(planrules_plan_load_file("/nonexistent/\xFF.rules", NULL, &plan, &error), PLANRULES_ERROR_IO);
  expect_error(&error, PLANRULES_ERROR_IO);
  CHECK(planrules_lint_file("/nonexistent.rules", NULL, NULL, &lint, &error) == PLANRULES_ERROR_IO);
  CHECK(lint == NULL);
  planrules_error_destroy(&error);
  CHECK(planrules_compare_files(XIGANG_RULES, "/nonexistent.rules", NULL, &comparison, &error) != PLANRULES_OK);
  CHECK(comparison == NULL);
  planrules_error_destroy(&error);

  /* A NULL entry inside the array of paths. */
  plan = one_rule_plan();
  {
    planrules_data data = NULL;
    CHECK(planrules_data_load_files(plan, files + 1, 1, NULL, &data, &error) != PLANRULES_OK);
    CHECK(data == NULL);
    planrules_error_destroy(&error);
    CHECK(planrules_data_load_files(plan, files, 1, NULL, &data, &error) != PLANRULES_OK);
    CHECK(data == NULL);
    planrules_error_destroy(&error);
  }
  planrules_plan_destroy(&plan);
}

int main(void) {
  static const struct c_test tests[] = {
      {"null_out_parameters", test_null_out_parameters},
      {"null_handles", test_null_handles},
      {"options_out_of_range", test_options_out_of_range},
      {"hostile_text", test_hostile_text},
      {"columns_misuse", test_columns_misuse},
      {"buffers", test_buffers},
      {"unreadable_and_odd_paths", test_unreadable_and_odd_paths},
  };
  return run_tests(tests, sizeof tests / sizeof tests[0]);
}
