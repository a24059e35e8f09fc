// estimate.h, properties over many inputs: every component non-decreasing in batch
// and in seq, KV cache proportional to layers and activations linear in layers,
// components summing to per_gpu_bytes without wrapping, and huge inputs failing
// with an error instead of overflowing 64 bits.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "estimate.h"
#include "model_source.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::Bytes;
using testing::IsConsistent;
using testing::IsOk;

struct Knobs {
  Mode mode;
  Runtime runtime;
  bool textbook;
  Attention attention;
  Method method;
  Checkpointing checkpointing;
};

std::string Describe(const Knobs& k) {
  std::ostringstream s;
  s << to_string(k.mode) << " runtime=" << to_string(k.runtime) << " textbook=" << k.textbook
    << " attention=" << to_string(k.attention) << " method=" << to_string(k.method)
    << " checkpointing=" << to_string(k.checkpointing);
  return s.str();
}

std::vector<Knobs> AllKnobs() {
  std::vector<Knobs> out;
  // vLLM is left out: its KV cache is whatever the fixed budget leaves after the
  // profiled peak, so it shrinks as seq grows (runtime_test checks it instead).
  // Serving runtimes do not train.
  for (Runtime rt : {Runtime::kGeneric, Runtime::kHF, Runtime::kLlamaCpp}) {
    for (bool tb : {false, true}) {
      for (Attention at : {Attention::kEager, Attention::kFlash}) {
        out.push_back({Mode::kInference, rt, tb, at, Method::kFull, Checkpointing::kNone});
        if (rt == Runtime::kLlamaCpp && !tb) continue;
        for (Method me : {Method::kFull, Method::kLoRA, Method::kQLoRA}) {
          for (Checkpointing ck :
               {Checkpointing::kNone, Checkpointing::kSelective, Checkpointing::kFull}) {
            out.push_back({Mode::kTraining, rt, tb, at, me, ck});
          }
        }
      }
    }
  }
  return out;
}

Workload Make(const Knobs& k, uint64_t batch, uint64_t seq) {
  Workload w;
  w.mode = k.mode;
  w.runtime = k.runtime;
  w.textbook = k.textbook;
  w.attention = k.attention;
  w.method = k.method;
  w.checkpointing = k.checkpointing;
  if (k.method == Method::kQLoRA) w.weight_dtype = DType::kNF4;
  w.batch = batch;
  w.seq = seq;
  return w;
}

// A combination the core declines (e.g. an encoder under a decoder-only runtime) must say
// so with kUnsupported; any other failure on these modest inputs is a bug.
bool Supported(const Result<Estimate>& r, const std::string& what) {
  if (r.ok()) return true;
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported) << what << ": " << r.error().message;
  return false;
}

struct Model {
  const char* file;
  uint64_t max_seq;  // stay within the model's position table
};
const Model kModels[] = {{"llama-7b.json", 2048},
                         {"llama-3.1-8b.json", 8192},
                         {"gpt2.json", 1024},
                         {"bert-base-uncased.json", 512}};

// Checks that each component of estimate(points[i]) is >= that of points[i-1].
void ExpectMonotonic(const ModelSpec& m, const Knobs& k, const std::vector<Workload>& points,
                     const std::string& axis) {
  Estimate prev;
  bool have_prev = false;
  for (const Workload& w : points) {
    const std::string what = std::string(m.name) + " " + Describe(k) +
                             " batch=" + std::to_string(w.batch) + " seq=" + std::to_string(w.seq);
    auto r = estimate(m, w, Hardware{});
    if (!Supported(r, what)) return;
    const Estimate& e = r.value();
    EXPECT_TRUE(IsConsistent(e, 1)) << what;
    if (have_prev) {
      for (int c = 0; c < kComponentCount; ++c) {
        EXPECT_GE(e.components[c].bytes, prev.components[c].bytes)
            << to_string(static_cast<Component>(c)) << " decreased along " << axis << " at "
            << what;
      }
      EXPECT_GE(e.per_gpu_bytes, prev.per_gpu_bytes) << what;
    }
    prev = e;
    have_prev = true;
  }
}

TEST(estimate_property_test, monotonic_in_batch) {
  for (const Model& model : kModels) {
    auto spec = testing::LoadTestConfig(model.file);
    ASSERT_TRUE(IsOk(spec)) << model.file;
    for (const Knobs& k : AllKnobs()) {
      std::vector<Workload> points;
      for (uint64_t b : {1, 2, 3, 4, 7, 8, 16, 33, 64, 256}) points.push_back(Make(k, b, 256));
      ExpectMonotonic(spec.value(), k, points, "batch");
    }
  }
}

TEST(estimate_property_test, monotonic_in_seq) {
  for (const Model& model : kModels) {
    auto spec = testing::LoadTestConfig(model.file);
    ASSERT_TRUE(IsOk(spec)) << model.file;
    for (const Knobs& k : AllKnobs()) {
      std::vector<Workload> points;
      for (uint64_t s : {1, 2, 3, 15, 16, 17, 100, 128, 500, 512, 1000, 1024, 2048, 4096, 8192}) {
        if (s <= model.max_seq) points.push_back(Make(k, 2, s));
      }
      ExpectMonotonic(spec.value(), k, points, "seq");
    }
  }
}

TEST(estimate_property_test, monotonic_for_bare_counts) {
  const ModelSpec m = params_only_model(7'000'000'000u, "7b");
  for (const Knobs& k : AllKnobs()) {
    std::vector<Workload> by_batch, by_seq;
    for (uint64_t b : {1, 2, 64}) by_batch.push_back(Make(k, b, 2048));
    for (uint64_t s : {1, 2048, 65536}) by_seq.push_back(Make(k, 1, s));
    ExpectMonotonic(m, k, by_batch, "batch");
    ExpectMonotonic(m, k, by_seq, "seq");
  }
}

// KV cache = 2 x layers x ... : exactly proportional to layers. Activations are linear in
// layers (a per-layer term plus what does not depend on depth): A(3L) - A(2L) == A(2L) - A(L).
TEST(estimate_property_test, kv_and_activations_linear_in_layers) {
  testing::LlamaShape shape;
  shape.hidden = 512;
  shape.heads = 8;
  shape.kv_heads = 2;
  shape.intermediate = 1376;
  shape.vocab = 1000;
  ModelSpec specs[3];
  for (int i = 0; i < 3; ++i) {
    shape.layers = 4u * static_cast<uint64_t>(i + 1);
    auto r = testing::LlamaSpec(shape);
    ASSERT_TRUE(IsOk(r));
    specs[i] = r.value();
  }
  for (const Knobs& k : AllKnobs()) {
    const Workload w = Make(k, 3, 640);
    Estimate e[3];
    bool ok = true;
    for (int i = 0; i < 3 && ok; ++i) {
      auto r = estimate(specs[i], w, Hardware{});
      ok = Supported(r, Describe(k));
      if (ok) e[i] = r.value();
    }
    if (!ok) continue;
    SCOPED_TRACE(Describe(k));
    const uint64_t kv1 = Bytes(e[0], Component::kKVCache);
    EXPECT_EQ(Bytes(e[1], Component::kKVCache), 2 * kv1);
    EXPECT_EQ(Bytes(e[2], Component::kKVCache), 3 * kv1);
    const uint64_t a1 = Bytes(e[0], Component::kActivations);
    const uint64_t a2 = Bytes(e[1], Component::kActivations);
    const uint64_t a3 = Bytes(e[2], Component::kActivations);
    EXPECT_LE(a1, a2);
    EXPECT_EQ(a3 - a2, a2 - a1);
    if (k.textbook) {
      EXPECT_EQ(a2, 2 * a1);  // textbook: per-layer tensors x layers only
    }
  }
}

// Decoders keep K and V for every layer in inference, so the KV cache is never zero there.
TEST(estimate_property_test, decoder_inference_has_kv) {
  auto spec = testing::LoadTestConfig("llama-3.1-8b.json");
  ASSERT_TRUE(IsOk(spec));
  for (const Knobs& k : AllKnobs()) {
    if (k.mode != Mode::kInference) continue;
    if (testing::NotModelledYet(spec.value(), Make(k, 1, 128))) continue;
    auto r = estimate(spec.value(), Make(k, 1, 128), Hardware{});
    ASSERT_TRUE(IsOk(r)) << Describe(k);
    EXPECT_GT(Bytes(r.value(), Component::kKVCache), 0u) << Describe(k);
  }
}

// ---- huge inputs: an error, never a wrapped-around number --------------------------------

constexpr uint64_t k2e40 = uint64_t{1} << 40;

ModelSpec Llama7b() {
  auto r = testing::LoadTestConfig("llama-7b.json");
  EXPECT_TRUE(IsOk(r));
  return r.ok() ? r.value() : ModelSpec{};
}

TEST(estimate_property_test, huge_batch_is_an_error) {
  const ModelSpec m = Llama7b();
  for (const Knobs& k : AllKnobs()) {
    if (testing::NotModelledYet(m, Make(k, 1, 2048))) continue;
    auto r = estimate(m, Make(k, k2e40, 2048), Hardware{});
    EXPECT_TRUE(testing::FailsWith(r, ErrorCode::kInvalidOption)) << Describe(k);
  }
}

// seq 2^40 overflows wherever a term grows with seq^2 (eager attention scores) or with
// seq x a large width; where nothing overflows (flash attention, checkpointing) a value is
// fine, but it must be exact, not wrapped: the KV cache of LLaMA-7B at 2^40 tokens is
// 2 x 32 layers x 4096 x 2 bytes x 2^40 = 2^59 bytes, and no component may come out
// smaller than at seq 2048.
TEST(estimate_property_test, huge_seq_is_an_error_or_exact) {
  const ModelSpec m = Llama7b();
  for (const Knobs& k : AllKnobs()) {
    if (testing::NotModelledYet(m, Make(k, 1, 2048))) continue;
    SCOPED_TRACE(Describe(k));
    auto r = estimate(m, Make(k, 1, k2e40), Hardware{});
    if (!r.ok()) {
      EXPECT_TRUE(testing::FailsWith(r, ErrorCode::kInvalidOption));
      continue;
    }
    auto small = estimate(m, Make(k, 1, 2048), Hardware{});
    ASSERT_TRUE(IsOk(small));
    EXPECT_TRUE(IsConsistent(r.value(), 1));
    for (int c = 0; c < kComponentCount; ++c) {
      EXPECT_GE(r.value().components[c].bytes, small.value().components[c].bytes)
          << to_string(static_cast<Component>(c));
    }
    if (k.mode == Mode::kInference) {
      EXPECT_EQ(Bytes(r.value(), Component::kKVCache), uint64_t{1} << 59);
    }
  }
}

// Eager attention keeps batch x heads x seq^2 scores: 32 x 2^80 at seq 2^40 cannot fit.
TEST(estimate_property_test, huge_seq_with_eager_attention_is_an_error) {
  Workload w;
  w.seq = k2e40;
  w.attention = Attention::kEager;
  EXPECT_TRUE(testing::FailsWith(estimate(Llama7b(), w, Hardware{}), ErrorCode::kInvalidOption));
}

TEST(estimate_property_test, huge_batch_and_seq_together_is_an_error) {
  const ModelSpec m = Llama7b();
  auto r = estimate(m, Make(AllKnobs()[0], k2e40, k2e40), Hardware{});
  EXPECT_TRUE(testing::FailsWith(r, ErrorCode::kInvalidOption));
}

// hidden 2^40: hidden^2 alone is 2^80. The parser may refuse the field, or estimate() must.
TEST(estimate_property_test, huge_hidden_size_is_an_error) {
  testing::LlamaShape shape;
  shape.hidden = k2e40;
  shape.intermediate = k2e40;
  auto spec = testing::LlamaSpec(shape);
  if (!spec.ok()) {
    EXPECT_EQ(spec.error().code, ErrorCode::kInvalidField) << spec.error().message;
    EXPECT_NE(spec.error().message.find("hidden_size"), std::string::npos);
    return;
  }
  const ModelSpec small = Llama7b();
  for (const Knobs& k : AllKnobs()) {
    if (testing::NotModelledYet(small, Make(k, 1, 1))) continue;
    auto r = estimate(spec.value(), Make(k, 1, 1), Hardware{});
    EXPECT_FALSE(r.ok()) << Describe(k) << " gave " << r.value().per_gpu_bytes << " bytes";
    if (!r.ok()) {
      EXPECT_FALSE(r.error().message.empty());
      EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
    }
  }
}

// A ModelSpec handed to estimate() directly (the JS API and the UI can build one without
// the parser's field limits): hidden 2^40 makes each Q/K/V/O matrix 2^80 elements, so the
// parameter count itself exceeds 64 bits. It must be an error, not a count wrapped mod 2^64.
TEST(estimate_property_test, huge_hidden_size_in_a_spec_is_an_error) {
  ModelSpec m = Llama7b();
  m.hidden_size = k2e40;
  m.head_dim = k2e40 / 32;
  m.intermediate_size = k2e40;
  for (const Knobs& k : AllKnobs()) {
    if (testing::NotModelledYet(Llama7b(), Make(k, 1, 1))) continue;
    auto r = estimate(m, Make(k, 1, 1), Hardware{});
    EXPECT_FALSE(r.ok()) << Describe(k) << ": weights " << Bytes(r.value(), Component::kWeights)
                         << " bytes, params.total " << r.value().params.total;
  }
}

// The parser's per-field limits do not bound products of fields: 65,536 heads of an explicit
// head_dim 2^22 on a 2^22-wide model with 2^14 layers has 2^14 x 4 x 2^22 x 2^38 = 2^76
// attention parameters. Either the parser refuses it or estimate() fails.
TEST(estimate_property_test, product_of_large_fields_is_an_error) {
  const std::string json =
      "{\"model_type\":\"llama\",\"hidden_size\":4194304,\"intermediate_size\":4194304,"
      "\"num_hidden_layers\":16384,\"num_attention_heads\":65536,"
      "\"num_key_value_heads\":65536,\"head_dim\":4194304,\"vocab_size\":16777216,"
      "\"max_position_embeddings\":4096}";
  auto spec = parse_config_json(json, "big.json");
  if (!spec.ok()) return;  // refused by the parser: fine
  auto r = estimate(spec.value(), Make(AllKnobs()[0], 1, 1), Hardware{});
  EXPECT_FALSE(r.ok()) << "weights " << Bytes(r.value(), Component::kWeights) << " bytes";
}

// LoRA rank 2^50 on LLaMA-7B: r x 78,080 per layer (1,249,280 / 16, see param_count_test)
// x 32 layers = 2^50 x 2,498,560, about 2^71 adapter parameters: an error, not a wrapped count.
TEST(estimate_property_test, huge_lora_rank_is_an_error) {
  Workload w;
  w.mode = Mode::kTraining;
  w.method = Method::kLoRA;
  w.lora_rank = uint64_t{1} << 50;
  auto r = estimate(Llama7b(), w, Hardware{});
  EXPECT_FALSE(r.ok()) << "adapters " << Bytes(r.value(), Component::kAdapters) << " bytes, "
                       << r.value().params.trainable << " trainable";
}

// 2^62 params in FP32 training: 4 x 2^62 bytes of weights alone is 2^64.
TEST(estimate_property_test, huge_bare_count_is_an_error) {
  Workload w;
  w.mode = Mode::kTraining;
  w.precision = Precision::kFP32;
  EXPECT_FALSE(estimate(params_only_model(uint64_t{1} << 62, "huge"), w, Hardware{}).ok());
}

// 2^60 params, mixed AdamW: 2^61 + 2^62 + 2^61 + 2^63 = 2^64 bytes. Each component fits in
// 64 bits; only their sum does not.
TEST(estimate_property_test, sum_overflow_is_an_error) {
  Workload w;
  w.mode = Mode::kTraining;
  w.precision = Precision::kMixed;
  auto r = estimate(params_only_model(uint64_t{1} << 60, "huge"), w, Hardware{});
  EXPECT_FALSE(r.ok()) << "per_gpu_bytes " << r.value().per_gpu_bytes;
}

// 2^59 params mixed AdamW = 2^63 bytes per GPU; over 2 GPUs the total is 2^64.
TEST(estimate_property_test, total_over_gpus_overflow_is_an_error) {
  Workload w;
  w.mode = Mode::kTraining;
  w.precision = Precision::kMixed;
  const ModelSpec m = params_only_model(uint64_t{1} << 59, "huge");
  auto one = estimate(m, w, Hardware{});
  ASSERT_TRUE(IsOk(one));
  EXPECT_EQ(one.value().per_gpu_bytes, uint64_t{1} << 63);
  Hardware h;
  h.gpus = 2;
  EXPECT_FALSE(estimate(m, w, h).ok());
}

TEST(estimate_property_test, invalid_options_are_rejected) {
  const ModelSpec m = Llama7b();
  Workload w;
  w.batch = 0;
  EXPECT_TRUE(testing::FailsWith(estimate(m, w, Hardware{}), ErrorCode::kInvalidOption));
  w = Workload{};
  w.seq = 0;
  EXPECT_TRUE(testing::FailsWith(estimate(m, w, Hardware{}), ErrorCode::kInvalidOption));
  Hardware h;
  h.gpus = 0;
  EXPECT_TRUE(testing::FailsWith(estimate(m, Workload{}, h), ErrorCode::kInvalidOption));
  h = Hardware{};
  h.zero_stage = 5;
  EXPECT_TRUE(testing::FailsWith(estimate(m, Workload{}, h), ErrorCode::kInvalidOption));
}

}  // namespace
}  // namespace vramcalc
