// PEFT adapter_config.json: which modules get LoRA and at what rank, and the exact
// number of trainable parameters that gives on a particular base model.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model_spec.h"
#include "status.h"

namespace vramcalc {

struct AdapterConfig {
  std::string peft_type;                      // "LORA" (others are rejected)
  uint64_t rank = 0;                          // r
  double alpha = 0;                           // lora_alpha (scaling only; no memory)
  std::vector<std::string> target_modules;    // names matched by suffix (PEFT rule)
  std::string target_regex;                   // target_modules given as one regex string
  bool all_linear = false;                    // target_modules = "all-linear"
  bool targets_default = false;               // null: PEFT's default targets for the family
  std::vector<std::string> modules_to_save;   // fully trained copies (e.g. lm_head)
  std::string bias = "none";                  // "none" | "all" | "lora_only"
  bool use_dora = false;                      // DoRA adds a magnitude vector per module
  std::vector<uint64_t> layers_to_transform;  // empty: every layer
  std::string base_model;                     // base_model_name_or_path
};

// Parses adapter_config.json bytes; errors name `source` and the field.
Result<AdapterConfig> parse_adapter_config(std::string_view bytes, std::string_view source);

// Exact trainable parameters of `adapter` on `base`: r x (in + out) per adapted
// module instance, + out per instance with DoRA, + the saved modules' parameters,
// + biases made trainable by bias = "all" / "lora_only". Fails when no module matches.
Result<AdapterSpec> count_adapter(const AdapterConfig& adapter, const ModelSpec& base,
                                  std::string_view source);

}  // namespace vramcalc
