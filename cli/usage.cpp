#include "usage.h"

#include <nlohmann/json.hpp>
#include <string_view>

#include "gguf_mix.h"
#include "report.h"
#include "workload.h"

namespace vramcalc::cli {
namespace {

constexpr size_t kHelpColumn = 34;  // where the help text starts
constexpr size_t kWidth = 88;       // lines wrap at spaces before this

constexpr const char* kHeader =
    "usage: vramcalc params MODEL [--format F]\n"
    "       vramcalc estimate MODEL [options]\n"
    "       vramcalc fit MODEL --gpu ID [--gpus N] [options]\n"
    "\n"
    "MODEL: path to config.json (or .safetensors, model.safetensors.index.json, .gguf,\n"
    "       adapter_config.json beside its base), a preset id (e.g. llama-3.1-8b), or a\n"
    "       parameter count (8e9, 7b, 560m: weights, gradients and optimizer only)\n";

// Groups of the option table, in the order the page shows them.
constexpr std::pair<const char*, const char*> kGroups[] = {
    {"workload", "workload"},          {"training", "training"},  {"hardware", "hardware"},
    {"vllm", "vLLM (v0.19, per GPU)"}, {"llamacpp", "llama.cpp"}, {"ollama", "Ollama"},
};

constexpr const char* kOutput =
    "output and questions:\n"
    "  --solve batch|seq                 largest batch / sequence that fits the --gpu\n"
    "  --solve layers                    llama.cpp's --fit on the --gpu (1 GiB margin): the\n"
    "                                    context (without --seq: shrunk from the training\n"
    "                                    context, not below 4096), then MoE experts to host,\n"
    "                                    then -ngl; prints gpu_layers and seq\n"
    "  --units gb|gib                    units of the text table (gb)\n"
    "  --format table|json|markdown|csv  output (table; params: json)\n"
    "  --json                            = --format json (the DESIGN.md contract)\n"
    "  --sweep KEY=SPEC                  one row per point: seq=1k..128k (doubling),\n"
    "                                    batch=1..64:8 (step 8), seq=1k..64k:x4, gpus=1,2,8\n"
    "  --list-presets                    the preset ids\n"
    "  --list-gpus [words]               the GPU catalog (or a search of it), with sources\n"
    "\n"
    "fit: largest batch and seq that fit the --gpu, fewest GPUs (tensor parallel),\n"
    "     llama.cpp -ngl with --runtime llamacpp; --gpus N alone = N-way tensor parallel\n";

// `text` after `lead`, wrapped at spaces; continuation lines start at kHelpColumn.
void AppendWrapped(std::string& out, std::string lead, std::string_view text) {
  if (lead.size() + 1 > kHelpColumn) {
    out += lead + "\n";
    lead.clear();
  }
  std::string line = lead + std::string(kHelpColumn - lead.size(), ' ');
  bool first = true;
  while (!text.empty()) {
    const size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    if (!first && line.size() + 1 + word.size() > kWidth) {
      out += line + "\n";
      line = std::string(kHelpColumn, ' ');
      first = true;
    }
    line += (first ? "" : " ") + std::string(word);
    first = false;
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
  }
  out += line + "\n";
}

std::string ValueWord(const OptionInfo& o) {
  switch (o.kind) {
    case OptionKind::kChoice:
      if (o.choices[0] != '\0') return o.choices;
      return std::string_view(o.key) == "gpu" ? "ID" : "VALUE";
    case OptionKind::kCount:
      return "N";
    case OptionKind::kBytes:
      return "BYTES";
    case OptionKind::kFraction:
      return "F";
    case OptionKind::kFlag:
      return "[true|false]";
  }
  return "";
}

std::string DefaultText(const nlohmann::json& defaults, const std::string& key) {
  if (!defaults.contains(key)) return "";
  const nlohmann::json& v = defaults[key];
  if (v.is_null() || (v.is_string() && v.get<std::string>().empty())) return "";
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace

std::string usage_text() {
  std::string out = kHeader;
  const nlohmann::json defaults =
      nlohmann::json::parse(workload_json(Workload{}, Hardware{}), nullptr, false);
  for (const auto& [group, title] : kGroups) {
    out += std::string("\noptions, ") + title + ":\n";
    for (const OptionInfo& o : all_options()) {
      if (std::string_view(o.group) != group) continue;
      std::string help = o.help;
      const std::string d = DefaultText(defaults, o.key);
      if (!d.empty() && help.find("(default") == std::string::npos) help += " (default " + d + ")";
      AppendWrapped(out, std::string("  --") + o.key + " " + ValueWord(o), help);
    }
  }
  // The quant picker's file types, from core's llama-quantize table.
  std::string types;
  for (const GgufFileType& t : gguf_file_types()) {
    types += (types.empty() ? "" : " ") + std::string(t.name);
  }
  out += "\n";
  AppendWrapped(out, "  --weight-dtype also takes", "a llama.cpp file type: " + types);
  out += "\n";
  out += kOutput;
  return out;
}

}  // namespace vramcalc::cli
