// Vision towers of multimodal configs (add_towers, config_families_2026.h),
// counted from vision_config with the encoder's module layout.
#include <algorithm>
#include <string>
#include <utility>

#include "config_families_2026.h"

namespace vramcalc::config {

namespace {

// Llama-4 vision encoder and projector (transformers Llama4VisionModel +
// Llama4MultiModalProjector): unfold patch embedding, class and position
// embeddings, LayerNorms before and after, ViT layers with biases, the pixel-
// shuffle adapter MLP, and the projector to the LM width.
Result<uint64_t> llama4_vision(const Json& v, uint64_t text_hidden, std::string_view source) {
  FieldReader f(v, source);
  VRAMCALC_TRY(h, f.uint({"hidden_size"}, 1, 1 << 16, false, 768));
  VRAMCALC_TRY(inter, f.uint({"intermediate_size"}, 1, 1 << 18, false, 5632));
  VRAMCALC_TRY(layers, f.uint({"num_hidden_layers"}, 0, 1024, false, 34));
  VRAMCALC_TRY(patch, f.uint({"patch_size"}, 1, 64, false, 14));
  VRAMCALC_TRY(channels, f.uint({"num_channels"}, 1, 8, false, 3));
  VRAMCALC_TRY(image, f.uint({"image_size"}, 1, 1 << 14, false, 448));
  VRAMCALC_TRY(out, f.uint({"vision_output_dim"}, 1, 1 << 18, false, 7680));
  VRAMCALC_TRY(proj_in, f.uint({"projector_input_dim"}, 1, 1 << 18, false, 4096));
  VRAMCALC_TRY(proj_out, f.uint({"projector_output_dim"}, 1, 1 << 18, false, 4096));
  const uint64_t patches = (image / patch) * (image / patch) + 1;
  uint64_t t = channels * patch * patch * h + h + patches * h + 4 * h;
  t += layers * (4 * (h * h + h) + (h * inter + inter) + (inter * h + h) + 4 * h);
  t += inter * proj_in + proj_out * proj_out;
  t += out * text_hidden;
  return t;
}

// Qwen3-VL / Qwen3.5 vision encoder (transformers Qwen3VLVisionModel): a Conv3d
// patch embedding with bias, learned positions, `depth` ViT blocks (LayerNorms,
// qkv and proj with bias, fc1/fc2 with bias), the patch merger (LayerNorm over the
// hidden size, fc1 over merged patches, fc2 to the LM width) and, for Qwen3-VL,
// one deepstack merger (LayerNorm over the merged width) per deepstack index.
Result<uint64_t> qwen_vision(const Json& v, bool deepstack, std::string_view source) {
  FieldReader f(v, source);
  // Bounds far above real encoders that keep every product below 2^63.
  VRAMCALC_TRY(h, f.uint({"hidden_size"}, 1, 1 << 16, false, 1152));
  VRAMCALC_TRY(inter, f.uint({"intermediate_size"}, 1, 1 << 18, false, 4304));
  VRAMCALC_TRY(depth, f.uint({"depth"}, 0, 1024, false, 27));
  VRAMCALC_TRY(patch, f.uint({"patch_size"}, 1, 64, false, 16));
  VRAMCALC_TRY(temporal, f.uint({"temporal_patch_size"}, 1, 8, false, 2));
  VRAMCALC_TRY(channels, f.uint({"in_channels"}, 1, 8, false, 3));
  VRAMCALC_TRY(merge, f.uint({"spatial_merge_size"}, 1, 8, false, 2));
  VRAMCALC_TRY(out, f.uint({"out_hidden_size"}, 1, kMaxWidth, false, 3584));
  VRAMCALC_TRY(positions, f.uint({"num_position_embeddings"}, 0, 1 << 20, false, 2304));
  uint64_t stacks = 0;
  if (deepstack) {
    const auto it = v.find("deepstack_visual_indexes");
    if (it != v.end() && it->is_array()) stacks = std::min<uint64_t>(it->size(), 1024);
  }
  const uint64_t merged = h * merge * merge;
  const uint64_t merger_tail = merged * merged + merged + merged * out + out;
  uint64_t t = channels * temporal * patch * patch * h + h + positions * h;
  t += depth * (4 * h + 3 * h * h + 3 * h + h * h + h + h * inter + inter + inter * h + h);
  t += 2 * h + merger_tail;
  t += stacks * (2 * merged + merger_tail);
  return t;
}

// Gemma-4 vision encoder and projector (transformers Gemma4VisionModel and
// Gemma4MultimodalEmbedder, modeling_gemma4.py @ 0246b4f3): a bias-free patch
// projection, a two-axis position table, ViT layers with Q/K norms, a gated MLP
// and four norms, and the projection to the LM width (its pre-norm has no
// weight). Buffers: std_bias / std_scale with `standardize`, four clip scalars
// per ClippableLinear (7 per layer) with `use_clipped_linears`.
Result<uint64_t> gemma4_vision(const Json& v, uint64_t text_hidden, std::string_view source,
                               uint64_t& buffers) {
  FieldReader f(v, source);
  VRAMCALC_TRY(h, f.uint({"hidden_size"}, 1, 1 << 16, false, 1152));
  VRAMCALC_TRY(inter, f.uint({"intermediate_size"}, 1, 1 << 18, false, 4304));
  VRAMCALC_TRY(layers, f.uint({"num_hidden_layers"}, 0, 1024, false, 27));
  VRAMCALC_TRY(heads, f.uint({"num_attention_heads"}, 1, 1024, false, 16));
  VRAMCALC_TRY(kv_heads, f.uint({"num_key_value_heads"}, 1, heads, false, heads));
  VRAMCALC_TRY(head_dim, f.uint({"head_dim"}, 1, 1 << 14, false, h / heads));
  VRAMCALC_TRY(patch, f.uint({"patch_size"}, 1, 64, false, 16));
  VRAMCALC_TRY(positions, f.uint({"position_embedding_size"}, 0, 1 << 20, false, 10240));
  VRAMCALC_TRY(standardize, f.flag("standardize", false));
  VRAMCALC_TRY(clipped, f.flag("use_clipped_linears", false));
  const uint64_t layer =
      2 * h * heads * head_dim + 2 * h * kv_heads * head_dim + 2 * head_dim + 3 * h * inter + 4 * h;
  buffers += (standardize ? 2 * h : 0) + (clipped ? 4 * 7 * layers : 0);
  return layers * layer + 3 * patch * patch * h + 2 * positions * h + h * text_hidden;
}

// Kimi-K2.5 MoonViT and patch-merger projector (vLLM models/kimi_k25_vit.py @
// 055e47c28003; kimi_k25.md): a Conv2d patch embedding with bias, a learned
// height x width position table, ViT blocks (two LayerNorms, fused wqkv, wo, fc0,
// fc1, all with biases), a final LayerNorm; the projector normalises the merged
// patches (merge_kernel_size) and maps them through two Linears to the LM width.
Result<uint64_t> moonvit(const Json& v, std::string_view source) {
  FieldReader f(v, source);
  VRAMCALC_TRY(h, f.uint({"vt_hidden_size", "hidden_size"}, 1, 1 << 16, false, 1152));
  VRAMCALC_TRY(inter,
               f.uint({"vt_intermediate_size", "intermediate_size"}, 1, 1 << 18, false, 4304));
  VRAMCALC_TRY(layers, f.uint({"vt_num_hidden_layers", "num_hidden_layers"}, 0, 1024, false, 27));
  VRAMCALC_TRY(patch, f.uint({"patch_size"}, 1, 64, false, 14));
  VRAMCALC_TRY(pos_h, f.uint({"init_pos_emb_height"}, 0, 1 << 12, false, 64));
  VRAMCALC_TRY(pos_w, f.uint({"init_pos_emb_width"}, 0, 1 << 12, false, 64));
  VRAMCALC_TRY(out, f.uint({"text_hidden_size"}, 1, kMaxWidth, false, 7168));
  uint64_t merge = 4;
  const auto kernel = v.find("merge_kernel_size");
  if (kernel != v.end() && kernel->is_array() && kernel->size() == 2 &&
      (*kernel)[0].is_number_unsigned() && (*kernel)[1].is_number_unsigned() &&
      (*kernel)[0].get<uint64_t>() <= 8 && (*kernel)[1].get<uint64_t>() <= 8) {
    merge = (*kernel)[0].get<uint64_t>() * (*kernel)[1].get<uint64_t>();
  }
  const uint64_t merged = h * merge;
  uint64_t t = 3 * patch * patch * h + h + pos_h * pos_w * h + 2 * h;
  t += layers * (4 * h + 3 * h * h + 3 * h + h * h + h + inter * h + inter + h * inter + h);
  t += 2 * h + merged * merged + merged + out * merged + out;
  return t;
}

// Mistral-3 (Mistral-Small-3.1; transformers models/mistral3/modeling_mistral3.py @
// 7e7810abe920f7e2636ed5829481fe959b9c2c3b, Pixtral's PixtralVisionModel): a
// bias-free patch convolution, ln_pre, ViT layers of bias-free attention and gated
// MLP with two RMSNorms; the projector's RMSNorm, the patch merger over
// spatial_merge_size^2 patches and two Linears to the LM width
// (multimodal_projector_bias).
Result<uint64_t> pixtral_vision(const Json& outer, const Json& v, uint64_t text_hidden,
                                std::string_view source) {
  FieldReader f(v, source), o(outer, source);
  VRAMCALC_TRY(h, f.uint({"hidden_size"}, 1, 1 << 16, false, 1024));
  VRAMCALC_TRY(inter, f.uint({"intermediate_size"}, 1, 1 << 18, false, 4096));
  VRAMCALC_TRY(layers, f.uint({"num_hidden_layers"}, 0, 1024, false, 24));
  VRAMCALC_TRY(patch, f.uint({"patch_size"}, 1, 64, false, 16));
  VRAMCALC_TRY(channels, f.uint({"num_channels"}, 1, 8, false, 3));
  VRAMCALC_TRY(merge, o.uint({"spatial_merge_size"}, 1, 8, false, 2));
  VRAMCALC_TRY(bias, o.flag("multimodal_projector_bias", false));
  uint64_t t = channels * patch * patch * h + h;  // patch_conv, ln_pre
  t += layers * (4 * h * h + 3 * h * inter + 2 * h);
  t += h + merge * merge * h * h;  // norm, patch_merger
  t += h * text_hidden + text_hidden * text_hidden + (bias ? 2 * text_hidden : 0);
  return t;
}

}  // namespace

Result<bool> add_towers(const std::string& outer_type, const Json& outer, ModelSpec& m,
                        std::string_view source) {
  if (outer_type == "llama4") {
    const auto v = outer.find("vision_config");
    if (v == outer.end() || !v->is_object()) return false;
    auto params = llama4_vision(*v, m.hidden_size, source);
    if (!params.ok()) return params.error();
    m.towers.push_back({"vision tower and projector", params.value()});
    return true;
  }
  if (outer_type == "kimi_k25") {
    const auto v = outer.find("vision_config");
    if (v == outer.end() || !v->is_object()) return false;
    auto params = moonvit(*v, source);
    if (!params.ok()) return params.error();
    m.towers.push_back({"vision tower and projector", params.value()});
    return true;
  }
  if (outer_type == "gemma4") {
    const auto v = outer.find("vision_config");
    if (v == outer.end() || !v->is_object()) return false;
    uint64_t buffers = 0;
    auto params = gemma4_vision(*v, m.hidden_size, source, buffers);
    if (!params.ok()) return params.error();
    m.towers.push_back({"vision tower and projector", params.value()});
    if (buffers) {
      m.stored_extra_params += buffers;
      m.stored_extra_reason += (m.stored_extra_reason.empty() ? "" : "; ") +
                               std::string("vision std_bias / std_scale and clip buffers");
    }
    return true;
  }
  if (outer_type == "gemma3n") {
    // Gemma3nMultimodalEmbedder for vision and audio (always built: absent configs
    // take the defaults): embedding [vocab, width], hard and soft embedding norms,
    // embedding_projection to the LM width. The timm MobileNetV5 and USM conformer
    // towers themselves are not counted.
    uint64_t t = 0;
    for (const auto& [key, width] : {std::pair<const char*, uint64_t>{"vision_config", 2048},
                                     std::pair<const char*, uint64_t>{"audio_config", 1536}}) {
      const auto c = outer.find(key);
      const Json empty = Json::object();
      FieldReader f(c != outer.end() && c->is_object() ? *c : empty, source);
      VRAMCALC_TRY(w, f.uint({"hidden_size"}, 1, 1 << 16, false, width));
      VRAMCALC_TRY(vocab, f.uint({"vocab_size"}, 1, 1 << 20, false, 128));
      t += vocab * w + 2 * w + w * m.hidden_size;
    }
    m.towers.push_back({"vision and audio embedders (towers not counted)", t});
    m.notes.push_back("gemma3n: the MobileNetV5 vision and USM audio towers are not counted");
    return true;
  }
  if (outer_type == "mistral3") {
    const auto v = outer.find("vision_config");
    if (v == outer.end() || !v->is_object()) return false;
    auto params = pixtral_vision(outer, *v, m.hidden_size, source);
    if (!params.ok()) return params.error();
    m.towers.push_back({"vision tower and projector", params.value()});
    return true;
  }
  const bool qwen3_vl = outer_type == "qwen3_vl" || outer_type == "qwen3_vl_moe";
  const bool qwen3_5 = outer_type == "qwen3_5" || outer_type == "qwen3_5_moe";
  const auto it = outer.find("vision_config");
  if (!(qwen3_vl || qwen3_5) || it == outer.end() || !it->is_object()) return false;
  auto params = qwen_vision(*it, qwen3_vl, source);
  if (!params.ok()) return params.error();
  m.towers.push_back({"vision tower", params.value()});
  return true;
}

}  // namespace vramcalc::config
