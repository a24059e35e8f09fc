// JSON and text renderings of models, inputs and estimates. Key names are the
// DESIGN.md contract; nlohmann::ordered_json keeps them in a readable order.
#include "report.h"

#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "quant_storage.h"
#include "term.h"

namespace vramcalc {

namespace {

using OJson = nlohmann::ordered_json;

std::string dump(const OJson& j) { return j.dump(-1, ' ', false, OJson::error_handler_t::replace); }

const char* kind_name(ModelKind k) {
  switch (k) {
    case ModelKind::kParamsOnly:
      return "params_only";
    case ModelKind::kDecoder:
      return "decoder";
    case ModelKind::kEncoder:
      return "encoder";
  }
  return "?";
}

OJson model_object(const ModelSpec& m) {
  OJson j;
  j["name"] = m.name;
  j["model_type"] = m.model_type;
  j["kind"] = kind_name(m.kind);
  if (m.kind == ModelKind::kParamsOnly) {
    j["params"] = m.bare_params;
  } else {
    j["vocab_size"] = m.vocab_size;
    j["hidden_size"] = m.hidden_size;
    j["num_layers"] = m.num_layers;
    j["num_heads"] = m.num_heads;
    j["num_kv_heads"] = m.num_kv_heads;
    j["head_dim"] = m.head_dim;
    j["intermediate_size"] = m.intermediate_size;
    j["max_position_embeddings"] = m.max_position_embeddings;
    j["sliding_window"] = m.sliding_window;
    j["tied_embeddings"] = m.tied_embeddings;
  }
  j["notes"] = m.notes;
  return j;
}

}  // namespace

std::string model_json(const ModelSpec& model) { return dump(model_object(model)); }

std::string params_json(const ModelSpec& model, const ParamBreakdown& p) {
  OJson j;
  j["total_params"] = p.total;
  j["active_params"] = p.active;
  j["active_params_without_embeddings"] = p.active_no_embedding;
  if (model.stored_extra_params > 0 || model.checkpoint.from_config) {
    j["stored_params"] = stored_params(model, p);
    std::string reason = model.stored_extra_reason;
    if (model.checkpoint.from_config) {
      reason +=
          (reason.empty() ? "" : "; ") + model.checkpoint.format + ": " + model.checkpoint.dtypes;
    }
    j["stored_params_reason"] = reason;
  }
  j["breakdown"] = {{"embedding", p.embedding}, {"attention", p.attention},
                    {"recurrent", p.recurrent}, {"mlp", p.mlp},
                    {"experts", p.experts},     {"norms", p.norms},
                    {"head", p.head},           {"other", p.other},
                    {"towers", p.towers},       {"mtp", p.mtp}};
  j["model"] = model_object(model);
  return dump(j);
}

std::string estimate_json(const Estimate& e) {
  OJson j;
  j["total_bytes"] = e.total_bytes;
  j["per_gpu_bytes"] = e.per_gpu_bytes;
  if (e.gpu_memory_bytes > 0) {
    j["gpu_memory_bytes"] = e.gpu_memory_bytes;
    j["fits"] = e.fits;
  }
  OJson comps = OJson::object();
  for (const auto& c : e.components) comps[to_string(c.id)] = c.bytes;
  j["components"] = comps;
  j["params"] = {
      {"total", e.params.total}, {"trainable", e.params.trainable}, {"active", e.params.active}};
  const RuntimeDetails& r = e.runtime;
  if (r.budget_bytes || r.host_bytes || r.gpu_layers) {
    j["runtime"] = {
        {"budget_bytes", r.budget_bytes}, {"kv_blocks", r.kv_blocks},
        {"kv_tokens", r.kv_tokens},       {"max_concurrent_seqs", r.max_concurrent_seqs},
        {"host_bytes", r.host_bytes},     {"host_compute_bytes", r.host_compute_bytes},
        {"output_bytes", r.output_bytes}, {"gpu_layers", r.gpu_layers}};
    if (r.max_concurrency > 0) j["runtime"]["max_concurrency"] = r.max_concurrency;
    if (r.cuda_graph_bytes) j["runtime"]["cuda_graph_bytes"] = r.cuda_graph_bytes;
    if (!r.failure.empty()) j["runtime"]["failure"] = r.failure;
    const RuntimeDetails::Ollama& o = r.ollama;
    if (o.layers_model) {
      OJson ol = {{"num_ctx", o.num_ctx},
                  {"num_parallel", o.num_parallel},
                  {"layers.offload", o.layers_offload},
                  {"layers.model", o.layers_model}};
      for (const auto& [key, bytes] : o.memory()) ol[key] = bytes;
      j["runtime"]["ollama"] = ol;
    }
  }
  // Added key (DESIGN.md: extend, never break): what each GPU holds; the
  // components above are those of gpu_shares[busiest_gpu].
  OJson shares = OJson::array();
  for (const GpuShare& s : e.gpu_shares) {
    OJson sc = OJson::object();
    for (int i = 0; i < kComponentCount; ++i) sc[to_string(static_cast<Component>(i))] = s.bytes[i];
    shares.push_back({{"stage", s.stage},
                      {"device", s.device},
                      {"first_layer", s.first_layer},
                      {"last_layer", s.last_layer},
                      {"gpus", s.gpus},
                      {"bytes", s.total},
                      {"components", sc}});
  }
  j["gpu_shares"] = shares;
  j["busiest_gpu"] = e.busiest_share;
  OJson details = OJson::array();
  for (const auto& c : e.components) {
    details.push_back({{"id", to_string(c.id)},
                       {"name", display_name(c.id)},
                       {"bytes", c.bytes},
                       {"known", c.known},
                       {"formula", c.formula},
                       {"assumption", c.assumption}});
  }
  j["details"] = details;
  j["notes"] = e.notes;
  return dump(j);
}

std::string workload_json(const Workload& w, const Hardware& h) {
  const DType kv = w.kv_dtype.value_or(w.weight_dtype);
  OJson j;
  j["mode"] = to_string(w.mode);
  j["batch"] = w.batch;
  j["seq"] = w.seq;
  std::string ftype = w.gguf_file_type;
  for (char& ch : ftype) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  j["weight-dtype"] = ftype.empty() ? dtype_info(w.weight_dtype).id : ftype;
  j["kv-dtype"] = w.kv_dtype ? OJson(dtype_info(kv).id) : OJson(nullptr);
  j["runtime"] = to_string(w.runtime);
  j["precision"] = to_string(w.precision);
  j["optimizer"] = to_string(w.optimizer);
  j["method"] = to_string(w.method);
  j["lora-rank"] = w.lora_rank;
  j["checkpointing"] = to_string(w.checkpointing);
  j["attention"] = to_string(w.attention);
  j["gpu"] = h.gpu_id.empty() ? OJson(nullptr) : OJson(h.gpu_id);
  j["gpus"] = h.gpus;
  j["zero"] = h.zero_stage;
  j["tp"] = h.tp;
  j["pp"] = h.pp;
  j["offload"] = to_string(h.offload);
  j["overhead-bytes"] = w.overhead_bytes;
  j["gpu-memory-bytes"] = h.gpu_memory_bytes;
  j["textbook"] = w.textbook;
  j["cuda-context"] = w.cuda_context;
  j["gpu-memory-utilization"] = static_cast<double>(w.gpu_memory_utilization_permille) / 1000.0;
  j["max-num-seqs"] = w.max_num_seqs;
  j["max-num-batched-tokens"] = w.max_num_batched_tokens;
  j["block-size"] = w.block_size;
  j["speculative-tokens"] = w.speculative_tokens;
  j["gpu-layers"] = w.gpu_layers == UINT64_MAX ? OJson(nullptr) : OJson(w.gpu_layers);
  j["ubatch"] = w.ubatch;
  j["flash-attn"] = to_string(w.flash_attn);
  j["n-cpu-moe"] = w.n_cpu_moe;
  j["num-ctx"] = w.num_ctx;
  std::string split;
  for (uint64_t v : w.tensor_split) split += (split.empty() ? "" : ",") + std::to_string(v);
  j["tensor-split"] = split;
  j["kv-unified"] = w.kv_unified;
  j["imatrix"] = w.gguf_imatrix;
  j["generate"] = w.generate_tokens;
  return dump(j);
}

std::string format_bytes(uint64_t bytes, Units units) {
  const double div = units == Units::kGB ? 1e9 : 1073741824.0;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f %s", static_cast<double>(bytes) / div,
                units == Units::kGB ? "GB" : "GiB");
  return buf;
}

std::string estimate_text(const Estimate& e, Units units) {
  std::string out;
  for (const auto& c : e.components) {
    if (c.bytes == 0 && c.known) continue;
    out += std::string(display_name(c.id)) + ": " +
           (c.known ? format_bytes(c.bytes, units) + " = " + c.formula
                    : "unknown (" + c.assumption + ")") +
           "\n";
  }
  out += "Total per GPU: " + format_bytes(e.per_gpu_bytes, units);
  out += " (" + std::to_string(e.per_gpu_bytes) + " bytes)\n";
  if (e.gpu_shares.size() > 1) {
    for (size_t i = 0; i < e.gpu_shares.size(); ++i) {
      const GpuShare& s = e.gpu_shares[i];
      out += "  " + s.device + ", layers " + std::to_string(s.first_layer) + "-" +
             std::to_string(s.last_layer ? s.last_layer - 1 : 0) + ": " +
             format_bytes(s.total, units) + " per GPU" +
             (i == e.busiest_share ? " (busiest)" : "") + "\n";
    }
  }
  if (e.runtime.budget_bytes > 0) {
    out += "vLLM KV cache: " + std::to_string(e.runtime.kv_blocks) +
           " blocks = " + std::to_string(e.runtime.kv_tokens) + " tokens, " +
           std::to_string(e.runtime.max_concurrent_seqs) + " sequences at once\n";
  }
  if (e.runtime.host_bytes > 0) {
    out +=
        "Host memory (offloaded or not on the GPU): " + format_bytes(e.runtime.host_bytes, units) +
        "\n";
  }
  if (e.gpu_memory_bytes > 0) {
    out += std::string(e.fits ? "Fits" : "Does not fit") + " in " +
           format_bytes(e.gpu_memory_bytes, units) + " per GPU";
    if (e.gpu_shares.size() > 1)
      out += " (decided by " + e.gpu_shares[e.busiest_share].device + ")";
    out += "\n";
  }
  return out;
}

}  // namespace vramcalc
