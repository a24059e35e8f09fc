// The verdict (core/report/verdict.h) and the page's copy of it (UiState::verdict,
// state().verdict, the mirror's first line): headroom against hand-derived bytes,
// the solver answers equal to `vramcalc fit`'s answer_fit(), fewest GPUs for a
// model too big for one, llama.cpp layers that fit (never "32 of 32" when it does
// not fit), vLLM's refusal as a warning, and which notes count as warnings.
#include "verdict.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "fit_report.h"
#include "gpus.h"
#include "ui_state.h"

namespace vramcalc::ui {
namespace {

using nlohmann::json;

UiState With(const std::string& model,
             std::initializer_list<std::pair<const char*, const char*>> kv) {
  UiState s = MakeInitialState();
  if (std::isdigit(static_cast<unsigned char>(model[0]))) {
    EXPECT_TRUE(UseParamCount(s, model));
  } else {
    EXPECT_TRUE(SelectPreset(s, model));
  }
  for (const auto& [k, v] : kv) EXPECT_TRUE(SetOption(s, k, v)) << k << " " << s.error;
  EXPECT_TRUE(s.error.empty()) << s.error;
  return s;
}

json Verdict(const UiState& s) { return json::parse(StateJson(s))["verdict"]; }

TEST(verdict_test, no_gpu_no_fit_answers) {
  const UiState s = MakeInitialState();
  ASSERT_TRUE(s.verdict.has_value());
  EXPECT_FALSE(s.verdict->fit.has_value());
  const json v = Verdict(s);
  EXPECT_FALSE(v["fits"].get<bool>());
  EXPECT_TRUE(v["headroom_bytes"].is_null());
  EXPECT_TRUE(v["max_batch"].is_null());
  EXPECT_NE(v["text"].get<std::string>().find("pick a GPU"), std::string::npos);
}

// A bare 8e9 parameters in BF16 with no overhead and no CUDA context: the weights alone, 16e9
// bytes, on the catalog's A100 80GB: 79.15 GiB = 84,987,084,800 B as CUDA reports it (vLLM's log).
TEST(verdict_test, bare_8e9_bf16_on_an_80_gib_gpu) {
  const UiState s =
      With("8e9", {{"weight-dtype", "bf16"}, {"cuda-context", "false"}, {"gpu", "a100-80gb"}});
  ASSERT_TRUE(s.estimate && s.verdict && s.verdict->fit);
  EXPECT_EQ(s.estimate->at(Component::kWeights).bytes, 16000000000u);
  EXPECT_EQ(s.estimate->per_gpu_bytes, 16000000000u);
  const uint64_t gpu = find_gpu("a100-80gb")->usable_bytes;
  EXPECT_EQ(gpu, 84987084800u);
  const json v = Verdict(s);
  EXPECT_TRUE(v["fits"].get<bool>());
  EXPECT_EQ(v["headroom_bytes"].get<int64_t>(), int64_t{84987084800} - 16000000000);
  EXPECT_EQ(v["gpu_memory_bytes"].get<uint64_t>(), gpu);
  // Nothing grows with batch or context for a bare count: the search hits its bound.
  EXPECT_TRUE(v["max_batch"]["capped"].get<bool>());
  EXPECT_EQ(v["min_gpus"].get<uint64_t>(), 1u);
  EXPECT_FALSE(v.contains("gpu_layers"));
  EXPECT_FALSE(v.contains("busiest_gpu"));
  // The unknown KV cache changes the answer: a warning beside the verdict.
  ASSERT_EQ(v["warnings"].size(), 1u);
  EXPECT_EQ(v["warnings"][0].get<std::string>().rfind("only a parameter count is known", 0), 0u);
  // The mirror leads with the verdict: 68,987,084,800 B = 68.99 GB free.
  const std::string text = ResultsText(s);
  EXPECT_EQ(text.rfind("Fits on 1 x NVIDIA A100 80GB", 0), 0u) << text;
  EXPECT_NE(text.find("68.99 GB free on the GPU."), std::string::npos) << text;
}

// 200e9 parameters in BF16 = 400e9 B: not on one A100 (84.99e9 B); tensor parallel
// splits the weights evenly, so 5 GPUs (80e9 B each) are the fewest.
TEST(verdict_test, an_oversized_model_does_not_fit_and_needs_more_gpus) {
  const UiState s =
      With("200e9", {{"weight-dtype", "bf16"}, {"cuda-context", "false"}, {"gpu", "a100-80gb"}});
  const json v = Verdict(s);
  EXPECT_FALSE(v["fits"].get<bool>());
  EXPECT_EQ(v["headroom_bytes"].get<int64_t>(), int64_t{84987084800} - 400000000000);
  EXPECT_EQ(v["min_gpus"].get<uint64_t>(), 5u);
  EXPECT_EQ(v["max_batch"]["value"].get<uint64_t>(), 0u);
  const std::string text = v["text"].get<std::string>();
  EXPECT_NE(text.find("Does not fit"), std::string::npos);
  EXPECT_NE(text.find("315.01 GB short"), std::string::npos) << text;
  EXPECT_NE(text.find("Fewest GPUs (tensor parallel): 5."), std::string::npos) << text;
}

// The page's answers are `vramcalc fit`'s (answer_fit) at the same settings.
TEST(verdict_test, solver_answers_equal_answer_fit) {
  const UiState s = With("llama-3.1-8b", {{"seq", "8192"}, {"gpu", "rtx4090-24gb"}});
  auto f = answer_fit(s.model, s.workload, s.hardware);
  ASSERT_TRUE(f.ok());
  const json v = Verdict(s);
  EXPECT_EQ(v["max_batch"]["value"].get<uint64_t>(), f.value().max_batch.value);
  EXPECT_EQ(v["max_seq"]["value"].get<uint64_t>(), f.value().max_seq.value);
  EXPECT_EQ(v["min_gpus"].get<uint64_t>(), f.value().min_gpus);
  EXPECT_GT(f.value().max_batch.value, 0u);
}

// llama.cpp: a BF16 8B (16 GB of weights) on an 8 GB card fits only some layers; the
// verdict says how many, not the "32 of 32" that -ngl asks for.
TEST(verdict_test, llamacpp_layers_that_fit_when_all_do_not) {
  const UiState s = With("llama-3.1-8b", {{"runtime", "llamacpp"}, {"gpu", "rtx4060-8gb"}});
  const json v = Verdict(s);
  EXPECT_FALSE(v["fits"].get<bool>());
  ASSERT_TRUE(v.contains("gpu_layers"));
  const uint64_t n = v["gpu_layers"]["value"].get<uint64_t>();
  EXPECT_GT(n, 0u);
  EXPECT_LT(n, 32u);
  EXPECT_EQ(v["gpu_layers"]["layers"].get<uint64_t>(), 32u);
  const std::string text = v["text"].get<std::string>();
  EXPECT_EQ(text.find("32 of 32"), std::string::npos) << text;
  EXPECT_NE(text.find(std::to_string(n) + " of 32"), std::string::npos) << text;
  // And with that -ngl it fits.
  UiState t = s;
  ASSERT_TRUE(SetOption(t, "gpu-layers", std::to_string(n)));
  EXPECT_TRUE(Verdict(t)["fits"].get<bool>());
}

// vLLM at 128k tokens on a 24 GB card: the KV cache cannot hold one request, so
// vLLM would not start; the verdict says so and the reason is a warning.
TEST(verdict_test, vllm_refusal_is_the_verdict_and_a_warning) {
  const UiState s =
      With("llama-3.1-8b", {{"runtime", "vllm"}, {"seq", "131072"}, {"gpu", "rtx4090-24gb"}});
  const json v = Verdict(s);
  EXPECT_FALSE(v["fits"].get<bool>());
  ASSERT_TRUE(v.contains("vllm"));
  EXPECT_TRUE(v["vllm"]["failure"].is_string());
  bool warned = false;
  for (const auto& w : v["warnings"])
    warned |= w.get<std::string>().rfind("vLLM would not", 0) == 0;
  EXPECT_TRUE(warned);
  EXPECT_NE(v["text"].get<std::string>().find("vLLM would not start: "), std::string::npos);
  // At 4k it starts: KV tokens and concurrency from the runtime, batch up to it.
  UiState t = s;
  ASSERT_TRUE(SetOption(t, "seq", "4096"));
  const json ok = Verdict(t);
  EXPECT_TRUE(ok["fits"].get<bool>());
  EXPECT_TRUE(ok["vllm"]["failure"].is_null());
  EXPECT_EQ(ok["vllm"]["max_concurrent_seqs"], t.estimate->runtime.max_concurrent_seqs);
  EXPECT_EQ(ok["max_batch"]["value"], t.estimate->runtime.max_concurrent_seqs);
}

// TP 2 x PP 2 over 4 GPUs: one share per stage; the busiest one is named.
TEST(verdict_test, pipeline_stages_name_the_busiest_gpu) {
  const UiState s =
      With("llama-3.1-8b", {{"gpus", "4"}, {"tp", "2"}, {"pp", "2"}, {"gpu", "h100-80gb"}});
  const json v = Verdict(s);
  ASSERT_TRUE(v.contains("busiest_gpu"));
  const GpuShare& b = s.estimate->gpu_shares[s.estimate->busiest_share];
  EXPECT_EQ(v["busiest_gpu"]["bytes"].get<uint64_t>(), b.total);
  EXPECT_EQ(b.total, s.estimate->per_gpu_bytes);
  EXPECT_EQ(v["headroom_bytes"].get<int64_t>(),
            static_cast<int64_t>(s.estimate->gpu_memory_bytes - b.total));
  EXPECT_NE(v["text"].get<std::string>().find("on the busiest GPU (" + b.device + ")"),
            std::string::npos);
}

TEST(verdict_test, which_notes_change_the_answer) {
  EXPECT_TRUE(note_changes_answer("vLLM would not start: the KV cache holds 0 tokens"));
  EXPECT_TRUE(note_changes_answer(
      "checkpoint stores 10 values, the config gives 12 parameters (some tensors are missing)"));
  EXPECT_TRUE(note_changes_answer("llama.cpp refuses a quantized V cache without flash attention"));
  EXPECT_FALSE(note_changes_answer("preset from meta-llama/Llama-3.1-8B"));
  EXPECT_FALSE(note_changes_answer("vLLM v0.19: CUDA graphs ~0.5 GiB"));
}

}  // namespace
}  // namespace vramcalc::ui
