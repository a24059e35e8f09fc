// imgui_ui/share_link.h: the fragment a link carries (written out by hand for
// known states), the round trip through a fresh page, hostile fragments refused
// whole with one line and nothing changed, and a dropped file named, not lost.
// Also ui::ExportText, which must be core's estimate_report() (tables_test).
#include "share_link.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tables.h"
#include "ui_state.h"

namespace vramcalc::ui {
namespace {

using nlohmann::json;

json Inputs(const UiState& s) { return json::parse(StateJson(s))["inputs"]; }

void Set(UiState& s, const std::string& key, const std::string& value) {
  ASSERT_TRUE(SetOption(s, key, value)) << key << "=" << value << ": " << s.error;
}

TEST(share_link_test, default_state_names_only_the_model) {
  EXPECT_EQ(ShareHash(MakeInitialState()), "model=llama-3.1-8b");
}

TEST(share_link_test, changed_options_in_cli_names_and_table_order) {
  UiState s = MakeInitialState();
  Set(s, "gpu", "h100-80gb");
  Set(s, "seq", "8192");
  Set(s, "batch", "4");
  Set(s, "units", "gib");
  EXPECT_EQ(ShareHash(s), "model=llama-3.1-8b&batch=4&seq=8192&gpu=h100-80gb&units=gib");
  ASSERT_TRUE(UseParamCount(s, "7b"));
  Set(s, "gpu-memory-bytes", "12000000000");  // custom memory replaces the catalog GPU
  Set(s, "gpu-memory-utilization", "0.85");
  EXPECT_EQ(ShareHash(s),
            "model=7b&batch=4&seq=8192&gpu-memory-bytes=12000000000&gpu-memory-utilization=0.85"
            "&units=gib");
}

TEST(share_link_test, round_trip_restores_every_knob) {
  UiState s = MakeInitialState();
  ASSERT_TRUE(SelectPreset(s, "qwen2.5-7b"));
  for (const auto& [k, v] :
       std::vector<std::pair<std::string, std::string>>{{"mode", "training"},
                                                        {"method", "qlora"},
                                                        {"lora-rank", "32"},
                                                        {"batch", "4"},
                                                        {"checkpointing", "full"},
                                                        {"attention", "flash"},
                                                        {"optimizer", "paged-adamw-8bit"},
                                                        {"gpu", "rtx4090-24gb"},
                                                        {"kv-dtype", "fp8"},
                                                        {"textbook", "true"},
                                                        {"plot", "batch"}}) {
    Set(s, k, v);
  }
  ASSERT_TRUE(SetBits(s, "fp16", 0, 15, 0));
  const std::string hash = ShareHash(s);
  UiState t = MakeInitialState();
  ASSERT_TRUE(ApplyShareHash(t, "#" + hash)) << t.error;
  EXPECT_EQ(t.error, "");
  EXPECT_EQ(Inputs(t), Inputs(s));
  EXPECT_EQ(json::parse(StateJson(t))["bits"], json::parse(StateJson(s))["bits"]);
  EXPECT_EQ(ShareHash(t), hash);
  ASSERT_TRUE(t.estimate && s.estimate);
  EXPECT_EQ(t.estimate->per_gpu_bytes, s.estimate->per_gpu_bytes);
}

TEST(share_link_test, a_link_starts_from_the_defaults) {
  UiState s = MakeInitialState();
  Set(s, "batch", "16");
  ASSERT_TRUE(ApplyShareHash(s, "model=gpt2&seq=512"));
  EXPECT_EQ(Inputs(s)["batch"], 1);  // not in the link: the default, not the old 16
  EXPECT_EQ(Inputs(s)["seq"], 512);
  EXPECT_EQ(Inputs(s)["preset"], "gpt2");
}

TEST(share_link_test, hostile_fragments_are_refused_whole) {
  const std::string cases[] = {
      std::string(3000, 'a'),
      "model=llama-3.1-8b&batch=%zz",
      "batch=4%",
      "batch=4%2",
      "foo=1",
      "model=llama-3.1-8b&__proto__=1",
      "model=%0Aevil",
      "batch=4%00",
      "batch=1e99",
      "batch=-1",
      "batch=99999999999999999999999",
      "seq=0",
      "batch=1&batch=2",
      "model=no-such-model-anywhere",
      "model=gpt2&file=config.json",
      "bits=bf16:9:9:9",
      "bits=bf16:1",
      "gpu=not-a-gpu",
      "batch",
      "mode=%E2%80%AEgniniart",
      "%E2%80%AE=1",
  };
  for (const std::string& hostile : cases) {
    UiState s = MakeInitialState();
    Set(s, "batch", "3");
    const json before = Inputs(s);
    const uint64_t version = s.version;
    EXPECT_FALSE(ApplyShareHash(s, hostile)) << hostile;
    EXPECT_EQ(s.error.rfind("link ignored: ", 0), 0u) << s.error;
    EXPECT_EQ(s.error.find('\n'), std::string::npos) << s.error;
    EXPECT_LE(s.error.size(), 300u) << s.error;
    for (unsigned char c : s.error) EXPECT_GE(c, 0x20) << hostile;
    EXPECT_EQ(s.error.find("\xE2\x80\xAE"), std::string::npos) << "a bidi override shown raw";
    EXPECT_EQ(Inputs(s), before) << hostile;
    EXPECT_GT(s.version, version);  // the message is a change the page shows
  }
}

TEST(share_link_test, an_empty_fragment_changes_nothing) {
  UiState s = MakeInitialState();
  Set(s, "batch", "3");
  EXPECT_TRUE(ApplyShareHash(s, ""));
  EXPECT_TRUE(ApplyShareHash(s, "#"));
  EXPECT_EQ(Inputs(s)["batch"], 3);
}

constexpr const char* kTinyConfig = R"({"model_type": "llama", "hidden_size": 64,
  "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
  "intermediate_size": 128, "vocab_size": 100, "max_position_embeddings": 4096})";

TEST(share_link_test, a_dropped_file_is_named_not_carried) {
  UiState s = MakeInitialState();
  ASSERT_TRUE(LoadModelBytes(s, kTinyConfig, "my model&v=2.json"));
  Set(s, "seq", "1024");
  EXPECT_TRUE(ModelNotShareable(s));
  const std::string hash = ShareHash(s);
  EXPECT_EQ(hash, "file=my%20model%26v%3D2.json&seq=1024");
  // Opened elsewhere: the knobs apply, the model stays the default, and the line says why.
  UiState t = MakeInitialState();
  ASSERT_TRUE(ApplyShareHash(t, hash));
  EXPECT_EQ(Inputs(t)["seq"], 1024);
  EXPECT_EQ(Inputs(t)["model_source"], "preset");
  EXPECT_NE(t.error.find("my model&v=2.json"), std::string::npos) << t.error;
  EXPECT_NE(t.error.find("drop it again"), std::string::npos) << t.error;
  // Opened where that file is loaded (the hash edited in place): it is used.
  Set(s, "seq", "4096");
  ASSERT_TRUE(ApplyShareHash(s, hash));
  EXPECT_EQ(s.error, "");
  EXPECT_EQ(Inputs(s)["model_source"], "file");
  EXPECT_EQ(Inputs(s)["seq"], 1024);
}

TEST(share_link_test, export_text_is_core_estimate_report) {
  UiState s = MakeInitialState();
  Set(s, "units", "gib");
  ASSERT_TRUE(s.estimate);
  EXPECT_EQ(ExportText(s, "markdown"),
            estimate_report(*s.estimate, Format::kMarkdown, Units::kGiB));
  EXPECT_EQ(ExportText(s, "csv"), estimate_report(*s.estimate, Format::kCsv, Units::kGiB));
  EXPECT_EQ(ExportText(s, "json"), estimate_json(*s.estimate) + "\n");
  EXPECT_EQ(ExportText(s, "table"), "");
  EXPECT_EQ(ExportText(s, "xml"), "");
}

}  // namespace
}  // namespace vramcalc::ui
