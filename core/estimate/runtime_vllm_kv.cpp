// vLLM v0.19's KV-cache pages and groups for one stage on one rank (runtime_vllm.h).
// Specs (vllm/v1/kv_cache_interface.py @66e86f1d): full attention pages
// block_size x kv_heads x (K + V head dims) x dtype; sliding windows page alike but a
// request needs only cdiv(min(window - 1 + max_num_batched_tokens, len), bs) + 1
// blocks; chunked attention cdiv(min(chunk + max_num_batched_tokens, len), bs); MLA
// pages its latent (no K/V pair, no TP split); Mamba / Gated DeltaNet one state
// page per request, padded to the attention page, whose block size is raised to
// hold it (HybridAttentionMambaModelConfig). Grouping (v1/core/kv_cache_utils.py):
// one spec -> one group of every layer; one type of different sizes -> one group
// whose page is their sum; hybrids -> group_size = fewest layers of a type (the
// most when max < 1.5 x min), each type in cdiv(n, group_size) groups.
#include <algorithm>
#include <vector>

#include "cache_layers.h"
#include "runtime_vllm.h"

namespace vramcalc::detail::vllm {

std::optional<Error> check_tensor_parallel(const ModelSpec& m, uint64_t tp) {
  // ModelConfig.verify_with_parallel_config (config/model.py): the query heads
  // divide over the ranks; QKVParallelLinear then splits the KV heads (kv % tp)
  // or replicates them (tp % kv), asserting one or the other.
  if (tp <= 1 || m.num_heads == 0) return std::nullopt;
  if (m.num_heads % tp != 0) {
    return make_error(ErrorCode::kInvalidOption,
                      "vLLM needs the attention heads (" + group_digits(m.num_heads) +
                          ") divisible by tensor parallel (" + group_digits(tp) + ")");
  }
  const uint64_t kv = m.mla_attention ? 0 : m.num_kv_heads;
  if (kv && (kv >= tp ? kv % tp : tp % kv) != 0) {
    return make_error(ErrorCode::kInvalidOption, "vLLM needs the KV heads (" + group_digits(kv) +
                                                     ") and tensor parallel (" + group_digits(tp) +
                                                     ") to divide one another");
  }
  return std::nullopt;
}

namespace {

enum class Kind { kFull, kSliding, kChunked, kState };

struct Spec {
  Kind kind = Kind::kFull;
  uint64_t window = 0;     // sliding / chunked
  uint64_t per_token = 0;  // attention: bytes one token adds in one layer on the rank
  uint64_t state = 0;      // recurrent: bytes of one request's state in one layer
  uint64_t layers = 0;
};

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::kFull:
      return "full attention";
    case Kind::kSliding:
      return "sliding window";
    case Kind::kChunked:
      return "chunked attention";
    case Kind::kState:
      return "recurrent state";
  }
  return "?";
}

Spec spec_of(const LayerSpec& l, uint64_t tp, DType kv, DType state_dtype, DType act) {
  Spec s;
  if (l.mixer == Mixer::kMamba || l.mixer == Mixer::kDeltaNet) {
    // Heads (and their conv channels) split over the ranks.
    const StateTotals t = layer_state(l, 0);
    s.kind = Kind::kState;
    s.state = bytes_for(state_dtype, cdiv(t.ssm, tp)) + bytes_for(act, cdiv(t.conv, tp));
    return s;
  }
  uint64_t elements = kv_elements_per_token(l);
  if (l.mixer == Mixer::kAttention && l.attn.kv_heads > 0) {
    elements = elements / l.attn.kv_heads * std::max<uint64_t>(1, l.attn.kv_heads / tp);
    if (l.attn.span == Span::kSliding && l.attn.window) s.kind = Kind::kSliding;
    if (l.attn.span == Span::kChunked && l.attn.window) s.kind = Kind::kChunked;
    s.window = l.attn.window;
  }
  s.per_token = bytes_for(kv, elements);
  return s;
}

bool same_spec(const Spec& a, const Spec& b) {
  return a.kind == b.kind && a.window == b.window && a.per_token == b.per_token &&
         a.state == b.state;
}

}  // namespace

KvPlan kv_plan(const ModelSpec& m, const StageLayers& stage, uint64_t tp, DType kv, DType act,
               const Workload& w, const Batch& b, const std::vector<LayerSpec>* draft) {
  std::vector<Spec> specs;
  const DType state_dtype = m.state_dtype.value_or(act);
  auto add = [&](const LayerSpec& l, uint64_t count) {
    const Spec s = spec_of(l, tp, kv, state_dtype, act);
    if (s.per_token == 0 && s.state == 0) return;
    auto it =
        std::find_if(specs.begin(), specs.end(), [&](const Spec& x) { return same_spec(x, s); });
    if (it == specs.end()) it = specs.insert(specs.end(), s);
    it->layers += count;
  };
  uint64_t index = 0;
  std::vector<LayerSpec> scratch;
  for (const LayerSpec& l : layers_of(m, scratch)) {
    const uint64_t lo = std::max(stage.first, index), hi = std::min(stage.last, index + l.repeat);
    index += l.repeat;
    if (lo < hi) add(l, hi - lo);
  }
  if (draft) {
    for (const LayerSpec& l : *draft) add(l, l.repeat);  // the MTP layers' own caches
  }
  KvPlan p;
  for (const Spec& s : specs) p.layers += s.layers;
  if (specs.empty()) return p;
  // MLA backends (FlashMLA) page 64 tokens; the rest use block_size (16).
  uint64_t bs = w.block_size;
  if (m.mla_attention && bs == 16) bs = 64;
  uint64_t attn_token = 0, state_page = 0;
  for (const Spec& s : specs) {
    attn_token = std::max(attn_token, s.per_token);
    state_page = std::max(state_page, s.state);
  }
  // A state page must fit in one attention block: raise the block size to a
  // multiple of 16 tokens that holds it.
  if (state_page && attn_token) bs = std::max(bs, 16 * cdiv(state_page, 16 * attn_token));
  p.block_tokens = attn_token ? bs : std::max<uint64_t>(w.seq, 1);
  p.page_bytes = attn_token ? bs * attn_token : state_page;

  const bool one_type = std::all_of(specs.begin(), specs.end(), [&](const Spec& s) {
    return s.kind == specs[0].kind && s.window == specs[0].window;
  });
  auto request_blocks = [&](const Spec& s) -> uint64_t {
    const uint64_t len = w.seq;
    switch (s.kind) {
      case Kind::kFull:
        return cdiv(len, bs);
      case Kind::kSliding:
        return cdiv(std::min(s.window - 1 + b.tokens, len), bs) + 1;
      case Kind::kChunked:
        return cdiv(std::min(s.window + b.tokens, len), bs);
      case Kind::kState:
        return 1;
    }
    return 0;
  };
  if (one_type) {
    // UniformTypeKVCacheSpecs: one group; a block holds every layer's page.
    uint64_t page = 0;
    for (const Spec& s : specs) page += s.layers * (s.state ? s.state : bs * s.per_token);
    p.page_bytes = page;
    p.group_size = 1;
    p.groups = 1;
    p.blocks_per_request = request_blocks(specs[0]);
    p.text = group_digits(p.layers) + " " + kind_name(specs[0].kind) + " layers in one group";
    return p;
  }
  uint64_t lo = UINT64_MAX, hi = 0;
  for (const Spec& s : specs) {
    lo = std::min(lo, s.layers);
    hi = std::max(hi, s.layers);
  }
  p.group_size = 2 * hi < 3 * lo ? hi : lo;
  for (const Spec& s : specs) {
    const uint64_t groups = cdiv(s.layers, p.group_size);
    p.groups += groups;
    p.blocks_per_request += groups * request_blocks(s);
    p.text += (p.text.empty() ? "" : " + ") + group_digits(groups) + " x " + kind_name(s.kind) +
              " (" + group_digits(s.layers) + " layers)";
  }
  p.text += " groups of " + group_digits(p.group_size) + " layers";
  return p;
}

}  // namespace vramcalc::detail::vllm
