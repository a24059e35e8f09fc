// Plot layout (see plot_layout.h): arithmetic on pixels only; the bytes come from
// core's estimate() per point and are only scaled here.
#include "plot_layout.h"

#include <algorithm>
#include <cmath>

namespace vramcalc::ui {
namespace {

constexpr int kTargetYTicks = 5;  // about this many steps from 0 to the top

}  // namespace

double NiceStep(double v) {
  if (!(v > 0)) return 1.0;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    // A relative tolerance keeps 2.0000000001 (rounding of a division) at 2.
    if (m * p >= v * (1.0 - 1e-12)) return m * p;
  }
  return 10.0 * p;
}

PlotLayout LayoutStackedPlot(const PlotInput& in, const PlotRect& rect) {
  PlotLayout out;
  const size_t n = in.x.size();
  const float w = rect.x1 - rect.x0;
  const float h = rect.y1 - rect.y0;
  if (n < 2 || !(w > 1.0f) || !(h > 1.0f) || in.x.front() == 0 || in.x.back() <= in.x.front()) {
    return out;
  }
  for (const std::vector<uint64_t>& band : in.bands) {
    if (band.size() != n) return out;
  }

  // Stacked totals per point, bottom-up.
  std::vector<std::vector<long double>> tops(in.bands.size(), std::vector<long double>(n, 0));
  long double max_total = 0;
  for (size_t i = 0; i < n; ++i) {
    long double acc = 0;
    for (size_t b = 0; b < in.bands.size(); ++b) {
      acc += static_cast<long double>(in.bands[b][i]);
      tops[b][i] = acc;
    }
    max_total = std::max(max_total, acc);
  }
  max_total = std::max(max_total, static_cast<long double>(in.capacity_bytes));

  // y: 0 .. a whole number of round steps (in the display unit) above every total.
  const double unit = in.unit_bytes > 0 ? in.unit_bytes : 1.0;
  const long double step_units = NiceStep(static_cast<double>(max_total / unit) / kTargetYTicks);
  const long double step = step_units * unit;
  long double steps = max_total > 0 ? std::ceil(max_total / step) : 1;
  if (steps < 1) steps = 1;
  const long double y_max = steps * step;
  out.y_max_bytes = y_max >= 1.8e19L ? UINT64_MAX : static_cast<uint64_t>(y_max);
  const auto to_y = [&](long double bytes) {
    return rect.y1 - static_cast<float>(bytes / y_max * static_cast<long double>(h));
  };
  for (long double k = 0; k <= steps; ++k) {
    const long double v = k * step;
    out.y_ticks.push_back({to_y(v), v >= 1.8e19L ? UINT64_MAX : static_cast<uint64_t>(v)});
  }

  // x: logarithmic between the first and the last sweep value.
  const double lx0 = std::log(static_cast<double>(in.x.front()));
  const double lx1 = std::log(static_cast<double>(in.x.back()));
  const auto to_x = [&](uint64_t x) {
    return rect.x0 + static_cast<float>((std::log(static_cast<double>(x)) - lx0) / (lx1 - lx0)) * w;
  };
  out.px.reserve(n);
  for (uint64_t x : in.x) out.px.push_back(to_x(x));
  out.edges.assign(in.bands.size(), std::vector<float>(n, rect.y1));
  for (size_t b = 0; b < in.bands.size(); ++b) {
    for (size_t i = 0; i < n; ++i) out.edges[b][i] = to_y(tops[b][i]);
  }

  // Ticks at sweep points (powers of two when there are two or more), skipping
  // those closer than min_tick_spacing to the last one kept; the last candidate is
  // always labelled (replacing a close neighbour).
  std::vector<size_t> candidates;
  for (size_t i = 0; i < n; ++i) {
    if ((in.x[i] & (in.x[i] - 1)) == 0) candidates.push_back(i);
  }
  if (!in.ticks_at_powers_of_two || candidates.size() < 2) {
    candidates.clear();
    for (size_t i = 0; i < n; ++i) candidates.push_back(i);
  }
  for (size_t k = 0; k < candidates.size(); ++k) {
    const size_t i = candidates[k];
    const bool last = k + 1 == candidates.size();
    if (!out.x_ticks.empty() && out.px[i] - out.x_ticks.back().pixel < in.min_tick_spacing) {
      if (!last) continue;
      if (out.x_ticks.size() > 1) out.x_ticks.pop_back();
    }
    out.x_ticks.push_back({out.px[i], in.x[i]});
  }

  if (in.capacity_bytes > 0) {
    out.has_capacity = true;
    out.capacity_y = to_y(static_cast<long double>(in.capacity_bytes));
  }
  if (in.marker_x >= in.x.front() && in.marker_x <= in.x.back()) {
    out.has_marker = true;
    out.marker_px = to_x(in.marker_x);
  }
  out.valid = true;
  return out;
}

}  // namespace vramcalc::ui
