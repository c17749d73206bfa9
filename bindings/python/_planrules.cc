// The mechanical layer of the Python module: the C++ API as Python calls, with
// no policy of its own. The friendly API (pandas in and out, exception classes,
// defaults) is the `planrules` package on top (bindings/python/planrules/).
//
// The GIL is released around everything that reads files, parses, checks,
// loads, evaluates or renders. Objects that change (DataBuilder) carry a mutex,
// so two Python threads cannot corrupt one. C++ failures become a Python
// exception built by the factory the package registers (set_error_factory).
#include <planrules/detail/json_writer.hpp>
#include <planrules/planrules.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <type_traits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace py = pybind11;
namespace pr = planrules;

namespace {

// --------------------------------------------------------------- failures

/// An API failure on its way to Python: the status name ("invalid_input"), a
/// message and the diagnostics behind it.
struct failure {
  std::string status;
  std::string message;
  pr::diagnostic_list diagnostics;
};

std::string status_name(pr::errc code) {
  switch (code) {
  case pr::errc::ok: return "ok";
  case pr::errc::invalid_argument: return "invalid_argument";
  case pr::errc::io_error: return "io_error";
  case pr::errc::invalid_input: return "invalid_input";
  case pr::errc::limit_exceeded: return "limit_exceeded";
  case pr::errc::not_found: return "not_found";
  case pr::errc::internal: return "internal";
  }
  return "internal";
}

[[noreturn]] void raise(const pr::error& e) { throw failure{status_name(e.code), e.message, e.diagnostics}; }
[[noreturn]] void raise(std::string status, std::string message, pr::diagnostic_list diagnostics = {}) {
  throw failure{std::move(status), std::move(message), std::move(diagnostics)};
}

// The package's factory: (status, message, [Diagnostic]) -> exception instance.
py::object& error_factory() {
  static auto* factory = new py::object(); // never destroyed: outlives interpreter teardown order
  return *factory;
}

const pr::diagnostic* unreadable(const pr::diagnostic_list& list) {
  for (const auto& d : list)
    if (d.code == pr::diagnostic_code::cannot_read_file && d.location.line == 0) return &d;
  return nullptr;
}

// ------------------------------------------------------------------ plans

/// A checked plan and, when it compiled, its program. Immutable, shared.
struct plan_holder {
  std::shared_ptr<const pr::checked_plan> plan;
  std::optional<pr::program> program;
  std::string compile_error;
  pr::diagnostic_list diagnostics; // warnings and notes (errors, for lint's plans)
};
using plan_ptr = std::shared_ptr<plan_holder>;

plan_ptr hold(pr::checked_plan checked, pr::diagnostic_list diagnostics) {
  auto holder = std::make_shared<plan_holder>();
  holder->diagnostics = std::move(diagnostics);
  auto compiled = pr::compile(checked);
  if (compiled) holder->program = std::move(*compiled);
  else holder->compile_error = compiled.error().message;
  holder->plan = std::make_shared<const pr::checked_plan>(std::move(checked));
  return holder;
}

pr::load_options load_settings(const std::vector<std::string>& catalogues, bool standard_catalogue) {
  pr::load_options options;
  options.catalogues = catalogues;
  options.standard_catalogue = standard_catalogue;
  return options;
}

plan_ptr plan_from(pr::plan_result checked) {
  if (const auto* d = unreadable(checked.diagnostics)) raise("io_error", d->message, {*d});
  if (!checked.ok()) {
    const auto errors = pr::error_count(checked.diagnostics);
    raise("invalid_input",
          checked.plan.header.path + " has " + std::to_string(errors) + (errors == 1 ? " error" : " errors"),
          std::move(checked.diagnostics));
  }
  auto holder = hold(std::move(checked.plan), std::move(checked.diagnostics));
  if (!holder->program) raise("invalid_input", holder->compile_error);
  return holder;
}

plan_ptr load_plan_file(const std::string& path, const std::vector<std::string>& catalogues, bool standard) {
  pr::plan_result checked;
  {
    py::gil_scoped_release release;
    checked = pr::check_file(path, load_settings(catalogues, standard));
  }
  return plan_from(std::move(checked));
}

plan_ptr load_plan_text(const std::string& text, const std::string& name, const std::vector<std::string>& catalogues,
                        bool standard) {
  pr::plan_result checked;
  {
    py::gil_scoped_release release;
    checked = pr::check_text(text, name, load_settings(catalogues, standard));
  }
  return plan_from(std::move(checked));
}

py::object optional_int(const std::optional<int>& v) { return v ? py::object(py::int_(*v)) : py::object(py::none()); }
py::object optional_double(const std::optional<double>& v) {
  return v ? py::object(py::float_(*v)) : py::object(py::none());
}
std::string area_of(const std::optional<pr::ast::area_key>& a) { return a ? std::string(pr::ast::to_string(*a)) : ""; }

py::list rules_of(const plan_holder& h) {
  const auto& plan = *h.plan;
  py::list out;
  for (std::size_t i = 0; i < plan.rules.size(); ++i) {
    const auto& r = plan.rules[i];
    py::dict d;
    d["id"] = r.id;
    d["area"] = area_of(r.area);
    d["goal"] = r.goal;
    d["number"] = r.number;
    d["tier"] = std::string(pr::ast::to_string(r.tier));
    d["kind"] = std::string(pr::to_string(r.kind));
    d["aspirational"] = r.strength == pr::rule_strength::aspirational;
    d["indicator"] = r.indicator < plan.catalogue.size() ? plan.catalogue[r.indicator].id : std::string();
    d["text"] = r.text;
    d["source"] = r.source;
    d["target"] = optional_double(r.target);
    d["target_text"] = r.target_text;
    d["year"] = optional_int(r.year);
    d["deadline"] = h.program && i < h.program->rules().size() && r.kind != pr::rule_kind::qualitative
                        ? py::object(py::int_(h.program->rules()[i].deadline))
                        : optional_int(r.year);
    d["file"] = r.location.file;
    d["line"] = r.location.line;
    d["column"] = r.location.column;
    out.append(d);
  }
  return out;
}

py::list goals_of(const plan_holder& h) {
  const auto& plan = *h.plan;
  py::list out;
  for (const auto& g : plan.goals) {
    py::dict d;
    d["area"] = area_of(g.area);
    d["area_title"] = g.area_title;
    d["tier"] = std::string(pr::ast::to_string(g.tier));
    d["number"] = g.number;
    d["source"] = g.source;
    py::list rules;
    for (const auto r : g.rules)
      if (r < plan.rules.size()) rules.append(plan.rules[r].id);
    d["rules"] = rules;
    d["file"] = g.location.file;
    d["line"] = g.location.line;
    out.append(d);
  }
  return out;
}

py::list indicators_of(const plan_holder& h) {
  py::list out;
  for (const auto& i : h.plan->catalogue.indicators()) {
    py::dict d;
    d["id"] = i.id;
    d["name"] = i.name;
    d["english"] = i.english;
    d["unit"] = i.unit.symbol;
    d["aliases"] = i.aliases;
    d["better"] = std::string(pr::ast::to_string(i.better));
    d["denominator"] = i.denominator;
    out.append(d);
  }
  return out;
}

const pr::program& program_of(const plan_holder& h) {
  if (!h.program) raise("invalid_input", "the plan did not compile: " + h.compile_error);
  return *h.program;
}

// ------------------------------------------------------------------- data

pr::data_load_options data_settings(const std::string& layout, const std::string& delimiter,
                                    const std::string& default_region, const std::string& source,
                                    const std::string& release, bool strict, bool create_regions) {
  pr::data_load_options o;
  if (layout.empty() || layout == "automatic") o.layout = pr::table_layout::automatic;
  else if (layout == "long") o.layout = pr::table_layout::long_format;
  else if (layout == "wide_years") o.layout = pr::table_layout::wide_years;
  else if (layout == "wide_indicators") o.layout = pr::table_layout::wide_indicators;
  else if (layout == "regions") o.layout = pr::table_layout::regions;
  else raise("invalid_argument", "unknown layout '" + layout + "' (automatic, long, wide_years, wide_indicators, regions)");
  if (delimiter.size() > 1) raise("invalid_argument", "the delimiter is one character");
  o.delimiter = delimiter.empty() ? '\0' : delimiter[0];
  o.default_region = default_region;
  o.source = source;
  o.release = release;
  o.bad_rows_fatal = strict;
  o.create_regions = create_regions;
  return o;
}

py::dict report_dict(const pr::load_report& r) {
  py::dict d;
  d["rows"] = r.rows;
  d["values"] = r.values;
  d["missing"] = r.missing;
  d["bad_rows"] = r.bad_rows;
  d["layout"] = r.layout;
  d["ignored_columns"] = r.ignored_columns;
  d["diagnostics"] = r.diagnostics;
  return d;
}

/// One key column of add_columns as Python gave it, with the storage its views point into.
struct key_input {
  std::string constant;
  std::vector<std::string> names;
  std::vector<std::string_view> name_views;
  py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> codes;
  std::vector<std::string> dictionary;
  std::vector<std::string_view> dictionary_views;
  bool has_codes = false;

  pr::key_column column() const {
    pr::key_column k;
    k.constant = constant;
    if (!name_views.empty()) k.names = name_views.data();
    else if (has_codes) {
      k.codes = codes.data();
      k.dictionary = dictionary_views;
    }
    return k;
  }
};

// None; a str for every row; (codes, dictionary[, constant]); or one str (or None) per row.
void read_key(const py::handle& given, std::size_t n, const char* what, key_input& key) {
  if (given.is_none()) return;
  if (py::isinstance<py::str>(given)) {
    key.constant = given.cast<std::string>();
    return;
  }
  if (py::isinstance<py::tuple>(given)) {
    const auto t = given.cast<py::tuple>();
    if (t.size() < 2 || t.size() > 3)
      raise("invalid_argument", std::string(what) + ": give (codes, dictionary) or (codes, dictionary, constant)");
    key.codes = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>::ensure(t[0]);
    if (!key.codes) {
      PyErr_Clear();
      raise("invalid_argument", std::string(what) + ": the codes are not an array of integers");
    }
    if (key.codes.ndim() != 1 || static_cast<std::size_t>(key.codes.size()) != n)
      raise("invalid_argument", std::string(what) + ": " + std::to_string(key.codes.size()) + " codes for " +
                                    std::to_string(n) + " rows");
    for (const auto name : t[1].cast<py::iterable>()) key.dictionary.push_back(name.is_none() ? std::string() : py::str(name).cast<std::string>());
    for (const auto& name : key.dictionary) key.dictionary_views.push_back(name);
    if (t.size() == 3 && !t[2].is_none()) key.constant = t[2].cast<std::string>();
    key.has_codes = true;
    return;
  }
  const auto sequence = py::reinterpret_borrow<py::sequence>(given);
  if (static_cast<std::size_t>(py::len(sequence)) != n)
    raise("invalid_argument", std::string(what) + ": " + std::to_string(py::len(sequence)) + " names for " +
                                  std::to_string(n) + " rows");
  key.names.reserve(n);
  for (const auto& name : sequence) key.names.push_back(name.is_none() ? std::string() : py::str(name).cast<std::string>());
  key.name_views.assign(key.names.begin(), key.names.end());
}

/// A measurement_set_builder behind a mutex; finished once.
class data_builder {
public:
  explicit data_builder(plan_ptr plan)
      : plan_(std::move(plan)), builder_(std::shared_ptr<const pr::catalogue>(plan_->plan, &plan_->plan->catalogue)) {}

  void add_region(const std::string& name, const std::string& parent, const std::string& level) {
    std::optional<pr::ast::region_level> at;
    if (!level.empty()) {
      at = pr::ast::level_from_name(level);
      if (!at) raise("invalid_argument", "unknown region level '" + level + "'");
    }
    std::lock_guard lock(mutex_);
    usable();
    auto added = builder_.add_region(name, parent, at);
    if (!added) raise(added.error());
  }

  void add(const std::string& indicator, const std::optional<std::string>& region, int year,
           std::optional<double> value, const std::string& qualifier, const std::string& slice,
           const std::string& unit) {
    auto q = pr::qualifier_from_name(qualifier);
    if (!q) raise("invalid_argument", "unknown qualifier '" + qualifier + "'");
    if (value && std::isnan(*value)) value.reset();
    std::lock_guard lock(mutex_);
    usable();
    auto added = builder_.add(indicator, region ? *region : builder_.default_region(), year, value, *q, {}, slice, unit);
    if (!added) raise(added.error());
  }

  py::dict add_columns(std::size_t n, const py::object& indicator, const py::object& region, const py::object& slice,
                       const py::object& unit, const py::object& source, const py::object& years_given,
                       const py::object& values_given, const py::object& validity_given,
                       const py::object& qualifiers_given, const std::string& release, const std::string& origin,
                       bool nan_is_missing) {
    using ints = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>;
    using doubles = py::array_t<double, py::array::c_style | py::array::forcecast>;
    using words = py::array_t<std::uint64_t, py::array::c_style | py::array::forcecast>;
    using bytes = py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>;
    auto array = [&]<class array_type>(std::type_identity<array_type>, const py::object& given, const char* what) {
      auto a = array_type::ensure(given);
      if (!a) {
        PyErr_Clear();
        raise("invalid_argument", std::string(what) + " is not a numeric array");
      }
      if (a.ndim() != 1) raise("invalid_argument", std::string(what) + " must be one-dimensional");
      return a;
    };
    const ints years = array(std::type_identity<ints>(), years_given, "years");
    const doubles values = array(std::type_identity<doubles>(), values_given, "values");
    if (static_cast<std::size_t>(years.size()) != n || static_cast<std::size_t>(values.size()) != n)
      raise("invalid_argument", "years and values must have one entry per row (" + std::to_string(n) + ")");
    std::optional<words> validity;
    if (!validity_given.is_none()) {
      validity = array(std::type_identity<words>(), validity_given, "validity");
      if (static_cast<std::size_t>(validity->size()) * 64 < n)
        raise("invalid_argument", "the validity bitmap has " + std::to_string(validity->size()) +
                                      " words; " + std::to_string(n) + " rows need " + std::to_string((n + 63) / 64));
    }
    std::vector<pr::value_qualifier> qualifiers;
    if (!qualifiers_given.is_none()) {
      const bytes q = array(std::type_identity<bytes>(), qualifiers_given, "qualifiers");
      if (static_cast<std::size_t>(q.size()) != n) raise("invalid_argument", "qualifiers must have one entry per row");
      qualifiers.resize(n);
      const auto* data = q.data();
      for (std::size_t i = 0; i < n; ++i) {
        if (data[i] > static_cast<std::uint8_t>(pr::value_qualifier::provisional))
          raise("invalid_argument", "qualifier " + std::to_string(data[i]) + " of row " + std::to_string(i + 1) +
                                        " is not 0 (exact), 1 (lower bound), 2 (upper bound) or 3 (provisional)");
        qualifiers[i] = static_cast<pr::value_qualifier>(data[i]);
      }
    }
    std::array<key_input, 5> keys;
    read_key(indicator, n, "indicator", keys[0]);
    read_key(region, n, "region", keys[1]);
    read_key(slice, n, "slice", keys[2]);
    read_key(unit, n, "unit", keys[3]);
    read_key(source, n, "source", keys[4]);

    pr::column_input input;
    input.size = n;
    input.indicator = keys[0].column();
    input.region = keys[1].column();
    input.slice = keys[2].column();
    input.unit = keys[3].column();
    input.source = keys[4].column();
    input.years = years.data();
    input.values = values.data();
    input.validity = validity ? validity->data() : nullptr;
    input.qualifiers = qualifiers.empty() ? nullptr : qualifiers.data();
    input.release = release;
    input.origin = origin;
    input.nan_is_missing = nan_is_missing;
    pr::expected<pr::load_report, pr::error> loaded;
    {
      py::gil_scoped_release release_gil;
      std::lock_guard lock(mutex_);
      usable();
      loaded = builder_.add_columns(input);
      if (loaded) keep(loaded->diagnostics);
    }
    if (!loaded) raise(loaded.error());
    return report_dict(*loaded);
  }

  py::dict load_csv(const std::string& path, const pr::data_load_options& options) {
    return load([&] { return pr::load_csv(builder_, path, options); }, options);
  }
  py::dict load_csv_text(const std::string& text, const std::string& name, const pr::data_load_options& options) {
    return load([&] { return pr::load_csv_text(builder_, text, name, options); }, options);
  }
  py::dict load_sqlite_table(const std::string& path, const std::string& table, const pr::data_load_options& options) {
    return load([&] { return pr::load_sqlite_table(builder_, path, table, options); }, options);
  }
  py::dict load_sqlite_query(const std::string& path, const std::string& query, const pr::data_load_options& options) {
    return load([&] { return pr::load_sqlite_query(builder_, path, query, options); }, options);
  }

  pr::diagnostic_list diagnostics() {
    std::lock_guard lock(mutex_);
    return diagnostics_;
  }
  std::size_t pending() {
    std::lock_guard lock(mutex_);
    return builder_.pending();
  }
  bool finished() {
    std::lock_guard lock(mutex_);
    return finished_;
  }

  struct built {
    pr::measurement_set set;
    pr::diagnostic_list diagnostics;
  };

  std::shared_ptr<built> finish(std::optional<bool> duplicates_fatal) {
    pr::expected<pr::build_result, pr::error> result;
    pr::diagnostic_list diagnostics;
    {
      py::gil_scoped_release release;
      std::lock_guard lock(mutex_);
      usable();
      pr::finish_options options;
      options.duplicates_fatal = duplicates_fatal.value_or(strict_);
      result = builder_.finish(options);
      finished_ = true;
      diagnostics = diagnostics_;
    }
    if (!result) raise(result.error());
    diagnostics.insert(diagnostics.end(), result->report.diagnostics.begin(), result->report.diagnostics.end());
    return std::make_shared<built>(built{std::move(result->set), std::move(diagnostics)});
  }

  const plan_ptr& plan() const noexcept { return plan_; }

private:
  template <class Load>
  py::dict load(Load&& run, const pr::data_load_options& options) {
    pr::expected<pr::load_report, pr::error> loaded;
    {
      py::gil_scoped_release release;
      std::lock_guard lock(mutex_);
      usable();
      strict_ = strict_ || options.bad_rows_fatal;
      loaded = run();
      if (loaded) keep(loaded->diagnostics);
    }
    if (!loaded) raise(loaded.error());
    return report_dict(*loaded);
  }
  void usable() const {
    if (finished_) raise("wrong_state", "the data builder was finished; create a new one");
  }
  void keep(const pr::diagnostic_list& list) { diagnostics_.insert(diagnostics_.end(), list.begin(), list.end()); }

  plan_ptr plan_;
  std::mutex mutex_;
  pr::measurement_set_builder builder_;
  pr::diagnostic_list diagnostics_;
  bool finished_ = false;
  bool strict_ = false;
};

using data_ptr = std::shared_ptr<data_builder::built>;

py::list regions_of(const pr::measurement_set& set) {
  const auto& regions = set.regions();
  py::list out;
  for (std::size_t i = 0; i < regions.size(); ++i) {
    const auto& r = regions[static_cast<pr::region_id>(i)];
    py::dict d;
    d["name"] = r.name;
    d["path"] = regions.path(static_cast<pr::region_id>(i));
    d["parent"] = r.parent == pr::no_region ? std::string() : regions[r.parent].name;
    d["level"] = r.level ? std::string(pr::ast::to_string(*r.level)) : std::string();
    out.append(d);
  }
  return out;
}

// Every value of the set as columns: indicator id, region path, slice, year, value, qualifier.
py::dict values_of(const pr::measurement_set& set) {
  std::vector<std::string> indicators, regions, slices, qualifiers;
  std::vector<std::int32_t> years;
  std::vector<double> values;
  {
    py::gil_scoped_release release;
    const auto& cat = set.catalogue();
    std::vector<std::string> paths(set.regions().size());
    for (std::size_t r = 0; r < paths.size(); ++r) paths[r] = set.regions().path(static_cast<pr::region_id>(r));
    for (const auto& s : set.series()) {
      const auto v = set.view(s);
      for (const auto point : v) {
        indicators.push_back(s.indicator < cat.size() ? cat[s.indicator].id : std::string());
        regions.push_back(s.region < paths.size() ? paths[s.region] : std::string());
        slices.push_back(s.slice < set.slices().size() ? set.slices()[s.slice].text : std::string());
        years.push_back(point.year);
        values.push_back(point.value);
        qualifiers.emplace_back(pr::to_string(v.qualifier(point.year)));
      }
    }
  }
  py::dict d;
  d["indicator"] = indicators;
  d["region"] = regions;
  d["slice"] = slices;
  d["year"] = py::array_t<std::int32_t>(static_cast<py::ssize_t>(years.size()), years.data());
  d["value"] = py::array_t<double>(static_cast<py::ssize_t>(values.size()), values.data());
  d["qualifier"] = qualifiers;
  return d;
}

// -------------------------------------------------------------- evaluation

struct evaluation_holder {
  pr::evaluation result;
  std::vector<std::string> region_paths;
};
using evaluation_ptr = std::shared_ptr<evaluation_holder>;

evaluation_ptr evaluate(const plan_ptr& plan, const data_ptr& data, std::optional<int> as_of,
                        std::optional<std::string> as_of_release, const std::vector<std::string>& regions,
                        unsigned threads) {
  if (!plan || !data) raise("invalid_argument", "a plan and a measurement set are required");
  const auto& program = program_of(*plan);
  pr::evaluation_options options;
  options.as_of = as_of;
  options.as_of_release = std::move(as_of_release);
  options.regions = regions;
  options.threads = threads;
  pr::expected<pr::evaluation, pr::error> result;
  auto holder = std::make_shared<evaluation_holder>();
  {
    py::gil_scoped_release release;
    result = pr::evaluate(program, data->set, options);
    if (result) {
      holder->result = std::move(*result);
      const auto& hierarchy = holder->result.data().regions();
      for (std::size_t r = 0; r < hierarchy.size(); ++r)
        holder->region_paths.push_back(hierarchy.path(static_cast<pr::region_id>(r)));
    }
  }
  if (!result) raise(result.error());
  return holder;
}

std::size_t checked_index(const evaluation_holder& e, py::ssize_t index) {
  const auto n = static_cast<py::ssize_t>(e.result.outcomes().size());
  if (index < 0) index += n;
  if (index < 0 || index >= n) throw py::index_error("outcome index out of range");
  return static_cast<std::size_t>(index);
}

// The outcomes as columns (numpy arrays), in the order of evaluation::outcomes().
py::dict outcome_columns(const evaluation_holder& e) {
  const auto& outcomes = e.result.outcomes();
  const auto n = static_cast<py::ssize_t>(outcomes.size());
  py::array_t<std::uint32_t> rule(n), region(n), flags(n);
  py::array_t<std::uint8_t> status(n), progress(n);
  py::array_t<std::int32_t> year(n), deadline(n);
  py::array_t<double> actual(n), target(n), projected(n), required(n);
  {
    auto r = rule.mutable_unchecked<1>();
    auto g = region.mutable_unchecked<1>();
    auto f = flags.mutable_unchecked<1>();
    auto s = status.mutable_unchecked<1>();
    auto p = progress.mutable_unchecked<1>();
    auto y = year.mutable_unchecked<1>();
    auto d = deadline.mutable_unchecked<1>();
    auto a = actual.mutable_unchecked<1>();
    auto t = target.mutable_unchecked<1>();
    auto j = projected.mutable_unchecked<1>();
    auto q = required.mutable_unchecked<1>();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto& compiled = e.result.program().rules();
    const auto& rules = e.result.program().plan().rules;
    py::gil_scoped_release release;
    for (py::ssize_t i = 0; i < n; ++i) {
      const auto& o = outcomes[static_cast<std::size_t>(i)];
      r(i) = o.rule;
      g(i) = o.region;
      f(i) = o.flags;
      s(i) = static_cast<std::uint8_t>(o.status);
      const bool shown = o.is(pr::outcome::has_progress) && !compiled[o.rule].quantifier;
      p(i) = shown ? static_cast<std::uint8_t>(o.progress) : 255;
      y(i) = o.year;
      d(i) = compiled[o.rule].deadline && rules[o.rule].kind != pr::rule_kind::qualitative ? compiled[o.rule].deadline : 0;
      a(i) = o.year ? o.actual : nan;
      t(i) = o.is(pr::outcome::has_target) ? o.target : nan;
      j(i) = o.is(pr::outcome::has_projection) ? o.projected : nan;
      q(i) = o.is(pr::outcome::has_required) ? o.required : nan;
    }
  }
  py::dict out;
  out["rule"] = rule;
  out["region"] = region;
  out["status"] = status;
  out["progress"] = progress;
  out["flags"] = flags;
  out["year"] = year;
  out["deadline"] = deadline;
  out["actual"] = actual;
  out["target"] = target;
  out["projected"] = projected;
  out["required_per_year"] = required;
  return out;
}

// The explanation with the keys of the evaluation schema (docs/json.md).
std::string explain(const evaluation_holder& e, py::ssize_t index) {
  const auto i = checked_index(e, index);
  py::gil_scoped_release release;
  return pr::explanation_to_json(e.result, e.result.outcomes()[i], false);
}

pr::report_format format_from(const std::string& name) {
  pr::report_format f{};
  if (!pr::report_format_from_name(name, f)) raise("invalid_argument", "unknown format '" + name + "' (text, json, csv, html)");
  return f;
}

pr::label_language language_from(const std::string& name) {
  if (name == "zh") return pr::label_language::zh;
  if (name == "en") return pr::label_language::en;
  raise("invalid_argument", "unknown language '" + name + "' (zh, en)");
}

std::string render(const evaluation_holder& e, const std::string& format, const std::string& language,
                   bool explanations, bool color, const std::string& title, bool pretty) {
  const auto f = format_from(format);
  pr::report_options options;
  options.language = language_from(language);
  options.explanations = explanations;
  options.color = color;
  options.title = title;
  options.pretty = pretty;
  std::string out;
  {
    py::gil_scoped_release release;
    out = pr::render_report(e.result, f, options);
  }
  if (out.empty()) throw std::bad_alloc();
  return out;
}

py::object changes(const evaluation_holder& before, const evaluation_holder& after, const std::optional<std::string>& format,
                   const std::string& language) {
  if (before.result.program().plan().header.id != after.result.program().plan().header.id)
    raise("invalid_argument", "the two evaluations are of different plans");
  std::vector<pr::outcome_change> list;
  {
    py::gil_scoped_release release;
    list = pr::changes_between(before.result, after.result);
  }
  if (format) {
    const auto f = format_from(*format);
    pr::report_options options;
    options.language = language_from(language);
    std::string text;
    {
      py::gil_scoped_release release;
      text = pr::render_changes(list, f, options);
    }
    return py::str(text);
  }
  py::list out;
  for (const auto& c : list) {
    py::dict d;
    d["rule_id"] = c.rule_id;
    d["region"] = c.region;
    d["indicator"] = c.indicator;
    d["unit"] = c.unit;
    d["before"] = c.before ? py::object(py::str(std::string(pr::to_string(*c.before)))) : py::object(py::none());
    d["after"] = c.after ? py::object(py::str(std::string(pr::to_string(*c.after)))) : py::object(py::none());
    d["actual_before"] = optional_double(c.actual_before);
    d["actual_after"] = optional_double(c.actual_after);
    out.append(d);
  }
  return out;
}

// ------------------------------------------------------------ plan testing

struct lint_holder {
  pr::lint_result result;
  plan_ptr plan;
};

std::shared_ptr<lint_holder> lint(std::optional<std::string> path, std::optional<std::string> text,
                                        const std::string& name, const std::vector<std::string>& catalogues,
                                        bool standard, bool notes, bool cross_checks, bool text_checks) {
  auto holder = std::make_shared<lint_holder>();
  pr::lint_options options;
  options.notes = notes;
  options.cross_checks = cross_checks;
  options.text_checks = text_checks;
  {
    py::gil_scoped_release release;
    holder->result = path ? pr::lint_file(*path, load_settings(catalogues, standard), options)
                          : pr::lint_text(*text, name, load_settings(catalogues, standard), options);
  }
  if (const auto* d = unreadable(holder->result.diagnostics)) raise("io_error", d->message, {*d});
  holder->plan = hold(holder->result.plan, {});
  return holder;
}

py::dict compare_row_dict(const pr::compare_row& row) {
  py::dict d;
  d["indicator"] = row.indicator;
  d["indicator_name"] = row.indicator_name;
  d["slice"] = row.slice;
  d["parent_id"] = row.parent_id;
  d["parent_text"] = row.parent_text;
  d["parent_year"] = optional_int(row.parent_year);
  d["parent_aspirational"] = row.parent_aspirational;
  d["child_ids"] = row.child_ids;
  d["child_text"] = row.child_text;
  d["child_year"] = optional_int(row.child_year);
  d["verdict"] = std::string(pr::to_string(row.verdict));
  d["verdict_label"] = std::string(pr::verdict_label(row.verdict, pr::label_language::zh));
  d["note"] = row.note;
  d["note_zh"] = row.note_zh;
  d["has_parent"] = row.parent_rule.has_value();
  return d;
}

std::shared_ptr<pr::compare_result> compare_plans(const plan_ptr& child, const plan_ptr& parent) {
  if (!child || !parent) raise("invalid_argument", "two plans are required");
  py::gil_scoped_release release;
  return std::make_shared<pr::compare_result>(pr::compare(*child->plan, *parent->plan));
}

std::shared_ptr<pr::compare_result> compare_files(const std::string& child, const std::string& parent,
                                                        const std::vector<std::string>& catalogues, bool standard) {
  pr::expected<pr::compare_result, pr::error> result;
  {
    py::gil_scoped_release release;
    result = pr::compare_files(child, parent, load_settings(catalogues, standard));
  }
  if (!result) {
    if (const auto* d = unreadable(result.error().diagnostics)) raise("io_error", d->message, {*d});
    raise(result.error());
  }
  return std::make_shared<pr::compare_result>(std::move(*result));
}

py::dict extract(const std::string& text, bool measures, const std::string& plan_id, const std::string& catalogue,
                 const std::string& catalogue_include) {
  pr::extract_options options;
  options.measures = measures;
  options.plan_id = plan_id;
  options.catalogue_include = catalogue_include;
  pr::expected<pr::catalogue, pr::error> indicators;
  pr::expected<pr::extraction, pr::error> result;
  std::string rules;
  {
    py::gil_scoped_release release;
    indicators = pr::load_catalogue(catalogue.empty() ? std::vector<std::string>{} : std::vector{catalogue});
    if (indicators) {
      result = pr::extract(text, *indicators, options);
      if (result) rules = pr::format(result->file);
    }
  }
  if (!indicators) raise(indicators.error());
  if (!result) raise(result.error());
  py::list uncertainties;
  for (const auto& u : result->uncertainties) {
    py::dict d;
    d["line"] = u.line;
    d["phrase"] = u.phrase;
    d["why"] = u.why;
    uncertainties.append(d);
  }
  const auto& s = result->statistics;
  py::dict statistics;
  statistics["areas"] = s.areas;
  statistics["goals"] = s.goals;
  statistics["measures"] = s.measures;
  statistics["sentences"] = s.sentences;
  statistics["rules"] = s.rules;
  statistics["measurable"] = s.measurable;
  statistics["qualitative"] = s.qualitative;
  statistics["aspirational"] = s.aspirational;
  statistics["proposed_indicators"] = s.proposed_indicators;
  statistics["duplicates_skipped"] = s.duplicates_skipped;
  py::dict out;
  out["rules"] = rules;
  out["uncertainties"] = uncertainties;
  out["statistics"] = statistics;
  return out;
}

} // namespace

PYBIND11_MODULE(_planrules, m) {
  m.doc() = "planrules: the C++ API, mechanically (use the `planrules` package)";
  m.attr("__version__") = PLANRULES_VERSION_STRING;
  m.attr("version_info") = py::make_tuple(PLANRULES_VERSION_MAJOR, PLANRULES_VERSION_MINOR, PLANRULES_VERSION_PATCH);

  m.def("set_error_factory", [](py::object factory) { error_factory() = std::move(factory); },
        "Registers factory(status, message, diagnostics) -> exception, used for every failure.");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const failure& f) {
      py::list diagnostics;
      for (const auto& d : f.diagnostics) diagnostics.append(py::cast(d));
      if (error_factory() && !error_factory().is_none()) {
        try {
          py::object e = error_factory()(f.status, f.message, diagnostics);
          PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(e.ptr())), e.ptr());
        } catch (py::error_already_set& raised) {
          raised.restore(); // the factory itself failed: that exception, not a crash
        }
      } else {
        PyErr_SetString(PyExc_RuntimeError, (f.status + ": " + f.message).c_str());
      }
    }
  });

  py::class_<pr::diagnostic>(m, "Diagnostic", "One located message about the user's text or data.")
      .def_property_readonly("code", [](const pr::diagnostic& d) { return pr::code_id(d.code); })
      .def_property_readonly("number", [](const pr::diagnostic& d) { return static_cast<int>(d.code); })
      .def_property_readonly("name", [](const pr::diagnostic& d) { return std::string(pr::code_name(d.code)); })
      .def_property_readonly("severity", [](const pr::diagnostic& d) { return std::string(pr::severity_name(d.level)); })
      .def_property_readonly("message", [](const pr::diagnostic& d) { return d.message; })
      .def_property_readonly("file", [](const pr::diagnostic& d) { return d.location.file; })
      .def_property_readonly("line", [](const pr::diagnostic& d) { return d.location.line; })
      .def_property_readonly("column", [](const pr::diagnostic& d) { return d.location.column; })
      .def_property_readonly("end_column", [](const pr::diagnostic& d) { return d.location.end_column; })
      .def_property_readonly("line_text", [](const pr::diagnostic& d) { return d.location.line_text; })
      .def_property_readonly("notes", [](const pr::diagnostic& d) { return d.notes; })
      .def("render", [](const pr::diagnostic& d) { return pr::render(d); })
      .def("__str__", [](const pr::diagnostic& d) {
        return d.location.file + ":" + std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + ": " +
               std::string(pr::severity_name(d.level)) + "[" + pr::code_id(d.code) + "]: " + d.message;
      })
      .def("__repr__", [](const pr::diagnostic& d) {
        return "<Diagnostic " + pr::code_id(d.code) + " " + d.location.file + ":" + std::to_string(d.location.line) + ":" +
               std::to_string(d.location.column) + ">";
      });

  m.def("render_diagnostics", [](const pr::diagnostic_list& list) { return pr::render(list); });
  m.def("diagnostics_to_json", [](const pr::diagnostic_list& list, bool pretty) { return pr::diagnostics_to_json(list, pretty); },
        py::arg("diagnostics"), py::arg("pretty") = true);
  m.def("diagnostic_codes", [] {
    py::list out;
    for (const auto c : pr::all_diagnostic_codes())
      out.append(py::make_tuple(static_cast<int>(c), pr::code_id(c), std::string(pr::code_name(c)),
                                std::string(pr::severity_name(pr::default_severity(c))), std::string(pr::code_title(c))));
    return out;
  });
  m.def("qualifier_code", [](const std::string& name) -> py::object {
    const auto q = pr::qualifier_from_name(name);
    return q ? py::object(py::int_(static_cast<int>(*q))) : py::object(py::none());
  });

  py::class_<plan_holder, std::shared_ptr<plan_holder>>(m, "Plan", "A checked (and compiled) plan; immutable.")
      .def_static("load_file", &load_plan_file, py::arg("path"), py::arg("catalogues") = std::vector<std::string>{},
                  py::arg("standard_catalogue") = true)
      .def_static("load_text", &load_plan_text, py::arg("text"), py::arg("name") = "<text>",
                  py::arg("catalogues") = std::vector<std::string>{}, py::arg("standard_catalogue") = true)
      .def_property_readonly("id", [](const plan_holder& h) { return h.plan->header.id; })
      .def_property_readonly("name", [](const plan_holder& h) { return h.plan->header.name; })
      .def_property_readonly("english", [](const plan_holder& h) { return h.plan->header.english; })
      .def_property_readonly("region", [](const plan_holder& h) { return h.plan->header.region; })
      .def_property_readonly("parent", [](const plan_holder& h) { return h.plan->header.parent; })
      .def_property_readonly("path", [](const plan_holder& h) { return h.plan->header.path; })
      .def_property_readonly("period", [](const plan_holder& h) -> py::object {
        if (!h.plan->header.period) return py::none();
        return py::make_tuple(h.plan->header.period->first, h.plan->header.period->last);
      })
      .def_property_readonly("baseline", [](const plan_holder& h) { return optional_int(h.plan->header.baseline); })
      .def_property_readonly("compiled", [](const plan_holder& h) { return h.program.has_value(); })
      .def_property_readonly("diagnostics", [](const plan_holder& h) { return h.diagnostics; })
      .def("rules", &rules_of)
      .def("goals", &goals_of)
      .def("indicators", &indicators_of)
      .def("to_json", [](const plan_holder& h, bool pretty) { return pr::plan_to_json(*h.plan, pretty); },
           py::arg("pretty") = true);

  py::class_<data_builder::built, std::shared_ptr<data_builder::built>>(m, "Data", "An immutable measurement set.")
      .def_property_readonly("value_count", [](const data_builder::built& d) { return d.set.value_count(); })
      .def_property_readonly("series_count", [](const data_builder::built& d) { return d.set.series_count(); })
      .def_property_readonly("slot_count", [](const data_builder::built& d) { return d.set.slot_count(); })
      .def_property_readonly("memory_bytes", [](const data_builder::built& d) { return d.set.memory_bytes(); })
      .def_property_readonly("diagnostics", [](const data_builder::built& d) { return d.diagnostics; })
      .def("regions", [](const data_builder::built& d) { return regions_of(d.set); })
      .def("values", [](const data_builder::built& d) { return values_of(d.set); });

  py::class_<data_builder>(m, "DataBuilder", "Collects measurements for one plan; finished once.")
      .def(py::init<plan_ptr>(), py::arg("plan"))
      .def("add_region", &data_builder::add_region, py::arg("name"), py::arg("parent") = "", py::arg("level") = "")
      .def("add", &data_builder::add, py::arg("indicator"), py::arg("region"), py::arg("year"), py::arg("value"),
           py::arg("qualifier") = "", py::arg("slice") = "", py::arg("unit") = "")
      .def("add_columns", &data_builder::add_columns, py::arg("size"), py::arg("indicator"), py::arg("region") = py::none(),
           py::arg("slice") = py::none(), py::arg("unit") = py::none(), py::arg("source") = py::none(),
           py::arg("years"), py::arg("values"), py::arg("validity") = py::none(), py::arg("qualifiers") = py::none(),
           py::arg("release") = "", py::arg("origin") = "<columns>", py::arg("nan_is_missing") = false)
      .def("load_csv",
           [](data_builder& b, const std::string& path, const std::string& layout, const std::string& delimiter,
              const std::string& default_region, const std::string& source, const std::string& release, bool strict,
              bool create_regions) {
             return b.load_csv(path, data_settings(layout, delimiter, default_region, source, release, strict, create_regions));
           },
           py::arg("path"), py::arg("layout") = "", py::arg("delimiter") = "", py::arg("default_region") = "",
           py::arg("source") = "", py::arg("release") = "", py::arg("strict") = false, py::arg("create_regions") = true)
      .def("load_csv_text",
           [](data_builder& b, const std::string& text, const std::string& name, const std::string& layout,
              const std::string& delimiter, const std::string& default_region, const std::string& source,
              const std::string& release, bool strict, bool create_regions) {
             return b.load_csv_text(text, name,
                                    data_settings(layout, delimiter, default_region, source, release, strict, create_regions));
           },
           py::arg("text"), py::arg("name") = "<text>", py::arg("layout") = "", py::arg("delimiter") = "",
           py::arg("default_region") = "", py::arg("source") = "", py::arg("release") = "", py::arg("strict") = false,
           py::arg("create_regions") = true)
      .def("load_sqlite_table",
           [](data_builder& b, const std::string& path, const std::string& table, const std::string& layout,
              const std::string& default_region, const std::string& source, const std::string& release, bool strict,
              bool create_regions) {
             return b.load_sqlite_table(path, table, data_settings(layout, "", default_region, source, release, strict, create_regions));
           },
           py::arg("path"), py::arg("table") = "measurements", py::arg("layout") = "", py::arg("default_region") = "",
           py::arg("source") = "", py::arg("release") = "", py::arg("strict") = false, py::arg("create_regions") = true)
      .def("load_sqlite_query",
           [](data_builder& b, const std::string& path, const std::string& query, const std::string& layout,
              const std::string& default_region, const std::string& source, const std::string& release, bool strict,
              bool create_regions) {
             return b.load_sqlite_query(path, query, data_settings(layout, "", default_region, source, release, strict, create_regions));
           },
           py::arg("path"), py::arg("query"), py::arg("layout") = "", py::arg("default_region") = "",
           py::arg("source") = "", py::arg("release") = "", py::arg("strict") = false, py::arg("create_regions") = true)
      .def_property_readonly("diagnostics", &data_builder::diagnostics)
      .def_property_readonly("pending", &data_builder::pending)
      .def_property_readonly("finished", &data_builder::finished)
      .def("finish", &data_builder::finish, py::arg("duplicates_fatal") = py::none());

  m.def("evaluate", &evaluate, py::arg("plan"), py::arg("data"), py::arg("as_of") = py::none(),
        py::arg("as_of_release") = py::none(), py::arg("regions") = std::vector<std::string>{}, py::arg("threads") = 1u);

  py::class_<evaluation_holder, std::shared_ptr<evaluation_holder>>(m, "Evaluation", "The outcomes of one evaluation.")
      .def_property_readonly("as_of", [](const evaluation_holder& e) { return e.result.as_of(); })
      .def("__len__", [](const evaluation_holder& e) { return e.result.outcomes().size(); })
      .def("columns", &outcome_columns)
      .def("rule_ids", [](const evaluation_holder& e) {
        std::vector<std::string> ids;
        for (const auto& r : e.result.program().plan().rules) ids.push_back(r.id);
        return ids;
      })
      .def("region_names", [](const evaluation_holder& e) {
        std::vector<std::string> names;
        for (const auto& r : e.result.data().regions().all()) names.push_back(r.name);
        return names;
      })
      .def("region_paths", [](const evaluation_holder& e) { return e.region_paths; })
      .def("indicator_ids", [](const evaluation_holder& e) {
        // by rule: the id of the indicator each rule is about ("" when none)
        const auto& plan = e.result.program().plan();
        std::vector<std::string> ids;
        for (const auto& r : plan.rules)
          ids.push_back(r.indicator < plan.catalogue.size() ? plan.catalogue[r.indicator].id : std::string());
        return ids;
      })
      .def("rule_areas", [](const evaluation_holder& e) {
        std::vector<std::string> areas;
        for (const auto& r : e.result.program().plan().rules) areas.push_back(area_of(r.area));
        return areas;
      })
      .def("find", [](const evaluation_holder& e, const std::string& rule, const std::string& region) -> py::ssize_t {
        const auto* o = e.result.find(rule, region);
        return o ? static_cast<py::ssize_t>(o - e.result.outcomes().data()) : -1;
      })
      .def("explain", &explain, py::arg("index"))
      .def("counts",
           [](const evaluation_holder& e, const std::optional<std::string>& area, const std::optional<std::string>& region) {
             std::optional<pr::ast::area_key> a;
             if (area) {
               a = pr::ast::area_from_name(*area);
               if (!a) raise("not_found", "unknown area '" + *area + "'");
             }
             std::optional<pr::region_id> r;
             if (region) {
               const auto id = e.result.data().regions().find(*region);
               if (id == pr::no_region) raise("not_found", "unknown region '" + *region + "'");
               r = id;
             }
             const auto c = e.result.counts(a, r);
             py::dict binding, aspirational;
             for (int i = 0; i < 7; ++i) {
               const auto name = std::string(pr::to_string(static_cast<pr::status>(i)));
               binding[py::str(name)] = c.binding[i];
               aspirational[py::str(name)] = c.aspirational[i];
             }
             py::dict out;
             out["binding"] = binding;
             out["aspirational"] = aspirational;
             out["share_met"] = optional_double(c.share_met());
             return out;
           },
           py::arg("area") = py::none(), py::arg("region") = py::none())
      .def("render", &render, py::arg("format") = "text", py::arg("language") = "zh", py::arg("explanations") = true,
           py::arg("color") = false, py::arg("title") = "", py::arg("pretty") = true)
      .def("changes_since", [](const evaluation_holder& after, const evaluation_holder& before,
                               const std::optional<std::string>& format,
                               const std::string& language) { return changes(before, after, format, language); },
           py::arg("before"), py::arg("format") = py::none(), py::arg("language") = "zh");

  m.attr("STATUS_NAMES") = [] {
    py::list out;
    for (int i = 0; i < 7; ++i) out.append(std::string(pr::to_string(static_cast<pr::status>(i))));
    return out;
  }();
  m.attr("PROGRESS_NAMES") = [] {
    py::list out;
    for (int i = 0; i < 7; ++i) out.append(std::string(pr::progress::to_string(static_cast<pr::progress::progress_class>(i))));
    return out;
  }();

  py::class_<lint_holder, std::shared_ptr<lint_holder>>(m, "LintResult", "A plan's check and lint findings.")
      .def_property_readonly("ok", [](const lint_holder& l) { return l.result.ok(); })
      .def_property_readonly("diagnostics", [](const lint_holder& l) { return l.result.diagnostics; })
      .def_property_readonly("plan", [](const lint_holder& l) { return l.plan; })
      .def("to_json", [](const lint_holder& l, bool pretty) { return pr::lint_results_to_json({&l.result}, pretty); },
           py::arg("pretty") = true);
  m.def("lint", &lint, py::arg("path") = py::none(), py::arg("text") = py::none(), py::arg("name") = "<text>",
        py::arg("catalogues") = std::vector<std::string>{}, py::arg("standard_catalogue") = true, py::arg("notes") = true,
        py::arg("cross_checks") = true, py::arg("text_checks") = true);

  py::class_<pr::compare_result, std::shared_ptr<pr::compare_result>>(m, "Comparison", "A child plan against its parent.")
      .def_property_readonly("ok", [](const pr::compare_result& c) { return c.ok(); })
      .def_property_readonly("diagnostics", [](const pr::compare_result& c) { return c.diagnostics; })
      .def("rows", [](const pr::compare_result& c) {
        py::list out;
        for (const auto& row : c.rows) out.append(compare_row_dict(row));
        return out;
      })
      .def("coverage", [](const pr::compare_result& c) {
        py::dict d;
        d["parent_indicators"] = c.coverage.parent_indicators;
        d["covered"] = c.coverage.covered;
        d["missing"] = c.coverage.missing;
        return d;
      })
      .def("to_text", [](const pr::compare_result& c, const std::string& language, std::size_t width) {
        const auto l = language_from(language);
        py::gil_scoped_release release;
        return pr::compare_to_text(c, l, width);
      }, py::arg("language") = "zh", py::arg("width") = 160)
      .def("to_json", [](const pr::compare_result& c, bool pretty) { return pr::compare_to_json(c, pretty); },
           py::arg("pretty") = true)
      .def("to_html", [](const pr::compare_result& c, const std::string& language) {
        const auto l = language_from(language);
        py::gil_scoped_release release;
        return pr::compare_to_html(c, l);
      }, py::arg("language") = "zh");
  m.def("compare", &compare_plans, py::arg("child"), py::arg("parent"));
  m.def("compare_files", &compare_files, py::arg("child"), py::arg("parent"),
        py::arg("catalogues") = std::vector<std::string>{}, py::arg("standard_catalogue") = true);

  m.def("extract", &extract, py::arg("text"), py::arg("measures") = false, py::arg("plan_id") = "",
        py::arg("catalogue") = "", py::arg("catalogue_include") = "");
}
