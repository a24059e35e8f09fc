// The options of `estimate` and `fit`, parsed once: core's option table
// (apply_option) plus the CLI's own (--format/--json, --units, --solve, --sweep).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "estimate.h"
#include "report.h"
#include "status.h"
#include "sweep_spec.h"
#include "tables.h"

namespace vramcalc::cli {

struct CliArgs {
  std::string model;  // the MODEL argument
  Workload workload;
  Hardware hardware;
  Format format = Format::kTable;
  Units units = Units::kGB;
  std::string solve;                  // "", "batch" or "seq"
  std::vector<SweepAxisSpec> sweeps;  // in the order given (the first varies slowest)
  std::set<std::string> given;        // core option keys set on the command line
};

// Parses `args` (after the command word); the error is the one line to print.
Result<CliArgs> parse_args(const std::vector<std::string>& args, const std::string& command);

}  // namespace vramcalc::cli
