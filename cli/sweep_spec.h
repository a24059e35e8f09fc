// `--sweep KEY=SPEC`: the values one option takes across a sweep (README "Sweeps").
//   KEY=A..B        A, 2A, 4A, ... while below B, then B (doubling)
//   KEY=A..B:S      A, A+S, A+2S, ... while below B, then B
//   KEY=A..B:xF     A, A*F, A*F^2, ... while below B, then B
//   KEY=V1,V2,...   exactly these values, in this order
// Numbers are whole, with an optional k (x1024) or m (x1048576) suffix: 1k..128k.
// KEY is a count option of core's table (seq, batch, gpus, tp, lora-rank, ...).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "status.h"

namespace vramcalc::cli {

constexpr size_t kMaxSweepPoints = 4096;  // in one sweep and in the product of all

struct SweepAxisSpec {
  std::string key;               // option name without dashes
  std::vector<uint64_t> values;  // in sweep order, at least one
};

// Parses "seq=1k..128k"; the error names the --sweep text and what is wrong.
Result<SweepAxisSpec> parse_sweep(const std::string& text);

}  // namespace vramcalc::cli
