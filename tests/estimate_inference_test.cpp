// estimate.h, inference: REFERENCE.md section 2's worked examples (KV cache of
// Llama-7B, the BERT-base textbook total) plus hand-derived weights, GQA KV,
// bare parameter counts and the logits peak of the HF runtime.
#include <gtest/gtest.h>

#include "estimate.h"
#include "model_source.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::Bytes;
using testing::IsConsistent;
using testing::IsOk;

ModelSpec Load(const char* name) {
  auto r = testing::LoadTestConfig(name);
  EXPECT_TRUE(IsOk(r)) << name;
  return r.ok() ? r.value() : ModelSpec{};
}

Workload Inference(uint64_t batch, uint64_t seq) {
  Workload w;
  w.mode = Mode::kInference;
  w.batch = batch;
  w.seq = seq;
  return w;
}

Estimate Est(const ModelSpec& m, const Workload& w, const Hardware& h = {}) {
  return testing::EstimateChecked(m, w, h);
}

// REFERENCE.md 2: Llama-7B (hidden 4096, 32 layers, MHA), seq 2048, batch 64, FP16:
// 2 (K,V) x 64 x 2048 x 32 x 4096 x 2 bytes = 68,719,476,736 bytes (64 GiB).
TEST(estimate_inference_test, reference_llama_7b_kv_batch_64) {
  Workload w = Inference(64, 2048);
  w.weight_dtype = DType::kFP16;
  w.kv_dtype = DType::kFP16;
  const Estimate e = Est(Load("llama-7b.json"), w);
  EXPECT_EQ(Bytes(e, Component::kKVCache), 68'719'476'736u);
  EXPECT_TRUE(e.at(Component::kKVCache).known);
}

// Same with batch 1: 2 x 2048 x 32 x 4096 x 2 = 1,073,741,824 bytes (about 1 GB).
TEST(estimate_inference_test, reference_llama_7b_kv_batch_1) {
  Workload w = Inference(1, 2048);
  w.weight_dtype = DType::kFP16;
  w.kv_dtype = DType::kFP16;
  EXPECT_EQ(Bytes(Est(Load("llama-7b.json"), w), Component::kKVCache), 1'073'741'824u);
}

// The textbook formula for KV is the same one.
TEST(estimate_inference_test, reference_llama_7b_kv_textbook) {
  Workload w = Inference(64, 2048);
  w.weight_dtype = DType::kFP16;
  w.kv_dtype = DType::kFP16;
  w.textbook = true;
  EXPECT_EQ(Bytes(Est(Load("llama-7b.json"), w), Component::kKVCache), 68'719'476'736u);
}

// GQA: hidden is replaced by kv_heads x head_dim = 8 x 128. Llama-3.1-8B, batch 1, seq 8192,
// BF16: 2 x 32 layers x 1024 x 2 bytes x 8192 = 1,073,741,824.
TEST(estimate_inference_test, gqa_kv_uses_kv_heads) {
  Workload w = Inference(1, 8192);
  w.kv_dtype = DType::kBF16;
  EXPECT_EQ(Bytes(Est(Load("llama-3.1-8b.json"), w), Component::kKVCache), 1'073'741'824u);
}

// Without --kv-dtype the KV cache takes the compute dtype (BF16 weights: 2 bytes).
TEST(estimate_inference_test, kv_dtype_defaults_to_compute_dtype) {
  Workload w = Inference(1, 8192);
  w.weight_dtype = DType::kBF16;
  EXPECT_EQ(Bytes(Est(Load("llama-3.1-8b.json"), w), Component::kKVCache), 1'073'741'824u);
}

// 8-bit KV halves it: 2 x 32 x 1024 x 1 byte x 8192 = 536,870,912.
TEST(estimate_inference_test, int8_kv_is_one_byte) {
  Workload w = Inference(1, 8192);
  w.kv_dtype = DType::kINT8;
  EXPECT_EQ(Bytes(Est(Load("llama-3.1-8b.json"), w), Component::kKVCache), 536'870'912u);
}

// Weights = exact parameter count x bytes: 6,738,415,616 x 2 = 13,476,831,232 (FP16) and
// x 4 = 26,953,662,464 (FP32; the Llama-2-7b fp32 checkpoint's total_size less 32 inv_freq
// buffers of 64 floats).
TEST(estimate_inference_test, weights_are_params_times_bytes) {
  const ModelSpec m = Load("llama-7b.json");
  Workload w = Inference(1, 2048);
  w.weight_dtype = DType::kFP16;
  EXPECT_EQ(Bytes(Est(m, w), Component::kWeights), 13'476'831'232u);
  w.weight_dtype = DType::kFP32;
  EXPECT_EQ(Bytes(Est(m, w), Component::kWeights), 26'953'662'464u);
}

// REFERENCE.md 2 worked example (BERT-base-like, FP32, batch 1, seq 512, textbook):
//   weights 108,768,768 params x 4                     = 435,075,072
//   activations 1 x 512 x 768 x 4 = 1,572,864 x 12     =  18,874,368
//   KV 2 x 512 x 768 x 4 = 3,145,728 x 12              =  37,748,736
//   total                                              = 491,698,176
TEST(estimate_inference_test, reference_bert_textbook_example) {
  Workload w = Inference(1, 512);
  w.weight_dtype = DType::kFP32;
  w.kv_dtype = DType::kFP32;
  w.textbook = true;
  const Estimate e = Est(Load("bert-base-uncased.json"), w);
  EXPECT_EQ(Bytes(e, Component::kWeights), 435'075'072u);
  EXPECT_EQ(Bytes(e, Component::kActivations), 18'874'368u);
  EXPECT_EQ(Bytes(e, Component::kKVCache), 37'748'736u);
  EXPECT_EQ(e.per_gpu_bytes, 491'698'176u);
  EXPECT_EQ(e.total_bytes, 491'698'176u);
}

// Outside textbook mode an encoder keeps no KV cache.
TEST(estimate_inference_test, encoder_has_no_kv_cache_in_generic_mode) {
  Workload w = Inference(1, 512);
  w.weight_dtype = DType::kFP32;
  const Estimate e = Est(Load("bert-base-uncased.json"), w);
  EXPECT_EQ(Bytes(e, Component::kKVCache), 0u);
  EXPECT_EQ(Bytes(e, Component::kWeights), 109'482'240u * 4u);
}

// Textbook activations: batch x seq x hidden x bytes per layer x layers
// = 1 x 2048 x 4096 x 2 x 32 = 536,870,912 for LLaMA-7B in FP16.
TEST(estimate_inference_test, textbook_activations_llama_7b) {
  Workload w = Inference(1, 2048);
  w.weight_dtype = DType::kFP16;
  w.textbook = true;
  EXPECT_EQ(Bytes(Est(Load("llama-7b.json"), w), Component::kActivations), 536'870'912u);
}

// A bare count knows only the weights: 7e9 x 2 bytes (BF16) = 14e9; the rest is 0 and unknown.
TEST(estimate_inference_test, bare_count_only_weights) {
  const Estimate e = Est(params_only_model(7'000'000'000u, "7b"), Inference(8, 4096));
  EXPECT_EQ(Bytes(e, Component::kWeights), 14'000'000'000u);
  for (Component c : {Component::kKVCache, Component::kActivations, Component::kLogits}) {
    EXPECT_EQ(Bytes(e, c), 0u) << to_string(c);
    EXPECT_FALSE(e.at(c).known) << to_string(c);
  }
  EXPECT_TRUE(e.at(Component::kWeights).known);
  EXPECT_EQ(e.per_gpu_bytes, 14'000'000'000u);
}

// REFERENCE.md 2: INT4 0.5 bytes/param: 7e9 -> 3.5e9 (textbook, and for a bare count).
TEST(estimate_inference_test, int4_and_nf4_weights_half_a_byte) {
  Workload w = Inference(1, 2048);
  w.textbook = true;
  for (DType t : {DType::kINT4, DType::kNF4}) {
    w.weight_dtype = t;
    EXPECT_EQ(Bytes(Est(params_only_model(7'000'000'000u, "7b"), w), Component::kWeights),
              3'500'000'000u)
        << dtype_info(t).id;
  }
  w.weight_dtype = DType::kINT8;
  EXPECT_EQ(Bytes(Est(params_only_model(7'000'000'000u, "7b"), w), Component::kWeights),
            7'000'000'000u);
}

TEST(estimate_inference_test, overhead_is_its_own_component) {
  Workload w = Inference(1, 2048);
  w.overhead_bytes = 1'300'000'000u;
  const Estimate e = Est(params_only_model(7'000'000'000u, "7b"), w);
  EXPECT_EQ(Bytes(e, Component::kOverhead), 1'300'000'000u);
  EXPECT_EQ(e.per_gpu_bytes, 15'300'000'000u);
  w.overhead_bytes = 0;
  EXPECT_EQ(Bytes(Est(params_only_model(7'000'000'000u, "7b"), w), Component::kOverhead), 0u);
}

TEST(estimate_inference_test, no_training_components) {
  const Estimate e = Est(Load("llama-7b.json"), Inference(4, 1024));
  for (Component c : {Component::kGradients, Component::kOptimizer, Component::kMasterWeights,
                      Component::kAdapters}) {
    EXPECT_EQ(Bytes(e, c), 0u) << to_string(c);
  }
  EXPECT_EQ(e.params.total, 6'738'415'616u);
  EXPECT_EQ(e.params.active, 6'738'415'616u);
  EXPECT_EQ(e.params.trainable, 0u);
}

// REFERENCE.md 4: HF upcasts the logits of every position to FP32: at least
// batch x seq x vocab x 4 = 1 x 8192 x 128256 x 4 = 4,202,692,608 bytes.
TEST(estimate_inference_test, hf_logits_upcast_to_fp32) {
  Workload w = Inference(1, 8192);
  w.runtime = Runtime::kHF;
  const ModelSpec m = Load("llama-3.1-8b.json");
  if (testing::NotModelledYet(m, w)) GTEST_SKIP() << "runtime hf is not modelled yet";
  EXPECT_GE(Bytes(Est(m, w), Component::kLogits), 4'202'692'608u);
}

// Flash attention drops the 5*a*s/h score term: never more activation memory than eager.
TEST(estimate_inference_test, flash_attention_never_costs_more) {
  const ModelSpec m = Load("llama-7b.json");
  for (Runtime rt : {Runtime::kGeneric, Runtime::kHF}) {
    Workload w = Inference(2, 2048);
    w.runtime = rt;
    w.attention = Attention::kEager;
    if (testing::NotModelledYet(m, w)) continue;  // runtime not modelled yet
    const uint64_t eager = Bytes(Est(m, w), Component::kActivations);
    w.attention = Attention::kFlash;
    EXPECT_LE(Bytes(Est(m, w), Component::kActivations), eager) << to_string(rt);
  }
}

// Components are per GPU; total_bytes multiplies by the GPU count.
TEST(estimate_inference_test, total_is_per_gpu_times_gpus) {
  Hardware h;
  h.gpus = 4;
  const Estimate e = Est(Load("llama-7b.json"), Inference(1, 2048), h);
  EXPECT_EQ(e.total_bytes, 4 * e.per_gpu_bytes);
}

TEST(estimate_inference_test, component_keys_match_contract) {
  const char* keys[kComponentCount] = {"weights",  "kv_cache",  "state",     "activations",
                                       "logits",   "gradients", "optimizer", "master_weights",
                                       "adapters", "overhead"};
  for (int i = 0; i < kComponentCount; ++i) {
    EXPECT_STREQ(to_string(static_cast<Component>(i)), keys[i]);
    EXPECT_NE(std::string(display_name(static_cast<Component>(i))), "");
  }
}

TEST(estimate_inference_test, formulas_are_filled_in) {
  Workload w = Inference(64, 2048);
  w.kv_dtype = DType::kFP16;
  const Estimate e = Est(Load("llama-7b.json"), w);
  EXPECT_FALSE(e.at(Component::kWeights).formula.empty());
  EXPECT_FALSE(e.at(Component::kKVCache).formula.empty());
  const std::string& f = e.at(Component::kKVCache).formula;
  EXPECT_TRUE(f.find("2048") != std::string::npos || f.find("2,048") != std::string::npos) << f;
}

}  // namespace
}  // namespace vramcalc
