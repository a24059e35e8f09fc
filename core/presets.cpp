// Built-in models. Each config is written here from the published hyperparameters
// in the model's own config.json on the Hugging Face Hub (the source column names
// the repository); they are facts, parsed by the same code as a dropped file.
#include "presets.h"

#include <cctype>

#include "config_parser.h"

namespace vramcalc {

namespace {

const std::vector<Preset> kPresets = {
    {"gpt2", "GPT-2 (124M)", "openai-community/gpt2 config.json",
     R"({"model_type":"gpt2","vocab_size":50257,"n_embd":768,"n_layer":12,"n_head":12,
         "n_positions":1024})"},
    {"bert-base-uncased", "BERT base uncased", "google-bert/bert-base-uncased config.json",
     R"({"model_type":"bert","vocab_size":30522,"hidden_size":768,"num_hidden_layers":12,
         "num_attention_heads":12,"intermediate_size":3072,"max_position_embeddings":512,
         "type_vocab_size":2})"},
    {"llama-2-7b", "Llama-2-7B", "meta-llama/Llama-2-7b-hf config.json",
     R"({"model_type":"llama","vocab_size":32000,"hidden_size":4096,"intermediate_size":11008,
         "num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":32,
         "max_position_embeddings":4096,"tie_word_embeddings":false})"},
    {"llama-3.2-1b", "Llama-3.2-1B", "meta-llama/Llama-3.2-1B config.json",
     R"({"model_type":"llama","vocab_size":128256,"hidden_size":2048,"intermediate_size":8192,
         "num_hidden_layers":16,"num_attention_heads":32,"num_key_value_heads":8,"head_dim":64,
         "max_position_embeddings":131072,"tie_word_embeddings":true})"},
    {"llama-3.1-8b", "Llama-3.1-8B", "meta-llama/Llama-3.1-8B config.json",
     R"({"model_type":"llama","vocab_size":128256,"hidden_size":4096,"intermediate_size":14336,
         "num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":8,
         "max_position_embeddings":131072,"tie_word_embeddings":false})"},
    {"llama-3.1-70b", "Llama-3.1-70B", "meta-llama/Llama-3.1-70B config.json",
     R"({"model_type":"llama","vocab_size":128256,"hidden_size":8192,"intermediate_size":28672,
         "num_hidden_layers":80,"num_attention_heads":64,"num_key_value_heads":8,
         "max_position_embeddings":131072,"tie_word_embeddings":false})"},
    {"mistral-7b-v0.1", "Mistral-7B-v0.1", "mistralai/Mistral-7B-v0.1 config.json",
     R"({"model_type":"mistral","vocab_size":32000,"hidden_size":4096,"intermediate_size":14336,
         "num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":8,
         "max_position_embeddings":32768,"sliding_window":4096,"tie_word_embeddings":false})"},
    {"qwen2.5-0.5b", "Qwen2.5-0.5B", "Qwen/Qwen2.5-0.5B config.json",
     R"({"model_type":"qwen2","vocab_size":151936,"hidden_size":896,"intermediate_size":4864,
         "num_hidden_layers":24,"num_attention_heads":14,"num_key_value_heads":2,
         "max_position_embeddings":32768,"tie_word_embeddings":true})"},
    {"qwen2.5-7b", "Qwen2.5-7B", "Qwen/Qwen2.5-7B config.json",
     R"({"model_type":"qwen2","vocab_size":152064,"hidden_size":3584,"intermediate_size":18944,
         "num_hidden_layers":28,"num_attention_heads":28,"num_key_value_heads":4,
         "max_position_embeddings":131072,"tie_word_embeddings":false})"},
};

}  // namespace

const std::vector<Preset>& all_presets() { return kPresets; }

const Preset* find_preset(std::string_view id) {
  for (const auto& p : kPresets) {
    if (id == p.id) return &p;
  }
  return nullptr;
}

const Preset* find_preset_by_repo(std::string_view repo) {
  if (repo.empty()) return nullptr;
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  for (const auto& p : kPresets) {
    const std::string_view src(p.source);
    if (src.size() <= repo.size() || src[repo.size()] != ' ') continue;
    bool same = true;
    for (size_t i = 0; i < repo.size() && same; ++i) same = lower(src[i]) == lower(repo[i]);
    if (same) return &p;
  }
  return nullptr;
}

Result<ModelSpec> load_preset(const Preset& preset) {
  auto spec = parse_config_json(preset.config_json, std::string("preset ") + preset.id);
  if (spec.ok()) {
    spec.value().name = preset.name;
    // The preset configs state every field, so the parser's default notes are noise.
    spec.value().notes.clear();
    spec.value().notes.push_back(std::string("preset from ") + preset.source);
  }
  return spec;
}

}  // namespace vramcalc
