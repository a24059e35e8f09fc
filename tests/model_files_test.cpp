// core/model_files: which file plays which part (checkpoints by name, JSON by its
// top-level keys after a full depth-capped parse), and the load limits checked
// before anything is parsed. The joins themselves (config + shards, adapter +
// base, GGUF) are exercised through the page state in ui_state_test and through
// the CLI in cli_test / cli_hostile_test.
#include "model_files.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.h"

namespace vramcalc {
namespace {

using testing::FailsWith;

ModelFile Json(const std::string& name, const std::string& text) {
  return ModelFile{name, text, text.size()};
}

FileKind KindOf(const ModelFile& f) {
  const Result<FileKind> k = classify_file(f);
  EXPECT_TRUE(k.ok()) << (k.ok() ? "" : k.error().message);
  return k.ok() ? k.value() : FileKind::kConfig;
}

TEST(model_files_test, checkpoints_by_name_json_by_top_level_keys) {
  EXPECT_EQ(KindOf(ModelFile{"m.SafeTensors", "", 0}), FileKind::kSafetensors);
  EXPECT_EQ(KindOf(ModelFile{"m.gguf", "", 0}), FileKind::kGguf);
  EXPECT_EQ(KindOf(Json("adapter_config (1).json", R"({"r":8,"peft_type":"LORA"})")),
            FileKind::kAdapter);
  EXPECT_EQ(KindOf(Json("x.json", R"({"metadata":{},"weight_map":{}})")), FileKind::kIndex);
  EXPECT_EQ(KindOf(Json("config.json", R"({"model_type":"llama"})")), FileKind::kConfig);
  // The words inside values or nested objects route nothing (they once did).
  EXPECT_EQ(KindOf(Json("config.json", R"({"_name_or_path":"\"peft_type\"",)"
                                       R"("extra":{"weight_map":{},"peft_type":"LORA"}})")),
            FileKind::kConfig);
}

TEST(model_files_test, json_is_parsed_before_it_is_routed) {
  const auto deep = classify_file(Json("config.json", std::string(100000, '[')));
  ASSERT_TRUE(FailsWith(deep, ErrorCode::kInvalidJson));
  EXPECT_NE(deep.error().message.find("config.json: JSON nested deeper than 64 levels"),
            std::string::npos);
  EXPECT_TRUE(
      FailsWith(classify_file(Json("config.json", "{\"peft_type\": ")), ErrorCode::kInvalidJson));
  EXPECT_TRUE(FailsWith(classify_file(Json("config.json", "[\"peft_type\"]")),
                        ErrorCode::kInvalidJson));  // not an object
}

TEST(model_files_test, load_limits_come_first) {
  std::vector<ModelFile> many(9, Json("config.json", R"({"model_type":"llama"})"));
  const auto r = model_from_files(many);
  ASSERT_TRUE(FailsWith(r, ErrorCode::kUnknownModel));
  EXPECT_NE(
      r.error().message.find("9 files that are not .safetensors shards in one load (limit 8)"),
      std::string::npos)
      << r.error().message;
  // Size comes from the file, not from what was handed over.
  const auto big = model_from_files({ModelFile{"config.json", "{}", 5u << 20}});
  ASSERT_TRUE(FailsWith(big, ErrorCode::kInvalidJson));
  EXPECT_NE(big.error().message.find("5242880 bytes is too large"), std::string::npos);
}

TEST(model_files_test, file_names_reach_the_label_escaped) {
  const std::string cfg = testing::ReadFile(testing::TestDataPath("llama-3.1-8b.json"));
  const auto r = model_from_files({Json("conf\x1b[2Jig.json", cfg)});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().label, "conf\\x1b[2Jig.json");
}

}  // namespace
}  // namespace vramcalc
