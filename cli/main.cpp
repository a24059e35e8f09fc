// vramcalc CLI: `params MODEL`, `estimate MODEL [options]` (DESIGN.md contract) and
// `fit MODEL --gpu ID`. Output goes to stdout only on success; any failure prints
// one line on stderr and exits with status 1. The commands live in commands.cpp
// and fit_command.cpp.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "gpus.h"
#include "presets.h"

namespace {

const char kUsage[] =
    "usage: vramcalc params MODEL [--format F]\n"
    "       vramcalc estimate MODEL [options]\n"
    "       vramcalc fit MODEL --gpu ID [--gpus N] [options]\n"
    "\n"
    "MODEL: path to config.json, a preset id (e.g. llama-3.1-8b), or a parameter\n"
    "       count (8e9, 7b, 560m: weights, gradients and optimizer only)\n"
    "\n"
    "options (estimate):\n"
    "  --mode inference|training      (default inference)\n"
    "  --batch N  --seq N             sequences per GPU step, tokens each (1, 2048)\n"
    "  --weight-dtype fp32|bf16|fp16|fp8|int8|int4|nf4   (default bf16)\n"
    "      or a llama.cpp file type: q2_k q3_k_s|m|l q4_0 q4_1 q4_k_s|m q5_0 q5_1 q5_k_s|m\n"
    "      q6_k q8_0 iq1_s|m iq2_xxs|xs|s|m iq3_xxs|xs|s|m iq4_nl|xs tq1_0 tq2_0 mxfp4_moe\n"
    "      f16 bf16, _l/_xl (embeddings + output q8_0): each tensor as llama-quantize\n"
    "      types it (--imatrix false: quantized without an importance matrix)\n"
    "  --kv-dtype fp32|bf16|fp16|fp8|int8|q8_0|q4_0|q4_1|q5_0|q5_1|iq4_nl  (compute dtype)\n"
    "  --runtime generic|hf|vllm|llamacpp|ollama  whose memory semantics (generic)\n"
    "  vllm (v0.19, per GPU): --gpu-memory-utilization F (0.9) --max-num-seqs N\n"
    "        --max-num-batched-tokens N (0: vLLM's default for the GPU) --block-size N\n"
    "        --speculative-tokens N (MTP drafting)\n"
    "  hf: --generate N               model.generate() of N new tokens (0: one forward)\n"
    "  llamacpp: --gpu-layers N (-ngl) --ubatch N --flash-attn auto|on|off\n"
    "        --kv-unified (one cache for the --batch slots) --n-cpu-moe N\n"
    "        --tensor-split 3,1 (-ts: layer shares over --gpus N; default equal)\n"
    "  ollama: --num-ctx N (0: by VRAM, 4096/32768/262144), --batch = num_parallel;\n"
    "        prints Ollama's memory.* estimate and layers.offload under runtime.ollama\n"
    "  --precision fp32|bf16|fp16|amp|mixed|int8         training scheme (mixed)\n"
    "  --optimizer adamw|adamw-8bit|paged-adamw|paged-adamw-8bit|sgd|adafactor|lion|none\n"
    "  --method full|lora|qlora  --lora-rank R           (full, 16)\n"
    "  --checkpointing none|selective|full  --attention sdpa|eager|flash (sdpa)\n"
    "  --gpus N  --zero 0|1|2|3       GPUs in all, ZeRO/FSDP stage (shards over replicas)\n"
    "  --tp N  --pp N                 tensor- and pipeline-parallel degrees\n"
    "  --offload none|optimizer|params  CPU offload (ZeRO-Offload / FSDP)\n"
    "  --overhead-bytes N             framework overhead per GPU (0: left out)\n"
    "  --gpu ID                       a GPU from the catalog (fit verdict: the memory the\n"
    "                                 runtime sees, e.g. H100 79.19 GiB); vramcalc\n"
    "                                 --list-gpus [words] lists/searches the catalog\n"
    "  --solve batch|seq              largest batch / sequence that fits the --gpu\n"
    "  --solve layers                 llama.cpp's --fit on the --gpu (1 GiB margin): the\n"
    "                                 context (without --seq: shrunk from the training\n"
    "                                 context, not below 4096), then MoE experts to host\n"
    "                                 (n_cpu_moe), then -ngl; prints gpu_layers and seq\n"
    "  --textbook                     REFERENCE.md's simplified formulas\n"
    "  --units gb|gib                 units of the text table (gb)\n"
    "  --format table|json|markdown|csv  output (table; params: json)\n"
    "  --json                         = --format json (the DESIGN.md contract)\n"
    "  --sweep KEY=SPEC               one row per point: seq=1k..128k (doubling),\n"
    "                                 batch=1..64:8 (step 8), seq=1k..64k:x4, gpus=1,2,8\n"

    "  --list-presets                 print the preset ids\n"
    "\n"
    "fit: largest batch and seq that fit the --gpu, fewest GPUs (tensor parallel),\n"
    "     llama.cpp -ngl with --runtime llamacpp; --gpus N alone = N-way tensor parallel\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty())
    return vramcalc::cli::fail("missing command (params, estimate or fit); see --help");
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
    // id, name, nominal bytes, usable bytes (what the runtime sees), class, source;
    // words after it filter by id and name ("--list-gpus rtx 40").
    std::string query;
    for (const auto& a : args) query += (query.empty() ? "" : " ") + a;
    for (const vramcalc::GpuInfo* g : vramcalc::search_gpus(query)) {
      std::printf("%s\t%s\t%llu\t%llu\t%s\t%s\n", g->id, g->name,
                  static_cast<unsigned long long>(g->memory_bytes),
                  static_cast<unsigned long long>(g->usable_bytes), vramcalc::to_string(g->kind),
                  g->source);
    }
    return 0;
  }
  using namespace vramcalc::cli;
  if (cmd == "params") return run_params(args);
  if (cmd == "estimate") return run_estimate(args);
  if (cmd == "fit") return run_fit(args);
  return fail("unknown command '" + cmd + "' (use params, estimate or fit; see --help)");
}
