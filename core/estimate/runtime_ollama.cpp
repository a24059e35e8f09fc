// --runtime ollama: Ollama's own memory estimate, which decides how many layers it
// offloads to llama.cpp (EstimateGPULayers and GraphSize, 2024 to mid-2025):
// ollama/ollama@63269668c06cee60beb617f00e8c6829502ba0ab llm/memory.go, llm/ggml.go,
// discover/gpu.go (457 MiB minimum); ported from docs/research/runtimes/ollama_check.py,
// which reproduces every printed field of the refdata `ollama` cases. The 2026 server
// picks num_ctx by total VRAM (server/routes.go @fb30760996871fa9460115c753afd2c60d4ab0f7)
// and hands placement to llama-server --fit (--runtime llamacpp --solve layers).
#include <algorithm>

#include "estimate_parts.h"

namespace vramcalc::detail {

namespace {

constexpr uint64_t kMiB = 1ull << 20, kGiB = 1ull << 30;
constexpr uint64_t kMinimumMemory = 457 * kMiB;  // cudaMinimumMemory = rocmMinimumMemory

bool gemma(const std::string& t) { return t.rfind("gemma", 0) == 0; }

// GraphSize's per-architecture compute graph (partial, full offload), bytes.
std::pair<uint64_t, uint64_t> graph_size(const ModelSpec& m, uint64_t ctx, uint64_t b,
                                         uint64_t kv_total) {
  const uint64_t E = m.hidden_size, H = m.num_heads, HKV = m.num_kv_heads, hd = m.head_dim;
  const uint64_t V = m.vocab_size;
  const std::string& t = m.model_type;
  if (t == "llama" || t == "mistral") {
    const uint64_t full = std::max(4 * b * (1 + 4 * E + ctx * (1 + H)), 4 * b * (E + V));
    const uint64_t part = 4 * b * E + std::max(4 * b * (1 + E + std::max(ctx, E)) + E * E * 9 / 16 +
                                                   4 * ctx * (b * H + hd * HKV),
                                               4 * b * (E + V) + E * V * 105 / 128);
    return {part, full};
  }
  if (t == "qwen2") {  // not checked against a log
    const uint64_t full = std::max(4 * b * (E + V), 4 * b * (1 + 2 * E + ctx + ctx * H));
    const uint64_t part = std::max(4 * b * (E + V) + E * V * 105 / 128,
                                   4 * (b * (1 + 2 * E + ctx * (1 + H)) + E * (1 + ctx)));
    return {part, full};
  }
  if (gemma(t)) {
    const uint64_t full =
        std::max(4 * b * (E + V), 4 * b * (2 + ctx + ctx * H + 2 * E + 2 * hd * H));
    const uint64_t part = std::max(
        4 * E * b + E * V * 105 / 128 + 4 * V * b,
        4 * b * (2 * E + 1 + 2 * hd * H + ctx + ctx * H) + 4 * hd * ctx * 8 + E * hd * H * 9 / 16);
    return {part, full};
  }
  // No formula (phi3, ...): GQA x kv / 6 for both (ollama-002: 266.7 MiB).
  const uint64_t g = (HKV ? H / HKV : 1) * kv_total / 6;
  return {g, g};
}

}  // namespace

std::optional<Error> estimate_ollama(const Context& c, Estimate& e) {
  const ModelSpec& m = c.model;
  if (!c.arch_known) return estimate_llamacpp(c, e);  // a bare count: weights only
  const uint64_t L = m.num_layers;
  const size_t n_gpus = static_cast<size_t>(c.hw.gpus);  // validate() caps --gpus
  RuntimeDetails::Ollama& o = e.runtime.ollama;
  // num_ctx: by total VRAM (2026 default) unless given; the scheduler multiplies it
  // by num_parallel (--batch) and batches min(NumCtx, 512) tokens.
  const uint64_t vram = c.hw.gpu_memory_bytes * n_gpus;
  o.num_ctx = c.w.num_ctx ? c.w.num_ctx
                          : (vram >= 47 * kGiB   ? 262144
                             : vram >= 23 * kGiB ? 32768
                                                 : 4096);
  o.num_parallel = c.w.batch;
  const uint64_t ctx = o.num_ctx * o.num_parallel, batch = std::min(ctx, c.w.ubatch);
  // KV per layer at Ollama's bytes per element (F16 2, q8_0 1, q4_0 0.5, no scales);
  // gemma3's sliding layers cache num_parallel x window + batch tokens (2025 code).
  const DType kvt = c.w.kv_dtype.value_or(DType::kFP16);
  const uint64_t halves = kvt == DType::kQ8_0 ? 2 : kvt == DType::kQ4_0 ? 1 : 4;
  std::vector<uint64_t> kv;
  std::vector<LayerSpec> scratch;
  for (const LayerSpec& l : layers_of(m, scratch)) {
    uint64_t per_token = 0, tokens = ctx;
    if (l.mixer == Mixer::kAttention && !l.attn.shares_kv) {
      per_token = l.attn.kv_heads *
                  (l.attn.head_dim + (l.attn.v_head_dim ? l.attn.v_head_dim : l.attn.head_dim));
      if (gemma(m.model_type) && l.attn.span != Span::kFull && l.attn.window) {
        tokens = std::min(ctx, o.num_parallel * l.attn.window + batch);
      }
    } else if (l.mixer == Mixer::kLatentAttention) {
      per_token =
          l.mla.heads * (l.mla.qk_nope_head_dim + l.mla.qk_rope_head_dim + l.mla.v_head_dim);
    }
    for (uint64_t k = 0; k < l.repeat; ++k) kv.push_back(tokens * per_token * halves / 2);
  }
  uint64_t kv_total = 0;
  for (uint64_t x : kv) kv_total += x;
  o.kv = kv_total;
  auto [gpart, gfull] = graph_size(m, ctx, batch, kv_total);
  if (n_gpus > 1) gfull = gpart;
  o.graph_full = gfull;
  o.graph_partial = gpart;

  inference_weights(c, e);
  const Placed w = place_weights(c, e.at(Component::kWeights).bytes);
  const uint64_t out = w.p.other + (m.tied_embeddings ? w.p.embedding : 0);  // output layer
  auto size = [&](size_t i) { return w.p.layer_bytes[i] + kv[i]; };
  // EstimateGPULayers: a GPU takes part if it holds the graph, the minimum and two
  // layers; each reserves the minimum and one spare layer; layers go round-robin.
  const uint64_t free = c.hw.gpu_memory_bytes ? c.hw.gpu_memory_bytes : (1ull << 62);
  const uint64_t graph = std::max(gpart, gfull);
  std::vector<uint64_t> alloc(n_gpus, 0), wts(n_gpus, 0), kvs(n_gpus, 0), count(n_gpus, 0);
  std::vector<uint64_t> lo(n_gpus, UINT64_MAX), hi(n_gpus, 0);  // span of its blocks
  std::vector<size_t> space;
  for (size_t g = 0; g < n_gpus; ++g) {
    if (free < graph + kMinimumMemory + 2 * size(0)) continue;
    space.push_back(g);
    alloc[g] = kMinimumMemory + size(0);
  }
  const int64_t num_gpu = c.w.gpu_layers == UINT64_MAX ? -1 : static_cast<int64_t>(c.w.gpu_layers);
  uint64_t n = 0, overflow = 0, weights = 0, last = 0, host = w.p.embedding;
  for (size_t i = 0; i < L; ++i) {
    last = size(i);
    weights += last;
    bool placed = false;
    if (num_gpu < 0 || static_cast<int64_t>(n) < num_gpu) {
      for (size_t j = space.size(); j > 0 && !placed; --j) {
        const size_t g = space[i % j];
        if (free > alloc[g] + graph + last) {
          alloc[g] += last, wts[g] += w.p.layer_bytes[i], kvs[g] += kv[i], ++count[g], ++n;
          lo[g] = std::min<uint64_t>(lo[g], i), hi[g] = i + 1;
          placed = true;
        } else {
          space.erase(space.begin() + static_cast<std::ptrdiff_t>(i % j));
        }
      }
    }
    if (!placed) host += last;
  }
  bool full_loaded = n >= L;
  if (!full_loaded) overflow += (L - n) * last;  // memory.go charges the last layer's size
  bool out_placed = false;
  if (out > 0 && (num_gpu < 0 || static_cast<int64_t>(n) < num_gpu)) {
    for (size_t j = space.size(); j > 0 && !out_placed; --j) {
      const size_t g = space[static_cast<size_t>(n) % j];
      if (free > alloc[g] + graph + out) {
        alloc[g] += out, wts[g] += out, ++count[g], ++n;
        out_placed = true;
      }
    }
  }
  if (n < L + 1) full_loaded = false, overflow += out;
  if (!out_placed) host += out;
  for (size_t g = 0; g < n_gpus; ++g) {
    if (count[g] > 0) alloc[g] += full_loaded ? gfull : gpart;
  }
  o.required_partial = 0;
  for (uint64_t a : alloc) o.required_partial += a;
  o.required_full = o.required_partial + overflow;
  o.weights_total = weights;
  o.weights_nonrepeating = out;
  o.weights_repeating = weights - std::min(weights, out);
  o.layers_offload = n;
  o.layers_model = L + 1;
  e.runtime.gpu_layers = n;
  e.runtime.host_bytes = host;

  // The busiest GPU's reservation: its layers, their KV, the graph and the reserve.
  const size_t b =
      static_cast<size_t>(std::max_element(alloc.begin(), alloc.end()) - alloc.begin());
  const uint64_t g_graph = count[b] ? (full_loaded ? gfull : gpart) : 0;
  const std::string where = n_gpus > 1 ? " on GPU " + std::to_string(b) : "";
  set(e, Component::kWeights, c.term().times(wts[b], "B"),
      "Ollama: " + group_digits(count[b]) + " of " + group_digits(L + 1) + " layers" + where +
          " (" + w.how + "); token embeddings stay in host memory");
  set(e, Component::kKVCache, c.term().times(kvs[b], "B"),
      "Ollama: num_ctx " + group_digits(o.num_ctx) + " × num_parallel " +
          group_digits(o.num_parallel) + " tokens per offloaded layer, 2 B (F16) per value");
  set(e, Component::kActivations, c.term().times(g_graph, "B"),
      std::string("Ollama GraphSize ") + (full_loaded ? "full" : "partial") + " offload (" +
          m.model_type + " formula; flash attention does not change it)");
  if (alloc[b] > 0) {
    set(e, Component::kOverhead, c.term().times(kMinimumMemory + size(0), "B"),
        "Ollama's 457 MiB minimum (discover/gpu.go) + one spare layer");
  }
  if (n_gpus > 1) {
    for (size_t g = 0; g < n_gpus; ++g) {
      GpuShare s;
      s.stage = g;
      s.device =
          "GPU " + std::to_string(g) + " (" + std::to_string(count[g]) + " layers, round-robin)";
      s.first_layer = hi[g] ? lo[g] : 0;
      s.last_layer = hi[g];
      s.bytes[static_cast<int>(Component::kWeights)] = wts[g];
      s.bytes[static_cast<int>(Component::kKVCache)] = kvs[g];
      s.bytes[static_cast<int>(Component::kActivations)] =
          count[g] ? (full_loaded ? gfull : gpart) : 0;
      s.bytes[static_cast<int>(Component::kOverhead)] = alloc[g] ? kMinimumMemory + size(0) : 0;
      e.gpu_shares.push_back(s);
    }
  }
  return std::nullopt;
}

}  // namespace vramcalc::detail
