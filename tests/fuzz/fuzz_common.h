// Shared by the libFuzzer targets of tests/fuzz: invariant checks that turn a
// wrong-but-quiet result into a crash the fuzzer can report, and the walk every
// target ends with (parameter counts, a fixed set of workloads through estimate(),
// the report JSON). A broken invariant prints what broke and calls
// __builtin_trap(), so libFuzzer saves the input as a crash reproducer.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "estimate.h"
#include "model_spec.h"
#include "param_count.h"
#include "report.h"
#include "solver.h"
#include "status.h"
#include "workload.h"

namespace vramcalc::fuzz {

// Anything past this is absurd for a parameter count or a byte count of one model
// (a 2^62-parameter model would need exabytes): a parser or estimate that succeeds
// with such a number has missed an overflow.
constexpr uint64_t kAbsurd = uint64_t{1} << 62;

#define FUZZ_CHECK(cond)                                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "FUZZ INVARIANT BROKEN: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      __builtin_trap();                                                                    \
    }                                                                                      \
  } while (0)

// An error names what is wrong in one non-empty line.
inline void check_error(const Error& e) {
  if (e.message.empty() || e.message.find('\n') != std::string::npos ||
      e.message.find('\r') != std::string::npos) {
    std::fprintf(stderr, "FUZZ INVARIANT BROKEN: error message not one non-empty line: [%s]\n",
                 e.message.c_str());
    __builtin_trap();
  }
}

template <typename T>
inline void check_result(const Result<T>& r) {
  if (!r.ok()) check_error(r.error());
}

inline void check_optional_error(const std::optional<Error>& e) {
  if (e) check_error(*e);
}

// Report text must be JSON that nlohmann reads back (no exception: allow_exceptions=false).
inline nlohmann::json check_json_text(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(!j.is_discarded());
  FUZZ_CHECK(j.is_object());
  return j;
}

// Parameter counts of a spec that check_model_bounds accepts (what estimate()
// accepts): its counts must stay below 2^62, as that check promises.
inline void check_params(const ModelSpec& m) {
  FUZZ_CHECK(!check_model_bounds(m).has_value());
  const ParamBreakdown p = count_params(m);
  FUZZ_CHECK(p.total <= kAbsurd);
  FUZZ_CHECK(p.active <= p.total);
  if (m.kind != ModelKind::kParamsOnly && !m.params_from_checkpoint) {
    uint64_t sum = 0;
    for (uint64_t part : {p.embedding, p.attention, p.mlp, p.experts, p.norms, p.head, p.other}) {
      FUZZ_CHECK(!__builtin_add_overflow(sum, part, &sum));
    }
    FUZZ_CHECK(sum == p.total);
  }
  if (m.stored_extra_params > 0) {
    uint64_t stored = 0;
    FUZZ_CHECK(!__builtin_add_overflow(p.total, m.stored_extra_params, &stored));
    FUZZ_CHECK(stored <= kAbsurd);
  }
  // The other counters must run (UBSan watches them); their values are bounded by
  // check_model_bounds' generous sum, so only the absurd is checked.
  FUZZ_CHECK(textbook_params(m) <= kAbsurd);
  FUZZ_CHECK(block_linear_params(m) <= kAbsurd);
  FUZZ_CHECK(lora_params(m, 16) <= kAbsurd);
  (void)adafactor_state_elements(m);
  check_json_text(params_json(m, p));
  check_json_text(model_json(m));
}

// A successful estimate adds up and stays sane.
inline void check_estimate(const Estimate& e, const Hardware& hw) {
  uint64_t sum = 0;
  for (int i = 0; i < kComponentCount; ++i) {
    const ComponentEstimate& c = e.components[static_cast<size_t>(i)];
    FUZZ_CHECK(c.id == static_cast<Component>(i));
    FUZZ_CHECK(c.known || c.bytes == 0);
    FUZZ_CHECK(!__builtin_add_overflow(sum, c.bytes, &sum));
  }
  FUZZ_CHECK(e.per_gpu_bytes == sum);
  uint64_t total = 0;
  FUZZ_CHECK(!__builtin_mul_overflow(e.per_gpu_bytes, hw.gpus, &total));
  FUZZ_CHECK(e.total_bytes == total);
  FUZZ_CHECK(e.params.total <= kAbsurd);
  FUZZ_CHECK(e.params.active <= e.params.total || e.params.total == 0);
  FUZZ_CHECK(e.fits == (hw.gpu_memory_bytes > 0 && e.per_gpu_bytes <= hw.gpu_memory_bytes));
  for (const std::string& n : e.notes) FUZZ_CHECK(n.find('\n') == std::string::npos);

  const nlohmann::json j = check_json_text(estimate_json(e));
  FUZZ_CHECK(j.contains("per_gpu_bytes") && j["per_gpu_bytes"].is_number_unsigned());
  FUZZ_CHECK(j["per_gpu_bytes"].get<uint64_t>() == e.per_gpu_bytes);
  FUZZ_CHECK(j.contains("total_bytes") && j["total_bytes"].get<uint64_t>() == e.total_bytes);
  (void)estimate_text(e, Units::kGiB);
}

struct Case {
  Workload w;
  Hardware h;
};

// The workloads every accepted model goes through: inference and training, full
// fine-tuning and (Q)LoRA, sharding, textbook mode, and one absurd size that must
// fail cleanly or add up. `seed` (a hash of the input) varies one extra case.
inline std::vector<Case> workloads(uint64_t seed) {
  std::vector<Case> cases;
  cases.push_back({});  // inference, bf16, batch 1 x 2048
  {
    Case c;
    c.w.batch = 4;
    c.w.seq = 32768;
    c.w.weight_dtype = DType::kINT4;
    c.w.weights_from_checkpoint = false;
    c.w.kv_dtype = DType::kFP8E4M3;
    c.w.attention = Attention::kFlash;
    cases.push_back(c);
  }
  {
    Case c;
    c.w.weight_dtype = DType::kNF4;
    c.w.weights_from_checkpoint = false;
    c.w.kv_dtype = DType::kQ4_0;
    c.h.gpus = 2;
    c.h.gpu_memory_bytes = 24ull << 30;
    cases.push_back(c);
  }
  {
    Case c;
    c.w.mode = Mode::kTraining;
    c.w.batch = 2;
    c.w.seq = 4096;
    c.w.checkpointing = Checkpointing::kSelective;
    cases.push_back(c);
  }
  {
    Case c;
    c.w.mode = Mode::kTraining;
    c.w.method = Method::kLoRA;
    c.w.lora_rank = 16;
    c.w.precision = Precision::kBF16;
    c.w.checkpointing = Checkpointing::kFull;
    c.w.attention = Attention::kFlash;
    cases.push_back(c);
  }
  {
    Case c;
    c.w.mode = Mode::kTraining;
    c.w.method = Method::kQLoRA;
    c.w.lora_rank = 64;
    c.w.optimizer = Optimizer::kAdamW8bit;
    cases.push_back(c);
  }
  {
    Case c;
    c.w.mode = Mode::kTraining;
    c.w.precision = Precision::kBF16;
    c.w.optimizer = Optimizer::kAdafactor;
    c.w.overhead_bytes = 1ull << 30;
    c.h.gpus = 8;
    c.h.zero_stage = 3;
    c.h.gpu_memory_bytes = 80ull << 30;
    cases.push_back(c);
  }
  {
    Case c;
    c.w.mode = Mode::kTraining;
    c.w.textbook = true;
    c.w.precision = Precision::kFP32;
    c.w.optimizer = Optimizer::kSGD;
    c.w.runtime = Runtime::kHF;
    cases.push_back(c);
  }
  {
    Case c;  // absurd: must fail cleanly or add up without wrapping
    c.w.batch = 1ull << 40;
    c.w.seq = 1ull << 40;
    c.w.mode = Mode::kTraining;
    c.w.precision = Precision::kFP32;
    c.h.gpus = 1u << 20;
    cases.push_back(c);
  }
  {
    // Seed-driven: every enum value is reachable across inputs.
    Case c;
    uint64_t s = seed;
    auto pick = [&s](uint64_t n) {
      const uint64_t v = s % n;
      s = s / n ^ (s * 0x9E3779B97F4A7C15ull);
      return v;
    };
    c.w.mode = pick(2) ? Mode::kTraining : Mode::kInference;
    c.w.batch = 1 + pick(64);
    c.w.seq = 1 + pick(1u << 17);
    static constexpr DType kWeights[] = {DType::kFP32, DType::kBF16, DType::kFP16, DType::kFP8E4M3,
                                         DType::kFP8E5M2, DType::kINT8, DType::kINT4, DType::kNF4};
    c.w.weight_dtype = kWeights[pick(8)];
    c.w.weights_from_checkpoint = pick(2) != 0;
    static constexpr DType kKv[] = {DType::kFP32, DType::kBF16, DType::kFP16, DType::kFP8E4M3,
                                    DType::kINT8, DType::kQ8_0, DType::kQ4_0};
    if (pick(2)) c.w.kv_dtype = kKv[pick(7)];
    c.w.runtime = pick(4) == 0 ? Runtime::kHF : Runtime::kGeneric;
    c.w.precision = static_cast<Precision>(pick(6));
    c.w.optimizer = static_cast<Optimizer>(pick(5));
    c.w.method = static_cast<Method>(pick(3));
    c.w.lora_rank = 1 + pick(1u << 16);
    c.w.checkpointing = static_cast<Checkpointing>(pick(3));
    c.w.attention = static_cast<Attention>(pick(2));
    c.w.overhead_bytes = pick(2) ? pick(1ull << 34) : 0;
    c.w.textbook = pick(8) == 0;
    c.h.gpus = 1 + pick(1024);
    c.h.zero_stage = static_cast<int>(pick(4));
    c.h.gpu_memory_bytes = pick(2) ? (1 + pick(192)) << 30 : 0;
    cases.push_back(c);
  }
  return cases;
}

inline uint64_t fnv1a(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull;
  for (char ch : bytes) h = (h ^ static_cast<uint8_t>(ch)) * 1099511628211ull;
  return h;
}

// Per-GPU bytes of `c` with batch / seq replaced, or nothing when it fails.
inline std::optional<uint64_t> bytes_at(const ModelSpec& m, Case c, uint64_t batch, uint64_t seq) {
  c.w.batch = batch;
  c.w.seq = seq;
  Result<Estimate> e = estimate(m, c.w, c.h);
  check_result(e);
  if (!e.ok()) return std::nullopt;
  check_estimate(e.value(), c.h);
  return e.value().per_gpu_bytes;
}

// Everything downstream of a parsed model: counts, every workload, report JSON,
// monotonicity in batch and seq (the solver's binary search relies on it), and a
// solver call on one workload.
// A spec past check_model_bounds skips the counts: estimate() must refuse it.
inline void exercise_model(const ModelSpec& m, uint64_t seed) {
  if (!check_model_bounds(m)) check_params(m);
  const std::vector<Case> cases = workloads(seed);
  for (const Case& c : cases) {
    Result<Estimate> e = estimate(m, c.w, c.h);
    check_result(e);
    if (!e.ok()) continue;
    check_estimate(e.value(), c.h);
    (void)workload_json(c.w, c.h);
  }
  // Every component is non-decreasing in batch and in sequence length.
  for (size_t i : {size_t{0}, size_t{3}, size_t{4}, cases.size() - 1}) {
    const Case& c = cases[i];
    const auto a = bytes_at(m, c, 1, 1000);
    const auto b = bytes_at(m, c, 2, 1000);
    const auto s = bytes_at(m, c, 1, 1001);
    const auto t = bytes_at(m, c, 1, 70000);
    if (a && b) FUZZ_CHECK(*a <= *b);
    if (a && s) FUZZ_CHECK(*a <= *s);
    if (s && t) FUZZ_CHECK(*s <= *t);
  }
  Result<SolveResult> r = solve_max(m, cases[0].w, cases[0].h, SolveFor::kSeq, 80ull << 30);
  check_result(r);
  if (r.ok() && r.value().value > 0) FUZZ_CHECK(r.value().bytes_at_value <= (80ull << 30));
}

}  // namespace vramcalc::fuzz
