// Per-layer cache shapes (cache_layers.h). Sources: transformers' cache_utils.py
// (sliding and chunked layers keep their window), vLLM's mamba_utils.py (state
// shapes: Mamba-2 heads x head_dim x N, Gated DeltaNet value_heads x key_dim x
// value_dim, conv (channels) x (kernel - 1)); docs/research/architectures/.
#include "cache_layers.h"

#include <algorithm>
#include <initializer_list>
#include <vector>

#include "term.h"

namespace vramcalc {

uint64_t kv_elements_per_token(const LayerSpec& l) {
  switch (l.mixer) {
    case Mixer::kAttention: {
      if (l.attn.shares_kv) return 0;
      const uint64_t vd = l.attn.v_head_dim ? l.attn.v_head_dim : l.attn.head_dim;
      // K = V sharing (Gemma-4) still caches both tensors.
      return l.attn.kv_heads * (l.attn.head_dim + vd);
    }
    case Mixer::kLatentAttention:
      return l.mla.kv_lora_rank + l.mla.qk_rope_head_dim +
             (l.mla.index_heads ? l.mla.index_head_dim : 0);
    case Mixer::kCompressedAttention: {
      // One compressed entry of head_dim per `ratio` tokens (+ the indexer's key at
      // ratio 4); the sliding ring is fixed per sequence (recurrent_state).
      const CsaSpec& a = l.csa;
      if (a.ratio == 0) return 0;
      return a.head_dim / a.ratio + (a.ratio == 4 ? a.index_head_dim / 4 : 0);
    }
    case Mixer::kDeltaNet:
    case Mixer::kMamba:
    case Mixer::kNone:
    case Mixer::kLinear:
      return 0;
  }
  return 0;
}

KvGroups kv_groups(const ModelSpec& m, uint64_t seq, bool cap_windows) {
  KvGroups out;
  std::vector<LayerSpec> scratch;
  for (const LayerSpec& l : layers_of(m, scratch)) {
    const uint64_t elements = kv_elements_per_token(l);
    if (elements == 0) continue;
    const bool windowed =
        l.mixer == Mixer::kAttention && l.attn.span != Span::kFull && l.attn.window > 0;
    const bool capped = cap_windows && windowed && l.attn.window < seq;
    const uint64_t tokens = capped ? l.attn.window : seq;
    int i = 0;
    while (i < out.count && !(out.group[i].elements == elements && out.group[i].tokens == tokens &&
                              out.group[i].capped == capped)) {
      ++i;
    }
    if (i == out.count) {
      if (out.count == static_cast<int>(out.group.size())) {
        i = out.count - 1;  // more shapes than groups: fold into the last (text only)
      } else {
        out.group[out.count++] = {0, elements, tokens, capped};
      }
    }
    out.group[i].layers += l.repeat;
    uint64_t e = 0;
    if (mul_overflows(l.repeat, elements, &e) || mul_overflows(e, tokens, &e) ||
        __builtin_add_overflow(out.elements, e, &out.elements)) {
      out.overflow = true;
    }
  }
  return out;
}

uint64_t kv_elements_in_layers(const ModelSpec& m, uint64_t first, uint64_t last) {
  uint64_t total = 0, index = 0;
  std::vector<LayerSpec> scratch;
  for (const LayerSpec& l : layers_of(m, scratch)) {
    const uint64_t lo = std::max(first, index), hi = std::min(last, index + l.repeat);
    if (lo < hi) total += (hi - lo) * kv_elements_per_token(l);
    index += l.repeat;
  }
  return total;
}

std::string KvGroups::text() const {
  std::string s;
  for (int i = 0; i < count; ++i) {
    const KvGroup& g = group[i];
    s += (i ? " + " : "") + group_digits(g.layers) + " layers × " + group_digits(g.elements) +
         " × " + group_digits(g.tokens) + (g.capped ? " window" : " tokens");
  }
  return s;
}

namespace {

// Saturating product: a hostile shape reads as "too big", never wraps.
uint64_t mul(std::initializer_list<uint64_t> factors) {
  uint64_t r = 1;
  for (uint64_t f : factors) {
    if (mul_overflows(r, f, &r)) return UINT64_MAX;
  }
  return r;
}

uint64_t add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

}  // namespace

StateTotals layer_state(const LayerSpec& l, uint64_t conv_columns_extra) {
  uint64_t ssm = 0, conv = 0;
  if (l.mixer == Mixer::kMamba || (l.mixer == Mixer::kAttention && l.mamba_beside)) {
    const MambaSpec& s = l.mamba;
    const uint64_t columns = (s.conv_kernel ? s.conv_kernel - 1 : 0) + conv_columns_extra;
    if (s.version == 1) {
      ssm = mul({s.inner, s.state_size});
      conv = mul({s.inner, columns});
    } else {
      ssm = mul({s.heads, s.head_dim, s.state_size});
      conv = mul({add(s.inner, mul({2, s.groups, s.state_size})), columns});
    }
  } else if (l.mixer == Mixer::kDeltaNet) {
    const DeltaNetSpec& g = l.gdn;
    ssm = mul({g.value_heads, g.key_head_dim, g.value_head_dim});
    const uint64_t channels =
        add(mul({2, g.key_heads, g.key_head_dim}), mul({g.value_heads, g.value_head_dim}));
    conv = mul({channels, (g.conv_kernel ? g.conv_kernel - 1 : 0) + conv_columns_extra});
  } else if (l.mixer == Mixer::kCompressedAttention) {
    // DeepSeek-V4 (inference/model.py buffers): the sliding ring [window, head_dim]
    // in the model dtype; FP32 compressor kv_state and score_state [coff*r,
    // coff*head_dim] each, and the indexer's compressor [8, 2*index_head_dim] x 2.
    const CsaSpec& a = l.csa;
    conv = mul({a.window, a.head_dim});
    if (a.ratio) {
      const uint64_t coff = a.ratio == 4 ? 2 : 1;
      ssm = mul({2, coff * a.ratio, coff * a.head_dim});
      if (a.ratio == 4) ssm = add(ssm, mul({2, 2 * 4, 2 * a.index_head_dim}));
    }
  } else {
    return {};
  }
  return {1, ssm, conv};
}

StateTotals recurrent_state(const ModelSpec& m, uint64_t conv_columns_extra) {
  StateTotals t;
  std::vector<LayerSpec> scratch;
  for (const LayerSpec& l : layers_of(m, scratch)) {
    const StateTotals s = layer_state(l, conv_columns_extra);
    t.layers += s.layers * l.repeat;
    t.ssm = add(t.ssm, mul({l.repeat, s.ssm}));
    t.conv = add(t.conv, mul({l.repeat, s.conv}));
  }
  return t;
}

}  // namespace vramcalc
