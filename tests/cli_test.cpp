// The CLI contract of DESIGN.md, on the built binary (path from CMake's
// $<TARGET_FILE:vramcalc>): JSON for `params` and `estimate --json`, REFERENCE.md's
// worked examples end to end, and bad input -> exit status 1, exactly one line on
// stderr, nothing on stdout.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_run.h"
#include "test_support.h"
#include "workload.h"

namespace {

using nlohmann::json;

using vramcalc::testing::CliRun;

class cli_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/vramcalc_cli_test_XXXXXX";
    const char* dir = mkdtemp(tmpl);
    ASSERT_NE(dir, nullptr);
    dir_ = dir;
    // LLaMA-7B (Touvron et al. 2023, Table 2), written here as the issue asks.
    vramcalc::testing::LlamaShape llama7b;
    llama7b.max_positions = 2048;
    Write("llama-7b.json", vramcalc::testing::LlamaConfigJson(llama7b));
    Write("empty.json", "");
    const std::string full = vramcalc::testing::LlamaConfigJson(llama7b);
    Write("truncated.json", full.substr(0, full.size() / 2));
    vramcalc::testing::LlamaShape bad_heads;
    bad_heads.heads = 30;  // 4096 / 30 is not whole
    bad_heads.kv_heads = 30;
    Write("bad-heads.json", vramcalc::testing::LlamaConfigJson(bad_heads));
  }
  static void TearDownTestSuite() {
    for (const char* f :
         {"llama-7b.json", "empty.json", "truncated.json", "bad-heads.json", "stderr.txt"}) {
      std::remove(Path(f).c_str());
    }
    rmdir(dir_.c_str());
  }

  static std::string Path(const std::string& name) { return dir_ + "/" + name; }
  static void Write(const std::string& name, const std::string& text) {
    std::ofstream(Path(name), std::ios::binary) << text;
  }

  static CliRun Run(const std::vector<std::string>& args) {
    return vramcalc::testing::RunCli(VRAMCALC_CLI, args);
  }

  // Runs a command that must succeed and print JSON.
  static json RunJson(const std::vector<std::string>& args) {
    const CliRun r = Run(args);
    EXPECT_EQ(r.status, 0) << r.err;
    json j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "stdout is not JSON: " << r.out;
    return j;
  }

  // Bad input: status 1, one line on stderr mentioning `needle`, nothing on stdout.
  static void ExpectBadInput(const std::vector<std::string>& args, const std::string& needle) {
    const CliRun r = Run(args);
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    EXPECT_EQ(r.status, 1) << shown;
    EXPECT_EQ(r.out, "") << shown;
    ASSERT_FALSE(r.err.empty()) << shown;
    EXPECT_EQ(r.err.back(), '\n') << shown;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << shown << "stderr has more than one line:\n"
                                                  << r.err;
    if (!needle.empty()) {
      EXPECT_NE(r.err.find(needle), std::string::npos) << shown << "stderr: " << r.err;
    }
  }

  static std::string dir_;
};
std::string cli_test::dir_;

uint64_t U(const json& j, const char* a, const char* b = nullptr) {
  const json& v = b ? j.at(a).at(b) : j.at(a);
  EXPECT_TRUE(v.is_number_unsigned()) << a << (b ? std::string(".") + b : "") << " = " << v;
  return v.is_number_unsigned() ? v.get<uint64_t>() : 0;
}

TEST_F(cli_test, help_exits_zero) {
  const CliRun r = Run({"--help"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_FALSE(r.out.empty());
}

// The usage text comes from the option table: every option is listed with the first
// words of its help, so the CLI, the page's knobs and options() cannot drift.
TEST_F(cli_test, help_lists_every_option_of_the_table) {
  const CliRun r = Run({"--help"});
  ASSERT_EQ(r.status, 0) << r.err;
  for (const vramcalc::OptionInfo& o : vramcalc::all_options()) {
    EXPECT_NE(r.out.find(std::string("  --") + o.key + " "), std::string::npos) << o.key;
    const std::string help = o.help;
    const std::string first_words = help.substr(0, help.find(' ', help.find(' ') + 1));
    EXPECT_NE(r.out.find(first_words), std::string::npos) << o.key << ": " << first_words;
  }
  EXPECT_NE(r.out.find("Q4_K_M"), std::string::npos);  // llama.cpp file types from core
}

// REFERENCE.md 2: bert-base-uncased (BertModel with pooler) = 109,482,240 parameters.
TEST_F(cli_test, params_bert_base_uncased) {
  const json j = RunJson({"params", vramcalc::testing::TestDataPath("bert-base-uncased.json")});
  EXPECT_EQ(U(j, "total_params"), 109'482'240u);
  EXPECT_EQ(U(j, "active_params"), 109'482'240u);
}

// REFERENCE.md 3: 8e9 params, BF16 mixed precision, AdamW: 16 + 32 + 16 + 64 = 128 GB.
TEST_F(cli_test, estimate_reference_mixed_precision_training) {
  const json j = RunJson({"estimate", "8e9", "--mode", "training", "--precision", "mixed",
                          "--optimizer", "adamw", "--textbook", "--json"});
  EXPECT_EQ(U(j, "components", "weights"), 16'000'000'000u);
  EXPECT_EQ(U(j, "components", "master_weights"), 32'000'000'000u);
  EXPECT_EQ(U(j, "components", "gradients"), 16'000'000'000u);
  EXPECT_EQ(U(j, "components", "optimizer"), 64'000'000'000u);
  EXPECT_EQ(U(j, "components", "kv_cache"), 0u);
  EXPECT_EQ(U(j, "components", "activations"), 0u);
  EXPECT_EQ(U(j, "per_gpu_bytes"), 128'000'000'000u);
  EXPECT_EQ(U(j, "total_bytes"), 128'000'000'000u);
  EXPECT_EQ(U(j, "params", "total"), 8'000'000'000u);
  EXPECT_EQ(U(j, "params", "trainable"), 8'000'000'000u);
}

// REFERENCE.md 2: Llama-7B KV, batch 64, seq 2048, FP16 = 2*64*2048*32*4096*2 = 68,719,476,736;
// weights 6,738,415,616 params x 2 bytes = 13,476,831,232.
TEST_F(cli_test, estimate_reference_llama_7b_kv_cache) {
  const json j = RunJson({"estimate", Path("llama-7b.json"), "--batch", "64", "--seq", "2048",
                          "--kv-dtype", "fp16", "--weight-dtype", "fp16", "--json"});
  EXPECT_EQ(U(j, "components", "kv_cache"), 68'719'476'736u);
  EXPECT_EQ(U(j, "components", "weights"), 13'476'831'232u);
  EXPECT_EQ(U(j, "params", "total"), 6'738'415'616u);
}

// REFERENCE.md 3: LLaMA-6B INT8 training: 6 + 6 + 12 + 1.3 = 25.3 GB.
TEST_F(cli_test, estimate_reference_int8_training) {
  const json j = RunJson({"estimate", "6e9", "--mode", "training", "--precision", "int8",
                          "--textbook", "--overhead-bytes", "1300000000", "--json"});
  EXPECT_EQ(U(j, "components", "overhead"), 1'300'000'000u);
  EXPECT_EQ(U(j, "per_gpu_bytes"), 25'300'000'000u);
}

// ZeRO-3 over 4 GPUs: 128 GB / 4 = 32 GB per GPU, 128 GB in all.
TEST_F(cli_test, estimate_zero3_over_four_gpus) {
  const json j = RunJson({"estimate", "8e9", "--mode", "training", "--precision", "mixed", "--gpus",
                          "4", "--zero", "3", "--json"});
  EXPECT_EQ(U(j, "per_gpu_bytes"), 32'000'000'000u);
  EXPECT_EQ(U(j, "total_bytes"), 128'000'000'000u);
}

TEST_F(cli_test, estimate_json_has_every_component) {
  const json j = RunJson({"estimate", "llama-3.1-8b", "--json"});
  for (const char* key : {"weights", "kv_cache", "activations", "logits", "gradients", "optimizer",
                          "master_weights", "adapters", "overhead"}) {
    EXPECT_TRUE(j.at("components").contains(key)) << key;
  }
  EXPECT_EQ(U(j, "params", "total"), 8'030'261'248u);
  EXPECT_TRUE(j.at("params").contains("active"));
}

TEST_F(cli_test, estimate_without_json_prints_text) {
  const CliRun r = Run({"estimate", "7b"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("GB"), std::string::npos) << r.out;
}

TEST_F(cli_test, bad_empty_file) { ExpectBadInput({"estimate", Path("empty.json")}, "empty.json"); }

TEST_F(cli_test, bad_truncated_json) {
  ExpectBadInput({"estimate", Path("truncated.json"), "--json"}, "truncated.json");
}

TEST_F(cli_test, bad_params_of_truncated_json) {
  ExpectBadInput({"params", Path("truncated.json")}, "truncated.json");
}

TEST_F(cli_test, bad_negative_batch) {
  ExpectBadInput({"estimate", Path("llama-7b.json"), "--batch", "-1", "--json"}, "batch");
}

TEST_F(cli_test, bad_non_numeric_batch) {
  ExpectBadInput({"estimate", Path("llama-7b.json"), "--batch", "abc", "--json"}, "batch");
}

TEST_F(cli_test, bad_heads_not_dividing_hidden) {
  ExpectBadInput({"estimate", Path("bad-heads.json"), "--json"}, "num_attention_heads");
}

TEST_F(cli_test, bad_nonexistent_file) {
  ExpectBadInput({"estimate", Path("no-such-dir/config.json"), "--json"}, "no-such-dir");
}

TEST_F(cli_test, bad_unknown_option) {
  ExpectBadInput({"estimate", "7b", "--frobnicate", "3"}, "frobnicate");
}

TEST_F(cli_test, bad_option_value) {
  ExpectBadInput({"estimate", "7b", "--mode", "serve"}, "mode");
  ExpectBadInput({"estimate", "7b", "--zero", "7"}, "zero");
  ExpectBadInput({"estimate", "7b", "--weight-dtype", "fp64"}, "weight-dtype");
}

TEST_F(cli_test, bad_missing_option_value) {
  ExpectBadInput({"estimate", "7b", "--batch"}, "batch");
}

TEST_F(cli_test, bad_unknown_model_name) { ExpectBadInput({"estimate", "no-such-model"}, ""); }

// 2^40 x 2^40 tokens overflow 64 bits: an error, not a wrapped number.
TEST_F(cli_test, bad_overflowing_workload) {
  ExpectBadInput({"estimate", Path("llama-7b.json"), "--batch", "1099511627776", "--seq",
                  "1099511627776", "--json"},
                 "");
}

}  // namespace

namespace {

// Little-endian u64 + the header text: a safetensors prefix.
std::string Safetensors(uint64_t declared_len, const std::string& header) {
  std::string s;
  for (int i = 0; i < 8; ++i) s.push_back(static_cast<char>((declared_len >> (8 * i)) & 0xFF));
  return s + header;
}

// A safetensors prefix whose declared length is the header's own.
std::string Whole(const std::string& header) { return Safetensors(header.size(), header); }

std::string U64le(uint64_t v) {
  std::string s;
  for (int i = 0; i < 8; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  return s;
}

}  // namespace

// Checkpoint headers from hostile files: exit 1 with one line naming the problem, no
// allocation of the absurd sizes they declare.
TEST_F(cli_test, hostile_checkpoint_headers_fail_cleanly) {
  struct Case {
    const char* file;
    std::string bytes;
    const char* needle;
  };
  const std::string tensor = R"({"w":{"dtype":"BF16","shape":[2,2],"data_offsets":[0,8]}})";
  const std::vector<Case> cases = {
      {"len60.safetensors", Safetensors(uint64_t{1} << 60, "{}"), "len60.safetensors"},
      {"short.safetensors", std::string("\x05\x00", 2), "short.safetensors"},
      {"trunc.safetensors", Safetensors(tensor.size(), tensor.substr(0, 20)), "trunc.safetensors"},
      {"neg.safetensors", Whole(R"({"w":{"dtype":"BF16","shape":[-2,2],"data_offsets":[0,8]}})"),
       "shape"},
      {"nonnum.safetensors",
       Whole(R"({"w":{"dtype":"BF16","shape":["a",2],"data_offsets":[0,8]}})"), "shape"},
      // GGUF v3 with a tensor count of 2^62, then one with a key of length 2^63.
      {"count.gguf", "GGUF" + std::string("\x03\0\0\0", 4) + U64le(uint64_t{1} << 62) + U64le(0),
       "count.gguf"},
      {"strlen.gguf",
       "GGUF" + std::string("\x03\0\0\0", 4) + U64le(0) + U64le(1) + U64le(uint64_t{1} << 63),
       "strlen.gguf"},
      {"magic.gguf", "GGUX" + std::string(20, '\0'), "magic.gguf"},
  };
  for (const Case& c : cases) {
    Write(c.file, c.bytes);
    ExpectBadInput({"params", Path(c.file)}, c.needle);
    ExpectBadInput({"estimate", Path(c.file), "--json"}, c.needle);
    std::remove(Path(c.file).c_str());
  }
}

// A 20 GB sparse .safetensors: only the header is read (the run is fast and the
// weights are the stored bytes exactly: one BF16 [100000, 100000] tensor = 2e10 B).
TEST_F(cli_test, large_sparse_safetensors_reads_only_the_header) {
  const std::string header =
      R"({"w":{"dtype":"BF16","shape":[100000,100000],"data_offsets":[0,20000000000]}})";
  const std::string path = Path("big.safetensors");
  {
    std::ofstream out(path, std::ios::binary);
    out << Safetensors(header.size(), header);
  }
  ASSERT_EQ(truncate(path.c_str(), static_cast<off_t>(8 + header.size() + 20000000000ull)), 0);
  const json j = RunJson({"estimate", path, "--json"});
  EXPECT_EQ(U(j, "components", "weights"), 20'000'000'000u);
  EXPECT_EQ(U(j, "params", "total"), 10'000'000'000u);
  std::remove(path.c_str());
}
