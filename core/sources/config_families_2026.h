// Internal to the config.json parser: readers of the 2025-26 families whose
// layers differ from each other (hybrids, per-layer windows, sinks, MTP), each
// building the model's layer list (layers.h), and the towers of multimodal
// configs. Formulas and reference files: docs/research/architectures/.
#pragma once

#include <optional>

#include "config_fields.h"

namespace vramcalc::config {

std::optional<Error> gpt_oss(FieldReader& f, ModelSpec& m);
std::optional<Error> qwen3_next(FieldReader& f, ModelSpec& m);  // also qwen3_5(_moe)_text
std::optional<Error> mimo(FieldReader& f, ModelSpec& m);
std::optional<Error> mimo_v2_flash(FieldReader& f, ModelSpec& m);
std::optional<Error> nemotron_h(FieldReader& f, ModelSpec& m);
std::optional<Error> llama4_text(FieldReader& f, ModelSpec& m);
// Any other model_type with the standard keys: a Llama-style decoder, with MoE,
// layer_types windows and biases when the usual keys say so.
std::optional<Error> generic_decoder(FieldReader& f, ModelSpec& m);
std::optional<Error> nemotron_nas(FieldReader& f, ModelSpec& m);
std::optional<Error> gemma4_text(FieldReader& f, ModelSpec& m);
std::optional<Error> step3p7(FieldReader& f, ModelSpec& m);  // also step3p5
std::optional<Error> deepseek_v4(FieldReader& f, ModelSpec& m);
std::optional<Error> gemma3n_text(FieldReader& f, ModelSpec& m);

// Families of 2025 (issue 8), one file per vendor: config_families_<vendor>.cpp.
std::optional<Error> glm4(FieldReader& f, ModelSpec& m);              // zhipu
std::optional<Error> glm4_moe(FieldReader& f, ModelSpec& m);          // zhipu
std::optional<Error> olmo2(FieldReader& f, ModelSpec& m);             // allenai
std::optional<Error> olmo3(FieldReader& f, ModelSpec& m);             // allenai
std::optional<Error> olmoe(FieldReader& f, ModelSpec& m);             // allenai
std::optional<Error> granite(FieldReader& f, ModelSpec& m);           // ibm
std::optional<Error> granitemoe(FieldReader& f, ModelSpec& m);        // ibm
std::optional<Error> granitemoehybrid(FieldReader& f, ModelSpec& m);  // ibm
std::optional<Error> jamba(FieldReader& f, ModelSpec& m);             // ssm
std::optional<Error> mamba2(FieldReader& f, ModelSpec& m);            // ssm
std::optional<Error> falcon_h1(FieldReader& f, ModelSpec& m);         // ssm
std::optional<Error> phimoe(FieldReader& f, ModelSpec& m);            // microsoft
std::optional<Error> smollm3(FieldReader& f, ModelSpec& m);           // hf
std::optional<Error> cohere2(FieldReader& f, ModelSpec& m);           // cohere
std::optional<Error> exaone4(FieldReader& f, ModelSpec& m);           // lg
std::optional<Error> ernie4_5(FieldReader& f, ModelSpec& m);          // baidu
std::optional<Error> ernie4_5_moe(FieldReader& f, ModelSpec& m);      // baidu
std::optional<Error> hunyuan_v1_moe(FieldReader& f, ModelSpec& m);    // tencent
std::optional<Error> seed_oss(FieldReader& f, ModelSpec& m);          // bytedance

// The vision tower of a multimodal config (`outer` holds vision_config), when the
// family's tower is known: appended to m.towers. Returns true when counted.
Result<bool> add_towers(const std::string& outer_type, const Json& outer, ModelSpec& m,
                        std::string_view source);

}  // namespace vramcalc::config
