// Rules over core's option table (all_options(), workload.cpp) that every front end
// shares: which options a workload uses, and error messages in the table's labels.
// Core's own messages name options as the CLI spells them ("option --gpus (1) must
// be a multiple of --tp x --pp"); a UI speaks its labels instead, and translating
// here, from the same table, keeps the two from drifting.
#include <string>
#include <string_view>

#include "workload.h"

namespace vramcalc {
namespace {

bool is_key_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// The option whose key is the whole word at `text` (after its "--"), or null: the
// longest key wins, so "--gpus" is GPUs and not "--gpu" followed by "s".
const OptionInfo* option_at(std::string_view text) {
  size_t len = 0;
  while (len < text.size() && is_key_char(text[len])) ++len;
  const std::string_view word = text.substr(0, len);
  for (const OptionInfo& o : all_options()) {
    if (word == o.key) return &o;
  }
  return nullptr;
}

}  // namespace

bool runtime_leaves_cuda_context(const Workload& w) {
  return !w.textbook && (w.runtime == Runtime::kGeneric || w.runtime == Runtime::kHF);
}

bool option_applies(std::string_view key, const Workload& w) {
  const bool training = w.mode == Mode::kTraining;
  const Runtime rt = w.runtime;
  for (const OptionInfo& o : all_options()) {
    if (key != o.key) continue;
    const std::string_view group = o.group;
    if (group == "training") {
      return training && (key != "lora-rank" || w.method != Method::kFull);
    }
    if (group == "vllm") return rt == Runtime::kVLLM && !training;
    if (group == "ollama") return rt == Runtime::kOllama && !training;
    if (group == "llamacpp") {
      // Ollama runs llama.cpp with its own -ngl and micro-batch (runtime_ollama.cpp);
      // the other llama.cpp flags are llama-server's.
      const bool ollama_too = key == "gpu-layers" || key == "ubatch";
      return !training && (rt == Runtime::kLlamaCpp || (ollama_too && rt == Runtime::kOllama));
    }
    // Inference storage; training stores what its precision says.
    if (key == "weight-dtype" || key == "kv-dtype") return !training;
    // Only the generic and transformers formulas materialise attention scores; the
    // serving runtimes bring their own kernels (llama.cpp: flash-attn).
    if (key == "attention") return rt == Runtime::kGeneric || rt == Runtime::kHF || w.textbook;
    // Sharding and offloading of optimizer states, gradients and master weights.
    if (key == "zero" || key == "offload") return training;
    // One choice's companions: a GGUF file type's importance matrix, generate()'s tokens.
    if (key == "imatrix") return !training && !w.gguf_file_type.empty();
    if (key == "generate") return !training && rt == Runtime::kHF;
    // A given overhead stands in the context's place.
    if (key == "cuda-context") return runtime_leaves_cuda_context(w) && w.overhead_bytes == 0;
    return true;
  }
  return false;  // not an option
}

std::string with_option_labels(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  constexpr std::string_view kPrefixed = "option --";
  size_t i = 0;
  while (i < message.size()) {
    const bool prefixed = message.substr(i, kPrefixed.size()) == kPrefixed;
    const size_t flag = prefixed ? i + kPrefixed.size() - 2 : i;
    const bool at_word_start = flag == 0 || !is_key_char(message[flag - 1]);
    if (at_word_start && message.substr(flag, 2) == "--") {
      if (const OptionInfo* o = option_at(message.substr(flag + 2))) {
        out += o->label;
        i = flag + 2 + std::string_view(o->key).size();
        continue;
      }
    }
    out += message[i++];
  }
  return out;
}

}  // namespace vramcalc
