// Shared by the libFuzzer targets of tests/fuzz: invariant checks that turn a
// wrong-but-quiet result into a crash the fuzzer can report, and the walk every
// target ends with (parameter counts, a fixed set of workloads through estimate(),
// the report JSON). A broken invariant prints what broke and calls
// __builtin_trap(), so libFuzzer saves the input as a crash reproducer.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "estimate.h"
#include "gpus.h"
#include "model_spec.h"
#include "param_count.h"
#include "printable.h"
#include "quant_storage.h"
#include "report.h"
#include "solver.h"
#include "status.h"
#include "workload.h"

namespace vramcalc::fuzz {

// Anything past this is absurd for a parameter count or a byte count of one model
// (a 2^62-parameter model would need exabytes): a parser or estimate that succeeds
// with such a number has missed an overflow.
constexpr uint64_t kAbsurd = uint64_t{1} << 62;

#define FUZZ_CHECK(cond)                                                                      \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      std::fprintf(stderr, "FUZZ INVARIANT BROKEN: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      __builtin_trap();                                                                       \
    }                                                                                         \
  } while (0)

// Text that may reach a terminal: no control byte at all (printable.h's rule), capped.
inline bool is_printable_text(const std::string& s, size_t cap) {
  if (s.size() > cap) return false;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

// An error names what is wrong in one non-empty printable line.
inline void check_error(const Error& e) {
  if (e.message.empty() || !is_printable_text(e.message, kMaxLineBytes)) {
    std::fprintf(stderr, "FUZZ INVARIANT BROKEN: error message not one printable line: [%s]\n",
                 e.message.c_str());
    __builtin_trap();
  }
}

// Every text field of a parsed model went through printable().
inline void check_model_text(const ModelSpec& m) {
  FUZZ_CHECK(is_printable_text(m.name, kMaxNameBytes));
  FUZZ_CHECK(is_printable_text(m.model_type, kMaxNameBytes));
  for (const std::string& n : m.notes) FUZZ_CHECK(is_printable_text(n, kMaxLineBytes));
  FUZZ_CHECK(is_printable_text(m.stored_extra_reason, kMaxLineBytes));
  FUZZ_CHECK(is_printable_text(m.checkpoint.dtypes, kMaxLineBytes));
  FUZZ_CHECK(is_printable_text(m.adapter.description, kMaxLineBytes));
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
  FUZZ_CHECK(p.active_no_embedding <= p.active);
  FUZZ_CHECK(stored_params(m) <= kAbsurd);
  if (m.kind != ModelKind::kParamsOnly && !m.params_from_checkpoint) {
    uint64_t sum = 0;
    for (uint64_t part : {p.embedding, p.attention, p.recurrent, p.mlp, p.experts, p.norms, p.head,
                          p.other, p.towers, p.mtp}) {
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

// A successful estimate adds up and stays sane (cheap: no report).
inline void check_estimate(const Estimate& e, const Hardware& hw) {
  uint64_t sum = 0;
  for (int i = 0; i < kComponentCount; ++i) {
    const ComponentEstimate& c = e.components[static_cast<size_t>(i)];
    FUZZ_CHECK(c.id == static_cast<Component>(i));
    FUZZ_CHECK(c.known || c.bytes == 0);
    FUZZ_CHECK(!__builtin_add_overflow(sum, c.bytes, &sum));
  }
  FUZZ_CHECK(e.per_gpu_bytes == sum);
  // Over all GPUs: each share (pipeline stage) times its GPUs; the busiest share
  // is the per-GPU figure, so no share exceeds it.
  uint64_t total = 0, gpus = 0;
  for (const GpuShare& s : e.gpu_shares) {
    uint64_t t = 0;
    FUZZ_CHECK(!__builtin_mul_overflow(s.total, s.gpus, &t));
    FUZZ_CHECK(!__builtin_add_overflow(total, t, &total));
    FUZZ_CHECK(s.total <= e.per_gpu_bytes);
    gpus += s.gpus;
  }
  FUZZ_CHECK(e.total_bytes == total);
  FUZZ_CHECK(gpus == hw.gpus);
  FUZZ_CHECK(e.params.total <= kAbsurd);
  FUZZ_CHECK(e.params.active <= e.params.total || e.params.total == 0);
  // Fits: memory known, the busiest GPU within it, and the runtime would start.
  FUZZ_CHECK(e.fits == (hw.gpu_memory_bytes > 0 && e.per_gpu_bytes <= hw.gpu_memory_bytes &&
                        e.runtime.failure.empty()));
  for (const std::string& n : e.notes) FUZZ_CHECK(n.find('\n') == std::string::npos);
}

// The report of a successful estimate: JSON that reads back with the same numbers.
inline void check_estimate_report(const Estimate& e) {
  const nlohmann::json j = check_json_text(estimate_json(e));
  FUZZ_CHECK(j.contains("per_gpu_bytes") && j["per_gpu_bytes"].is_number_unsigned());
  FUZZ_CHECK(j["per_gpu_bytes"].get<uint64_t>() == e.per_gpu_bytes);
  FUZZ_CHECK(j.contains("total_bytes") && j["total_bytes"].get<uint64_t>() == e.total_bytes);
  (void)estimate_text(e, Units::kGiB);
}

struct Case {
  Workload w;
  Hardware h;
  bool probe = true;  // also checked for monotonicity in batch and seq (costs 4 estimates)
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
    c.probe = false;
    cases.push_back(c);
  }
  {
    Case c;
    c.w.weight_dtype = DType::kNF4;
    c.w.weights_from_checkpoint = false;
    c.w.kv_dtype = DType::kQ4_0;
    c.h.gpus = 2;
    c.h.gpu_memory_bytes = 24ull << 30;
    c.probe = false;
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
    c.probe = false;
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
    c.probe = false;
    cases.push_back(c);
  }
  {
    Case c;  // absurd: must fail cleanly or add up without wrapping
    c.w.batch = 1ull << 40;
    c.w.seq = 1ull << 40;
    c.w.mode = Mode::kTraining;
    c.w.precision = Precision::kFP32;
    c.h.gpus = 1u << 20;
    c.probe = false;
    cases.push_back(c);
  }
  {
    Case c;  // vLLM: KV blocks from what is left of the budget
    c.w.runtime = Runtime::kVLLM;
    c.h.gpu_memory_bytes = 80ull << 30;
    cases.push_back(c);
  }
  {
    Case c;  // llama.cpp with part of the layers on the GPU
    c.w.runtime = Runtime::kLlamaCpp;
    c.w.gpu_layers = 10;
    c.w.kv_dtype = DType::kQ8_0;
    c.h.gpu_memory_bytes = 24ull << 30;
    cases.push_back(c);
  }
  {
    Case c;  // tensor + pipeline parallel with optimizer offload
    c.w.mode = Mode::kTraining;
    c.w.optimizer = Optimizer::kPagedAdamW8bit;
    c.h.gpus = 16;
    c.h.tp = 2;
    c.h.pp = 2;
    c.h.zero_stage = 2;
    c.h.offload = Offload::kOptimizer;
    cases.push_back(c);
  }
  {
    Case c;  // parameters offloaded, ZeRO-3
    c.w.mode = Mode::kTraining;
    c.w.optimizer = Optimizer::kLion;
    c.h.gpus = 4;
    c.h.zero_stage = 3;
    c.h.offload = Offload::kParams;
    c.probe = false;
    cases.push_back(c);
  }
  // Seed-driven: options set through apply_option() from its own table, so every
  // option (and any added later) is reached across inputs, values at their edges.
  for (int round = 0; round < 2; ++round) {
    Case c;
    uint64_t s = seed ^ (0x9E3779B97F4A7C15ull * static_cast<uint64_t>(round + 1));
    auto pick = [&s](uint64_t n) {
      s ^= s >> 31;
      s *= 0xBF58476D1CE4E5B9ull;
      s ^= s >> 29;
      return n == 0 ? 0 : s % n;
    };
    static const char* const kCounts[] = {"0",
                                          "1",
                                          "2",
                                          "3",
                                          "7",
                                          "64",
                                          "4096",
                                          "65536",
                                          "1048576",
                                          "1099511627776",
                                          "1099511627777"};
    static const char* const kBytes[] = {
        "0", "1", "1073741824", "85899345920", "1125899906842624", "1125899906842625"};
    static const char* const kFractions[] = {"0", "0.5", "0.9", "1", "1.5", "-0.1", "nan"};
    for (const OptionInfo& o : all_options()) {
      if (pick(3) != 0) continue;  // each option set a third of the time
      std::string value;
      switch (o.kind) {
        case OptionKind::kChoice: {
          std::vector<std::string> choices;
          if (std::string(o.key) == "gpu") {
            for (const GpuInfo& g : all_gpus()) choices.emplace_back(g.id);
          } else {
            std::string all = o.choices;
            for (size_t at = 0; at <= all.size();) {
              const size_t bar = std::min(all.find('|', at), all.size());
              choices.push_back(all.substr(at, bar - at));
              at = bar + 1;
            }
          }
          if (choices.empty()) continue;
          value = choices[pick(choices.size())];
          break;
        }
        case OptionKind::kCount:
          value = kCounts[pick(std::size(kCounts))];
          break;
        case OptionKind::kBytes:
          value = kBytes[pick(std::size(kBytes))];
          break;
        case OptionKind::kFraction:
          value = kFractions[pick(std::size(kFractions))];
          break;
        case OptionKind::kFlag:
          value = pick(2) ? "true" : "false";
          break;
      }
      check_optional_error(apply_option(c.w, c.h, o.key, value));
    }
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
  check_model_text(m);
  if (!check_model_bounds(m)) check_params(m);
  const std::vector<Case> cases = workloads(seed);
  for (const Case& c : cases) {
    Result<Estimate> e = estimate(m, c.w, c.h);
    check_result(e);
    if (!e.ok()) continue;
    check_estimate(e.value(), c.h);
    check_estimate_report(e.value());
    (void)workload_json(c.w, c.h);
  }
  // Every component is non-decreasing in batch and in sequence length (not vLLM's:
  // its KV cache is what is left of a fixed budget; not Ollama's: it offloads
  // fewer layers when a larger context leaves less room, as its scheduler does).
  for (const Case& c : cases) {
    if (!c.probe || c.w.runtime == Runtime::kVLLM || c.w.runtime == Runtime::kOllama) continue;
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
