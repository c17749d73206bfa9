#ifndef PLANRULES_TESTS_PLANS_PLANS_HPP
#define PLANRULES_TESTS_PLANS_PLANS_HPP

#include <string>

// Where the rules files live; an office would point this at its own repository.
inline std::string rules_file(const char* name) { return std::string(PLANRULES_RULES_DIR) + "/" + name; }

inline const std::string national_rules = rules_file("cn/national_children_targets.rules");
inline const std::string xigang_rules = rules_file("cn/xigang_children_2021_2030.rules");
inline const std::string bayannur_rules = rules_file("cn/bayannur_children_2021_2030.rules");

#endif
