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

void BM_Sweep10k(benchmark::State& state) {
  const auto m = Llama8b();
  for (auto _ : state) {
    vramcalc::Workload w;
    uint64_t sum = 0;
    for (uint64_t b = 1; b <= 100; ++b) {
      for (uint64_t s = 1; s <= 100; ++s) {
        w.batch = b;
        w.seq = s * 128;
        sum += vramcalc::estimate(m, w, {}).value().per_gpu_bytes;
      }
    }
    benchmark::DoNotOptimize(sum);
  }
}
BENCHMARK(BM_Sweep10k)->Unit(benchmark::kMillisecond);

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
