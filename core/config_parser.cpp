// config.json -> ModelSpec. Each supported model_type gets a row of layout traits
// (norm kind, biases, gated MLP, learned positions, ...) taken from the Hugging Face
// transformers modeling code of that family; the numeric fields are read with the
// family's own key names and validated one by one.
#include "config_parser.h"

#include <string>
#include <vector>

#include "json_util.h"

namespace vramcalc {

namespace {

struct FamilyTraits {
  const char* model_type;
  ModelKind kind;
  NormKind norm;
  bool norm_bias;
  bool gated_mlp;
  bool learned_positions;  // a learned position table of max_position rows
  bool qkv_bias;           // default; llama-style configs may override
  bool attn_out_bias;
  bool mlp_bias;
  bool tied_default;  // transformers' default of tie_word_embeddings
  bool encoder_extras;  // token types, embedding norm, pooler, no final norm, no head
  bool dropout;
};

// Sources: transformers models/<family>/modeling_<family>.py and configuration_*.py.
// clang-format off
const FamilyTraits kFamilies[] = {
    // type      kind                 norm                 nbias  gated  lpos   qkvb   outb   mlpb   tied   enc    drop
    {"llama",   ModelKind::kDecoder, NormKind::kRMSNorm,   false, true,  false, false, false, false, false, false, false},
    {"mistral", ModelKind::kDecoder, NormKind::kRMSNorm,   false, true,  false, false, false, false, false, false, false},
    {"qwen2",   ModelKind::kDecoder, NormKind::kRMSNorm,   false, true,  false, true,  false, false, false, false, false},
    {"gpt2",    ModelKind::kDecoder, NormKind::kLayerNorm, true,  false, true,  true,  true,  true,  true,  false, true},
    {"bert",    ModelKind::kEncoder, NormKind::kLayerNorm, true,  false, true,  true,  true,  true,  true,  true,  true},
    {"roberta", ModelKind::kEncoder, NormKind::kLayerNorm, true,  false, true,  true,  true,  true,  true,  true,  true},
};
// clang-format on

const FamilyTraits* find_family(const std::string& model_type) {
  for (const auto& f : kFamilies) {
    if (model_type == f.model_type) return &f;
  }
  return nullptr;
}

std::string supported_list() {
  std::string s;
  for (const auto& f : kFamilies) s += (s.empty() ? "" : ", ") + std::string(f.model_type);
  return s;
}

// Upper bounds that keep every later product far from 2^64 while admitting any
// real model (widths of millions, vocabularies of 16M, 16k layers).
constexpr uint64_t kMaxWidth = 1ull << 22;
constexpr uint64_t kMaxVocab = 1ull << 24;
constexpr uint64_t kMaxLayers = 1ull << 14;
constexpr uint64_t kMaxHeads = 1ull << 16;
constexpr uint64_t kMaxPositions = 1ull << 32;

// Reads the first present key of `names` (a family's aliases for one quantity).
class FieldReader {
 public:
  FieldReader(const Json& obj, std::string_view source) : obj_(obj), source_(source) {}

  // First present alias; `required` -> error naming the first alias when all absent.
  Result<uint64_t> uint(std::initializer_list<const char*> names, uint64_t min_value,
                        uint64_t max_value, bool required, uint64_t fallback = 0) {
    for (const char* name : names) {
      auto r = get_uint(obj_, name, source_, min_value, max_value);
      if (!r.ok()) return r.error();
      if (r.value()) {
        used_ = name;
        return *r.value();
      }
    }
    if (required) {
      return make_error(ErrorCode::kMissingField,
                        std::string(source_) + ": missing field '" + *names.begin() + "'");
    }
    used_ = "";
    return fallback;
  }

  Result<bool> flag(const char* name, bool fallback) {
    auto r = get_bool(obj_, name, source_);
    if (!r.ok()) return r.error();
    return r.value().value_or(fallback);
  }

  bool has(const char* name) const {
    const auto it = obj_.find(name);
    return it != obj_.end() && !it->is_null();
  }
  const char* last_used() const { return used_; }

 private:
  const Json& obj_;
  std::string_view source_;
  const char* used_ = "";
};

#define VRAMCALC_TRY(var, expr)          \
  auto var##_r = (expr);                 \
  if (!var##_r.ok()) return var##_r.error(); \
  const auto var = var##_r.value()

Result<ModelSpec> build_spec(const Json& cfg, const FamilyTraits& fam, const std::string& type,
                             std::string_view source) {
  FieldReader f(cfg, source);
  ModelSpec m;
  m.model_type = type;
  m.kind = fam.kind;

  VRAMCALC_TRY(vocab, f.uint({"vocab_size"}, 1, kMaxVocab, true));
  VRAMCALC_TRY(hidden, f.uint({"hidden_size", "n_embd", "d_model"}, 1, kMaxWidth, true));
  VRAMCALC_TRY(layers, f.uint({"num_hidden_layers", "n_layer", "num_layers"}, 1, kMaxLayers, true));
  VRAMCALC_TRY(heads, f.uint({"num_attention_heads", "n_head", "num_heads"}, 1, kMaxHeads, true));
  const char* heads_key = f.last_used();
  VRAMCALC_TRY(kv_heads, f.uint({"num_key_value_heads"}, 1, kMaxHeads, false, heads));
  VRAMCALC_TRY(explicit_head_dim, f.uint({"head_dim"}, 1, kMaxWidth, false, 0));
  VRAMCALC_TRY(inter_field,
               f.uint({"intermediate_size", "n_inner", "ffn_dim"}, 1, kMaxWidth, false, 0));
  VRAMCALC_TRY(max_pos, f.uint({"max_position_embeddings", "n_positions", "n_ctx"}, 1,
                               kMaxPositions, fam.learned_positions, 0));

  if (explicit_head_dim == 0 && hidden % heads != 0) {
    return make_error(ErrorCode::kInconsistentModel,
                      std::string(source) + ": field '" + heads_key + "' (" +
                          std::to_string(heads) + ") does not divide hidden_size (" +
                          std::to_string(hidden) + ") and no head_dim is given");
  }
  if (kv_heads > heads || heads % kv_heads != 0) {
    return make_error(ErrorCode::kInconsistentModel,
                      std::string(source) + ": field 'num_key_value_heads' (" +
                          std::to_string(kv_heads) + ") must divide " + heads_key + " (" +
                          std::to_string(heads) + ")");
  }

  m.vocab_size = vocab;
  m.hidden_size = hidden;
  m.num_layers = layers;
  m.num_heads = heads;
  m.num_kv_heads = kv_heads;
  m.head_dim = explicit_head_dim ? explicit_head_dim : hidden / heads;
  m.max_position_embeddings = max_pos;
  uint64_t inter = inter_field;
  if (inter == 0) {
    if (type != "gpt2") {
      return make_error(ErrorCode::kMissingField,
                        std::string(source) + ": missing field 'intermediate_size'");
    }
    inter = 4 * hidden;  // GPT-2: n_inner null means 4 x n_embd
    m.notes.push_back("n_inner absent: MLP width 4 x n_embd = " + std::to_string(inter));
  }
  m.intermediate_size = inter;

  m.norm = fam.norm;
  m.norm_bias = fam.norm_bias;
  m.gated_mlp = fam.gated_mlp;
  m.learned_position_rows = fam.learned_positions ? max_pos : 0;
  m.has_dropout = fam.dropout;

  // Llama-style configs switch biases on with attention_bias / mlp_bias.
  VRAMCALC_TRY(attention_bias, f.flag("attention_bias", fam.qkv_bias));
  VRAMCALC_TRY(mlp_bias, f.flag("mlp_bias", fam.mlp_bias));
  m.qkv_bias = attention_bias;
  m.attn_out_bias = fam.attn_out_bias || (type == "llama" && attention_bias);
  m.mlp_bias = mlp_bias;

  VRAMCALC_TRY(tied, f.flag("tie_word_embeddings", fam.tied_default));
  if (!f.has("tie_word_embeddings")) {
    m.notes.push_back(std::string("tie_word_embeddings absent: ") + type + " default " +
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

  // Mistral-style sliding window (Qwen2 only when use_sliding_window is true).
  VRAMCALC_TRY(use_sw, f.flag("use_sliding_window", type != "qwen2"));
  VRAMCALC_TRY(window, f.uint({"sliding_window"}, 0, kMaxPositions, false, 0));
  m.sliding_window = use_sw ? window : 0;
  return m;
}

#undef VRAMCALC_TRY

}  // namespace

Result<ModelSpec> parse_config_json(std::string_view bytes, std::string_view source) {
  auto parsed = parse_json(bytes, source);
  if (!parsed.ok()) return parsed.error();
  const Json& cfg = parsed.value();
  if (!cfg.is_object()) {
    return make_error(ErrorCode::kInvalidJson,
                      std::string(source) + ": config.json must be a JSON object (got " +
                          brief(cfg) + ")");
  }
  auto type_r = get_string(cfg, "model_type", source);
  if (!type_r.ok()) return type_r.error();
  if (!type_r.value()) {
    return make_error(ErrorCode::kMissingField,
                      std::string(source) + ": missing field 'model_type' (supported: " +
                          supported_list() + ")");
  }
  const std::string type = *type_r.value();
  const FamilyTraits* fam = find_family(type);
  if (!fam) {
    return make_error(ErrorCode::kUnsupported,
                      std::string(source) + ": field 'model_type' is '" + type.substr(0, 40) +
                          "', not supported yet (supported: " + supported_list() + ")");
  }
  auto spec = build_spec(cfg, *fam, type, source);
  if (!spec.ok()) return spec;
  auto name = get_string(cfg, "_name_or_path", source);
  spec.value().name = (name.ok() && name.value() && !name.value()->empty())
                          ? *name.value()
                          : std::string(source);
  return spec;
}

}  // namespace vramcalc
