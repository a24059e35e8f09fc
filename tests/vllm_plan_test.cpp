// --runtime vllm as v0.19 plans memory per GPU (runtime_vllm*.cpp): tensor and
// pipeline parallel shares, the hybrid allocator's groups, the batch defaults and
// the refusal to start. Expected values derived by hand from vLLM's formulas
// (docs/research/runtimes/vllm_v019.md) and published configs.
#include <gtest/gtest.h>

#include "config_parser.h"
#include "estimate.h"
#include "fit.h"
#include "presets.h"
#include "solver.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::IsOk;

constexpr uint64_t kH100 = 85'029'615'042;  // 79.19 GiB, as CUDA reports an H100 80GB
constexpr uint64_t kMiB = 1ull << 20;

// The sampler warm-up's live set on one GPU (gpu_model_runner.py _dummy_sampler_run,
// sampler.py, topk_topp_triton.py): per request and vocabulary entry the BF16
// logits, their FP32 copy, the FP32 probabilities and the FP32 noise (2 + 4 + 4 + 4
// B); the Triton kernel's FP32 scratch of `scratch` rows; the forward's output of
// `tokens` rows, its last-token rows and the random copy fed to the sampler (BF16);
// and torch's cuBLAS workspace.
uint64_t SamplerPeak(uint64_t rows, uint64_t vocab, uint64_t hidden, uint64_t tokens,
                     uint64_t scratch, uint64_t workspace) {
  return rows * vocab * 14 + scratch * vocab * 4 + (tokens + 2 * rows) * hidden * 2 + workspace;
}

Estimate Vllm(const char* preset, std::vector<std::pair<std::string, std::string>> opts) {
  Workload w;
  Hardware h;
  opts.insert(opts.begin(), {{"runtime", "vllm"}, {"gpu-memory-bytes", std::to_string(kH100)}});
  for (const auto& [k, v] : opts) {
    auto err = apply_option(w, h, k, v);
    EXPECT_FALSE(err.has_value()) << k << "=" << v << ": " << (err ? err->message : "");
  }
  auto m = load_preset(*find_preset(preset));
  EXPECT_TRUE(IsOk(m));
  auto e = estimate(m.value(), w, h);
  EXPECT_TRUE(IsOk(e));
  return e.ok() ? e.value() : Estimate{};
}

uint64_t Requested(uint64_t total, uint64_t permille) { return (total * permille + 999) / 1000; }

// The issue's acceptance for vLLM: Llama-3.3-70B on 2 x H100 with TP 2 and 32k
// context. Per GPU: 35,277,512,704 parameters x 2 B (gpu_shares_test) + the
// rotary table 131,072 x 128 x 2 B; the sampler peak of 1,024 requests over
// 128,256 entries with 132 scratch rows (an H100's SMs) and 32 MiB of cuBLAS
// workspace (sm_90); non-torch 2.07 GiB (TP >= 2); KV page 16 tokens x 80 layers x 4 heads x
// 256 x 2 B = 2,621,440 B. At gpu_memory_utilization 0.95 it holds 32k tokens.
TEST(vllm_plan_test, llama_70b_tp2_32k_fits_on_two_h100_at_095) {
  const Estimate e =
      Vllm("llama-3.3-70b",
           {{"gpus", "2"}, {"tp", "2"}, {"seq", "32768"}, {"gpu-memory-utilization", "0.95"}});
  const uint64_t weights = 70'555'025'408ull + 33'554'432;
  EXPECT_EQ(e.at(Component::kWeights).bytes, weights);
  const uint64_t peak = SamplerPeak(1024, 128256, 8192, 8192, 132, 32 * kMiB);
  EXPECT_EQ(e.at(Component::kActivations).bytes, peak);
  const uint64_t non_torch = (1ull << 30) * 207 / 100;
  EXPECT_EQ(e.at(Component::kOverhead).bytes, non_torch);
  const uint64_t blocks = (Requested(kH100, 950) - weights - peak - non_torch) / 2'621'440;
  EXPECT_EQ(e.runtime.kv_blocks, blocks);
  EXPECT_EQ(e.runtime.kv_tokens, blocks * 16);
  EXPECT_GE(e.runtime.kv_tokens, 32768u);
  EXPECT_TRUE(e.fits) << e.runtime.failure;
  EXPECT_EQ(e.gpu_shares.size(), 1u);
  EXPECT_EQ(e.gpu_shares[0].gpus, 2u);
  // At vLLM's default 0.9 the 32k request does not fit: vLLM refuses to start.
  const Estimate d = Vllm("llama-3.3-70b", {{"gpus", "2"}, {"tp", "2"}, {"seq", "32768"}});
  EXPECT_FALSE(d.fits);
  EXPECT_NE(d.runtime.failure.find("less than one request"), std::string::npos);
}

// PP 2 of Llama-3.1-8B: 16 layers per stage; the sampler warms up on the last
// stage only, so that stage has less room and decides the block count for both.
TEST(vllm_plan_test, pipeline_stages_share_the_fewest_blocks) {
  const Estimate e =
      Vllm("llama-3.1-8b",
           {{"gpus", "2"}, {"pp", "2"}, {"seq", "8192"}, {"gpu-memory-utilization", "0.95"}});
  ASSERT_EQ(e.gpu_shares.size(), 2u);
  const auto& s0 = e.gpu_shares[0].bytes;
  const auto& s1 = e.gpu_shares[1].bytes;
  const int kv = static_cast<int>(Component::kKVCache),
            act = static_cast<int>(Component::kActivations);
  EXPECT_EQ(s0[kv], s1[kv]);
  EXPECT_EQ(s0[kv], e.runtime.kv_blocks * 16 * 16 * 4096);  // 16 layers x 8 heads x 256 x 2 B
  // Stage 0: the forward of 8,192 tokens, 2 x 4,096 + 3 x 14,336 values x 2 B,
  // beside the 32 MiB cuBLAS workspace its first matmul allocates.
  EXPECT_EQ(s0[act], 8192ull * (8192 + 43008) * 2 + 32 * kMiB);
  EXPECT_EQ(s1[act], SamplerPeak(1024, 128256, 4096, 8192, 132, 32 * kMiB));
  EXPECT_EQ(e.at(Component::kOverhead).bytes, (1ull << 30) * 7 / 100);  // PP: 0.07 GiB
  EXPECT_EQ(e.busiest_share, 1u);
}

// Gemma-2-27B: 23 sliding-window and 23 full layers make two groups of 23; the
// printed tokens divide the shared pool by both groups (the all-layers-full
// count), while a request needs 512 full blocks + cdiv(min(4095 + 8192, 8192), 16)
// + 1 = 513 window blocks.
TEST(vllm_plan_test, sliding_window_groups_as_the_hybrid_allocator) {
  const Estimate e = Vllm("gemma-2-27b", {{"seq", "8192"}, {"gpu-memory-utilization", "0.95"}});
  const uint64_t page = 16ull * 16 * 256 * 2;  // 16 tokens x 16 KV heads x (128 + 128) x 2 B
  EXPECT_EQ(e.at(Component::kKVCache).bytes, e.runtime.kv_blocks * 23 * page);
  EXPECT_EQ(e.runtime.kv_tokens, e.runtime.kv_blocks / 2 * 16);
  EXPECT_DOUBLE_EQ(e.runtime.max_concurrency, static_cast<double>(e.runtime.kv_blocks) / 1025.0);
}

// Qwen3-Next: 12 attention and 36 Gated DeltaNet layers. At TP 4 one rank keeps
// one of the 2 KV heads (256 + 256 x 2 B = 1,024 B per token and layer) and a
// DeltaNet state of 32 x 128 x 128 / 4 x 2 B + (2 x 16 x 128 + 32 x 128) x 3 / 4 x
// 2 B = 274,432 B: the attention block grows to 16 x cdiv(274,432, 16 x 1,024) =
// 272 tokens (vLLM logs "Setting attention block size to 272 tokens").
TEST(vllm_plan_test, mamba_hybrid_raises_the_attention_block) {
  const Estimate e = Vllm("qwen3-next-80b-a3b", {{"gpus", "4"}, {"tp", "4"}, {"seq", "8192"}});
  const uint64_t page = 272ull * 1024;
  EXPECT_EQ(e.at(Component::kKVCache).bytes, e.runtime.kv_blocks * 12 * page);
  EXPECT_EQ(e.runtime.kv_tokens, e.runtime.kv_blocks / 4 * 272);  // 1 full + 3 state groups
}

TEST(vllm_plan_test, batch_defaults_follow_the_gpu) {
  // >= 70 GiB and not an A100: 1,024 sequences in the sampler warm-up.
  EXPECT_EQ(Vllm("llama-3.1-8b", {}).at(Component::kActivations).bytes,
            SamplerPeak(1024, 128256, 4096, 8192, 132, 32 * kMiB));
  // Below 70 GiB: 2,048 tokens over 256 requests; the scratch is min(next power of
  // two of 256, 132 SMs) = 132 rows.
  const Estimate small = Vllm("llama-3.1-8b", {{"gpu-memory-bytes", std::to_string(24ull << 30)}});
  EXPECT_EQ(small.at(Component::kActivations).bytes,
            SamplerPeak(256, 128256, 4096, 2048, 132, 32 * kMiB));
}

// The profile run on catalog GPUs: an A100 (108 SMs, sm_80) gets the A100 batch
// (2,048 tokens, 256 requests), 108 scratch rows and torch's 8,519,680 B cuBLAS
// workspace; an RTX 4090 (128 SMs, sm_89) the same workspace and 128 rows; 100
// requests of a 256-token batch on an H100 take min(next power of two of 100,
// 132) = 128 rows, and 20 requests of 8,192 tokens leave the forward the peak.
TEST(vllm_plan_test, sampler_peak_follows_the_gpu) {
  const auto peak = [](const char* gpu, const char* seqs, const char* tokens = "") {
    std::vector<std::pair<std::string, std::string>> o = {{"gpu", gpu}};
    if (*seqs) o.push_back({"max-num-seqs", seqs});
    if (*tokens) o.push_back({"max-num-batched-tokens", tokens});
    return Vllm("llama-3.1-8b", o).at(Component::kActivations).bytes;
  };
  EXPECT_EQ(peak("a100-80gb", ""), SamplerPeak(256, 128256, 4096, 2048, 108, 8'519'680));
  EXPECT_EQ(peak("rtx4090-24gb", ""), SamplerPeak(256, 128256, 4096, 2048, 128, 8'519'680));
  EXPECT_EQ(peak("h100-80gb", "100", "256"), SamplerPeak(100, 128256, 4096, 256, 128, 32 * kMiB));
  const uint64_t fwd = 8192ull * (8192 + 43008) * 2 + 32 * kMiB;
  EXPECT_EQ(peak("h100-80gb", "20"), fwd);
  // Below 8 requests the PyTorch sort path: sorted FP32 values, int64 indices, FP32
  // probabilities and two bool masks beside the BF16 and FP32 logits (2 + 4 + 4 + 8
  // + 4 + 1 + 1 = 24 B) with no scratch; with 8 tokens it outweighs the forward.
  EXPECT_EQ(peak("h100-80gb", "4"), fwd);
  EXPECT_EQ(peak("h100-80gb", "4", "8"), 4ull * 128256 * 24 + (8 + 8) * 4096 * 2 + 32 * kMiB);
}

// vLLM refuses a tensor-parallel degree the heads do not divide by (config/model.py,
// QKVParallelLinear): Llama-3.3-70B has 64 query and 8 KV heads, so TP 3 and 6
// are refused and TP 16 replicates each KV head on two ranks; Qwen2.5-7B has 28
// and 4, so TP 7 divides the query heads but neither divides the other's KV
// count. On 60 GB GPUs the 141 GB of weights would fit three ways (47 GB each),
// so the fewest GPUs are 4, not 3.
TEST(vllm_plan_test, tensor_parallel_must_divide_the_heads) {
  Workload w;
  w.runtime = Runtime::kVLLM;
  Hardware h;
  h.gpu_memory_bytes = 60'000'000'000;
  auto m = load_preset(*find_preset("llama-3.3-70b"));
  ASSERT_TRUE(IsOk(m));
  for (uint64_t tp : {3u, 6u}) {
    h.tp = h.gpus = tp;
    auto e = estimate(m.value(), w, h);
    ASSERT_FALSE(e.ok()) << tp;
    EXPECT_NE(e.error().message.find("attention heads (64) divisible by tensor parallel"),
              std::string::npos);
  }
  h.tp = h.gpus = 16;
  EXPECT_TRUE(estimate(m.value(), w, h).ok());
  h.tp = h.gpus = 1;
  auto gpus = solve_min_gpus(m.value(), w, h, h.gpu_memory_bytes, 16);
  ASSERT_TRUE(IsOk(gpus));
  EXPECT_EQ(gpus.value(), 4u);
  auto q = load_preset(*find_preset("qwen2.5-7b"));
  ASSERT_TRUE(IsOk(q));
  h.tp = h.gpus = 7;
  auto e = estimate(q.value(), w, h);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("KV heads (4)"), std::string::npos);
}

// gpt-oss-120b's MXFP4 experts (36 layers x 128 experts, width and hidden 2,880)
// in vLLM's kernel layout, per expert: on an H100 (Triton) the swizzled scales
// kept beside the loaded ones, rows padded to 256 (5,888 x 90 + 3,072 x 90 B),
// and the biases cast to FP32 ((5,760 + 2,880) x 2 B more); on an A100 (Marlin)
// the width padded to 2,944 and the hidden size to 3,072: 3 x 2,944 x 3,072 x
// (1/2 + 1/32) B against 3 x 2,880 x 2,880 x (1/2 + 1/32) B.
TEST(vllm_plan_test, mxfp4_experts_in_the_kernel_layout) {
  const auto weights = [](const char* gpu) {
    return Vllm("gpt-oss-120b", {{"gpu", gpu}}).at(Component::kWeights).bytes;
  };
  const uint64_t stored = 65'248'815'744ull + 131'072ull * 64 * 2;  // + the rotary table
  const uint64_t hopper = 36ull * 128 * ((5888 + 3072) * 90 + (5760 + 2880) * 2);
  EXPECT_EQ(weights("h100-80gb"), stored + hopper);
  const uint64_t marlin =
      36ull * 128 * (3ull * 2944 * 3072 * 17 / 32 - 3ull * 2880 * 2880 * 17 / 32);
  EXPECT_EQ(weights("a100-80gb"), stored + marlin);
}

// The solver asks vLLM's question: the longest max_model_len it starts with is the
// KV capacity in tokens (the profile run does not depend on it), and the largest
// batch of 8k sequences is the whole number of them the blocks hold.
TEST(vllm_plan_test, solver_stops_where_vllm_refuses_to_start) {
  Workload w;
  Hardware h;
  for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"runtime", "vllm"}, {"gpu", "rtx4090-24gb"}}) {
    ASSERT_FALSE(apply_option(w, h, k, v).has_value());
  }
  const ModelSpec m = load_preset(*find_preset("llama-3.1-8b")).value();
  auto e = estimate(m, w, h);
  ASSERT_TRUE(IsOk(e));
  auto seq = solve_max(m, w, h, SolveFor::kSeq, h.gpu_memory_bytes);
  ASSERT_TRUE(IsOk(seq));
  EXPECT_EQ(seq.value().value, e.value().runtime.kv_tokens);
  w.seq = 8192;
  auto batch = solve_max(m, w, h, SolveFor::kBatch, h.gpu_memory_bytes);
  ASSERT_TRUE(IsOk(batch));
  EXPECT_EQ(batch.value().value, e.value().runtime.kv_blocks / 512);  // 8192 / 16 blocks each
}

// MTP drafting (speculative_config method "mtp"): DeepSeek-V3's next-n layer adds
// its own latent cache page (64 tokens x 576 x 2 B, FlashMLA's block) beside the 61
// layers', and its weights to the last stage.
TEST(vllm_plan_test, mtp_drafting_adds_its_layer_and_cache) {
  const std::vector<std::pair<std::string, std::string>> base = {
      {"gpu-memory-bytes", std::to_string(150ull << 30)},
      {"gpus", "8"},
      {"tp", "8"},
      {"weight-dtype", "fp8"}};
  auto with = base;
  with.push_back({"speculative-tokens", "1"});
  const Estimate off = Vllm("deepseek-v3", base), on = Vllm("deepseek-v3", with);
  EXPECT_EQ(off.at(Component::kKVCache).bytes, off.runtime.kv_blocks * 61 * 64 * 576 * 2);
  EXPECT_EQ(on.at(Component::kKVCache).bytes, on.runtime.kv_blocks * 62 * 64 * 576 * 2);
  EXPECT_GT(on.at(Component::kWeights).bytes, off.at(Component::kWeights).bytes);
  EXPECT_LT(on.runtime.kv_blocks, off.runtime.kv_blocks);
}

// kaitchup/Phi-4-AutoRound-GPTQ-4bit: Phi-4's published shape (40 layers, hidden
// 5120, 40 heads, 10 KV heads, MLP 17920, vocab 100352, untied) with GPTQ 4-bit,
// group 128. Per layer 340,787,200 linear weights -> 170,393,600 B packed; scales:
// 2,662,400 groups (out rows x in/128) x 2 B, zero points x 0.5 B; embeddings,
// head and norms 1,028,019,200 x 2 B: 9,138,022,400 B, as vLLM loads it (vllm-009
// logged 8.5107 GiB = 9,138,294,541 B). The checkpoint also stores an I32 g_idx
// per Linear (4 x in: 194,560 B per layer), which Marlin drops without desc_act.
TEST(vllm_plan_test, gptq_weights_as_the_quantization_config_says) {
  auto m = parse_config_json(
      R"({"model_type":"phi3","vocab_size":100352,"hidden_size":5120,"intermediate_size":17920,
          "num_hidden_layers":40,"num_attention_heads":40,"num_key_value_heads":10,
          "max_position_embeddings":16384,"tie_word_embeddings":false,
          "quantization_config":{"quant_method":"gptq","bits":4,"group_size":128,"sym":true}})",
      "phi-4-gptq");
  ASSERT_TRUE(IsOk(m));
  const uint64_t layer = 170'393'600ull + 2'662'400ull * 2 + 2'662'400ull / 2;
  const uint64_t loaded = 40 * layer + 1'028'019'200ull * 2;
  EXPECT_EQ(m.value().checkpoint.bytes, loaded + 40 * 194'560ull);
  // AWQ (GEMM) stores the same qweight, scales and zero points, and no g_idx.
  auto awq = parse_config_json(
      R"({"model_type":"phi3","vocab_size":100352,"hidden_size":5120,"intermediate_size":17920,
          "num_hidden_layers":40,"num_attention_heads":40,"num_key_value_heads":10,
          "max_position_embeddings":16384,
          "quantization_config":{"quant_method":"awq","w_bit":4,"q_group_size":128}})",
      "phi-4-awq");
  ASSERT_TRUE(IsOk(awq));
  EXPECT_EQ(awq.value().checkpoint.bytes, loaded);
  // Under vLLM both load the same bytes (its weights add the rotary table to both).
  Workload w;
  w.runtime = Runtime::kVLLM;
  Hardware h;
  h.gpu_memory_bytes = 80ull << 30;
  auto gptq_e = estimate(m.value(), w, h), awq_e = estimate(awq.value(), w, h);
  ASSERT_TRUE(IsOk(gptq_e) && IsOk(awq_e));
  EXPECT_EQ(gptq_e.value().at(Component::kWeights).bytes,
            awq_e.value().at(Component::kWeights).bytes);
}

}  // namespace
}  // namespace vramcalc
