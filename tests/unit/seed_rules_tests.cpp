// The seed plans as rules files: every main goal is there with its number and its
// source sentence, and the rules say what the plan text says.
#include "support.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <array>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace planrules;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_TEST_REQUIRE(static_cast<bool>(in), "cannot read " << path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The numbers of the main goals in each of the seven 主要目标 blocks of a plan's
// text, read straight from the text: lines starting with "N." or "N、".
std::vector<std::set<int>> goal_numbers_in_text(const std::string& text) {
  std::vector<std::set<int>> areas;
  std::size_t at = 0;
  while ((at = text.find("主要目标", at)) != std::string::npos) {
    // The block heading is followed by a colon (full-width or not); running text is not.
    const auto after = at + std::string("主要目标").size();
    if (text.compare(after, 3, "：") != 0 && text.compare(after, 1, ":") != 0) {
      at = after;
      continue;
    }
    const auto end = text.find("策略措施", at);
    std::istringstream block(text.substr(at, end == std::string::npos ? std::string::npos : end - at));
    std::set<int> numbers;
    std::string line;
    while (std::getline(block, line)) {
      std::size_t i = 0;
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (line.compare(i, 3, "\xE3\x80\x80") == 0) i += 3; // an ideographic space
      int n = 0;
      std::size_t digits = 0;
      while (i < line.size() && line[i] >= '0' && line[i] <= '9' && digits < 3) n = n * 10 + (line[i++] - '0'), ++digits;
      if (digits > 0 && i < line.size() && (line[i] == '.' || line.compare(i, 3, "、") == 0)) numbers.insert(n);
    }
    areas.push_back(std::move(numbers));
    at = end == std::string::npos ? text.size() : end;
  }
  return areas;
}

plan_result checked(const char* rules) {
  auto r = check_file(planrules::testing::source_path(rules));
  BOOST_TEST_REQUIRE(r.ok(), render(r.diagnostics));
  return r;
}

// The main goals of a rules file per area, in area order.
std::vector<std::set<int>> goal_numbers_in_rules(const checked_plan& plan) {
  std::vector<std::set<int>> areas(7);
  for (const auto& g : plan.goals)
    if (g.tier == ast::goal_tier::main && g.area) areas[static_cast<std::size_t>(*g.area)].insert(g.number);
  return areas;
}

struct seed {
  const char* text;
  const char* rules;
};
const seed seeds[] = {{"seeds/xigang_children_2021_2030.txt", "rules/cn/xigang_children_2021_2030.rules"},
                      {"seeds/bayannur_children_2021_2030.txt", "rules/cn/bayannur_children_2021_2030.rules"}};

/// What a rule of the plan must say, read off the plan's text by hand.
struct expected_rule {
  const char* rules;
  ast::area_key area;
  int goal;
  const char* indicator;
  rule_kind kind;
  const char* op; ///< "<=", ">=", "decreasing" …
  std::optional<double> target;
  const char* unit;
  int year;
  bool every_township = false;
};

std::ostream& operator<<(std::ostream& out, const expected_rule& e) {
  return out << e.rules << " " << ast::to_string(e.area) << "." << e.goal << " " << e.indicator;
}

constexpr auto xigang = "rules/cn/xigang_children_2021_2030.rules";
constexpr auto bayannur = "rules/cn/bayannur_children_2021_2030.rules";
using ak = ast::area_key;
using rk = rule_kind;

// 27 commitments checked against the sentences of the two plans.
const expected_rule spot_checks[] = {
    // 新生儿、婴儿和5岁以下儿童死亡率到2025年分别控制在2.8‰、3‰和4‰以下，到2030年分别控制在2.3‰、2.8‰和3.8‰以下。
    {xigang, ak::health, 3, "neonatal_mortality", rk::bound, "<=", 2.8, "‰", 2025},
    {xigang, ak::health, 3, "infant_mortality", rk::bound, "<=", 3, "‰", 2025},
    {xigang, ak::health, 3, "under5_mortality", rk::bound, "<=", 4, "‰", 2025},
    {xigang, ak::health, 3, "neonatal_mortality", rk::bound, "<=", 2.3, "‰", 2030},
    {xigang, ak::health, 3, "infant_mortality", rk::bound, "<=", 2.8, "‰", 2030},
    {xigang, ak::health, 3, "under5_mortality", rk::bound, "<=", 3.8, "‰", 2030},
    // 3岁以下儿童系统管理率和7岁以下儿童健康管理率均达到92%以上。
    {xigang, ak::health, 5, "under3_systematic_management", rk::bound, ">=", 92, "%", 2030},
    {xigang, ak::health, 5, "under7_health_management", rk::bound, ">=", 92, "%", 2030},
    // 12岁儿童龋患率控制在25%以内。(以内 is inclusive)
    {xigang, ak::health, 7, "caries_rate_12y", rk::bound, "<=", 25, "%", 2030},
    // 适龄儿童免疫规划疫苗接种率保持在90%以上。
    {xigang, ak::health, 8, "vaccination_rate", rk::every_year_bound, ">=", 90, "%", 2030},
    // 5岁以下儿童生长迟缓率到2025年控制在5%以下，到2030年控制在4%以下。
    {xigang, ak::health, 11, "under5_stunting_rate", rk::bound, "<=", 5, "%", 2025},
    {xigang, ak::health, 11, "under5_stunting_rate", rk::bound, "<=", 4, "%", 2030},
    // 小学生近视率降至38%以下
    {xigang, ak::health, 13, "primary_myopia_rate", rk::bound, "<=", 38, "%", 2030},
    // 儿童伤害死亡率以2020年数据为基数下降20%。
    {xigang, ak::safety, 1, "injury_mortality", rk::baseline_relative, "<=", std::nullopt, "", 2030},
    // 儿童溺水死亡率持续下降。
    {xigang, ak::safety, 2, "drowning_mortality", rk::trend, "decreasing", std::nullopt, "", 2030},
    // 学前教育毛入园率达到96%。
    {xigang, ak::education, 2, "preschool_enrolment", rk::bound, ">=", 96, "%", 2030},
    // 九年义务教育巩固率保持在97%以上。
    {xigang, ak::education, 3, "compulsory_retention", rk::every_year_bound, ">=", 97, "%", 2030},
    // 每千人口3岁以下婴幼儿托位数达到4.5个以上。
    {xigang, ak::welfare, 4, "childcare_places_per_1000", rk::bound, ">=", 4.5, "个/千人口", 2030},
    // 孤儿和事实无人抚养儿童基本生活养育标准到2025年年均提高6%以上
    {xigang, ak::welfare, 5, "orphan_allowance", rk::growth, ">=", 0.06, "%", 2025},
    // 每个街道至少配备1名专职儿童社会工作者。
    {xigang, ak::welfare, 10, "social_workers", rk::bound, ">=", 1, "名", 2030, true},
    // 城市集中式饮用水水源水质达到或优于Ⅲ类比例达到100%。
    {xigang, ak::environment, 7, "drinking_water_source_quality", rk::bound, ">=", 100, "%", 2030},
    // 3岁以下儿童系统管理率和7岁以下儿童健康管理率均达到93%以上。
    {bayannur, ak::health, 1, "under3_systematic_management", rk::bound, ">=", 93, "%", 2030},
    // 新生儿、婴儿和5岁以下儿童死亡率分别降至3.0‰、5.0‰和6.0‰以下
    {bayannur, ak::health, 3, "infant_mortality", rk::bound, "<=", 5, "‰", 2030},
    // 适龄儿童免疫规划疫苗接种率以苏木乡镇（街道）为单位保持在90%以上。
    {bayannur, ak::health, 6, "vaccination_rate", rk::every_year_bound, ">=", 90, "%", 2030, true},
    // 中小学生国家学生体质健康标准达标合格率稳定在85%以上
    {bayannur, ak::health, 11, "fitness_pass_rate", rk::every_year_bound, ">=", 85, "%", 2030},
    // 学前教育毛入园率达到并保持在99%以上。
    {bayannur, ak::education, 2, "preschool_enrolment", rk::every_year_bound, ">=", 99, "%", 2030},
    // 农村牧区自来水普及率达到95%
    {bayannur, ak::environment, 8, "rural_tap_water_coverage", rk::bound, ">=", 95, "%", 2030},
};

} // namespace

BOOST_AUTO_TEST_SUITE(seed_rules)

BOOST_AUTO_TEST_CASE(every_main_goal_of_the_text_is_in_the_rules_with_its_number) {
  for (const auto& s : seeds) {
    BOOST_TEST_CONTEXT(s.rules) {
      const auto in_text = goal_numbers_in_text(read_text(planrules::testing::shared_path(s.text)));
      BOOST_TEST_REQUIRE(in_text.size() == 7u); // seven areas, each with its 主要目标
      const auto r = checked(s.rules);
      const auto in_rules = goal_numbers_in_rules(r.plan);
      for (std::size_t area = 0; area < 7; ++area) {
        BOOST_TEST_CONTEXT(ast::to_string(static_cast<ast::area_key>(area))) {
          BOOST_TEST(!in_text[area].empty());
          BOOST_TEST(in_rules[area] == in_text[area], boost::test_tools::per_element());
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_goal_quotes_its_source_sentence_verbatim) {
  for (const auto& s : seeds) {
    const auto text = read_text(planrules::testing::shared_path(s.text));
    const auto r = checked(s.rules);
    for (const auto& g : r.plan.goals) {
      BOOST_TEST_CONTEXT(s.rules << " " << ast::to_string(*g.area) << " " << ast::to_string(g.tier) << " " << g.number) {
        BOOST_TEST(!g.source.empty());
        // Measures may join non-adjacent sentences with "……"; each piece is in the text.
        std::size_t from = 0;
        while (from < g.source.size()) {
          auto to = g.source.find("……", from);
          const auto piece = g.source.substr(from, to == std::string::npos ? std::string::npos : to - from);
          BOOST_TEST(text.find(piece) != std::string::npos, piece);
          if (to == std::string::npos) break;
          from = to + std::string("……").size();
        }
        // A goal is measurable or says why not.
        BOOST_TEST(!g.rules.empty());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(counts_per_area) {
  // Goals, measurable rules and qualitative lines per area, as the files stand.
  for (const auto& s : seeds) {
    const auto r = checked(s.rules);
    std::map<int, std::array<std::size_t, 3>> counts;
    for (const auto& g : r.plan.goals)
      if (g.tier == ast::goal_tier::main) ++counts[static_cast<int>(*g.area)][0];
    for (const auto& rule : r.plan.rules)
      if (rule.tier == ast::goal_tier::main) ++counts[static_cast<int>(*rule.area)][rule.kind == rule_kind::qualitative ? 2 : 1];
    BOOST_TEST_MESSAGE(s.rules);
    for (const auto& [area, c] : counts) {
      BOOST_TEST_MESSAGE("  " << ast::to_string(static_cast<ast::area_key>(area)) << ": " << c[0] << " goals, " << c[1]
                              << " measurable rules, " << c[2] << " qualitative");
      BOOST_TEST(c[0] > 0u);
      BOOST_TEST(c[1] + c[2] >= c[0]); // every goal has at least one line
    }
  }
}

BOOST_DATA_TEST_CASE(spot_checks_against_the_plan_text, boost::unit_test::data::make(spot_checks), e) {
  static std::map<std::string, plan_result> plans;
  if (!plans.count(e.rules)) plans.emplace(e.rules, checked(e.rules));
  const auto& plan = plans.at(e.rules).plan;
  std::vector<const checked_rule*> found;
  for (const auto& rule : plan.rules)
    if (rule.area == e.area && rule.goal == e.goal && rule.tier == ast::goal_tier::main &&
        rule.indicator != catalogue::npos && plan.catalogue[rule.indicator].id == e.indicator && rule.year == e.year &&
        rule.kind == e.kind)
      found.push_back(&rule);
  BOOST_TEST_REQUIRE(found.size() == 1u);
  const auto& rule = *found.front();
  const std::string op = rule.direction ? std::string(ast::to_string(*rule.direction)) : std::string(ast::to_string(rule.op));
  BOOST_TEST(op == e.op);
  if (e.target) {
    BOOST_TEST_REQUIRE(rule.target.has_value());
    BOOST_TEST(*rule.target == *e.target, boost::test_tools::tolerance(1e-12));
  }
  if (e.kind == rule_kind::bound || e.kind == rule_kind::every_year_bound) BOOST_TEST(rule.unit_text == e.unit);
  if (e.kind == rule_kind::baseline_relative) {
    BOOST_TEST(rule.baseline_year.value() == 2020);
    BOOST_TEST(rule.baseline_factor.value() == 0.8);
  }
  const bool every_township = std::any_of(rule.region_scopes.begin(), rule.region_scopes.end(), [](const ast::scope& s) {
    return s.what == ast::scope::kind::every_region && s.level == ast::region_level::township;
  });
  BOOST_TEST(every_township == e.every_township);
}

BOOST_AUTO_TEST_SUITE_END()
