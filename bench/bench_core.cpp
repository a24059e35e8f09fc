// Core speed: one estimate (budget <= 5 us), a 10,000-point batch x seq sweep
// (budget <= 50 ms in wasm; this is the native figure), parsing a config.json and
// counting parameters, and the solver.
#include <benchmark/benchmark.h>

#include "config_parser.h"
#include "estimate.h"
#include "presets.h"
#include "solver.h"

namespace {

vramcalc::ModelSpec Llama8b() {
  return vramcalc::load_preset(*vramcalc::find_preset("llama-3.1-8b")).value();
}

void BM_EstimateInference(benchmark::State& state) {
  const auto m = Llama8b();
  vramcalc::Workload w;
  w.seq = 8192;
  for (auto _ : state) benchmark::DoNotOptimize(vramcalc::estimate(m, w, {}));
}
BENCHMARK(BM_EstimateInference);

void BM_EstimateTraining(benchmark::State& state) {
  const auto m = Llama8b();
  vramcalc::Workload w;
  w.mode = vramcalc::Mode::kTraining;
  w.method = vramcalc::Method::kLoRA;
  for (auto _ : state) benchmark::DoNotOptimize(vramcalc::estimate(m, w, {}));
}
BENCHMARK(BM_EstimateTraining);

// The numbers-only path (no formula text) into one reused Estimate, as sweeps,
// plots and the solver call it.
void BM_EstimateNumbersInference(benchmark::State& state) {
  const auto m = Llama8b();
  vramcalc::Workload w;
  w.seq = 8192;
  vramcalc::Estimate e;
  for (auto _ : state) {
    benchmark::DoNotOptimize(vramcalc::estimate_into(e, m, w, {}, vramcalc::Detail::kNumbers));
    benchmark::DoNotOptimize(e.per_gpu_bytes);
  }
}
BENCHMARK(BM_EstimateNumbersInference);

void BM_EstimateNumbersTraining(benchmark::State& state) {
  const auto m = Llama8b();
  vramcalc::Workload w;
  w.mode = vramcalc::Mode::kTraining;
  w.method = vramcalc::Method::kLoRA;
  vramcalc::Estimate e;
  for (auto _ : state) {
    benchmark::DoNotOptimize(vramcalc::estimate_into(e, m, w, {}, vramcalc::Detail::kNumbers));
    benchmark::DoNotOptimize(e.per_gpu_bytes);
  }
}
BENCHMARK(BM_EstimateNumbersTraining);

// The same for a model counted once (count_model), as the sweeps and solver do.
void BM_EstimateNumbersCounted(benchmark::State& state) {
  const auto m = Llama8b();
  const vramcalc::CountedModel counted = vramcalc::count_model(m).value();
  vramcalc::Workload w;
  w.seq = 8192;
  vramcalc::Estimate e;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        vramcalc::estimate_into(e, counted, w, {}, vramcalc::Detail::kNumbers));
    benchmark::DoNotOptimize(e.per_gpu_bytes);
  }
}
BENCHMARK(BM_EstimateNumbersCounted);

// 100 batches x 100 sequence lengths; `numbers`: the numbers-only path.
void Sweep10k(benchmark::State& state, bool numbers) {
  const auto m = Llama8b();
  for (auto _ : state) {
    vramcalc::Workload w;
    vramcalc::Estimate e;
    const vramcalc::CountedModel counted = vramcalc::count_model(m).value();
    uint64_t sum = 0;
    for (uint64_t b = 1; b <= 100; ++b) {
      for (uint64_t s = 1; s <= 100; ++s) {
        w.batch = b;
        w.seq = s * 128;
        if (numbers) {
          (void)vramcalc::estimate_into(e, counted, w, {}, vramcalc::Detail::kNumbers);
          sum += e.per_gpu_bytes;
        } else {
          sum += vramcalc::estimate(m, w, {}).value().per_gpu_bytes;
        }
      }
    }
    benchmark::DoNotOptimize(sum);
  }
}
void BM_Sweep10k(benchmark::State& state) { Sweep10k(state, false); }
void BM_Sweep10kNumbers(benchmark::State& state) { Sweep10k(state, true); }
BENCHMARK(BM_Sweep10k)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Sweep10kNumbers)->Unit(benchmark::kMillisecond);

void BM_ParseConfig(benchmark::State& state) {
  const char* json = vramcalc::find_preset("deepseek-v3")->config_json;
  for (auto _ : state) benchmark::DoNotOptimize(vramcalc::parse_config_json(json, "bench"));
}
BENCHMARK(BM_ParseConfig);

void BM_SolveMaxBatch(benchmark::State& state) {
  const auto m = Llama8b();
  vramcalc::Workload w;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        vramcalc::solve_max(m, w, {}, vramcalc::SolveFor::kBatch, 80ull << 30));
  }
}
BENCHMARK(BM_SolveMaxBatch);

}  // namespace

BENCHMARK_MAIN();
