// Hub references (hub.h): parsing what a user pastes, and choosing the files of a
// repository listing that describe its model, as a user would pick them to drop.
#include "hub.h"

#include <algorithm>

#include "file_limits.h"
#include "json_util.h"

namespace vramcalc {

namespace {

constexpr std::string_view kHost = "https://huggingface.co/";
// A listing of a real folder is at most a few hundred entries (~100 B each).
constexpr uint64_t kMaxTreeJsonBytes = 16 * kMiB;
constexpr size_t kMaxNamePart = 96;  // the Hub's limit on an org or model name

Error bad_ref(const std::string& why) {
  return make_error(ErrorCode::kUnknownModel, "Hub model: " + why);
}

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

// One part of a repository id, revision or file path: the Hub's characters, and
// never "." or ".." (which would walk out of the repository in a URL).
bool valid_part(std::string_view p, size_t max_len) {
  if (p.empty() || p.size() > max_len || p == "." || p == "..") return false;
  return std::all_of(p.begin(), p.end(), name_char);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    const size_t at = s.find(sep);
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

std::string_view base_name(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view folder_of(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

// "model-00001-of-00004.safetensors": a shard of an indexed checkpoint.
bool numbered_shard(std::string_view name) {
  if (!ends_with(name, ".safetensors")) return false;
  name.remove_suffix(std::string_view(".safetensors").size());
  const size_t of = name.rfind("-of-");
  if (of == std::string_view::npos || of < 6 || name[of - 6] != '-') return false;
  const std::string_view a = name.substr(of - 5, 5), b = name.substr(of + 4);
  auto digits = [](std::string_view d) {
    return !d.empty() &&
           std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return digits(a) && digits(b);
}

std::string where(const HubRef& ref) { return ref.repo + "@" + ref.revision; }

}  // namespace

Result<HubRef> parse_hub_ref(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '/')) {
    text.remove_suffix(1);
  }
  if (text.empty()) return bad_ref("type an id such as meta-llama/Llama-3.1-8B or its URL");
  if (text.size() > 512) return bad_ref("the id or URL is longer than 512 characters");
  const std::string original(text);
  text = text.substr(0, std::min(text.find('?'), text.find('#')));
  bool scheme = false, hub_host = false;
  for (std::string_view prefix : {"https://", "http://"}) {
    if (text.substr(0, prefix.size()) == prefix) {
      text.remove_prefix(prefix.size());
      scheme = true;
    }
  }
  for (std::string_view host : {"huggingface.co/", "www.huggingface.co/", "hf.co/"}) {
    if (text.substr(0, host.size()) == host) {
      text.remove_prefix(host.size());
      hub_host = true;
      break;
    }
  }
  if ((scheme && !hub_host) || text.find("://") != std::string_view::npos) {
    return bad_ref("'" + original + "' is not a huggingface.co or hf.co address");
  }
  std::vector<std::string_view> parts = split(text, '/');
  if (parts[0] == "datasets" || parts[0] == "spaces") {
    return bad_ref("'" + original + "' is a " +
                   std::string(parts[0].substr(0, parts[0].size() - 1)) + ", not a model");
  }
  if (parts[0] == "models" || parts[0] == "api") {
    return bad_ref("'" + original + "': paste the model's page address (huggingface.co/ORG/NAME)");
  }
  HubRef ref;
  // "org/name@rev" (the short form's revision).
  if (parts.size() <= 2) {
    std::string_view& last = parts.back();
    const size_t at = last.find('@');
    if (at != std::string_view::npos) {
      ref.revision = std::string(last.substr(at + 1));
      last = last.substr(0, at);
      if (!valid_part(ref.revision, 128)) return bad_ref("'" + original + "': bad revision");
    }
  }
  // Legacy ids have no organisation ("gpt2"); every other id is ORG/NAME.
  const size_t id_parts =
      parts.size() == 1 || (parts.size() >= 2 &&
                            (parts[1] == "tree" || parts[1] == "blob" || parts[1] == "resolve"))
          ? 1
          : 2;
  for (size_t i = 0; i < id_parts; ++i) {
    if (!valid_part(parts[i], kMaxNamePart)) {
      return bad_ref("'" + original +
                     "' is not ORG/NAME (letters, digits, '-', '_', '.'; e.g. "
                     "meta-llama/Llama-3.1-8B)");
    }
  }
  ref.repo = std::string(parts[0]);
  if (id_parts == 2) ref.repo += "/" + std::string(parts[1]);
  if (parts.size() == id_parts) return ref;
  const std::string_view kind = parts[id_parts];
  if (kind != "tree" && kind != "blob" && kind != "resolve") {
    return bad_ref(
        "'" + original +
        "': expected .../tree/REV, .../blob/REV/FILE or .../resolve/REV/FILE after the model");
  }
  if (parts.size() < id_parts + 2 || !valid_part(parts[id_parts + 1], 128)) {
    return bad_ref("'" + original + "': the address names no revision after /" + std::string(kind));
  }
  ref.revision = std::string(parts[id_parts + 1]);
  if (kind == "tree") return ref;  // a folder other than the root is read as the root
  std::string file;
  for (size_t i = id_parts + 2; i < parts.size(); ++i) {
    if (!valid_part(parts[i], 255)) return bad_ref("'" + original + "': bad file path");
    file += (file.empty() ? "" : "/") + std::string(parts[i]);
  }
  if (file.empty()) return bad_ref("'" + original + "': the address names no file");
  ref.file = file;
  return ref;
}

std::string hub_tree_url(const HubRef& ref) {
  const std::string_view folder = folder_of(ref.file);
  return std::string(kHost) + "api/models/" + ref.repo + "/tree/" + ref.revision +
         (folder.empty() ? "" : "/" + std::string(folder));
}

std::string hub_file_url(const HubRef& ref, std::string_view path) {
  return std::string(kHost) + ref.repo + "/resolve/" + ref.revision + "/" + std::string(path);
}

Result<std::vector<HubFile>> plan_hub_files(const HubRef& ref, std::string_view tree_json) {
  Result<Json> tree = parse_json(tree_json, "the Hub's file listing", kMaxTreeJsonBytes);
  if (!tree.ok()) return tree.error();
  if (!tree.value().is_array()) {
    return make_error(ErrorCode::kInvalidJson,
                      "the Hub's file listing of " + where(ref) + " is not a JSON array");
  }
  const std::string_view folder = folder_of(ref.file);
  std::vector<HubFile> files;  // the folder's own files
  for (const Json& entry : tree.value()) {
    if (!entry.is_object() || entry.value("type", "") != "file") continue;
    const auto path = entry.find("path");
    const auto size = entry.find("size");
    if (path == entry.end() || !path->is_string() || size == entry.end() ||
        !size->is_number_unsigned()) {
      return make_error(ErrorCode::kInvalidJson, "the Hub's file listing of " + where(ref) +
                                                     " has an entry without path and size");
    }
    const std::string p = path->get<std::string>();
    if (folder_of(p) != folder) continue;
    const FileFormat format = file_format(base_name(p));
    files.push_back({p, size->get<uint64_t>(),
                     format == FileFormat::kSafetensors || format == FileFormat::kGguf});
  }
  std::sort(files.begin(), files.end(),
            [](const HubFile& a, const HubFile& b) { return a.path < b.path; });
  if (!ref.file.empty()) {
    for (const HubFile& f : files) {
      if (f.path == ref.file) return std::vector<HubFile>{f};
    }
    return make_error(ErrorCode::kUnknownModel,
                      "Hub model: " + where(ref) + " has no file " + ref.file);
  }
  auto named = [](const HubFile& f, std::string_view n) { return base_name(f.path) == n; };
  const bool indexed = std::any_of(files.begin(), files.end(), [](const HubFile& f) {
    return ends_with(base_name(f.path), ".safetensors.index.json");
  });
  const bool any_numbered = std::any_of(files.begin(), files.end(),
                                        [](const HubFile& f) { return numbered_shard(f.path); });
  std::vector<HubFile> plan, ggufs;
  for (const HubFile& f : files) {
    const std::string_view n = base_name(f.path);
    if (named(f, "config.json") || named(f, "adapter_config.json") ||
        ends_with(n, ".safetensors.index.json")) {
      plan.push_back(f);
    } else if (ends_with(n, ".safetensors")) {
      // An indexed checkpoint's shards are numbered; Mistral repositories also
      // carry the same weights as consolidated.safetensors, which would count twice.
      if (indexed && any_numbered && !numbered_shard(n)) continue;
      if (!indexed && n.substr(0, 12) == "consolidated" && files.size() > 1 &&
          std::any_of(files.begin(), files.end(), [&](const HubFile& g) {
            return ends_with(g.path, ".safetensors") &&
                   base_name(g.path).substr(0, 12) != "consolidated";
          })) {
        continue;
      }
      plan.push_back(f);
    } else if (ends_with(n, ".gguf")) {
      ggufs.push_back(f);
    }
  }
  if (!plan.empty()) return plan;
  if (ggufs.size() == 1) return ggufs;
  if (ggufs.size() > 1) {
    std::string some;
    for (size_t i = 0; i < ggufs.size() && i < 3; ++i) {
      some += (i ? ", " : "") + std::string(base_name(ggufs[i].path));
    }
    return make_error(ErrorCode::kUnknownModel,
                      "Hub model: " + where(ref) + " has " + std::to_string(ggufs.size()) +
                          " .gguf files (" + some + (ggufs.size() > 3 ? ", ..." : "") +
                          "): paste the address of the one you want (.../blob/" + ref.revision +
                          "/FILE.gguf)");
  }
  return make_error(ErrorCode::kUnknownModel, "Hub model: " + where(ref) +
                                                  " has no config.json, .safetensors or .gguf "
                                                  "file to read");
}

}  // namespace vramcalc
