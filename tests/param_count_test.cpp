// param_count.h: exact, textbook, block-linear and LoRA parameter counts. Every
// expected number is derived by hand in the comment above it from the published
// hyperparameters in tests/data (and agrees with refdata/models.tsv).
#include "param_count.h"

#include <gtest/gtest.h>

#include "model_source.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::IsOk;
using testing::LoadTestConfig;

ModelSpec Load(const char* name) {
  auto r = LoadTestConfig(name);
  EXPECT_TRUE(IsOk(r)) << name;
  return r.ok() ? r.value() : ModelSpec{};
}

uint64_t BreakdownSum(const ParamBreakdown& p) {
  return p.embedding + p.attention + p.mlp + p.experts + p.norms + p.head + p.other;
}

// LLaMA-7B: V 32000, h 4096, i 11008, 32 layers, MHA, untied, RMSNorm (weight only).
//   embedding 32000*4096                               =   131,072,000
//   attention per layer 4*4096^2 = 67,108,864; x32     = 2,147,483,648
//   mlp per layer 3*4096*11008 = 135,266,304; x32      = 4,328,521,728
//   norms 2*4096 per layer x32 + final 4096            =       266,240
//   head (untied) 32000*4096                           =   131,072,000
//   total                                              = 6,738,415,616
TEST(param_count_test, llama_7b_exact) {
  const ParamBreakdown p = count_params(Load("llama-7b.json"));
  EXPECT_EQ(p.embedding, 131'072'000u);
  EXPECT_EQ(p.attention, 2'147'483'648u);
  EXPECT_EQ(p.mlp, 4'328'521'728u);
  EXPECT_EQ(p.norms, 266'240u);
  EXPECT_EQ(p.head, 131'072'000u);
  EXPECT_EQ(p.other, 0u);
  EXPECT_EQ(p.total, 6'738'415'616u);
  EXPECT_EQ(p.active, p.total);
  EXPECT_EQ(BreakdownSum(p), p.total);
}

// Llama-3.1-8B: V 128256, h 4096, i 14336, 32 layers, 8 KV heads of 128.
//   per layer: q 4096^2 + k,v 2*4096*1024 + o 4096^2 = 41,943,040
//              mlp 3*4096*14336 = 176,160,768; norms 8,192 -> 218,112,000; x32 = 6,979,584,000
//   embed + head 2*128256*4096 = 1,050,673,152; final norm 4,096
//   total 8,030,261,248 (= HF safetensors total)
TEST(param_count_test, llama_3_1_8b_exact) {
  const ParamBreakdown p = count_params(Load("llama-3.1-8b.json"));
  EXPECT_EQ(p.attention, 32u * 41'943'040u);
  EXPECT_EQ(p.total, 8'030'261'248u);
  EXPECT_EQ(BreakdownSum(p), p.total);
}

// Mistral-7B: as Llama-3.1-8B but V 32000: 2*32000*4096 + 6,979,584,000 + 4,096.
TEST(param_count_test, mistral_7b_exact) {
  EXPECT_EQ(count_params(Load("mistral-7b.json")).total, 7'241'732'096u);
}

// Qwen2.5-7B: h 3584, 28 heads of 128, 4 KV heads (kv_dim 512), i 18944, 28 layers, V 152064.
//   q 3584^2+3584 = 12,848,640; k,v 2*(3584*512+512) = 3,671,040; o 3584^2 = 12,845,056
//   attention 29,364,736; mlp 3*3584*18944 = 203,685,888; norms 7,168 -> 233,057,792 x28
//   = 6,525,618,176; embed + head 2*152064*3584 = 1,089,994,752; final 3,584
//   total 7,615,616,512
TEST(param_count_test, qwen2_5_7b_exact_with_qkv_bias) {
  const ParamBreakdown p = count_params(Load("qwen2.5-7b.json"));
  EXPECT_EQ(p.attention, 28u * 29'364'736u);
  EXPECT_EQ(p.total, 7'615'616'512u);
}

// GPT-2 small: V 50257, 1024 positions, h 768, 12 layers, tied head, biases, LayerNorm.
//   embedding 50257*768 + 1024*768 = 38,597,376 + 786,432 = 39,383,808
//   per layer: c_attn 768*2304+2304 = 1,771,776; c_proj 768^2+768 = 590,592
//              c_fc 768*3072+3072 = 2,362,368; mlp c_proj 3072*768+768 = 2,360,064
//              ln_1, ln_2 2*(2*768) = 3,072
//   attention 12*2,362,368 = 28,348,416; mlp 12*4,722,432 = 56,669,184
//   norms 12*3,072 + ln_f 1,536 = 38,400; head 0 (tied)
//   total 124,439,808 (HF's 137,022,720 adds 12 stored causal-mask buffers)
TEST(param_count_test, gpt2_exact) {
  const ParamBreakdown p = count_params(Load("gpt2.json"));
  EXPECT_EQ(p.embedding, 39'383'808u);
  EXPECT_EQ(p.attention, 28'348'416u);
  EXPECT_EQ(p.mlp, 56'669'184u);
  EXPECT_EQ(p.norms, 38'400u);
  EXPECT_EQ(p.head, 0u);
  EXPECT_EQ(p.total, 124'439'808u);
  EXPECT_EQ(BreakdownSum(p), p.total);
}

// REFERENCE.md 2: bert-base-uncased as BertModel with its pooler = 109,482,240.
//   embedding: word 30522*768 = 23,440,896; position 512*768 = 393,216;
//              token type 2*768 = 1,536; LayerNorm 2*768 = 1,536  -> 23,837,184
//   per layer: Q,K,V,O 4*(768^2+768) = 2,362,368; FFN 768*3072+3072 + 3072*768+768
//              = 4,722,432; two LayerNorms 3,072 -> 7,087,872; x12 = 85,054,464
//   pooler 768^2+768 = 590,592
//   total 23,837,184 + 85,054,464 + 590,592 = 109,482,240
TEST(param_count_test, bert_base_uncased_exact) {
  const ParamBreakdown p = count_params(Load("bert-base-uncased.json"));
  EXPECT_EQ(p.embedding, 23'837'184u);
  EXPECT_EQ(p.attention, 12u * 2'362'368u);
  EXPECT_EQ(p.mlp, 12u * 4'722'432u);
  EXPECT_EQ(p.norms, 12u * 3'072u);  // no final norm in BERT
  EXPECT_EQ(p.head, 0u);
  EXPECT_EQ(p.other, 590'592u);  // pooler
  EXPECT_EQ(p.total, 109'482'240u);
  EXPECT_EQ(BreakdownSum(p), p.total);
}

// REFERENCE.md 2 worked example: 30522*768 + 512*768 = 23,834,112; per layer
// 3*768^2 + 768^2 + 2*768*3072 = 7,077,888; x12 = 84,934,656; total 108,768,768.
TEST(param_count_test, bert_textbook_reference_example) {
  EXPECT_EQ(textbook_params(Load("bert-base-uncased.json")), 108'768'768u);
}

// LLaMA-7B textbook: 32000*4096 (embed) + 32*(4*4096^2 + 3*4096*11008) + 32000*4096 (head)
// = 131,072,000 + 6,476,005,376 + 131,072,000 = 6,738,149,376 (exact minus 266,240 norm weights).
TEST(param_count_test, llama_7b_textbook) {
  EXPECT_EQ(textbook_params(Load("llama-7b.json")), 6'738'149'376u);
}

// GPT-2 textbook: 50257*768 + 1024*768 + 12*(4*768^2 + 2*768*3072); tied head not counted
// = 39,383,808 + 12*7,077,888 = 124,318,464.
TEST(param_count_test, gpt2_textbook_tied_head_counted_once) {
  EXPECT_EQ(textbook_params(Load("gpt2.json")), 124'318'464u);
}

// Block linear matrices of LLaMA-7B: 32 * (4*4096^2 + 3*4096*11008) = 6,476,005,376.
TEST(param_count_test, llama_7b_block_linear) {
  EXPECT_EQ(block_linear_params(Load("llama-7b.json")), 6'476'005'376u);
}

// LoRA r=16 on q,k,v,o,gate,up,down of LLaMA-7B:
//   attention 4 * 16*(4096+4096) = 524,288; mlp 3 * 16*(4096+11008) = 724,992
//   per layer 1,249,280; x32 = 39,976,960 (PEFT's count for all-linear r=16 on Llama-2-7B).
TEST(param_count_test, lora_rank_16_llama_7b) {
  EXPECT_EQ(lora_params(Load("llama-7b.json"), 16), 39'976'960u);
}

// LoRA r=16 on Llama-3.1-8B (GQA): q,o 2*16*(4096+4096) = 262,144; k,v 2*16*(4096+1024)
// = 163,840; mlp 3*16*(4096+14336) = 884,736 -> 1,310,720 per layer; x32 = 41,943,040.
TEST(param_count_test, lora_rank_16_llama_3_1_8b_gqa) {
  EXPECT_EQ(lora_params(Load("llama-3.1-8b.json"), 16), 41'943'040u);
}

TEST(param_count_test, lora_is_linear_in_rank) {
  const ModelSpec m = Load("llama-7b.json");
  EXPECT_EQ(lora_params(m, 8) * 2, lora_params(m, 16));
  EXPECT_EQ(lora_params(m, 1) * 64, lora_params(m, 64));
}

TEST(param_count_test, bare_count_goes_to_total) {
  const ParamBreakdown p = count_params(params_only_model(8'000'000'000u, "8e9"));
  EXPECT_EQ(p.total, 8'000'000'000u);
  EXPECT_EQ(p.active, 8'000'000'000u);
}

// Tying the head removes exactly vocab x hidden parameters.
TEST(param_count_test, tied_embeddings_count_once) {
  ModelSpec m = Load("llama-7b.json");
  const uint64_t untied = count_params(m).total;
  m.tied_embeddings = true;
  const ParamBreakdown tied = count_params(m);
  EXPECT_EQ(untied - tied.total, 32000u * 4096u);
  EXPECT_EQ(tied.head, 0u);
}

}  // namespace
}  // namespace vramcalc
