// knob_text.h: the knobs a workload shows, their tooltips and their values in words,
// which the knob form and the screen-reader mirror (ControlsText) share. Expected
// labels are the UI's words written out here ("Runtime: vLLM"), not read back from
// the code under test.
#include "knob_text.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace vramcalc::ui {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size()) {
    const size_t nl = text.find('\n', at);
    out.push_back(text.substr(at, nl - at));
    at = nl == std::string::npos ? text.size() : nl + 1;
  }
  return out;
}

bool Has(const std::string& text, const std::string& line) {
  for (const std::string& l : Lines(text)) {
    if (l == line) return true;
  }
  return false;
}

TEST(knob_text_test, controls_name_each_shown_knob_with_its_value) {
  UiState s = MakeInitialState();
  ASSERT_TRUE(SetOption(s, "batch", "4"));
  std::string text = ControlsText(s);
  EXPECT_TRUE(Has(text, "Batch: 4")) << text;
  EXPECT_TRUE(Has(text, "Runtime: Generic")) << text;
  EXPECT_TRUE(Has(text, "Mode: Inference")) << text;
  EXPECT_TRUE(Has(text, "Units: GB")) << text;
  EXPECT_TRUE(Has(text, "Model: " + s.model.name)) << text;
  // One line per shown knob, in the form's order, and no hidden knob.
  std::set<std::string> labels;
  for (const OptionInfo* o : ShownKnobs(s)) labels.insert(o->label);
  for (const OptionInfo& o : all_options()) {
    const bool listed = text.find(std::string("\n") + o.label + ": ") != std::string::npos;
    EXPECT_EQ(listed, labels.count(o.label) == 1) << o.key;
  }
  EXPECT_EQ(text.find("Optimizer: "), std::string::npos);  // training only
  EXPECT_EQ(text.find("Max seqs: "), std::string::npos);   // vLLM only

  ASSERT_TRUE(SetOption(s, "runtime", "vllm"));
  ASSERT_TRUE(SetOption(s, "gpu", "h100-80gb"));
  text = ControlsText(s);
  EXPECT_TRUE(Has(text, "Runtime: vLLM")) << text;
  EXPECT_NE(text.find("\nMax seqs: "), std::string::npos) << text;
  EXPECT_NE(text.find("\nGPU: NVIDIA H100 80GB"), std::string::npos) << text;
  EXPECT_EQ(text.find("\nAttention: "), std::string::npos) << text;  // vLLM's own kernels
  EXPECT_EQ(text.find("\nFlash attention: "), std::string::npos) << text;

  ASSERT_TRUE(SetOption(s, "runtime", "llamacpp"));
  text = ControlsText(s);
  EXPECT_TRUE(Has(text, "GPU layers: All")) << text;
  EXPECT_TRUE(Has(text, "Flash attention: Auto")) << text;
  EXPECT_EQ(text.find("\nMax seqs: "), std::string::npos) << text;
}

TEST(knob_text_test, training_shows_training_knobs_only) {
  UiState s = MakeInitialState();
  ASSERT_TRUE(SetOption(s, "mode", "training"));
  const std::string text = ControlsText(s);
  EXPECT_TRUE(Has(text, "Mode: Training")) << text;
  EXPECT_TRUE(Has(text, "Optimizer: AdamW") || text.find("\nOptimizer: ") != std::string::npos);
  EXPECT_NE(text.find("\nZeRO stage: 0: none"), std::string::npos) << text;
  EXPECT_NE(text.find("\nCPU offload: None"), std::string::npos) << text;
  EXPECT_EQ(text.find("\nWeights: "), std::string::npos) << text;  // inference storage
  EXPECT_EQ(text.find("\nKV cache: "), std::string::npos) << text;
  EXPECT_EQ(text.find("\nGenerate: "), std::string::npos) << text;
}

TEST(knob_text_test, the_focused_control_is_said_with_its_value) {
  UiState s = MakeInitialState();
  ASSERT_TRUE(SetOption(s, "batch", "4"));
  EXPECT_EQ(FocusText(s), "");  // nobody has the focus
  s.focus.ring = true;
  s.focus.name = "Batch";
  EXPECT_EQ(FocusText(s), "Batch: 4");
  s.focus.name = "Fetch";  // a button: its name
  EXPECT_EQ(FocusText(s), "Fetch");
  s.focus.ring = false;  // the mouse took over: silence
  EXPECT_EQ(FocusText(s), "");
}

TEST(knob_text_test, every_tooltip_is_one_sentence_in_ui_words) {
  for (const OptionInfo& o : all_options()) {
    const std::string help = KnobHelp(o);
    ASSERT_FALSE(help.empty()) << o.key;
    EXPECT_FALSE(help[0] >= 'a' && help[0] <= 'z') << o.key << ": " << help;
    EXPECT_EQ(help.back(), '.') << o.key;
    // A flag of an option reads as its label ("--tp" -> "Tensor parallel").
    for (const OptionInfo& other : all_options()) {
      const std::string flag = std::string("--") + other.key + " ";
      EXPECT_EQ(help.find(flag), std::string::npos) << o.key << ": " << help;
    }
  }
  for (const OptionInfo& o : all_options()) {
    if (std::string(o.key) == "gpus") {
      EXPECT_EQ(KnobHelp(o),
                "GPUs in all: data-parallel replicas x Tensor parallel x Pipeline parallel.");
    }
  }
}

}  // namespace
}  // namespace vramcalc::ui
