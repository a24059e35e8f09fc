// Tables of results for people who write documents: GitHub Markdown, CSV
// (RFC 4180) and aligned plain text, from the same cells. The CLI (--format) and
// the page (export, download, copy) both call these, so their text is identical.
// Every byte count in a cell is the integer the JSON contract holds (report.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "estimate.h"
#include "param_count.h"
#include "report.h"

namespace vramcalc {

// What `--format` / export(format) asks for. kTable is the CLI's human text.
enum class Format { kTable, kJson, kMarkdown, kCsv };
// "table" | "json" | "markdown" | "csv"; nullopt for anything else.
std::optional<Format> parse_format(std::string_view text);
const char* to_string(Format f);

// A table of text cells; `numeric[i]` right-aligns column i (Markdown "---:").
struct TextTable {
  std::vector<std::string> header;
  std::vector<bool> numeric;
  std::vector<std::vector<std::string>> rows;  // each as wide as `header`
};

// One CSV field: quoted when it holds a comma, a quote, CR or LF; quotes doubled.
std::string csv_field(std::string_view text);
// One Markdown table cell: '|' escaped as "\|", CR/LF turned into spaces.
std::string markdown_cell(std::string_view text);
// The table in `format`: kMarkdown a GitHub table, kCsv RFC 4180 records ending
// in CRLF, kTable columns padded with spaces. kJson is not a table: "".
std::string render_table(const TextTable& table, Format format);

// The breakdown of one estimate. Markdown and text: the components that hold
// bytes (or are unknown), then the totals. CSV: every component, as the JSON.
TextTable estimate_table(const Estimate& estimate, Units units, Format format);
// The estimate in `format`: kJson = estimate_json(), kTable = estimate_text(),
// else render_table(estimate_table()). What export(format) returns on the page.
std::string estimate_report(const Estimate& estimate, Format format, Units units);

// The parameter breakdown; kJson = params_json().
std::string params_report(const ModelSpec& model, const ParamBreakdown& params, Format format);

// One point of a sweep: the swept options as set ("seq" -> 8192) and its estimate.
struct SweepRow {
  std::vector<std::pair<std::string, uint64_t>> inputs;
  Estimate estimate;
};
// One row per point: the swept options, bytes per GPU, each component, total,
// and the fit verdict when a GPU was chosen. Markdown and text leave out the
// components that are zero at every point; CSV keeps all of them.
TextTable sweep_table(const std::vector<SweepRow>& rows, Units units, Format format);
// kJson: [{"seq":1024,"estimate":{...estimate_json()...}}, ...]; else the table.
std::string sweep_report(const std::vector<SweepRow>& rows, Format format, Units units);

}  // namespace vramcalc
