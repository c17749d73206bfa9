// The second translation unit of the header-only consumer: it includes the
// whole library again, and the program must still link.
#include <planrules/planrules.hpp>

#include <string>

std::string second_unit_summary(const planrules::evaluation& result) {
  const auto counts = result.counts();
  return std::to_string(result.outcomes().size()) + " outcomes, " + std::to_string(counts.count(planrules::status::met)) +
         " binding met";
}
