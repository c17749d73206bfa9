#ifndef PLANRULES_IMPL_LIBRARY_IPP
#define PLANRULES_IMPL_LIBRARY_IPP

// The bodies that need neither ICU nor the X3 grammar definitions.

#include <planrules/impl/ast.ipp>
#include <planrules/impl/catalogue.ipp>
#include <planrules/impl/check.ipp>
#include <planrules/impl/compare.ipp>
#include <planrules/impl/csv.ipp>
#include <planrules/impl/diagnostics.ipp>
#include <planrules/impl/evaluate.ipp>
#include <planrules/impl/extract.ipp>
#include <planrules/impl/format.ipp>
#include <planrules/impl/lint.ipp>
#include <planrules/impl/load.ipp>
#include <planrules/impl/measurements.ipp>
#include <planrules/impl/parse.ipp>
#include <planrules/impl/plan_json.ipp>
#include <planrules/impl/program.ipp>
#include <planrules/impl/progress.ipp>
#include <planrules/impl/report.ipp>
#include <planrules/impl/source.ipp>
#include <planrules/impl/units.ipp>

#endif
