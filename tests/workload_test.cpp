// workload.h: option spellings of DESIGN.md (shared by CLI, UI and JS), apply_option()
// and validate(). Errors are kInvalidOption and name the option.
#include "workload.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <string>

#include "test_support.h"

namespace vramcalc {
namespace {

using testing::FailsWith;
using testing::IsOk;

template <typename E>
void ExpectRoundTrip(Result<E> (*parse)(const std::string&), E value, const char* spelling) {
  EXPECT_STREQ(to_string(value), spelling);
  auto r = parse(spelling);
  ASSERT_TRUE(IsOk(r)) << spelling;
  EXPECT_EQ(r.value(), value) << spelling;
}

TEST(workload_test, spellings_match_design_contract) {
  ExpectRoundTrip(parse_mode, Mode::kInference, "inference");
  ExpectRoundTrip(parse_mode, Mode::kTraining, "training");
  ExpectRoundTrip(parse_runtime, Runtime::kGeneric, "generic");
  ExpectRoundTrip(parse_runtime, Runtime::kHF, "hf");
  ExpectRoundTrip(parse_runtime, Runtime::kVLLM, "vllm");
  ExpectRoundTrip(parse_runtime, Runtime::kLlamaCpp, "llamacpp");
  ExpectRoundTrip(parse_runtime, Runtime::kOllama, "ollama");
  ExpectRoundTrip(parse_precision, Precision::kFP32, "fp32");
  ExpectRoundTrip(parse_precision, Precision::kBF16, "bf16");
  ExpectRoundTrip(parse_precision, Precision::kFP16, "fp16");
  ExpectRoundTrip(parse_precision, Precision::kAMP, "amp");
  ExpectRoundTrip(parse_precision, Precision::kMixed, "mixed");
  ExpectRoundTrip(parse_precision, Precision::kINT8, "int8");
  ExpectRoundTrip(parse_optimizer, Optimizer::kAdamW, "adamw");
  ExpectRoundTrip(parse_optimizer, Optimizer::kAdamW8bit, "adamw-8bit");
  ExpectRoundTrip(parse_optimizer, Optimizer::kSGD, "sgd");
  ExpectRoundTrip(parse_optimizer, Optimizer::kAdafactor, "adafactor");
  ExpectRoundTrip(parse_optimizer, Optimizer::kNone, "none");
  ExpectRoundTrip(parse_method, Method::kFull, "full");
  ExpectRoundTrip(parse_method, Method::kLoRA, "lora");
  ExpectRoundTrip(parse_method, Method::kQLoRA, "qlora");
  ExpectRoundTrip(parse_checkpointing, Checkpointing::kNone, "none");
  ExpectRoundTrip(parse_checkpointing, Checkpointing::kSelective, "selective");
  ExpectRoundTrip(parse_checkpointing, Checkpointing::kFull, "full");
  ExpectRoundTrip(parse_attention, Attention::kEager, "eager");
  ExpectRoundTrip(parse_attention, Attention::kFlash, "flash");
}

TEST(workload_test, unknown_spellings_are_invalid_options) {
  EXPECT_TRUE(FailsWith(parse_mode("serving"), ErrorCode::kInvalidOption));
  EXPECT_TRUE(FailsWith(parse_runtime("tgi"), ErrorCode::kInvalidOption));
  EXPECT_TRUE(FailsWith(parse_precision("fp64"), ErrorCode::kInvalidOption));
  EXPECT_TRUE(FailsWith(parse_optimizer("rmsprop"), ErrorCode::kInvalidOption));
  EXPECT_TRUE(FailsWith(parse_method(""), ErrorCode::kInvalidOption));
  EXPECT_TRUE(FailsWith(parse_checkpointing("some"), ErrorCode::kInvalidOption));
  EXPECT_TRUE(FailsWith(parse_attention("sdpa "), ErrorCode::kInvalidOption));
}

// The option table names every knob for the UI (no raw CLI key on screen: tp,
// pp and offload once showed as such) and explains it in one line.
TEST(workload_test, every_option_has_a_label_and_help) {
  std::set<std::string> labels;
  for (const OptionInfo& o : all_options()) {
    const std::string label = o.label, key = o.key;
    EXPECT_FALSE(label.empty()) << key;
    EXPECT_TRUE(std::isupper(static_cast<unsigned char>(label[0]))) << key << ": " << label;
    EXPECT_TRUE(labels.insert(label).second) << "label used twice: " << label;
    EXPECT_GT(std::string(o.help).size(), 5u) << key;
  }
  const auto tp = std::find_if(all_options().begin(), all_options().end(),
                               [](const OptionInfo& o) { return std::string(o.key) == "tp"; });
  ASSERT_NE(tp, all_options().end());
  EXPECT_STREQ(tp->label, "Tensor parallel");
}

TEST(workload_test, defaults_are_valid) {
  EXPECT_FALSE(validate(Workload{}, Hardware{}).has_value());
}

TEST(workload_test, apply_option_sets_each_field) {
  Workload w;
  Hardware h;
  auto set = [&](const char* k, const char* v) {
    auto err = apply_option(w, h, k, v);
    EXPECT_FALSE(err.has_value()) << k << "=" << v << ": " << (err ? err->message : "");
  };
  set("mode", "training");
  set("batch", "64");
  set("seq", "2048");
  set("weight-dtype", "int4");
  set("kv-dtype", "fp8");
  set("runtime", "vllm");
  set("precision", "int8");
  set("optimizer", "adamw-8bit");
  set("method", "qlora");
  set("lora-rank", "64");
  set("checkpointing", "full");
  set("attention", "flash");
  set("gpus", "8");
  set("zero", "3");
  set("overhead-bytes", "1300000000");
  set("textbook", "true");
  EXPECT_EQ(w.mode, Mode::kTraining);
  EXPECT_EQ(w.batch, 64u);
  EXPECT_EQ(w.seq, 2048u);
  EXPECT_EQ(w.weight_dtype, DType::kINT4);
  ASSERT_TRUE(w.kv_dtype.has_value());
  EXPECT_EQ(dtype_info(*w.kv_dtype).storage_bits, 8);
  EXPECT_EQ(w.runtime, Runtime::kVLLM);
  EXPECT_EQ(w.precision, Precision::kINT8);
  EXPECT_EQ(w.optimizer, Optimizer::kAdamW8bit);
  EXPECT_EQ(w.method, Method::kQLoRA);
  EXPECT_EQ(w.lora_rank, 64u);
  EXPECT_EQ(w.checkpointing, Checkpointing::kFull);
  EXPECT_EQ(w.attention, Attention::kFlash);
  EXPECT_EQ(h.gpus, 8u);
  EXPECT_EQ(h.zero_stage, 3);
  EXPECT_EQ(w.overhead_bytes, 1'300'000'000u);
  EXPECT_TRUE(w.textbook);
  set("textbook", "false");
  EXPECT_FALSE(w.textbook);
}

// A rejected option names itself and leaves the workload as it was.
void ExpectRejected(const std::string& key, const std::string& value) {
  Workload w;
  Hardware h;
  w.batch = 3;
  w.seq = 77;
  const Workload before = w;
  auto err = apply_option(w, h, key, value);
  ASSERT_TRUE(err.has_value()) << key << "=" << value << " was accepted";
  EXPECT_EQ(err->code, ErrorCode::kInvalidOption) << err->message;
  EXPECT_NE(err->message.find(key), std::string::npos) << err->message;
  EXPECT_EQ(err->message.find('\n'), std::string::npos);
  EXPECT_EQ(w.batch, before.batch);
  EXPECT_EQ(w.seq, before.seq);
  EXPECT_EQ(h.gpus, 1u);
}

TEST(workload_test, apply_option_rejects_bad_numbers) {
  ExpectRejected("batch", "-1");
  ExpectRejected("batch", "abc");
  ExpectRejected("batch", "");
  ExpectRejected("batch", "12abc");
  ExpectRejected("batch", "99999999999999999999999");  // beyond 64 bits
  ExpectRejected("seq", "-5");
  ExpectRejected("zero", "4");
  ExpectRejected("zero", "-1");
}

// Out-of-range values may be caught by apply_option() or later by validate(); either way
// the error is kInvalidOption and names the option.
void ExpectOutOfRange(const std::string& key, const std::string& value) {
  Workload w;
  Hardware h;
  w.method = Method::kLoRA;
  std::optional<Error> err = apply_option(w, h, key, value);
  if (!err) err = validate(w, h);
  ASSERT_TRUE(err.has_value()) << key << "=" << value << " was accepted";
  EXPECT_EQ(err->code, ErrorCode::kInvalidOption) << err->message;
  EXPECT_NE(err->message.find(key), std::string::npos) << err->message;
}

TEST(workload_test, zero_counts_are_out_of_range) {
  ExpectOutOfRange("batch", "0");
  ExpectOutOfRange("seq", "0");
  ExpectOutOfRange("lora-rank", "0");
  ExpectOutOfRange("gpus", "0");
}

TEST(workload_test, apply_option_rejects_bad_names_and_values) {
  ExpectRejected("weight-dtype", "fp64");
  ExpectRejected("kv-dtype", "float8");
  ExpectRejected("mode", "serve");
  ExpectRejected("textbook", "maybe");
  ExpectRejected("no-such-option", "1");
}

TEST(workload_test, validate_checks_ranges) {
  auto expect_invalid = [](const Workload& w, const Hardware& h) {
    auto err = validate(w, h);
    ASSERT_TRUE(err.has_value());
    EXPECT_EQ(err->code, ErrorCode::kInvalidOption) << err->message;
  };
  Workload w;
  Hardware h;
  w.batch = 0;
  expect_invalid(w, h);
  w = Workload{};
  w.seq = 0;
  expect_invalid(w, h);
  w = Workload{};
  w.lora_rank = 0;
  w.method = Method::kLoRA;
  expect_invalid(w, h);
  w = Workload{};
  h.gpus = 0;
  expect_invalid(w, h);
  h = Hardware{};
  h.zero_stage = 4;
  expect_invalid(w, h);
  h.zero_stage = -1;
  expect_invalid(w, h);
}

// Found by fuzz_gguf (a 15 s slow unit): llama.cpp over 2^20 "devices" built a
// million per-device shares. llama.cpp splits over at most 16 GPUs
// (GGML_CUDA_MAX_DEVICES); Ollama runs llama.cpp. 16 is accepted.
TEST(workload_test, llamacpp_and_ollama_split_over_at_most_16_gpus) {
  for (Runtime r : {Runtime::kLlamaCpp, Runtime::kOllama}) {
    Workload w;
    w.runtime = r;
    Hardware h;
    h.gpus = 17;
    auto e = validate(w, h);
    ASSERT_TRUE(e.has_value());
    EXPECT_NE(e->message.find("at most 16 GPUs"), std::string::npos);
    h.gpus = 16;
    EXPECT_FALSE(validate(w, h).has_value());
  }
}

// Found by fuzz_gguf (a 12 s slow unit): --pp 65536 on a small model built one
// share per pipeline stage. A stage needs a layer: --pp above the layer count is
// refused, and --pp is at most 1024.
TEST(workload_test, pipeline_stages_need_a_layer_each) {
  ModelSpec m;
  m.kind = ModelKind::kDecoder;
  m.vocab_size = 1000, m.hidden_size = 64, m.num_layers = 4, m.num_heads = 4;
  m.num_kv_heads = 4, m.head_dim = 16, m.intermediate_size = 128, m.gated_mlp = true;
  Workload w;
  Hardware h;
  h.pp = h.gpus = 5;
  auto e = estimate(m, w, h);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("exceeds the model's 4 layers"), std::string::npos);
  h.pp = h.gpus = 4;
  EXPECT_TRUE(estimate(m, w, h).ok());
  Workload w2;
  Hardware h2;
  EXPECT_TRUE(apply_option(w2, h2, "pp", "1025").has_value());
}

}  // namespace
}  // namespace vramcalc
