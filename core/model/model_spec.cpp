// make_printable(): the one escaping rule (printable.h) over a model's text fields.
#include "model_spec.h"

#include "printable.h"

namespace vramcalc {

void make_printable(ModelSpec& m) {
  m.name = printable(m.name, kMaxNameBytes);
  m.model_type = printable(m.model_type, kMaxNameBytes);
  m.stored_extra_reason = printable(m.stored_extra_reason, kMaxLineBytes);
  m.checkpoint.format = printable(m.checkpoint.format, kMaxNameBytes);
  m.checkpoint.dtypes = printable(m.checkpoint.dtypes, kMaxLineBytes);
  m.adapter.description = printable(m.adapter.description, kMaxLineBytes);
  for (std::string& note : m.notes) note = printable(note, kMaxLineBytes);
}

}  // namespace vramcalc
