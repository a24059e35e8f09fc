// vramcalc CLI: `params MODEL` and `estimate MODEL [options]` (DESIGN.md contract).
// Output goes to stdout only on success; any failure prints one line on stderr and
// exits with status 1.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "estimate.h"
#include "gpus.h"
#include "model_file.h"
#include "param_count.h"
#include "presets.h"
#include "report.h"
#include "solver.h"
#include "workload.h"

namespace {

const char kUsage[] =
    "usage: vramcalc params MODEL\n"
    "       vramcalc estimate MODEL [options]\n"
    "\n"
    "MODEL: path to config.json, a preset id (e.g. llama-3.1-8b), or a parameter\n"
    "       count (8e9, 7b, 560m: weights, gradients and optimizer only)\n"
    "\n"
    "options (estimate):\n"
    "  --mode inference|training      (default inference)\n"
    "  --batch N  --seq N             sequences per GPU step, tokens each (1, 2048)\n"
    "  --weight-dtype fp32|bf16|fp16|fp8|int8|int4|nf4   (default bf16)\n"
    "  --kv-dtype fp32|bf16|fp16|fp8|int8                (default: compute dtype)\n"
    "  --runtime generic|hf|vllm|llamacpp  whose memory semantics (generic)\n"
    "  vllm: --gpu-memory-utilization F --max-num-seqs N --max-num-batched-tokens N\n"
    "        --block-size N            llamacpp: --gpu-layers N --ubatch N\n"
    "  --precision fp32|bf16|fp16|amp|mixed|int8         training scheme (mixed)\n"
    "  --optimizer adamw|adamw-8bit|paged-adamw|paged-adamw-8bit|sgd|adafactor|lion|none\n"
    "  --method full|lora|qlora  --lora-rank R           (full, 16)\n"
    "  --checkpointing none|selective|full  --attention eager|flash\n"
    "  --gpus N  --zero 0|1|2|3       GPUs in all, ZeRO/FSDP stage (shards over replicas)\n"
    "  --tp N  --pp N                 tensor- and pipeline-parallel degrees\n"
    "  --offload none|optimizer|params  CPU offload (ZeRO-Offload / FSDP)\n"
    "  --overhead-bytes N             framework overhead per GPU (0: left out)\n"
    "  --gpu ID                       a GPU from the catalog (fit verdict); --list-gpus\n"
    "  --solve batch|seq              largest batch / sequence that fits the --gpu\n"
    "  --textbook                     REFERENCE.md's simplified formulas\n"
    "  --units gb|gib                 units of the text table (gb)\n"
    "  --json                         machine-readable output\n"
    "  --list-presets                 print the preset ids\n";

int fail(const std::string& message) {
  std::string line = message;
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::fprintf(stderr, "vramcalc: %s\n", line.c_str());
  return 1;
}

// Options that take a value: core's option table plus the CLI's own.
bool known_option(const std::string& key) {
  if (key == "solve" || key == "units") return true;
  for (const vramcalc::OptionInfo& o : vramcalc::all_options()) {
    if (key == o.key) return true;
  }
  return false;
}

int run_params(const std::vector<std::string>& args) {
  if (args.size() != 1) return fail("params takes exactly one MODEL argument");
  auto model = vramcalc::cli::load_model(args[0]);
  if (!model.ok()) return fail(model.error().message);
  std::printf("%s\n", vramcalc::params_json(model.value(),
                                            vramcalc::count_params(model.value())).c_str());
  return 0;
}

int run_estimate(const std::vector<std::string>& args) {
  std::string model_arg;
  vramcalc::Workload w;
  vramcalc::Hardware h;
  bool json = false;
  bool method_given = false;
  std::string solve;
  vramcalc::Units units = vramcalc::Units::kGB;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--json") {
      json = true;
    } else if (a == "--textbook") {
      w.textbook = true;
    } else if (a.rfind("--", 0) == 0) {
      std::string key = a.substr(2), value;
      const size_t eq = key.find('=');
      if (eq != std::string::npos) {
        value = key.substr(eq + 1);
        key = key.substr(0, eq);
      } else if (!known_option(key)) {
        return fail("unknown option " + a.substr(0, 42) + " (see --help)");
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return fail("option " + a + " needs a value");
      }
      if (key == "method") method_given = true;
      if (key == "solve") {
        if (value != "batch" && value != "seq") return fail("option --solve: use batch or seq");
        solve = value;
      } else if (key == "units") {
        if (value != "gb" && value != "gib") return fail("option --units: use gb or gib");
        units = value == "gb" ? vramcalc::Units::kGB : vramcalc::Units::kGiB;
      } else if (auto err = vramcalc::apply_option(w, h, key, value)) {
        return fail(err->message);
      }
    } else if (model_arg.empty()) {
      model_arg = a;
    } else {
      return fail("unexpected argument '" + a + "' (MODEL is already '" + model_arg + "')");
    }
  }
  if (model_arg.empty()) return fail("estimate needs a MODEL argument");
  auto model = vramcalc::cli::load_model(model_arg);
  if (!model.ok()) return fail(model.error().message);
  // An adapter_config.json means LoRA unless the user chose another method.
  if (model.value().adapter.present && !method_given) w.method = vramcalc::Method::kLoRA;
  if (!solve.empty()) {
    if (h.gpu_memory_bytes == 0) return fail("option --solve needs --gpu (the memory budget)");
    auto r = vramcalc::solve_max(model.value(), w, h,
                                 solve == "batch" ? vramcalc::SolveFor::kBatch
                                                  : vramcalc::SolveFor::kSeq,
                                 h.gpu_memory_bytes);
    if (!r.ok()) return fail(r.error().message);
    std::printf("{\"solve\":\"%s\",\"max\":%llu,\"per_gpu_bytes\":%llu,\"capped\":%s}\n",
                solve.c_str(), static_cast<unsigned long long>(r.value().value),
                static_cast<unsigned long long>(r.value().bytes_at_value),
                r.value().capped ? "true" : "false");
    return 0;
  }
  auto est = vramcalc::estimate(model.value(), w, h);
  if (!est.ok()) return fail(est.error().message);
  if (json) {
    std::printf("%s\n", vramcalc::estimate_json(est.value()).c_str());
  } else {
    std::printf("%s (%s, batch %llu, seq %llu)\n%s", model.value().name.c_str(),
                vramcalc::to_string(w.mode), static_cast<unsigned long long>(w.batch),
                static_cast<unsigned long long>(w.seq),
                vramcalc::estimate_text(est.value(), units).c_str());
    for (const auto& note : est.value().notes) std::printf("note: %s\n", note.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return fail("missing command (params or estimate); see --help");
  const std::string cmd = args[0];
  args.erase(args.begin());
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (cmd == "--list-presets") {
    for (const auto& p : vramcalc::all_presets()) std::printf("%s\t%s\n", p.id, p.name);
    return 0;
  }
  if (cmd == "--list-gpus") {
    for (const auto& g : vramcalc::all_gpus()) {
      std::printf("%s\t%s\t%llu\n", g.id, g.name, static_cast<unsigned long long>(g.memory_bytes));
    }
    return 0;
  }
  if (cmd == "params") return run_params(args);
  if (cmd == "estimate") return run_estimate(args);
  return fail("unknown command '" + cmd + "' (use params or estimate; see --help)");
}
