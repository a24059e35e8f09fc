// llama.cpp buffer sizes. Source: llama.cpp ec98e2002 (Dec 2025) as vendored in
// ollama/ollama@f63eea3d273816ffc27fbeb0662ab44d236abc45, llama/llama.cpp/src/:
// llama-context.cpp (n_ctx padding, output_reserve, graph_reserve), llama-kv-cache.cpp
// and llama-kv-cache-iswa.cpp (K/V tensors, SWA sizes), llama-graph.cpp (the f32 KQ
// mask); checked against refdata/runlogs llamacpp-003/004 and ollama-001 in
// docs/research/runtimes/llamacpp_buffers.md.
#include "llamacpp_buffers.h"

#include <algorithm>

#include "cache_layers.h"
#include "term.h"

namespace vramcalc {

namespace {

constexpr uint64_t kMiB = 1ull << 20;

uint64_t pad256(uint64_t n) { return (n + 255) / 256 * 256; }

// a x b, saturating (the callers report UINT64_MAX as an overflow).
uint64_t mul(uint64_t a, uint64_t b) {
  uint64_t r = 0;
  return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}
uint64_t add(uint64_t a, uint64_t b) {
  uint64_t r = 0;
  return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}

bool windowed(const LayerSpec& l) {
  return l.mixer == Mixer::kAttention && l.attn.span != Span::kFull && l.attn.window > 0;
}

std::string mib(uint64_t bytes) {
  const uint64_t hundredths = bytes * 100 / kMiB;
  std::string frac = std::to_string(hundredths % 100);
  return group_digits(hundredths / 100) + "." + (frac.size() < 2 ? "0" : "") + frac + " MiB";
}

}  // namespace

LlamaCppCells llamacpp_cells(const ModelSpec& m, const Workload& w) {
  LlamaCppCells c;
  c.n_seq = std::max<uint64_t>(1, w.batch);
  c.n_ctx = mul(c.n_seq, w.seq);
  // llama_context: n_ctx = GGML_PAD(n_ctx, 256); a non-unified cache gives every
  // sequence its own stream of GGML_PAD(n_ctx / n_seq_max, 256) cells.
  const uint64_t padded = pad256(c.n_ctx);
  c.streams = w.kv_unified ? 1 : c.n_seq;
  c.cells = w.kv_unified ? padded : pad256(padded / c.n_seq);
  c.n_ubatch = std::min(w.ubatch, c.n_ctx);
  // llama_kv_cache_iswa: size_swa = GGML_PAD(min(size_base, n_swa x (unified ? n_seq : 1)
  // + n_ubatch), 256) with the model's one n_swa (here the widest window).
  uint64_t window = 0;
  std::vector<LayerSpec> scratch;
  for (const LayerSpec& l : layers_of(m, scratch)) {
    if (windowed(l)) window = std::max(window, l.attn.window);
  }
  // Mistral and Mixtral convert to GGUF's llama architecture, which llama.cpp runs
  // without a window (llama-model.cpp sets no swa_type for LLM_ARCH_LLAMA):
  // llamacpp-004 logs Mistral-7B-v0.1's full 32000-cell cache.
  c.swa = window > 0 && m.model_type != "mistral" && m.model_type != "mixtral";
  const uint64_t swa = add(mul(window, w.kv_unified ? c.n_seq : 1), c.n_ubatch);
  c.swa_cells = c.swa ? std::min(c.cells, pad256(swa)) : c.cells;
  return c;
}

Result<const GgmlType*> llamacpp_cache_type(std::optional<DType> kv) {
  const char* name = "F16";
  if (kv) {
    switch (*kv) {
      case DType::kFP16:
        name = "F16";
        break;
      case DType::kBF16:
        name = "BF16";
        break;
      case DType::kFP32:
        name = "F32";
        break;
      case DType::kQ8_0:
      case DType::kQ4_0:
      case DType::kQ4_1:
      case DType::kQ5_0:
      case DType::kQ5_1:
      case DType::kIQ4_NL:
        name = dtype_info(*kv).name;
        break;
      default:
        return make_error(ErrorCode::kInvalidOption,
                          std::string("option --kv-dtype: llama.cpp has no ") + dtype_info(*kv).id +
                              " cache (f32|f16|bf16|q8_0|q4_0|q4_1|q5_0|q5_1|iq4_nl)");
    }
  }
  return find_ggml_type_named(name);
}

uint64_t llamacpp_kv_bytes(const ModelSpec& m, const LlamaCppCells& c, const GgmlType& type,
                           uint64_t first, uint64_t last) {
  std::vector<LayerSpec> scratch;
  uint64_t index = 0, total = 0;
  for (const LayerSpec& l : layers_of(m, scratch)) {
    const uint64_t lo = std::max(first, index), hi = std::min(last, index + l.repeat);
    index += l.repeat;
    if (lo >= hi) continue;
    uint64_t k = 0, v = 0;  // elements per cell
    if (l.mixer == Mixer::kAttention && !l.attn.shares_kv) {
      k = l.attn.kv_heads * l.attn.head_dim;
      v = l.attn.kv_heads * (l.attn.v_head_dim ? l.attn.v_head_dim : l.attn.head_dim);
    } else if (l.mixer == Mixer::kLatentAttention) {
      k = kv_elements_per_token(l);  // the latent + shared rotary key; V is a view of it
    }
    if (k == 0) continue;
    const uint64_t row = ggml_row_bytes(type, k) + ggml_row_bytes(type, v);
    const uint64_t cells = c.swa && windowed(l) ? c.swa_cells : c.cells;
    total = add(total, mul(mul(row, mul(cells, c.streams)), hi - lo));
  }
  return total;
}

std::vector<int> llamacpp_layer_devices(uint64_t layers, uint64_t gpu_layers,
                                        const std::vector<uint64_t>& split) {
  std::vector<int> dev(static_cast<size_t>(layers + 1), -1);
  uint64_t total = 0;
  for (uint64_t s : split) total += s;
  if (total == 0) return dev;
  const uint64_t start = gpu_layers >= layers ? 0 : layers - gpu_layers;
  const uint64_t act = std::min(gpu_layers, layers + 1);
  for (uint64_t il = start; il <= layers && il - start < act; ++il) {
    // First device with cum / total > (il - start) / act, in integers.
    uint64_t cum = 0;
    for (size_t d = 0; d < split.size(); ++d) {
      cum += split[d];
      if (static_cast<__uint128_t>(cum) * act > static_cast<__uint128_t>(il - start) * total) {
        dev[static_cast<size_t>(il)] = static_cast<int>(d);
        break;
      }
    }
  }
  return dev;
}

bool llamacpp_flash(const Workload& w) { return w.flash_attn != FlashAttn::kOff; }

LlamaCppCompute llamacpp_compute(const ModelSpec& m, const LlamaCppCells& c, bool flash,
                                 bool any_on_gpu, bool output_on_gpu, uint64_t copies) {
  LlamaCppCompute r;
  const uint64_t ub = c.n_ubatch, E = m.hidden_size, V = m.vocab_size;
  const uint64_t n_kv = c.cells;  // the reserve attends over the whole cache (init_full)
  // Without flash attention the peak is the soft-max: F32 scores of n_head x n_kv x
  // ubatch (in place) + the F32 mask, beside about four F32 hidden-width activations
  // (fitted to llamacpp-004 and ollama-001; = Ollama's GraphSize for llama). With it
  // there is no score matrix: the F16 copy of the mask and the same activations.
  const uint64_t attn = flash ? add(mul(2 * n_kv, ub), mul(16 * E, ub))
                              : add(mul(mul(4 * n_kv, ub), m.num_heads + 1), mul(16 * E, ub));
  // The output head: F32 logits of the ubatch's n_outputs = ubatch beside the final
  // norm (llamacpp-003: 300.75 MiB at any context).
  const uint64_t head = mul(4 * ub, add(V, E));
  // Host: the graph inputs on the CPU backend, the F32 KQ mask and the token
  // embeddings (get_rows of token_embd, which stays in host memory).
  // With a pipeline every copy keeps its own F32 mask (llamacpp-005's 133.01 MiB host
  // buffer = 4 x 32768 x 256 x 4 B + 5120 x 256 x 4 B).
  r.host = add(mul(mul(4 * n_kv, ub), copies), mul(4 * E, ub));
  r.output = mul(4 * V, c.n_seq);
  if (any_on_gpu) {
    // The device's own mask copies beyond the first (F16 with flash attention, else
    // F32): not checked against a log (llamacpp-005's device buffers are not derived).
    const uint64_t extra = mul(mul((flash ? 2 : 4) * n_kv, ub), copies - 1);
    r.device = add(output_on_gpu ? std::max(attn, head) : attn, extra);
    if (!output_on_gpu) r.host = add(r.host, head);
  } else {
    r.host = add(r.host, std::max(attn, head));
  }
  r.text = std::string(flash ? "flash attention: F16 mask 2" : "F32 scores 4") + " × " +
           group_digits(n_kv) + " cells × " + group_digits(ub) + " ubatch" +
           (flash ? "" : " × (" + group_digits(m.num_heads) + " heads + 1)") + " + 16 × " +
           group_digits(E) + " × ubatch = " + mib(attn) + "; logits 4 × ubatch × (" +
           group_digits(V) + " vocab + " + group_digits(E) + ") = " + mib(head);
  return r;
}

}  // namespace vramcalc
