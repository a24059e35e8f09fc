// The UI's screen-free parts beside its state: the bit explorer's decoding, the
// plot sweeps (estimate() per point), the UI font's coverage of what core writes,
// and the plot's pure data -> pixel layout. Golden values are hand-derived in the
// tests.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "plot_layout.h"
#include "sweep.h"
#include "theme.h"
#include "ui_state.h"

namespace vramcalc::ui {
namespace {

using nlohmann::json;

void ExpectRelative(double got, double want) {
  EXPECT_LE(std::fabs(got - want), 1e-15 * std::fabs(want)) << got << " vs " << want;
}

// REFERENCE.md section 1: BF16 sign 1, exponent 17 gives -8.004646331359449e-34 with
// mantissa 5 and -7.884275709835247e-34 with mantissa 3 (an article mixes them up).
TEST(ui_plot_test, bit_explorer_shows_the_reference_bf16_pair) {
  UiState s = MakeInitialState();
  EXPECT_FALSE(s.dtypes_open);  // the section starts closed
  EXPECT_EQ(s.bits.dtype, DType::kBF16);
  ExpectRelative(s.bits.decoded.value, -8.004646331359449e-34);  // the default is the example
  const uint64_t estimates = s.estimates_run;
  ASSERT_TRUE(SetBits(s, "bf16", 1, 17, 3));
  EXPECT_STREQ(s.bits.decoded.kind, "normal");
  ExpectRelative(s.bits.decoded.value, -7.884275709835247e-34);
  EXPECT_TRUE(s.dtypes_open);
  ASSERT_TRUE(SetBits(s, "bf16", 1, 17, 5));
  ExpectRelative(s.bits.decoded.value, -8.004646331359449e-34);
  EXPECT_EQ(BitsPattern(s.bits), 0x8885u);
  EXPECT_EQ(s.estimates_run, estimates);  // display only: no re-estimate

  const json j = json::parse(StateJson(s));
  EXPECT_EQ(j["bits"]["dtype"], "bf16");
  EXPECT_EQ(j["bits"]["sign"], 1);
  EXPECT_EQ(j["bits"]["exponent"], 17);
  EXPECT_EQ(j["bits"]["mantissa"], 5);
  EXPECT_EQ(j["bits"]["hex"], "0x8885");
  EXPECT_EQ(j["bits"]["kind"], "normal");
  ExpectRelative(j["bits"]["value"].get<double>(), -8.004646331359449e-34);
  // Full precision in the screen-reader mirror.
  EXPECT_NE(
      ResultsText(s).find("BF16 sign 1, exponent 17, mantissa 5 (0x8885) = -8.00464633135944"),
      std::string::npos)
      << ResultsText(s);

  // The same from the raw pattern.
  ASSERT_TRUE(SetBitsPattern(s, "bf16", 0x8883));
  EXPECT_EQ(s.bits.mantissa, 3u);
  ExpectRelative(s.bits.decoded.value, -7.884275709835247e-34);
}

TEST(ui_plot_test, bit_explorer_rejects_fields_outside_their_widths) {
  UiState s = MakeInitialState();
  ASSERT_TRUE(SetBits(s, "bf16", 1, 17, 5));
  const std::string before = StateJson(s);
  const struct {
    const char* dtype;
    int64_t sign, exponent, mantissa;
    const char* word;
  } bad[] = {
      {"bf16", 2, 17, 5, "sign"},        {"bf16", -1, 17, 5, "sign"},
      {"bf16", 1, 256, 5, "exponent"},   {"bf16", 1, -3, 5, "exponent"},
      {"bf16", 1, 17, 128, "mantissa"},  {"fp8", 0, 16, 0, "exponent"},
      {"fp8-e5m2", 0, 3, 4, "mantissa"}, {"int8", 0, 0, 0, "INT8"},
      {"bf17", 0, 0, 0, "bf17"},
  };
  for (const auto& b : bad) {
    EXPECT_FALSE(SetBits(s, b.dtype, b.sign, b.exponent, b.mantissa)) << b.dtype;
    EXPECT_NE(s.error.find(b.word), std::string::npos) << s.error;
    json now = json::parse(StateJson(s));
    json was = json::parse(before);
    EXPECT_EQ(now["bits"], was["bits"]) << b.dtype;  // the explorer is kept
    EXPECT_EQ(now["estimate"], was["estimate"]);
  }
  EXPECT_FALSE(SetBitsPattern(s, "bf16", 0x18885));  // 17 bits
  EXPECT_EQ(s.bits.mantissa, 5u);
  // Edges decode as core says: FP16 infinity (no JSON number), E4M3's NaN, a subnormal.
  ASSERT_TRUE(SetBits(s, "fp16", 0, 31, 0));
  EXPECT_TRUE(s.error.empty());
  EXPECT_STREQ(s.bits.decoded.kind, "infinity");
  EXPECT_TRUE(json::parse(StateJson(s))["bits"]["value"].is_null());
  ASSERT_TRUE(SetBits(s, "fp8", 1, 15, 7));
  EXPECT_STREQ(s.bits.decoded.kind, "nan");
  ASSERT_TRUE(SetBits(s, "fp32", 0, 0, 1));
  EXPECT_STREQ(s.bits.decoded.kind, "subnormal");
  ExpectRelative(s.bits.decoded.value, 1.401298464324817e-45);
}

// ---- Sweeps -----------------------------------------------------------------

TEST(ui_plot_test, sweeps_are_estimate_per_point) {
  UiState s = MakeInitialState();
  SetOption(s, "gpu", "h100-80gb");
  for (const Sweep* sw : {&s.seq_sweep, &s.batch_sweep}) {
    ASSERT_GE(sw->x.size(), 2u);
    for (size_t i = 0; i < sw->x.size(); ++i) {
      if (i > 0) {
        EXPECT_GT(sw->x[i], sw->x[i - 1]);
      }
      Workload w = s.workload;
      (sw->axis == SweepAxis::kSeq ? w.seq : w.batch) = sw->x[i];
      const Result<Estimate> e = estimate(s.model, w, s.hardware);
      ASSERT_TRUE(e.ok());
      EXPECT_EQ(sw->totals[i], e.value().per_gpu_bytes);
      for (int c = 0; c < kComponentCount; ++c) {
        EXPECT_EQ(sw->bytes[i][static_cast<size_t>(c)],
                  e.value().components[static_cast<size_t>(c)].bytes);
      }
    }
  }
  EXPECT_EQ(s.seq_sweep.x.front(), 128u);
  EXPECT_EQ(s.batch_sweep.x.front(), 1u);
  // Four points per doubling: 128, 152, 181, 215, 256, ...
  EXPECT_EQ(s.seq_sweep.x[1], 152u);
  EXPECT_EQ(s.seq_sweep.x[4], 256u);
}

TEST(ui_plot_test, sweep_stops_past_twice_the_reference) {
  const UiState s = MakeInitialState();
  SweepOptions o;
  o.last = 1u << 20;
  const Sweep sw = RunSweep(s.model, s.workload, s.hardware, SweepAxis::kSeq, o);
  const uint64_t ref = s.estimate->per_gpu_bytes;
  ASSERT_GE(sw.totals.size(), 2u);
  for (size_t i = 0; i + 1 < sw.totals.size(); ++i) EXPECT_LE(sw.totals[i], 2 * ref);
  EXPECT_GT(sw.totals.back(), 2 * ref);  // the sweep went that far (seq^2 attention scores)
}

// ---- Font coverage ----------------------------------------------------------

// Every non-ASCII character in core's sources (formulas, notes, messages) is one
// the UI font is rasterised for; anything else would draw as '?'.
TEST(ui_plot_test, the_ui_font_covers_every_character_core_writes) {
  const ImWchar* ranges = UiGlyphRanges();
  const auto covered = [&](uint32_t cp) {
    for (const ImWchar* r = ranges; r[0] != 0; r += 2) {
      if (cp >= r[0] && cp <= r[1]) return true;
    }
    return false;
  };
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(VRAMCALC_CORE_DIR)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".cpp" && ext != ".h") continue;
    ++files;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    for (size_t i = 0; i < text.size();) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c < 0x80) {
        ++i;
        continue;
      }
      const int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      uint32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
      for (int k = 1; k < len && i + static_cast<size_t>(k) < text.size(); ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(text[i + static_cast<size_t>(k)]) & 0x3F);
      }
      EXPECT_TRUE(covered(cp)) << entry.path().filename().string() << ": U+" << std::hex << cp;
      i += static_cast<size_t>(len);
    }
  }
  EXPECT_GT(files, 10u);
}

// ---- Plot layout ------------------------------------------------------------

TEST(ui_plot_test, nice_steps_are_1_2_5_times_powers_of_ten) {
  EXPECT_DOUBLE_EQ(NiceStep(0.3), 0.5);
  EXPECT_DOUBLE_EQ(NiceStep(1.0), 1.0);
  EXPECT_DOUBLE_EQ(NiceStep(1.01), 2.0);
  EXPECT_DOUBLE_EQ(NiceStep(3.2), 5.0);
  EXPECT_DOUBLE_EQ(NiceStep(7), 10.0);
  EXPECT_DOUBLE_EQ(NiceStep(2000), 2000.0);
  EXPECT_DOUBLE_EQ(NiceStep(0), 1.0);
}

TEST(ui_plot_test, plot_layout_maps_bytes_and_log_x_to_pixels) {
  PlotInput in;
  in.x = {1, 2, 4, 8};
  constexpr uint64_t G = 1000000000;
  in.bands = {{10 * G, 10 * G, 10 * G, 10 * G}, {0, 5 * G, 10 * G, 20 * G}};  // weights, KV
  in.capacity_bytes = 20 * G;
  in.marker_x = 2;
  in.unit_bytes = 1e9;
  in.min_tick_spacing = 10;
  const PlotRect r{100, 50, 400, 350};  // 300 x 300 pixels
  const PlotLayout lay = LayoutStackedPlot(in, r);
  ASSERT_TRUE(lay.valid);
  // Max total 30e9 -> steps of NiceStep(30 / 5) = 10 GB -> top 30e9.
  EXPECT_EQ(lay.y_max_bytes, 30000000000u);
  ASSERT_EQ(lay.y_ticks.size(), 4u);
  EXPECT_FLOAT_EQ(lay.y_ticks[0].pixel, 350);
  EXPECT_EQ(lay.y_ticks[3].value, 30000000000u);
  EXPECT_FLOAT_EQ(lay.y_ticks[3].pixel, 50);
  // log2 x: 1, 2, 4, 8 evenly spaced.
  EXPECT_FLOAT_EQ(lay.px[0], 100);
  EXPECT_FLOAT_EQ(lay.px[1], 200);
  EXPECT_FLOAT_EQ(lay.px[3], 400);
  // Band tops: 10 GB of 30 -> 100 px up; 10 + 20 GB -> the top.
  EXPECT_FLOAT_EQ(lay.edges[0][0], 250);
  EXPECT_FLOAT_EQ(lay.edges[1][0], 250);  // no KV at x = 1
  EXPECT_FLOAT_EQ(lay.edges[1][3], 50);
  EXPECT_TRUE(lay.has_capacity);
  EXPECT_FLOAT_EQ(lay.capacity_y, 150);
  EXPECT_TRUE(lay.has_marker);
  EXPECT_FLOAT_EQ(lay.marker_px, 200);
  ASSERT_EQ(lay.x_ticks.size(), 4u);
  EXPECT_EQ(lay.x_ticks[2].value, 4u);
}

TEST(ui_plot_test, plot_layout_thins_x_ticks_and_keeps_the_last) {
  PlotInput in;
  for (uint64_t x = 1; x <= 1024; x *= 2) in.x.push_back(x);  // 11 points, 30 px apart
  in.bands = {std::vector<uint64_t>(in.x.size(), 1)};
  in.min_tick_spacing = 50;
  const PlotLayout lay = LayoutStackedPlot(in, PlotRect{0, 0, 300, 100});
  ASSERT_TRUE(lay.valid);
  ASSERT_GE(lay.x_ticks.size(), 2u);
  EXPECT_EQ(lay.x_ticks.front().value, 1u);
  EXPECT_EQ(lay.x_ticks.back().value, 1024u);
  for (size_t i = 1; i < lay.x_ticks.size(); ++i) {
    EXPECT_GE(lay.x_ticks[i].pixel - lay.x_ticks[i - 1].pixel, 50.0f - 1e-3f);
  }
  // Points between powers of two get no tick.
  in.x = {128, 152, 181, 215, 256};
  in.bands = {{1, 1, 1, 1, 1}};
  in.min_tick_spacing = 1;
  const PlotLayout two = LayoutStackedPlot(in, PlotRect{0, 0, 300, 100});
  ASSERT_EQ(two.x_ticks.size(), 2u);
  EXPECT_EQ(two.x_ticks[1].value, 256u);
}

TEST(ui_plot_test, plot_layout_survives_huge_values_and_rejects_bad_input) {
  PlotInput in;
  in.x = {1, 2};
  in.bands = {{UINT64_MAX, UINT64_MAX}, {UINT64_MAX, UINT64_MAX}};  // sum past 2^64
  const PlotLayout lay = LayoutStackedPlot(in, PlotRect{0, 0, 100, 100});
  ASSERT_TRUE(lay.valid);
  EXPECT_EQ(lay.y_max_bytes, UINT64_MAX);
  // Two equal bands: the lower one's top halfway between the bottom and the top band's.
  EXPECT_GE(lay.edges[1][0], 0.0f);
  EXPECT_LT(lay.edges[1][0], lay.edges[0][0]);
  EXPECT_NEAR(100.0f - lay.edges[0][0], (100.0f - lay.edges[1][0]) / 2, 0.01f);
  // One point, a zero x, mismatched bands, an empty rectangle: nothing to plot.
  EXPECT_FALSE(LayoutStackedPlot(PlotInput{{1}, {{1}}}, PlotRect{0, 0, 100, 100}).valid);
  EXPECT_FALSE(LayoutStackedPlot(PlotInput{{0, 1}, {{1, 1}}}, PlotRect{0, 0, 100, 100}).valid);
  EXPECT_FALSE(LayoutStackedPlot(PlotInput{{1, 2}, {{1}}}, PlotRect{0, 0, 100, 100}).valid);
  EXPECT_FALSE(LayoutStackedPlot(PlotInput{{1, 2}, {{1, 1}}}, PlotRect{0, 0, 0, 100}).valid);
  // All zero bytes: a flat plot at the bottom, still valid.
  const PlotLayout flat = LayoutStackedPlot(PlotInput{{1, 2}, {{0, 0}}}, PlotRect{0, 0, 100, 100});
  ASSERT_TRUE(flat.valid);
  EXPECT_FLOAT_EQ(flat.edges[0][1], 100.0f);
}

}  // namespace
}  // namespace vramcalc::ui
