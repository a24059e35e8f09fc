// config.json -> ModelSpec: parses the JSON, unwraps multimodal configs to their
// language model, reads the fields every family shares (with each family's alias
// names), then lets the family read its own (config_families.cpp).
#include "config_parser.h"

#include <string>

#include "config_families.h"
#include "config_families_2026.h"
#include "config_fields.h"
#include "file_limits.h"
#include "json_util.h"
#include "param_count.h"
#include "quant_config.h"
#include "quant_storage.h"

namespace vramcalc {

namespace {

using config::FieldReader;

// layer_types, when present, names one kind per layer, as transformers requires
// (configuration_utils.py, layer_type_validation: a list of known strings, as
// long as num_hidden_layers). Step-3.7 also lists its MTP layers after them
// (transformers' Step3p7TextConfig truncates the list): that length is accepted.
std::optional<Error> check_layer_types(FieldReader& f, uint64_t layers) {
  const auto it = f.object().find("layer_types");
  if (it == f.object().end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) {
    return f.error(ErrorCode::kInvalidField,
                   "field 'layer_types' must be a list of strings (got " + brief(*it) + ")");
  }
  const auto mtp = f.object().find("num_nextn_predict_layers");
  const uint64_t with_mtp =
      layers + (mtp != f.object().end() && mtp->is_number_unsigned() && mtp->get<uint64_t>() <= 64
                    ? mtp->get<uint64_t>()
                    : 0);
  if (it->size() != layers && it->size() != with_mtp) {
    return f.error(ErrorCode::kInconsistentModel,
                   "field 'layer_types' has " + std::to_string(it->size()) +
                       " entries but num_hidden_layers is " + std::to_string(layers));
  }
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) {
      return f.error(ErrorCode::kInvalidField, "field 'layer_types' entry " + std::to_string(i) +
                                                   " must be a string (got " + brief((*it)[i]) +
                                                   ")");
    }
  }
  return std::nullopt;
}

Result<ModelSpec> read_common(FieldReader& f, const config::Family& fam, const std::string& type) {
  using namespace config;
  ModelSpec m;
  m.model_type = type;
  m.kind = fam.kind;
  const std::string_view source = f.source();

  VRAMCALC_TRY(vocab, f.uint({"vocab_size", "padded_vocab_size"}, 1, kMaxVocab, true));
  VRAMCALC_TRY(hidden, f.uint({"hidden_size", "n_embd", "n_embed", "d_model"}, 1, kMaxWidth, true));
  VRAMCALC_TRY(layers, f.uint({"num_hidden_layers", "n_layer", "num_layers", "n_layers"}, 1,
                              kMaxLayers, true));
  VRAMCALC_TRY(
      heads, f.uint({"num_attention_heads", "n_head", "num_heads", "n_heads"}, 1, kMaxHeads, true));
  const std::string heads_key = f.last_used();
  VRAMCALC_TRY(kv_heads,
               f.uint({"num_key_value_heads", "n_head_kv", "num_kv_heads", "num_attention_groups"},
                      1, kMaxHeads, false, heads));
  const std::string kv_key = *f.last_used() ? f.last_used() : "num_key_value_heads";
  VRAMCALC_TRY(explicit_head_dim, f.uint({"head_dim"}, 1, kMaxWidth, false, 0));
  // A per-layer list (Gemma-3n) is the family reader's to read.
  const auto widths = f.object().find("intermediate_size");
  const bool per_layer_widths = widths != f.object().end() && widths->is_array();
  VRAMCALC_TRY(inter, per_layer_widths
                          ? Result<uint64_t>(uint64_t{0})
                          : f.uint({"intermediate_size", "n_inner", "ffn_dim", "ffn_hidden_size"},
                                   1, kMaxWidth, false, 0));
  VRAMCALC_TRY(max_pos, f.uint({"max_position_embeddings", "n_positions", "n_ctx", "seq_length"}, 1,
                               kMaxPositions, fam.learned_positions, 0));

  if (explicit_head_dim == 0 && hidden % heads != 0) {
    return f.error(ErrorCode::kInconsistentModel,
                   "field '" + heads_key + "' (" + std::to_string(heads) +
                       ") does not divide hidden_size (" + std::to_string(hidden) +
                       ") and no head_dim is given");
  }
  if (kv_heads > heads || heads % kv_heads != 0) {
    return f.error(ErrorCode::kInconsistentModel,
                   "field '" + kv_key + "' (" + std::to_string(kv_heads) + ") must divide " +
                       heads_key + " (" + std::to_string(heads) + ")");
  }
  m.vocab_size = vocab;
  m.hidden_size = hidden;
  m.num_layers = layers;
  m.num_heads = heads;
  m.num_kv_heads = kv_heads;
  m.head_dim = explicit_head_dim ? explicit_head_dim : hidden / heads;
  m.max_position_embeddings = max_pos;
  m.intermediate_size = inter;

  m.norm = fam.norm;
  m.norm_bias = fam.norm_bias;
  m.gated_mlp = fam.gated_mlp;
  m.learned_position_rows = fam.learned_positions ? max_pos : 0;
  m.has_dropout = fam.dropout;
  m.norms_per_layer = fam.norms_per_layer;
  m.qkv_bias = fam.qkv_bias;
  m.attn_out_bias = fam.attn_out_bias;
  m.mlp_bias = fam.mlp_bias;

  VRAMCALC_TRY(tied, f.flag("tie_word_embeddings", fam.tied_default));
  if (!f.has("tie_word_embeddings")) {
    m.notes.push_back("tie_word_embeddings absent: " + type + " default " +
                      (fam.tied_default ? "true" : "false"));
  }
  m.tied_embeddings = tied;

  if (fam.encoder_extras) {
    VRAMCALC_TRY(types, f.uint({"type_vocab_size"}, 0, kMaxVocab, false, 2));
    m.type_vocab_size = types;
    m.embedding_norm = true;
    m.final_norm = false;
    m.has_pooler = true;
    m.has_lm_head = false;
    m.notes.push_back("counted as the base encoder with its pooler (no task head)");
  }

  if (auto err = check_layer_types(f, layers)) return *err;
  if (fam.honours_sliding_window) {
    VRAMCALC_TRY(window, f.uint({"sliding_window"}, 0, kMaxPositions, false, 0));
    m.sliding_window = window;
    m.sliding_window_layers = window ? layers : 0;
  }
  if (fam.adjust) {
    if (auto err = fam.adjust(f, m)) return *err;
  }
  if (m.layers.empty()) m.layers = uniform_layers(m);
  for (const LayerSpec& l : m.layers) {
    if (l.ffn == Ffn::kDense && l.ffn_width == 0) {
      return make_error(ErrorCode::kMissingField,
                        std::string(source) + ": missing field 'intermediate_size'");
    }
  }
  if (auto err = check_model_bounds(m)) {
    return make_error(err->code, std::string(source) + ": " + err->message);
  }
  return m;
}

// Multimodal configs nest the language model under text_config (LLaVA, Gemma-3,
// Mllama); its model_type may be absent (then the family default applies).
const char* text_config_default_type(const std::string& outer) {
  if (outer == "gemma3") return "gemma3_text";
  if (outer == "gemma4") return "gemma4_text";
  if (outer == "step3p7") return "step3p5";
  if (outer == "gemma3n") return "gemma3n_text";
  if (outer == "llava" || outer == "llava_next" || outer == "mllama") return "llama";
  if (outer == "llama4") return "llama4_text";
  if (outer == "mistral3") return "mistral";  // Mistral-Small-3.1 (Pixtral vision)
  return nullptr;
}

// transformers' LlamaConfig() defaults (configuration_llama.py).
Json text_config_defaults(const std::string& type) {
  if (type != "llama") return Json::object();
  return Json{{"vocab_size", 32000},        {"hidden_size", 4096},
              {"intermediate_size", 11008}, {"num_hidden_layers", 32},
              {"num_attention_heads", 32},  {"max_position_embeddings", 2048}};
}

std::string seen_extras(const Json& cfg) {
  std::string seen;
  for (const char* key : {"vision_config", "audio_config", "projector_config"}) {
    if (cfg.contains(key)) seen += (seen.empty() ? "" : ", ") + std::string(key);
  }
  return seen;
}

}  // namespace

Result<ModelSpec> parse_config_json(std::string_view bytes, std::string_view source) {
  auto parsed = parse_json(bytes, source, kMaxConfigJsonBytes);
  if (!parsed.ok()) return parsed.error();
  const Json* cfg = &parsed.value();
  if (!cfg->is_object()) {
    return make_error(
        ErrorCode::kInvalidJson,
        std::string(source) + ": config.json must be a JSON object (got " + brief(*cfg) + ")");
  }
  FieldReader outer(*cfg, source);
  if (outer.has("peft_type")) {
    return make_error(ErrorCode::kUnsupported,
                      std::string(source) +
                          ": this is a PEFT adapter_config.json; drop it with its base model's "
                          "config.json");
  }
  VRAMCALC_TRY(outer_type, outer.text("model_type", ""));
  std::string type = outer_type;
  std::vector<std::string> notes;
  Json text;  // text_config, moved out of the parsed file (never copied)
  const std::string extras = seen_extras(*cfg);
  const bool nested = cfg->contains("text_config") && (*cfg)["text_config"].is_object();
  if (nested) {
    text = std::move(parsed.value()["text_config"]);
    FieldReader inner(text, source);
    const char* fallback = text_config_default_type(outer_type);
    VRAMCALC_TRY(inner_type, inner.text("model_type", fallback ? fallback : ""));
    type = inner_type;
    // The outer config's tie_word_embeddings holds when text_config has none
    // (Qwen3-VL, Qwen3.5 write it only there).
    const auto tie = cfg->find("tie_word_embeddings");
    if (!text.contains("tie_word_embeddings") && tie != cfg->end() && tie->is_boolean()) {
      text["tie_word_embeddings"] = tie->get<bool>();
    }
    // transformers builds text_config from the family's config class, so absent
    // fields take that class's defaults (LLaVA-1.5 configs list only a few).
    const Json defaults = text_config_defaults(inner_type);
    for (const auto& [key, value] : defaults.items()) {
      if (!text.contains(key)) text[key] = value;
    }
    if (!defaults.empty()) {
      notes.push_back("fields absent from text_config take " + inner_type + "'s defaults");
    }
    cfg = &text;
  }
  if (type.empty()) {
    return make_error(ErrorCode::kMissingField, std::string(source) +
                                                    ": missing field 'model_type' (supported: " +
                                                    config::supported_families() + ")");
  }
  const config::Family* fam = config::find_family(type);
  const bool standard_keys = cfg->contains("vocab_size") && cfg->contains("hidden_size") &&
                             cfg->contains("num_hidden_layers") &&
                             cfg->contains("num_attention_heads");
  if (!fam && standard_keys) fam = &config::generic_family();
  if (!fam) {
    return make_error(ErrorCode::kUnsupported,
                      std::string(source) + ": field 'model_type' is '" + type.substr(0, 40) +
                          "', not a known family, and the standard keys (vocab_size, hidden_size, "
                          "num_hidden_layers, num_attention_heads) are not all there (known: " +
                          config::supported_families() + ")");
  }
  FieldReader f(*cfg, source);
  auto spec = read_common(f, *fam, type);
  if (!spec.ok()) return spec;
  ModelSpec& m = spec.value();
  VRAMCALC_TRY(tower, config::add_towers(outer_type, parsed.value(), m, source));
  if (auto err = config::read_quantization(
          cfg->contains("quantization_config") ? *cfg : parsed.value(), source, m)) {
    return *err;
  }
  if (m.quant.method != QuantSpec::Method::kNone) m.checkpoint = quantized_checkpoint(m);
  const std::string uncounted = extras.empty() || tower ? "" : "; not counted: " + extras;
  if (nested) {
    notes.insert(notes.begin(), "multimodal " + outer_type +
                                    ": counted the language model (text_config, " + type + ")" +
                                    (tower ? " and the vision tower" : "") + uncounted);
  } else if (!extras.empty()) {
    notes.insert(notes.begin(), "counted the language model" +
                                    std::string(tower ? " and the vision tower" : "") + uncounted);
  }
  m.notes.insert(m.notes.begin(), notes.begin(), notes.end());
  auto name = get_string(parsed.value(), "_name_or_path", source);
  m.name =
      (name.ok() && name.value() && !name.value()->empty()) ? *name.value() : std::string(source);
  make_printable(m);
  return spec;
}

}  // namespace vramcalc
