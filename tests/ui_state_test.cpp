// The UI's state layer without a screen: UiState actions (presets, options,
// dropped files joined into one model, errors that keep the model and knobs) and
// the page contract's StateJson (the bit explorer, sweeps and plot layout:
// ui_plot_test.cpp). Golden values are hand-derived in the tests or published
// (PEFT's LoRA count for Llama-3.1-8B).
#include "ui_state.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gguf_writer.h"
#include "model_files.h"

namespace vramcalc::ui {
namespace {

using nlohmann::json;
using vramcalc::testing::GgufWriter;
namespace ggml = vramcalc::testing::ggml;

// ---- Test files -------------------------------------------------------------

// A tiny llama: hidden 64, 2 layers, 4 heads of 16, 2 KV heads, MLP 128, vocab 100.
constexpr const char* kTinyConfig = R"({"model_type": "llama", "hidden_size": 64,
  "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
  "intermediate_size": 128, "vocab_size": 100, "tie_word_embeddings": false,
  "max_position_embeddings": 4096})";

struct TensorSpec {
  std::string name;
  std::string dtype;  // "BF16" or "F32"
  std::vector<uint64_t> shape;
};

uint64_t BytesOf(const TensorSpec& t) {
  uint64_t n = t.dtype == "F32" ? 4 : 2;
  for (uint64_t d : t.shape) n *= d;
  return n;
}

// The tiny llama's tensors (86,848 values), in the layout HF writes.
std::vector<TensorSpec> TinyTensors(int first_layer, int last_layer, bool embed, bool head) {
  std::vector<TensorSpec> out;
  if (embed) out.push_back({"model.embed_tokens.weight", "BF16", {100, 64}});
  for (int l = first_layer; l <= last_layer; ++l) {
    const std::string p = "model.layers." + std::to_string(l) + ".";
    out.push_back({p + "self_attn.q_proj.weight", "BF16", {64, 64}});
    out.push_back({p + "self_attn.k_proj.weight", "BF16", {32, 64}});
    out.push_back({p + "self_attn.v_proj.weight", "BF16", {32, 64}});
    out.push_back({p + "self_attn.o_proj.weight", "BF16", {64, 64}});
    out.push_back({p + "mlp.gate_proj.weight", "BF16", {128, 64}});
    out.push_back({p + "mlp.up_proj.weight", "BF16", {128, 64}});
    out.push_back({p + "mlp.down_proj.weight", "BF16", {64, 128}});
    out.push_back({p + "input_layernorm.weight", "F32", {64}});
    out.push_back({p + "post_attention_layernorm.weight", "F32", {64}});
  }
  if (head) {
    out.push_back({"model.norm.weight", "F32", {64}});
    out.push_back({"lm_head.weight", "BF16", {100, 64}});
  }
  return out;
}

// A .safetensors file as the page reads it: bytes [0, 8 + N) and the real size.
ModelFile Safetensors(const std::string& name, const std::vector<TensorSpec>& tensors) {
  json header = json::object();
  uint64_t offset = 0;
  for (const TensorSpec& t : tensors) {
    header[t.name] = {
        {"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + BytesOf(t)}}};
    offset += BytesOf(t);
  }
  const std::string text = header.dump();
  std::string bytes;
  for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<char>((text.size() >> (8 * i)) & 0xFF));
  bytes += text;
  return ModelFile{name, bytes, bytes.size() + offset};
}

uint64_t StoredBytes(const std::vector<TensorSpec>& tensors) {
  uint64_t n = 0;
  for (const TensorSpec& t : tensors) n += BytesOf(t);
  return n;
}

ModelFile Json(const std::string& name, const std::string& text) {
  return ModelFile{name, text, text.size()};
}

// Llama-3.1-8B's published config (hyperparameters only).
constexpr const char* kLlama31Config = R"({"architectures": ["LlamaForCausalLM"],
  "model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336,
  "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8,
  "vocab_size": 128256, "max_position_embeddings": 131072, "rms_norm_eps": 1e-05,
  "tie_word_embeddings": false, "torch_dtype": "bfloat16"})";

// PEFT LoRA r=16 on every linear layer of the blocks.
constexpr const char* kAdapterConfig = R"({"peft_type": "LORA", "r": 16, "lora_alpha": 32,
  "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj",
  "down_proj"], "base_model_name_or_path": "meta-llama/Llama-3.1-8B", "bias": "none",
  "task_type": "CAUSAL_LM"})";

// State after the checks every failing action must pass: error set, all else kept.
void ExpectUnchanged(const UiState& before, const UiState& after) {
  EXPECT_FALSE(after.error.empty());
  EXPECT_EQ(after.model.name, before.model.name);
  EXPECT_EQ(after.choice, before.choice);
  const json a = json::parse(StateJson(after));
  const json b = json::parse(StateJson(before));
  EXPECT_EQ(a["inputs"], b["inputs"]);
  EXPECT_EQ(a["model"], b["model"]);
  EXPECT_EQ(a["estimate"], b["estimate"]);
}

// ---- Actions ----------------------------------------------------------------

TEST(ui_state_test, initial_state_is_llama_3_1_8b_estimated) {
  const UiState s = MakeInitialState();
  EXPECT_EQ(s.choice, ModelChoice::kPreset);
  EXPECT_EQ(s.preset_id, "llama-3.1-8b");
  ASSERT_TRUE(s.estimate.has_value());
  EXPECT_TRUE(s.error.empty());
  // Llama-3.1-8B's published parameter count.
  EXPECT_EQ(s.params.total, 8030261248u);
  EXPECT_EQ(s.option_values.at("batch"), "1");
  EXPECT_EQ(s.option_values.at("kv-dtype"), "auto");
  EXPECT_EQ(s.option_values.at("runtime"), "generic");
  EXPECT_GE(s.seq_sweep.x.size(), 2u);
  EXPECT_GE(s.batch_sweep.x.size(), 2u);
}

TEST(ui_state_test, option_values_cover_every_option_of_core) {
  const UiState s = MakeInitialState();
  for (const OptionInfo& o : all_options()) {
    if (std::string(o.key) == "gpu") continue;  // shown as s.gpu_id
    EXPECT_EQ(s.option_values.count(o.key), 1u) << o.key;
  }
}

TEST(ui_state_test, set_option_reestimates_and_a_bad_value_keeps_everything) {
  UiState s = MakeInitialState();
  ASSERT_TRUE(SetOption(s, "batch", "8"));
  ASSERT_TRUE(SetOption(s, "kv-dtype", "fp16"));
  EXPECT_EQ(s.option_values.at("batch"), "8");
  // 2 (K,V) x 32 layers x 8 KV heads x 128 x 2 B x 8 x 2048 tokens.
  EXPECT_EQ(s.estimate->at(Component::kKVCache).bytes, 2ull * 32 * 8 * 128 * 2 * 8 * 2048);
  const UiState before = s;
  EXPECT_FALSE(SetOption(s, "batch", "many"));
  ExpectUnchanged(before, s);
  // In the UI's words: the option table's label, not the CLI's --batch.
  EXPECT_EQ(s.error.rfind("Batch", 0), 0u) << s.error;
  EXPECT_EQ(s.error.find("--"), std::string::npos) << s.error;
  ASSERT_TRUE(SetOption(s, "kv-dtype", "auto"));
  EXPECT_TRUE(s.error.empty());
  EXPECT_EQ(s.option_values.at("kv-dtype"), "auto");
}

// A value core takes but cannot estimate with (3 GPUs for tensor parallel 2) stays
// in its knob; the error says so in the UI's words and the last good results stay.
TEST(ui_state_test, an_estimate_error_keeps_the_last_good_results) {
  UiState s = MakeInitialState();
  ASSERT_TRUE(SetOption(s, "gpus", "2"));
  ASSERT_TRUE(SetOption(s, "tp", "2"));
  ASSERT_TRUE(s.estimate.has_value());
  const uint64_t good = s.estimate->per_gpu_bytes;
  const std::string good_text = ResultsText(s);
  EXPECT_TRUE(SetOption(s, "gpus", "3"));  // apply_option takes it; estimate() refuses
  EXPECT_EQ(s.option_values.at("gpus"), "3");
  EXPECT_EQ(s.error, "GPUs (3) must be a multiple of Tensor parallel x Pipeline parallel (2)");
  EXPECT_TRUE(s.results_stale);
  ASSERT_TRUE(s.estimate.has_value());
  EXPECT_EQ(s.estimate->per_gpu_bytes, good);
  EXPECT_TRUE(s.verdict.has_value());
  EXPECT_GE(s.seq_sweep.x.size(), 2u);
  // The lines describing the results say what they were for: 2 GPUs, not the 3 typed.
  EXPECT_EQ(s.shown_hardware.gpus, 2u);
  EXPECT_EQ(s.hardware.gpus, 3u);
  // The page contract's estimate is for the inputs: none; the screen and the mirror
  // keep the last good total, under the error.
  const json j = json::parse(StateJson(s));
  EXPECT_TRUE(j["estimate"].is_null());
  EXPECT_TRUE(j["verdict"].is_null());
  EXPECT_EQ(j["results_stale"], true);
  const std::string text = ResultsText(s);
  EXPECT_NE(text.find("Error: GPUs (3) must be"), std::string::npos) << text;
  EXPECT_NE(text.find(kStaleNote), std::string::npos);
  const std::string total_line = good_text.substr(good_text.find("Total per GPU"), 30);
  EXPECT_NE(text.find(total_line), std::string::npos) << total_line;
  EXPECT_EQ(ExportText(s, "json"), "");  // no export of numbers for other inputs
  ASSERT_TRUE(SetOption(s, "gpus", "4"));
  EXPECT_FALSE(s.results_stale);
  EXPECT_TRUE(s.error.empty());
}

TEST(ui_state_test, hf_runtime_shows_cores_error_or_its_estimate) {
  UiState s = MakeInitialState();
  SetOption(s, "runtime", "hf");
  EXPECT_EQ(s.option_values.at("runtime"), "hf");
  if (s.estimate) {  // core models --runtime hf: an estimate like any other runtime's
    EXPECT_TRUE(s.error.empty()) << s.error;
    EXPECT_GE(s.seq_sweep.x.size(), 2u);
    return;
  }
  EXPECT_NE(s.error.find("hf"), std::string::npos);
  EXPECT_TRUE(s.seq_sweep.x.empty());
  EXPECT_TRUE(SetOption(s, "runtime", "generic"));
  EXPECT_TRUE(s.estimate.has_value());
  EXPECT_TRUE(s.error.empty());
}

TEST(ui_state_test, unknown_preset_keeps_the_model) {
  UiState s = MakeInitialState();
  const UiState before = s;
  EXPECT_FALSE(SelectPreset(s, "no-such-preset"));
  ExpectUnchanged(before, s);
  EXPECT_NE(s.error.find("no-such-preset"), std::string::npos);
}

TEST(ui_state_test, preset_params_are_published_or_counted) {
  UiState s = MakeInitialState();
  for (const Preset& p : all_presets()) {
    const uint64_t n = PresetParams(s, p);
    EXPECT_GT(n, 0u) << p.id;
    if (p.published_params > 0) {
      EXPECT_EQ(n, p.published_params) << p.id;
    }
  }
}

TEST(ui_state_test, a_param_count_gives_weights_only) {
  UiState s = MakeInitialState();
  ASSERT_TRUE(UseParamCount(s, "7b"));
  EXPECT_EQ(s.estimate->params.total, 7000000000u);
  EXPECT_FALSE(s.estimate->at(Component::kKVCache).known);
  const UiState before = s;
  EXPECT_FALSE(UseParamCount(s, "seven"));
  ExpectUnchanged(before, s);
}

// ---- Files ------------------------------------------------------------------

TEST(ui_state_test, a_safetensors_header_alone_gives_exact_stored_bytes) {
  UiState s = MakeInitialState();
  SetOption(s, "weight-dtype", "fp32");  // a dropped checkpoint overrides this
  const std::vector<TensorSpec> t = TinyTensors(0, 1, true, true);
  ASSERT_TRUE(LoadModelFiles(s, {Safetensors("model.safetensors", t)})) << s.error;
  EXPECT_EQ(s.choice, ModelChoice::kLoadedFile);
  EXPECT_EQ(s.loaded_name, "model.safetensors");
  EXPECT_EQ(s.model.kind, ModelKind::kParamsOnly);
  EXPECT_EQ(s.estimate->params.total, 86848u);
  EXPECT_EQ(s.estimate->at(Component::kWeights).bytes, StoredBytes(t));
  EXPECT_EQ(s.option_values.at("weight-dtype"), "checkpoint");
  const json j = json::parse(StateJson(s));
  EXPECT_EQ(j["inputs"]["weight-dtype"], "checkpoint");
  EXPECT_EQ(j["model"]["checkpoint"]["bytes"], StoredBytes(t));
  EXPECT_EQ(j["model"]["checkpoint"]["tensors"], t.size());
  // Choosing a dtype leaves the stored bytes; "checkpoint" returns to them.
  ASSERT_TRUE(SetOption(s, "weight-dtype", "fp32"));
  EXPECT_EQ(s.estimate->at(Component::kWeights).bytes, 86848u * 4);
  ASSERT_TRUE(SetOption(s, "weight-dtype", "checkpoint"));
  EXPECT_EQ(s.estimate->at(Component::kWeights).bytes, StoredBytes(t));
}

TEST(ui_state_test, config_index_and_shards_join_into_one_model) {
  UiState s = MakeInitialState();
  const std::vector<TensorSpec> a = TinyTensors(0, 0, true, false);
  const std::vector<TensorSpec> b = TinyTensors(1, 1, false, true);
  json index = {{"metadata", {{"total_size", StoredBytes(a) + StoredBytes(b)}}},
                {"weight_map", json::object()}};
  for (const TensorSpec& t : a) index["weight_map"][t.name] = "model-00001-of-00002.safetensors";
  for (const TensorSpec& t : b) index["weight_map"][t.name] = "model-00002-of-00002.safetensors";
  // Dropped in any order: the index decides the shard order.
  const std::vector<ModelFile> files = {
      Safetensors("model-00002-of-00002.safetensors", b),
      Json("config.json", kTinyConfig),
      Json("model.safetensors.index.json", index.dump()),
      Safetensors("model-00001-of-00002.safetensors", a),
  };
  ASSERT_TRUE(LoadModelFiles(s, files)) << s.error;
  EXPECT_EQ(s.model.kind, ModelKind::kDecoder);
  EXPECT_EQ(s.model.hidden_size, 64u);
  EXPECT_TRUE(s.model.checkpoint.present);
  EXPECT_EQ(s.model.checkpoint.tensors, a.size() + b.size());
  // Counted from the config == stored in the shards: no mismatch note.
  EXPECT_EQ(s.params.total, 86848u);
  EXPECT_EQ(s.model.checkpoint.params, 86848u);
  for (const std::string& n : s.model.notes)
    EXPECT_EQ(n.find("checkpoint stores"), std::string::npos) << n;
  EXPECT_EQ(s.estimate->at(Component::kWeights).bytes, StoredBytes(a) + StoredBytes(b));
  EXPECT_EQ(s.loaded_name, "model-00002-of-00002.safetensors + 3 files");

  // The index without one of its shards names the one missing; nothing changes.
  const UiState before = s;
  EXPECT_FALSE(LoadModelFiles(s, {files[1], files[2], files[3]}));
  ExpectUnchanged(before, s);
  EXPECT_NE(s.error.find("model-00002-of-00002.safetensors"), std::string::npos) << s.error;
  EXPECT_NE(s.error.find("weight_map"), std::string::npos) << s.error;
}

TEST(ui_state_test, config_and_one_safetensors_file_beside_it) {
  UiState s = MakeInitialState();
  const std::vector<TensorSpec> t = TinyTensors(0, 1, true, true);
  ASSERT_TRUE(
      LoadModelFiles(s, {Json("config.json", kTinyConfig), Safetensors("model.safetensors", t)}))
      << s.error;
  EXPECT_EQ(s.model.kind, ModelKind::kDecoder);
  EXPECT_EQ(s.model.checkpoint.tensors, t.size());
  EXPECT_EQ(s.estimate->at(Component::kWeights).bytes, StoredBytes(t));
  // 2 (K,V) x 2 layers x 2 KV heads x 16 x 2 B x 1 x 2048 tokens (BF16 compute).
  EXPECT_EQ(s.estimate->at(Component::kKVCache).bytes, 2ull * 2 * 2 * 16 * 2 * 2048);
  // A shard the index does not name is refused, naming it.
  json index = {{"weight_map", {{"model.embed_tokens.weight", "model.safetensors"}}}};
  const UiState before = s;
  EXPECT_FALSE(LoadModelFiles(
      s, {Json("model.safetensors.index.json", index.dump()), Safetensors("model.safetensors", t),
          Safetensors("extra.safetensors", t)}));
  ExpectUnchanged(before, s);
  EXPECT_NE(s.error.find("extra.safetensors"), std::string::npos) << s.error;
}

// A shard without layer 1 disagrees with the config: that note changes the answer,
// so it is one of the verdict's warnings (beside it on the page, first in the mirror).
TEST(ui_state_test, shards_that_disagree_with_the_config_warn_beside_the_verdict) {
  UiState s = MakeInitialState();
  ASSERT_TRUE(LoadModelFiles(s, {Json("config.json", kTinyConfig),
                                 Safetensors("model.safetensors", TinyTensors(0, 0, true, true))}))
      << s.error;
  ASSERT_TRUE(s.verdict.has_value());
  ASSERT_EQ(s.verdict->warnings.size(), 1u);
  EXPECT_EQ(s.verdict->warnings[0].rfind("checkpoint stores ", 0), 0u) << s.verdict->warnings[0];
  const std::string text = ResultsText(s);
  EXPECT_LT(text.find("Warning: checkpoint stores "), text.find("Model: ")) << text;
}

TEST(ui_state_test, truncated_and_hostile_safetensors_headers_name_the_field) {
  UiState s = MakeInitialState();
  const UiState before = s;
  // The header says 5,000 bytes; the file has 100.
  std::string first8(8, '\0');
  first8[0] = static_cast<char>(5000 & 0xFF);
  first8[1] = static_cast<char>(5000 >> 8);
  EXPECT_FALSE(LoadModelFiles(s, {ModelFile{"cut.safetensors", first8, 100}}));
  ExpectUnchanged(before, s);
  EXPECT_NE(s.error.find("cut.safetensors"), std::string::npos) << s.error;
  EXPECT_NE(s.error.find("header_length"), std::string::npos) << s.error;
  // A length of 2^60.
  std::string hostile(8, '\0');
  hostile[7] = 0x10;
  EXPECT_FALSE(LoadModelFiles(s, {ModelFile{"hostile.safetensors", hostile, 20000000000ull}}));
  ExpectUnchanged(before, s);
  EXPECT_NE(s.error.find("hostile.safetensors"), std::string::npos) << s.error;
  EXPECT_NE(s.error.find("1152921504606846976"), std::string::npos) << s.error;
  // Fewer header bytes handed in than the length says (a reader that stopped early).
  ModelFile short_read = Safetensors("short.safetensors", TinyTensors(0, 0, true, false));
  short_read.bytes.resize(100);
  EXPECT_FALSE(LoadModelFiles(s, {short_read}));
  EXPECT_NE(s.error.find("short.safetensors"), std::string::npos) << s.error;
}

TEST(ui_state_test, gguf_header_gives_architecture_and_exact_bytes) {
  GgufWriter w;
  w.Str("general.architecture", "llama")
      .U32("llama.block_count", 2)
      .U32("llama.embedding_length", 256)
      .U32("llama.feed_forward_length", 512)
      .U32("llama.attention.head_count", 4)
      .U32("llama.attention.head_count_kv", 2)
      .U32("llama.vocab_size", 1000)
      .U64("llama.context_length", 2048);
  w.Tensor("token_embd.weight", {256, 1000}, ggml::kQ8_0);
  for (int l = 0; l < 2; ++l) {
    const std::string p = "blk." + std::to_string(l) + ".";
    w.Tensor(p + "attn_q.weight", {256, 256}, ggml::kQ4_K)
        .Tensor(p + "attn_k.weight", {256, 128}, ggml::kQ4_K)
        .Tensor(p + "attn_v.weight", {256, 128}, ggml::kQ6_K)
        .Tensor(p + "attn_output.weight", {256, 256}, ggml::kQ4_K)
        .Tensor(p + "ffn_gate.weight", {256, 512}, ggml::kQ4_K)
        .Tensor(p + "ffn_up.weight", {256, 512}, ggml::kQ4_K)
        .Tensor(p + "ffn_down.weight", {512, 256}, ggml::kQ6_K)
        .Tensor(p + "attn_norm.weight", {256}, ggml::kF32)
        .Tensor(p + "ffn_norm.weight", {256}, ggml::kF32);
  }
  w.Tensor("output_norm.weight", {256}, ggml::kF32)
      .Tensor("output.weight", {256, 1000}, ggml::kQ6_K);
  // Stored bytes by hand: blocks x block bytes per tensor.
  const uint64_t per_layer = 256 * 256 / 256 * 144 * 2 + 256 * 128 / 256 * 144 +
                             256 * 128 / 256 * 210 + 256 * 512 / 256 * 144 * 2 +
                             512 * 256 / 256 * 210 + 256 * 4 * 2;
  const uint64_t stored = 256 * 1000 / 32 * 34 + 2 * per_layer + 256 * 4 + 256 * 1000 / 256 * 210;

  UiState s = MakeInitialState();
  SetOption(s, "kv-dtype", "fp16");
  ASSERT_TRUE(LoadModelFiles(s, {ModelFile{"tiny.gguf", w.Bytes(), w.FileSize()}})) << s.error;
  EXPECT_EQ(s.model.num_layers, 2u);
  EXPECT_EQ(s.model.head_dim, 64u);
  // A .gguf is llama.cpp's: the page switches to it, which keeps the token
  // embeddings in host memory (llama-model.cpp load_tensors) and the rest on the GPU.
  EXPECT_EQ(s.workload.runtime, Runtime::kLlamaCpp);
  const uint64_t token_embd = 256 * 1000 / 32 * 34;
  EXPECT_EQ(s.estimate->at(Component::kWeights).bytes, stored - token_embd);
  // KV: 2 (K,V) x 2 layers x 2 KV heads x 64 x 2 B x 1 x 2048 cells (a multiple of 256).
  EXPECT_EQ(s.estimate->at(Component::kKVCache).bytes, 2ull * 2 * 2 * 64 * 2 * 2048);
  // Generic, the weights are every stored byte.
  SetOption(s, "runtime", "generic");
  EXPECT_EQ(s.estimate->at(Component::kWeights).bytes, stored);

  // Cut inside the header: core names the file and what is missing; nothing changes.
  const UiState before = s;
  const std::string cut = w.Bytes().substr(0, 60);
  EXPECT_FALSE(LoadModelFiles(s, {ModelFile{"cut.gguf", cut, cut.size()}}));
  ExpectUnchanged(before, s);
  EXPECT_NE(s.error.find("cut.gguf"), std::string::npos) << s.error;
  // A GGUF holds the whole model: not combined with other files.
  EXPECT_FALSE(LoadModelFiles(
      s, {ModelFile{"tiny.gguf", w.Bytes(), w.FileSize()}, Json("config.json", kTinyConfig)}));
  EXPECT_NE(s.error.find("tiny.gguf"), std::string::npos) << s.error;
}

TEST(ui_state_test, adapter_with_its_base_config_switches_to_lora) {
  UiState s = MakeInitialState();
  ASSERT_TRUE(SetOption(s, "runtime", "vllm"));
  ASSERT_TRUE(LoadModelFiles(
      s, {Json("adapter_config.json", kAdapterConfig), Json("config.json", kLlama31Config)}))
      << s.error;
  EXPECT_EQ(s.workload.mode, Mode::kTraining);
  EXPECT_EQ(s.workload.method, Method::kLoRA);
  EXPECT_EQ(s.workload.lora_rank, 16u);
  EXPECT_EQ(s.workload.runtime, Runtime::kGeneric);  // vLLM does not train
  ASSERT_TRUE(s.estimate.has_value()) << s.error;
  // PEFT's count: 32 layers x 16 x (2 x (4096 + 4096) + 2 x (4096 + 1024)
  //                                 + 3 x (4096 + 14336)) = 41,943,040.
  EXPECT_EQ(s.estimate->params.trainable, 41943040u);
  EXPECT_EQ(s.loaded_name, "adapter_config.json + config.json");
  EXPECT_EQ(json::parse(StateJson(s))["model"]["adapter"]["trainable_params"], 41943040u);
}

TEST(ui_state_test, adapter_alone_attaches_to_the_preset_of_its_base_repo) {
  UiState s = MakeInitialState();
  ASSERT_TRUE(LoadModelFiles(s, {Json("adapter_config.json", kAdapterConfig)})) << s.error;
  EXPECT_EQ(s.estimate->params.trainable, 41943040u);
  // An unknown base is an error naming the field; the model stays.
  const UiState before = s;
  std::string other = kAdapterConfig;
  other.replace(other.find("meta-llama/Llama-3.1-8B"), 23, "someone/unknown-model");
  EXPECT_FALSE(LoadModelFiles(s, {Json("adapter_config.json", other)}));
  ExpectUnchanged(before, s);
  EXPECT_NE(s.error.find("base_model_name_or_path"), std::string::npos) << s.error;
}

TEST(ui_state_test, two_configs_at_once_are_refused) {
  UiState s = MakeInitialState();
  EXPECT_FALSE(LoadModelFiles(s, {Json("a.json", kTinyConfig), Json("b.json", kTinyConfig)}));
  EXPECT_NE(s.error.find("b.json"), std::string::npos) << s.error;
  EXPECT_FALSE(LoadModelFiles(s, {}));
}

// ---- StateJson --------------------------------------------------------------

TEST(ui_state_test, state_json_follows_the_page_contract) {
  UiState s = MakeInitialState();
  json j = json::parse(StateJson(s));
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"bits", "dtypes_open", "embed", "embed_knobs", "error",
                                            "estimate", "focus", "frames", "inputs", "lang",
                                            "model", "results_stale", "theme", "verdict"}));
  EXPECT_TRUE(j["error"].is_null());
  EXPECT_EQ(j["inputs"]["preset"], "llama-3.1-8b");
  EXPECT_EQ(j["inputs"]["model_source"], "preset");
  EXPECT_EQ(j["model"]["breakdown"]["total"], 8030261248u);
  EXPECT_EQ(j["estimate"]["per_gpu_bytes"], s.estimate->per_gpu_bytes);
  ReportError(s, "bad \xff bytes");  // invalid UTF-8 must not break the JSON
  j = json::parse(StateJson(s));
  EXPECT_TRUE(j["error"].is_string());
  ClearError(s);
  EXPECT_TRUE(json::parse(StateJson(s))["error"].is_null());
  EXPECT_NE(ResultsText(s).find("Model: "), std::string::npos);
}

// ---- Bit explorer -----------------------------------------------------------

// |got - want| <= 1e-15 |want|.
}  // namespace
}  // namespace vramcalc::ui
