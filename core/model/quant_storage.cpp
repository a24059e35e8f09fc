// quantized_checkpoint(): the same pieces count_params() sums (layer_params.h),
// each priced in the format the quantization_config gives it.
#include "quant_storage.h"

#include "layer_params.h"
#include "param_count.h"
#include "term.h"

namespace vramcalc {

namespace {

uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

struct Tally {
  uint64_t quantized = 0;  // weights in the quantized format
  uint64_t scales = 0;     // scale elements
  uint64_t scale_bytes = 0;
  uint64_t weight_bytes = 0;     // of the quantized weights
  uint64_t stored_elements = 0;  // elements of the quantized weights as stored
  uint64_t fp32 = 0;             // kept elements stored in FP32
};

bool quantized(const QuantSpec& q, const Piece& p) {
  if (!p.linear || p.keeps_dtype) return false;
  if (q.method == QuantSpec::Method::kMxfp4) return p.part == Part::kExperts;
  return !(p.part == Part::kAttention && q.attention_kept);
}

void add_layers(const ModelSpec& m, const std::vector<LayerSpec>& runs, Tally& t) {
  for (const LayerSpec& l : runs) {
    Piece pieces[kMaxPieces];
    const int n = layer_pieces(m, l, pieces);
    for (int i = 0; i < n; ++i) {
      const Piece& p = pieces[i];
      if (p.fp32) t.fp32 += l.repeat * p.copies * p.rows * p.cols;
      if (!quantized(m.quant, p)) continue;
      const uint64_t copies = l.repeat * p.copies, elements = copies * p.rows * p.cols;
      t.quantized += elements;
      const QuantSpec& q = m.quant;
      if (q.method == QuantSpec::Method::kInt) {
        // Packed bits (qweight int32), an FP16 scale and (GPTQ, AWQ) a packed zero
        // point per output row and group of input columns.
        const uint64_t groups = copies * p.rows * (q.group ? ceil_div(p.cols, q.group) : 1);
        t.weight_bytes += ceil_div(elements * q.bits, 8);
        t.stored_elements += ceil_div(elements * q.bits, 32);
        t.scales += groups;
        t.scale_bytes += 2 * groups + (q.zeros ? ceil_div(groups * q.bits, 8) : 0);
      } else if (q.method == QuantSpec::Method::kBnb4) {
        // 4-bit codes, absmax per 64: FP32, or double-quantized (8-bit + FP32 per 256).
        t.weight_bytes += ceil_div(elements, 2);
        t.stored_elements += ceil_div(elements, 2);
        t.scales += ceil_div(elements, 64);
        t.scale_bytes += q.double_quant ? nf4_constant_bytes(elements) : 4 * ceil_div(elements, 64);
      } else if (q.method == QuantSpec::Method::kMxfp4) {
        // 4-bit blocks of 32 (16 bytes) and one E8M0 scale byte per block, as U8.
        const uint64_t blocks = copies * p.rows * ceil_div(p.cols, 32);
        t.weight_bytes += 16 * blocks;
        t.stored_elements += 16 * blocks;
        t.scales += blocks;
        t.scale_bytes += blocks;
      } else {
        // FP8 E4M3 weights; weight_scale_inv F32 per [block_out x block_in] block.
        const uint64_t s = m.quant.block_out ? copies * ceil_div(p.rows, m.quant.block_out) *
                                                   ceil_div(p.cols, m.quant.block_in)
                                             : copies;
        t.weight_bytes += elements;
        t.stored_elements += elements;
        t.scales += s;
        t.scale_bytes += 4 * s;
      }
    }
  }
}

}  // namespace

CheckpointSummary quantized_checkpoint(const ModelSpec& m) {
  CheckpointSummary c;
  if (m.quant.method == QuantSpec::Method::kNone || m.kind == ModelKind::kParamsOnly) return c;
  const ParamBreakdown p = count_params(m);
  Tally t, mtp;
  std::vector<LayerSpec> scratch;
  add_layers(m, layers_of(m, scratch), t);
  add_layers(m, m.mtp_layers, mtp);
  c.mtp_bytes = 2 * (p.mtp - mtp.quantized) + 2 * mtp.fp32 + mtp.weight_bytes + mtp.scale_bytes;
  t.quantized += mtp.quantized;
  t.scales += mtp.scales;
  t.scale_bytes += mtp.scale_bytes;
  t.weight_bytes += mtp.weight_bytes;
  t.stored_elements += mtp.stored_elements;
  t.fp32 += mtp.fp32;
  const uint64_t all = p.total + m.stored_extra_params;
  const uint64_t kept = all - t.quantized;  // stays BF16
  c.present = true;
  c.from_config = true;
  c.params = kept + t.stored_elements + t.scales;
  c.bytes = 2 * kept + 2 * t.fp32 + t.weight_bytes + t.scale_bytes;
  std::string weights, scales;
  switch (m.quant.method) {
    case QuantSpec::Method::kFp8:
      weights = "F8_E4M3";
      scales = "F32";
      break;
    case QuantSpec::Method::kMxfp4:
      weights = "MXFP4 blocks (U8)";
      scales = "E8M0 (U8)";
      break;
    case QuantSpec::Method::kInt:
      weights = "INT" + std::to_string(m.quant.bits) + " packed";
      scales = m.quant.zeros ? "F16 + packed zero points" : "F16";
      break;
    default:
      weights = "bitsandbytes 4-bit";
      scales = m.quant.double_quant ? "double-quantized absmax" : "F32 absmax";
  }
  c.format = weights + " (quantization_config)";
  c.dtypes = weights + ": " + group_digits(t.quantized) + " weights, " + scales + ": " +
             group_digits(t.scales) + " scales, BF16: " + group_digits(kept - t.fp32) +
             (t.fp32 ? ", F32: " + group_digits(t.fp32) + " router biases" : "");
  return c;
}

uint64_t stored_params(const ModelSpec& m) {
  if (m.checkpoint.present) return m.checkpoint.params;
  const ParamBreakdown p = count_params(m);
  return p.total + m.stored_extra_params;
}

}  // namespace vramcalc
