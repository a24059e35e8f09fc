// Inference over several GPUs: splits the whole-model components a runtime
// computed into one share per pipeline stage (gpu_shares.h says what a
// tensor-parallel rank of a stage holds), then makes the busiest GPU's share the
// estimate's components. Runtimes that plan per GPU themselves (vLLM) fill
// Estimate::gpu_shares directly and only the second half runs.
#include <algorithm>

#include "estimate_parts.h"
#include "gpu_shares.h"

namespace vramcalc::detail {

namespace {

__extension__ typedef unsigned __int128 Wide;  // GCC, Clang and Emscripten have it

std::string gpu_range(uint64_t first, uint64_t count) {
  return count == 1 ? "GPU " + std::to_string(first)
                    : "GPUs " + std::to_string(first) + "-" + std::to_string(first + count - 1);
}

// Appends the split to a component's formula so its text still yields its bytes.
void note_split(Estimate& e, Component c, uint64_t num, uint64_t den, const std::string& what) {
  ComponentEstimate& ce = e.components[static_cast<int>(c)];
  if (ce.bytes == 0 || num == den) return;
  ce.formula =
      "(" + ce.formula + ") × " + group_digits(num) + " / " + group_digits(den) + " (" + what + ")";
}

}  // namespace

uint64_t scaled(uint64_t bytes, uint64_t num, uint64_t den) {
  if (den == 0 || bytes == UINT64_MAX) return bytes;
  return static_cast<uint64_t>(static_cast<Wide>(bytes) * num / den);
}

uint64_t weights_share(const Context& c, uint64_t whole, const RankShare& r, const RankShare& all) {
  const uint64_t lb = quantized_linear_bytes(c);
  if (lb == 0 || lb > whole || all.linear == 0 || all.linear >= all.params) {
    return scaled(whole, r.params, all.params);
  }
  return scaled(lb, r.linear, all.linear) +
         scaled(whole - lb, r.params - r.linear, all.params - all.linear);
}

std::string stage_device(uint64_t stage, uint64_t tp) { return gpu_range(stage * tp, tp); }

void split_over_gpus(const Context& c, Estimate& e) {
  const uint64_t tp = c.hw.tp, pp = c.hw.pp;
  const uint64_t replicas = c.hw.gpus / (tp * pp);
  const bool split = c.w.mode == Mode::kInference && tp * pp > 1;
  if (!split) {
    GpuShare& s = e.gpu_shares.emplace_back();  // in place: a reused Estimate copies nothing
    s.last_layer = c.model.num_layers;
    s.gpus = c.hw.gpus;
    if (c.text()) {
      s.device = c.hw.gpus == 1 ? "GPU 0" : "every GPU (" + gpu_range(0, c.hw.gpus) + ")";
    }
    for (int i = 0; i < kComponentCount; ++i) s.bytes[i] = e.components[i].bytes;
    return;
  }
  auto at = [&](Component k) { return e.at(k).bytes; };
  const std::vector<StageLayers> stages = pipeline_stages(c.model.num_layers, pp);
  const RankShare all = rank_share(c.model, {0, c.model.num_layers}, true, true, 1);
  for (size_t k = 0; k < pp; ++k) {
    const bool first = k == 0, last = k + 1 == pp;
    GpuShare s;
    s.stage = k;
    s.first_layer = stages[k].first;
    s.last_layer = stages[k].last;
    s.gpus = tp * replicas;
    if (c.text()) s.device = "stage " + std::to_string(k) + " (" + stage_device(k, tp) + ")";
    for (int i = 0; i < kComponentCount; ++i) s.bytes[i] = e.components[i].bytes;
    auto& b = s.bytes;
    if (c.arch_known) {
      const RankShare r = rank_share(c.model, stages[k], first, last, tp);
      b[static_cast<int>(Component::kWeights)] = weights_share(c, at(Component::kWeights), r, all);
      b[static_cast<int>(Component::kKVCache)] =
          scaled(at(Component::kKVCache), r.kv_elements, all.kv_elements);
      b[static_cast<int>(Component::kState)] =
          scaled(at(Component::kState), r.recurrent_layers, all.recurrent_layers * tp);
    } else {
      b[static_cast<int>(Component::kWeights)] = scaled(at(Component::kWeights), 1, tp * pp);
    }
    b[static_cast<int>(Component::kActivations)] = scaled(at(Component::kActivations), 1, tp);
    b[static_cast<int>(Component::kLogits)] = last ? scaled(at(Component::kLogits), 1, tp) : 0;
    e.gpu_shares.push_back(s);
  }
}

void settle_shares(const Context& c, Estimate& e, bool from_split) {
  size_t busiest = 0;
  for (size_t i = 0; i < e.gpu_shares.size(); ++i) {
    GpuShare& s = e.gpu_shares[i];
    bool overflow = false;
    s.total = 0;
    for (uint64_t b : s.bytes)
      s.total = b == UINT64_MAX ? UINT64_MAX : checked_add(s.total, b, overflow);
    if (overflow) s.total = UINT64_MAX;
    if (s.total > e.gpu_shares[busiest].total) busiest = i;
  }
  e.busiest_share = busiest;
  const bool split = c.w.mode == Mode::kInference && c.hw.tp * c.hw.pp > 1;
  if (from_split && !split) return;  // one share: the components already hold it
  const GpuShare& s = e.gpu_shares[busiest];
  if (!c.text()) {
    for (int i = 0; i < kComponentCount; ++i) e.components[i].bytes = s.bytes[i];
    return;
  }
  const uint64_t tp = c.hw.tp;
  const RankShare all =
      c.arch_known ? rank_share(c.model, {0, c.model.num_layers}, true, true, 1) : RankShare{};
  const RankShare r = c.arch_known ? rank_share(c.model, {s.first_layer, s.last_layer},
                                                s.stage == 0, s.stage + 1 == c.hw.pp, tp)
                                   : RankShare{};
  const std::string where = s.device;
  if (from_split) {
    if (c.arch_known && quantized_linear_bytes(c) > 0) {
      ComponentEstimate& w = e.components[static_cast<int>(Component::kWeights)];
      w.formula = "(" + w.formula + ") split on one GPU of " + where + ": linear × " +
                  group_digits(r.linear) + " / " + group_digits(all.linear) + ", the rest × " +
                  group_digits(r.params - r.linear) + " / " + group_digits(all.params - all.linear);
    } else {
      note_split(e, Component::kWeights, c.arch_known ? r.params : 1,
                 c.arch_known ? all.params : tp * c.hw.pp, "parameters on one GPU of " + where);
    }
    note_split(e, Component::kKVCache, r.kv_elements, all.kv_elements,
               "KV elements per token on one GPU of " + where);
    note_split(e, Component::kState, r.recurrent_layers, all.recurrent_layers * tp,
               "recurrent layers of " + where + " / tp");
    note_split(e, Component::kActivations, 1, tp, "tensor parallel: intermediates split");
    note_split(e, Component::kLogits, 1, tp, "vocabulary-parallel LM head");
  }
  for (int i = 0; i < kComponentCount; ++i) {
    ComponentEstimate& ce = e.components[i];
    if (ce.bytes != s.bytes[i] && s.bytes[i] == 0 && ce.bytes != 0) {
      ce.formula = "0 (not on " + where + ")";
    }
    ce.bytes = s.bytes[i];
  }
  if (!split && e.gpu_shares.size() == 1) return;
  e.notes.push_back("busiest GPU: " + where + ", layers " + std::to_string(s.first_layer) + "-" +
                    std::to_string(s.last_layer ? s.last_layer - 1 : 0) + " of " +
                    std::to_string(c.model.num_layers));
}

}  // namespace vramcalc::detail
