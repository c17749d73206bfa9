#ifndef PLANRULES_IMPL_REPORT_TEXT_IPP
#define PLANRULES_IMPL_REPORT_TEXT_IPP

// The terminal report: tables padded by East Asian display width, so columns
// line up under Chinese text in a terminal with a monospaced CJK font.

#include <planrules/impl/report_common.ipp>

namespace planrules {

namespace detail::reporting {

/// A table of text cells, each column as wide as its widest cell in display columns.
class text_table {
public:
  struct column {
    std::string header;
    bool right = false; ///< numbers align right
  };

  explicit text_table(std::vector<column> columns) : columns_(std::move(columns)) {}

  /// A row; `colors` gives an ANSI SGR code per cell ("" for none), `notes` lines printed under it.
  void add(std::vector<std::string> cells, std::vector<std::string> notes = {}, std::vector<std::string> colors = {}) {
    cells.resize(columns_.size());
    colors.resize(columns_.size());
    rows_.push_back({std::move(cells), std::move(notes), std::move(colors)});
  }

  bool empty() const noexcept { return rows_.empty(); }

  void render(std::string& out, bool color, std::string_view indent = "") const {
    std::vector<std::size_t> widths(columns_.size());
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      widths[c] = display_width(columns_[c].header);
      for (const auto& r : rows_) widths[c] = std::max(widths[c], display_width(r.cells[c]));
    }
    auto line = [&](const std::vector<std::string>& cells, const std::vector<std::string>* colors) {
      out += indent;
      for (std::size_t c = 0; c < columns_.size(); ++c) {
        if (c) out += "  ";
        const auto pad = widths[c] - display_width(cells[c]);
        if (columns_[c].right) out.append(pad, ' ');
        const bool paint = color && colors && !(*colors)[c].empty() && !cells[c].empty();
        if (paint) out += "\x1b[" + (*colors)[c] + "m";
        out += cells[c];
        if (paint) out += "\x1b[0m";
        // Every cell is padded, the last one too, so every line of the table is equally wide.
        if (!columns_[c].right) out.append(pad, ' ');
      }
      out += '\n';
    };
    std::vector<std::string> headers;
    for (const auto& c : columns_) headers.push_back(c.header);
    line(headers, nullptr);
    std::vector<std::string> rules;
    for (const auto w : widths) rules.emplace_back(w, '-');
    line(rules, nullptr);
    for (const auto& r : rows_) {
      line(r.cells, &r.colors);
      for (const auto& note : r.notes) {
        out += indent;
        out += "    · ";
        out += note;
        out += '\n';
      }
    }
  }

private:
  struct text_row {
    std::vector<std::string> cells;
    std::vector<std::string> notes;
    std::vector<std::string> colors;
  };
  std::vector<column> columns_;
  std::vector<text_row> rows_;
};

inline std::string ansi_status(status s) {
  switch (s) {
  case status::met: return "32";
  case status::not_met: return "31;1";
  case status::not_yet_due: return "33";
  case status::error: return "35";
  default: return "2";
  }
}

inline std::string ansi_progress(planrules::progress::progress_class c) {
  switch (c) {
  case planrules::progress::progress_class::achieved:
  case planrules::progress::progress_class::on_track: return "32";
  case planrules::progress::progress_class::needs_acceleration: return "33";
  case planrules::progress::progress_class::limited_progress:
  case planrules::progress::progress_class::moving_away: return "31";
  default: return "2";
  }
}

inline void counts_row(text_table& table, std::string label, const status_counts& counts) {
  std::vector<std::string> cells{std::move(label)};
  std::size_t aspirational_total = 0;
  for (const auto s : status_order) {
    const auto i = static_cast<int>(s);
    cells.push_back(std::to_string(counts.binding[i] + counts.aspirational[i]));
    aspirational_total += counts.aspirational[i];
  }
  const auto met = counts.count(status::met);
  const auto judged = met + counts.count(status::not_met);
  cells.push_back(std::to_string(met) + "/" + std::to_string(judged));
  const auto share = counts.share_met();
  cells.push_back(share ? percent(*share) : std::string("—"));
  cells.push_back(std::to_string(counts.aspirational[static_cast<int>(status::met)]) + "/" + std::to_string(aspirational_total));
  table.add(std::move(cells));
}

inline text_table counts_table(label_language l, std::string_view first) {
  std::vector<text_table::column> columns{{std::string(first), false}};
  for (const auto s : status_order) columns.push_back({status_label(s, l), true});
  columns.push_back({std::string(word(term::binding_met, l)) + "/" + std::string(word(term::judged, l)), true});
  columns.push_back({std::string(word(term::share_met, l)), true});
  columns.push_back({std::string(word(term::aspirational_counts, l)), true});
  return text_table(std::move(columns));
}

inline std::string text_report(const model& m) {
  const auto l = m.lang();
  const bool zh = l == label_language::zh;
  const auto& result = *m.result;
  const auto& plan = result.program().plan();
  const bool color = m.options.color;
  std::string out;

  const auto title = m.title();
  out += color ? "\x1b[1m" + title + "\x1b[0m\n" : title + "\n";
  const std::string gap = zh ? "　" : "   ";
  out += std::string(word(term::region_label, l)) + m.regions_phrase() + gap + std::string(word(term::as_of, l)) +
         std::to_string(result.as_of()) + (zh ? "年" : "") + gap + std::string(word(term::sources, l)) +
         std::to_string(m.sources.size()) + gap + std::string(word(term::rules_label, l)) +
         std::to_string(plan.rules.size()) + "\n";
  out += std::string(std::max<std::size_t>(display_width(title), 20), '=') + "\n";

  for (const auto& group : m.areas) {
    out += "\n";
    std::string heading = "【" + std::string(area_label(group.area, l)) + "】";
    if (!zh) heading = "[" + std::string(area_label(group.area, l)) + "]";
    const auto full = area_title(plan, group.area);
    if (zh && !full.empty()) heading += full;
    out += color ? "\x1b[1m" + heading + "\x1b[0m\n" : heading + "\n";

    if (!group.rows.empty()) {
      std::vector<text_table::column> columns{{std::string(word(term::id, l)), false}};
      if (m.several_regions) columns.push_back({std::string(word(term::region, l)), false});
      for (const auto t : {term::indicator, term::target, term::deadline}) columns.push_back({std::string(word(t, l)), false});
      columns.push_back({std::string(word(term::value, l)), true});
      columns.push_back({std::string(word(term::status, l)), false});
      columns.push_back({std::string(word(term::progress, l)), false});
      columns.push_back({std::string(word(term::projected, l)), true});
      columns.push_back({std::string(word(term::required, l)), true});
      columns.push_back({std::string(word(term::marks, l)), false});
      text_table table(std::move(columns));
      for (const auto& r : group.rows) {
        std::vector<std::string> cells{r.rule->id};
        std::vector<std::string> colors{""};
        if (m.several_regions) {
          cells.push_back(m.region_name(r.o->region));
          colors.emplace_back();
        }
        cells.push_back(indicator_label(r.indicator, l));
        cells.push_back(target_label(*r.rule, l));
        cells.push_back(deadline_cell(r));
        cells.push_back(value_cell(r, l));
        colors.insert(colors.end(), 4, "");
        cells.push_back(status_label(r.o->status, l));
        colors.push_back(ansi_status(r.o->status));
        cells.push_back(progress_cell(r, l));
        colors.push_back(ansi_progress(r.o->progress));
        cells.push_back(projected_cell(r));
        cells.push_back(required_cell(r, l));
        cells.push_back(join(marks(r, l), zh ? "、" : ", "));
        colors.insert(colors.end(), 2, "");
        colors.push_back(r.o->is(outcome::volatile_series) ? "33" : "");
        std::vector<std::string> notes;
        if (m.options.explanations) notes = explanation_lines(r, l);
        table.add(std::move(cells), std::move(notes), std::move(colors));
      }
      table.render(out, color);
    }
    if (!group.qualitative.empty()) {
      out += "\n  " + std::string(word(term::qualitative, l)) + "\n";
      text_table table({{std::string(word(term::id, l)), false}, {std::string(word(term::reason, l)), false}});
      for (const auto* r : one_per_rule(group.qualitative)) {
        std::vector<std::string> cells{r->rule->id};
        cells.push_back(r->rule->reason.empty() ? std::string(word(term::qualitative, l)) : r->rule->reason);
        std::vector<std::string> notes;
        if (m.options.explanations && !r->rule->source.empty())
          notes.push_back(std::string(word(term::source, l)) + (zh ? "：" : ": ") + r->rule->source);
        table.add(std::move(cells), std::move(notes));
      }
      table.render(out, color, "  ");
    }
  }

  // Roll-ups: per area, the whole plan, and per region when there are several.
  out += "\n" + std::string(color ? "\x1b[1m" : "") + std::string(word(term::summary, l)) + (color ? "\x1b[0m" : "") + "\n";
  auto table = counts_table(l, word(term::area, l));
  for (const auto& group : m.areas) {
    const auto counts = group.area ? result.counts(group.area) : [&] {
      status_counts c;
      for (const auto& rows : {&group.rows, &group.qualitative})
        for (const auto& r : *rows) ++(r.o->is(outcome::aspirational) ? c.aspirational : c.binding)[static_cast<int>(r.o->status)];
      return c;
    }();
    counts_row(table, std::string(area_label(group.area, l)), counts);
  }
  counts_row(table, std::string(word(term::all, l)), result.counts());
  table.render(out, false);
  if (m.several_regions) {
    out += "\n" + std::string(word(term::regions_label, l)) + "\n";
    auto regions = counts_table(l, word(term::region, l));
    for (const auto r : result.regions()) counts_row(regions, result.data().regions().path(r), result.counts(std::nullopt, r));
    regions.render(out, false);
  }

  out += "\n" + std::string(color ? "\x1b[1m" : "") + std::string(word(term::early_warning, l)) + (color ? "\x1b[0m" : "") + "\n";
  if (m.warnings.empty()) {
    out += std::string(word(term::no_warnings, l)) + "\n";
  } else {
    std::vector<text_table::column> columns{{std::string(word(term::id, l)), false}};
    if (m.several_regions) columns.push_back({std::string(word(term::region, l)), false});
    columns.push_back({std::string(word(term::indicator, l)), false});
    columns.push_back({std::string(word(term::warning_kind, l)), false});
    columns.push_back({std::string(word(term::notes, l)), false});
    text_table warnings(std::move(columns));
    for (const auto& w : m.warnings) {
      std::vector<std::string> cells{w.r->rule->id};
      if (m.several_regions) cells.push_back(m.region_name(w.r->o->region));
      cells.push_back(indicator_label(w.r->indicator, l));
      cells.emplace_back(word(w.volatility ? term::volatile_series : term::needs_attention, l));
      cells.push_back(warning_message(w, l));
      std::vector<std::string> colors(cells.size());
      colors[cells.size() - 2] = w.volatility ? "33" : "31";
      warnings.add(std::move(cells), {}, std::move(colors));
    }
    warnings.render(out, color);
  }
  out += "\n" + std::string(word(term::legend_bound, l)) + (zh ? "；" : "; ") + std::string(word(term::legend_derived, l)) + "\n";
  if (m.omitted > 0)
    out += zh ? "另有 " + std::to_string(m.omitted) + " 条下级地区无数据的结果未列出（JSON 与 CSV 报告列出全部）。\n"
              : std::to_string(m.omitted) + " sub-region results without data are not listed (the JSON and CSV reports list all).\n";
  out += std::string(word(term::method_note, l)) + "\n";
  return out;
}

} // namespace detail::reporting

PLANRULES_DECL std::string render_text(const evaluation& result, const report_options& options) {
  try {
    const auto m = detail::reporting::build(result, options, options.explanations, true);
    return detail::reporting::text_report(m);
  } catch (...) {
    return {};
  }
}

} // namespace planrules

#endif
