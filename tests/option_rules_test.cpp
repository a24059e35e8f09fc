// option_rules.cpp: which options a workload uses (the knobs a UI shows) and core's
// errors in the option table's labels. Expected texts are written out by hand from
// the labels the UI shows, not produced by the translation under test.
#include <gtest/gtest.h>

#include <string>

#include "workload.h"

namespace vramcalc {
namespace {

// Every option, named as core's messages name it, comes back as its label.
TEST(option_rules_test, every_flag_becomes_its_label) {
  for (const OptionInfo& o : all_options()) {
    const std::string key = o.key;
    const std::string label = o.label;
    EXPECT_EQ(with_option_labels("option --" + key + ": 'x' is not valid"),
              label + ": 'x' is not valid")
        << key;
    EXPECT_EQ(with_option_labels("needs --" + key + ", see --" + key),
              "needs " + label + ", see " + label)
        << key;
    EXPECT_EQ(with_option_labels("--" + key), label) << key;
    EXPECT_EQ(label.find("--"), std::string::npos) << key;
  }
}

TEST(option_rules_test, core_validation_errors_in_ui_words) {
  Workload w;
  Hardware h;
  h.gpus = 1;
  h.tp = 2;
  std::optional<Error> e = validate(w, h);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(with_option_labels(e->message),
            "GPUs (1) must be a multiple of Tensor parallel x Pipeline parallel (2)");
  Hardware ok;
  EXPECT_TRUE(apply_option(w, ok, "batch", "many").has_value());
  EXPECT_EQ(with_option_labels(apply_option(w, ok, "batch", "many")->message).rfind("Batch", 0),
            0u);
}

TEST(option_rules_test, longest_key_wins_and_other_text_is_kept) {
  // --gpu and --gpus, --gpu-memory-bytes: the whole word decides.
  EXPECT_EQ(with_option_labels("--gpus 2 --gpu h100 --gpu-memory-bytes 0"),
            "GPUs 2 GPU h100 Memory/GPU 0");
  // Not options: an unknown flag, a file name with dashes, a bare double dash.
  EXPECT_EQ(with_option_labels("unknown option --frobnicate"), "unknown option --frobnicate");
  EXPECT_EQ(with_option_labels("model-00002-of-00002.safetensors: --"),
            "model-00002-of-00002.safetensors: --");
  EXPECT_EQ(with_option_labels("x--batch"), "x--batch");  // inside a word
}

TEST(option_rules_test, options_apply_to_their_runtime_and_mode) {
  Workload w;  // inference, generic
  EXPECT_TRUE(option_applies("batch", w));
  EXPECT_TRUE(option_applies("weight-dtype", w));
  EXPECT_TRUE(option_applies("attention", w));
  EXPECT_FALSE(option_applies("optimizer", w));  // training
  EXPECT_FALSE(option_applies("zero", w));
  EXPECT_FALSE(option_applies("offload", w));
  EXPECT_FALSE(option_applies("max-num-seqs", w));  // vLLM
  EXPECT_FALSE(option_applies("gpu-layers", w));    // llama.cpp
  EXPECT_FALSE(option_applies("num-ctx", w));       // Ollama
  EXPECT_FALSE(option_applies("imatrix", w));       // no GGUF file type chosen
  EXPECT_FALSE(option_applies("generate", w));      // transformers only
  EXPECT_FALSE(option_applies("no-such-option", w));

  w.runtime = Runtime::kVLLM;
  EXPECT_TRUE(option_applies("gpu-memory-utilization", w));
  EXPECT_FALSE(option_applies("attention", w));  // vLLM's own kernels
  EXPECT_FALSE(option_applies("flash-attn", w));

  w.runtime = Runtime::kLlamaCpp;
  EXPECT_TRUE(option_applies("flash-attn", w));
  EXPECT_TRUE(option_applies("kv-unified", w));
  EXPECT_FALSE(option_applies("block-size", w));

  w.runtime = Runtime::kOllama;  // llama.cpp underneath: -ngl and -ub, not llama-server's flags
  EXPECT_TRUE(option_applies("num-ctx", w));
  EXPECT_TRUE(option_applies("gpu-layers", w));
  EXPECT_TRUE(option_applies("ubatch", w));
  EXPECT_FALSE(option_applies("kv-unified", w));

  w.runtime = Runtime::kHF;
  EXPECT_TRUE(option_applies("generate", w));
  w.mode = Mode::kTraining;
  EXPECT_FALSE(option_applies("generate", w));
  EXPECT_FALSE(option_applies("weight-dtype", w));
  EXPECT_TRUE(option_applies("optimizer", w));
  EXPECT_TRUE(option_applies("zero", w));
  EXPECT_TRUE(option_applies("offload", w));
  EXPECT_FALSE(option_applies("lora-rank", w));  // full fine-tuning
  w.method = Method::kLoRA;
  EXPECT_TRUE(option_applies("lora-rank", w));
}

}  // namespace
}  // namespace vramcalc
