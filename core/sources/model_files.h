// The one rule that joins a set of files into one model, for the page (files
// dropped or picked together) and the CLI (a MODEL path and the files beside it
// that it names): config.json gives the architecture, safetensors
// headers (one file, or the shards of model.safetensors.index.json) give the exact
// stored tensors, a GGUF header gives both, and adapter_config.json adds a LoRA
// adapter to its base (the config.json dropped with it, else the preset whose
// repository it names). The platform reads only what core asks for (the first
// 8 + N bytes of a .safetensors, a growing prefix of a .gguf, whole JSON files)
// and hands those bytes here; core parses them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model_spec.h"
#include "status.h"

namespace vramcalc {

// One file as the platform read it: a prefix of its bytes and its real size.
struct ModelFile {
  std::string name;   // file name as the user sees it ("config.json", "model-00001-of-00002...")
  std::string bytes;  // the first bytes of the file: all of a JSON file, bytes [0, 8 + N) of
                      // a .safetensors, the header prefix of a .gguf
  uint64_t size = 0;  // the whole file's size in bytes (0: unknown)
};

// What a file is: checkpoints by name, JSON files by their top-level keys (the
// names vary: "adapter_config (1).json"), after a full, depth-capped parse, so a
// key nested deeper or a value that mentions "peft_type" routes nothing.
enum class FileKind {
  kConfig,       // config.json (any other JSON object)
  kAdapter,      // adapter_config.json (a top-level "peft_type")
  kIndex,        // model.safetensors.index.json (a top-level "weight_map")
  kSafetensors,  // *.safetensors
  kGguf,         // *.gguf
};
// Errors: the JSON does not parse (offset named), or is larger than its kind's limit.
Result<FileKind> classify_file(const ModelFile& file);

// The model the files describe, or the first problem (naming file and field).
struct LoadedFiles {
  ModelSpec model;
  std::string label;          // for the picker and state().inputs.file: "config.json + 2 files"
  bool adapter = false;       // an adapter_config.json was among the files
  uint64_t adapter_rank = 0;  // its r
};
// Checks the load limits (file_limits.h) and every role before parsing.
Result<LoadedFiles> model_from_files(const std::vector<ModelFile>& files);

}  // namespace vramcalc
