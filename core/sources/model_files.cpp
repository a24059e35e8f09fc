// Joining dropped files into one model (see model_files.h). Every step is a core
// call; this file only decides which file plays which part and names what is
// missing, so the page reports "index names shard X, which was not dropped"
// rather than a half-read model.
#include "model_files.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "adapter.h"
#include "checkpoint.h"
#include "config_parser.h"
#include "file_limits.h"
#include "gguf.h"
#include "gguf_spec.h"
#include "json_util.h"
#include "presets.h"
#include "printable.h"
#include "safetensors.h"

namespace vramcalc {
namespace {

// "dir/sub/model.safetensors" -> "model.safetensors": an index names shards by
// path relative to itself, while a dropped File has only its own name.
std::string BaseName(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

Error Fail(ErrorCode code, std::string message) { return make_error(code, std::move(message)); }

// One header: bytes [0, 8) give N, bytes [8, 8 + N) are the JSON.
Result<TensorInventory> ReadSafetensors(const ModelFile& f) {
  Result<uint64_t> n = safetensors_header_length(f.bytes, f.size, f.name);
  if (!n.ok()) return n.error();
  if (f.bytes.size() < 8 + n.value()) {
    return Fail(ErrorCode::kInvalidJson, f.name + ": field 'header_length': the header needs " +
                                             std::to_string(8 + n.value()) + " bytes, only " +
                                             std::to_string(f.bytes.size()) + " were read");
  }
  // n <= kMaxSafetensorsHeaderBytes, checked by safetensors_header_length.
  const std::string_view header =
      std::string_view(f.bytes).substr(8, static_cast<size_t>(n.value()));
  return parse_safetensors_header(header, f.size, f.name);
}

Result<ModelSpec> ReadGguf(const ModelFile& f) {
  Result<GgufHeader> h = parse_gguf_header(f.bytes, f.size, f.name);
  if (!h.ok()) return h.error();
  return model_from_gguf(h.value(), f.name);
}

// The stored tensors of the safetensors files, in the order the index lists them
// (or by name without an index), combined into one inventory.
Result<TensorInventory> ReadCheckpoint(const std::vector<const ModelFile*>& shards,
                                       const ModelFile* index_file) {
  std::vector<const ModelFile*> order = shards;
  std::string source = shards.empty() ? std::string() : shards.front()->name;
  if (index_file != nullptr) {
    source = index_file->name;
    Result<SafetensorsIndex> index = parse_safetensors_index(index_file->bytes, index_file->name);
    if (!index.ok()) return index.error();
    order.clear();
    std::vector<std::string> missing;
    for (const std::string& want : index.value().shard_files) {
      const std::string base = BaseName(want);
      auto it = std::find_if(shards.begin(), shards.end(),
                             [&](const ModelFile* f) { return BaseName(f->name) == base; });
      if (it == shards.end()) {
        missing.push_back(want);
      } else {
        order.push_back(*it);
      }
    }
    if (!missing.empty()) {
      std::string list;
      for (size_t i = 0; i < missing.size() && i < 3; ++i) list += (i ? ", " : "") + missing[i];
      if (missing.size() > 3) list += ", ... (" + std::to_string(missing.size()) + " in all)";
      return Fail(ErrorCode::kMissingField,
                  index_file->name + ": field 'weight_map' names " + list +
                      ", not among the dropped files: drop every shard with the index");
    }
    for (const ModelFile* f : shards) {
      if (std::find(order.begin(), order.end(), f) == order.end()) {
        return Fail(ErrorCode::kInconsistentModel, f->name + ": not a shard of " +
                                                       index_file->name +
                                                       " (its weight_map never "
                                                       "names this file)");
      }
    }
  } else {
    std::sort(order.begin(), order.end(),
              [](const ModelFile* a, const ModelFile* b) { return a->name < b->name; });
  }
  std::vector<TensorInventory> parts;
  parts.reserve(order.size());
  for (const ModelFile* f : order) {
    Result<TensorInventory> inv = ReadSafetensors(*f);
    if (!inv.ok()) return inv.error();
    parts.push_back(std::move(inv.value()));
  }
  if (parts.size() == 1) return std::move(parts.front());
  return combine_shards(parts, source);
}

std::string Label(const std::vector<ModelFile>& files) {
  if (files.size() == 1) return files.front().name;
  if (files.size() == 2) return files[0].name + " + " + files[1].name;
  return files.front().name + " + " + std::to_string(files.size() - 1) + " files";
}

// Which file plays which part; two files for one part is an error.
struct Roles {
  const ModelFile* config = nullptr;
  const ModelFile* adapter = nullptr;
  const ModelFile* index = nullptr;
  const ModelFile* gguf = nullptr;
  std::vector<const ModelFile*> shards;
};

Result<Roles> AssignRoles(const std::vector<ModelFile>& files) {
  Roles r;
  const auto take = [](const ModelFile*& slot, const ModelFile& f,
                       const char* what) -> std::optional<Error> {
    if (slot != nullptr) {
      return Fail(ErrorCode::kInconsistentModel, f.name + ": a second " + what + " (" + slot->name +
                                                     " is one already): drop the "
                                                     "files of one model at a time");
    }
    slot = &f;
    return std::nullopt;
  };
  for (const ModelFile& f : files) {
    std::optional<Error> e;
    Result<FileKind> kind = classify_file(f);
    if (!kind.ok()) return kind.error();
    switch (kind.value()) {
      case FileKind::kConfig:
        e = take(r.config, f, "config.json");
        break;
      case FileKind::kAdapter:
        e = take(r.adapter, f, "adapter_config.json");
        break;
      case FileKind::kIndex:
        e = take(r.index, f, "model.safetensors.index.json");
        break;
      case FileKind::kGguf:
        e = take(r.gguf, f, ".gguf file");
        break;
      case FileKind::kSafetensors:
        r.shards.push_back(&f);
        break;
    }
    if (e) return *e;
  }
  if (r.gguf != nullptr && files.size() > 1) {
    return Fail(ErrorCode::kInconsistentModel,
                r.gguf->name + ": a GGUF file holds the whole model; drop it on its own");
  }
  if (r.index != nullptr && r.shards.empty()) {
    return Fail(ErrorCode::kMissingField, r.index->name +
                                              ": field 'weight_map': drop the .safetensors "
                                              "shards it names together with the index");
  }
  return r;
}

// The base an adapter attaches to when no config.json came with it.
Result<ModelSpec> PresetBase(const ModelFile& adapter_file, const AdapterConfig& adapter) {
  if (const Preset* p = find_preset_by_repo(adapter.base_model)) return load_preset(*p);
  return Fail(ErrorCode::kUnknownModel,
              adapter_file.name + ": field 'base_model_name_or_path': '" +
                  adapter.base_model.substr(0, 60) +
                  "' is not a built-in model: drop its config.json together with the adapter");
}

}  // namespace

Result<FileKind> classify_file(const ModelFile& file) {
  switch (file_format(file.name)) {
    case FileFormat::kSafetensors:
      return FileKind::kSafetensors;
    case FileFormat::kGguf:
      return FileKind::kGguf;
    case FileFormat::kJson:
    case FileFormat::kIndexJson:
      break;
  }
  Result<std::vector<std::string>> keys =
      json_top_level_keys(file.bytes, file.name, json_read_limit(file.name));
  if (!keys.ok()) return keys.error();
  for (const std::string& k : keys.value()) {
    if (k == "peft_type") return FileKind::kAdapter;
    if (k == "weight_map") return FileKind::kIndex;
  }
  return FileKind::kConfig;
}

Result<LoadedFiles> model_from_files(const std::vector<ModelFile>& files) {
  if (files.empty()) return Fail(ErrorCode::kUnknownModel, "no files were given");
  std::vector<PlannedRead> plan;
  plan.reserve(files.size());
  for (const ModelFile& f : files) {
    const bool st = file_format(f.name) == FileFormat::kSafetensors;
    plan.push_back({f.name, std::max<uint64_t>(f.size, f.bytes.size()), st ? f.bytes.size() : 0});
  }
  if (std::optional<Error> e = check_load(plan)) return *e;
  Result<Roles> roles = AssignRoles(files);
  if (!roles.ok()) return roles.error();
  const Roles& r = roles.value();

  LoadedFiles out;
  out.label = printable(Label(files), kMaxNameBytes);
  if (r.gguf != nullptr) {
    Result<ModelSpec> m = ReadGguf(*r.gguf);
    if (!m.ok()) return m.error();
    out.model = std::move(m.value());
    return out;
  }

  std::optional<TensorInventory> checkpoint;
  if (!r.shards.empty()) {
    Result<TensorInventory> inv = ReadCheckpoint(r.shards, r.index);
    if (!inv.ok()) return inv.error();
    checkpoint = std::move(inv.value());
  }

  std::optional<AdapterConfig> adapter;
  if (r.adapter != nullptr) {
    Result<AdapterConfig> a = parse_adapter_config(r.adapter->bytes, r.adapter->name);
    if (!a.ok()) return a.error();
    adapter = std::move(a.value());
  }

  // The architecture: config.json, else the adapter's base preset, else the
  // checkpoint alone (a parameter count with exact stored bytes).
  if (r.config != nullptr) {
    Result<ModelSpec> m = parse_config_json(r.config->bytes, r.config->name);
    if (!m.ok()) return m.error();
    out.model = std::move(m.value());
    if (out.model.name.empty()) out.model.name = r.config->name;
    if (checkpoint) attach_checkpoint(out.model, *checkpoint, "safetensors");
  } else if (adapter) {
    Result<ModelSpec> m = PresetBase(*r.adapter, *adapter);
    if (!m.ok()) return m.error();
    out.model = std::move(m.value());
    if (checkpoint) attach_checkpoint(out.model, *checkpoint, "safetensors");
  } else {
    const ModelFile& named = r.index != nullptr ? *r.index : *r.shards.front();
    out.model = model_from_checkpoint(*checkpoint, "safetensors", named.name);
  }

  if (adapter) {
    Result<AdapterSpec> spec = count_adapter(*adapter, out.model, r.adapter->name);
    if (!spec.ok()) return spec.error();
    out.model.adapter = std::move(spec.value());
    out.adapter = true;
    out.adapter_rank = out.model.adapter.rank;
  }
  make_printable(out.model);
  return out;
}

}  // namespace vramcalc
