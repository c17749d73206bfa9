/* The C API entry points, from C. The input is rules text, then a NUL byte,
 * then CSV text: the rules are loaded and linted, the CSV loaded into a builder
 * for the plan, and, when both load, the plan is evaluated and every outcome
 * read, explained and rendered; the CSV text is also read as a plan's Chinese
 * text by extract. Every call must return a status, never crash or leak. */
#include <planrules/planrules.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void broken(const char* what) {
  fprintf(stderr, "invariant broken: %s\n", what);
  abort();
}

/* Reads every diagnostic of a list through every accessor. */
static void read_diagnostics(planrules_diagnostics list) {
  size_t i, n, note;
  char* text = NULL;
  size_t length = 0;
  n = planrules_diagnostics_count(list);
  if (planrules_diagnostics_error_count(list) > n) broken("more errors than diagnostics");
  for (i = 0; i <= n; ++i) {
    planrules_diagnostic d = NULL;
    const planrules_status status = planrules_diagnostics_at(list, i, &d);
    if (i == n) {
      if (status == PLANRULES_OK) broken("a diagnostic past the end");
      continue;
    }
    if (status != PLANRULES_OK || d == NULL) broken("a diagnostic inside the list is missing");
    if (!planrules_diagnostic_code_id(d) || !planrules_diagnostic_name(d) || !planrules_diagnostic_message(d) ||
        !planrules_diagnostic_file(d) || !planrules_diagnostic_line_text(d))
      broken("a diagnostic string is NULL");
    (void)planrules_diagnostic_code(d);
    (void)planrules_diagnostic_severity(d);
    (void)planrules_diagnostic_line(d);
    (void)planrules_diagnostic_column(d);
    (void)planrules_diagnostic_end_column(d);
    for (note = 0; note < planrules_diagnostic_note_count(d); ++note)
      if (!planrules_diagnostic_note(d, note)) broken("a note inside the list is NULL");
    if (planrules_diagnostic_note(d, planrules_diagnostic_note_count(d)) != NULL) broken("a note past the end");
  }
  if (planrules_diagnostics_render(list, &text, &length) == PLANRULES_OK) {
    if (strlen(text) != length) broken("render: length and text disagree");
    planrules_free(text);
  }
  text = NULL;
  if (planrules_diagnostics_to_json(list, &text, &length) == PLANRULES_OK) planrules_free(text);
}

static void read_error(planrules_error* error) {
  if (!*error) return;
  (void)planrules_error_status(*error);
  (void)planrules_error_code(*error);
  if (!planrules_error_code_id(*error) || !planrules_error_message(*error)) broken("an error string is NULL");
  read_diagnostics(planrules_error_diagnostics(*error));
  planrules_error_destroy(error);
  if (*error) broken("destroy left the handle set");
}

static void read_plan(planrules_plan plan) {
  size_t i, n = planrules_plan_rule_count(plan);
  planrules_rule_info rule;
  char* json = NULL;
  size_t length = 0;
  planrules_error error = NULL;
  (void)planrules_plan_id(plan);
  (void)planrules_plan_name(plan);
  (void)planrules_plan_region(plan);
  (void)planrules_plan_path(plan);
  read_diagnostics(planrules_plan_diagnostics(plan));
  for (i = 0; i < n; ++i)
    if (planrules_plan_rule(plan, i, &rule) != PLANRULES_OK) broken("a rule inside the plan is missing");
  if (planrules_plan_rule(plan, n, &rule) == PLANRULES_OK) broken("a rule past the end");
  if (planrules_plan_to_json(plan, &json, &length, &error) == PLANRULES_OK) planrules_free(json);
  read_error(&error);
}

static void read_evaluation(planrules_evaluation evaluation) {
  size_t i, n = planrules_evaluation_outcome_count(evaluation), index = 0;
  planrules_outcome o;
  planrules_status_counts counts;
  planrules_error error = NULL;
  char* text = NULL;
  size_t length = 0;
  char small[64];
  int format;
  for (i = 0; i < n; ++i) {
    if (planrules_evaluation_outcome(evaluation, i, &o) != PLANRULES_OK) broken("an outcome inside the list is missing");
    if (planrules_evaluation_find(evaluation, o.rule_id, o.region_path, &index) != PLANRULES_OK)
      broken("an outcome cannot be found by its rule and region");
    if (planrules_evaluation_explain(evaluation, i, &text, &length, &error) == PLANRULES_OK) planrules_free(text);
    text = NULL;
    read_error(&error);
  }
  if (planrules_evaluation_outcome(evaluation, n, &o) == PLANRULES_OK) broken("an outcome past the end");
  (void)planrules_evaluation_counts(evaluation, NULL, NULL, &counts);
  (void)planrules_evaluation_counts(evaluation, "health", NULL, &counts);
  for (format = PLANRULES_FORMAT_TEXT; format <= PLANRULES_FORMAT_HTML; ++format) {
    planrules_report_options options;
    memset(&options, 0, sizeof options);
    options.format = (planrules_format)format;
    options.language = format % 2 ? PLANRULES_LANGUAGE_EN : PLANRULES_LANGUAGE_ZH;
    if (planrules_evaluation_render(evaluation, &options, &text, &length, &error) == PLANRULES_OK) planrules_free(text);
    text = NULL;
    read_error(&error);
  }
  {
    const planrules_status status =
        planrules_evaluation_render_to_buffer(evaluation, NULL, small, sizeof small, &length, &error);
    if (status == PLANRULES_OK && strlen(small) != length) broken("render_to_buffer: length and text disagree");
    if (status == PLANRULES_ERROR_BUFFER_TOO_SMALL && length < sizeof small) broken("render_to_buffer: fits but refused");
    read_error(&error);
  }
  if (planrules_evaluation_changes(evaluation, evaluation, NULL, &text, &length, &error) == PLANRULES_OK)
    planrules_free(text);
  read_error(&error);
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* rules = (const char*)data;
  const uint8_t* nul = memchr(data, 0, size);
  const size_t rules_length = nul ? (size_t)(nul - data) : size;
  const char* csv = nul ? (const char*)nul + 1 : "";
  const size_t csv_length = nul ? size - rules_length - 1 : 0;
  planrules_plan plan = NULL;
  planrules_data_builder builder = NULL;
  planrules_data set = NULL;
  planrules_evaluation evaluation = NULL;
  planrules_lint_result lint = NULL;
  planrules_comparison comparison = NULL;
  planrules_error error = NULL;
  char* text = NULL;
  char* report = NULL;
  size_t length = 0;

  if (planrules_plan_load_text(rules, rules_length, "fuzz.rules", NULL, &plan, &error) == PLANRULES_OK) {
    if (!plan || error) broken("a plan that loaded has no handle, or an error");
    read_plan(plan);
  } else if (plan || !error) {
    broken("a plan that failed has a handle, or no error");
  }
  read_error(&error);

  /* Lint and extract read the standard catalogue again on every call: a quarter of the inputs. */
  if (size % 4 == 0 &&
      planrules_lint_text(rules, rules_length, "fuzz.rules", NULL, NULL, &lint, &error) == PLANRULES_OK) {
    read_diagnostics(planrules_lint_result_diagnostics(lint));
    (void)planrules_lint_result_ok(lint);
    if (planrules_lint_result_to_json(lint, &text, &length, NULL) == PLANRULES_OK) planrules_free(text);
    text = NULL;
  }
  planrules_lint_result_destroy(&lint);
  read_error(&error);

  if (plan) {
    if (planrules_compare(plan, plan, &comparison, &error) == PLANRULES_OK) {
      read_diagnostics(planrules_comparison_diagnostics(comparison));
      (void)planrules_comparison_row_count(comparison);
      if (planrules_comparison_render(comparison, PLANRULES_FORMAT_TEXT, PLANRULES_LANGUAGE_ZH, 40, &text, &length,
                                      NULL) == PLANRULES_OK)
        planrules_free(text);
      text = NULL;
    }
    planrules_comparison_destroy(&comparison);
    read_error(&error);

    if (planrules_data_builder_create(plan, &builder, &error) != PLANRULES_OK) broken("no builder for a plan");
    (void)planrules_data_builder_load_csv_text(builder, csv, csv_length, "fuzz.csv", NULL, &error);
    read_error(&error);
    read_diagnostics(planrules_data_builder_diagnostics(builder));
    if (planrules_data_builder_finish(builder, &set, &error) == PLANRULES_OK) {
      read_diagnostics(planrules_data_diagnostics(set));
      (void)planrules_data_value_count(set);
      (void)planrules_data_series_count(set);
      (void)planrules_data_region_count(set);
      if (planrules_evaluate(plan, set, NULL, &evaluation, &error) == PLANRULES_OK) read_evaluation(evaluation);
      planrules_evaluation_destroy(&evaluation);
      /* Finished: the builder refuses more work. */
      if (planrules_data_builder_add(builder, "x", NULL, 2020, 1.0, NULL) != PLANRULES_ERROR_WRONG_STATE)
        broken("a finished builder took more work");
    }
    read_error(&error);
    planrules_data_builder_destroy(&builder);
    planrules_data_destroy(&set);
    planrules_plan_destroy(&plan);
  }

  if (size % 4 == 1 && planrules_extract(csv, csv_length, NULL, &text, &length, &report, &error) == PLANRULES_OK) {
    if (strlen(text) != length) broken("extract: length and text disagree");
    planrules_free(text);
    planrules_free(report);
  }
  read_error(&error);
  return 0;
}
