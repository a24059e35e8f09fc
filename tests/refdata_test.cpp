// Exact parameter counts against /work/shared/refdata (40 real configs with
// published counts). The folder is read at test time and never copied into the
// repository; without it these tests skip.
//   - llama / mistral / qwen2 / gpt2 / bert: count_params(parse(config)).total must equal
//     models.tsv's learnable_params_computed. bert-base-uncased's row counts the
//     BertForPreTraining checkpoint (110,106,428); REFERENCE.md asks the counter for the base
//     model, BertModel with pooler = 109,482,240 (the row's computed_note gives both).
//   - other families (MoE, MLA, fused qkv, ...): parsing must either succeed or fail with a
//     one-line message. Since commit 429ed1e ("Model families") the core parses all of them,
//     so all_families_exact_counts also pins their counts (drop it if a family regresses on
//     purpose).
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "config_parser.h"
#include "param_count.h"
#include "test_support.h"

namespace vramcalc {
namespace {

struct RefRow {
  std::string model;        // HF repo id
  std::string config_file;  // relative to the refdata folder
  uint64_t learnable = 0;   // learnable_params_computed
};

const std::string kRefdata = VRAMCALC_REFDATA_DIR;

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, '\t')) out.push_back(cell);
  return out;
}

// Rows of models.tsv; empty when the file is absent.
std::vector<RefRow> LoadRows() {
  const std::string tsv = testing::ReadFile(kRefdata + "/models.tsv");
  std::vector<RefRow> rows;
  std::istringstream in(tsv);
  std::string line;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    const auto cells = SplitTabs(line);
    if (header.empty()) {
      header = cells;
      continue;
    }
    RefRow row;
    for (size_t i = 0; i < cells.size() && i < header.size(); ++i) {
      if (header[i] == "model") row.model = cells[i];
      if (header[i] == "config_file") row.config_file = cells[i];
      if (header[i] == "learnable_params_computed") row.learnable = std::stoull(cells[i]);
    }
    rows.push_back(row);
  }
  return rows;
}

std::string ModelTypeOf(const std::string& config_json) {
  const std::string key = "\"model_type\"";
  const size_t at = config_json.find(key);
  if (at == std::string::npos) return "";
  const size_t open = config_json.find('"', config_json.find(':', at) + 1);
  const size_t close = config_json.find('"', open + 1);
  return config_json.substr(open + 1, close - open - 1);
}

bool InScope(const std::string& model_type) {
  static const std::set<std::string> kFamilies = {"llama", "mistral", "qwen2", "gpt2", "bert"};
  return kFamilies.count(model_type) > 0;
}

class refdata_test : public ::testing::Test {
 protected:
  void SetUp() override {
    rows_ = LoadRows();
    if (rows_.empty()) GTEST_SKIP() << "no " << kRefdata << "/models.tsv: refdata tests skipped";
  }
  std::vector<RefRow> rows_;
};

TEST_F(refdata_test, table_has_forty_models) { EXPECT_EQ(rows_.size(), 40u); }

TEST_F(refdata_test, exact_counts_of_supported_families) {
  int checked = 0;
  for (const RefRow& row : rows_) {
    const std::string bytes = testing::ReadFile(kRefdata + "/" + row.config_file);
    ASSERT_FALSE(bytes.empty()) << row.config_file;
    const std::string type = ModelTypeOf(bytes);
    if (!InScope(type)) continue;
    SCOPED_TRACE(row.model);
    auto spec = parse_config_json(bytes, row.config_file);
    ASSERT_TRUE(testing::IsOk(spec));
    uint64_t expected = row.learnable;
    if (type == "bert") expected = 109'482'240u;  // BertModel with pooler (REFERENCE.md 2)
    // learnable_params_computed counts what transformers builds: no MTP layers.
    const ParamBreakdown p = count_params(spec.value());
    EXPECT_EQ(p.total - p.mtp, expected);
    ++checked;
  }
  // 10 llama (incl. Yi-6B) + 1 mistral + 7 qwen2 + gpt2 + bert.
  EXPECT_EQ(checked, 20);
}

TEST_F(refdata_test, other_families_parse_or_fail_cleanly) {
  for (const RefRow& row : rows_) {
    const std::string bytes = testing::ReadFile(kRefdata + "/" + row.config_file);
    if (InScope(ModelTypeOf(bytes))) continue;
    SCOPED_TRACE(row.model);
    auto spec = parse_config_json(bytes, row.config_file);
    if (spec.ok()) {
      EXPECT_GT(count_params(spec.value()).total, 0u);
    } else {
      EXPECT_FALSE(spec.error().message.empty());
      EXPECT_EQ(spec.error().message.find('\n'), std::string::npos) << spec.error().message;
    }
  }
}

// Every row, whatever the family (bert: BertModel with pooler, as above).
TEST_F(refdata_test, all_families_exact_counts) {
  for (const RefRow& row : rows_) {
    const std::string bytes = testing::ReadFile(kRefdata + "/" + row.config_file);
    SCOPED_TRACE(row.model);
    auto spec = parse_config_json(bytes, row.config_file);
    ASSERT_TRUE(testing::IsOk(spec));
    const uint64_t expected = ModelTypeOf(bytes) == "bert" ? 109'482'240u : row.learnable;
    // learnable_params_computed counts what transformers builds: no MTP layers.
    const ParamBreakdown p = count_params(spec.value());
    EXPECT_EQ(p.total - p.mtp, expected);
  }
}

}  // namespace
}  // namespace vramcalc
