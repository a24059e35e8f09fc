// imgui_ui/share_link.h: the fragment a link carries (written out by hand for
// known states), the round trip through a fresh page, hostile fragments refused
// whole with one line and nothing changed, and a dropped file named, not lost.
// Also ui::ExportText, which must be core's estimate_report() (tables_test).
#include "share_link.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

// Deterministic random fragments from the pieces links are made of (keys known and
// not, values good and absurd, escapes good and bad, control bytes, junk glued on):
// each is applied whole or refused whole, a refusal leaves the inputs as they were,
// and whatever was applied is what the state's own link then says.
TEST(share_link_test, random_fragments_apply_whole_or_not_at_all) {
  const std::vector<std::string> keys = {"model", "batch", "seq",      "gpu",      "mode",
                                         "units", "bits",  "file",     "kv-dtype", "gpu-layers",
                                         "zero",  "plot",  "textbook", "nope",     ""};
  const std::vector<std::string> values = {
      "1",    "4",           "0",         "-1",        "1e9",  "99999999999999999999",
      "bf16", "fp8",         "training",  "h100-80gb", "gpt2", "llama-3.1-8b",
      "7b",   "bf16:1:17:5", "gib",       "batch",     "true", "%41",
      "%zz",  "%0A",         "%E2%80%AE", "%",         "8192"};
  uint64_t seed = 12345;
  auto next = [&seed] {  // splitmix64
    uint64_t z = (seed += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  UiState s = MakeInitialState();
  int applied = 0, refused = 0;
  for (int i = 0; i < 1500; ++i) {
    std::string fragment;
    const int n = 1 + static_cast<int>(next() % 4);
    for (int k = 0; k < n; ++k) {
      if (k > 0) fragment += next() % 10 ? "&" : "&&";
      fragment += keys[next() % keys.size()];
      if (next() % 10) fragment += "=";
      fragment += values[next() % values.size()];
      if (next() % 8 == 0) fragment += values[next() % values.size()];  // junk glued on
    }
    const json was = Inputs(s);
    if (ApplyShareHash(s, fragment)) {
      ++applied;
      UiState t = MakeInitialState();
      ASSERT_TRUE(ApplyShareHash(t, ShareHash(s))) << fragment << " -> " << ShareHash(s);
      EXPECT_EQ(Inputs(t), Inputs(s)) << fragment;
    } else {
      ++refused;
      EXPECT_EQ(Inputs(s), was) << fragment;
      EXPECT_EQ(s.error.rfind("link ignored: ", 0), 0u) << fragment;
    }
  }
  EXPECT_GT(applied, 20);  // the mix exercises both outcomes (45 and 1455 with this seed)
  EXPECT_GT(refused, 20);
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

TEST(share_link_test, a_hub_model_travels_as_its_repository) {
  UiState s = MakeInitialState();
  ASSERT_TRUE(LoadModelBytes(s, kTinyConfig, "config.json"));
  EXPECT_FALSE(SetLoadedHub(s, "not a hub id"));  // refused, nothing named
  EXPECT_EQ(s.loaded_hub, "");
  ASSERT_TRUE(SetLoadedHub(s, "https://huggingface.co/org/tiny/tree/v2"));
  EXPECT_EQ(s.loaded_hub, "org/tiny@v2");  // the short form, whatever form was fetched
  EXPECT_FALSE(ModelNotShareable(s));
  Set(s, "seq", "1024");
  const std::string hash = ShareHash(s);
  EXPECT_EQ(hash, "hub=org%2Ftiny%40v2&seq=1024");
  EXPECT_EQ(Inputs(s)["hub"], "org/tiny@v2");
  // Opened elsewhere: the Hub field is filled in and the reader is told to fetch;
  // the knobs apply and nothing else changes.
  UiState t = MakeInitialState();
  ASSERT_TRUE(ApplyShareHash(t, hash));
  EXPECT_EQ(t.hub_text, "org/tiny@v2");
  EXPECT_EQ(Inputs(t)["model_source"], "preset");
  EXPECT_EQ(Inputs(t)["seq"], 1024);
  EXPECT_NE(t.error.find("press Fetch"), std::string::npos) << t.error;
  // Opened where that repository is loaded: used as is.
  Set(s, "seq", "2048");
  ASSERT_TRUE(ApplyShareHash(s, hash));
  EXPECT_EQ(s.error, "");
  EXPECT_EQ(Inputs(s)["seq"], 1024);
  // A drop afterwards is a file again, not the Hub model.
  ASSERT_TRUE(LoadModelBytes(s, kTinyConfig, "config.json"));
  EXPECT_EQ(s.loaded_hub, "");
  EXPECT_TRUE(ModelNotShareable(s));
  // Hostile or doubled: refused whole.
  UiState u = MakeInitialState();
  EXPECT_FALSE(ApplyShareHash(u, "hub=..%2F..%2Fetc"));
  EXPECT_FALSE(ApplyShareHash(u, "hub=org%2Ftiny&model=llama-3.1-8b"));
  EXPECT_EQ(u.hub_text, "");
}

TEST(share_link_test, the_count_field_is_empty_unless_a_count_is_used) {
  UiState s = MakeInitialState();
  EXPECT_EQ(s.count_text, "");  // the default preset, not a stale "7b"
  ASSERT_TRUE(UseParamCount(s, "13b"));
  EXPECT_EQ(s.count_text, "13b");
  EXPECT_EQ(ShareHash(s), "model=13b");
  ASSERT_TRUE(SelectPreset(s, "llama-3.1-8b"));
  EXPECT_EQ(s.count_text, "");
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

// The embed view (index.html?embed=1) shows the knobs its link names: option keys
// only, in the link's order, each once; model, display and unknown keys are no knobs.
TEST(share_link_test, link_option_keys_are_the_knobs_a_link_names) {
  using Keys = std::vector<std::string>;
  EXPECT_EQ(LinkOptionKeys("model=llama-3.1-8b&seq=8192&gpu=rtx4090-24gb"), (Keys{"seq", "gpu"}));
  EXPECT_EQ(LinkOptionKeys("#gpu=h100-80gb&batch=4&seq=1024"), (Keys{"gpu", "batch", "seq"}));
  EXPECT_EQ(LinkOptionKeys("model=7b&units=gib&plot=batch&bits=bf16:0:1:2&file=a.json"), Keys{});
  EXPECT_EQ(LinkOptionKeys("seq=1&no-such-knob=2&batch&&seq=3"), (Keys{"seq", "batch"}));
  EXPECT_EQ(LinkOptionKeys("weight%2Ddtype=int4&%zz=1"), Keys{"weight-dtype"});  // %XX decoded
  EXPECT_EQ(LinkOptionKeys(""), Keys{});
  EXPECT_EQ(LinkOptionKeys("#"), Keys{});
  // Over ApplyShareHash's limit: refused unread, as the link itself is.
  EXPECT_EQ(LinkOptionKeys("seq=1&" + std::string(kMaxShareHashBytes, 'x')), Keys{});
  // Every option of core's table can be a knob.
  for (const OptionInfo& o : all_options()) {
    EXPECT_EQ(LinkOptionKeys(std::string(o.key) + "=1"), Keys{o.key}) << o.key;
  }
}

TEST(share_link_test, the_embed_view_survives_links_and_is_in_the_state) {
  UiState s = MakeInitialState();
  EXPECT_FALSE(s.embed);
  EXPECT_EQ(json::parse(StateJson(s))["embed"], false);
  EXPECT_EQ(json::parse(StateJson(s))["embed_knobs"], json::array());
  const std::string link = "model=llama-3.1-8b&seq=8192&gpu=rtx4090-24gb";
  const uint64_t version = s.version;
  EnterEmbedView(s, link);
  ASSERT_TRUE(ApplyShareHash(s, link));
  EXPECT_GT(s.version, version);
  EXPECT_TRUE(s.embed);
  EXPECT_EQ(s.embed_knobs, (std::vector<std::string>{"seq", "gpu"}));
  EXPECT_EQ(json::parse(StateJson(s))["embed"], true);
  EXPECT_EQ(json::parse(StateJson(s))["embed_knobs"], json::parse(R"(["seq","gpu"])"));
  EXPECT_EQ(Inputs(s)["seq"], 8192);
  // The view is not part of the link, and later links (the parent page editing the
  // iframe's fragment) or a refused one leave it as it is.
  EXPECT_EQ(ShareHash(s), link);
  ASSERT_TRUE(ApplyShareHash(s, "model=qwen2.5-7b&batch=2"));
  EXPECT_FALSE(ApplyShareHash(s, "batch=%zz"));
  EXPECT_TRUE(s.embed);
  EXPECT_EQ(s.embed_knobs, (std::vector<std::string>{"seq", "gpu"}));
  EXPECT_EQ(Inputs(s)["batch"], 2);
  // Knobs stay what the first link named; a view with none shows the answer only.
  UiState t = MakeInitialState();
  EnterEmbedView(t, "model=7b");
  EXPECT_TRUE(t.embed);
  EXPECT_TRUE(t.embed_knobs.empty());
}

}  // namespace
}  // namespace vramcalc::ui
