// The CUDA path's memory layout, checked on the host: series fitted through Strided views into the
// time-major interleave of native/src/cuda/interleave.hpp (groups of 32, padding filled with NaN so
// a read outside a lane's own series would show) give bit-for-bit the results of the same series
// fitted contiguous, for the fast GARCH(1,1) pass, the generic composition, and the simulated
// forecast path's start and steps (vol_path_start / vol_path_step, the GPU Monte Carlo's pieces).
// Series: synthetic GARCH(1,1) returns of lengths 150..1,100 (an LCG, independent of the kernel),
// plus a constant and a too-short one, so error paths also run through the views.
#include <cmath>
#include <cstdio>
#include <algorithm>
#include <cstring>
#include <vector>

#include "../../src/cuda/interleave.hpp"
#include "../../src/garch/advance.hpp"
#include "../../src/garch/garch.hpp"
#include "test_util.hpp"

using namespace tc::garch;
using tc::Strided;

namespace {

std::vector<std::vector<double>> make_series(int count) {
  std::vector<std::vector<double>> out;
  unsigned long long s = 88172645463325252ull;
  auto u = [&]() { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return ((s >> 11) + 0.5) / 9007199254740992.0; };
  for (int k = 0; k < count; ++k) {
    const int n = 150 + (k * 137) % 950;
    std::vector<double> x(n);
    double h = 1.0, e = 0.0;
    for (int t = 0; t < n; ++t) {
      h = 0.05 + 0.09 * e * e + 0.88 * h;
      e = std::sqrt(h) * std::sqrt(-2.0 * std::log(u())) * std::cos(6.283185307179586 * u());
      x[t] = 0.03 + e;
    }
    out.push_back(x);
  }
  out.push_back(std::vector<double>(400, 1.25));  // constant: degenerate data
  out.push_back(std::vector<double>(12, 0.5));    // too short
  return out;
}

bool same(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }
const double kSentinel = -7.77e300;

}  // namespace

int main() {
  const auto series = make_series(70);
  const int m = static_cast<int>(series.size());
  std::vector<int32_t> offsets(m + 1, 0);
  for (int i = 0; i < m; ++i) offsets[i + 1] = offsets[i] + static_cast<int32_t>(series[i].size());
  std::vector<int64_t> plan(tc::cuda::group_count(m) + 1);
  const int64_t total = tc::cuda::plan_groups(offsets.data(), m, plan.data());
  std::vector<double> xi(total, std::nan("")), wsi(2 * total, std::nan(""));
  for (int i = 0; i < m; ++i) {
    const Strided<double> v = tc::cuda::lane_view(xi.data(), plan.data(), i, 1);
    for (size_t t = 0; t < series[i].size(); ++t) v[static_cast<int>(t)] = series[i][t];
  }

  // The columns must be disjoint and inside the buffers: every series' n values and 2n workspace
  // slots claimed by exactly one series.
  tc_test::Table table;
  table.header();
  {
    std::vector<int> xOwner(xi.size(), -1), wOwner(wsi.size(), -1);
    bool disjoint = true;
    for (int i = 0; i < m && disjoint; ++i) {
      const int n = static_cast<int>(series[i].size());
      const Strided<double> xv = tc::cuda::lane_view(xi.data(), plan.data(), i, 1);
      const Strided<double> wv = tc::cuda::lane_view(wsi.data(), plan.data(), i, 2);
      for (int t = 0; t < 2 * n && disjoint; ++t) {
        const ptrdiff_t kw = &wv[t] - wsi.data();
        disjoint = kw >= 0 && kw < static_cast<ptrdiff_t>(wsi.size()) && wOwner[kw] < 0;
        if (disjoint) wOwner[kw] = i;
        if (t < n && disjoint) {
          const ptrdiff_t kx = &xv[t] - xi.data();
          disjoint = kx >= 0 && kx < static_cast<ptrdiff_t>(xi.size()) && xOwner[kx] < 0;
          if (disjoint) xOwner[kx] = i;
        }
      }
    }
    table.check("columns disjoint, in bounds", disjoint);
    int64_t points = 0;
    for (const auto& x : series) points += static_cast<int64_t>(x.size());
    std::printf("  %d series, %lld points, interleave %lld doubles (%.2fx)\n", m, static_cast<long long>(points),
                static_cast<long long>(total), static_cast<double>(total) / points);
  }

  GarchSpec specs[4];
  specs[1].vol = kVolGjr; specs[1].o = 1; specs[1].dist = kDistStd;
  specs[2].vol = kVolEgarch; specs[2].dist = kDistNormal;
  specs[3].vol = kVolAparch; specs[3].dist = kDistSstd; specs[3].delta = 1.5;
  const char* names[4] = {"GARCH(1,1)-normal (fast)", "GJR(1,1)-std", "EGARCH(1,1)-normal", "APARCH(1,1)-sstd"};
  for (int c = 0; c < 4; ++c) {
    const GarchSpec& S = specs[c];
    int fitDiff = 0, fcDiff = 0, stateDiff = 0, pathDiff = 0, converged = 0, strayWrites = 0;
    for (int i = 0; i < m; ++i) {
      const int n = static_cast<int>(series[i].size());
      std::vector<double> ws(garch_workspace_doubles(n));
      const Strided<const double> xv = tc::cuda::lane_view(static_cast<const double*>(xi.data()), plan.data(), i, 1);
      const Strided<double> wv = tc::cuda::lane_view(wsi.data(), plan.data(), i, 2);
      GarchFitResult a, b;
      garch_fit_series(S, series[i].data(), n, ws.data(), &a);
      // On the GPU the lanes run at once: series i may write only its own column (2n slots of
      // lane i % 32 in its group). Every other workspace element must keep its sentinel.
      std::fill(wsi.begin(), wsi.end(), kSentinel);
      garch_fit_series(S, xv, n, wv, &b);
      {
        std::vector<char> own(wsi.size(), 0);
        for (int t = 0; t < 2 * n; ++t) own[&wv[t] - wsi.data()] = 1;
        for (size_t k = 0; k < wsi.size(); ++k) if (!own[k] && !same(wsi[k], kSentinel)) { ++strayWrites; break; }
      }
      converged += a.converged;
      bool ok = a.converged == b.converged && a.reason == b.reason && a.iterations == b.iterations && a.fevals == b.fevals &&
                same(a.loglik, b.loglik) && same(a.aic, b.aic) && same(a.persistence, b.persistence);
      for (int j = 0; j < kMaxParams; ++j)
        ok = ok && same(a.params[j], b.params[j]) && same(a.stdErr[j], b.stdErr[j]) && same(a.stdErrRobust[j], b.stdErrRobust[j]);
      fitDiff += !ok;
      if (!std::isfinite(a.loglik)) continue;
      GarchForecastOptions fo;
      fo.horizon = 8; fo.nPaths = 64; fo.seed = 7; fo.seriesId = static_cast<uint32_t>(i);
      fo.nLevels = 2; fo.levels[0] = 0.01; fo.levels[1] = 0.05;
      double ma[8], va[8], la[2], ea[2], mb[8], vb[8], lb[2], eb[2];
      const int ra = garch_forecast_series(S, a.params, series[i].data(), n, ws.data(), fo, ma, va, la, ea);
      const int rb = garch_forecast_series(S, a.params, xv, n, wv, fo, mb, vb, lb, eb);
      bool fok = ra == rb;
      for (int k = 0; k < 8; ++k) fok = fok && same(ma[k], mb[k]) && same(va[k], vb[k]);
      for (int l = 0; l < 2; ++l) fok = fok && same(la[l], lb[l]) && same(ea[l], eb[l]);
      fcDiff += !fok;
      double sa[kStateSlots], sb[kStateSlots];
      garch_capture_state(series[i].data(), ws.data(), n, sa);
      garch_capture_state(xv, wv, n, sb);
      bool sok = true;
      for (int j = 0; j < kStateSlots; ++j) sok = sok && same(sa[j], sb[j]);
      stateDiff += !sok;
      // the GPU Monte Carlo's pieces on the strided filter: path starts and steps as on contiguous data
      if (S.vol == kVolEgarch || S.vol == kVolAparch) {
        const GarchLayout L = make_layout(S);
        const VolParams v = vol_params(S, L, a.params);
        const double h1a = next_state(S, v, ws.data(), ws.data() + n, n);
        const double h1b = next_state(S, v, wv, wv + n, n);
        VolPath pa, pb;
        vol_path_start(ws.data(), ws.data() + n, n, h1a, &pa);
        vol_path_start(wv, wv + n, n, h1b, &pb);
        bool pok = same(h1a, h1b);
        NormalDist nd;
        SstdDist sd;
        sd.prepare(a.params[L.iSkew >= 0 ? L.iSkew : 0], L.iShape >= 0 ? a.params[L.iShape] : S.shape);
        for (int k = 0; k < 6; ++k) {
          const double x1 = S.dist == kDistSstd ? vol_path_step(S, v, sd, 7, i, 3, k, &pa) : vol_path_step(S, v, nd, 7, i, 3, k, &pa);
          const double x2 = S.dist == kDistSstd ? vol_path_step(S, v, sd, 7, i, 3, k, &pb) : vol_path_step(S, v, nd, 7, i, 3, k, &pb);
          pok = pok && same(x1, x2);
        }
        pathDiff += !pok;
      }
    }
    char label[96];
    std::snprintf(label, sizeof label, "%s: fits differ", names[c]);
    table.check(label, fitDiff == 0);
    std::snprintf(label, sizeof label, "%s: forecasts differ", names[c]);
    table.check(label, fcDiff == 0);
    std::snprintf(label, sizeof label, "%s: states differ", names[c]);
    table.check(label, stateDiff == 0);
    std::snprintf(label, sizeof label, "%s: path steps differ", names[c]);
    table.check(label, pathDiff == 0);
    std::snprintf(label, sizeof label, "%s: writes outside its lane", names[c]);
    table.check(label, strayWrites == 0);
    std::snprintf(label, sizeof label, "%s: >= 60 of 70 converged", names[c]);
    table.check(label, converged >= 60);
    std::printf("  %s: %d series, %d converged; differing fits %d, forecasts %d, states %d, paths %d\n", names[c], m, converged,
                fitDiff, fcDiff, stateDiff, pathDiff);
  }
  std::printf("%s\n", table.failures == 0 ? "ALL PASS" : "FAILURES");
  return table.failures == 0 ? 0 : 1;
}
