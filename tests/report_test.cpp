// report.h: the JSON of DESIGN.md's contract (parsed back with nlohmann/json and
// compared with the Estimate it came from), byte formatting in GB / GiB, and
// workload_json() keys that apply_option() accepts (a round trip).
#include "report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "model_source.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using nlohmann::json;
using testing::IsOk;

json Parse(const std::string& text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << text;
  return j;
}

Estimate TrainingEstimate() {
  Workload w;
  w.mode = Mode::kTraining;
  w.precision = Precision::kMixed;
  w.textbook = true;
  auto r = estimate(params_only_model(8'000'000'000u, "8e9"), w, Hardware{});
  EXPECT_TRUE(IsOk(r));
  return r.ok() ? r.value() : Estimate{};
}

TEST(report_test, estimate_json_matches_contract) {
  const Estimate e = TrainingEstimate();
  const json j = Parse(estimate_json(e));
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.at("total_bytes").get<uint64_t>(), e.total_bytes);
  EXPECT_EQ(j.at("per_gpu_bytes").get<uint64_t>(), e.per_gpu_bytes);
  const json& c = j.at("components");
  ASSERT_TRUE(c.is_object());
  for (int i = 0; i < kComponentCount; ++i) {
    const char* key = to_string(static_cast<Component>(i));
    ASSERT_TRUE(c.contains(key)) << key;
    EXPECT_TRUE(c.at(key).is_number_unsigned()) << key;
    EXPECT_EQ(c.at(key).get<uint64_t>(), e.components[i].bytes) << key;
  }
  EXPECT_EQ(j.at("params").at("total").get<uint64_t>(), e.params.total);
  EXPECT_EQ(j.at("params").at("trainable").get<uint64_t>(), e.params.trainable);
  EXPECT_EQ(j.at("params").at("active").get<uint64_t>(), e.params.active);
}

// REFERENCE.md 3 numbers survive the JSON round trip as exact integers.
TEST(report_test, estimate_json_reference_training_numbers) {
  const json j = Parse(estimate_json(TrainingEstimate()));
  EXPECT_EQ(j["components"]["weights"].get<uint64_t>(), 16'000'000'000u);
  EXPECT_EQ(j["components"]["master_weights"].get<uint64_t>(), 32'000'000'000u);
  EXPECT_EQ(j["components"]["gradients"].get<uint64_t>(), 16'000'000'000u);
  EXPECT_EQ(j["components"]["optimizer"].get<uint64_t>(), 64'000'000'000u);
  EXPECT_EQ(j["total_bytes"].get<uint64_t>(), 128'000'000'000u);
}

TEST(report_test, params_json_has_totals) {
  auto spec = testing::LoadTestConfig("bert-base-uncased.json");
  ASSERT_TRUE(IsOk(spec));
  const json j = Parse(params_json(spec.value(), count_params(spec.value())));
  EXPECT_EQ(j.at("total_params").get<uint64_t>(), 109'482'240u);
  EXPECT_EQ(j.at("active_params").get<uint64_t>(), 109'482'240u);
}

TEST(report_test, model_json_summarises_the_model) {
  auto spec = testing::LoadTestConfig("llama-7b.json");
  ASSERT_TRUE(IsOk(spec));
  const json j = Parse(model_json(spec.value()));
  EXPECT_TRUE(j.contains("name"));
  EXPECT_EQ(j.at("model_type").get<std::string>(), "llama");
  EXPECT_EQ(j.at("num_layers").get<uint64_t>(), 32u);
}

// Names with quotes, backslashes and control characters still give valid JSON.
TEST(report_test, json_escapes_names) {
  auto spec = testing::LoadTestConfig("llama-7b.json");
  ASSERT_TRUE(IsOk(spec));
  ModelSpec m = spec.value();
  m.name = "we\"ird\\name\n\x01";
  const json j = Parse(model_json(m));
  EXPECT_EQ(j.at("name").get<std::string>(), m.name);
  Parse(params_json(m, count_params(m)));
}

// 16.06e9 bytes = 16.06 GB = 14.957 GiB (1 GiB = 2^30 bytes).
TEST(report_test, format_bytes_units) {
  EXPECT_EQ(format_bytes(16'060'000'000u, Units::kGB), "16.06 GB");
  EXPECT_EQ(format_bytes(16'060'000'000u, Units::kGiB), "14.96 GiB");
  EXPECT_EQ(format_bytes(68'719'476'736u, Units::kGiB), "64.00 GiB");  // REFERENCE: 64 GiB
  EXPECT_EQ(format_bytes(68'719'476'736u, Units::kGB), "68.72 GB");
  EXPECT_EQ(format_bytes(0, Units::kGB), "0.00 GB");
}

TEST(report_test, estimate_text_lists_components_and_total) {
  const std::string text = estimate_text(TrainingEstimate(), Units::kGB);
  EXPECT_NE(text.find("128.00 GB"), std::string::npos) << text;
  EXPECT_NE(text.find("16.00 GB"), std::string::npos) << text;
  EXPECT_NE(text.find("64.00 GB"), std::string::npos) << text;
}

// Every key of workload_json() is an option name apply_option() accepts, and applying the
// values to a fresh workload reproduces the same JSON.
TEST(report_test, workload_json_round_trips_through_apply_option) {
  Workload w;
  Hardware h;
  w.mode = Mode::kTraining;
  w.batch = 12;
  w.seq = 3000;
  w.weight_dtype = DType::kINT4;
  w.kv_dtype = DType::kFP8E5M2;
  w.runtime = Runtime::kLlamaCpp;
  w.precision = Precision::kAMP;
  w.optimizer = Optimizer::kSGD;
  w.method = Method::kQLoRA;
  w.lora_rank = 8;
  w.checkpointing = Checkpointing::kSelective;
  w.attention = Attention::kFlash;
  w.overhead_bytes = 123'456'789u;
  w.textbook = true;
  h.gpus = 3;
  h.zero_stage = 2;
  const std::string text = workload_json(w, h);
  const json j = Parse(text);
  ASSERT_TRUE(j.is_object());
  Workload w2;
  Hardware h2;
  for (const auto& [key, value] : j.items()) {
    if (value.is_null()) continue;
    std::string s;
    if (value.is_string()) {
      s = value.get<std::string>();
    } else if (value.is_boolean()) {
      s = value.get<bool>() ? "true" : "false";
    } else {
      s = value.dump();
    }
    auto err = apply_option(w2, h2, key, s);
    EXPECT_FALSE(err.has_value()) << key << "=" << s << ": " << (err ? err->message : "");
  }
  EXPECT_EQ(workload_json(w2, h2), text);
  EXPECT_EQ(j.at("batch").get<uint64_t>(), 12u);
  EXPECT_EQ(j.at("weight-dtype").get<std::string>(), "int4");
}

}  // namespace
}  // namespace vramcalc
