// Markdown, CSV and text tables (tables.h). Cells are built once per table and
// then escaped for the format, so the three formats cannot disagree on a value.
#include "tables.h"

#include <algorithm>

namespace vramcalc {
namespace {

std::string units_name(Units u) { return u == Units::kGB ? "GB" : "GiB"; }

// Display width of UTF-8 text in code points (formulas hold "×").
size_t width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string pad(const std::string& s, size_t w, bool right) {
  const std::string fill(w > width(s) ? w - width(s) : 0, ' ');
  return right ? fill + s : s + fill;
}

std::string markdown(const TextTable& t) {
  std::string out;
  auto line = [&out](const std::vector<std::string>& cells) {
    out += "|";
    for (const auto& c : cells) out += " " + markdown_cell(c) + " |";
    out += "\n";
  };
  line(t.header);
  out += "|";
  for (size_t i = 0; i < t.header.size(); ++i)
    out += i < t.numeric.size() && t.numeric[i] ? "---:|" : "---|";
  out += "\n";
  for (const auto& r : t.rows) line(r);
  return out;
}

std::string csv(const TextTable& t) {
  std::string out;
  auto record = [&out](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_field(cells[i]);
    out += "\r\n";  // RFC 4180 line break
  };
  record(t.header);
  for (const auto& r : t.rows) record(r);
  return out;
}

std::string text(const TextTable& t) {
  std::vector<size_t> w(t.header.size(), 0);
  for (size_t i = 0; i < w.size(); ++i) {
    w[i] = width(t.header[i]);
    for (const auto& r : t.rows) w[i] = std::max(w[i], width(r[i]));
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    std::string l;
    for (size_t i = 0; i < cells.size(); ++i) {
      const bool right = i < t.numeric.size() && t.numeric[i];
      l += (i ? "  " : "") + pad(cells[i], w[i], right);
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  };
  line(t.header);
  std::vector<std::string> rule;
  for (size_t x : w) rule.push_back(std::string(x, '-'));
  line(rule);
  for (const auto& r : t.rows) line(r);
  return out;
}

bool human(Format f) { return f != Format::kCsv; }  // markdown and text: readable cells

}  // namespace

// Indexed by Format.
constexpr const char* kFormatNames[] = {"table", "json", "markdown", "csv"};

std::optional<Format> parse_format(std::string_view s) {
  for (int i = 0; i < 4; ++i) {
    if (s == kFormatNames[i]) return static_cast<Format>(i);
  }
  return std::nullopt;
}

const char* to_string(Format f) { return kFormatNames[static_cast<int>(f)]; }

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string markdown_cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\r' || c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string render_table(const TextTable& t, Format f) {
  switch (f) {
    case Format::kMarkdown:
      return markdown(t);
    case Format::kCsv:
      return csv(t);
    case Format::kTable:
      return text(t);
    case Format::kJson:
      return "";
  }
  return "";
}

TextTable estimate_table(const Estimate& e, Units u, Format f) {
  TextTable t;
  const std::string un = units_name(u);
  auto n = [](uint64_t v) { return std::to_string(v); };
  if (human(f)) {
    t.header = {"Component", "Bytes", un, "Formula"};
    t.numeric = {false, true, true, false};
    for (const auto& c : e.components) {
      if (c.bytes == 0 && c.known) continue;
      if (c.known) {
        t.rows.push_back({display_name(c.id), n(c.bytes), format_bytes(c.bytes, u), c.formula});
      } else {
        t.rows.push_back({display_name(c.id), "unknown", "unknown", c.assumption});
      }
    }
    t.rows.push_back({"Total per GPU", n(e.per_gpu_bytes), format_bytes(e.per_gpu_bytes, u), ""});
    if (e.total_bytes != e.per_gpu_bytes) {
      t.rows.push_back({"Total, all GPUs", n(e.total_bytes), format_bytes(e.total_bytes, u), ""});
    }
    if (e.gpu_memory_bytes > 0) {
      t.rows.push_back({"GPU memory", n(e.gpu_memory_bytes), format_bytes(e.gpu_memory_bytes, u),
                        e.fits ? "fits" : "does not fit"});
    }
    return t;
  }
  // CSV: the JSON's keys and values, one record per component.
  t.header = {"id", "component", "bytes", "known", "formula"};
  t.numeric = {false, false, true, false, false};
  for (const auto& c : e.components) {
    t.rows.push_back({to_string(c.id), display_name(c.id), n(c.bytes), c.known ? "true" : "false",
                      c.known ? c.formula : c.assumption});
  }
  t.rows.push_back({"per_gpu_bytes", "Total per GPU", n(e.per_gpu_bytes), "true", ""});
  t.rows.push_back({"total_bytes", "Total, all GPUs", n(e.total_bytes), "true", ""});
  if (e.gpu_memory_bytes > 0) {
    t.rows.push_back({"gpu_memory_bytes", "GPU memory", n(e.gpu_memory_bytes), "true",
                      e.fits ? "fits" : "does not fit"});
  }
  return t;
}

std::string estimate_report(const Estimate& e, Format f, Units u) {
  if (f == Format::kJson) return estimate_json(e) + "\n";
  if (f == Format::kTable) return estimate_text(e, u);
  return render_table(estimate_table(e, u, f), f);
}

std::string params_report(const ModelSpec& model, const ParamBreakdown& p, Format f) {
  if (f == Format::kJson) return params_json(model, p) + "\n";
  const std::pair<const char*, uint64_t> parts[] = {
      {"embedding", p.embedding}, {"attention", p.attention}, {"mlp", p.mlp},
      {"experts", p.experts},     {"norms", p.norms},         {"head", p.head},
      {"other", p.other},         {"total", p.total},         {"active", p.active}};
  TextTable t;
  t.header = {"part", "params"};
  t.numeric = {false, true};
  for (const auto& [name, value] : parts) {
    const bool sum = std::string_view(name) == "total" || std::string_view(name) == "active";
    if (value == 0 && !sum && human(f)) continue;
    t.rows.push_back({name, std::to_string(value)});
  }
  return render_table(t, f);
}

TextTable sweep_table(const std::vector<SweepRow>& rows, Units u, Format f) {
  TextTable t;
  if (rows.empty()) return t;
  const bool gpu = rows.front().estimate.gpu_memory_bytes > 0;
  // Which components have a column: all for CSV, else those non-zero somewhere.
  std::vector<int> comps;
  for (int i = 0; i < kComponentCount; ++i) {
    bool used = !human(f);
    for (const auto& r : rows)
      used = used || r.estimate.components[i].bytes > 0 || !r.estimate.components[i].known;
    if (used) comps.push_back(i);
  }
  for (const auto& [key, value] : rows.front().inputs) {
    t.header.push_back(key);
    t.numeric.push_back(true);
  }
  auto head = [&t](const std::string& h, bool num) {
    t.header.push_back(h);
    t.numeric.push_back(num);
  };
  if (human(f)) {
    head("Per GPU", true);
    for (int i : comps) head(display_name(static_cast<Component>(i)), true);
    head("Per GPU bytes", true);
    if (gpu) head("Fits", false);
  } else {
    head("per_gpu_bytes", true);
    head("total_bytes", true);
    for (int i : comps) head(to_string(static_cast<Component>(i)), true);
    if (gpu) {
      head("gpu_memory_bytes", true);
      head("fits", false);
    }
  }
  for (const auto& r : rows) {
    const Estimate& e = r.estimate;
    std::vector<std::string> cells;
    for (const auto& [key, value] : r.inputs) cells.push_back(std::to_string(value));
    if (human(f)) {
      cells.push_back(format_bytes(e.per_gpu_bytes, u));
      for (int i : comps) {
        const ComponentEstimate& c = e.components[i];
        cells.push_back(c.known ? format_bytes(c.bytes, u) : "unknown");
      }
      cells.push_back(std::to_string(e.per_gpu_bytes));
      if (gpu) cells.push_back(e.fits ? "yes" : "no");
    } else {
      cells.push_back(std::to_string(e.per_gpu_bytes));
      cells.push_back(std::to_string(e.total_bytes));
      for (int i : comps) cells.push_back(std::to_string(e.components[i].bytes));
      if (gpu) {
        cells.push_back(std::to_string(e.gpu_memory_bytes));
        cells.push_back(e.fits ? "true" : "false");
      }
    }
    t.rows.push_back(std::move(cells));
  }
  return t;
}

std::string sweep_report(const std::vector<SweepRow>& rows, Format f, Units u) {
  if (f != Format::kJson) return render_table(sweep_table(rows, u, f), f);
  std::string out = "[";
  for (size_t i = 0; i < rows.size(); ++i) {
    out += i ? "," : "";
    out += "{";
    for (const auto& [key, value] : rows[i].inputs) {
      out += "\"" + key + "\":" + std::to_string(value) + ",";  // keys are option names
    }
    out += "\"estimate\":" + estimate_json(rows[i].estimate) + "}";
  }
  return out + "]\n";
}

}  // namespace vramcalc
