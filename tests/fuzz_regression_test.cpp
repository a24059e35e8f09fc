// Regression tests for inputs the libFuzzer targets of tests/fuzz found
// (scripts/fuzz.sh; tests/fuzz/README.md lists the findings). Each test feeds the
// minimized reproducer bytes, embedded here, and expects a clean error: a Result
// that is not ok, whose message is one non-empty line, with no exception thrown
// (the wasm build has none: a throw there is an abort).
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

#include "adapter.h"
#include "config_parser.h"
#include "estimate.h"
#include "gguf.h"
#include "gguf_spec.h"
#include "gguf_writer.h"
#include "presets.h"
#include "status.h"

namespace vramcalc {
namespace {

// What the fuzz targets check of every error (tests/fuzz/fuzz_common.h).
::testing::AssertionResult IsCleanError(const Error& e) {
  if (e.message.empty()) return ::testing::AssertionFailure() << "empty error message";
  if (e.message.find_first_of("\r\n") != std::string::npos) {
    return ::testing::AssertionFailure() << "error message spans lines: [" << e.message << "]";
  }
  return ::testing::AssertionSuccess();
}

// The adapter as the CLI loads it beside Llama-3.1-8B: parse, then count on the
// base. The error of whichever step refuses it; nullopt when both accept it.
std::optional<Error> AdapterOnLlama(std::string_view bytes) {
  const Preset* preset = find_preset("llama-3.1-8b");
  if (preset == nullptr) return make_error(ErrorCode::kUnknownModel, "no preset llama-3.1-8b");
  Result<ModelSpec> base = load_preset(*preset);
  if (!base.ok()) return base.error();
  Result<AdapterConfig> cfg = parse_adapter_config(bytes, "adapter_config.json");
  if (!cfg.ok()) return cfg.error();
  Result<AdapterSpec> spec = count_adapter(cfg.value(), base.value(), "adapter_config.json");
  if (!spec.ok()) return spec.error();
  return std::nullopt;
}

// Fuzz finding: an unsupported model_type is quoted raw in the error, so a newline
// in it splits the one-line message (config_parser.cpp, parse_config_json).
TEST(fuzz_regression_test, config_model_type_with_newline) {
  const Result<ModelSpec> r = parse_config_json(R"({"model_type":"\n"})", "config.json");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(IsCleanError(r.error()));
}

// Fuzz finding: the same for an unsupported peft_type (adapter.cpp,
// parse_adapter_config).
TEST(fuzz_regression_test, adapter_peft_type_with_newline) {
  const Result<AdapterConfig> r = parse_adapter_config(R"({"peft_type":"\n"})", "adapter.json");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(IsCleanError(r.error()));
}

// Fuzz finding: target module names that match nothing are quoted raw in
// count_adapter's "matches no linear layer" error (adapter.cpp, count_adapter).
TEST(fuzz_regression_test, adapter_target_name_with_newline) {
  std::optional<Error> e;
  EXPECT_NO_THROW(e = AdapterOnLlama(R"({"peft_type":"LORA","target_modules":["\n"]})"));
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(IsCleanError(*e));
}

// Fuzz finding: the same for a target_modules regex (count_adapter).
TEST(fuzz_regression_test, adapter_target_regex_with_newline) {
  std::optional<Error> e;
  EXPECT_NO_THROW(e = AdapterOnLlama(R"({"peft_type":"LORA","target_modules":"\n"})"));
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(IsCleanError(*e));
}

// Fuzz finding (when count_adapter used std::regex): {n} counts up to 999999 made
// libstdc++ throw std::regex_error (over 100,000 NFA states): std::terminate
// natively, an abort in wasm. TargetPattern now refuses counts over 100.
TEST(fuzz_regression_test, adapter_regex_with_huge_repeat_count) {
  std::optional<Error> e;
  EXPECT_NO_THROW(e = AdapterOnLlama(R"({"peft_type":"LORA","target_modules":"a{99999}"})"));
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(IsCleanError(*e));
}

// Same finding, the fuzzer's other shape: a bounded range {0,65535} after a literal.
TEST(fuzz_regression_test, adapter_regex_with_huge_repeat_range) {
  std::optional<Error> e;
  EXPECT_NO_THROW(
      e = AdapterOnLlama(R"({"peft_type":"LORA","target_modules":"model\\.1{0,65535}"})"));
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(IsCleanError(*e));
}

// Found with an unsigned-wrap sanitizer: a vocab-only GGUF (llama metadata of a
// 32-layer model, one small tensor stored) made "stored params - block linear
// params" wrap: int4 weights gave a false overflow error, QLoRA wrong bytes.
TEST(fuzz_regression_test, gguf_metadata_larger_than_its_tensors) {
  testing::GgufWriter g;
  g.Str("general.architecture", "llama")
      .U32("llama.block_count", 32)
      .U32("llama.embedding_length", 4096)
      .U32("llama.feed_forward_length", 14336)
      .U32("llama.attention.head_count", 32)
      .U32("llama.attention.head_count_kv", 8)
      .U32("llama.vocab_size", 1000);
  g.Tensor("token_embd.weight", {4096, 1000}, testing::ggml::kF16);  // 4,096,000 params
  const std::string bytes = g.Bytes();
  auto header = parse_gguf_header(bytes, g.FileSize(), "vocab-only.gguf");
  ASSERT_TRUE(header.ok()) << header.error().message;
  auto m = model_from_gguf(header.value(), "vocab-only.gguf");
  ASSERT_TRUE(m.ok());
  Workload w;
  w.weight_dtype = DType::kINT4;
  w.weights_from_checkpoint = false;
  auto e = estimate(m.value(), w, Hardware{});
  ASSERT_TRUE(e.ok()) << e.error().message;
  // All 4,096,000 stored params count as block linear (clamped): 0.5 B each.
  EXPECT_EQ(e.value().at(Component::kWeights).bytes, 2'048'000u);
  w.mode = Mode::kTraining;
  w.method = Method::kQLoRA;
  w.optimizer = Optimizer::kAdafactor;
  auto t = estimate(m.value(), w, Hardware{});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_LT(t.value().at(Component::kWeights).bytes, 4'096'000u);
}

// Fuzz finding (fuzz_gguf, third long run): tensors whose element counts are each
// legal (< 2^63) can add up past 2^62; model_from_gguf then reported an absurd
// parameter count. Two Q4_K tensors of 2^62 elements (2^54 x 144 B each).
TEST(fuzz_regression_test, gguf_stored_parameters_beyond_2_62) {
  testing::GgufWriter g;
  g.Str("general.architecture", "llama")
      .U32("llama.block_count", 1)
      .U32("llama.embedding_length", 256)
      .U32("llama.attention.head_count", 4);
  const uint64_t side = uint64_t{1} << 31;
  g.Tensor("a.weight", {side, side}, testing::ggml::kQ4_K, uint64_t{0});
  g.Tensor("b.weight", {side, side}, testing::ggml::kQ4_K, uint64_t{1} << 62);
  auto header = parse_gguf_header(g.Bytes(), 0, "huge.gguf");
  ASSERT_TRUE(header.ok()) << header.error().message;
  auto m = model_from_gguf(header.value(), "huge.gguf");
  ASSERT_FALSE(m.ok());
  EXPECT_TRUE(IsCleanError(m.error()));
  EXPECT_NE(m.error().message.find("too large"), std::string::npos) << m.error().message;
}

// Fuzz finding (fuzz_gguf): a block_count of 2^40 sized the per-layer byte table
// (std::length_error, an abort). Metadata sizes are now bounded like config fields.
TEST(fuzz_regression_test, gguf_absurd_block_count) {
  testing::GgufWriter g;
  g.Str("general.architecture", "llama")
      .U64("llama.block_count", uint64_t{1} << 40)
      .U32("llama.embedding_length", 256)
      .U32("llama.attention.head_count", 4);
  g.Tensor("token_embd.weight", {256, 16}, testing::ggml::kF32);
  auto header = parse_gguf_header(g.Bytes(), 0, "layers.gguf");
  ASSERT_TRUE(header.ok()) << header.error().message;
  std::optional<Result<ModelSpec>> m;
  EXPECT_NO_THROW(m.emplace(model_from_gguf(header.value(), "layers.gguf")));
  ASSERT_TRUE(m.has_value());
  ASSERT_FALSE(m->ok());
  EXPECT_TRUE(IsCleanError(m->error()));
  EXPECT_NE(m->error().message.find("block_count"), std::string::npos) << m->error().message;
}

}  // namespace
}  // namespace vramcalc
