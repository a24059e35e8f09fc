// The 2025-26 configs of ../shared/refdata/configs-2026 against their published
// parameter counts (models.tsv, read at test time, never copied). What a
// "published" figure counts differs per repository (docs/research/architectures/
// SUMMARY-*.md): each row below names the quantity it equals and why.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "config_parser.h"
#include "estimate.h"
#include "param_count.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::Bytes;

const std::string kDir = std::string(VRAMCALC_REFDATA_DIR) + "/configs-2026";

// models.tsv: config file name -> published_params.
std::map<std::string, uint64_t> Published() {
  std::map<std::string, uint64_t> out;
  std::istringstream in(testing::ReadFile(kDir + "/models.tsv"));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream row(line);
    while (std::getline(row, cell, '\t')) cells.push_back(cell);
    if (cells.size() < 5 || cells[4].empty()) continue;
    out[cells[2].substr(cells[2].rfind('/') + 1)] = std::stoull(cells[4]);
  }
  return out;
}

ModelSpec Parse(const std::string& file) {
  const std::string text = testing::ReadFile(kDir + "/" + file);
  auto spec = parse_config_json(text, file);
  EXPECT_TRUE(spec.ok()) << file << ": " << (spec.ok() ? "" : spec.error().message);
  return spec.ok() ? spec.value() : ModelSpec{};
}

enum class Counts { kTotal, kTotalPlusMtp };

struct Row {
  const char* file;
  Counts counts;
  const char* why;
};

// clang-format off
const Row kRows[] = {
  {"openai__gpt-oss-20b.json", Counts::kTotal, "BF16 re-save: HF total = parameters"},
  {"openai__gpt-oss-120b.json", Counts::kTotal, "BF16 re-save: HF total = parameters"},
  {"Qwen__Qwen3-235B-A22B.json", Counts::kTotal, "qwen3_moe"},
  {"Qwen__Qwen3-Coder-480B-A35B-Instruct.json", Counts::kTotal, "qwen3_moe"},
  {"Qwen__Qwen3-VL-2B-Instruct.json", Counts::kTotal, "text + vision tower with 3 deepstack mergers"},
  {"Qwen__Qwen3-VL-8B-Instruct.json", Counts::kTotal, "text + vision tower"},
  {"Qwen__Qwen3-VL-30B-A3B-Instruct.json", Counts::kTotal, "text + vision tower"},
  {"Qwen__Qwen3.5-27B.json", Counts::kTotalPlusMtp, "checkpoint holds the MTP layer"},
  {"Qwen__Qwen3.5-35B-A3B.json", Counts::kTotalPlusMtp, "checkpoint holds the MTP layer"},
  {"Qwen__Qwen3.5-122B-A10B.json", Counts::kTotalPlusMtp, "checkpoint holds the MTP layer"},
  {"Qwen__Qwen3.5-397B-A17B.json", Counts::kTotalPlusMtp, "checkpoint holds the MTP layer"},
  {"XiaomiMiMo__MiMo-7B-Base.json", Counts::kTotalPlusMtp, "checkpoint holds 1 MTP layer"},
};
// clang-format on

TEST(configs_2026_test, published_counts) {
  const auto published = Published();
  if (published.empty()) GTEST_SKIP() << "no " << kDir;
  for (const Row& row : kRows) {
    SCOPED_TRACE(std::string(row.file) + " (" + row.why + ")");
    ASSERT_TRUE(published.count(row.file));
    const ParamBreakdown p = count_params(Parse(row.file));
    const uint64_t ours = row.counts == Counts::kTotal ? p.total : p.total + p.mtp;
    EXPECT_EQ(ours, published.at(row.file));
  }
}

// Parts the research notes derived by hand (SUMMARY-A.md): vision towers and MTP.
TEST(configs_2026_test, towers_and_mtp) {
  if (Published().empty()) GTEST_SKIP();
  EXPECT_EQ(count_params(Parse("Qwen__Qwen3-VL-8B-Instruct.json")).towers, 576'388'336u);
  EXPECT_EQ(count_params(Parse("Qwen__Qwen3.5-27B.json")).towers, 460'730'096u);
  EXPECT_EQ(count_params(Parse("Qwen__Qwen3.5-27B.json")).mtp, 424'699'392u);
  EXPECT_EQ(count_params(Parse("Qwen__Qwen3.5-35B-A3B.json")).mtp, 844'640'768u);
  EXPECT_EQ(count_params(Parse("XiaomiMiMo__MiMo-7B-Base.json")).mtp, 210'790'400u);
  EXPECT_EQ(count_params(Parse("openai__gpt-oss-20b.json")).mtp, 0u);
}

Estimate Infer(const ModelSpec& m, uint64_t seq, uint64_t batch) {
  Workload w;
  w.mode = Mode::kInference;
  w.seq = seq;
  w.batch = batch;
  w.weight_dtype = DType::kBF16;
  auto e = estimate(m, w, Hardware{});
  EXPECT_TRUE(e.ok());
  return e.ok() ? e.value() : Estimate{};
}

// gpt-oss-20b: 12 full layers x 2 (K,V) x 8 kv_heads x 64 x 2 B = 24,576 B/token;
// 12 sliding layers keep 128 tokens. At 8192 tokens: 12 x 1024 x 8192 x 2 +
// 12 x 1024 x 128 x 2 = 201,326,592 + 3,145,728 = 204,472,320 B.
TEST(configs_2026_test, gpt_oss_kv_caps_only_the_sliding_layers) {
  if (Published().empty()) GTEST_SKIP();
  const ModelSpec m = Parse("openai__gpt-oss-20b.json");
  EXPECT_EQ(Bytes(Infer(m, 8192, 1), Component::kKVCache), 204'472'320u);
  EXPECT_EQ(Bytes(Infer(m, 128, 1), Component::kKVCache), 24u * 1024 * 128 * 2);  // every layer full below the window
  EXPECT_EQ(Bytes(Infer(m, 8192, 1), Component::kState), 0u);
}

// Qwen3.5-27B: 16 full-attention layers x 2 x 4 kv_heads x 256 x 2 B = 65,536 B/token;
// 48 Gated DeltaNet layers each keep 48 x 128 x 128 FP32 (mamba_ssm_dtype) =
// 3,145,728 B plus a conv window of (2 x 16 x 128 + 48 x 128) x 3 columns x 2 B =
// 61,440 B: 48 x 3,207,168 = 153,944,064 B per sequence (SUMMARY-A.md), any length.
TEST(configs_2026_test, qwen3_5_state_is_fixed_per_sequence) {
  if (Published().empty()) GTEST_SKIP();
  const ModelSpec m = Parse("Qwen__Qwen3.5-27B.json");
  const Estimate short_seq = Infer(m, 1024, 1), long_seq = Infer(m, 65536, 2);
  EXPECT_EQ(Bytes(short_seq, Component::kState), 153'944'064u);
  EXPECT_EQ(Bytes(long_seq, Component::kState), 2 * 153'944'064u);
  EXPECT_EQ(Bytes(short_seq, Component::kKVCache), 65'536u * 1024);
}

}  // namespace
}  // namespace vramcalc
