// vramcalc CLI: `params MODEL`, `estimate MODEL [options]` (DESIGN.md contract) and
// `fit MODEL --gpu ID`. Output goes to stdout only on success; any failure prints
// one line on stderr and exits with status 1. The commands live in commands.cpp
// and fit_command.cpp.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "gpus.h"
#include "presets.h"
#include "usage.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty())
    return vramcalc::cli::fail("missing command (params, estimate or fit); see --help");
  const std::string cmd = args[0];
  args.erase(args.begin());
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs(vramcalc::cli::usage_text().c_str(), stdout);
    return 0;
  }
  if (cmd == "--list-presets") {
    for (const auto& p : vramcalc::all_presets()) std::printf("%s\t%s\n", p.id, p.name);
    return 0;
  }
  if (cmd == "--list-gpus") {
    // id, name, nominal bytes, usable bytes (what the runtime sees), class, source;
    // words after it filter by id and name ("--list-gpus rtx 40").
    std::string query;
    for (const auto& a : args) query += (query.empty() ? "" : " ") + a;
    for (const vramcalc::GpuInfo* g : vramcalc::search_gpus(query)) {
      std::printf("%s\t%s\t%llu\t%llu\t%s\t%s\n", g->id, g->name,
                  static_cast<unsigned long long>(g->memory_bytes),
                  static_cast<unsigned long long>(g->usable_bytes), vramcalc::to_string(g->kind),
                  g->source);
    }
    return 0;
  }
  using namespace vramcalc::cli;
  if (cmd == "params") return run_params(args);
  if (cmd == "estimate") return run_estimate(args);
  if (cmd == "fit") return run_fit(args);
  return fail("unknown command '" + cmd + "' (use params, estimate or fit; see --help)");
}
