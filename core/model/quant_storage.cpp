// quantized_checkpoint(): the same pieces count_params() sums (layer_params.h),
// each priced in the format the quantization_config gives it. Tensor shapes per
// format: docs/research/architectures/quant_*.md (AutoGPTQ qlinear_cuda_old.py,
// AutoAWQ gemm.py, bitsandbytes functional.py / nn/modules.py, compressed-tensors
// pack_quantized.py / fp4_quantized.py, transformers finegrained_fp8.py / mxfp4.py;
// commits in SUMMARY-QUANT.md).
#include "quant_storage.h"

#include "layer_params.h"
#include "param_count.h"
#include "term.h"

namespace vramcalc {

namespace {

using Method = QuantSpec::Method;

uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

// What one quantized [out, in] Linear stores: its weight in the packed format and
// the scales, zero points and indices beside it.
struct Stored {
  uint64_t weight_elements = 0, weight_bytes = 0;
  uint64_t aux_elements = 0, aux_bytes = 0;
  uint64_t index_bytes = 0;  // of aux: g_idx
};

Stored linear_storage(const QuantSpec& q, uint64_t out, uint64_t in) {
  const uint64_t n = out * in;
  const uint64_t groups = q.group ? ceil_div(in, q.group) : 1;  // scale groups per row
  Stored s;
  switch (q.method) {
    case Method::kNone:
      break;
    case Method::kFp8: {  // F8_E4M3 + scales per block, row or tensor
      const uint64_t scales = q.block_out ? ceil_div(out, q.block_out) * ceil_div(in, q.block_in)
                              : q.channel_scales ? out
                                                 : 1;
      s = {n, n, scales, q.scale_bytes * scales};
      break;
    }
    case Method::kMxfp4: {  // 16 bytes of nibbles + one E8M0 byte per 32 values, as U8
      const uint64_t blocks = out * ceil_div(in, 32);
      s = {16 * blocks, 16 * blocks, blocks, blocks};
      break;
    }
    case Method::kGptq: {  // qweight [in*b/32, out], qzeros [G, out*b/32] I32; scales F16 [G, out];
                           // g_idx [in]
      const uint64_t qweight = ceil_div(in * q.bits, 32) * out,
                     qzeros = groups * ceil_div(out * q.bits, 32);
      s = {qweight, 4 * qweight, qzeros + groups * out + in, 4 * qzeros + 2 * groups * out + 4 * in,
           4 * in};
      break;
    }
    case Method::kAwq: {  // GEMM: qweight [in, out/8], qzeros [G, out/8] I32; scales F16 [G, out]
      const uint64_t packed = ceil_div(out * q.bits, 32);
      s = {in * packed, 4 * in * packed, groups * packed + groups * out,
           4 * groups * packed + 2 * groups * out};
      break;
    }
    case Method::kBnb4: {  // U8 [n/2]; absmax per 64 (F32, or U8 + nested F32 per 256); quant_map
                           // F32 [16]
      const uint64_t blocks = ceil_div(n, 64);
      s.weight_elements = s.weight_bytes = ceil_div(n, 2);
      if (q.double_quant) {
        const uint64_t nested = ceil_div(blocks, 256);
        s.aux_elements = blocks + 16 + nested + 256;
        s.aux_bytes = blocks + 4 * (16 + nested + 256);
      } else {
        s.aux_elements = blocks + 16;
        s.aux_bytes = 4 * (blocks + 16);
      }
      break;
    }
    case Method::kBnb8:  // I8 weight, SCB F32 [out], weight_format U8 []
      s = {n, n, out + 1, 4 * out + 1};
      break;
    case Method::kIntPacked: {  // weight_packed I32 [out, in*b/32]; weight_scale BF16 [out, G];
                                // weight_shape [2]
      const uint64_t packed = out * ceil_div(in * q.bits, 32);
      s = {packed, 4 * packed, out * groups + 2, 2 * out * groups + 2 * 8};
      if (q.zero_points) {  // I32 packed along the output dim
        const uint64_t zp = ceil_div(out * q.bits, 32) * groups;
        s.aux_elements += zp;
        s.aux_bytes += 4 * zp;
      }
      if (q.g_idx) s.aux_elements += in, s.aux_bytes += 4 * in, s.index_bytes = 4 * in;
      break;
    }
    case Method::kInt8:  // I8 weight, weight_scale [out, 1] in BF16
      s = {n, n, out, 2 * out};
      break;
    case Method::kNvfp4: {  // weight_packed U8 [out, in/2]; weight_scale F8 [out, in/16]; F32
                            // global scales
      const uint64_t scales = out * ceil_div(in, 16);
      s = {n / 2, n / 2, scales + q.global_scales, scales + 4 * q.global_scales};
      break;
    }
  }
  return s;
}

// DeepSeek-V4 expert_dtype fp4: weight float4_e2m1fn_x2 (I8) [out, in/2] and an
// F8_E8M0 scale [out, in/32].
Stored fp4_experts(uint64_t out, uint64_t in) {
  const uint64_t pairs = out * ceil_div(in, 2), scales = out * ceil_div(in, 32);
  return {pairs, pairs, scales, scales};
}

bool quantized(const QuantSpec& q, const Piece& p) {
  if (!p.linear) return false;
  if (p.keeps_dtype && !q.routers_quantized) return false;
  if (q.method == Method::kMxfp4) return p.part == Part::kExperts;
  if (p.part == Part::kAttention && q.attention_kept) return false;
  return !(p.part == Part::kMlp && q.mlp_kept);
}

struct Tally {
  uint64_t quantized = 0;  // parameters stored in the quantized format
  Stored stored;           // what they take as stored
  uint64_t fp32 = 0;       // kept elements stored in FP32
};

void add_layers(const ModelSpec& m, const std::vector<LayerSpec>& runs, Tally& t) {
  for (const LayerSpec& l : runs) {
    Piece pieces[kMaxPieces];
    const int n = layer_pieces(m, l, pieces);
    for (int i = 0; i < n; ++i) {
      const Piece& p = pieces[i];
      const uint64_t copies = l.repeat * p.copies;
      if (p.fp32) t.fp32 += copies * p.rows * p.cols;
      if (!quantized(m.quant, p)) continue;
      t.quantized += copies * p.rows * p.cols;
      const Stored s = m.quant.experts_fp4 && p.part == Part::kExperts
                           ? fp4_experts(p.rows, p.cols)
                           : linear_storage(m.quant, p.rows, p.cols);
      t.stored.weight_elements += copies * s.weight_elements;
      t.stored.weight_bytes += copies * s.weight_bytes;
      t.stored.aux_elements += copies * s.aux_elements;
      t.stored.aux_bytes += copies * s.aux_bytes;
      t.stored.index_bytes += copies * s.index_bytes;
    }
  }
}

const char* format_name(Method m) {
  switch (m) {
    case Method::kNone:
      return "";
    case Method::kFp8:
      return "FP8";
    case Method::kMxfp4:
      return "MXFP4";
    case Method::kGptq:
      return "GPTQ";
    case Method::kAwq:
      return "AWQ";
    case Method::kBnb4:
      return "bitsandbytes 4-bit";
    case Method::kBnb8:
      return "bitsandbytes 8-bit";
    case Method::kIntPacked:
      return "compressed-tensors pack-quantized";
    case Method::kInt8:
      return "compressed-tensors int8";
    case Method::kNvfp4:
      return "compressed-tensors NVFP4";
  }
  return "";
}

}  // namespace

CheckpointSummary quantized_checkpoint(const ModelSpec& m) {
  CheckpointSummary c;
  if (m.quant.method == Method::kNone || m.kind == ModelKind::kParamsOnly) return c;
  const ParamBreakdown p = count_params(m);
  Tally t, mtp;
  std::vector<LayerSpec> scratch;
  add_layers(m, layers_of(m, scratch), t);
  add_layers(m, m.mtp_layers, mtp);
  c.mtp_bytes =
      2 * (p.mtp - mtp.quantized) + 2 * mtp.fp32 + mtp.stored.weight_bytes + mtp.stored.aux_bytes;
  t.quantized += mtp.quantized;
  t.stored.weight_elements += mtp.stored.weight_elements;
  t.stored.weight_bytes += mtp.stored.weight_bytes;
  t.stored.aux_elements += mtp.stored.aux_elements;
  t.stored.aux_bytes += mtp.stored.aux_bytes;
  t.stored.index_bytes += mtp.stored.index_bytes;
  t.fp32 += mtp.fp32;
  const uint64_t all = p.total + m.stored_extra_params;
  const uint64_t kept = all - t.quantized;  // stays BF16
  c.present = true;
  c.from_config = true;
  c.format = std::string(format_name(m.quant.method)) + " (quantization_config)";
  c.index_bytes = t.stored.index_bytes;
  c.params = kept + t.stored.weight_elements + t.stored.aux_elements;
  c.bytes =
      2 * kept + 2 * (t.fp32 + m.head_mix_params) + t.stored.weight_bytes + t.stored.aux_bytes;
  if (m.stored_extra_bytes) c.bytes += m.stored_extra_bytes - 2 * m.stored_extra_params;
  c.dtypes = group_digits(t.quantized) + " weights in " + group_digits(t.stored.weight_bytes) +
             " B, " + group_digits(t.stored.aux_elements) + " scales / zeros / indices in " +
             group_digits(t.stored.aux_bytes) + " B, BF16: " + group_digits(kept - t.fp32) +
             (t.fp32 ? ", F32: " + group_digits(t.fp32) + " router biases" : "");
  return c;
}

uint64_t stored_params(const ModelSpec& m) { return stored_params(m, count_params(m)); }

uint64_t stored_params(const ModelSpec& m, const ParamBreakdown& p) {
  if (m.checkpoint.present) return m.checkpoint.params;
  return p.total + m.stored_extra_params;
}

}  // namespace vramcalc
