#ifndef PLANRULES_MEASUREMENTS_HPP
#define PLANRULES_MEASUREMENTS_HPP

// Measurement sets: values keyed by indicator × region × year [× slice], stored
// column-wise. A set is built once by a measurement_set_builder (from code, from
// buffers, or by the loaders in io/) and is immutable afterwards, so one set can be
// read from many threads at once. Layout and memory formula: docs/data.md.

#include <planrules/ast.hpp>
#include <planrules/catalogue.hpp>
#include <planrules/config.hpp>
#include <planrules/diagnostics.hpp>
#include <planrules/error.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace planrules {

/// How a value relates to the true figure.
enum class value_qualifier : std::uint8_t {
  exact,       ///< the published figure
  lower_bound, ///< the figure is at least this ("90%以上", "548.5万余条")
  upper_bound, ///< the figure is at most this
  provisional, ///< preliminary, or from a copy of doubtful quality
};

/// "exact", "lower_bound", "upper_bound", "provisional".
PLANRULES_DECL std::string_view to_string(value_qualifier q) noexcept;

/// Reads a qualifier as written in data: the canonical names, English and Chinese
/// synonyms ("at least", "以上", "preliminary", "初步", "low-quality copy"). Only the
/// text before the first ';' counts ("lower_bound; as of 2025-10"). Empty is exact.
PLANRULES_DECL std::optional<value_qualifier> qualifier_from_name(std::string_view text) noexcept;

/// Index of an indicator in the set's catalogue.
using indicator_index = std::size_t;
/// Index of a region in a finished set (regions are numbered depth-first).
using region_id = std::uint32_t;
inline constexpr region_id no_region = std::numeric_limits<region_id>::max();
/// Index of a disaggregation; 0 is the total.
using slice_id = std::uint32_t;
inline constexpr slice_id total_slice = 0;
inline constexpr slice_id no_slice = std::numeric_limits<slice_id>::max();

/// One region of the hierarchy.
struct region {
  std::string name;
  region_id parent = no_region;
  std::optional<ast::region_level> level; ///< empty when the data never said
};

/// Regions as a forest (全国 → 省 → 市 → 区/旗县 → 街道/苏木乡镇 → 社区/嘎查村). Ids are in
/// depth-first order, so a region and all its descendants are the ids
/// [id, subtree_end(id)).
class region_hierarchy {
public:
  std::size_t size() const noexcept { return regions_.size(); }
  bool empty() const noexcept { return regions_.empty(); }
  const region& operator[](region_id id) const noexcept { return regions_[id]; }
  std::span<const region> all() const noexcept { return regions_; }

  /// The region a name or a '/'-separated path ("大连市/西岗区") names; no_region
  /// when unknown or when the name is shared by several regions.
  PLANRULES_DECL region_id find(std::string_view name_or_path) const;
  /// Every region with this exact name.
  PLANRULES_DECL std::vector<region_id> find_all(std::string_view name) const;
  /// The child of `parent` with this name (a root when parent is no_region).
  PLANRULES_DECL region_id find_child(region_id parent, std::string_view name) const;

  /// Regions without a parent, in the order they were first named.
  std::span<const region_id> roots() const noexcept { return roots_; }
  /// Direct children, in the order they were first named.
  std::span<const region_id> children(region_id id) const noexcept {
    return std::span<const region_id>(child_ids_).subspan(child_begin_[id], child_begin_[id + 1] - child_begin_[id]);
  }
  /// One past the last descendant of `id`.
  region_id subtree_end(region_id id) const noexcept { return subtree_end_[id]; }
  /// True when `r` is `ancestor` or below it.
  bool contains(region_id ancestor, region_id r) const noexcept {
    return r >= ancestor && r < subtree_end_[ancestor];
  }
  /// Descendants of `id` (not `id` itself), only those at `level` when given.
  PLANRULES_DECL std::vector<region_id> descendants(region_id id,
                                                    std::optional<ast::region_level> level = std::nullopt) const;
  /// "辽宁省/大连市/西岗区".
  PLANRULES_DECL std::string path(region_id id) const;
  /// Bytes held, for measurement_set::memory_bytes.
  PLANRULES_DECL std::size_t memory_bytes() const noexcept;

private:
  friend class measurement_set_builder;
  static constexpr region_id ambiguous_ = no_region - 1;

  struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };

  std::vector<region> regions_;
  std::vector<region_id> subtree_end_;
  std::vector<std::uint32_t> child_begin_{0};
  std::vector<region_id> child_ids_;
  std::vector<region_id> roots_;
  std::unordered_map<std::string, region_id, string_hash, std::equal_to<>> by_name_;
};

/// A disaggregation such as sex=female, area=rural: key=value pairs sorted by key.
struct slice {
  std::vector<std::pair<std::string, std::string>> keys;
  std::string text; ///< canonical form, "area=rural,sex=female"; empty for the total
};

/// Canonical form of one disaggregation key and value: 性别 → sex, 女 → female,
/// 城乡 → area, 农村 → rural, 0～5岁 → age=0-5. Values meaning "all" (合计, total)
/// return an empty value: the pair then drops out of the slice.
PLANRULES_DECL std::pair<std::string, std::string> canonical_slice_pair(std::string_view key, std::string_view value);

/// Canonical text of a slice written as "sex=female, area=rural" (',' or ';'
/// between pairs, '=' or ':' inside); empty for the total. The error is a reason.
PLANRULES_DECL expected<std::string, std::string> canonical_slice(std::string_view text);

/// Where a value came from: a file or report, a data release, and a free note
/// (the qualifier as written, when it said more than one word).
struct provenance {
  std::string source;
  std::string release;
  std::string note;
};

/// One series: the values of one indicator for one region and slice, as a dense
/// run of years (missing years inside the run are slots without a value).
struct series_info {
  std::uint32_t indicator = 0;
  region_id region = 0;
  std::uint32_t offset = 0; ///< first slot in the value column
  std::int16_t first_year = 0;
  std::uint16_t count = 0; ///< years in the run, missing ones included
  std::uint16_t slice = 0;
  std::uint16_t flags = 0; ///< has_attributes: some value has a qualifier or a non-default source

  static constexpr std::uint16_t has_attributes = 1;

  int last_year() const noexcept { return first_year + static_cast<int>(count) - 1; }
};

namespace detail {

/// A qualifier or provenance that differs from the set's default, for one slot.
struct value_attribute {
  std::uint32_t slot = 0;
  std::uint32_t provenance = 0;
  value_qualifier qualifier = value_qualifier::exact;
};

/// Leaves values uninitialised on resize: finish() writes every slot itself.
template <class T>
struct uninitialized_allocator : std::allocator<T> {
  using std::allocator<T>::allocator;
  template <class U>
  struct rebind {
    using other = uninitialized_allocator<U>;
  };
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

/// The columns of a finished set, shared by every copy of the set.
struct measurement_data {
  std::shared_ptr<const planrules::catalogue> catalogue;
  std::vector<series_info> series;              ///< sorted by (indicator, region, slice)
  std::vector<std::uint32_t> indicator_begin{0}; ///< series of indicator i: [begin[i], begin[i+1])
  std::vector<double, uninitialized_allocator<double>> values; ///< one slot per series year; NaN where missing
  std::vector<std::uint64_t> validity;          ///< bit s of word s/64: slot s has a value
  std::vector<value_attribute> attributes;      ///< sorted by slot; only non-default entries
  std::vector<provenance> provenances;
  std::uint32_t default_provenance = 0;
  region_hierarchy regions;
  std::vector<slice> slices{slice{}};
  std::size_t present = 0;
};

} // namespace detail

/// A read-only view of one series. Cheap to copy; valid while its set lives.
class series_view {
public:
  /// One present value.
  struct point {
    int year = 0;
    double value = 0;
  };

  /// Iterates the years that have a value, in increasing order. Holds no
  /// pointer to the view, only to the set's columns.
  class iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = point;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = point;

    iterator() = default;
    point operator*() const noexcept { return {first_year_ + static_cast<int>(i_), values_[i_]}; }
    iterator& operator++() noexcept {
      ++i_;
      skip();
      return *this;
    }
    iterator operator++(int) noexcept {
      auto copy = *this;
      ++*this;
      return copy;
    }
    friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.i_ == b.i_; }

  private:
    friend class series_view;
    iterator(const series_view& view, std::size_t i) noexcept
        : values_(view.values_), validity_(view.validity_), offset_(view.info_->offset),
          count_(view.info_->count), first_year_(view.info_->first_year), i_(i) {
      skip();
    }
    void skip() noexcept {
      while (i_ < count_ && !((validity_[(offset_ + i_) >> 6] >> ((offset_ + i_) & 63)) & 1u)) ++i_;
    }
    const double* values_ = nullptr;
    const std::uint64_t* validity_ = nullptr;
    std::size_t offset_ = 0;
    std::size_t count_ = 0;
    int first_year_ = 0;
    std::size_t i_ = 0;
  };

  series_view() = default;

  explicit operator bool() const noexcept { return info_ != nullptr; }
  const series_info& info() const noexcept { return *info_; }
  indicator_index indicator() const noexcept { return info_->indicator; }
  region_id region() const noexcept { return info_->region; }
  slice_id slice() const noexcept { return info_->slice; }
  int first_year() const noexcept { return info_->first_year; }
  int last_year() const noexcept { return info_->last_year(); }
  /// Years in the run, missing ones included.
  std::size_t size() const noexcept { return info_ ? info_->count : 0; }

  /// True when `year` has a value.
  bool has(int year) const noexcept {
    const auto i = index_of(year);
    return i < size() && present_at(i);
  }
  /// The value at `year`, if present.
  std::optional<double> value(int year) const noexcept {
    const auto i = index_of(year);
    if (i >= size() || !present_at(i)) return std::nullopt;
    return values_[i];
  }
  /// The qualifier of the value at `year` (exact when there is none).
  value_qualifier qualifier(int year) const noexcept {
    const auto* a = attribute(year);
    return a ? a->qualifier : value_qualifier::exact;
  }
  /// Where the value at `year` came from (empty when there is none).
  std::string_view source(int year) const noexcept { return provenance_of(year).source; }
  /// The data release of the value at `year`.
  std::string_view release(int year) const noexcept { return provenance_of(year).release; }
  /// The free note of the value at `year` (the qualifier as written, …).
  std::string_view note(int year) const noexcept { return provenance_of(year).note; }

  /// Number of years with a value.
  PLANRULES_DECL std::size_t present_count() const noexcept;
  /// The last year with a value at or before `year`, if any.
  PLANRULES_DECL std::optional<point> latest(int year = std::numeric_limits<int>::max()) const noexcept;

  iterator begin() const noexcept { return info_ ? iterator(*this, 0) : iterator(); }
  iterator end() const noexcept { return info_ ? iterator(*this, size()) : iterator(); }

  /// The raw value slots of the run (NaN where missing; test with present_at).
  std::span<const double> raw_values() const noexcept { return {values_, size()}; }
  /// True when slot i of the run (year first_year() + i) has a value.
  bool present_at(std::size_t i) const noexcept {
    const std::size_t slot = info_->offset + i;
    return (validity_[slot >> 6] >> (slot & 63)) & 1u;
  }

private:
  friend class measurement_set;
  series_view(const detail::measurement_data* data, const series_info* info) noexcept
      : data_(data), info_(info), values_(data->values.data() + info->offset), validity_(data->validity.data()) {}

  std::size_t index_of(int year) const noexcept {
    if (!info_ || year < info_->first_year) return static_cast<std::size_t>(-1);
    return static_cast<std::size_t>(year - info_->first_year);
  }
  PLANRULES_DECL const detail::value_attribute* attribute(int year) const noexcept;
  PLANRULES_DECL const provenance& provenance_of(int year) const noexcept;

  const detail::measurement_data* data_ = nullptr;
  const series_info* info_ = nullptr;
  const double* values_ = nullptr;
  const std::uint64_t* validity_ = nullptr;
};

/// An immutable, column-wise set of measurements resolved against a catalogue.
/// Copies share the same data; every member is safe to call from many threads.
class measurement_set {
public:
  /// An empty set with an empty catalogue.
  PLANRULES_DECL measurement_set();

  /// The catalogue indicator indices refer to.
  const planrules::catalogue& catalogue() const noexcept { return *data_->catalogue; }
  const std::shared_ptr<const planrules::catalogue>& catalogue_ptr() const noexcept { return data_->catalogue; }

  /// Every series, sorted by (indicator, region, slice).
  std::span<const series_info> series() const noexcept { return data_->series; }
  /// The series of one indicator, contiguous, sorted by (region, slice).
  std::span<const series_info> series(indicator_index indicator) const noexcept {
    if (indicator + 1 >= data_->indicator_begin.size()) return {};
    const auto begin = data_->indicator_begin[indicator];
    return std::span<const series_info>(data_->series).subspan(begin, data_->indicator_begin[indicator + 1] - begin);
  }
  /// The series of one indicator for `root` and every region below it, contiguous.
  PLANRULES_DECL std::span<const series_info> series_in(indicator_index indicator, region_id root) const noexcept;
  /// A view of one series descriptor of this set.
  series_view view(const series_info& s) const noexcept { return series_view(data_.get(), &s); }

  /// The series for a key; an empty view when there is none.
  PLANRULES_DECL series_view find(indicator_index indicator, region_id region,
                                  slice_id slice = total_slice) const noexcept;
  /// The same by names: indicator id, name or alias; region name or path; slice
  /// text ("sex=female"). An empty view when any of them is unknown.
  PLANRULES_DECL series_view find(std::string_view indicator, std::string_view region,
                                  std::string_view slice = {}) const;

  const region_hierarchy& regions() const noexcept { return data_->regions; }
  /// Every slice; slices()[0] is the total.
  std::span<const planrules::slice> slices() const noexcept { return data_->slices; }
  /// The slice written as "sex=female, area=rural" (any order, Chinese keys and
  /// values accepted); no_slice when the set has no such slice.
  PLANRULES_DECL slice_id find_slice(std::string_view text) const;

  /// Number of values present.
  std::size_t value_count() const noexcept { return data_->present; }
  /// Number of slots (present and missing years inside the series' runs).
  std::size_t slot_count() const noexcept { return data_->values.size(); }
  std::size_t series_count() const noexcept { return data_->series.size(); }
  std::span<const provenance> provenances() const noexcept { return data_->provenances; }

  /// Bytes held by the set: columns, descriptors, regions, slices and strings.
  PLANRULES_DECL std::size_t memory_bytes() const noexcept;

private:
  friend class measurement_set_builder;
  explicit measurement_set(std::shared_ptr<const detail::measurement_data> data) noexcept : data_(std::move(data)) {}
  std::shared_ptr<const detail::measurement_data> data_;
};


/// How finish() treats problems it finds.
struct finish_options {
  bool duplicates_fatal = false;     ///< a conflicting duplicate (PR4008) makes finish fail
  std::size_t max_diagnostics = 1000; ///< then one PR9005 note
};

/// Buffers handed over column-wise (from C, Python/numpy, R …). A key column is
/// one of: a constant for every row, one name per row, or one code per row into
/// a dictionary of names (pandas categoricals). Nothing is copied per value
/// beyond the value itself.
struct key_column {
  std::string_view constant;
  const std::string_view* names = nullptr; ///< one per row
  const std::int32_t* codes = nullptr;     ///< one per row; -1 means "use `constant`"
  std::span<const std::string_view> dictionary;
};

/// Column-wise input for measurement_set_builder::add_columns.
struct column_input {
  std::size_t size = 0;
  key_column indicator; ///< id, Chinese name or alias
  key_column region;    ///< name or path; not given: the builder's default region
  key_column slice;     ///< "sex=female"; empty means total
  key_column unit;      ///< empty means the indicator's unit
  key_column source;
  const std::int32_t* years = nullptr;
  const double* values = nullptr;
  /// Bit i of word i/64 set when row i has a value; null means every row does.
  const std::uint64_t* validity = nullptr;
  const value_qualifier* qualifiers = nullptr; ///< null means exact
  std::string_view release;
  std::string_view origin = "<columns>"; ///< file name used in diagnostics; rows are 1-based
  bool nan_is_missing = false;           ///< treat NaN as missing instead of a bad value
};

/// What a load or add_columns read and what it reported.
struct load_report {
  diagnostic_list diagnostics;
  std::size_t rows = 0;     ///< records read (data rows; blank lines excluded)
  std::size_t values = 0;   ///< values kept
  std::size_t missing = 0;  ///< cells explicitly missing (empty, NA, .., -), kept as missing
  std::size_t bad_rows = 0; ///< records with at least one error
  std::string layout;       ///< "long", "wide_years", "wide_indicators", "regions", "columns"
  std::vector<std::string> ignored_columns;
};

/// A set and what building it found: report.diagnostics lists duplicate keys,
/// report.values the values present, report.missing the slots without one.
struct build_result {
  measurement_set set;
  load_report report;
};

namespace detail {
class record_loader;

/// Values waiting for finish(), as runs: consecutive values of one key, in
/// consecutive years, from consecutive lines (or one line) of one input. Sorted
/// data make long runs, so a value costs little more than its 8 bytes.
struct pending_run {
  std::uint32_t indicator = 0;
  std::uint32_t region = 0; ///< builder-local id
  std::uint32_t line = 0;   ///< line of the first value
  std::uint32_t provenance = 0;
  std::uint32_t offset = 0; ///< first value in the builder's value column
  std::int16_t first_year = 0;
  std::uint16_t count = 0;
  std::uint16_t slice = 0;
  std::uint16_t origin = 0;
  std::uint8_t qualifier = 0;
  std::uint8_t line_step = 1; ///< 1: one value per line; 0: all from one line (wide tables)

  std::uint32_t line_of(std::size_t i) const noexcept { return line + static_cast<std::uint32_t>(i) * line_step; }
};

/// Where pending values came from, to locate duplicates found at finish().
struct value_origin {
  std::string name;
  std::shared_ptr<const void> owner; ///< keeps `text` alive, when kept
  std::string_view text;             ///< the file's bytes
  mutable std::vector<std::uint32_t> line_starts;
};
} // namespace detail

/// Collects measurements and builds an immutable measurement_set in one pass.
/// Not thread-safe; load several files into one builder, then finish().
class measurement_set_builder {
public:
  /// A builder whose indicators resolve against `cat`.
  PLANRULES_DECL explicit measurement_set_builder(std::shared_ptr<const planrules::catalogue> cat);
  /// The same with a copy of `cat`.
  PLANRULES_DECL explicit measurement_set_builder(const planrules::catalogue& cat);

  const planrules::catalogue& catalogue() const noexcept { return *catalogue_; }

  /// Declares a region under `parent` (a name or path; empty for a root).
  /// Declaring again adds a missing level or parent; a different one is an
  /// error. A root named by data before its parent was declared is moved under it.
  PLANRULES_DECL expected<void, error> add_region(std::string_view name, std::string_view parent = {},
                                                  std::optional<ast::region_level> level = std::nullopt);

  /// Region used when data gives none (the loaders' default_region option overrides it).
  void set_default_region(std::string name) { default_region_ = std::move(name); }
  const std::string& default_region() const noexcept { return default_region_; }

  /// Adds one value; `value` empty means explicitly missing. Names resolve as in
  /// measurement_set::find; `unit` empty means the indicator's unit.
  PLANRULES_DECL expected<void, error> add(std::string_view indicator, std::string_view region, int year,
                                           std::optional<double> value,
                                           value_qualifier qualifier = value_qualifier::exact,
                                           std::string_view source = {}, std::string_view slice = {},
                                           std::string_view unit = {});

  /// Adds rows from buffers. Bad rows (row number = index + 1) are reported in
  /// the report and skipped; the call fails only for unusable input (a null
  /// years or values pointer with size > 0, no indicator column).
  PLANRULES_DECL expected<load_report, error> add_columns(const column_input& input);

  /// Values added so far and not yet built.
  std::size_t pending() const noexcept { return values_.size(); }

  /// Builds the set; duplicate keys are reported (the first value is kept). The
  /// builder is empty afterwards (same catalogue, no regions).
  PLANRULES_DECL expected<build_result, error> finish(const finish_options& options = {});

private:
  friend class detail::record_loader;

  struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  template <class V>
  using string_map = std::unordered_map<std::string, V, string_hash, std::equal_to<>>;

  struct checkpoint {
    std::size_t runs, values, regions, provenances, slices, origins;
  };

  struct region_problem {
    diagnostic_code code;
    std::string message;
  };
  expected<std::uint32_t, region_problem> resolve_region(std::string_view name_or_path, bool create);
  expected<void, std::string> define_region(std::uint32_t id, std::optional<ast::region_level> level,
                                            std::string_view parent, bool create);
  std::uint32_t region_child(std::uint32_t parent, std::string_view name) const;
  std::uint32_t new_region(std::string_view name, std::uint32_t parent);
  expected<std::uint32_t, std::string> intern_slice(std::string_view text);
  std::uint32_t intern_slice_canonical(const std::string& canonical);
  std::uint32_t intern_provenance(std::string_view source, std::string_view release, std::string_view note);
  std::uint16_t add_origin(std::string name, std::shared_ptr<const void> owner, std::string_view text);
  checkpoint mark() const noexcept;
  void rollback(const checkpoint& to);
  void reset();
  void append(std::uint32_t indicator, std::uint32_t region, std::uint32_t slice, int year, std::uint32_t provenance,
              value_qualifier qualifier, std::uint16_t origin, std::uint32_t line, double value, bool missing);

  struct pending_region {
    std::string name;
    std::uint32_t parent = static_cast<std::uint32_t>(-1);
    std::optional<ast::region_level> level;
    bool shared_name = false; ///< another region has the same name
  };

  std::shared_ptr<const planrules::catalogue> catalogue_;
  std::string default_region_ = "全国";
  std::vector<detail::pending_run> runs_;
  std::vector<double, detail::uninitialized_allocator<double>> values_;
  std::vector<std::uint64_t> missing_; ///< bit i: values_[i] is an explicit missing value
  std::vector<pending_region> regions_;
  string_map<std::uint32_t> region_names_;     ///< name → id, or ambiguous
  string_map<std::uint32_t> region_children_;  ///< "parent\x1fname" → id
  std::vector<slice> slices_{slice{}};
  string_map<std::uint32_t> slice_ids_;
  std::vector<provenance> provenances_;
  string_map<std::uint32_t> provenance_ids_;
  std::vector<detail::value_origin> origins_;
  std::uint32_t rows_added_ = 0;
};

} // namespace planrules

#endif
