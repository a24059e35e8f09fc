// Checkpoint summaries and how they join a ModelSpec.
#include "checkpoint.h"

#include "param_count.h"
#include "term.h"

namespace vramcalc {

CheckpointSummary summarize_checkpoint(const TensorInventory& inv, std::string_view format) {
  CheckpointSummary c;
  c.present = true;
  c.format = std::string(format);
  c.params = inv.total_elements;
  c.bytes = inv.total_bytes;
  c.tensors = inv.tensors.size();
  for (const auto& d : inv.by_dtype) {
    c.dtypes += (c.dtypes.empty() ? "" : ", ") + d.dtype + ": " + group_digits(d.tensors) +
                " tensors, " + group_digits(d.elements) + " params";
  }
  return c;
}

ModelSpec model_from_checkpoint(const TensorInventory& inv, std::string_view format,
                                std::string_view name) {
  ModelSpec m;
  m.kind = ModelKind::kParamsOnly;
  m.model_type = "params";
  m.name = std::string(name);
  m.bare_params = inv.total_elements;
  m.checkpoint = summarize_checkpoint(inv, format);
  m.notes.push_back(std::string(format) +
                    " header only: drop the config.json too for KV cache and activations");
  make_printable(m);
  return m;
}

void attach_checkpoint(ModelSpec& m, const TensorInventory& inv, std::string_view format) {
  m.checkpoint = summarize_checkpoint(inv, format);
  const uint64_t counted = count_params(m).total;
  if (inv.total_elements != counted) {
    const bool more = inv.total_elements > counted;
    m.notes.push_back("checkpoint stores " + group_digits(inv.total_elements) +
                      " values, the config gives " + group_digits(counted) + " parameters (" +
                      (more ? "buffers, extra heads or scales are stored"
                            : "some tensors are missing from the files read") +
                      ")");
  }
  make_printable(m);
}

}  // namespace vramcalc
