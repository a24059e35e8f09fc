// The CLI's commands after parsing: each returns the process exit status and
// prints to stdout only on success (one line on stderr otherwise, via fail()).
#pragma once

#include <string>
#include <vector>

namespace vramcalc::cli {

// Prints "vramcalc: MESSAGE" (newlines flattened) on stderr; returns 1.
int fail(const std::string& message);

int run_params(const std::vector<std::string>& args);
int run_estimate(const std::vector<std::string>& args);  // also --solve and --sweep
int run_fit(const std::vector<std::string>& args);

}  // namespace vramcalc::cli
