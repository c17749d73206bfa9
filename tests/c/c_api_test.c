/* The C API, from a program compiled as C (C11): every call, its errors, and
 * misuse (NULL handles, indices out of range, calls out of order). */
#include "c_test.h"

#include <sqlite3.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XIGANG_REGIONS PLANRULES_SOURCE_DIR "/data/illustrative/xigang_regions.csv"
#define XIGANG_DATA PLANRULES_SOURCE_DIR "/data/illustrative/xigang_children_illustrative.csv"

static const char* one_rule = "infant_mortality_2030 < 2.8\xE2\x80\xB0\n"; /* ‰ */

/* Prints an error's diagnostics (when a check is about to fail, it says why). */
static void show(planrules_error error) {
  char* text = NULL;
  if (!error) return;
  fprintf(stderr, "  error %s (%s): %s\n", planrules_error_code_id(error),
          planrules_status_name(planrules_error_status(error)), planrules_error_message(error));
  if (planrules_diagnostics_render(planrules_error_diagnostics(error), &text, NULL) == PLANRULES_OK) {
    fputs(text, stderr);
    planrules_free(text);
  }
}

static planrules_plan load_plan(const char* path) {
  planrules_plan plan = NULL;
  planrules_error error = NULL;
  CHECK_OK(planrules_plan_load_file(path, NULL, &plan, &error));
  show(error);
  planrules_error_destroy(&error);
  return plan;
}

static planrules_data load_xigang_data(planrules_plan plan) {
  const char* files[] = {XIGANG_REGIONS, XIGANG_DATA};
  planrules_data data = NULL;
  planrules_error error = NULL;
  CHECK_OK(planrules_data_load_files(plan, files, 2, NULL, &data, &error));
  show(error);
  planrules_error_destroy(&error);
  return data;
}

static int contains(const char* text, const char* part) { return text && part && strstr(text, part) != NULL; }

/* ------------------------------------------------------------------ tests */

static void test_version(void) {
  CHECK(strcmp(planrules_version(), PLANRULES_VERSION_STRING) == 0);
  CHECK(planrules_version_number() == PLANRULES_VERSION);
  CHECK(PLANRULES_VERSION == PLANRULES_VERSION_MAJOR * 10000 + PLANRULES_VERSION_MINOR * 100 + PLANRULES_VERSION_PATCH);
  CHECK(strcmp(planrules_status_name(PLANRULES_OK), "ok") == 0);
  CHECK(strcmp(planrules_status_name(PLANRULES_ERROR_INVALID_INPUT), "invalid_input") == 0);
  CHECK(strcmp(planrules_status_name((planrules_status)99), "unknown") == 0);
  CHECK(PLANRULES_OK == 0);
}

static void test_plan_from_text(void) {
  planrules_plan plan = NULL;
  planrules_error error = NULL;
  planrules_rule_info rule;
  CHECK_OK(planrules_plan_load_text(one_rule, PLANRULES_NUL_TERMINATED, "one.rules", NULL, &plan, &error));
  CHECK(error == NULL);
  CHECK(plan != NULL);
  CHECK(planrules_plan_rule_count(plan) == 1);
  CHECK_OK(planrules_plan_rule(plan, 0, &rule));
  CHECK(strcmp(rule.indicator, "infant_mortality") == 0);
  CHECK(strcmp(rule.kind, "bound") == 0);
  CHECK(rule.deadline == 2030);
  CHECK(!rule.aspirational);
  CHECK_STATUS(planrules_plan_rule(plan, 1, &rule), PLANRULES_ERROR_OUT_OF_RANGE);
  CHECK(strcmp(planrules_plan_path(plan), "one.rules") == 0);
  {
    char* json = NULL;
    size_t length = 0;
    CHECK_OK(planrules_plan_to_json(plan, &json, &length, NULL));
    CHECK(contains(json, "\"schema\": \"planrules.plan/1\""));
    CHECK(json && strlen(json) == length);
    planrules_free(json);
  }
  planrules_plan_destroy(&plan);
  CHECK(plan == NULL);
  /* A length shorter than the text reads only that much: an empty plan. */
  CHECK_OK(planrules_plan_load_text(one_rule, 0, NULL, NULL, &plan, NULL));
  CHECK(planrules_plan_rule_count(plan) == 0);
  planrules_plan_destroy(&plan);
}

static void test_plan_errors_carry_codes_and_locations(void) {
  /* 婴儿死亡率_2030 <= 4.5个: a ratio bounded by a count */
  const char* text = "\xE5\xA9\xB4\xE5\x84\xBF\xE6\xAD\xBB\xE4\xBA\xA1\xE7\x8E\x87_2030 <= 4.5\xE4\xB8\xAA\n";
  planrules_plan plan = (planrules_plan)(void*)&checks; /* overwritten with NULL on failure */
  planrules_error error = NULL;
  planrules_diagnostic d = NULL;
  char* rendered = NULL;
  CHECK_STATUS(planrules_plan_load_text(text, strlen(text), "bad.rules", NULL, &plan, &error), PLANRULES_ERROR_INVALID_INPUT);
  CHECK(plan == NULL);
  CHECK(error != NULL);
  CHECK(planrules_error_status(error) == PLANRULES_ERROR_INVALID_INPUT);
  CHECK(planrules_error_code(error) == 2003);
  CHECK(strcmp(planrules_error_code_id(error), "PR2003") == 0);
  CHECK(strlen(planrules_error_message(error)) > 0);
  CHECK(planrules_diagnostics_count(planrules_error_diagnostics(error)) == 1);
  CHECK(planrules_diagnostics_error_count(planrules_error_diagnostics(error)) == 1);
  CHECK_OK(planrules_diagnostics_at(planrules_error_diagnostics(error), 0, &d));
  CHECK(planrules_diagnostic_code(d) == 2003);
  CHECK(strcmp(planrules_diagnostic_code_id(d), "PR2003") == 0);
  CHECK(strcmp(planrules_diagnostic_name(d), "unit_mismatch") == 0);
  CHECK(planrules_diagnostic_severity(d) == PLANRULES_SEVERITY_ERROR);
  CHECK(strcmp(planrules_diagnostic_file(d), "bad.rules") == 0);
  CHECK(planrules_diagnostic_line(d) == 1);
  CHECK(planrules_diagnostic_column(d) == 15); /* characters, not bytes */
  CHECK(planrules_diagnostic_end_column(d) == 19);
  CHECK(strcmp(planrules_diagnostic_line_text(d), "\xE5\xA9\xB4\xE5\x84\xBF\xE6\xAD\xBB\xE4\xBA\xA1\xE7\x8E\x87_2030 <= 4.5\xE4\xB8\xAA") == 0);
  CHECK(contains(planrules_diagnostic_message(d), "count"));
  CHECK(planrules_diagnostic_note(d, planrules_diagnostic_note_count(d)) == NULL);
  CHECK_STATUS(planrules_diagnostics_at(planrules_error_diagnostics(error), 1, &d), PLANRULES_ERROR_OUT_OF_RANGE);
  CHECK(d == NULL);
  CHECK_OK(planrules_diagnostics_render(planrules_error_diagnostics(error), &rendered, NULL));
  CHECK(contains(rendered, "bad.rules:1:15: error[PR2003]"));
  CHECK(contains(rendered, "^~~~~"));
  planrules_free(rendered);
  CHECK_OK(planrules_diagnostics_to_json(planrules_error_diagnostics(error), &rendered, NULL));
  CHECK(contains(rendered, "\"number\": 2003"));
  planrules_free(rendered);
  planrules_error_destroy(&error);
  CHECK(error == NULL);

  /* Every error of a file in one run. */
  text = "infant_mortality_2030 <\n"
         "no_such_indicator_2030 < 3%\n";
  CHECK_STATUS(planrules_plan_load_text(text, strlen(text), "two.rules", NULL, &plan, &error), PLANRULES_ERROR_INVALID_INPUT);
  CHECK(planrules_diagnostics_error_count(planrules_error_diagnostics(error)) >= 2);
  planrules_error_destroy(&error);
}

static void test_unreadable_file(void) {
  planrules_plan plan = NULL;
  planrules_error error = NULL;
  planrules_diagnostic d = NULL;
  CHECK_STATUS(planrules_plan_load_file("/nonexistent/plan.rules", NULL, &plan, &error), PLANRULES_ERROR_IO);
  CHECK(planrules_error_code(error) == 3001);
  CHECK_OK(planrules_diagnostics_at(planrules_error_diagnostics(error), 0, &d));
  CHECK(strcmp(planrules_diagnostic_file(d), "/nonexistent/plan.rules") == 0);
  CHECK(planrules_diagnostic_line(d) == 0);
  planrules_error_destroy(&error);
  /* Without an error object the status alone says it. */
  CHECK_STATUS(planrules_plan_load_file("/nonexistent/plan.rules", NULL, &plan, NULL), PLANRULES_ERROR_IO);
}

static void test_null_handles_and_misuse(void) {
  planrules_plan plan = NULL;
  planrules_data data = NULL;
  planrules_data_builder builder = NULL;
  planrules_evaluation evaluation = NULL;
  planrules_error error = NULL;
  planrules_outcome outcome;
  planrules_diagnostic d = NULL;
  planrules_status_counts counts;
  char* text = NULL;
  size_t index = 0;

  CHECK_STATUS(planrules_plan_load_file(NULL, NULL, &plan, &error), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK(contains(planrules_error_message(error), "NULL"));
  CHECK(planrules_error_code(error) == 0);
  CHECK(strcmp(planrules_error_code_id(error), "") == 0);
  planrules_error_destroy(&error);
  CHECK_STATUS(planrules_plan_load_file(XIGANG_RULES, NULL, NULL, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(planrules_plan_load_text(NULL, 0, NULL, NULL, &plan, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(planrules_data_builder_create(NULL, &builder, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(planrules_data_builder_load_csv(NULL, XIGANG_DATA, NULL, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(planrules_data_builder_finish(NULL, &data, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(planrules_evaluate(NULL, NULL, NULL, &evaluation, &error), PLANRULES_ERROR_INVALID_ARGUMENT);
  planrules_error_destroy(&error);
  CHECK_STATUS(planrules_evaluation_outcome(NULL, 0, &outcome), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(planrules_evaluation_find(NULL, "health.3.1", "x", &index), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(planrules_evaluation_explain(NULL, 0, &text, NULL, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK(text == NULL);
  CHECK_STATUS(planrules_evaluation_render(NULL, NULL, &text, NULL, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(planrules_evaluation_counts(NULL, NULL, NULL, &counts), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(planrules_evaluation_changes(NULL, NULL, NULL, &text, NULL, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(planrules_lint_file(NULL, NULL, NULL, NULL, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(planrules_compare(NULL, NULL, NULL, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(planrules_extract(NULL, 0, NULL, &text, NULL, NULL, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(planrules_diagnostics_at(NULL, 0, &d), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(planrules_diagnostics_render(NULL, &text, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);

  /* Accessors of NULL handles answer harmlessly. */
  CHECK(planrules_evaluation_outcome_count(NULL) == 0);
  CHECK(planrules_evaluation_as_of(NULL) == 0);
  CHECK(planrules_plan_rule_count(NULL) == 0);
  CHECK(strcmp(planrules_plan_id(NULL), "") == 0);
  CHECK(planrules_data_value_count(NULL) == 0);
  CHECK(planrules_diagnostics_count(NULL) == 0);
  CHECK(planrules_plan_diagnostics(NULL) == NULL);
  CHECK(planrules_diagnostic_code(NULL) == 0);
  CHECK(strcmp(planrules_diagnostic_message(NULL), "") == 0);
  CHECK(planrules_error_status(NULL) == PLANRULES_OK);
  CHECK(strcmp(planrules_error_message(NULL), "") == 0);
  CHECK(planrules_lint_result_ok(NULL) == 0);

  /* Destroying NULL, or a NULL handle, is fine; destroying sets the handle to NULL. */
  planrules_plan_destroy(NULL);
  planrules_plan_destroy(&plan);
  planrules_data_destroy(NULL);
  planrules_data_builder_destroy(NULL);
  planrules_evaluation_destroy(NULL);
  planrules_error_destroy(NULL);
  planrules_lint_result_destroy(NULL);
  planrules_comparison_destroy(NULL);
  planrules_free(NULL);

  /* Wrong order: a finished builder refuses further work. */
  CHECK_OK(planrules_plan_load_text(one_rule, PLANRULES_NUL_TERMINATED, NULL, NULL, &plan, NULL));
  CHECK_OK(planrules_data_builder_create(plan, &builder, NULL));
  CHECK_OK(planrules_data_builder_add(builder, "infant_mortality", NULL, 2020, 5.4, NULL));
  CHECK_OK(planrules_data_builder_finish(builder, &data, NULL));
  CHECK_STATUS(planrules_data_builder_add(builder, "infant_mortality", NULL, 2021, 5.0, &error), PLANRULES_ERROR_WRONG_STATE);
  CHECK(contains(planrules_error_message(error), "finished"));
  planrules_error_destroy(&error);
  {
    planrules_data again = NULL;
    CHECK_STATUS(planrules_data_builder_finish(builder, &again, NULL), PLANRULES_ERROR_WRONG_STATE);
    CHECK(again == NULL);
  }
  CHECK_OK(planrules_evaluate(plan, data, NULL, &evaluation, NULL));
  CHECK_STATUS(planrules_evaluation_outcome(evaluation, planrules_evaluation_outcome_count(evaluation), &outcome),
               PLANRULES_ERROR_OUT_OF_RANGE);
  CHECK_STATUS(planrules_evaluation_outcome(evaluation, (size_t)-1, &outcome), PLANRULES_ERROR_OUT_OF_RANGE);
  CHECK_STATUS(planrules_evaluation_explain(evaluation, 99, &text, NULL, &error), PLANRULES_ERROR_OUT_OF_RANGE);
  planrules_error_destroy(&error);
  CHECK_STATUS(planrules_evaluation_outcome(evaluation, 0, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(planrules_evaluation_find(evaluation, "1", "nowhere", &index), PLANRULES_ERROR_NOT_FOUND);
  CHECK_STATUS(planrules_evaluation_counts(evaluation, "no_such_area", NULL, &counts), PLANRULES_ERROR_NOT_FOUND);
  {
    planrules_report_options bad = {(planrules_format)42, PLANRULES_LANGUAGE_ZH, 0, 0, 0, NULL};
    CHECK_STATUS(planrules_evaluation_render(evaluation, &bad, &text, NULL, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
  }
  {
    planrules_evaluate_options options = {0, NULL, NULL, 0, 1};
    const char* nowhere[] = {"no such region"};
    planrules_evaluation other = NULL;
    options.regions = nowhere;
    options.region_count = 1;
    CHECK_STATUS(planrules_evaluate(plan, data, &options, &other, &error), PLANRULES_ERROR_NOT_FOUND);
    CHECK(other == NULL);
    planrules_error_destroy(&error);
  }
  planrules_evaluation_destroy(&evaluation);
  planrules_data_destroy(&data);
  planrules_data_builder_destroy(&builder);
  CHECK(builder == NULL && data == NULL && evaluation == NULL);
  planrules_plan_destroy(&plan);
}

static void test_xigang_end_to_end(void) {
  planrules_plan plan = load_plan(XIGANG_RULES);
  planrules_data data = load_xigang_data(plan);
  planrules_evaluation evaluation = NULL;
  planrules_error error = NULL;
  planrules_outcome o;
  planrules_status_counts counts;
  size_t i, n, index = 0, statuses[7] = {0, 0, 0, 0, 0, 0, 0};
  char* text = NULL;
  size_t length = 0;
  if (!plan || !data) return;

  CHECK(strcmp(planrules_plan_id(plan), "xigang_children_2021_2030") == 0);
  CHECK(planrules_plan_rule_count(plan) > 30);
  CHECK(planrules_data_value_count(data) > 100);
  CHECK(planrules_data_region_count(data) >= 17);
  CHECK(planrules_diagnostics_error_count(planrules_data_diagnostics(data)) == 0);

  CHECK_OK(planrules_evaluate(plan, data, NULL, &evaluation, &error));
  show(error);
  CHECK(planrules_evaluation_as_of(evaluation) == 2025); /* the latest year with data */
  n = planrules_evaluation_outcome_count(evaluation);
  CHECK(n > 100);
  for (i = 0; i < n; ++i) {
    CHECK_OK(planrules_evaluation_outcome(evaluation, i, &o));
    CHECK(o.status >= PLANRULES_OUTCOME_MET && o.status <= PLANRULES_OUTCOME_ERROR);
    ++statuses[o.status];
    CHECK(o.rule_id[0] != '\0' && o.region[0] != '\0' && o.status_name[0] != '\0');
    CHECK(contains(o.region_path, o.region));
    CHECK((o.year == 0) == (isnan(o.actual) != 0));
    CHECK(((o.flags & PLANRULES_OUTCOME_HAS_TARGET) != 0) == !isnan(o.target));
    if (o.status == PLANRULES_OUTCOME_NOT_MEASURABLE) CHECK(o.indicator[0] == '\0' || o.year == 0);
    CHECK(o.rule_index < planrules_plan_rule_count(plan));
  }
  CHECK(statuses[PLANRULES_OUTCOME_MET] > 0);
  CHECK(statuses[PLANRULES_OUTCOME_NOT_MET] > 0);
  CHECK(statuses[PLANRULES_OUTCOME_NOT_MEASURABLE] > 0);
  CHECK(statuses[PLANRULES_OUTCOME_NOT_YET_DUE] > 0);

  /* health.3.1: neonatal mortality ≤ 2.8‰ by 2025, in the district itself. */
  CHECK_OK(planrules_evaluation_find(evaluation, "health.3.1", "西岗区", &index));
  CHECK_OK(planrules_evaluation_outcome(evaluation, index, &o));
  CHECK(strcmp(o.rule_id, "health.3.1") == 0);
  CHECK(strcmp(o.region, "西岗区") == 0);
  CHECK(strcmp(o.region_path, "大连市/西岗区") == 0);
  CHECK(strcmp(o.indicator, "neonatal_mortality") == 0);
  CHECK(strcmp(o.area, "health") == 0);
  CHECK(o.deadline == 2025);
  CHECK(o.target == 2.8);
  CHECK(strcmp(o.status_name, "not_yet_due") == 0 || strcmp(o.status_name, "met") == 0);
  CHECK_OK(planrules_evaluation_explain(evaluation, index, &text, &length, &error));
  CHECK(contains(text, "\"rule\": \"health.3.1\""));
  CHECK(contains(text, "\"values\": ["));
  CHECK(contains(text, "\"notes\""));
  CHECK(text && strlen(text) == length);
  planrules_free(text);

  CHECK_OK(planrules_evaluation_counts(evaluation, NULL, NULL, &counts));
  {
    size_t total = 0;
    for (i = 0; i < 7; ++i) total += counts.binding[i] + counts.aspirational[i];
    CHECK(total == n);
  }
  CHECK_OK(planrules_evaluation_counts(evaluation, "health", "西岗区", &counts));
  CHECK(counts.binding[PLANRULES_OUTCOME_NOT_MEASURABLE] > 0);

  {
    planrules_report_options options = {PLANRULES_FORMAT_CSV, PLANRULES_LANGUAGE_ZH, 0, 0, 0, NULL};
    size_t needed = 0;
    char small[16];
    char* buffer;
    CHECK_OK(planrules_evaluation_render(evaluation, &options, &text, &length, NULL));
    CHECK(strncmp(text, "rule_id,area,goal,tier,indicator,region,status,", 47) == 0);
    CHECK_STATUS(planrules_evaluation_render_to_buffer(evaluation, &options, small, sizeof small, &needed, &error),
                 PLANRULES_ERROR_BUFFER_TOO_SMALL);
    CHECK(needed == length);
    planrules_error_destroy(&error);
    CHECK_STATUS(planrules_evaluation_render_to_buffer(evaluation, &options, NULL, 0, &needed, NULL),
                 PLANRULES_ERROR_BUFFER_TOO_SMALL);
    buffer = (char*)malloc(needed + 1);
    CHECK_OK(planrules_evaluation_render_to_buffer(evaluation, &options, buffer, needed + 1, &needed, NULL));
    CHECK(buffer && strcmp(buffer, text) == 0);
    free(buffer);
    planrules_free(text);

    options.format = PLANRULES_FORMAT_JSON;
    options.compact = 1;
    CHECK_OK(planrules_evaluation_render(evaluation, &options, &text, NULL, NULL));
    CHECK(contains(text, "\"schema\":\"planrules.evaluation/1\""));
    planrules_free(text);
    options.format = PLANRULES_FORMAT_HTML;
    options.language = PLANRULES_LANGUAGE_EN;
    CHECK_OK(planrules_evaluation_render(evaluation, &options, &text, NULL, NULL));
    CHECK(contains(text, "<html"));
    planrules_free(text);
    CHECK_OK(planrules_evaluation_render(evaluation, NULL, &text, NULL, NULL)); /* text table */
    CHECK(contains(text, "health.3.1") || contains(text, "\xE8\xBE\xBE\xE6\xA0\x87")); /* 达标 */
    planrules_free(text);
  }

  /* The same outcomes on every core, and as of an earlier year fewer values. */
  {
    planrules_evaluate_options options = {0, NULL, NULL, 0, 0};
    planrules_evaluation parallel = NULL, earlier = NULL;
    planrules_outcome a, b;
    CHECK_OK(planrules_evaluate(plan, data, &options, &parallel, NULL));
    CHECK(planrules_evaluation_outcome_count(parallel) == n);
    for (i = 0; i < n; ++i) {
      planrules_evaluation_outcome(evaluation, i, &a);
      planrules_evaluation_outcome(parallel, i, &b);
      CHECK(a.status == b.status && strcmp(a.rule_id, b.rule_id) == 0 && strcmp(a.region_path, b.region_path) == 0);
    }
    options.as_of = 2022;
    options.threads = 1;
    CHECK_OK(planrules_evaluate(plan, data, &options, &earlier, NULL));
    CHECK(planrules_evaluation_as_of(earlier) == 2022);
    {
      planrules_report_options csv = {PLANRULES_FORMAT_CSV, PLANRULES_LANGUAGE_ZH, 0, 0, 0, NULL};
      CHECK_OK(planrules_evaluation_changes(earlier, evaluation, &csv, &text, NULL, NULL));
      CHECK(strncmp(text, "rule_id,region,before,after,actual_before,actual_after", 54) == 0);
      planrules_free(text);
    }
    {
      const char* regions[] = {"人民广场街道"};
      planrules_evaluation one = NULL;
      options.as_of = 0;
      options.regions = regions;
      options.region_count = 1;
      CHECK_OK(planrules_evaluate(plan, data, &options, &one, NULL));
      CHECK(planrules_evaluation_outcome_count(one) > 0);
      CHECK(planrules_evaluation_outcome_count(one) < n);
      for (i = 0; i < planrules_evaluation_outcome_count(one); ++i) {
        planrules_evaluation_outcome(one, i, &a);
        CHECK(contains(a.region_path, "人民广场街道"));
      }
      planrules_evaluation_destroy(&one);
    }
    planrules_evaluation_destroy(&parallel);
    planrules_evaluation_destroy(&earlier);
  }
  planrules_error_destroy(&error);
  planrules_evaluation_destroy(&evaluation);
  planrules_data_destroy(&data);
  planrules_plan_destroy(&plan);
}

static void test_columns(void) {
  /* Three rows as an R data frame or numpy would hold them: factor codes for the
   * indicator, one region name per row, years, values, a validity bitmap. */
  static const char* dictionary[] = {"infant_mortality", "\xE5\xA9\xB4\xE5\x84\xBF\xE6\xAD\xBB\xE4\xBA\xA1\xE7\x8E\x87"};
  static const int32_t codes[] = {0, 1, 0, -1};
  static const char* regions[] = {"A", "A", NULL, "B"};
  static const int32_t years[] = {2020, 2021, 2022, 2022};
  static const double values[] = {5.0, 4.0, 999.0, 2.5};
  static const uint64_t validity[] = {0xB}; /* rows 0, 1 and 3; row 2 is missing */
  static const uint8_t qualifiers[] = {0, 0, 0, PLANRULES_QUALIFIER_PROVISIONAL};
  planrules_columns columns;
  planrules_plan plan = NULL;
  planrules_data_builder builder = NULL;
  planrules_data data = NULL;
  planrules_evaluation evaluation = NULL;
  planrules_error error = NULL;
  planrules_outcome o;
  size_t index = 0;

  memset(&columns, 0, sizeof columns);
  columns.size = 4;
  columns.indicator.codes = codes;
  columns.indicator.dictionary = dictionary;
  columns.indicator.dictionary_size = 2;
  columns.indicator.constant = "infant_mortality";
  columns.region.names = regions;
  columns.region.constant = "A";
  columns.years = years;
  columns.values = values;
  columns.validity = validity;
  columns.qualifiers = qualifiers;
  columns.origin = "frame";

  CHECK_OK(planrules_plan_load_text(one_rule, PLANRULES_NUL_TERMINATED, NULL, NULL, &plan, NULL));
  CHECK_OK(planrules_data_builder_create(plan, &builder, NULL));
  CHECK_OK(planrules_data_builder_add_region(builder, "A", NULL, "city", NULL));
  CHECK_OK(planrules_data_builder_add_region(builder, "B", NULL, "\xE5\x8C\xBA", NULL)); /* 区 */
  CHECK_STATUS(planrules_data_builder_add_region(builder, "C", NULL, "galaxy", &error), PLANRULES_ERROR_INVALID_ARGUMENT);
  planrules_error_destroy(&error);
  CHECK_OK(planrules_data_builder_add_columns(builder, &columns, &error));
  show(error);
  CHECK(planrules_diagnostics_count(planrules_data_builder_diagnostics(builder)) == 0);
  CHECK_OK(planrules_data_builder_finish(builder, &data, NULL));
  CHECK(planrules_data_value_count(data) == 3);
  CHECK(planrules_data_series_count(data) == 2);

  CHECK_OK(planrules_evaluate(plan, data, NULL, &evaluation, NULL));
  CHECK(planrules_evaluation_as_of(evaluation) == 2022);
  CHECK_OK(planrules_evaluation_find(evaluation, "1", "A", &index));
  CHECK_OK(planrules_evaluation_outcome(evaluation, index, &o));
  CHECK(o.year == 2021 && o.actual == 4.0); /* 2022 was missing */
  CHECK(o.status == PLANRULES_OUTCOME_NOT_YET_DUE);
  CHECK_OK(planrules_evaluation_find(evaluation, "1", "B", &index));
  CHECK_OK(planrules_evaluation_outcome(evaluation, index, &o));
  CHECK(o.year == 2022 && o.actual == 2.5);
  CHECK(o.status == PLANRULES_OUTCOME_MET);
  CHECK((o.flags & PLANRULES_OUTCOME_EARLY) != 0);
  planrules_evaluation_destroy(&evaluation);
  planrules_data_destroy(&data);
  planrules_data_builder_destroy(&builder);

  /* Bad input: a code outside the dictionary is a bad row (row 1), a bad qualifier a failure. */
  {
    static const int32_t bad_codes[] = {7};
    static const uint8_t bad_qualifier[] = {9};
    planrules_diagnostic d = NULL;
    memset(&columns, 0, sizeof columns);
    columns.size = 1;
    columns.indicator.codes = bad_codes;
    columns.indicator.dictionary = dictionary;
    columns.indicator.dictionary_size = 2;
    columns.years = years;
    columns.values = values;
    CHECK_OK(planrules_data_builder_create(plan, &builder, NULL));
    CHECK_OK(planrules_data_builder_add_columns(builder, &columns, NULL));
    CHECK(planrules_diagnostics_error_count(planrules_data_builder_diagnostics(builder)) == 1);
    CHECK_OK(planrules_diagnostics_at(planrules_data_builder_diagnostics(builder), 0, &d));
    CHECK(planrules_diagnostic_line(d) == 1);
    columns.qualifiers = bad_qualifier;
    CHECK_STATUS(planrules_data_builder_add_columns(builder, &columns, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
    columns.qualifiers = NULL;
    columns.years = NULL;
    CHECK_STATUS(planrules_data_builder_add_columns(builder, &columns, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
    memset(&columns, 0, sizeof columns);
    columns.size = 1;
    columns.years = years;
    columns.values = values;
    CHECK_STATUS(planrules_data_builder_add_columns(builder, &columns, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
    CHECK_STATUS(planrules_data_builder_add_columns(builder, NULL, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
    planrules_data_builder_destroy(&builder);
  }
  planrules_plan_destroy(&plan);
}

static void test_csv_text_and_bad_rows(void) {
  const char* csv = "indicator,region,year,value\n"
                    "infant_mortality,X,2020,5.4\n"
                    "infant_mortality,X,2021,abc\n"
                    "infant_mortality,X,2022,4.9\n";
  planrules_plan plan = NULL;
  planrules_data_builder builder = NULL;
  planrules_data data = NULL;
  planrules_error error = NULL;
  planrules_diagnostic d = NULL;
  planrules_load_options strict;
  CHECK_OK(planrules_plan_load_text(one_rule, PLANRULES_NUL_TERMINATED, NULL, NULL, &plan, NULL));
  CHECK_OK(planrules_data_builder_create(plan, &builder, NULL));
  CHECK_OK(planrules_data_builder_load_csv_text(builder, csv, strlen(csv), "d.csv", NULL, NULL));
  CHECK(planrules_diagnostics_error_count(planrules_data_builder_diagnostics(builder)) == 1);
  CHECK_OK(planrules_diagnostics_at(planrules_data_builder_diagnostics(builder), 0, &d));
  CHECK(planrules_diagnostic_code(d) == 4003);
  CHECK(planrules_diagnostic_line(d) == 3);
  CHECK(strcmp(planrules_diagnostic_file(d), "d.csv") == 0);
  CHECK_OK(planrules_data_builder_finish(builder, &data, NULL));
  CHECK(planrules_data_value_count(data) == 2); /* every valid row is kept */
  CHECK(planrules_diagnostics_error_count(planrules_data_diagnostics(data)) == 1);
  planrules_data_destroy(&data);
  planrules_data_builder_destroy(&builder);

  memset(&strict, 0, sizeof strict);
  strict.strict = 1;
  CHECK_OK(planrules_data_builder_create(plan, &builder, NULL));
  CHECK_STATUS(planrules_data_builder_load_csv_text(builder, csv, PLANRULES_NUL_TERMINATED, "d.csv", &strict, &error),
               PLANRULES_ERROR_INVALID_INPUT);
  CHECK(planrules_error_code(error) == 4003);
  planrules_error_destroy(&error);
  CHECK_STATUS(planrules_data_builder_load_csv(builder, "/nonexistent.csv", NULL, &error), PLANRULES_ERROR_IO);
  CHECK(planrules_error_code(error) == 3001);
  planrules_error_destroy(&error);
  strict.layout = (planrules_layout)17;
  CHECK_STATUS(planrules_data_builder_load_csv(builder, XIGANG_DATA, &strict, NULL), PLANRULES_ERROR_INVALID_ARGUMENT);
  planrules_data_builder_destroy(&builder);
  planrules_plan_destroy(&plan);
}

static void test_sqlite(void) {
  char path[256];
  sqlite3* db = NULL;
  planrules_plan plan = NULL;
  planrules_data_builder builder = NULL;
  planrules_data data = NULL;
  planrules_error error = NULL;
  planrules_load_options options;
  snprintf(path, sizeof path, "c_api_test_%ld.db", (long)rand());
  remove(path);
  CHECK(sqlite3_open(path, &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db,
                     "CREATE TABLE measurements(indicator TEXT, region TEXT, year INTEGER, value REAL);"
                     "INSERT INTO measurements VALUES('infant_mortality','X',2020,5.4),('infant_mortality','X',2021,5.0);"
                     "CREATE TABLE other(indicator TEXT, region TEXT, year INTEGER, value REAL);"
                     "INSERT INTO other VALUES('infant_mortality','Y',2021,2.0);",
                     NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(db);

  CHECK_OK(planrules_plan_load_text(one_rule, PLANRULES_NUL_TERMINATED, NULL, NULL, &plan, NULL));
  CHECK_OK(planrules_data_builder_create(plan, &builder, NULL));
  CHECK_OK(planrules_data_builder_load_file(builder, path, NULL, &error)); /* table "measurements" */
  show(error);
  memset(&options, 0, sizeof options);
  options.table = "other";
  CHECK_OK(planrules_data_builder_load_file(builder, path, &options, NULL));
  CHECK_STATUS(planrules_data_builder_load_sqlite(builder, path, "missing", NULL, &error), PLANRULES_ERROR_NOT_FOUND);
  CHECK(planrules_error_code(error) == 4013);
  planrules_error_destroy(&error);
  CHECK_OK(planrules_data_builder_load_sqlite_query(builder, path,
                                                    "SELECT indicator, 'Z' AS region, year, value FROM measurements", NULL,
                                                    NULL));
  CHECK_STATUS(planrules_data_builder_load_sqlite_query(builder, path, "DELETE FROM measurements", NULL, NULL),
               PLANRULES_ERROR_INVALID_ARGUMENT);
  CHECK_OK(planrules_data_builder_finish(builder, &data, NULL));
  CHECK(planrules_data_value_count(data) == 5);
  planrules_data_destroy(&data);
  planrules_data_builder_destroy(&builder);
  planrules_plan_destroy(&plan);
  remove(path);
}

static void test_lint_and_compare(void) {
  planrules_lint_result lint = NULL;
  planrules_comparison comparison = NULL;
  planrules_plan child = NULL, parent = NULL;
  planrules_error error = NULL;
  char* text = NULL;
  /* x ≤ 3 and x ≥ 5 in the same year contradict each other (PR6001). */
  const char* contradictory = "plan demo \"demo\"\n  period 2021..2030\n"
                              "infant_mortality_2025 <= 3\xE2\x80\xB0\ninfant_mortality_2025 >= 5\xE2\x80\xB0\n";
  size_t i;
  int found = 0;

  CHECK_OK(planrules_lint_file(XIGANG_RULES, NULL, NULL, &lint, &error));
  show(error);
  CHECK(planrules_lint_result_ok(lint) == 1);
  CHECK_OK(planrules_lint_result_to_json(lint, &text, NULL, NULL));
  CHECK(contains(text, "planrules.lint/1"));
  planrules_free(text);
  planrules_lint_result_destroy(&lint);

  CHECK_OK(planrules_lint_text(contradictory, PLANRULES_NUL_TERMINATED, "demo.rules", NULL, NULL, &lint, &error));
  show(error);
  CHECK(planrules_lint_result_ok(lint) == 0);
  for (i = 0; i < planrules_diagnostics_count(planrules_lint_result_diagnostics(lint)); ++i) {
    planrules_diagnostic d = NULL;
    planrules_diagnostics_at(planrules_lint_result_diagnostics(lint), i, &d);
    if (planrules_diagnostic_code(d) == 6001) found = 1;
  }
  CHECK(found);
  planrules_lint_result_destroy(&lint);
  CHECK_STATUS(planrules_lint_file("/nonexistent.rules", NULL, NULL, &lint, &error), PLANRULES_ERROR_IO);
  CHECK(lint == NULL);
  planrules_error_destroy(&error);

  CHECK_OK(planrules_compare_files(XIGANG_RULES, NATIONAL_RULES, NULL, &comparison, &error));
  show(error);
  CHECK(planrules_comparison_row_count(comparison) > 10);
  CHECK_OK(planrules_comparison_render(comparison, PLANRULES_FORMAT_JSON, PLANRULES_LANGUAGE_ZH, 0, &text, NULL, NULL));
  CHECK(contains(text, "planrules.compare/1"));
  planrules_free(text);
  CHECK_OK(planrules_comparison_render(comparison, PLANRULES_FORMAT_TEXT, PLANRULES_LANGUAGE_EN, 120, &text, NULL, NULL));
  CHECK(text && strlen(text) > 100);
  planrules_free(text);
  CHECK_OK(planrules_comparison_render(comparison, PLANRULES_FORMAT_HTML, PLANRULES_LANGUAGE_ZH, 0, &text, NULL, NULL));
  CHECK(contains(text, "<html"));
  planrules_free(text);
  CHECK_STATUS(planrules_comparison_render(comparison, PLANRULES_FORMAT_CSV, PLANRULES_LANGUAGE_ZH, 0, &text, NULL, NULL),
               PLANRULES_ERROR_INVALID_ARGUMENT);
  {
    size_t findings = planrules_diagnostics_count(planrules_comparison_diagnostics(comparison));
    planrules_comparison_destroy(&comparison);
    child = load_plan(XIGANG_RULES);
    parent = load_plan(NATIONAL_RULES);
    CHECK_OK(planrules_compare(child, parent, &comparison, NULL));
    CHECK(planrules_diagnostics_count(planrules_comparison_diagnostics(comparison)) == findings);
  }
  planrules_comparison_destroy(&comparison);
  CHECK(comparison == NULL);
  planrules_plan_destroy(&child);
  planrules_plan_destroy(&parent);
  CHECK_STATUS(planrules_compare_files("/nonexistent.rules", NATIONAL_RULES, NULL, &comparison, NULL), PLANRULES_ERROR_IO);
}

static char* read_all(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  char* text;
  long n;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  text = (char*)malloc((size_t)n + 1);
  if (text && fread(text, 1, (size_t)n, f) != (size_t)n) n = 0;
  if (text) text[n] = '\0';
  fclose(f);
  *size = (size_t)n;
  return text;
}

static void test_extract(void) {
  size_t size = 0, length = 0;
  char* plan_text = read_all(PLANRULES_SOURCE_DIR "/../shared/seeds/xigang_children_2021_2030.txt", &size);
  char* rules = NULL;
  char* report = NULL;
  planrules_error error = NULL;
  planrules_extract_options options;
  if (!plan_text) {
    fprintf(stderr, "  (extract: the seed plan text is not at ../shared/seeds; skipped)\n");
    return;
  }
  memset(&options, 0, sizeof options);
  options.plan_id = "xigang";
  CHECK_OK(planrules_extract(plan_text, size, &options, &rules, &length, &report, &error));
  show(error);
  CHECK(contains(rules, "plan xigang"));
  CHECK(contains(rules, "area health"));
  CHECK(rules && strlen(rules) == length);
  CHECK(contains(report, "\"statistics\""));
  CHECK(contains(report, "\"uncertainties\""));
  planrules_free(rules);
  planrules_free(report);
  free(plan_text);
  /* Text with no area heading is not a plan. */
  CHECK_STATUS(planrules_extract("hello", 5, NULL, &rules, NULL, NULL, &error), PLANRULES_ERROR_INVALID_INPUT);
  CHECK(rules == NULL);
  planrules_error_destroy(&error);
}

int main(void) {
  static const struct c_test tests[] = {
      {"version", test_version},
      {"plan_from_text", test_plan_from_text},
      {"plan_errors_carry_codes_and_locations", test_plan_errors_carry_codes_and_locations},
      {"unreadable_file", test_unreadable_file},
      {"null_handles_and_misuse", test_null_handles_and_misuse},
      {"xigang_end_to_end", test_xigang_end_to_end},
      {"columns", test_columns},
      {"csv_text_and_bad_rows", test_csv_text_and_bad_rows},
      {"sqlite", test_sqlite},
      {"lint_and_compare", test_lint_and_compare},
      {"extract", test_extract},
  };
  return run_tests(tests, sizeof tests / sizeof tests[0]);
}
