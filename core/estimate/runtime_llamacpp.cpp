// --runtime llamacpp: llama.cpp's buffers as it allocates them (llamacpp_buffers.h).
// Weights as stored in the GGUF (or in the quantizer's mix of --weight-dtype q4_k_m),
// with -ngl N offloading the last N blocks (the output layer too once N exceeds the
// block count; token embeddings always stay in host memory, llama-model.cpp
// load_tensors); the KV cache of the offloaded layers in the cache type, over
// n_ctx = batch x seq cells padded to 256 (--batch slots, one stream each unless
// --kv-unified); the compute buffer reserved for one ubatch; host memory holds the
// rest, the CUDA_Host graph inputs and the output buffer.
#include "estimate_parts.h"
#include "gguf_mix.h"
#include "layer_params.h"
#include "llamacpp_buffers.h"

namespace vramcalc::detail {

Placed place_weights(const Context& c, uint64_t all_weights) {
  const ModelSpec& m = c.model;
  const uint64_t L = m.num_layers;
  Placed r;
  if (m.checkpoint_layer_bytes.size() == L && c.w.weights_from_checkpoint) {
    r.p.layer_bytes = m.checkpoint_layer_bytes;
    r.p.embedding = m.checkpoint_embedding_bytes;
    r.p.other = m.checkpoint_output_bytes;
    r.p.expert_bytes = m.checkpoint_layer_expert_bytes;
    r.how = "GGUF tensor bytes of the offloaded blocks";
  } else if (!c.w.gguf_file_type.empty()) {
    const TensorInventory mix =
        gguf_quant_mix(m, *find_gguf_file_type(c.w.gguf_file_type), c.w.gguf_imatrix);
    r.p = gguf_bytes_by_place(mix, L);
    r.how = c.w.gguf_file_type + " tensor bytes of the offloaded blocks";
  } else {
    const uint64_t table = bytes_for(c.w.weight_dtype, m.vocab_size * m.hidden_size);
    r.p.embedding = std::min(table, all_weights);
    r.p.other = m.tied_embeddings ? 0 : std::min(table, all_weights - r.p.embedding);
    const uint64_t blocks = all_weights - r.p.embedding - r.p.other;
    r.p.layer_bytes.assign(static_cast<size_t>(L), blocks / L);
    // The routed experts' share of each block, by parameters.
    std::vector<LayerSpec> scratch;
    for (const LayerSpec& l : layers_of(m, scratch)) {
      const LayerParams<double> p = layer_params_bound(m, l);
      const double share = p.total() > 0 ? p.experts / p.total() : 0.0;
      for (uint64_t k = 0; k < l.repeat; ++k) {
        r.p.expert_bytes.push_back(static_cast<uint64_t>(static_cast<double>(blocks / L) * share));
      }
    }
    r.how = "blocks' share of the weights, split evenly";
  }
  r.p.expert_bytes.resize(static_cast<size_t>(L), 0);
  return r;
}

namespace {}  // namespace

// One GPU's part under llama.cpp's layer split.
struct Device {
  uint64_t first = UINT64_MAX, last = 0;  // its blocks [first, last)
  bool output = false;                    // holds the output layer
  uint64_t weights = 0, kv = 0;
  LlamaCppCompute compute;
};

std::optional<Error> estimate_llamacpp(const Context& c, Estimate& e) {
  const ModelSpec& m = c.model;
  if (!c.arch_known) {
    // A bare count: the weights, all offloaded; the rest needs the architecture.
    inference_weights(c, e);
    set_unknown(e, Component::kKVCache, "needs layers, KV heads, head_dim");
    set_unknown(e, Component::kActivations, "the compute buffer needs the architecture");
    set_unknown(e, Component::kLogits, "needs the vocabulary size");
    return std::nullopt;
  }
  auto type = llamacpp_cache_type(c.w.kv_dtype);
  if (!type.ok()) return type.error();
  uint64_t n_ctx = 0;  // llama.cpp's context: every sequence's tokens
  if (__builtin_mul_overflow(c.w.batch, c.w.seq, &n_ctx) || n_ctx > (uint64_t{1} << 40)) {
    return make_error(
        ErrorCode::kInvalidOption,
        "option --batch x --seq: llama.cpp's context of batch x seq tokens exceeds 2^40");
  }
  // Devices: every GPU (--gpus; llama.cpp splits layers, not tensors, by default).
  const uint64_t n_dev = c.hw.gpus;
  std::vector<uint64_t> split = c.w.tensor_split;
  if (split.empty()) split.assign(static_cast<size_t>(n_dev), 1);
  if (split.size() != n_dev) {
    return make_error(ErrorCode::kInvalidOption,
                      "option --tensor-split: " + std::to_string(split.size()) +
                          " proportions for " + std::to_string(n_dev) + " GPUs (--gpus)");
  }
  const uint64_t L = m.num_layers;
  const std::vector<int> where = llamacpp_layer_devices(L, c.w.gpu_layers, split);
  const bool output_on_gpu = where[static_cast<size_t>(L)] >= 0;

  inference_weights(c, e);
  const Placed w = place_weights(c, e.at(Component::kWeights).bytes);
  const LlamaCppCells cells = llamacpp_cells(m, c.w);
  const GgmlType& kt = *type.value();
  // --n-cpu-moe N keeps the routed experts of blocks 0..N-1 in host memory.
  const uint64_t cpu_moe = std::min(c.w.n_cpu_moe, L);
  std::vector<Device> dev(static_cast<size_t>(n_dev));
  uint64_t on_gpu = 0, experts_home = 0, host = w.p.embedding;
  bool overflow = false;
  for (uint64_t il = 0; il < L; ++il) {
    const int d = where[static_cast<size_t>(il)];
    const uint64_t kv = llamacpp_kv_bytes(m, cells, kt, il, il + 1);
    const uint64_t bytes = w.p.layer_bytes[static_cast<size_t>(il)];
    if (d < 0) {
      host = checked_add(host, checked_add(bytes, kv, overflow), overflow);
      continue;
    }
    const uint64_t home = il < cpu_moe ? w.p.expert_bytes[static_cast<size_t>(il)] : 0;
    Device& g = dev[static_cast<size_t>(d)];
    g.first = std::min(g.first, il);
    g.last = il + 1;
    g.weights += bytes - home;
    g.kv = checked_add(g.kv, kv, overflow);
    experts_home += home;
    ++on_gpu;
  }
  if (output_on_gpu) {
    Device& g = dev[static_cast<size_t>(where[static_cast<size_t>(L)])];
    g.output = true;
    g.weights += w.p.other;
  } else {
    host += w.p.other;
  }
  host = checked_add(host, experts_home, overflow);
  if (overflow)
    return make_error(ErrorCode::kInvalidOption, "llama.cpp KV cache exceeds 2^64 bytes");

  // A pipeline (every layer and the output on several GPUs) keeps 4 input copies.
  uint64_t used = 0;
  for (const Device& g : dev) used += g.last > 0 ? 1 : 0;
  const uint64_t copies = used > 1 && output_on_gpu && on_gpu == L && cpu_moe == 0 ? 4 : 1;
  const bool flash = llamacpp_flash(c.w);
  for (Device& g : dev) {
    if (g.last > 0 || g.output) {
      g.compute = llamacpp_compute(m, cells, flash, true, g.output, copies);
    }
  }
  const LlamaCppCompute hostc =
      llamacpp_compute(m, cells, flash, on_gpu > 0, output_on_gpu, copies);

  // The busiest device gives the components; every device is a share.
  size_t busiest = 0;
  for (size_t d = 0; d < dev.size(); ++d) {
    const Device& g = dev[d];
    if (g.weights + g.kv + g.compute.device >
        dev[busiest].weights + dev[busiest].kv + dev[busiest].compute.device) {
      busiest = d;
    }
  }
  const Device& g = dev[busiest];
  const uint64_t g_layers = g.last > 0 ? g.last - g.first : 0;
  if (!c.text()) {
    set(e, Component::kWeights, c.term().times(g.weights, "B"), "");
    set(e, Component::kKVCache, c.term().times(g.kv, "B"), "");
    if (g.last > 0 || g.output) {
      set(e, Component::kActivations, c.term().times(g.compute.device, "B"), "");
    }
  } else {
    const std::string on = n_dev > 1 ? "CUDA" + std::to_string(busiest) : "the GPU";
    set(e, Component::kWeights, c.term().times(g.weights, "B"),
        w.how + ": " + group_digits(g_layers) + " of " + group_digits(L) + " blocks on " + on +
            (g.output ? " + output layer" : "") +
            (experts_home ? ", the routed experts of the first " + group_digits(cpu_moe) +
                                " blocks in host memory"
                          : "") +
            "; token embeddings stay in host memory");
    const std::string kv_text =
        group_digits(cells.cells) + " cells" +
        (cells.streams > 1 ? " × " + group_digits(cells.streams) + " streams" : "") +
        (cells.swa_cells < cells.cells ? " (sliding layers " + group_digits(cells.swa_cells) + ")"
                                       : "");
    set(e, Component::kKVCache, c.term().times(g.kv, "B"),
        std::string("llama.cpp ") + kt.name + " K/V rows of the " + group_digits(g_layers) +
            " layers on " + on + " over " + kv_text + ": n_ctx = batch × seq padded to 256" +
            (c.w.kv_unified ? ", one cache shared by the slots" : ", one stream per slot"));
    if (g.last > 0 || g.output) {
      set(e, Component::kActivations, c.term().times(g.compute.device, "B"),
          "compute buffer of one ubatch: max(" + g.compute.text + ")" +
              (copies > 1 ? " + 3 more mask copies (pipeline of 4)" : ""));
    }
  }
  if (!flash && kt.block_elems > 1) {
    note(e, "llama.cpp refuses a quantized V cache without flash attention");
  }
  if (n_dev > 1) {
    for (size_t d = 0; d < dev.size(); ++d) {
      GpuShare s;
      s.stage = d;
      s.first_layer = dev[d].last > 0 ? dev[d].first : 0;
      s.last_layer = dev[d].last;
      if (c.text()) s.device = "CUDA" + std::to_string(d);
      s.bytes[static_cast<int>(Component::kWeights)] = dev[d].weights;
      s.bytes[static_cast<int>(Component::kKVCache)] = dev[d].kv;
      s.bytes[static_cast<int>(Component::kActivations)] = dev[d].compute.device;
      e.gpu_shares.push_back(s);
    }
  }
  // Host memory: what is not offloaded, plus the CUDA_Host buffers.
  RuntimeDetails& r = e.runtime;
  r.gpu_layers = on_gpu;
  r.host_compute_bytes = hostc.host;
  r.output_bytes = hostc.output;
  host = checked_add(host, hostc.host, overflow);
  host = checked_add(host, hostc.output, overflow);
  if (overflow) {
    return make_error(ErrorCode::kInvalidOption, "llama.cpp host memory exceeds 2^64 bytes");
  }
  r.host_bytes = host;
  return std::nullopt;
}

}  // namespace vramcalc::detail
