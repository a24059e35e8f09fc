// Helpers shared by the test executables: reading the test data files, building
// llama-shaped configs of any size, and gtest predicates that print a Result's
// error message when it is not ok. Header-only; each test binary includes it.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "config_parser.h"
#include "estimate.h"
#include "model_spec.h"
#include "status.h"
#include "workload.h"

namespace vramcalc::testing {

// Whole file as bytes; empty string when it cannot be read.
inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::string TestDataPath(const std::string& name) {
  return std::string(VRAMCALC_TEST_DATA_DIR) + "/" + name;
}

// Parses tests/data/<name> with the core parser.
inline Result<ModelSpec> LoadTestConfig(const std::string& name) {
  const std::string path = TestDataPath(name);
  const std::string bytes = ReadFile(path);
  if (bytes.empty()) return make_error(ErrorCode::kUnknownModel, "cannot read " + path);
  return parse_config_json(bytes, name);
}

// Succeeds when r.ok(); otherwise fails with the error id and message.
template <typename T>
::testing::AssertionResult IsOk(const Result<T>& r) {
  if (r.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "error " << to_string(r.error().code) << ": " << r.error().message;
}

// Succeeds when r failed with `code` and a non-empty one-line message.
template <typename T>
::testing::AssertionResult FailsWith(const Result<T>& r, ErrorCode code) {
  if (r.ok())
    return ::testing::AssertionFailure() << "expected error " << to_string(code) << ", got a value";
  const Error& e = r.error();
  if (e.code != code) {
    return ::testing::AssertionFailure() << "expected error " << to_string(code) << ", got "
                                         << to_string(e.code) << ": " << e.message;
  }
  if (e.message.empty()) return ::testing::AssertionFailure() << "empty error message";
  if (e.message.find('\n') != std::string::npos) {
    return ::testing::AssertionFailure() << "message is not one line: " << e.message;
  }
  return ::testing::AssertionSuccess();
}

// A llama-family config.json (gated MLP, RMSNorm, rotary, untied head, no biases).
struct LlamaShape {
  uint64_t layers = 32;
  uint64_t hidden = 4096;
  uint64_t heads = 32;
  uint64_t kv_heads = 32;
  uint64_t intermediate = 11008;
  uint64_t vocab = 32000;
  uint64_t max_positions = 4096;
};

inline std::string LlamaConfigJson(const LlamaShape& s) {
  std::ostringstream j;
  j << "{\"model_type\":\"llama\",\"architectures\":[\"LlamaForCausalLM\"],"
    << "\"hidden_size\":" << s.hidden << ",\"intermediate_size\":" << s.intermediate
    << ",\"num_hidden_layers\":" << s.layers << ",\"num_attention_heads\":" << s.heads
    << ",\"num_key_value_heads\":" << s.kv_heads << ",\"vocab_size\":" << s.vocab
    << ",\"max_position_embeddings\":" << s.max_positions
    << ",\"rms_norm_eps\":1e-06,\"tie_word_embeddings\":false,\"hidden_act\":\"silu\"}";
  return j.str();
}

inline Result<ModelSpec> LlamaSpec(const LlamaShape& s) {
  return parse_config_json(LlamaConfigJson(s), "llama-shape.json");
}

// Sum of all component bytes, or false when that sum overflows 64 bits.
inline bool SumComponents(const Estimate& e, uint64_t* sum) {
  uint64_t total = 0;
  for (const ComponentEstimate& c : e.components) {
    if (__builtin_add_overflow(total, c.bytes, &total)) return false;
  }
  *sum = total;
  return true;
}

// Every Estimate must hold these, whatever the inputs.
inline ::testing::AssertionResult IsConsistent(const Estimate& e, uint64_t gpus) {
  for (int i = 0; i < kComponentCount; ++i) {
    if (static_cast<int>(e.components[i].id) != i) {
      return ::testing::AssertionFailure()
             << "components[" << i << "] has id " << static_cast<int>(e.components[i].id);
    }
  }
  uint64_t sum = 0;
  if (!SumComponents(e, &sum)) return ::testing::AssertionFailure() << "components overflow";
  if (sum != e.per_gpu_bytes) {
    return ::testing::AssertionFailure()
           << "per_gpu_bytes " << e.per_gpu_bytes << " != sum of components " << sum;
  }
  uint64_t total = 0;
  if (__builtin_mul_overflow(e.per_gpu_bytes, gpus, &total) || total != e.total_bytes) {
    return ::testing::AssertionFailure()
           << "total_bytes " << e.total_bytes << " != per_gpu_bytes x " << gpus << " GPUs";
  }
  return ::testing::AssertionSuccess();
}

// Runs estimate() and checks the invariants every result must hold (ok, and the
// components adding up); an empty Estimate when it failed.
inline Estimate EstimateChecked(const ModelSpec& m, const Workload& w, const Hardware& h = {}) {
  auto r = estimate(m, w, h);
  EXPECT_TRUE(IsOk(r));
  if (!r.ok()) return Estimate{};
  EXPECT_TRUE(IsConsistent(r.value(), h.gpus));
  return r.value();
}

inline uint64_t Bytes(const Estimate& e, Component c) { return e.at(c).bytes; }

// EstimateChecked for inference with BF16 weights: `batch` sequences of `seq` tokens.
inline Estimate InferBf16(const ModelSpec& m, uint64_t seq, uint64_t batch = 1) {
  Workload w;
  w.mode = Mode::kInference;
  w.seq = seq;
  w.batch = batch;
  w.weight_dtype = DType::kBF16;
  return EstimateChecked(m, w);
}

// True when the core declines this workload's runtime (or another knob) as not modelled
// yet (kUnsupported). Tests of a runtime's own semantics skip then; they run once it lands.
inline bool NotModelledYet(const ModelSpec& m, const Workload& w) {
  auto r = estimate(m, w, Hardware{});
  return !r.ok() && r.error().code == ErrorCode::kUnsupported;
}

// The estimate of `m` under CLI options (key, value), each applied as the CLI does;
// a rejected option or a failed estimate fails the test (and gives an empty Estimate).
inline Estimate EstimateWithOptions(const ModelSpec& m,
                                    const std::vector<std::pair<std::string, std::string>>& opts) {
  Workload w;
  Hardware h;
  for (const auto& [k, v] : opts) {
    auto err = apply_option(w, h, k, v);
    EXPECT_FALSE(err.has_value()) << k << "=" << v << ": " << (err ? err->message : "");
  }
  auto e = estimate(m, w, h);
  EXPECT_TRUE(IsOk(e));
  return e.ok() ? e.value() : Estimate{};
}

}  // namespace vramcalc::testing
