// imgui_ui/ui_locale.h: the Chinese table and its lookup. The table cannot drift
// silently: (1) every Tr("literal") in imgui_ui/*.cpp has an entry (the sources
// are read here), (2) every panel is drawn in Chinese over many states (each
// runtime, training and inference, every choice of every option) with a real
// ImGui context, and Tr() must not have missed a string, (3) every option label of
// core's all_options() is in the table. Plus the share link's lang round trip.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>

#include "app.h"
#include "imgui.h"
#include "share_link.h"
#include "ui_locale.h"
#include "ui_state.h"

namespace vramcalc::ui {
namespace {

TEST(locale_test, table_is_sorted_and_unique) {
  const std::vector<Translation>& t = ZhTable();
  ASSERT_GT(t.size(), 150u);
  for (size_t i = 1; i < t.size(); ++i) {
    EXPECT_LT(std::strcmp(t[i - 1].en, t[i].en), 0) << t[i - 1].en << " / " << t[i].en;
  }
}

TEST(locale_test, lookup_gives_chinese_only_in_zh) {
  SetDrawLang(Lang::kEn);
  const char* en = "KV cache";
  EXPECT_EQ(Tr(en), en);  // the same pointer: no lookup in English
  SetDrawLang(Lang::kZh);
  EXPECT_STREQ(Tr("KV cache"), "KV 缓存");
  EXPECT_STREQ(Tr("Weights"), "权重");
  EXPECT_STREQ(Tr("Tensor parallel"), "张量并行");
  EXPECT_STREQ(Tr("(%s over %llu GPUs)"), "（%s，共 %llu 张 GPU）");
  EXPECT_EQ(Tr(std::string("Optimizer states")), "优化器状态");
  EXPECT_STREQ(Tr("no such string"), "no such string");  // falls back, and is recorded
  EXPECT_EQ(TakeTrMisses(), std::vector<std::string>{"no such string"});
  EXPECT_TRUE(TakeTrMisses().empty());
  // TrFill: the values in the translated sentence, in order; English unchanged.
  EXPECT_EQ(TrFill("%s query, %s KV, %s wide", {"32", "8", "128"}),
            "32 个查询头，8 个 KV 头，每头 128 维");
  SetDrawLang(Lang::kEn);
  EXPECT_EQ(TrFill("%s query, %s KV, %s wide", {"32", "8", "128"}), "32 query, 8 KV, 128 wide");
  EXPECT_EQ(TrFill("%s of %s", {"12"}), "12 of ");  // a missing value leaves its place empty
}

TEST(locale_test, format_specifiers_survive_translation) {
  const std::regex spec("%[0-9.]*[a-z]+");
  for (const Translation& t : ZhTable()) {
    std::string a, b;
    const std::string en = t.en, zh = t.zh;
    for (std::sregex_iterator i(en.begin(), en.end(), spec), e; i != e; ++i) a += i->str();
    for (std::sregex_iterator i(zh.begin(), zh.end(), spec), e; i != e; ++i) b += i->str();
    EXPECT_EQ(a, b) << t.en;
  }
}

TEST(locale_test, parse_lang_takes_browser_tags) {
  Lang l = Lang::kEn;
  for (const char* zh : {"zh", "zh-CN", "zh-Hans", "zh-TW", "zh_CN"}) {
    l = Lang::kEn;
    EXPECT_TRUE(ParseLang(zh, &l)) << zh;
    EXPECT_EQ(l, Lang::kZh) << zh;
  }
  EXPECT_TRUE(ParseLang("en-US", &l));
  EXPECT_EQ(l, Lang::kEn);
  EXPECT_FALSE(ParseLang("zhx", &l));
  EXPECT_FALSE(ParseLang("fr", &l));
  EXPECT_STREQ(LangId(Lang::kZh), "zh");
  EXPECT_STREQ(LangId(Lang::kEn), "en");
}

// The string literals of the first argument of the call whose '(' is at src[open]:
// adjacent literals joined (as C++ joins them), each alternative of a ?: apart.
std::vector<std::string> FirstArgumentLiterals(const std::string& src, size_t open) {
  std::vector<std::string> out;
  bool joining = false;  // the last token was a literal
  int depth = 0;
  for (size_t i = open; i < src.size(); ++i) {
    const char c = src[i];
    if (c == '"') {
      std::string lit;
      for (++i; i < src.size() && src[i] != '"'; ++i) {
        if (src[i] == '\\' && i + 1 < src.size() && src[i + 1] == 'x') {  // \xNN: one byte
          size_t digits = 0;
          lit += static_cast<char>(std::stoi(src.substr(i + 2, 2), &digits, 16));
          i += 1 + digits;
          continue;
        }
        if (src[i] == '\\' && i + 1 < src.size()) ++i;  // \" and \' stand for themselves
        lit += src[i];
      }
      if (joining) {
        out.back() += lit;
      } else {
        out.push_back(lit);
      }
      joining = true;
      continue;
    }
    if (c == ' ' || c == '\n') continue;
    joining = false;
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0) break;
    if (c == ',' && depth == 1) break;
  }
  return out;
}

TEST(locale_test, every_tr_literal_in_the_ui_sources_is_translated) {
  int literals = 0;
  for (const auto& f : std::filesystem::directory_iterator(VRAMCALC_UI_DIR)) {
    if (f.path().extension() != ".cpp" || f.path().filename() == "locale_zh.cpp") continue;
    std::ifstream in(f.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string src = text.str();
    // Tr("..."), Tr(c ? "..." : "..."), TrFill("...", {...}).
    const std::regex call("\\bTr(Fill)?\\(");
    for (std::sregex_iterator i(src.begin(), src.end(), call), e; i != e; ++i) {
      const size_t open = static_cast<size_t>(i->position()) + i->length() - 1;
      for (const std::string& s : FirstArgumentLiterals(src, open)) {
        ++literals;
        EXPECT_NE(FindZh(s.c_str()), nullptr) << f.path().filename() << ": \"" << s << "\"";
      }
    }
  }
  EXPECT_GT(literals, 100);
}

TEST(locale_test, every_option_label_is_translated) {
  for (const OptionInfo& o : all_options()) {
    EXPECT_NE(FindZh(o.label), nullptr) << o.key << ": " << o.label;
  }
}

// One ImGui frame of the whole app at a desktop size, in Chinese.
void DrawFrame(UiState& s) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(1280, 800);
  io.DeltaTime = 1.0f / 60.0f;
  ImGui::NewFrame();
  Draw(s);
  ImGui::Render();
}

TEST(locale_test, every_panel_in_every_state_draws_without_a_miss) {
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  unsigned char* px = nullptr;
  int w = 0, h = 0;
  ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&px, &w, &h);
  TakeTrMisses();
  int states = 0;
  for (const char* runtime : {"generic", "hf", "vllm", "llamacpp", "ollama"}) {
    for (const char* mode : {"inference", "training"}) {
      UiState base = MakeInitialState();
      ASSERT_TRUE(SetOption(base, "lang", "zh"));
      ASSERT_TRUE(SetOption(base, "runtime", runtime));
      ASSERT_TRUE(SetOption(base, "mode", mode));
      UiState no_gpu = base;  // the headline says what it needs
      SetOption(base, "gpu", "rtx4090-24gb");
      base.dtypes_open = true;
      for (const OptionInfo& o : all_options()) {
        std::string choices = o.choices;
        if (std::string(o.key) == "zero") choices = "0|1|2|3";
        if (std::string(o.key) == "overhead-bytes") choices = "0|500000000|1000000000|1343000000";
        if (std::string(o.key) == "method") choices = "full|lora|qlora";
        for (size_t p = 0; !choices.empty();) {
          const size_t bar = choices.find('|', p);
          const std::string id = choices.substr(p, bar == std::string::npos ? bar : bar - p);
          UiState s = base;
          if (SetOption(s, o.key, id)) {
            DrawFrame(s);
            ++states;
          }
          if (bar == std::string::npos) break;
          p = bar + 1;
        }
      }
      // Several GPUs (stage table), a bare count, a loaded-file-free error banner.
      UiState split = base;
      SetOption(split, "tp", "2");
      SetOption(split, "pp", "2");
      SetOption(split, "gpu", "rtx3060-12gb");
      DrawFrame(split);
      UiState count = base;
      UseParamCount(count, "7b");
      DrawFrame(count);
      UiState plot = base;
      SetOption(plot, "plot", "batch");
      DrawFrame(plot);
      DrawFrame(no_gpu);
      UiState tiny = base;  // does not fit: what is missing
      SetOption(tiny, "gpu", "rtx3060-12gb");
      SetOption(tiny, "seq", "131072");
      DrawFrame(tiny);
      states += 5;
    }
  }
  EXPECT_GT(states, 300);
  EXPECT_EQ(TakeTrMisses(), std::vector<std::string>{});
  ImGui::DestroyContext();
  SetDrawLang(Lang::kEn);
}

TEST(locale_test, share_link_carries_lang_zh_only) {
  UiState s = MakeInitialState();
  EXPECT_EQ(ShareHash(s), "model=llama-3.1-8b");  // en is the default: not written
  ASSERT_TRUE(SetOption(s, "lang", "zh"));
  EXPECT_EQ(ShareHash(s), "model=llama-3.1-8b&lang=zh");
  const nlohmann::json state = nlohmann::json::parse(StateJson(s));
  EXPECT_EQ(state["inputs"]["lang"], "zh");
  EXPECT_EQ(state["lang"], "zh");
  const uint64_t total = s.estimate->total_bytes;

  UiState opened = MakeInitialState();
  ASSERT_TRUE(ApplyShareHash(opened, "#model=llama-3.1-8b&lang=zh")) << opened.error;
  EXPECT_EQ(opened.lang, Lang::kZh);
  EXPECT_EQ(opened.estimate->total_bytes, total);  // the language changes no number
  EXPECT_EQ(ShareHash(opened), "model=llama-3.1-8b&lang=zh");

  // A link without lang keeps the reader's language; lang=en switches back.
  UiState reader = MakeInitialState();
  SetOption(reader, "lang", "zh");
  ASSERT_TRUE(ApplyShareHash(reader, "model=qwen2.5-7b&batch=4"));
  EXPECT_EQ(reader.lang, Lang::kZh);
  ASSERT_TRUE(ApplyShareHash(reader, "model=qwen2.5-7b&lang=en"));
  EXPECT_EQ(reader.lang, Lang::kEn);
  EXPECT_FALSE(ApplyShareHash(reader, "model=qwen2.5-7b&lang=klingon"));
  EXPECT_EQ(reader.lang, Lang::kEn);
}

TEST(locale_test, codepoints_cover_the_table) {
  const std::vector<uint32_t> cps = ZhCodepoints();
  EXPECT_GT(cps.size(), 150u);
  EXPECT_TRUE(std::binary_search(cps.begin(), cps.end(), 0x663E));  // 显
  EXPECT_TRUE(std::binary_search(cps.begin(), cps.end(), 0x5B58));  // 存
  EXPECT_TRUE(std::is_sorted(cps.begin(), cps.end()));
  EXPECT_GE(cps.front(), 0x80u);
}

}  // namespace
}  // namespace vramcalc::ui
