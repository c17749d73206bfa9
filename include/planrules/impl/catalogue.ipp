#ifndef PLANRULES_IMPL_CATALOGUE_IPP
#define PLANRULES_IMPL_CATALOGUE_IPP

#include <planrules/catalogue.hpp>
#include <planrules/detail/unicode.hpp>

namespace planrules {

PLANRULES_DECL std::string catalogue::name_key(std::string_view name) {
  const auto normalized = detail::unicode::nfkc(name);
  std::string key;
  key.reserve(normalized.size());
  const std::string_view s = normalized;
  char32_t c = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto length = detail::unicode::decode(s, i, c);
    if (length == 0) {
      key += s[i++];
      continue;
    }
    i += length;
    if (c == ' ' || c == '\t' || c == 0x3000) continue;
    // Dashes, hyphens and tildes join age ranges (0—6岁, 0~6岁, 0-6岁): one spelling.
    if (c == '-' || c == '~' || c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013 || c == 0x2014 ||
        c == 0x2015 || c == 0x2212 || c == 0x301C || c == 0xFF5E) {
      key += '-';
      continue;
    }
    detail::unicode::encode(c, key);
  }
  return key;
}

inline bool catalogue::claim(const std::string& name, index owner, std::string* previous_owner) {
  if (name.empty()) return true;
  const auto [it, inserted] = names_.emplace(name_key(name), owner);
  if (inserted || it->second == owner) return true;
  if (previous_owner) *previous_owner = indicators_[it->second].id;
  return false;
}

PLANRULES_DECL bool catalogue::add(indicator_info info) {
  if (find(info.id) != npos || find(info.name) != npos) return false;
  for (const auto& alias : info.aliases)
    if (const auto owner = find(alias); owner != npos) return false;
  const auto owner = indicators_.size();
  indicators_.push_back(std::move(info));
  const auto& added = indicators_.back();
  claim(added.id, owner, nullptr);
  claim(added.name, owner, nullptr);
  for (const auto& alias : added.aliases) claim(alias, owner, nullptr);
  return true;
}

PLANRULES_DECL void catalogue::add(const ast::indicator& declared, const source_file& source,
                                   diagnostic_list& diagnostics) {
  if (const auto existing = find(declared.id); existing != npos) {
    diagnostics.push_back(source.make_diagnostic(
        diagnostic_code::duplicate_indicator, declared.where,
        indicators_[existing].id == declared.id
            ? "indicator '" + declared.id + "' is declared twice"
            : "indicator id '" + declared.id + "' is already a name of '" + indicators_[existing].id + "'"));
    return;
  }
  indicator_info info;
  info.id = declared.id;
  info.name = declared.name;
  info.aliases = declared.aliases;
  info.english = declared.english;
  info.better = declared.better;
  info.definition = declared.definition;
  info.denominator = declared.denominator;
  if (auto resolved = parse_unit(declared.unit)) {
    info.unit = std::move(*resolved);
  } else {
    diagnostics.push_back(source.make_diagnostic(diagnostic_code::unknown_unit, declared.where,
                                                 "indicator '" + declared.id + "': " + resolved.error()));
  }
  const auto owner = indicators_.size();
  indicators_.push_back(std::move(info));
  const auto& added = indicators_.back();
  std::string previous;
  claim(added.id, owner, nullptr);
  auto claim_or_report = [&](const std::string& name) {
    if (!claim(name, owner, &previous))
      diagnostics.push_back(source.make_diagnostic(
          diagnostic_code::ambiguous_name, declared.where,
          "name '" + name + "' of indicator '" + added.id + "' already names indicator '" + previous + "'"));
  };
  claim_or_report(added.name);
  for (const auto& alias : added.aliases) claim_or_report(alias);
}

PLANRULES_DECL void catalogue::check_denominators(diagnostic_list& diagnostics, const source_file& source) const {
  for (const auto& info : indicators_)
    if (!info.denominator.empty() && find(info.denominator) == npos)
      diagnostics.push_back(source.make_diagnostic(
          diagnostic_code::unknown_indicator, {},
          "indicator '" + info.id + "' is weighted by '" + info.denominator + "', which is not in the catalogue"));
}

PLANRULES_DECL catalogue::index catalogue::find(std::string_view name) const {
  if (name.empty()) return npos;
  const auto it = names_.find(name_key(name));
  return it == names_.end() ? npos : it->second;
}

PLANRULES_DECL const source_file& standard_catalogue_source() {
  static const source_file file("<standard catalogue>", std::string(
#include <planrules/detail/standard_catalogue.inc>
                                                              ));
  return file;
}

} // namespace planrules

#endif
