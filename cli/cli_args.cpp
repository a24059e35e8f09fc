// Command-line parsing shared by `estimate` and `fit` (cli_args.h). Options take
// "--key value" or "--key=value"; --json is --format json, kept for the contract.
#include "cli_args.h"

namespace vramcalc::cli {
namespace {

// Options that take a value: core's option table plus the CLI's own.
bool known_option(const std::string& key) {
  if (key == "solve" || key == "units" || key == "format" || key == "sweep") return true;
  for (const OptionInfo& o : all_options()) {
    if (key == o.key) return true;
  }
  return false;
}

Error bad(const std::string& message) { return make_error(ErrorCode::kInvalidOption, message); }

}  // namespace

Result<CliArgs> parse_args(const std::vector<std::string>& args, const std::string& command) {
  CliArgs c;
  bool json_flag = false, format_given = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--json") {
      json_flag = true;
    } else if (a == "--textbook") {
      c.workload.textbook = true;
    } else if (a == "--kv-unified") {
      c.workload.kv_unified = true;
    } else if (a.rfind("--", 0) == 0) {
      std::string key = a.substr(2), value;
      const size_t eq = key.find('=');
      if (eq != std::string::npos) {
        value = key.substr(eq + 1);
        key = key.substr(0, eq);
      } else if (!known_option(key)) {
        return bad("unknown option " + a.substr(0, 42) + " (see --help)");
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return bad("option " + a + " needs a value");
      }
      if (key == "solve") {
        if (value != "batch" && value != "seq" && value != "layers") {
          return bad("option --solve: use batch, seq or layers");
        }
        c.solve = value;
      } else if (key == "units") {
        if (value != "gb" && value != "gib") return bad("option --units: use gb or gib");
        c.units = value == "gb" ? Units::kGB : Units::kGiB;
      } else if (key == "format") {
        const auto f = parse_format(value);
        if (!f)
          return bad("option --format: '" + value.substr(0, 40) +
                     "' is not one of table|json|markdown|csv");
        c.format = *f;
        format_given = true;
      } else if (key == "sweep") {
        auto s = parse_sweep(value);
        if (!s.ok()) return s.error();
        for (const auto& have : c.sweeps) {
          if (have.key == s.value().key)
            return bad("option --sweep: " + have.key + " is swept twice");
        }
        c.sweeps.push_back(std::move(s.value()));
      } else if (auto err = apply_option(c.workload, c.hardware, key, value)) {
        return *err;
      } else {
        c.given.insert(key);
      }
    } else if (c.model.empty()) {
      c.model = a;
    } else {
      return bad("unexpected argument '" + a.substr(0, 60) + "' (MODEL is already '" +
                 c.model.substr(0, 60) + "')");
    }
  }
  if (json_flag) {
    if (format_given && c.format != Format::kJson) {
      return bad(std::string("--json and --format ") + to_string(c.format) + " disagree: use one");
    }
    c.format = Format::kJson;
  }
  if (c.model.empty()) return bad(command + " needs a MODEL argument");
  size_t points = 1;
  for (const auto& s : c.sweeps) {
    points *= s.values.size();  // both <= 4096 here: no overflow
    if (points > kMaxSweepPoints) return bad("option --sweep: more than 4096 points in all");
  }
  if (!c.sweeps.empty() && !c.solve.empty()) return bad("options --sweep and --solve: use one");
  return c;
}

}  // namespace vramcalc::cli
