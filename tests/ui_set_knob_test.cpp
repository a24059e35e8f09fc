// SetKnob: what an edit of a knob on the page does beyond SetOption (ui_state.h),
// on issue 10's two questions with only the knobs a user touches: the GPUs knob
// splits an inference model over the GPUs (tensor parallel follows it until set by
// hand), and LoRA / QLoRA bring their usual recipe on knobs still at their defaults.
// Expected values are derived by hand from published counts.
#include <gtest/gtest.h>

#include <cstdint>

#include "share_link.h"
#include "ui_state.h"

namespace vramcalc::ui {
namespace {

// Issue 10's first question: Llama-3.1-70B on 2 x H100 for inference. The GPUs knob
// splits the model over both; the link says so (tp=2), so the CLI reads it the same.
TEST(ui_state_test, the_gpus_knob_splits_an_inference_model_until_tp_is_set) {
  UiState s = MakeInitialState();
  ASSERT_TRUE(SelectPreset(s, "llama-3.1-70b"));
  ASSERT_TRUE(SetOption(s, "gpu", "h100-80gb"));
  ASSERT_TRUE(SetKnob(s, "gpus", "2"));
  EXPECT_EQ(s.hardware.tp, 2u);
  // 70,553,706,496 parameters (the published count) x 2 B (BF16), half on each GPU,
  // except the RMSNorm weights every GPU keeps whole: (80 x 2 + 1) x 8,192 of them.
  const uint64_t norms = (80 * 2 + 1) * 8192ull;
  EXPECT_EQ(s.estimate->at(Component::kWeights).bytes,
            (70553706496ull - norms) * 2 / 2 + norms * 2);
  EXPECT_EQ(ShareHash(s), "model=llama-3.1-70b&gpu=h100-80gb&gpus=2&tp=2");
  ASSERT_TRUE(SetKnob(s, "gpus", "4"));
  EXPECT_EQ(s.hardware.tp, 4u);  // still following
  // tp set by hand: two replicas of tp 2; the GPU count no longer moves it.
  ASSERT_TRUE(SetKnob(s, "tp", "2"));
  ASSERT_TRUE(SetKnob(s, "gpus", "8"));
  EXPECT_EQ(s.hardware.tp, 2u);
  // Training counts data-parallel replicas, as the CLI does.
  UiState t = MakeInitialState();
  ASSERT_TRUE(SetOption(t, "mode", "training"));
  ASSERT_TRUE(SetKnob(t, "gpus", "2"));
  EXPECT_EQ(t.hardware.tp, 1u);
  // The API and links set exactly what they name.
  UiState u = MakeInitialState();
  ASSERT_TRUE(SetOption(u, "gpus", "2"));
  EXPECT_EQ(u.hardware.tp, 1u);
}

// Issue 10's second question: QLoRA of Llama-3.1-8B, rank 16, batch 4, seq 2048 on a
// 24 GB RTX 4090, with the knobs a user touches and nothing else: the recipe
// (gradient checkpointing, paged 8-bit AdamW) comes with the method.
TEST(ui_state_test, picking_qlora_brings_its_recipe_and_keeps_what_was_set) {
  UiState s = MakeInitialState();
  ASSERT_TRUE(SelectPreset(s, "llama-3.1-8b"));
  ASSERT_TRUE(SetKnob(s, "mode", "training"));
  ASSERT_TRUE(SetKnob(s, "method", "qlora"));
  ASSERT_TRUE(SetKnob(s, "batch", "4"));
  ASSERT_TRUE(SetKnob(s, "gpu", "rtx4090-24gb"));
  EXPECT_EQ(s.option_values.at("checkpointing"), "full");
  EXPECT_EQ(s.option_values.at("optimizer"), "paged-adamw-8bit");
  EXPECT_EQ(s.workload.lora_rank, 16u);
  EXPECT_EQ(s.workload.seq, 2048u);
  // Adapters on every linear layer at r = 16: 16 x (4,096 + 4,096) for q and o,
  // 16 x (4,096 + 1,024) for k and v, 16 x (4,096 + 14,336) for gate, up and down, over
  // 32 layers = 41,943,040; each an FP32 weight and gradient (4 + 4 B) and 8-bit AdamW's
  // two 1-byte states: 10 B (with torch AdamW it would be 16 B).
  const uint64_t per_layer =
      2 * 16 * (4096 + 4096) + 2 * 16 * (4096 + 1024) + 3 * 16 * (4096 + 14336);
  EXPECT_EQ(per_layer * 32, 41943040u);
  EXPECT_EQ(s.estimate->at(Component::kAdapters).bytes, 41943040ull * 10);
  ASSERT_TRUE(s.verdict && s.verdict->fit);
  EXPECT_TRUE(s.verdict->fits);
  // Set by hand first: kept.
  UiState t = MakeInitialState();
  ASSERT_TRUE(SetKnob(t, "mode", "training"));
  ASSERT_TRUE(SetKnob(t, "optimizer", "sgd"));
  ASSERT_TRUE(SetKnob(t, "checkpointing", "selective"));
  ASSERT_TRUE(SetKnob(t, "method", "qlora"));
  EXPECT_EQ(t.option_values.at("checkpointing"), "selective");
  EXPECT_EQ(t.option_values.at("optimizer"), "sgd");
  // LoRA: checkpointing, the optimizer unchanged.
  UiState u = MakeInitialState();
  ASSERT_TRUE(SetKnob(u, "mode", "training"));
  ASSERT_TRUE(SetKnob(u, "method", "lora"));
  EXPECT_EQ(u.option_values.at("checkpointing"), "full");
  EXPECT_EQ(u.option_values.at("optimizer"), "adamw");
}

}  // namespace
}  // namespace vramcalc::ui
