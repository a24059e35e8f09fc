// The memory plot's data -> pixel layout, kept apart from drawing (ImPlot's
// stages): a pure function from the sweep's bytes to band edges, axis ticks and
// the GPU capacity line, so it can be unit-tested without an ImGui context. The
// x axis is logarithmic (sequence lengths and batch sizes double), the y axis
// linear from 0 bytes to a rounded maximum.
#pragma once

#include <cstdint>
#include <vector>

namespace vramcalc::ui {

// A rectangle in pixels; y grows downwards, as on screen.
struct PlotRect {
  float x0 = 0, y0 = 0;  // top-left, pixels
  float x1 = 0, y1 = 0;  // bottom-right, pixels
};

struct PlotInput {
  std::vector<uint64_t> x;                   // sweep values, > 0 and increasing (tokens, batch)
  std::vector<std::vector<uint64_t>> bands;  // bands[b][i]: bytes of band b at x[i], stacked
                                             // bottom-up in this order
  uint64_t capacity_bytes = 0;               // GPU memory line (0: none)
  uint64_t marker_x = 0;                     // the current value, drawn as a marker (0: none)
  double unit_bytes = 1e9;                   // y ticks are round in this unit (1e9 or 2^30)
  float min_tick_spacing = 48.0f;            // pixels between x tick labels, at least
  bool ticks_at_powers_of_two = true;        // x ticks only where x is a power of two
                                             // (when at least two are), else at any point
};

struct PlotTick {
  float pixel;     // x (for x ticks) or y (for y ticks), pixels
  uint64_t value;  // sweep value or bytes at that pixel
};

struct PlotLayout {
  bool valid = false;        // false: fewer than 2 points or an empty rectangle
  uint64_t y_max_bytes = 0;  // bytes at the top edge (a rounded value >= every total)
  std::vector<float> px;     // x pixel of each point
  // edges[b][i]: y pixel of the top of band b at point i; the bottom of band 0 is
  // the rectangle's bottom, the bottom of band b > 0 is edges[b - 1][i].
  std::vector<std::vector<float>> edges;
  bool has_capacity = false;      // capacity_bytes > 0 (then capacity_y is set)
  float capacity_y = 0;           // y pixel of the GPU capacity line
  bool has_marker = false;        // marker_x lies within the sweep
  float marker_px = 0;            // x pixel of the marker
  std::vector<PlotTick> x_ticks;  // at sweep points (powers of two), thinned to
                                  // min_tick_spacing; the last candidate always kept
  std::vector<PlotTick> y_ticks;  // 0 and multiples of a round step up to y_max_bytes
};

// The layout of `in` in `rect`. Totals are summed in long double, so byte counts
// near 2^64 keep their proportions and never overflow.
PlotLayout LayoutStackedPlot(const PlotInput& in, const PlotRect& rect);

// The smallest "round" number >= v > 0: 1, 2 or 5 x 10^k (k may be negative).
double NiceStep(double v);

}  // namespace vramcalc::ui
