#ifndef PLANRULES_DIAGNOSTIC_CODES_HPP
#define PLANRULES_DIAGNOSTIC_CODES_HPP

// The catalogue of stable diagnostic codes: number, name, default severity, title.
// Numbers never change meaning; docs/error-codes.md lists the same table and a
// test keeps the two in step. The C API and Python expose the same numbers.
//   1xxx text and syntax       2xxx meaning (check)      3xxx files and includes
//   4xxx measurement data      5xxx evaluation           6xxx lint     7xxx compare
//   8xxx extraction            9xxx limits
#define PLANRULES_DIAGNOSTIC_CODES(X)                                                              \
  X(1001, invalid_utf8, error, "invalid UTF-8")                                                    \
  X(1002, unexpected_character, error, "unexpected character")                                     \
  X(1003, unterminated_string, error, "unterminated string")                                       \
  X(1004, invalid_escape, error, "invalid escape sequence in string")                              \
  X(1005, syntax_error, error, "syntax error")                                                     \
  X(1006, trailing_input, error, "unexpected text after the statement")                            \
  X(1007, invalid_number, error, "invalid number")                                                 \
  X(1008, invalid_year, error, "invalid year")                                                     \
  X(1009, invalid_year_range, error, "invalid year range")                                         \
  X(1010, expected_expression, error, "expected a value or indicator")                             \
  X(1011, expected_comparison, error, "expected a comparison operator")                            \
  X(1012, expected_closing, error, "missing closing bracket")                                      \
  X(1013, expected_string, error, "expected a quoted string")                                      \
  X(1014, expected_identifier, error, "expected a name")                                           \
  X(1015, expected_year, error, "expected a year")                                                 \
  X(1016, unknown_statement, error, "not a statement")                                             \
  X(1017, control_character, error, "control character in text")                                   \
  X(1101, misplaced_statement, error, "statement out of place")                                    \
  X(1102, duplicate_attribute, error, "attribute given twice")                                     \
  X(1103, duplicate_plan_header, error, "plan header given twice")                                 \
  X(1104, unknown_area, error, "unknown area")                                                     \
  X(1105, unknown_level, error, "unknown region level")                                            \
  X(1106, unknown_option, error, "unknown rule option")                                            \
  X(1107, duplicate_option, error, "rule option given twice")                                      \
  X(1108, invalid_option_value, error, "invalid value for a rule option")                          \
  X(1109, unknown_function, error, "unknown function")                                             \
  X(1110, wrong_argument_count, error, "wrong number of arguments")                                \
  X(1111, invalid_filter, error, "invalid disaggregation filter")                                  \
  X(1112, invalid_direction, error, "invalid better direction")                                    \
  X(1113, duplicate_goal, error, "goal number given twice in one area")                            \
  X(1114, duplicate_area, error, "area given twice")                                               \
  X(2001, unknown_indicator, error, "unknown indicator")                                           \
  X(2002, unknown_unit, error, "unknown unit")                                                     \
  X(2003, unit_mismatch, error, "unit dimension mismatch")                                         \
  X(2004, year_outside_period, error, "year outside the plan period")                              \
  X(2005, duplicate_rule_id, error, "duplicate rule id")                                           \
  X(2006, duplicate_indicator, error, "indicator declared twice")                                  \
  X(2007, missing_year, error, "no year for the reference")                                        \
  X(2008, conflicting_years, error, "conflicting years")                                           \
  X(2009, percent_for_difference, warning, "percent used for a difference")                        \
  X(2010, invalid_interval, error, "interval bounds out of order")                                 \
  X(2011, invalid_quantifier, error, "invalid quantifier")                                         \
  X(2012, missing_period, error, "plan period missing")                                            \
  X(2014, ambiguous_name, error, "name refers to more than one indicator")                         \
  X(2015, not_an_indicator, error, "argument must be an indicator")                                \
  X(2016, unsupported_rule, error, "rule shape not supported")                                     \
  X(2017, division_by_zero, error, "division by zero")                                             \
  X(3001, cannot_read_file, error, "cannot read file")                                             \
  X(3002, include_cycle, error, "include cycle")                                                   \
  X(3003, include_too_deep, error, "includes nested too deeply")                                   \
  X(4001, csv_syntax, error, "malformed CSV")                                                      \
  X(4002, missing_column, error, "required column missing")                                        \
  X(4003, non_numeric_value, error, "value is not a number")                                       \
  X(4004, non_finite_value, error, "value is NaN or infinite")                                     \
  X(4005, unknown_indicator_in_data, error, "unknown indicator in data")                           \
  X(4006, unknown_unit_in_data, error, "unknown unit in data")                                     \
  X(4007, unit_mismatch_in_data, error, "unit does not fit the indicator")                         \
  X(4008, conflicting_duplicate, error, "same key with a different value")                         \
  X(4009, invalid_year_in_data, error, "invalid year in data")                                     \
  X(4010, wrong_field_count, error, "wrong number of fields")                                      \
  X(4011, unknown_qualifier, error, "unknown value qualifier")                                     \
  X(4012, duplicate_row, warning, "row repeated with the same value")                              \
  X(4013, database_error, error, "database error")                                                 \
  X(4014, unknown_region, error, "unknown region")                                                 \
  X(4015, invalid_hierarchy, error, "invalid region hierarchy")                                    \
  X(4016, invalid_utf8_in_data, error, "invalid UTF-8 in data")                                    \
  X(4017, ambiguous_region, error, "region name shared by several regions")                        \
  X(4018, duplicate_column, error, "two columns hold the same thing")                              \
  X(4019, invalid_slice, error, "invalid disaggregation in data")                                  \
  X(5001, evaluation_error, error, "rule could not be evaluated")                                  \
  X(6001, contradictory_rules, error, "rules contradict each other in the same year")              \
  X(6002, contradiction_across_years, error, "rules contradict each other across years")           \
  X(6003, aspirational_conflict, warning, "aspirational target ruled out by other rules")          \
  X(6004, redundant_rule, warning, "rule implied by other rules")                                  \
  X(6005, loosening_target, warning, "target loosens over time")                                   \
  X(6006, repeated_goal, warning, "goal repeats another goal")                                    \
  X(6007, goal_without_rule, warning, "goal has no rule")                                          \
  X(6008, year_after_goal_deadline, warning, "rule binds after the deadline its goal names")       \
  X(6009, phrase_not_in_source, warning, "phrase not found in the goal sentence")                  \
  X(6010, exclusive_bound_unexplained, note, "exclusive bound without a reading note")             \
  X(6011, unsatisfiable_rule, error, "no value satisfies the rule")                                \
  X(6012, against_better_direction, warning, "rule points against the better direction")           \
  X(7001, indicator_not_covered, error, "parent target not covered by the child")                  \
  X(7002, looser_than_parent, error, "child target looser than the parent")                        \
  X(7003, deadline_later_than_parent, error, "child deadline later than the parent")               \
  X(7004, qualitative_in_child, warning, "child states a measurable target only qualitatively")    \
  X(7005, not_comparable, note, "rules cannot be compared")                                        \
  X(7006, child_only_indicator, note, "indicator without a parent target")                         \
  X(7007, deadline_earlier_than_parent, note, "child deadline earlier than the parent")            \
  X(7008, incompatible_units, error, "indicator has incompatible units in the two plans")          \
  X(9001, file_too_large, error, "file too large")                                                 \
  X(9002, line_too_long, error, "line too long")                                                   \
  X(9003, nesting_too_deep, error, "expression nested too deeply")                                 \
  X(9004, too_many_rules, error, "too many rules")                                                 \
  X(9005, too_many_errors, note, "too many errors; stopped reporting")

#endif
