// Hub references and file choice (core/sources/hub.h). Listings are written in the
// shape of the Hub's tree API (GET /api/models/REPO/tree/REV: [{type, oid, size,
// path, lfs?}]), with the files real repositories hold: Mistral's consolidated
// checkpoint beside its numbered shards, GGUF repositories with several quants.
#include "hub.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vramcalc {
namespace {

HubRef Ref(const std::string& text) {
  Result<HubRef> r = parse_hub_ref(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : HubRef{};
}

std::string RefError(const std::string& text) {
  Result<HubRef> r = parse_hub_ref(text);
  EXPECT_FALSE(r.ok()) << text << " parsed as " << (r.ok() ? r.value().repo : "");
  return r.ok() ? "" : r.error().message;
}

TEST(HubRef, IdsAndAddressesAsUsersPasteThem) {
  HubRef r = Ref("meta-llama/Llama-3.1-8B");
  EXPECT_EQ(r.repo, "meta-llama/Llama-3.1-8B");
  EXPECT_EQ(r.revision, "main");
  EXPECT_EQ(r.file, "");
  EXPECT_EQ(Ref("  https://huggingface.co/meta-llama/Llama-3.1-8B/  ").repo,
            "meta-llama/Llama-3.1-8B");
  EXPECT_EQ(Ref("https://huggingface.co/Qwen/Qwen3-8B?library=transformers#x").repo,
            "Qwen/Qwen3-8B");
  EXPECT_EQ(Ref("huggingface.co/Qwen/Qwen3-8B").repo, "Qwen/Qwen3-8B");
  r = Ref("hf.co/allenai/OLMo-2-1124-7B/tree/stage1-step1000");
  EXPECT_EQ(r.repo, "allenai/OLMo-2-1124-7B");
  EXPECT_EQ(r.revision, "stage1-step1000");
  r = Ref("https://huggingface.co/unsloth/Qwen3-8B-GGUF/blob/main/Qwen3-8B-Q4_K_M.gguf");
  EXPECT_EQ(r.repo, "unsloth/Qwen3-8B-GGUF");
  EXPECT_EQ(r.file, "Qwen3-8B-Q4_K_M.gguf");
  r = Ref("https://huggingface.co/org/name/resolve/0123abcd/sub/model.gguf");
  EXPECT_EQ(r.revision, "0123abcd");
  EXPECT_EQ(r.file, "sub/model.gguf");
  r = Ref("mistralai/Mistral-7B-v0.1@26bca36");
  EXPECT_EQ(r.repo, "mistralai/Mistral-7B-v0.1");
  EXPECT_EQ(r.revision, "26bca36");
  // Legacy ids without an organisation.
  EXPECT_EQ(Ref("gpt2").repo, "gpt2");
  r = Ref("https://huggingface.co/gpt2/resolve/main/config.json");
  EXPECT_EQ(r.repo, "gpt2");
  EXPECT_EQ(r.file, "config.json");
}

TEST(HubRef, RefusesWithOneLineNamingTheProblem) {
  EXPECT_NE(RefError("").find("type an id"), std::string::npos);
  EXPECT_NE(RefError("https://example.com/org/name").find("not a huggingface.co"),
            std::string::npos);
  EXPECT_NE(RefError("https://huggingface.co/datasets/HuggingFaceFW/fineweb").find("dataset"),
            std::string::npos);
  EXPECT_NE(RefError("https://huggingface.co/spaces/org/app").find("space"), std::string::npos);
  EXPECT_NE(RefError("org/../secrets").find("ORG/NAME"), std::string::npos);
  EXPECT_NE(RefError("org/na me").find("ORG/NAME"), std::string::npos);
  EXPECT_NE(RefError("org/name/tree").find("revision"), std::string::npos);
  EXPECT_NE(RefError("org/name/blob/main").find("no file"), std::string::npos);
  EXPECT_NE(RefError("org/name/blob/main/../../x").find("file path"), std::string::npos);
  EXPECT_NE(RefError("org/name/commits/main").find("expected"), std::string::npos);
  EXPECT_NE(RefError("org/name@").find("revision"), std::string::npos);
  EXPECT_NE(RefError(std::string(600, 'a')).find("512"), std::string::npos);
  const std::string hostile = RefError("org/\x1b[2Jname\nline2");
  EXPECT_EQ(hostile.find('\n'), std::string::npos);
  EXPECT_EQ(hostile.find('\x1b'), std::string::npos);
}

TEST(HubRef, Urls) {
  EXPECT_EQ(hub_tree_url(Ref("Qwen/Qwen3-8B")),
            "https://huggingface.co/api/models/Qwen/Qwen3-8B/tree/main");
  EXPECT_EQ(hub_tree_url(Ref("org/name/blob/v2/sub/dir/m.gguf")),
            "https://huggingface.co/api/models/org/name/tree/v2/sub/dir");
  EXPECT_EQ(hub_file_url(Ref("org/name@v2"), "config.json"),
            "https://huggingface.co/org/name/resolve/v2/config.json");
}

std::string Entry(const std::string& path, uint64_t size, const char* type = "file") {
  return std::string("{\"type\":\"") + type + "\",\"oid\":\"0\",\"size\":" + std::to_string(size) +
         ",\"path\":\"" + path + "\"}";
}

std::string Listing(const std::vector<std::string>& entries) {
  std::string out = "[";
  for (size_t i = 0; i < entries.size(); ++i) out += (i ? "," : "") + entries[i];
  return out + "]";
}

std::vector<std::string> Paths(const Result<std::vector<HubFile>>& plan) {
  std::vector<std::string> out;
  if (!plan.ok()) return {"error: " + plan.error().message};
  for (const HubFile& f : plan.value()) out.push_back(f.path);
  return out;
}

TEST(HubPlan, ConfigIndexAndNumberedShardsNotTheConsolidatedCopy) {
  // mistralai/Mistral-7B-v0.3's root: the HF checkpoint in 3 shards and the same
  // weights as consolidated.safetensors for mistral-inference.
  const std::string tree =
      Listing({Entry(".gitattributes", 1519), Entry("README.md", 6089), Entry("config.json", 601),
               Entry("consolidated.safetensors", 14496078512), Entry("generation_config.json", 116),
               Entry("model-00001-of-00003.safetensors", 4949453792),
               Entry("model-00002-of-00003.safetensors", 4999819336),
               Entry("model-00003-of-00003.safetensors", 4546807800),
               Entry("model.safetensors.index.json", 23950), Entry("params.json", 202),
               Entry("tokenizer.json", 3671785), Entry("tokenizer.model", 587404),
               Entry("tokenizer.model.v3", 587404), Entry("tokenizer_config.json", 137626),
               Entry("original", 0, "directory")});
  Result<std::vector<HubFile>> plan = plan_hub_files(Ref("mistralai/Mistral-7B-v0.3"), tree);
  EXPECT_EQ(Paths(plan), (std::vector<std::string>{
                             "config.json", "model-00001-of-00003.safetensors",
                             "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors",
                             "model.safetensors.index.json"}));
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan.value()[0].header_only);
  EXPECT_TRUE(plan.value()[1].header_only);
  EXPECT_EQ(plan.value()[1].size, 4949453792u);
  EXPECT_FALSE(plan.value()[4].header_only);
}

TEST(HubPlan, SingleFileCheckpointsAdaptersAndGguf) {
  EXPECT_EQ(Paths(plan_hub_files(Ref("Qwen/Qwen2.5-0.5B"),
                                 Listing({Entry("config.json", 681), Entry("merges.txt", 1671839),
                                          Entry("model.safetensors", 988097824)}))),
            (std::vector<std::string>{"config.json", "model.safetensors"}));
  // Only consolidated weights: they are the checkpoint.
  EXPECT_EQ(Paths(plan_hub_files(Ref("o/m"), Listing({Entry("consolidated.safetensors", 10)}))),
            (std::vector<std::string>{"consolidated.safetensors"}));
  EXPECT_EQ(
      Paths(plan_hub_files(Ref("o/lora"), Listing({Entry("adapter_config.json", 700),
                                                   Entry("adapter_model.safetensors", 167832240),
                                                   Entry("README.md", 5000)}))),
      (std::vector<std::string>{"adapter_config.json", "adapter_model.safetensors"}));
  EXPECT_EQ(Paths(plan_hub_files(Ref("o/m-GGUF"), Listing({Entry("README.md", 9),
                                                           Entry("m-Q4_K_M.gguf", 4920734016)}))),
            (std::vector<std::string>{"m-Q4_K_M.gguf"}));
  const std::string quants = Listing({Entry("m-Q4_K_M.gguf", 4), Entry("m-Q5_K_M.gguf", 5),
                                      Entry("m-Q8_0.gguf", 8), Entry("m-F16.gguf", 16)});
  const std::vector<std::string> many = Paths(plan_hub_files(Ref("o/m-GGUF"), quants));
  ASSERT_EQ(many.size(), 1u);
  EXPECT_NE(many[0].find("4 .gguf files (m-F16.gguf, m-Q4_K_M.gguf, m-Q5_K_M.gguf, ...)"),
            std::string::npos)
      << many[0];
  EXPECT_NE(many[0].find("blob/main/FILE.gguf"), std::string::npos);
  // A file named in the address, found in its folder's listing.
  Result<std::vector<HubFile>> one =
      plan_hub_files(Ref("https://huggingface.co/o/m-GGUF/blob/main/m-Q8_0.gguf"), quants);
  EXPECT_EQ(Paths(one), (std::vector<std::string>{"m-Q8_0.gguf"}));
  ASSERT_TRUE(one.ok());
  EXPECT_TRUE(one.value()[0].header_only);
  EXPECT_EQ(one.value()[0].size, 8u);
  EXPECT_NE(Paths(plan_hub_files(Ref("o/m-GGUF/blob/main/m-Q2_K.gguf"), quants))[0].find(
                "o/m-GGUF@main has no file m-Q2_K.gguf"),
            std::string::npos);
  // A subfolder's listing holds full paths.
  EXPECT_EQ(Paths(plan_hub_files(Ref("o/m/blob/main/Q4/m.gguf"),
                                 Listing({Entry("Q4/m.gguf", 4), Entry("Q4/README.md", 1)}))),
            (std::vector<std::string>{"Q4/m.gguf"}));
}

TEST(HubPlan, NothingToReadAndMalformedListings) {
  EXPECT_NE(Paths(plan_hub_files(Ref("o/m"), Listing({Entry("README.md", 9)})))[0].find(
                "o/m@main has no config.json, .safetensors or .gguf"),
            std::string::npos);
  Result<std::vector<HubFile>> r = plan_hub_files(Ref("o/m"), "[{\"type\":\"file\"");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidJson);
  r = plan_hub_files(Ref("o/m"), "{\"error\":\"Repository not found\"}");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("not a JSON array"), std::string::npos);
  r = plan_hub_files(Ref("o/m"), "[{\"type\":\"file\",\"path\":\"config.json\",\"size\":-1}]");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("without path and size"), std::string::npos);
}

}  // namespace
}  // namespace vramcalc
