// Internal to the config.json reader: the family readers of config_families.cpp
// (decoders and encoders up to 2024), listed in config_family_table.cpp.
#pragma once

#include <optional>

#include "config_fields.h"

namespace vramcalc::config {

std::optional<Error> qwen2(FieldReader& f, ModelSpec& m);
std::optional<Error> qwen3(FieldReader& f, ModelSpec& m);
std::optional<Error> mixtral(FieldReader& f, ModelSpec& m);
std::optional<Error> qwen2_moe(FieldReader& f, ModelSpec& m);
std::optional<Error> qwen3_moe(FieldReader& f, ModelSpec& m);
std::optional<Error> deepseek(FieldReader& f, ModelSpec& m);
std::optional<Error> minimax_m2(FieldReader& f, ModelSpec& m);
std::optional<Error> gemma2(FieldReader& f, ModelSpec& m);
std::optional<Error> gemma3(FieldReader& f, ModelSpec& m);
std::optional<Error> phi(FieldReader& f, ModelSpec& m);
std::optional<Error> phi3(FieldReader& f, ModelSpec& m);
std::optional<Error> gpt_neox(FieldReader& f, ModelSpec& m);
std::optional<Error> gptj(FieldReader& f, ModelSpec& m);
std::optional<Error> gpt2(FieldReader& f, ModelSpec& m);
std::optional<Error> falcon(FieldReader& f, ModelSpec& m);
std::optional<Error> opt(FieldReader& f, ModelSpec& m);
std::optional<Error> bert(FieldReader& f, ModelSpec& m);
std::optional<Error> bloom(FieldReader& f, ModelSpec& m);
std::optional<Error> starcoder2(FieldReader& f, ModelSpec& m);
std::optional<Error> cohere(FieldReader& f, ModelSpec& m);
std::optional<Error> internlm2(FieldReader& f, ModelSpec& m);

}  // namespace vramcalc::config
