// Load limits (core/base/file_limits.h): kinds by name, per-kind sizes, and the caps
// per load on files, shards and bytes, each named in its message.
#include "file_limits.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vramcalc {
namespace {

TEST(file_limits_test, kinds_by_name) {
  EXPECT_EQ(file_format("config.json"), FileFormat::kJson);
  EXPECT_EQ(file_format("adapter_config (1).json"), FileFormat::kJson);
  EXPECT_EQ(file_format("model.safetensors.index.json"), FileFormat::kIndexJson);
  EXPECT_EQ(file_format("model-00001-of-00002.SafeTensors"), FileFormat::kSafetensors);
  EXPECT_EQ(file_format("m.GGUF"), FileFormat::kGguf);
  EXPECT_EQ(json_read_limit("config.json"), 4u << 20);
  EXPECT_EQ(json_read_limit("model.safetensors.index.json"), 64u << 20);
}

TEST(file_limits_test, what_a_load_reads) {
  EXPECT_EQ(planned_bytes({"config.json", 900, 0}), 900u);
  EXPECT_EQ(planned_bytes({"a.safetensors", 20000000000ull, 0}), 8u);  // length not read yet
  EXPECT_EQ(planned_bytes({"a.safetensors", 20000000000ull, 34160}), 34160u);
  EXPECT_EQ(planned_bytes({"a.gguf", 50000000000ull, 0}), 64u << 20);
  EXPECT_EQ(planned_bytes({"a.gguf", 1000, 0}), 1000u);
}

TEST(file_limits_test, sizes_per_kind) {
  EXPECT_FALSE(check_load({{"config.json", 4u << 20, 0}}));
  const auto big = check_load({{"config.json", (4u << 20) + 1, 0}});
  ASSERT_TRUE(big);
  EXPECT_EQ(big->message,
            "config.json: 4194305 bytes is too large for a config.json or adapter_config.json "
            "(limit 4 MiB; a safetensors index is read when named *.index.json)");
  EXPECT_FALSE(check_load({{"model.safetensors.index.json", 64u << 20, 0}}));
  EXPECT_TRUE(check_load({{"model.safetensors.index.json", (64u << 20) + 1, 0}}));
}

TEST(file_limits_test, files_per_load) {
  // The drop: 140 JSON files of 15 MiB, refused by count before any read.
  const std::vector<PlannedRead> many(140, {"x.json", 15u << 20, 0});
  const auto e = check_load(many);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, ErrorCode::kUnknownModel);
  EXPECT_NE(e->message.find("140 files that are not .safetensors shards in one load (limit 8)"),
            std::string::npos)
      << e->message;
  EXPECT_FALSE(check_load(std::vector<PlannedRead>(8, {"x.json", 100, 0})));
  EXPECT_FALSE(check_load(std::vector<PlannedRead>(4096, {"s.safetensors", 1u << 30, 0})));
  const auto shards = check_load(std::vector<PlannedRead>(4097, {"s.safetensors", 1u << 30, 0}));
  ASSERT_TRUE(shards);
  EXPECT_EQ(shards->message, "4097 .safetensors files in one load (limit 4096)");
}

TEST(file_limits_test, bytes_per_load) {
  // Three 100 MB headers: 300,000,024 bytes > 256 MiB (268,435,456).
  const std::vector<PlannedRead> headers(3, {"s.safetensors", 1u << 30, 100000008});
  const auto e = check_load(headers);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->message,
            "these files would need 300000024 bytes read (limit 256 MiB per load): load fewer or "
            "smaller files");
  EXPECT_FALSE(check_load({{"m.gguf", 1ull << 40, 0}, {"config.json", 1000, 0}}));
}

}  // namespace
}  // namespace vramcalc
