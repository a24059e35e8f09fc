// Serving runtimes (estimate.h with --runtime vllm / llamacpp). Expected values come
// from published measurements (../shared/refdata/measured.md) and hand derivation.
#include <gtest/gtest.h>

#include <cmath>

#include "config_parser.h"
#include "estimate.h"
#include "gguf.h"
#include "gguf_spec.h"
#include "gguf_writer.h"
#include "llamacpp_buffers.h"
#include "presets.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::IsOk;

// Phi-4-mini-instruct's published hyperparameters (microsoft/Phi-4-mini-instruct
// config.json): 32 layers, hidden 3072, 24 heads, 8 KV heads (head_dim 128),
// vocab 200064, MLP 8192, tied embeddings.
ModelSpec Phi4Mini() {
  auto m = parse_config_json(
      R"({"model_type":"phi3","vocab_size":200064,"hidden_size":3072,"intermediate_size":8192,
          "num_hidden_layers":32,"num_attention_heads":24,"num_key_value_heads":8,
          "max_position_embeddings":131072,"tie_word_embeddings":true})",
      "phi-4-mini");
  EXPECT_TRUE(IsOk(m));
  return m.value();
}

// measured.md item 2: vLLM V0 on an A100 40GB (39.56 GiB visible), fp16,
// max_seq_len 2048, gpu_memory_utilization 0.9 -> "# cuda blocks: 13618",
// "Maximum concurrency for 2048 tokens per request: 106.39x".
TEST(runtime_test, vllm_reproduces_the_phi4_mini_block_count_within_5_percent) {
  Workload w;
  w.runtime = Runtime::kVLLM;
  w.weight_dtype = DType::kFP16;
  w.seq = 2048;
  Hardware h;
  h.gpu_memory_bytes = static_cast<uint64_t>(39.56 * 1073741824.0);
  auto e = estimate(Phi4Mini(), w, h);
  ASSERT_TRUE(IsOk(e));
  const RuntimeDetails& r = e.value().runtime;
  EXPECT_NEAR(static_cast<double>(r.kv_blocks), 13618.0, 0.05 * 13618.0);
  EXPECT_NEAR(static_cast<double>(r.kv_blocks) / 128.0, 106.39, 0.05 * 106.39);
  // Hand: 2 (K,V) x 32 layers x 8 heads x 128 x 2 B = 131,072 B per token; a block of
  // 16 tokens = 2 MiB, so the KV component is blocks x 2 MiB.
  EXPECT_EQ(e.value().at(Component::kKVCache).bytes, r.kv_blocks * 2097152u);
  EXPECT_EQ(r.kv_tokens, r.kv_blocks * 16u);
  // The budget: ceil(0.9 x memory) (vLLM v0.19 v1/worker/utils.py request_memory), and
  // vLLM fills it up to less than one block.
  EXPECT_EQ(r.budget_bytes, (h.gpu_memory_bytes * 9 + 9) / 10);
  EXPECT_LE(e.value().per_gpu_bytes, r.budget_bytes);
  EXPECT_GT(e.value().per_gpu_bytes + 2097152u, r.budget_bytes);
}

TEST(runtime_test, vllm_needs_the_gpu_memory) {
  Workload w;
  w.runtime = Runtime::kVLLM;
  auto e = estimate(Phi4Mini(), w, Hardware{});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kInvalidOption);
  EXPECT_NE(e.error().message.find("gpu"), std::string::npos);
}

ModelSpec Llama31_8b() { return load_preset(*find_preset("llama-3.1-8b")).value(); }

// llama.cpp KV: n_ctx 8192, 32 layers, 8 KV heads x 128: F16 = 2 x 32 x 1024 x 8192 x 2 B
// = 1,073,741,824; q8_0 = 2 x 32 x (1024 / 32 x 34 B) x 8192 = 570,425,344.
TEST(runtime_test, llamacpp_kv_cache_in_f16_and_q8_0) {
  Workload w;
  w.runtime = Runtime::kLlamaCpp;
  w.seq = 8192;
  auto f16 = estimate(Llama31_8b(), w, Hardware{});
  ASSERT_TRUE(IsOk(f16));
  EXPECT_EQ(f16.value().at(Component::kKVCache).bytes, 1073741824u);
  w.kv_dtype = DType::kQ8_0;
  auto q8 = estimate(Llama31_8b(), w, Hardware{});
  ASSERT_TRUE(IsOk(q8));
  EXPECT_EQ(q8.value().at(Component::kKVCache).bytes, 570425344u);
}

// measured.md item 4: llama.cpp's buffer for the F16 Llama-3.1-8B GGUF is 15317.02 MiB;
// 8,030,261,248 params x 2 B = 15316.5 MiB (the rest is file padding).
TEST(runtime_test, llamacpp_f16_weights_match_the_ollama_buffer) {
  Workload w;
  w.runtime = Runtime::kLlamaCpp;
  w.weight_dtype = DType::kFP16;
  auto e = estimate(Llama31_8b(), w, Hardware{});
  ASSERT_TRUE(IsOk(e));
  const double mib = 1048576.0;
  // All layers and the output on the GPU; token embeddings (128256 x 4096 x 2 B) on the host.
  const double gpu = static_cast<double>(e.value().at(Component::kWeights).bytes);
  const double host = static_cast<double>(e.value().runtime.host_bytes);
  EXPECT_NEAR((gpu + host) / mib, 15317.02, 0.01 * 15317.02);
  const RuntimeDetails& r = e.value().runtime;
  EXPECT_EQ(r.host_bytes - r.host_compute_bytes - r.output_bytes, 128256u * 4096u * 2u);
}

// A GGUF with 4 blocks of known bytes: -ngl 2 offloads blocks 2 and 3 only.
TEST(runtime_test, llamacpp_partial_offload_counts_the_last_blocks_exactly) {
  testing::GgufWriter g;
  g.Str("general.architecture", "llama")
      .U32("llama.block_count", 4)
      .U32("llama.embedding_length", 256)
      .U32("llama.feed_forward_length", 512)
      .U32("llama.attention.head_count", 4)
      .U32("llama.attention.head_count_kv", 2)
      .U32("llama.context_length", 4096)
      .U32("llama.vocab_size", 1024);
  using namespace testing::ggml;
  g.Tensor("token_embd.weight", {256, 1024}, kQ8_0);  // 262,144 / 32 x 34 = 278,528 B
  g.Tensor("output.weight", {256, 1024}, kQ6_K);      // 262,144 / 256 x 210 = 215,040 B
  for (int i = 0; i < 4; ++i) {
    const std::string p = "blk." + std::to_string(i) + ".";
    g.Tensor(p + "attn_q.weight", {256, 256}, kQ4_K);    // 65,536 / 256 x 144 = 36,864 B
    g.Tensor(p + "ffn_down.weight", {512, 256}, kQ8_0);  // 131,072 / 32 x 34 = 139,264 B
  }
  const std::string bytes = g.Bytes();
  auto header = parse_gguf_header(bytes, g.FileSize(), "t.gguf");
  ASSERT_TRUE(IsOk(header));
  auto m = model_from_gguf(header.value(), "t.gguf");
  ASSERT_TRUE(IsOk(m));
  Workload w;
  w.runtime = Runtime::kLlamaCpp;
  w.seq = 1000;
  w.gpu_layers = 2;
  auto e = estimate(m.value(), w, Hardware{});
  ASSERT_TRUE(IsOk(e));
  const uint64_t block = 36864 + 139264;
  EXPECT_EQ(e.value().at(Component::kWeights).bytes, 2 * block);
  // KV (F16) per layer: 2 x 2 heads x 64 x 2 B x 1024 cells (llama.cpp pads n_ctx 1000
  // to 256, llama-context.cpp) = 524,288 B.
  EXPECT_EQ(e.value().at(Component::kKVCache).bytes, 2u * 524288u);
  // Host: embeddings, output (not offloaded at -ngl 2 < 5), 2 blocks, 2 layers of KV,
  // and the CUDA_Host buffers: the F32 mask 4 x 1024 x 512 + embeddings 4 x 256 x 512,
  // the logits of the CPU output layer 4 x 512 x (1024 + 256), output 4 x 1024.
  const RuntimeDetails& r = e.value().runtime;
  EXPECT_EQ(r.host_compute_bytes, 4u * 1024 * 512 + 4u * 256 * 512 + 4u * 512 * (1024 + 256));
  EXPECT_EQ(r.output_bytes, 4u * 1024);
  EXPECT_EQ(r.host_bytes,
            278528u + 215040u + 2 * block + 2 * 524288u + r.host_compute_bytes + r.output_bytes);
  EXPECT_EQ(e.value().runtime.gpu_layers, 2u);
}

// llama-model.cpp's layer split (llamacpp_buffers.md section 4): -ts 33,34,33 with
// -ngl 1000 over 80 blocks + output: act = 81, block il goes to the first device whose
// cumulative share exceeds il / 81: [0, 27) (27/81 < 33/100 <= 27.x), [27, 55), [55, 81)
// with the output (il 80) on the last: 27, 28, 25 blocks (llamacpp-006 logs 27).
TEST(runtime_test, llamacpp_layer_split_follows_tensor_split) {
  const std::vector<int> d = llamacpp_layer_devices(80, 1000, {33, 34, 33});
  ASSERT_EQ(d.size(), 81u);
  int count[3] = {0, 0, 0};
  for (size_t il = 0; il < 80; ++il) ++count[d[il]];
  EXPECT_EQ(count[0], 27);
  EXPECT_EQ(count[1], 28);
  EXPECT_EQ(count[2], 25);
  EXPECT_EQ(d[80], 2);  // the output layer
  // -ngl 10 of 32 on one device: blocks 22..31 on the GPU, the output layer on the CPU.
  const std::vector<int> p = llamacpp_layer_devices(32, 10, {1});
  EXPECT_EQ(p[21], -1);
  EXPECT_EQ(p[22], 0);
  EXPECT_EQ(p[31], 0);
  EXPECT_EQ(p[32], -1);
}

// Two GPUs share Llama-3.1-8B's 32 blocks (act 33: il / 33 < 1/2 on GPU 0, blocks 0-16;
// GPU 1 blocks 17-31 and the output layer). Each holds its layers' KV (F16, 8192 cells:
// 8 x 128 x 2 x 2 B x 8192 = 33,554,432 B per layer); the busiest, GPU 1 (15 BF16
// blocks + the 1.05 GB output layer > 17 blocks), decides the fit.
TEST(runtime_test, llamacpp_splits_layers_over_gpus) {
  Workload w;
  w.runtime = Runtime::kLlamaCpp;
  w.seq = 8192;
  Hardware h;
  h.gpus = 2;
  auto e = estimate(Llama31_8b(), w, h);
  ASSERT_TRUE(IsOk(e));
  ASSERT_EQ(e.value().gpu_shares.size(), 2u);
  const auto kv = [&](size_t d) {
    return e.value().gpu_shares[d].bytes[static_cast<int>(Component::kKVCache)];
  };
  EXPECT_EQ(kv(0), 17u * 33554432u);
  EXPECT_EQ(kv(1), 15u * 33554432u);
  EXPECT_EQ(e.value().gpu_shares[0].last_layer, 17u);
  EXPECT_EQ(e.value().busiest_share, 1u);
  EXPECT_EQ(e.value().at(Component::kKVCache).bytes, kv(1));
}

// Ollama's default num_ctx by total VRAM (server/routes.go @fb307609): 4096 below
// 23 GiB, 32768 from 23 GiB, 262144 from 47 GiB; KV = num_ctx x num_parallel x 32
// layers x 8 KV heads x (128 + 128) x 2 B: 4096 x 1 -> 536,870,912 B.
TEST(runtime_test, ollama_context_by_vram_tier) {
  Workload w;
  w.runtime = Runtime::kOllama;
  const std::pair<uint64_t, uint64_t> tiers[] = {
      {16ull << 30, 4096}, {24ull << 30, 32768}, {48ull << 30, 262144}};
  for (const auto& [memory, ctx] : tiers) {
    Hardware h;
    h.gpu_memory_bytes = memory;
    auto e = estimate(Llama31_8b(), w, h);
    ASSERT_TRUE(IsOk(e));
    EXPECT_EQ(e.value().runtime.ollama.num_ctx, ctx) << memory;
    EXPECT_EQ(e.value().runtime.ollama.kv, ctx / 4096 * 536870912u) << memory;
  }
  w.num_ctx = 2048;
  w.batch = 4;  // num_parallel: the scheduler's NumCtx = 8192
  auto e = estimate(Llama31_8b(), w, Hardware{});
  ASSERT_TRUE(IsOk(e));
  EXPECT_EQ(e.value().runtime.ollama.kv, 2u * 536870912u);
  // No GPU given: every layer and the output are offloaded (33 of 33).
  EXPECT_EQ(e.value().runtime.ollama.layers_offload, 33u);
}

TEST(runtime_test, serving_runtimes_do_not_train) {
  Workload w;
  w.mode = Mode::kTraining;
  for (Runtime rt : {Runtime::kVLLM, Runtime::kLlamaCpp, Runtime::kOllama}) {
    w.runtime = rt;
    auto e = estimate(Llama31_8b(), w, Hardware{});
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.error().code, ErrorCode::kInvalidOption);
  }
}

}  // namespace
}  // namespace vramcalc
