// The CLI for documents, on the built binary: --format json is the --json contract
// byte for byte, Markdown and CSV carry the JSON's bytes, --sweep prints one row
// per point equal to separate `estimate --seq N --json` runs, `fit` agrees with
// --solve and with REFERENCE.md's 128 GB training example, and bad input is one
// line on stderr.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_run.h"
#include "csv_reader.h"
#include "test_support.h"

namespace {

using nlohmann::json;
using vramcalc::testing::CliRun;
using Args = std::vector<std::string>;

CliRun RunCli(const Args& args) { return vramcalc::testing::RunCli(VRAMCALC_CLI, args); }

std::string Out(const Args& args) {
  const CliRun r = RunCli(args);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  return r.out;
}

json Json(const Args& args) {
  json j = json::parse(Out(args), nullptr, false);
  EXPECT_FALSE(j.is_discarded());
  return j;
}

Args With(Args a, const Args& more) {
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

// The rows of a Markdown table as cells (the leading and trailing '|' dropped).
std::vector<std::vector<std::string>> MarkdownRows(const std::string& md) {
  std::vector<std::vector<std::string>> rows;
  size_t start = 0;
  while (start < md.size()) {
    const size_t end = md.find('\n', start);
    const std::string line = md.substr(start, end - start);
    start = end == std::string::npos ? md.size() : end + 1;
    if (line.size() < 2 || line.front() != '|' || line.back() != '|') continue;
    std::vector<std::string> cells;  // split at '|' not escaped as "\|", then trimmed
    std::string cell;
    for (size_t i = 1; i < line.size(); ++i) {
      if (line[i] == '|' && line[i - 1] != '\\') {
        const size_t a = cell.find_first_not_of(' '), b = cell.find_last_not_of(' ');
        cells.push_back(a == std::string::npos ? "" : cell.substr(a, b - a + 1));
        cell.clear();
      } else {
        cell += line[i];
      }
    }
    rows.push_back(cells);
  }
  return rows;
}

const Args kLlama = {"estimate", "llama-3.1-8b", "--batch", "2", "--seq", "4096"};

TEST(cli_format_test, format_json_is_the_json_flag) {
  EXPECT_EQ(Out(With(kLlama, {"--format", "json"})), Out(With(kLlama, {"--json"})));
  EXPECT_EQ(Out(With(kLlama, {"--format=json", "--json"})), Out(With(kLlama, {"--json"})));
  EXPECT_EQ(Out(With(kLlama, {"--format", "table"})), Out(kLlama));
  EXPECT_EQ(Out({"params", "llama-3.1-8b", "--format", "json"}), Out({"params", "llama-3.1-8b"}));
}

TEST(cli_format_test, markdown_and_csv_carry_the_json_bytes) {
  const json j = Json(With(kLlama, {"--json"}));
  const auto md = MarkdownRows(Out(With(kLlama, {"--format", "markdown"})));
  ASSERT_GE(md.size(), 4u);
  EXPECT_EQ(md[0], (std::vector<std::string>{"Component", "Bytes", "GB", "Formula"}));
  EXPECT_EQ(md[1][1], "---:");
  bool weights = false, total = false;
  for (const auto& row : md) {
    if (row[0] == "Weights")
      weights = row[1] == std::to_string(j["components"]["weights"].get<uint64_t>());
    if (row[0] == "Total per GPU")
      total = row[1] == std::to_string(j["per_gpu_bytes"].get<uint64_t>());
  }
  EXPECT_TRUE(weights);
  EXPECT_TRUE(total);
  const auto csv = vramcalc::testing::ReadCsv(Out(With(kLlama, {"--format", "csv"})));
  ASSERT_EQ(csv.size(), 3u + vramcalc::kComponentCount);  // header, components, per GPU, total
  for (size_t i = 1; i <= vramcalc::kComponentCount; ++i) {
    EXPECT_EQ(csv[i][2], std::to_string(j["components"][csv[i][0]].get<uint64_t>())) << csv[i][0];
  }
  // GiB changes the human column only.
  const auto gib = MarkdownRows(Out(With(kLlama, {"--format", "markdown", "--units", "gib"})));
  EXPECT_EQ(gib[0][2], "GiB");
  EXPECT_EQ(gib[2][1], md[2][1]);
}

TEST(cli_format_test, sweep_prints_one_row_per_point) {
  const std::string csv_text =
      Out({"estimate", "llama-3.1-8b", "--sweep", "seq=1k..8k", "--format", "csv"});
  const auto csv = vramcalc::testing::ReadCsv(csv_text);
  ASSERT_EQ(csv.size(), 5u);  // header + 1024, 2048, 4096, 8192
  EXPECT_EQ(csv[0][0], "seq");
  EXPECT_EQ(csv[0][1], "per_gpu_bytes");
  for (size_t i = 1; i < csv.size(); ++i) {
    const std::string seq = std::to_string(1024u << (i - 1));
    EXPECT_EQ(csv[i][0], seq);
    const json one = Json({"estimate", "llama-3.1-8b", "--seq", seq, "--json"});
    EXPECT_EQ(csv[i][1], std::to_string(one["per_gpu_bytes"].get<uint64_t>())) << seq;
  }
  const json j = Json({"estimate", "llama-3.1-8b", "--sweep", "seq=1k..8k", "--json"});
  ASSERT_EQ(j.size(), 4u);
  EXPECT_EQ(j[3]["seq"], 8192);
  EXPECT_EQ(j[3]["estimate"]["per_gpu_bytes"].get<uint64_t>(), std::stoull(csv[4][1]));
  // Two sweeps: their product, the first varying slowest; markdown and text alike.
  const auto md = MarkdownRows(Out({"estimate", "llama-3.1-8b", "--sweep", "seq=1k,2k", "--sweep",
                                    "batch=1..4", "--format", "markdown"}));
  ASSERT_EQ(md.size(), 2u + 6u);
  EXPECT_EQ(md[2][0], "1024");
  EXPECT_EQ(md[2][1], "1");
  EXPECT_EQ(md[4][1], "4");
  EXPECT_EQ(md[5][0], "2048");
  const std::string text = Out({"estimate", "llama-3.1-8b", "--sweep", "batch=1..64"});
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2 + 7);  // header, rule, 1..64
}

// REFERENCE.md 3: 8e9 parameters, mixed precision AdamW = 128 GB; split over N
// tensor-parallel GPUs, 128/N GB each. A 40 GB budget needs 4 (128/3 = 42.7 > 40).
TEST(cli_format_test, fit_reference_training) {
  const Args base = {"fit",         "8e9",        "--mode",
                     "training",    "--textbook", "--gpu-memory-bytes",
                     "40000000000", "--format",   "json"};
  const json one = Json(base);
  EXPECT_EQ(one["per_gpu_bytes"].get<uint64_t>(), 128'000'000'000u);
  EXPECT_FALSE(one["fits"].get<bool>());
  EXPECT_EQ(one["min_gpus"].get<uint64_t>(), 4u);
  EXPECT_TRUE(one["tp_splits"].get<bool>());
  EXPECT_EQ(one["max_batch"]["value"].get<uint64_t>(), 0u);
  // --gpus 4 alone: four tensor-parallel GPUs.
  const json four = Json(With(base, {"--gpus", "4"}));
  EXPECT_EQ(four["tp"].get<uint64_t>(), 4u);
  EXPECT_EQ(four["per_gpu_bytes"].get<uint64_t>(), 32'000'000'000u);
  EXPECT_TRUE(four["fits"].get<bool>());
  // With --zero the GPUs stay data-parallel replicas (ZeRO shards over them).
  const json zero = Json(With(base, {"--gpus", "4", "--zero", "3"}));
  EXPECT_EQ(zero["tp"].get<uint64_t>(), 1u);
  EXPECT_EQ(zero["per_gpu_bytes"].get<uint64_t>(), 32'000'000'000u);
}

// On an H100 memory holds more context than Llama-3.1-8B was trained for
// (max_position_embeddings 131,072): fit answers the trained context and names
// what memory alone allows, which is --solve seq's answer.
TEST(cli_format_test, fit_cuts_the_context_to_the_trained_length) {
  const Args model = {"llama-3.1-8b", "--gpu", "h100-80gb"};
  const json fit = Json(With(With({"fit"}, model), {"--format", "json"}));
  const json seq = Json(With(With({"estimate"}, model), {"--solve", "seq"}));
  EXPECT_EQ(fit["max_seq"]["value"].get<uint64_t>(), 131072u);
  EXPECT_GT(seq["max"].get<uint64_t>(), 131072u);
  EXPECT_EQ(fit["max_seq"]["memory_allows"], seq["max"]);
  EXPECT_LE(fit["max_seq"]["per_gpu_bytes"].get<uint64_t>(),
            fit["gpu_memory_bytes"].get<uint64_t>());
}

TEST(cli_format_test, fit_agrees_with_solve_and_llamacpp_layers) {
  const Args model = {"llama-3.1-8b", "--gpu", "rtx4090-24gb", "--seq", "4096"};  // 19.95 GB
  const json fit = Json(With(With({"fit"}, model), {"--format", "json"}));
  const json batch = Json(With(With({"estimate"}, model), {"--solve", "batch"}));
  const json seq = Json(With(With({"estimate"}, model), {"--solve", "seq"}));
  EXPECT_EQ(fit["max_batch"]["value"], batch["max"]);
  EXPECT_EQ(fit["max_seq"]["value"], seq["max"]);
  EXPECT_EQ(fit["min_gpus"].get<uint64_t>(), 1u);
  EXPECT_FALSE(fit.contains("gpu_layers"));

  // llama-3.1-70b in Q4-class int4 on 24 GB: some of its 80 blocks fit, not all.
  const Args big = {"llama-3.1-70b", "--gpu",          "rtx4090-24gb", "--runtime",
                    "llamacpp",      "--weight-dtype", "int4"};
  const json f = Json(With(With({"fit"}, big), {"--format", "json"}));
  const uint64_t n = f["gpu_layers"]["value"].get<uint64_t>();
  EXPECT_EQ(f["gpu_layers"]["layers"].get<uint64_t>(), 80u);
  ASSERT_GT(n, 0u);
  ASSERT_LT(n, 80u);
  const json at =
      Json(With(With({"estimate"}, big), {"--gpu-layers", std::to_string(n), "--json"}));
  const json above =
      Json(With(With({"estimate"}, big), {"--gpu-layers", std::to_string(n + 1), "--json"}));
  // fit answers as llama.cpp's --fit does: within the GPU less its 1 GiB margin.
  const uint64_t room = at["gpu_memory_bytes"].get<uint64_t>() - (1ull << 30);
  EXPECT_LE(at["per_gpu_bytes"].get<uint64_t>(), room);
  EXPECT_GT(above["per_gpu_bytes"].get<uint64_t>(), room);
  EXPECT_TRUE(f["gpu_layers"]["fits"].get<bool>());
  EXPECT_EQ(f["gpu_layers"]["n_cpu_moe"].get<uint64_t>(), 0u);  // a dense model
  EXPECT_EQ(f["gpu_layers"]["per_gpu_bytes"], at["per_gpu_bytes"]);
  const auto md = MarkdownRows(Out(With(With({"fit"}, big), {"--format", "markdown"})));
  EXPECT_EQ(md.back()[1], std::to_string(n) + " of 80");
}

// --solve layers is llama.cpp's --fit: with the 1 GiB margin the answer fits and one
// more layer does not.
TEST(cli_format_test, solve_layers_is_llamacpp_fit) {
  const Args big = {"estimate", "llama-3.1-70b", "--runtime",    "llamacpp", "--weight-dtype",
                    "q4_k_m",   "--gpu",         "rtx4090-24gb", "--seq",    "4096"};
  const json f = Json(With(big, {"--solve", "layers"}));
  EXPECT_EQ(f["solve"], "layers");
  EXPECT_TRUE(f["fits"].get<bool>());
  EXPECT_EQ(f["layers"].get<uint64_t>(), 80u);
  EXPECT_EQ(f["seq"].get<uint64_t>(), 4096u);  // given: not shrunk
  EXPECT_EQ(f["margin_bytes"].get<uint64_t>(), 1u << 30);
  const uint64_t n = f["gpu_layers"].get<uint64_t>();
  ASSERT_GT(n, 0u);
  ASSERT_LT(n, 80u);
  const json at = Json(With(big, {"--gpu-layers", std::to_string(n), "--json"}));
  const json above = Json(With(big, {"--gpu-layers", std::to_string(n + 1), "--json"}));
  const uint64_t room = at["gpu_memory_bytes"].get<uint64_t>() - (1u << 30);
  EXPECT_LE(at["per_gpu_bytes"].get<uint64_t>(), room);
  EXPECT_GT(above["per_gpu_bytes"].get<uint64_t>(), room);
}

TEST(cli_format_test, bad_input_is_one_line) {
  const std::vector<std::pair<Args, std::string>> cases = {
      {With(kLlama, {"--format", "xml"}), "--format"},
      {With(kLlama, {"--json", "--format", "csv"}), "--json"},
      {With(kLlama, {"--sweep", "seq=0..4"}), "--sweep"},
      {With(kLlama, {"--sweep", "seq=1..4", "--sweep", "seq=2,3"}), "twice"},
      {With(kLlama, {"--sweep", "seq=1..4", "--gpu", "h100-80gb", "--solve", "batch"}), "--solve"},
      {With(kLlama, {"--sweep", "seq=1..4096:1", "--sweep", "batch=1,2"}), "4096"},
      {{"estimate", "llama-3.1-8b", "--sweep", "batch=1,1099511627777"}, "--batch"},
      {{"fit", "llama-3.1-8b"}, "--gpu"},
      {{"estimate", "llama-3.1-8b", "--gpu", "h100-80gb", "--solve", "seq", "--format", "csv"},
       "fit"},
      {{"fit", "llama-3.1-8b", "--gpu", "h100-80gb", "--sweep", "seq=1..2"}, "--sweep"},
      {{"params", "llama-3.1-8b", "--format", "pdf"}, "--format"},
      {{"params", "llama-3.1-8b", "--batch", "2"}, "params"},
  };
  for (const auto& [args, needle] : cases) {
    const CliRun r = RunCli(args);
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    EXPECT_EQ(r.status, 1) << shown;
    EXPECT_EQ(r.out, "") << shown;
    EXPECT_TRUE(vramcalc::testing::IsOnePrintableLine(r.err)) << shown << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << shown << r.err;
  }
}

}  // namespace
