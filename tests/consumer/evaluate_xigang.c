/* Evaluates a plan against data files through the C API and prints one line
 * per outcome: rule_id,region_path,status,year,actual,target (numbers %.17g,
 * empty when there is none) — the same canonical form as evaluate_xigang.cpp.
 *
 *   evaluate_xigang_c RULES DATA...
 */
#include <planrules/planrules.h>

#include <math.h>
#include <stdio.h>

static int fail(const char* what, planrules_error error) {
  char* text = NULL;
  fprintf(stderr, "%s: %s [%s]\n", what, planrules_error_message(error), planrules_error_code_id(error));
  if (planrules_diagnostics_render(planrules_error_diagnostics(error), &text, NULL) == PLANRULES_OK) {
    fputs(text, stderr);
    planrules_free(text);
  }
  planrules_error_destroy(&error);
  return 1;
}

static void number(double value) {
  if (!isnan(value)) printf("%.17g", value);
}

int main(int argc, char** argv) {
  planrules_plan plan = NULL;
  planrules_data data = NULL;
  planrules_evaluation evaluation = NULL;
  planrules_error error = NULL;
  size_t i, n;
  if (argc < 3) {
    fputs("usage: evaluate_xigang_c RULES DATA...\n", stderr);
    return 2;
  }
  if (planrules_version_number() / 100 != PLANRULES_VERSION / 100) {
    fprintf(stderr, "built against planrules %s, running with %s\n", PLANRULES_VERSION_STRING, planrules_version());
    return 1;
  }
  if (planrules_plan_load_file(argv[1], NULL, &plan, &error) != PLANRULES_OK) return fail("plan", error);
  if (planrules_data_load_files(plan, (const char* const*)(argv + 2), (size_t)(argc - 2), NULL, &data, &error) !=
      PLANRULES_OK) {
    planrules_plan_destroy(&plan);
    return fail("data", error);
  }
  if (planrules_evaluate(plan, data, NULL, &evaluation, &error) != PLANRULES_OK) {
    planrules_data_destroy(&data);
    planrules_plan_destroy(&plan);
    return fail("evaluate", error);
  }
  n = planrules_evaluation_outcome_count(evaluation);
  for (i = 0; i < n; ++i) {
    planrules_outcome o;
    if (planrules_evaluation_outcome(evaluation, i, &o) != PLANRULES_OK) return 1;
    printf("%s,%s,%s,", o.rule_id, o.region_path, o.status_name);
    if (o.year) printf("%d", (int)o.year);
    putchar(',');
    number(o.actual);
    putchar(',');
    number(o.target);
    putchar('\n');
  }
  planrules_evaluation_destroy(&evaluation);
  planrules_data_destroy(&data);
  planrules_plan_destroy(&plan);
  return 0;
}
