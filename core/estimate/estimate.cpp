// estimate(): validates, dispatches to the inference or training formulas, then
// sums the components and checks that nothing overflowed.
#include "estimate.h"

#include "cuda_context.h"
#include "estimate_parts.h"
#include "gpus.h"

namespace vramcalc {

const char* to_string(Component c) {
  switch (c) {
    case Component::kWeights:
      return "weights";
    case Component::kKVCache:
      return "kv_cache";
    case Component::kState:
      return "state";
    case Component::kActivations:
      return "activations";
    case Component::kLogits:
      return "logits";
    case Component::kGradients:
      return "gradients";
    case Component::kOptimizer:
      return "optimizer";
    case Component::kMasterWeights:
      return "master_weights";
    case Component::kAdapters:
      return "adapters";
    case Component::kOverhead:
      return "overhead";
  }
  return "?";
}

const char* display_name(Component c) {
  switch (c) {
    case Component::kWeights:
      return "Weights";
    case Component::kKVCache:
      return "KV cache";
    case Component::kState:
      return "Recurrent state";
    case Component::kActivations:
      return "Activations";
    case Component::kLogits:
      return "Logits";
    case Component::kGradients:
      return "Gradients";
    case Component::kOptimizer:
      return "Optimizer states";
    case Component::kMasterWeights:
      return "Master weights";
    case Component::kAdapters:
      return "Adapters (LoRA)";
    case Component::kOverhead:
      return "Framework overhead";
  }
  return "?";
}

namespace detail {

void set(Estimate& e, Component c, const Term& t, std::string_view assumption) {
  ComponentEstimate& ce = e.components[static_cast<int>(c)];
  ce.bytes = t.value();
  ce.known = true;
  if (e.detail == Detail::kNumbers) return;
  ce.formula = t.text();
  ce.assumption = assumption;
}

void set_unknown(Estimate& e, Component c, std::string_view why) {
  ComponentEstimate& ce = e.components[static_cast<int>(c)];
  ce.bytes = 0;
  ce.known = false;
  if (e.detail == Detail::kNumbers) return;
  ce.formula = "unknown";
  ce.assumption = why;
}

void assume(Estimate& e, Component c, std::string_view assumption) {
  if (e.detail == Detail::kText) e.components[static_cast<int>(c)].assumption = assumption;
}

void note(Estimate& e, std::string_view line) {
  if (e.detail == Detail::kText) e.notes.emplace_back(line);
}

DType compute_dtype(DType weights) {
  switch (weights) {
    case DType::kFP32:
    case DType::kFP16:
    case DType::kBF16:
      return weights;
    default:
      return DType::kBF16;
  }
}

uint64_t mlp_width_per_token(const ModelSpec& m) {
  const uint64_t dense = m.moe.moe_layers < m.num_layers ? m.intermediate_size : 0;
  const uint64_t routed = m.moe.moe_layers ? m.moe.experts_per_token * m.moe.expert_intermediate +
                                                 m.moe.shared_intermediate
                                           : 0;
  return dense > routed ? dense : routed;
}

}  // namespace detail

namespace {

// Back to a fresh estimate's values, keeping the storage of its strings and vectors.
void reset(Estimate& e, Detail detail) {
  for (int i = 0; i < kComponentCount; ++i) {
    ComponentEstimate& c = e.components[i];
    c.id = static_cast<Component>(i);
    c.bytes = 0;
    c.known = true;
    c.formula.clear();
    c.assumption.clear();
    if (detail == Detail::kText) {
      c.formula = "0";
      c.assumption = "not used in this mode";
    }
  }
  e.gpu_shares.clear();
  e.busiest_share = 0;
  e.per_gpu_bytes = e.total_bytes = e.gpu_memory_bytes = 0;
  e.fits = false;
  e.params = {};
  std::string failure = std::move(e.runtime.failure);
  failure.clear();
  e.runtime = {};
  e.runtime.failure = std::move(failure);
  e.notes.clear();
  e.detail = detail;
}

}  // namespace

Result<Estimate> estimate(const ModelSpec& model, const Workload& workload,
                          const Hardware& hardware) {
  Estimate e;
  if (auto err = estimate_into(e, model, workload, hardware, Detail::kText)) return *err;
  return e;
}

Result<CountedModel> count_model(const ModelSpec& model) {
  if (auto err = check_model_bounds(model)) return *err;
  return CountedModel{&model, count_params(model)};
}

namespace {

// estimate_into() once the workload is validated and the model counted.
std::optional<Error> estimate_validated(Estimate& e, const CountedModel& counted,
                                        const Workload& workload, const Hardware& hardware,
                                        Detail detail);

}  // namespace

std::optional<Error> estimate_into(Estimate& e, const ModelSpec& model, const Workload& workload,
                                   const Hardware& hardware, Detail detail) {
  if (auto err = validate(workload, hardware)) return err;  // before the model, as always
  Result<CountedModel> counted = count_model(model);
  if (!counted.ok()) return counted.error();
  return estimate_validated(e, counted.value(), workload, hardware, detail);
}

std::optional<Error> estimate_into(Estimate& e, const CountedModel& counted,
                                   const Workload& workload, const Hardware& hardware,
                                   Detail detail) {
  if (auto err = validate(workload, hardware)) return err;
  return estimate_validated(e, counted, workload, hardware, detail);
}

namespace {

std::optional<Error> estimate_validated(Estimate& e, const CountedModel& counted,
                                        const Workload& workload, const Hardware& hardware,
                                        Detail detail) {
  const ModelSpec& model = *counted.model;
  // Every pipeline stage holds at least one layer (vLLM's get_pp_indices, Megatron),
  // so there are never more stages than layers.
  if (model.kind != ModelKind::kParamsOnly && hardware.pp > model.num_layers) {
    return make_error(ErrorCode::kInvalidOption,
                      "option --pp (" + std::to_string(hardware.pp) + ") exceeds the model's " +
                          std::to_string(model.num_layers) +
                          " layers: each pipeline stage needs at least one");
  }
  const Runtime rt = workload.textbook ? Runtime::kGeneric : workload.runtime;
  // The hf runtime's measured-peak model is built from its named parts (texts and
  // all); it writes them either way.
  if (rt == Runtime::kHF) detail = Detail::kText;
  if ((rt == Runtime::kVLLM || rt == Runtime::kLlamaCpp || rt == Runtime::kOllama) &&
      workload.mode == Mode::kTraining) {
    return make_error(
        ErrorCode::kInvalidOption,
        std::string("option --runtime: '") + to_string(rt) + "' serves models; it does not train");
  }
  detail::Context ctx{
      model, workload, hardware, counted.params, 0, model.kind != ModelKind::kParamsOnly, detail};
  // Runtimes load MTP layers only to draft tokens (speculative decoding).
  ctx.P = workload.textbook ? textbook_params(model) : ctx.params.total - ctx.params.mtp;

  reset(e, detail);
  if (rt == Runtime::kVLLM) {
    if (auto err = detail::estimate_vllm(ctx, e)) return err;
  } else if (rt == Runtime::kLlamaCpp) {
    if (auto err = detail::estimate_llamacpp(ctx, e)) return err;
  } else if (rt == Runtime::kOllama) {
    if (auto err = detail::estimate_ollama(ctx, e)) return err;
  } else if (rt == Runtime::kHF) {
    if (workload.mode == Mode::kInference) {
      detail::estimate_hf_inference(ctx, e);
    } else {
      detail::estimate_hf_training(ctx, e);
    }
  } else if (workload.mode == Mode::kInference) {
    detail::estimate_inference(ctx, e);
  } else {
    detail::estimate_training(ctx, e);
  }
  // Bytes every GPU holds outside the model: the user's overhead, else (generic and
  // hf, whose formulas stop at torch's allocations) the CUDA context.
  uint64_t per_gpu_extra = workload.overhead_bytes;
  if (per_gpu_extra > 0) {
    detail::set(e, Component::kOverhead, ctx.term().times(per_gpu_extra, "B"),
                "framework overhead given by the user (CUDA context, kernels, allocator)");
  } else if (e.at(Component::kOverhead).bytes == 0) {  // a runtime may reserve its own
    const bool with_context = workload.cuda_context && runtime_leaves_cuda_context(workload);
    const GpuInfo* gpu =
        with_context && !hardware.gpu_id.empty() ? find_gpu(hardware.gpu_id) : nullptr;
    per_gpu_extra = gpu == nullptr ? 0 : cuda_context_bytes(*gpu);
    if (per_gpu_extra > 0) {
      detail::set(e, Component::kOverhead, ctx.term().times(per_gpu_extra, "B"),
                  e.detail == Detail::kText ? cuda_context_basis(*gpu) : std::string());
    } else if (e.detail == Detail::kText) {
      detail::assume(e, Component::kOverhead,
                     gpu != nullptr ? cuda_context_basis(*gpu)
                     : with_context ? "left out: the CUDA context is counted for a GPU from the "
                                      "catalog (set an overhead to include it)"
                                    : "left out (set an overhead to include the CUDA context "
                                      "and allocator reserve)");
    }
  }

  // A runtime that planned per GPU left the overhead out of its shares: every GPU has it.
  for (GpuShare& s : e.gpu_shares) {
    if (per_gpu_extra > 0) s.bytes[static_cast<int>(Component::kOverhead)] = per_gpu_extra;
  }
  const bool from_split = e.gpu_shares.empty();
  if (from_split) detail::split_over_gpus(ctx, e);
  detail::settle_shares(ctx, e, from_split);
  bool overflow = false;
  for (const auto& c : e.components) {
    if (c.bytes == UINT64_MAX) overflow = true;
    e.per_gpu_bytes = checked_add(e.per_gpu_bytes, c.bytes, overflow);
  }
  uint64_t total = 0;
  for (const GpuShare& s : e.gpu_shares) {
    uint64_t t = 0;
    if (mul_overflows(s.total, s.gpus, &t)) overflow = true;
    total = checked_add(total, t, overflow);
  }
  if (overflow) {
    return make_error(
        ErrorCode::kInvalidOption,
        "estimate exceeds 2^64 bytes: batch, seq or the model size is absurdly large");
  }
  e.total_bytes = total;
  e.gpu_memory_bytes = hardware.gpu_memory_bytes;
  e.fits = hardware.gpu_memory_bytes > 0 && e.per_gpu_bytes <= hardware.gpu_memory_bytes &&
           !e.runtime.refused;
  e.params.total = ctx.params.total;
  e.params.active = ctx.params.active;
  if (workload.textbook) {
    detail::note(e, "textbook mode: REFERENCE.md's simplified formulas (big matrices only)");
  }
  if (!ctx.arch_known) {
    detail::note(
        e, "only a parameter count is known: KV cache, activations and logits need a config.json");
  }
  for (const auto& n : model.notes) detail::note(e, n);
  return std::nullopt;
}

}  // namespace

}  // namespace vramcalc
