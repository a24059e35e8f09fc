// Hugging Face Hub references and which of a repository's files to read: the
// rules behind the page's "Hub" field, here so that they are pure and tested.
// Core fetches nothing; the page asks for the URLs below on the user's click and
// hands the bytes to the same file-joining rule as a drop (model_files.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "status.h"

namespace vramcalc {

// A repository at a revision, and optionally one file of it (a .gguf or a .json
// named in the URL), from "org/name", "org/name@rev" or a huggingface.co / hf.co
// URL (".../tree/REV", ".../blob/REV/FILE", ".../resolve/REV/FILE").
struct HubRef {
  std::string repo;               // "meta-llama/Llama-3.1-8B"
  std::string revision = "main";  // a branch, tag or commit
  std::string file;               // "" or a path inside the repository
};
Result<HubRef> parse_hub_ref(std::string_view text);

// The Hub's listing of the folder that holds ref.file (the root without one):
// https://huggingface.co/api/models/REPO/tree/REV[/FOLDER].
std::string hub_tree_url(const HubRef& ref);
// A file's bytes: https://huggingface.co/REPO/resolve/REV/PATH.
std::string hub_file_url(const HubRef& ref, std::string_view path);

// One file to read: its path in the repository, its size, and whether only its
// header is wanted (.safetensors, .gguf) or all of it (JSON).
struct HubFile {
  std::string path;
  uint64_t size = 0;
  bool header_only = false;
};
// From the listing (the tree API's JSON array of {type, path, size}): the named
// file; else config.json, adapter_config.json, model.safetensors.index.json and
// every *.safetensors of the folder; else its one .gguf. One-line errors name the
// repository when nothing there describes a model, or when several .gguf files
// leave the choice to the user.
Result<std::vector<HubFile>> plan_hub_files(const HubRef& ref, std::string_view tree_json);

}  // namespace vramcalc
