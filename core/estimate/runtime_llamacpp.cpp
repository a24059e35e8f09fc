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

namespace {

// Tensor bytes by place: a GGUF's own, the quantizer's mix of a file type, or an
// even split of the generic weights.
struct Placed {
  GgufPlaces p;
  std::string how;
};

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

uint64_t sum(const std::vector<uint64_t>& v, uint64_t first, uint64_t last) {
  uint64_t s = 0;
  for (uint64_t i = first; i < last && i < v.size(); ++i) s += v[static_cast<size_t>(i)];
  return s;
}

}  // namespace

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
  const uint64_t L = m.num_layers;
  const uint64_t on_gpu = std::min(c.w.gpu_layers, L);
  const bool output_on_gpu = c.w.gpu_layers > L;
  RuntimeDetails& r = e.runtime;
  r.gpu_layers = on_gpu;

  inference_weights(c, e);
  const Placed w = place_weights(c, e.at(Component::kWeights).bytes);
  // --n-cpu-moe N keeps the routed experts of blocks 0..N-1 in host memory.
  const uint64_t cpu_moe = std::min(c.w.n_cpu_moe, L);
  const uint64_t experts_home = sum(w.p.expert_bytes, L - on_gpu, std::max(cpu_moe, L - on_gpu));
  const uint64_t gpu_w =
      sum(w.p.layer_bytes, L - on_gpu, L) - experts_home + (output_on_gpu ? w.p.other : 0);
  set(e, Component::kWeights, Term().times(gpu_w, "B"),
      w.how + ": " + group_digits(on_gpu) + " of " + group_digits(L) + " blocks on the GPU" +
          (output_on_gpu ? " + output layer" : "") +
          (experts_home ? ", the routed experts of the first " + group_digits(cpu_moe) +
                              " blocks in host memory"
                        : "") +
          "; token embeddings stay in host memory");

  uint64_t n_ctx = 0;  // llama.cpp's context: every sequence's tokens
  if (__builtin_mul_overflow(c.w.batch, c.w.seq, &n_ctx) || n_ctx > (uint64_t{1} << 40)) {
    return make_error(
        ErrorCode::kInvalidOption,
        "option --batch x --seq: llama.cpp's context of batch x seq tokens exceeds 2^40");
  }
  const LlamaCppCells cells = llamacpp_cells(m, c.w);
  const GgmlType& kt = *type.value();
  const uint64_t gpu_kv = llamacpp_kv_bytes(m, cells, kt, L - on_gpu, L);
  const uint64_t host_kv = llamacpp_kv_bytes(m, cells, kt, 0, L - on_gpu);
  if (gpu_kv == UINT64_MAX || host_kv == UINT64_MAX) {
    return make_error(ErrorCode::kInvalidOption, "llama.cpp KV cache exceeds 2^64 bytes");
  }
  const std::string kv_text =
      group_digits(cells.cells) + " cells" +
      (cells.streams > 1 ? " × " + group_digits(cells.streams) + " streams" : "") +
      (cells.swa_cells < cells.cells ? " (sliding layers " + group_digits(cells.swa_cells) + ")"
                                     : "");
  set(e, Component::kKVCache, Term().times(gpu_kv, "B"),
      std::string("llama.cpp ") + kt.name + " K/V rows of the " + group_digits(on_gpu) +
          " GPU layers over " + kv_text + ": n_ctx = batch × seq padded to 256" +
          (c.w.kv_unified ? ", one cache shared by the slots" : ", one stream per slot"));

  const bool flash = llamacpp_flash(c.w);
  const LlamaCppCompute comp = llamacpp_compute(m, cells, flash, on_gpu > 0, output_on_gpu);
  if (on_gpu > 0) {
    set(e, Component::kActivations, Term().times(comp.device, "B"),
        "compute buffer of one ubatch: max(" + comp.text + ")");
  }
  if (!flash && kt.block_elems > 1) {
    e.notes.push_back("llama.cpp refuses a quantized V cache without flash attention");
  }
  // Host memory: what is not offloaded, plus the CUDA_Host buffers.
  r.host_compute_bytes = comp.host;
  r.output_bytes = comp.output;
  bool overflow = false;
  uint64_t host = w.p.embedding + sum(w.p.layer_bytes, 0, L - on_gpu) + experts_home;
  if (!output_on_gpu) host += w.p.other;
  host = checked_add(host, host_kv, overflow);
  host = checked_add(host, comp.host, overflow);
  host = checked_add(host, comp.output, overflow);
  if (overflow)
    return make_error(ErrorCode::kInvalidOption, "llama.cpp host memory exceeds 2^64 bytes");
  r.host_bytes = host;
  return std::nullopt;
}

}  // namespace vramcalc::detail
