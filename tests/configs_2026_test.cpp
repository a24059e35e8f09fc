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
#include "quant_storage.h"
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

// kTotal: every learnable parameter (MTP layers and towers included);
// kStored: what the checkpoint stores (quantization scales, buffers) as well.
enum class Counts { kTotal, kStored };

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
  {"Qwen__Qwen3.5-27B.json", Counts::kTotal, "checkpoint holds the MTP layer"},
  {"Qwen__Qwen3.5-35B-A3B.json", Counts::kTotal, "checkpoint holds the MTP layer"},
  {"Qwen__Qwen3.5-122B-A10B.json", Counts::kTotal, "checkpoint holds the MTP layer"},
  {"Qwen__Qwen3.5-397B-A17B.json", Counts::kTotal, "checkpoint holds the MTP layer"},
  {"XiaomiMiMo__MiMo-7B-Base.json", Counts::kTotal, "checkpoint holds 1 MTP layer"},
  {"nvidia__NVIDIA-Nemotron-3-Nano-30B-A3B-BF16.json", Counts::kTotal,
   "published omits the e_score_correction_bias buffers, which are not parameters"},
  {"nvidia__NVIDIA-Nemotron-3-Super-120B-A12B-FP8.json", Counts::kTotal,
   "BF16 sibling's HF total: MTP counted, router-bias buffers not"},
  {"deepseek-ai__DeepSeek-R1.json", Counts::kStored,
   "HF total of the FP8 repo: parameters + MTP (own embeddings and head) + 41,540,496 block scales"},
  {"deepseek-ai__DeepSeek-V3.2.json", Counts::kStored, "as R1, plus the DSA indexers"},
  {"MiniMaxAI__MiniMax-M2.5.json", Counts::kStored, "FP8: parameters + routing biases + scales"},
  {"nvidia__Llama-3_3-Nemotron-Super-49B-v1.json", Counts::kTotal,
   "DeciLM block_configs: 31 attention no-ops, FFN widths from ffn_mult"},
  {"zai-org__GLM-5.json", Counts::kTotal, "BF16; the MTP layer shares embeddings and head"},
};
// clang-format on

TEST(configs_2026_test, published_counts) {
  const auto published = Published();
  if (published.empty()) GTEST_SKIP() << "no " << kDir;
  for (const Row& row : kRows) {
    SCOPED_TRACE(std::string(row.file) + " (" + row.why + ")");
    ASSERT_TRUE(published.count(row.file));
    const ParamBreakdown p = count_params(Parse(row.file));
    const ModelSpec m = Parse(row.file);
    const uint64_t ours = row.counts == Counts::kStored ? stored_params(m) : p.total;
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
  return testing::InferBf16(m, seq, batch);
}

// gpt-oss-20b: 12 full layers x 2 (K,V) x 8 kv_heads x 64 x 2 B = 24,576 B/token;
// 12 sliding layers keep 128 tokens. At 8192 tokens: 12 x 1024 x 8192 x 2 +
// 12 x 1024 x 128 x 2 = 201,326,592 + 3,145,728 = 204,472,320 B.
TEST(configs_2026_test, gpt_oss_kv_caps_only_the_sliding_layers) {
  if (Published().empty()) GTEST_SKIP();
  const ModelSpec m = Parse("openai__gpt-oss-20b.json");
  EXPECT_EQ(Bytes(Infer(m, 8192, 1), Component::kKVCache), 204'472'320u);
  EXPECT_EQ(Bytes(Infer(m, 128, 1), Component::kKVCache),
            24u * 1024 * 128 * 2);  // every layer full below the window
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

// Kimi-K2-Instruct: the FP8 inventory gives 1,026,470,727,640 stored elements, 3,416
// (= 61 x 56) fewer than its HF total; unresolved without its safetensors header
// (SUMMARY-QUANT.md). The parameters equal DeepSeek-V3's layout at Kimi's sizes.
TEST(configs_2026_test, kimi_k2_known_residual) {
  const auto published = Published();
  if (published.empty()) GTEST_SKIP();
  const ModelSpec m = Parse("moonshotai__Kimi-K2-Instruct.json");
  EXPECT_EQ(published.at("moonshotai__Kimi-K2-Instruct.json") - stored_params(m), 3'416u)
      << "now explained: make it an exact row";
}

// FP8 and MXFP4 checkpoints priced as stored (SUMMARY-QUANT.md): DeepSeek-R1 FP8
// weights 1 B + F32 block scales 4 B + BF16 rest + F32 router biases =
// 688,574,839,360 B; gpt-oss MXFP4 experts at 17/32 B per weight: the repos' index
// total_size 13,761,264,768 (20b) and 65,248,815,744 (120b).
TEST(configs_2026_test, quantized_checkpoints_priced_as_stored) {
  if (Published().empty()) GTEST_SKIP();
  const ModelSpec r1 = Parse("deepseek-ai__DeepSeek-R1.json");
  EXPECT_EQ(r1.checkpoint.bytes, 688'574'839'360u);
  // Served without speculative decoding, the MTP layer (FP8 MoE layer + BF16
  // eh_proj, norms, own embeddings and head) stays on disk.
  EXPECT_GT(r1.checkpoint.mtp_bytes, 2u * 2 * 129'280 * 7'168);
  EXPECT_EQ(Bytes(Infer(r1, 2048, 1), Component::kWeights),
            r1.checkpoint.bytes - r1.checkpoint.mtp_bytes);
  EXPECT_EQ(Bytes(Infer(Parse("openai__gpt-oss-20b.json"), 2048, 1), Component::kWeights),
            13'761'264'768u);
  EXPECT_EQ(Bytes(Infer(Parse("openai__gpt-oss-120b.json"), 2048, 1), Component::kWeights),
            65'248'815'744u);
}

// Llama-3.3-Nemotron-Super-49B: KV only in the 49 layers whose attention is not a
// no-op: 49 x 2 x 8 kv_heads x 128 x 2 B = 200,704 B per token (SUMMARY-B.md).
TEST(configs_2026_test, nemotron_nas_kv_skips_no_op_attention) {
  if (Published().empty()) GTEST_SKIP();
  const ModelSpec m = Parse("nvidia__Llama-3_3-Nemotron-Super-49B-v1.json");
  EXPECT_EQ(Bytes(Infer(m, 4096, 2), Component::kKVCache), 200'704u * 4096 * 2);
}

// Llama-4: the trimmed configs carry no vision_config, so only the language model is
// counted; the published totals add the checkpoint's vision tower and projector,
// 871,932,416 (counted in SUMMARY-A.md from the checkpoint's vision_config).
TEST(configs_2026_test, llama4_text_is_published_minus_the_vision_tower) {
  const auto published = Published();
  if (published.empty()) GTEST_SKIP();
  for (const char* file : {"meta-llama__Llama-4-Scout-17B-16E-Instruct.json",
                           "meta-llama__Llama-4-Maverick-17B-128E-Instruct.json"}) {
    SCOPED_TRACE(file);
    EXPECT_EQ(count_params(Parse(file)).total, published.at(file) - 871'932'416u);
  }
}

// Llama-4 Scout: 12 NoPE full layers and 36 chunked layers, 2 x 8 x 128 x 2 B =
// 4,096 B per token and layer. At 32,768 tokens: 12 x 4096 x 32768 + 36 x 4096 x
// 8192 (chunk) = 1,610,612,736 + 1,207,959,552 B.
TEST(configs_2026_test, llama4_chunked_layers_keep_one_chunk) {
  if (Published().empty()) GTEST_SKIP();
  const ModelSpec m = Parse("meta-llama__Llama-4-Scout-17B-16E-Instruct.json");
  EXPECT_EQ(Bytes(Infer(m, 32768, 1), Component::kKVCache), 2'818'572'288u);
  EXPECT_EQ(Bytes(Infer(m, 4096, 1), Component::kKVCache), 48u * 4096 * 4096);
}

// Nemotron-H: KV only on the '*' layers, Mamba-2 state on the 'M' layers: SSM
// heads x head_dim x N in FP32 + conv (heads x head_dim + 2 x groups x N) x 3
// columns in BF16 (SUMMARY-B.md, vLLM's layout). BF16 KV per token: Nano 6,144 B,
// Super 8,192 B, 56B 40,960 B; state per sequence: Nano 49,082,368 B, Super
// 170,229,760 B, 56B 912,605,184 B.
TEST(configs_2026_test, nemotron_h_state_and_kv) {
  if (Published().empty()) GTEST_SKIP();
  struct Case {
    const char* file;
    uint64_t kv_per_token, state;
  };
  for (const Case& c :
       {Case{"nvidia__NVIDIA-Nemotron-3-Nano-30B-A3B-BF16.json", 6'144, 49'082'368},
        Case{"nvidia__NVIDIA-Nemotron-3-Super-120B-A12B-FP8.json", 8'192, 170'229'760},
        Case{"nvidia__Nemotron-H-56B-Base-8K.json", 40'960, 912'605'184}}) {
    SCOPED_TRACE(c.file);
    const Estimate e = Infer(Parse(c.file), 1000, 3);
    EXPECT_EQ(Bytes(e, Component::kKVCache), c.kv_per_token * 1000 * 3);
    EXPECT_EQ(Bytes(e, Component::kState), c.state * 3);
  }
}

// Gemma-4-26B-A4B (gemma4.md, count_gemma4.py): 25,233,141,760 text parameters
// (tied embedding once) + 572,792,112 vision tower and projector. The published
// figure counts the tied lm_head a second time: + vocab x hidden = 262,144 x 2,816.
// Stored adds 30 layer_scalar and 2 x 1,152 std_bias / std_scale buffers.
TEST(configs_2026_test, gemma4_counts_the_tied_head_once) {
  const auto published = Published();
  if (published.empty()) GTEST_SKIP();
  const char* file = "google__gemma-4-26B-A4B.json";
  const ModelSpec m = Parse(file);
  const ParamBreakdown p = count_params(m);
  EXPECT_EQ(p.towers, 572'792'112u);
  EXPECT_EQ(p.total, 25'805'933'872u);
  EXPECT_EQ(published.at(file) - p.total, 262'144u * 2'816);
  EXPECT_EQ(stored_params(m), p.total + 30 + 2 * 1'152);
}

// Gemma-4 KV: 25 sliding layers x 2 x 8 kv_heads x 256 keep 1,024 tokens; 5 global
// layers (K = V, yet both cached) x 2 x 2 x 512 keep every token. At 32,768 tokens
// in BF16: (5 x 2,048 x 32,768 + 25 x 4,096 x 1,024) x 2 B = 880,803,840 B (840 MiB).
TEST(configs_2026_test, gemma4_global_layers_cache_k_and_v) {
  if (Published().empty()) GTEST_SKIP();
  const ModelSpec m = Parse("google__gemma-4-26B-A4B.json");
  EXPECT_EQ(Bytes(Infer(m, 32768, 1), Component::kKVCache), 880'803'840u);
  EXPECT_EQ(Bytes(Infer(m, 512, 2), Component::kKVCache), 2u * 512 * (5 * 2'048 + 25 * 4'096) * 2);
}

// MiMo-V2-Flash (mimo_v2_flash.md, count_mimo_v2_flash.py): 308,778,768,832
// parameters. The trimmed config lacks num_nextn_predict_layers; with the
// checkpoint's 3 MTP layers (987,820,224) the FP8 stored count is within the
// 110,016 elements the research left open (which Linears the repo keeps in BF16
// is not in the file) of the published 309,785,318,400.
TEST(configs_2026_test, mimo_v2_flash_counts_and_kv) {
  const auto published = Published();
  if (published.empty()) GTEST_SKIP();
  const char* file = "XiaomiMiMo__MiMo-V2-Flash.json";
  EXPECT_EQ(count_params(Parse(file)).total, 308'778'768'832u);
  std::string text = testing::ReadFile(kDir + "/" + file);
  text.insert(text.find('{') + 1, "\"num_nextn_predict_layers\": 3,");
  auto with_mtp = parse_config_json(text, file);
  ASSERT_TRUE(with_mtp.ok());
  EXPECT_EQ(count_params(with_mtp.value()).mtp, 987'820'224u);
  const int64_t residual = static_cast<int64_t>(stored_params(with_mtp.value())) -
                           static_cast<int64_t>(published.at(file));
  EXPECT_LE(residual < 0 ? -residual : residual, 110'016);
  // 9 full layers x 4 kv_heads x (192 + 128) every token; 39 sliding layers x 8 x
  // (192 + 128) keep 128 tokens. BF16 at 4,096 tokens: (9 x 1,280 x 4,096 + 39 x
  // 2,560 x 128) x 2 B = 119,930,880 B.
  EXPECT_EQ(Bytes(Infer(Parse(file), 4096, 1), Component::kKVCache), 119'930'880u);
}

// Rows published as rounded figures: Qwen3-32B-FP8 "32.8B" (model card),
// Kimi-K2.5 "1T" (1,026,879,376,368: text + MoonViT, quant_config_test).
TEST(configs_2026_test, rounded_rows_within_their_rounding) {
  const auto published = Published();
  if (published.empty()) GTEST_SKIP();
  const uint64_t qwen = count_params(Parse("Qwen__Qwen3-32B-FP8.json")).total;
  EXPECT_LT(qwen > 32'800'000'000u ? qwen - 32'800'000'000u : 32'800'000'000u - qwen, 50'000'000u);
  const uint64_t kimi = count_params(Parse("moonshotai__Kimi-K2.5.json")).total;
  EXPECT_EQ((kimi + 500'000'000'000u) / 1'000'000'000'000u, 1u);
}

// Step-3.7-Flash (step3p7.md, count_step3p7.py): no published count. The trimmed
// file lacks attention_other_setting; with the checkpoint's 96 query / 8 KV heads
// on the 33 sliding layers the text model has 196,940,008,512 parameters and the 3
// MTP layers (sliding MoE layers with their own vocab x hidden heads)
// 15,652,025,952. KV: 12 full layers x 2 x 8 x 128 x 2 B = 49,152 B per token; 33
// sliding layers x 4,096 B keep 512 tokens.
TEST(configs_2026_test, step3p7_heads_mtp_and_kv) {
  if (Published().empty()) GTEST_SKIP();
  std::string text = testing::ReadFile(kDir + "/stepfun-ai__Step-3.7-Flash.json");
  text.insert(
      text.find('{') + 1,
      R"("attention_other_setting": {"num_attention_heads": 96, "num_attention_groups": 8},)");
  auto m = parse_config_json(text, "step");
  ASSERT_TRUE(m.ok()) << m.error().message;
  const ParamBreakdown p = count_params(m.value());
  EXPECT_EQ(p.total - p.mtp, 196'940'008'512u);
  EXPECT_EQ(p.mtp, 15'652'025'952u);
  EXPECT_EQ(Bytes(Infer(m.value(), 8192, 1), Component::kKVCache),
            49'152u * 8192 + 33u * 4'096 * 512);
}

// DeepSeek-V4 (deepseek_v4.md, count_deepseek_v4.py, from the repo's inference/
// model.py): learnable parameters Flash 290,942,289,362 and Pro 1,598,837,347,742
// (MTP included, the I64 tid2eid tables not); their HF totals 158,069,433,298 and
// 861,608,274,846 (models.tsv notes) count the packed FP4 experts, E8M0 scales and
// tables as stored: equal to stored_params. Flash weight bytes 159,609,485,896
// (FP4 pairs + E8M0 scales, FP8 + E8M0 blocks, BF16, FP32, I64) less 2 B for each of
// the 65,553 FP32 hc_head elements of the MTP layer, priced BF16 here.
// Cache (BF16): 21 ratio-4 layers x (512 + 128) / 4 + 20 ratio-128 layers x 512 /
// 128 = 6,880 B per token; fixed per sequence 17,842,176 B (43 rings of 128 x 512
// BF16 + FP32 compressor states).
TEST(configs_2026_test, deepseek_v4_counts_bytes_and_cache) {
  if (Published().empty()) GTEST_SKIP();
  const ModelSpec flash = Parse("deepseek-ai__DeepSeek-V4-Flash.json");
  const ModelSpec pro = Parse("deepseek-ai__DeepSeek-V4-Pro.json");
  EXPECT_EQ(count_params(flash).total, 290'942'289'362u);
  EXPECT_EQ(count_params(pro).total, 1'598'837'347'742u);
  EXPECT_EQ(stored_params(flash), 158'069'433'298u);
  EXPECT_EQ(stored_params(pro), 861'608'274'846u);
  EXPECT_EQ(flash.checkpoint.bytes, 159'609'485'896u - 2 * (4 * 4 * 4096 + 4 + 1));
  const Estimate e = Infer(flash, 8192, 1);
  EXPECT_EQ(Bytes(e, Component::kKVCache), 6'880u * 8192);
  EXPECT_EQ(Bytes(e, Component::kState), 17'842'176u);
}

}  // namespace
}  // namespace vramcalc
