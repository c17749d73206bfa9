#ifndef PLANRULES_CATALOGUE_HPP
#define PLANRULES_CATALOGUE_HPP

#include <planrules/ast.hpp>
#include <planrules/diagnostics.hpp>
#include <planrules/source.hpp>
#include <planrules/units.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace planrules {

/// One indicator with its unit resolved.
struct indicator_info {
  std::string id;
  std::string name; ///< Chinese name
  std::vector<std::string> aliases;
  std::string english;
  planrules::unit unit;
  ast::better_direction better = ast::better_direction::unspecified;
  std::string definition;
  std::string denominator; ///< indicator id weighting roll-ups, may be empty
};

/// The indicators a plan or a data set can name, looked up by id, Chinese name
/// or alias. Names are matched after NFKC, without spaces, with every dash and
/// tilde treated alike (0—6岁, 0~6岁 and 0-6岁 are one name).
class catalogue {
public:
  using index = std::size_t;
  static constexpr index npos = static_cast<index>(-1);

  /// Adds a declared indicator; duplicate ids, names claimed by two indicators
  /// and unknown units become diagnostics located in `source`.
  PLANRULES_DECL void add(const ast::indicator& declared, const source_file& source, diagnostic_list& diagnostics);

  /// Adds an indicator built in code (C API, Python, tests). Returns false and
  /// leaves the catalogue unchanged when the id or a name is already taken.
  PLANRULES_DECL bool add(indicator_info info);

  /// Checks every `denominator` names a known indicator.
  PLANRULES_DECL void check_denominators(diagnostic_list& diagnostics, const source_file& source) const;

  /// The indicator a name (id, Chinese name or alias) refers to, or npos.
  PLANRULES_DECL index find(std::string_view name) const;

  std::size_t size() const noexcept { return indicators_.size(); }
  bool empty() const noexcept { return indicators_.empty(); }
  const indicator_info& operator[](index i) const noexcept { return indicators_[i]; }
  const std::vector<indicator_info>& indicators() const noexcept { return indicators_; }

  /// The key names are compared by.
  PLANRULES_DECL static std::string name_key(std::string_view name);

private:
  bool claim(const std::string& name, index owner, std::string* previous_owner);

  std::vector<indicator_info> indicators_;
  std::unordered_map<std::string, index> names_;
};

/// The standard catalogue compiled into the library (rules/catalogue.rules).
/// Diagnostics, if any, are appended to `diagnostics`.
PLANRULES_DECL const source_file& standard_catalogue_source();

} // namespace planrules

#endif
