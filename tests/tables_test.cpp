// tables.h: RFC 4180 quoting and Markdown escaping on hand-written strings, the
// three renderings of one hand-built table, and the estimate, parameter and sweep
// tables checked against REFERENCE.md's numbers and against estimate_json()
// (report_test checks that JSON independently).
#include "tables.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "csv_reader.h"
#include "model_source.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using nlohmann::json;
using testing::IsOk;

TEST(tables_test, csv_field_quotes_as_rfc4180) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
}

TEST(tables_test, markdown_cell_escapes_pipes_and_newlines) {
  EXPECT_EQ(markdown_cell("a|b"), "a\\|b");
  EXPECT_EQ(markdown_cell("x\ny\r\nz"), "x y  z");
  EXPECT_EQ(markdown_cell("2 × 3"), "2 × 3");
}

TEST(tables_test, one_table_in_three_formats) {
  TextTable t;
  t.header = {"name", "bytes"};
  t.numeric = {false, true};
  t.rows = {{"a|b", "10"}, {"c,\"d\"", "2000"}};
  EXPECT_EQ(render_table(t, Format::kMarkdown),
            "| name | bytes |\n|---|---:|\n| a\\|b | 10 |\n| c,\"d\" | 2000 |\n");
  EXPECT_EQ(render_table(t, Format::kCsv), "name,bytes\r\na|b,10\r\n\"c,\"\"d\"\"\",2000\r\n");
  EXPECT_EQ(render_table(t, Format::kTable),
            "name   bytes\n-----  -----\na|b       10\nc,\"d\"   2000\n");
  EXPECT_EQ(render_table(t, Format::kJson), "");
}

TEST(tables_test, parse_format_names) {
  EXPECT_EQ(parse_format("table"), Format::kTable);
  EXPECT_EQ(parse_format("json"), Format::kJson);
  EXPECT_EQ(parse_format("markdown"), Format::kMarkdown);
  EXPECT_EQ(parse_format("csv"), Format::kCsv);
  EXPECT_FALSE(parse_format("md").has_value());
  EXPECT_FALSE(parse_format("CSV").has_value());
}

// REFERENCE.md 3: 8e9 parameters, BF16 mixed precision, AdamW, textbook formulas.
Estimate ReferenceTraining(uint64_t gpu_memory = 0) {
  Workload w;
  w.mode = Mode::kTraining;
  w.textbook = true;
  Hardware h;
  h.gpu_memory_bytes = gpu_memory;
  auto r = estimate(params_only_model(8'000'000'000u, "8e9"), w, h);
  EXPECT_TRUE(IsOk(r));
  return r.ok() ? r.value() : Estimate{};
}

TEST(tables_test, markdown_breakdown_has_reference_bytes) {
  const std::string md = estimate_report(ReferenceTraining(), Format::kMarkdown, Units::kGB);
  EXPECT_EQ(md.rfind("| Component | Bytes | GB | Formula |\n|---|---:|---:|---|\n", 0), 0u) << md;
  EXPECT_NE(md.find("| Weights | 16000000000 | 16.00 GB | "), std::string::npos) << md;
  EXPECT_NE(md.find("| Gradients | 16000000000 | 16.00 GB | "), std::string::npos) << md;
  EXPECT_NE(md.find("| Optimizer states | 64000000000 | 64.00 GB | "), std::string::npos) << md;
  EXPECT_NE(md.find("| Master weights | 32000000000 | 32.00 GB | "), std::string::npos) << md;
  EXPECT_NE(md.find("| Total per GPU | 128000000000 | 128.00 GB |  |\n"), std::string::npos) << md;
  // A bare count has no architecture: activations are unknown, not 0.
  EXPECT_NE(md.find("| Activations | unknown | unknown | "), std::string::npos) << md;
  EXPECT_EQ(md.find("| Adapters |"), std::string::npos) << "a zero row in Markdown";
}

TEST(tables_test, csv_breakdown_equals_the_json) {
  const Estimate e = ReferenceTraining(80'000'000'000u);
  const json j = json::parse(estimate_json(e));
  const auto records = testing::ReadCsv(estimate_report(e, Format::kCsv, Units::kGiB));
  ASSERT_EQ(records.size(), 1u + kComponentCount + 3u);  // header, components, 3 totals
  EXPECT_EQ(records[0], (std::vector<std::string>{"id", "component", "bytes", "known", "formula"}));
  for (size_t i = 1; i <= kComponentCount; ++i) {
    const std::string& id = records[i][0];
    ASSERT_TRUE(j["components"].contains(id)) << id;
    EXPECT_EQ(records[i][2], std::to_string(j["components"][id].get<uint64_t>())) << id;
  }
  const size_t totals = 1 + kComponentCount;
  EXPECT_EQ(records[totals][0], "per_gpu_bytes");
  EXPECT_EQ(records[totals][2], "128000000000");
  EXPECT_EQ(records[totals + 1][2], std::to_string(j["total_bytes"].get<uint64_t>()));
  EXPECT_EQ(records[totals + 2], (std::vector<std::string>{"gpu_memory_bytes", "GPU memory",
                                                           "80000000000", "true", "does not fit"}));
}

TEST(tables_test, json_and_table_formats_are_the_existing_renderings) {
  const Estimate e = ReferenceTraining();
  EXPECT_EQ(estimate_report(e, Format::kJson, Units::kGB), estimate_json(e) + "\n");
  EXPECT_EQ(estimate_report(e, Format::kTable, Units::kGiB), estimate_text(e, Units::kGiB));
}

TEST(tables_test, params_csv_and_markdown) {
  auto m = testing::LoadTestConfig("bert-base-uncased.json");
  ASSERT_TRUE(IsOk(m));
  const ParamBreakdown p = count_params(m.value());
  // REFERENCE.md 2: BertModel with pooler = 109,482,240 parameters.
  const auto records = testing::ReadCsv(params_report(m.value(), p, Format::kCsv));
  ASSERT_EQ(records.size(), 10u);
  EXPECT_EQ(records[8], (std::vector<std::string>{"total", "109482240"}));
  const std::string md = params_report(m.value(), p, Format::kMarkdown);
  EXPECT_NE(md.find("| total | 109482240 |\n"), std::string::npos) << md;
  EXPECT_EQ(md.find("| experts |"), std::string::npos) << "a dense model has no experts row";
}

// LLaMA-7B (REFERENCE.md 2) KV cache in FP16: 2 x 32 layers x 4096 x 2 B = 524,288 B/token.
TEST(tables_test, sweep_rows_one_per_point) {
  auto m = testing::LoadTestConfig("llama-7b.json");
  ASSERT_TRUE(IsOk(m));
  std::vector<SweepRow> rows;
  for (uint64_t seq : {1024u, 2048u, 4096u}) {
    Workload w;
    w.seq = seq;
    w.kv_dtype = DType::kFP16;
    auto e = estimate(m.value(), w, Hardware{});
    ASSERT_TRUE(IsOk(e));
    rows.push_back({{{"seq", seq}}, e.value()});
  }
  const auto records = testing::ReadCsv(sweep_report(rows, Format::kCsv, Units::kGB));
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0][0], "seq");
  EXPECT_EQ(records[0][1], "per_gpu_bytes");
  size_t kv_col = 0;
  for (size_t i = 0; i < records[0].size(); ++i) kv_col = records[0][i] == "kv_cache" ? i : kv_col;
  ASSERT_GT(kv_col, 0u);
  EXPECT_EQ(records[1][kv_col], std::to_string(524288ull * 1024));
  EXPECT_EQ(records[3][kv_col], std::to_string(524288ull * 4096));
  const std::string md = sweep_report(rows, Format::kMarkdown, Units::kGB);
  EXPECT_EQ(std::count(md.begin(), md.end(), '\n'), 5);  // header, rule, three points
  const json j = json::parse(sweep_report(rows, Format::kJson, Units::kGB));
  ASSERT_EQ(j.size(), 3u);
  EXPECT_EQ(j[1]["seq"], 2048);
  EXPECT_EQ(j[1]["estimate"]["components"]["kv_cache"].get<uint64_t>(), 524288ull * 2048);
}

}  // namespace
}  // namespace vramcalc
