/* The plain test runner the C API tests share: each test is a function; CHECK
 * records a failure and goes on; run_tests prints one line per test. */
#ifndef PLANRULES_TESTS_C_TEST_H
#define PLANRULES_TESTS_C_TEST_H

#include <planrules/planrules.h>

#include <stdio.h>

#ifndef PLANRULES_SOURCE_DIR
#  error "define PLANRULES_SOURCE_DIR"
#endif

#define XIGANG_RULES PLANRULES_SOURCE_DIR "/rules/cn/xigang_children_2021_2030.rules"
#define NATIONAL_RULES PLANRULES_SOURCE_DIR "/rules/cn/national_children_targets.rules"

static int checks = 0;
static int failures = 0;
static const char* current = "";

#define CHECK(condition)                                                                         \
  do {                                                                                           \
    ++checks;                                                                                    \
    if (!(condition)) {                                                                          \
      ++failures;                                                                                \
      fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, __LINE__, current, #condition); \
    }                                                                                            \
  } while (0)

#define CHECK_STATUS(call, expected)                                                                   \
  do {                                                                                                 \
    planrules_status status_ = (call);                                                                 \
    ++checks;                                                                                          \
    if (status_ != (expected)) {                                                                       \
      ++failures;                                                                                      \
      fprintf(stderr, "%s:%d: %s: %s returned %s, expected %s\n", __FILE__, __LINE__, current, #call, \
              planrules_status_name(status_), planrules_status_name(expected));                        \
    }                                                                                                  \
  } while (0)

#define CHECK_OK(call) CHECK_STATUS(call, PLANRULES_OK)

struct c_test {
  const char* name;
  void (*run)(void);
};

/* Runs every test; the exit status of main. */
static int run_tests(const struct c_test* tests, size_t count) {
  size_t i;
  int failed_tests = 0;
  for (i = 0; i < count; ++i) {
    const int before = failures;
    current = tests[i].name;
    tests[i].run();
    printf("%-45s %s\n", tests[i].name, failures == before ? "ok" : "FAILED");
    if (failures != before) ++failed_tests;
  }
  printf("%d of %zu tests failed, %d of %d checks\n", failed_tests, count, failures, checks);
  return failures == 0 ? 0 : 1;
}

#endif
