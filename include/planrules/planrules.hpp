#ifndef PLANRULES_PLANRULES_HPP
#define PLANRULES_PLANRULES_HPP

// The whole public C++ API. Data flows: text → parse → ast → check → compiled
// program → evaluate against measurements → results → reports.

#include <planrules/ast.hpp>
#include <planrules/catalogue.hpp>
#include <planrules/check.hpp>
#include <planrules/checked_plan.hpp>
#include <planrules/compare.hpp>
#include <planrules/config.hpp>
#include <planrules/diagnostics.hpp>
#include <planrules/error.hpp>
#include <planrules/evaluate.hpp>
#include <planrules/expected.hpp>
#include <planrules/extract.hpp>
#include <planrules/format.hpp>
#include <planrules/io/csv.hpp>
#include <planrules/io/options.hpp>
#include <planrules/io/sqlite.hpp>
#include <planrules/lint.hpp>
#include <planrules/measurements.hpp>
#include <planrules/parse.hpp>
#include <planrules/program.hpp>
#include <planrules/progress.hpp>
#include <planrules/source.hpp>
#include <planrules/report/json.hpp>
#include <planrules/report/report.hpp>
#include <planrules/units.hpp>
#include <planrules/version.hpp>

#if defined(PLANRULES_HEADER_ONLY)
#  include <planrules/src.hpp>
#endif

#endif
