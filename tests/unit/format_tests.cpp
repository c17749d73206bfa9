// The canonical form: parse(format(tree)) == tree, and formatting is idempotent.
#include "support.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>

using namespace planrules;

namespace {

// Parses, formats, parses again: the trees match and a second format changes nothing.
void round_trip(const std::string& text, const std::string& name) {
  BOOST_TEST_CONTEXT(name) {
    const auto first = planrules::testing::parse_text(text);
    BOOST_TEST_REQUIRE(first.ok(), render(first.diagnostics));
    const auto formatted = format(first.file);
    const auto second = planrules::testing::parse_text(formatted);
    BOOST_TEST_REQUIRE(second.ok(), render(second.diagnostics) << formatted);
    BOOST_TEST((first.file == second.file), formatted);
    BOOST_TEST(format(second.file) == formatted);
  }
}

const char* const rule_corpus[] = {
    "infant_mortality_2030 < 2.8‰",
    "infant_mortality@2030 <= 0.28%",
    "x[year=2030, sex=female] >= 1",
    "sdg_2030@2025 > 3%",
    "`0~6岁儿童眼保健和视力检查覆盖率`@2025 >= 90%",
    "婴儿死亡率_2025 ≤ 3‰",
    "injury_mortality_2030 <= 0.8 * injury_mortality_2020",
    "x_2030 - (y_2030 - z_2030) >= 1pp",
    "x_2030 / (2 * 3) = 4",
    "a_2030 - b_2030 + c_2030 != -(1 + 2)",
    "--x_2030 < 3",
    "change(myopia_rate) in [-1pp, -0.5pp] for every year {aspirational}",
    "change(x) in (-1pp, 0pp)",
    "annual_growth(orphan_allowance, 2020..2025) >= 6%",
    "decreasing(drowning_mortality)",
    "non_decreasing(coverage, 2025..2030)",
    "vaccination_rate >= 90% for every year 2021..2025, every township",
    "social_workers >= 1名 for at least 80% of township",
    "x >= 1 for at least 3 of village",
    "childcare_places_per_1000_2025 >= 4.5个/千人口",
    "doctors_2030 >= 1.12名 per 1000 children",
    "places_2030 >= 4.5 per 1000",
    "qualitative \"上升趋势得到有效控制\" on overweight_rate",
    "qualitative \"a \\\"quoted\\\" reason\\nwith a line break\"",
    "rule 7: x_2025 <= 2.8‰ {tolerance: 0.05‰, missing: carry_forward, note: \"低于\", phrase: \"以下\"}",
    "x_2025 >= 90% {tolerance: 5% relative}",
    "rule: unit < 3",
    "rule: goal_count >= 3",
    "x[area=rural, region=\"西岗区\", age=\"0-5\"] <= 10%",
};

} // namespace

BOOST_AUTO_TEST_SUITE(format_round_trip)

BOOST_AUTO_TEST_CASE(every_construct_round_trips) {
  for (const auto* rule : rule_corpus) round_trip(rule, rule);
}

BOOST_AUTO_TEST_CASE(canonical_spelling) {
  const auto r = planrules::testing::parse_text("ｘ＠２０３０  ≤２.８‰ ｛aspirational｝");
  BOOST_TEST_REQUIRE(r.ok(), render(r.diagnostics));
  BOOST_TEST(format(r.file.rules.front()) == "x_2030 <= 2.8‰ {aspirational}");
  const auto keyword = planrules::testing::parse_text("rule: unit < 3");
  BOOST_TEST(format(keyword.file.rules.front()) == "rule: unit < 3");
}

BOOST_AUTO_TEST_CASE(whole_file_with_comments_round_trips) {
  const std::string text = R"(# A plan.

plan p "规划"
  en "Plan"
  region "某区"
  level county
  period 2021..2030
  baseline 2020
  parent "parent plan"
  note "征求意见稿"

include "catalogue.rules"

# An indicator.
indicator x "某指标"
  alias "别名", "另一个"
  en "Some indicator"
  unit %
  better higher
  definition "定义"
  denominator population
  note "注"

free_rule_2030 > 1

area health "儿童与健康"
  en "Health"

goal 1 "来源。"
  en "Source."
  note "a reading"
  # before the rule
  x_2025 >= 90%  # after the rule
  qualitative "其余不可测"

measure 2 "措施。"
  x >= 95%

# trailing
)";
  round_trip(text, "file");
  const auto parsed = planrules::testing::parse_text(text);
  BOOST_TEST(format(parsed.file) == text); // this text is already canonical, comments included
}

BOOST_AUTO_TEST_CASE(every_rules_file_in_the_repository_is_canonical) {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(planrules::testing::source_path("rules"))) {
    if (entry.path().extension() != ".rules") continue;
    ++files;
    const auto text = read_file(entry.path().string(), std::size_t(1) << 26);
    BOOST_TEST_REQUIRE(text.has_value());
    round_trip(*text, entry.path().string());
    const auto parsed = planrules::testing::parse_text(*text);
    BOOST_TEST(format(parsed.file) == *text, entry.path().string() << " is not in canonical form; run planrules fmt -i");
  }
  BOOST_TEST(files >= 4u);
}

BOOST_AUTO_TEST_SUITE_END()
