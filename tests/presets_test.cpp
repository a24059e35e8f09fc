// presets.h: the built-in model library. Every preset parses with the same parser as
// dropped files, names its sources, and reproduces its published parameter count where
// one is given (refdata ones: models.tsv learnable_params_computed, read at test time).
// The library covers every model family the parser supports, the compiled table equals
// the data files in core/sources/presets/, and search_presets() serves the UI's search box.
#include "presets.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "config_families.h"
#include "param_count.h"
#include "quant_storage.h"
#include "test_support.h"

namespace vramcalc {
namespace {

const std::string kRefdata = VRAMCALC_REFDATA_DIR;
const std::string kPresetsDir = std::string(VRAMCALC_CORE_DIR) + "/sources/presets";

// Published counts the parser does not reproduce. Each was checked and reported; the
// test fails once a count starts to match, so the entry can be removed.
const std::map<std::string, std::string> kKnownMismatches = {
    {"gemma-4-26b-a4b",
     "the published figure counts the tied lm_head a second time (+ 262,144 x 2,816); "
     "configs_2026_test checks that difference"},
    {"mimo-v2-flash",
     "FP8 scales of the Linears the repo keeps in BF16 are not in the config: within the "
     "110,016 elements configs_2026_test allows"},
    {"gpt-j-6b",
     "model card 6,053,381,344 counts the original JAX model; HF GPTJForCausalLM has "
     "6,050,882,784 parameters (2,498,560 fewer)"},
    {"qwen3-0.6b",
     "the checkpoint stores lm_head.weight (151936 x 1024) although tie_word_embeddings is "
     "true; the parser adds no stored copy for qwen3"},
    {"qwen3-1.7b",
     "the checkpoint stores lm_head.weight (151936 x 2048) although tie_word_embeddings is "
     "true; the parser adds no stored copy for qwen3"},
};

// Families of config_families.cpp without a preset, and why.
const std::map<std::string, std::string> kUncoveredFamilies = {
    {"step3p5",
     "the text_config model_type of Step-3.7's nested config; the same reader as step3p7, "
     "whose flat form the step-3.7-flash preset uses"},
    {"RefinedWeb",
     "the one real config with these legacy keys (the original Falcon-40B) is miscounted "
     "(multi_query default gives 1 KV head and 1 norm; its code uses n_head_kv and two "
     "norms), so falcon-40b is written with today's falcon keys"},
    {"ernie4_5", "no config.json of a dense ERNIE-4.5 model was read from a citable source"},
    {"glm4",
     "GLM-4-0414's config values were not read from a citable source (the test's are "
     "from the model card)"},
    {"hunyuan_v1_moe",
     "Hunyuan-A13B's config values were not read from a citable source (the "
     "test's are from the model card)"},
    {"mamba2", "Mamba-Codestral's config values were not read from a citable source"},
};

uint64_t CountOfKind(const ModelSpec& spec, PublishedCount kind) {
  const uint64_t total = count_params(spec).total;
  // Checkpoint totals: the stored elements (buffers, quantization scales).
  // Learnable counts of models.tsv are what transformers builds: no MTP layers.
  return kind == PublishedCount::kCheckpoint ? stored_params(spec) : total - count_params(spec).mtp;
}

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(text);
  while (std::getline(in, cell, sep)) out.push_back(cell);
  return out;
}

// models.tsv: config_file ("configs/x.json") -> learnable_params_computed.
std::map<std::string, uint64_t> RefdataLearnable() {
  std::map<std::string, uint64_t> rows;
  const auto lines = Split(testing::ReadFile(kRefdata + "/models.tsv"), '\n');
  if (lines.empty()) return rows;
  const auto header = Split(lines[0], '\t');
  const auto col = [&header](const char* name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const std::size_t file = col("config_file"), learnable = col("learnable_params_computed");
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto cells = Split(lines[i], '\t');
    if (cells.size() > std::max(file, learnable)) rows[cells[file]] = std::stoull(cells[learnable]);
  }
  return rows;
}

// "refdata configs/<file>, ..." -> "configs/<file>"; "" for other sources.
std::string RefdataConfigOf(const Preset& p) {
  const std::string src = p.source, prefix = "refdata configs/";
  if (src.rfind(prefix, 0) != 0) return "";
  return "configs/" + src.substr(prefix.size(), src.find(',') - prefix.size());
}

std::vector<std::string> Ids(const std::vector<const Preset*>& presets) {
  std::vector<std::string> ids;
  for (const Preset* p : presets) ids.push_back(p->id);
  return ids;
}

bool IsPresetId(const std::string& id) {
  if (id.empty() || id.front() == '-' || id.back() == '-' || id.find("--") != std::string::npos)
    return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

TEST(presets_test, catalog_is_large_and_ids_are_unique) {
  const auto& all = all_presets();
  EXPECT_GE(all.size(), 45u);
  std::set<std::string> ids, repos;
  for (const Preset& p : all) {
    EXPECT_TRUE(ids.insert(p.id).second) << "duplicate id " << p.id;
    EXPECT_TRUE(repos.insert(p.repo).second) << "duplicate repo " << p.repo;
    EXPECT_TRUE(IsPresetId(p.id)) << "id is not lowercase, dash-separated: " << p.id;
  }
  // The ids of the first catalog stay valid (URLs and scripts use them).
  for (const char* id : {"gpt2", "bert-base-uncased", "llama-2-7b", "llama-3.2-1b", "llama-3.1-8b",
                         "llama-3.1-70b", "mistral-7b-v0.1", "qwen2.5-0.5b", "qwen2.5-7b"}) {
    EXPECT_NE(find_preset(id), nullptr) << id;
  }
}

TEST(presets_test, every_preset_loads_and_names_its_sources) {
  for (const Preset& p : all_presets()) {
    SCOPED_TRACE(p.id);
    EXPECT_STRNE(p.name, "");
    EXPECT_STRNE(p.source, "");
    EXPECT_NE(std::string(p.repo).find('/'), std::string::npos) << p.repo;
    const bool published = p.published_params > 0;
    EXPECT_EQ(published, p.published_kind != PublishedCount::kNone);
    EXPECT_EQ(published, std::strlen(p.published_source) > 0);
    auto spec = load_preset(p);
    ASSERT_TRUE(testing::IsOk(spec));
    EXPECT_NE(spec.value().kind, ModelKind::kParamsOnly);
    EXPECT_EQ(spec.value().name, p.name);
    EXPECT_GT(count_params(spec.value()).total, 0u);
    EXPECT_EQ(find_preset(p.id), &p);
    EXPECT_EQ(find_preset_by_repo(p.repo), &p);
  }
}

TEST(presets_test, counts_equal_published_counts) {
  int checked = 0;
  for (const Preset& p : all_presets()) {
    if (p.published_params == 0) continue;
    SCOPED_TRACE(std::string(p.id) + " (" + to_string(p.published_kind) + ", " +
                 p.published_source + ")");
    auto spec = load_preset(p);
    ASSERT_TRUE(testing::IsOk(spec));
    const uint64_t count = CountOfKind(spec.value(), p.published_kind);
    const auto known = kKnownMismatches.find(p.id);
    if (known == kKnownMismatches.end()) {
      EXPECT_EQ(count, p.published_params);
      ++checked;
    } else {
      EXPECT_NE(count, p.published_params)
          << "now matches: remove it from kKnownMismatches (" << known->second << ")";
    }
  }
  EXPECT_GE(checked, 60);
  for (const auto& [id, why] : kKnownMismatches) EXPECT_NE(find_preset(id), nullptr) << id;
}

// Published exact counts, spelled out (refdata models.tsv learnable_params_computed,
// which counts the model transformers builds: DeepSeek-V3's MTP layer is not in it).
TEST(presets_test, golden_counts) {
  const std::map<std::string, uint64_t> golden = {
      {"llama-3.1-8b", 8'030'261'248u},       {"mixtral-8x7b", 46'702'792'704u},
      {"deepseek-v3", 671'026'419'200u},      {"llama-3.2-1b", 1'235'814'400u},
      {"qwen1.5-moe-a2.7b", 14'315'784'192u}, {"gemma-2-27b", 27'227'128'320u},
  };
  for (const auto& [id, expected] : golden) {
    SCOPED_TRACE(id);
    const Preset* p = find_preset(id);
    ASSERT_NE(p, nullptr);
    auto spec = load_preset(*p);
    ASSERT_TRUE(testing::IsOk(spec));
    EXPECT_EQ(count_params(spec.value()).total - count_params(spec.value()).mtp, expected);
    EXPECT_EQ(p->published_params, expected);
  }
  // With its MTP layer (one MoE layer, enorm/hnorm/eh_proj/shared_head.norm and its
  // own embeddings and head) DeepSeek-V3 holds 684,489,845,504 learnable
  // parameters (docs/research/architectures/SUMMARY-B.md).
  auto v3 = load_preset(*find_preset("deepseek-v3"));
  ASSERT_TRUE(testing::IsOk(v3));
  EXPECT_EQ(count_params(v3.value()).total, 684'489'845'504u);
}

// Presets written from a refdata config: the published count is that row's
// learnable_params_computed, and the preset parses to the same model as the full file.
TEST(presets_test, refdata_presets_match_models_tsv) {
  const auto rows = RefdataLearnable();
  if (rows.empty()) GTEST_SKIP() << "no " << kRefdata << "/models.tsv";
  int checked = 0;
  for (const Preset& p : all_presets()) {
    const std::string file = RefdataConfigOf(p);
    if (file.empty()) continue;
    SCOPED_TRACE(std::string(p.id) + " <- " + file);
    const auto row = rows.find(file);
    ASSERT_NE(row, rows.end());
    EXPECT_EQ(p.published_params, row->second);
    EXPECT_STREQ(p.published_source, "refdata models.tsv learnable_params_computed");
    auto preset = load_preset(p);
    auto full = parse_config_json(testing::ReadFile(kRefdata + "/" + file), file);
    ASSERT_TRUE(testing::IsOk(preset));
    ASSERT_TRUE(testing::IsOk(full));
    const ModelSpec &a = preset.value(), &b = full.value();
    EXPECT_EQ(count_params(a).total, count_params(b).total);
    EXPECT_EQ(count_params(a).active, count_params(b).active);
    EXPECT_EQ(a.stored_extra_params, b.stored_extra_params);
    EXPECT_EQ(a.num_kv_heads, b.num_kv_heads);
    EXPECT_EQ(a.head_dim, b.head_dim);
    EXPECT_EQ(a.max_position_embeddings, b.max_position_embeddings);
    EXPECT_EQ(a.sliding_window, b.sliding_window);
    ++checked;
  }
  EXPECT_GE(checked, 35);
}

TEST(presets_test, every_supported_family_has_a_preset) {
  std::set<std::string> covered;
  for (const Preset& p : all_presets()) {
    auto spec = load_preset(p);
    ASSERT_TRUE(testing::IsOk(spec)) << p.id;
    covered.insert(spec.value().model_type);
  }
  std::string families = config::supported_families();  // "llama, mistral, ..."
  std::replace(families.begin(), families.end(), ',', ' ');
  std::istringstream in(families);
  int listed = 0;
  for (std::string family; in >> family; ++listed) {
    if (kUncoveredFamilies.count(family)) continue;
    EXPECT_TRUE(covered.count(family)) << "no preset of model_type " << family;
  }
  EXPECT_GE(listed, 30);
}

// Multimodal configs nest the language model (gemma3, llava): the preset counts it and
// says what it leaves out.
TEST(presets_test, multimodal_presets_count_the_language_model) {
  for (const char* id : {"gemma-3-4b", "gemma-3-27b", "llava-1.5-7b"}) {
    SCOPED_TRACE(id);
    const Preset* p = find_preset(id);
    ASSERT_NE(p, nullptr);
    EXPECT_NE(std::string(p->config_json).find("\"text_config\""), std::string::npos);
    auto spec = load_preset(*p);
    ASSERT_TRUE(testing::IsOk(spec));
    const auto& notes = spec.value().notes;
    EXPECT_TRUE(std::any_of(notes.begin(), notes.end(), [](const std::string& n) {
      return n.find("vision_config") != std::string::npos;
    }));
  }
  // Gemma-3-4B-IT's HF total 4,300,079,472 = this language model + SigLIP (416,866,032)
  // + projector (2,950,272).
  auto g3 = load_preset(*find_preset("gemma-3-4b"));
  ASSERT_TRUE(testing::IsOk(g3));
  EXPECT_EQ(count_params(g3.value()).total, 4'300'079'472u - 416'866'032u - 2'950'272u);
}

TEST(presets_test, search_matches_every_word_in_id_name_or_repo) {
  const auto hits = Ids(search_presets("llama 8b"));
  EXPECT_NE(std::find(hits.begin(), hits.end(), "llama-3.1-8b"), hits.end());
  EXPECT_TRUE(std::is_sorted(hits.begin(), hits.end()));
  for (const auto& id : hits) {
    EXPECT_NE(id.find("8b"), std::string::npos) << id;
  }
  EXPECT_EQ(Ids(search_presets("  LLAMA\t8B ")), hits);  // case and spacing do not matter
  // Words may match different fields: "meta-llama" is in the repo, "405" in the id.
  EXPECT_EQ(Ids(search_presets("meta-llama 405")), std::vector<std::string>{"llama-3.1-405b"});
  // Words match substrings: the V3 repo id is also a prefix of V3.2's.
  EXPECT_EQ(Ids(search_presets("deepseek-ai/DeepSeek-V3")),
            (std::vector<std::string>{"deepseek-v3", "deepseek-v3.2"}));
  EXPECT_EQ(Ids(search_presets("deepseek-ai/DeepSeek-V3.2")),
            std::vector<std::string>{"deepseek-v3.2"});
  EXPECT_TRUE(search_presets("llama no-such-word").empty());
  const auto everything = Ids(search_presets(""));
  EXPECT_EQ(everything.size(), all_presets().size());
  EXPECT_TRUE(std::is_sorted(everything.begin(), everything.end()));
}

// The compiled table is the data in core/sources/presets/ (cmake/embed_presets.cmake).
TEST(presets_test, table_equals_the_data_files) {
  const auto lines = Split(testing::ReadFile(kPresetsDir + "/index.tsv"), '\n');
  ASSERT_FALSE(lines.empty()) << kPresetsDir;
  ASSERT_EQ(lines.size() - 1, all_presets().size());
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto cells = Split(lines[i], '\t');
    ASSERT_GE(cells.size(), 4u) << lines[i];
    const Preset& p = all_presets()[i - 1];
    SCOPED_TRACE(p.id);
    EXPECT_EQ(cells[0], p.id);
    EXPECT_EQ(cells[1], p.name);
    EXPECT_EQ(cells[2], p.repo);
    EXPECT_EQ(cells[3], p.source);
    EXPECT_EQ(testing::ReadFile(kPresetsDir + "/" + cells[0] + ".json"), p.config_json);
  }
}

TEST(presets_test, unknown_id_or_repo_is_null) {
  EXPECT_EQ(find_preset("no-such-preset"), nullptr);
  EXPECT_EQ(find_preset(""), nullptr);
  EXPECT_EQ(find_preset_by_repo(""), nullptr);
  EXPECT_EQ(find_preset_by_repo("meta-llama/Llama-3.1"), nullptr);
  EXPECT_EQ(find_preset_by_repo("META-LLAMA/llama-3.1-8b"), find_preset("llama-3.1-8b"));
  EXPECT_STREQ(to_string(PublishedCount::kCheckpoint), "checkpoint");
}

}  // namespace
}  // namespace vramcalc
