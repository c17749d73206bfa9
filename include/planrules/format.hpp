#ifndef PLANRULES_FORMAT_HPP
#define PLANRULES_FORMAT_HPP

#include <planrules/ast.hpp>

#include <string>

namespace planrules {

/// The canonical text of a whole file (docs/language.md, "Canonical form").
/// Parsing it gives an equal tree; formatting that tree gives the same text.
PLANRULES_DECL std::string format(const ast::file& file);

/// One rule on one line, without indentation or comments.
PLANRULES_DECL std::string format(const ast::rule& rule);

/// An expression as it appears inside a rule.
PLANRULES_DECL std::string format(const ast::expression& expression);

/// A quantity: 2.8‰, 4.5 per 1000.
PLANRULES_DECL std::string format(const ast::quantity& quantity);

/// A double-quoted string with \" \\ \n \t escapes.
PLANRULES_DECL std::string quote(std::string_view text);

} // namespace planrules

#endif
