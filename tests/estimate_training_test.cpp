// estimate.h, training: REFERENCE.md section 3's bytes per parameter for each
// precision scheme and optimizer, its worked examples (Llama 3.1 8B mixed precision,
// LLaMA-6B INT8), LoRA/QLoRA and ZeRO sharding over GPUs.
#include <gtest/gtest.h>

#include "estimate.h"
#include "model_source.h"
#include "param_count.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::Bytes;
using testing::IsConsistent;
using testing::IsOk;

constexpr uint64_t kG = 1'000'000'000u;  // the articles' GB

ModelSpec Load(const char* name) {
  auto r = testing::LoadTestConfig(name);
  EXPECT_TRUE(IsOk(r)) << name;
  return r.ok() ? r.value() : ModelSpec{};
}

ModelSpec Bare(uint64_t params) { return params_only_model(params, "bare"); }

Workload Training(Precision p, Optimizer o = Optimizer::kAdamW) {
  Workload w;
  w.mode = Mode::kTraining;
  w.precision = p;
  w.optimizer = o;
  w.batch = 1;
  w.seq = 2048;
  return w;
}

Estimate Est(const ModelSpec& m, const Workload& w, const Hardware& h = {}) {
  return testing::EstimateChecked(m, w, h);
}

struct PerParam {
  uint64_t weights, master, grads, optimizer;
};

void ExpectStatic(const Estimate& e, uint64_t params, PerParam b) {
  EXPECT_EQ(Bytes(e, Component::kWeights), b.weights * params);
  EXPECT_EQ(Bytes(e, Component::kMasterWeights), b.master * params);
  EXPECT_EQ(Bytes(e, Component::kGradients), b.grads * params);
  EXPECT_EQ(Bytes(e, Component::kOptimizer), b.optimizer * params);
}

// REFERENCE.md 3 worked example: Llama 3.1 8B (8e9), BF16 mixed precision, AdamW:
// weights 2 x 8e9 = 16 GB + FP32 master 4 x 8e9 = 32 GB, gradients 2 x 8e9 = 16 GB,
// optimizer (4 + 4) x 8e9 = 64 GB; total 128 GB (ZeRO's 16 Psi).
TEST(estimate_training_test, reference_llama_3_1_8b_mixed_adamw) {
  for (bool textbook : {true, false}) {
    Workload w = Training(Precision::kMixed);
    w.textbook = textbook;
    const Estimate e = Est(Bare(8 * kG), w);
    EXPECT_EQ(Bytes(e, Component::kWeights), 16 * kG);
    EXPECT_EQ(Bytes(e, Component::kMasterWeights), 32 * kG);
    EXPECT_EQ(Bytes(e, Component::kGradients), 16 * kG);
    EXPECT_EQ(Bytes(e, Component::kOptimizer), 64 * kG);
    EXPECT_EQ(Bytes(e, Component::kActivations), 0u);
    EXPECT_FALSE(e.at(Component::kActivations).known);
    EXPECT_EQ(e.per_gpu_bytes, 128 * kG);
    EXPECT_EQ(e.total_bytes, 128 * kG);
    EXPECT_EQ(e.params.trainable, 8 * kG);
  }
}

// REFERENCE.md 3 table: full FP16 = 2 + 2 + 2 x 2 = 8 bytes/param (pure BF16 the same:
// PyTorch keeps AdamW states in the parameters' dtype).
TEST(estimate_training_test, pure_16_bit_is_8_bytes_per_param) {
  for (Precision p : {Precision::kFP16, Precision::kBF16}) {
    const Estimate e = Est(Bare(kG), Training(p));
    ExpectStatic(e, kG, {2, 0, 2, 4});
    EXPECT_EQ(e.per_gpu_bytes, 8 * kG) << to_string(p);
  }
}

// FP32: 4 + 4 + (4 + 4) = 16 bytes/param.
TEST(estimate_training_test, fp32_is_16_bytes_per_param) {
  const Estimate e = Est(Bare(kG), Training(Precision::kFP32));
  ExpectStatic(e, kG, {4, 0, 4, 8});
  EXPECT_EQ(e.per_gpu_bytes, 16 * kG);
}

// AMP: FP32 parameters, gradients and states (autocast copies are not pinned here).
TEST(estimate_training_test, amp_keeps_fp32_params_grads_states) {
  const Estimate e = Est(Bare(kG), Training(Precision::kAMP));
  EXPECT_GE(Bytes(e, Component::kWeights), 4 * kG);
  EXPECT_EQ(Bytes(e, Component::kGradients), 4 * kG);
  EXPECT_EQ(Bytes(e, Component::kOptimizer), 8 * kG);
  EXPECT_EQ(Bytes(e, Component::kMasterWeights), 0u);
}

// REFERENCE.md 3 worked example (LLaMA-6B, INT8 training): weights 6 GB + gradients 6 GB
// + AdamW 2 x 6 GB = 12 GB + 1.3 GB CUDA kernels = 25.3 GB.
TEST(estimate_training_test, reference_llama_6b_int8) {
  Workload w = Training(Precision::kINT8);
  w.textbook = true;
  w.overhead_bytes = 1'300'000'000u;
  const Estimate e = Est(Bare(6 * kG), w);
  ExpectStatic(e, 6 * kG, {1, 0, 1, 2});
  EXPECT_EQ(Bytes(e, Component::kOverhead), 1'300'000'000u);
  EXPECT_EQ(e.per_gpu_bytes, 25'300'000'000u);
}

// Same example's activations, for a llama-7B-shaped config (hidden 4096, intermediate 11008,
// 32 layers), seq 2048, batch 1, 1 byte: (4096 + 11008) x 2048 x 32 x 1 = 989,855,744 bytes.
TEST(estimate_training_test, reference_llama_6b_int8_activations) {
  Workload w = Training(Precision::kINT8);
  w.textbook = true;
  w.batch = 1;
  w.seq = 2048;
  const ModelSpec m = Load("llama-7b.json");
  EXPECT_EQ(Bytes(Est(m, w), Component::kActivations), 989'855'744u);
  // "an 80 GB A100 fits a batch of about 50": 50 sequences take 50 x 989,855,744.
  w.batch = 50;
  EXPECT_EQ(Bytes(Est(m, w), Component::kActivations), 49'492'787'200u);
}

// With a config the static parts use the exact count P = 6,738,415,616 (LLaMA-7B):
// mixed AdamW = 2P weights, 4P master, 2P gradients, 8P optimizer.
TEST(estimate_training_test, exact_count_mixed_adamw_llama_7b) {
  const uint64_t p = 6'738'415'616u;
  const Estimate e = Est(Load("llama-7b.json"), Training(Precision::kMixed));
  ExpectStatic(e, p, {2, 4, 2, 8});
  EXPECT_EQ(e.params.total, p);
  EXPECT_EQ(e.params.trainable, p);
  EXPECT_EQ(Bytes(e, Component::kAdapters), 0u);
  EXPECT_GT(Bytes(e, Component::kActivations), 0u);
  EXPECT_TRUE(e.at(Component::kActivations).known);
}

// SGD with momentum keeps one state: 4 bytes/param in FP32 (mixed and fp32 schemes),
// 2 bytes in pure BF16.
TEST(estimate_training_test, sgd_one_state) {
  EXPECT_EQ(
      Bytes(Est(Bare(kG), Training(Precision::kFP32, Optimizer::kSGD)), Component::kOptimizer),
      4 * kG);
  EXPECT_EQ(
      Bytes(Est(Bare(kG), Training(Precision::kMixed, Optimizer::kSGD)), Component::kOptimizer),
      4 * kG);
  EXPECT_EQ(
      Bytes(Est(Bare(kG), Training(Precision::kBF16, Optimizer::kSGD)), Component::kOptimizer),
      2 * kG);
}

// bitsandbytes 8-bit AdamW: 2 bytes/param for both states together.
TEST(estimate_training_test, adamw_8bit_two_bytes_per_param) {
  for (Precision p : {Precision::kMixed, Precision::kFP32, Precision::kBF16}) {
    EXPECT_EQ(Bytes(Est(Bare(kG), Training(p, Optimizer::kAdamW8bit)), Component::kOptimizer),
              2 * kG)
        << to_string(p);
  }
}

TEST(estimate_training_test, no_optimizer_no_states) {
  EXPECT_EQ(
      Bytes(Est(Bare(kG), Training(Precision::kFP32, Optimizer::kNone)), Component::kOptimizer),
      0u);
}

// Adafactor factors its second moment: far below AdamW's 8 bytes/param.
TEST(estimate_training_test, adafactor_below_adamw) {
  const ModelSpec m = Load("llama-7b.json");
  const uint64_t adamw = Bytes(Est(m, Training(Precision::kFP32)), Component::kOptimizer);
  const uint64_t adafactor =
      Bytes(Est(m, Training(Precision::kFP32, Optimizer::kAdafactor)), Component::kOptimizer);
  EXPECT_GT(adafactor, 0u);
  EXPECT_LT(adafactor, adamw / 2);
}

// REFERENCE.md 3: "A 7B model with LoRA needs about 14 GB": the BF16 base (2 x 7e9) is
// frozen, so it has no gradients, optimizer states or master copy.
TEST(estimate_training_test, lora_bare_7b_base_weights_14gb) {
  for (Precision p : {Precision::kBF16, Precision::kMixed}) {
    Workload w = Training(p);
    w.method = Method::kLoRA;
    w.weight_dtype = DType::kBF16;
    const Estimate e = Est(Bare(7 * kG), w);
    EXPECT_EQ(Bytes(e, Component::kWeights), 14 * kG) << to_string(p);
    EXPECT_EQ(Bytes(e, Component::kGradients), 0u);
    EXPECT_EQ(Bytes(e, Component::kOptimizer), 0u);
    EXPECT_EQ(Bytes(e, Component::kMasterWeights), 0u);
  }
}

// LoRA r=16 on LLaMA-7B trains 39,976,960 adapter params (param_count_test). With FP32
// AdamW each takes 4 (weight) + 4 (gradient) + 8 (states) = 16 bytes: 639,631,360 bytes,
// all in the adapters component.
TEST(estimate_training_test, lora_adapters_component) {
  Workload w = Training(Precision::kFP32);
  w.method = Method::kLoRA;
  w.lora_rank = 16;
  const Estimate e = Est(Load("llama-7b.json"), w);
  EXPECT_EQ(e.params.trainable, 39'976'960u);
  EXPECT_EQ(e.params.total, 6'738'415'616u);
  EXPECT_EQ(Bytes(e, Component::kAdapters), 639'631'360u);
  EXPECT_EQ(Bytes(e, Component::kGradients), 0u);
  EXPECT_EQ(Bytes(e, Component::kOptimizer), 0u);
  EXPECT_EQ(Bytes(e, Component::kMasterWeights), 0u);
}

// REFERENCE.md 3 table: QLoRA (NF4 base) 0.5 bytes/param: 7e9 -> 3.5e9 in textbook mode,
// about a quarter of LoRA's 14e9.
TEST(estimate_training_test, qlora_nf4_half_byte_per_param) {
  Workload w = Training(Precision::kBF16);
  w.method = Method::kQLoRA;
  w.weight_dtype = DType::kNF4;
  w.textbook = true;
  const Estimate e = Est(Bare(7 * kG), w);
  EXPECT_EQ(Bytes(e, Component::kWeights), 3'500'000'000u);
  EXPECT_EQ(Bytes(e, Component::kGradients), 0u);
  EXPECT_EQ(Bytes(e, Component::kOptimizer), 0u);
}

// QLoRA's base on a real config is at most LoRA's BF16 base / 3 (0.5 bytes + constants).
TEST(estimate_training_test, qlora_base_far_below_lora) {
  const ModelSpec m = Load("llama-7b.json");
  Workload w = Training(Precision::kBF16);
  w.method = Method::kLoRA;
  const uint64_t lora = Bytes(Est(m, w), Component::kWeights);
  w.method = Method::kQLoRA;
  w.weight_dtype = DType::kNF4;
  EXPECT_LT(Bytes(Est(m, w), Component::kWeights), lora / 3);
}

// ZeRO over 4 GPUs, 8e9 params mixed AdamW (16 + 32 + 16 + 64 GB unsharded):
//   stage 1: optimizer 64/4 = 16, master 32/4 = 8      -> 16 + 8 + 16 + 16 = 56 GB per GPU
//   stage 2: + gradients 16/4 = 4                      -> 44 GB
//   stage 3: + weights 16/4 = 4                        -> 32 GB (= 16 Psi / N)
TEST(estimate_training_test, zero_stages_shard_over_gpus) {
  Hardware h;
  h.gpus = 4;
  const uint64_t expected[4] = {128 * kG, 56 * kG, 44 * kG, 32 * kG};
  for (int stage = 0; stage <= 3; ++stage) {
    h.zero_stage = stage;
    const Estimate e = Est(Bare(8 * kG), Training(Precision::kMixed), h);
    EXPECT_EQ(e.per_gpu_bytes, expected[stage]) << "stage " << stage;
    EXPECT_EQ(e.total_bytes, 4 * expected[stage]) << "stage " << stage;
  }
  h.zero_stage = 1;
  const Estimate s1 = Est(Bare(8 * kG), Training(Precision::kMixed), h);
  EXPECT_EQ(Bytes(s1, Component::kOptimizer), 16 * kG);
  EXPECT_EQ(Bytes(s1, Component::kMasterWeights), 8 * kG);
  EXPECT_EQ(Bytes(s1, Component::kGradients), 16 * kG);
  EXPECT_EQ(Bytes(s1, Component::kWeights), 16 * kG);
}

// Shards round up: no GPU holds less than its share, none more than one param's bytes extra.
TEST(estimate_training_test, zero_shards_round_up) {
  const uint64_t p = 1'000'000'001u;
  const Estimate whole = Est(Bare(p), Training(Precision::kMixed));
  Hardware h;
  h.gpus = 4;
  h.zero_stage = 3;
  const Estimate shard = Est(Bare(p), Training(Precision::kMixed), h);
  for (Component c : {Component::kWeights, Component::kMasterWeights, Component::kGradients,
                      Component::kOptimizer}) {
    const uint64_t full = Bytes(whole, c);
    const uint64_t part = Bytes(shard, c);
    EXPECT_GE(part * 4, full) << to_string(c);
    EXPECT_LE(part, full / 4 + 16) << to_string(c);
  }
}

TEST(estimate_training_test, zero_on_one_gpu_changes_nothing) {
  Hardware h;
  h.zero_stage = 3;
  EXPECT_EQ(Est(Bare(8 * kG), Training(Precision::kMixed), h).per_gpu_bytes, 128 * kG);
}

// Data parallel without ZeRO: every GPU holds everything.
TEST(estimate_training_test, data_parallel_without_zero_replicates) {
  Hardware h;
  h.gpus = 8;
  const Estimate e = Est(Bare(8 * kG), Training(Precision::kMixed), h);
  EXPECT_EQ(e.per_gpu_bytes, 128 * kG);
  EXPECT_EQ(e.total_bytes, 8 * 128 * kG);
}

// Checkpointing stores less: full <= selective <= none.
TEST(estimate_training_test, checkpointing_reduces_activations) {
  const ModelSpec m = Load("llama-7b.json");
  for (Runtime rt : {Runtime::kGeneric, Runtime::kHF}) {
    Workload w = Training(Precision::kBF16);
    w.runtime = rt;
    w.batch = 2;
    w.checkpointing = Checkpointing::kNone;
    if (testing::NotModelledYet(m, w)) continue;  // runtime not modelled yet
    const uint64_t none = Bytes(Est(m, w), Component::kActivations);
    w.checkpointing = Checkpointing::kSelective;
    const uint64_t selective = Bytes(Est(m, w), Component::kActivations);
    w.checkpointing = Checkpointing::kFull;
    const uint64_t full = Bytes(Est(m, w), Component::kActivations);
    EXPECT_LE(selective, none) << to_string(rt);
    EXPECT_LE(full, selective) << to_string(rt);
    EXPECT_LT(full, none) << to_string(rt);
  }
}

}  // namespace
}  // namespace vramcalc
