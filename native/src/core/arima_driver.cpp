#include "arima_driver.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <cmath>
#include <limits>

#include "../arima/arima.hpp"
#include "arima_series.hpp"
#include "series_loop.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
int tc_arima_auto_series_avx2(const double* x, int n, const void* opt, double* ws, void* out, void* warm);
#endif

namespace tc {

namespace {

using arima::ArimaResult;
using arima::ArimaSpec;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The AVX2 build of the search (native/src/arima/auto_avx2.cpp) where the CPU has AVX2, unless
// TENSORCAST_NATIVE_ISA=baseline asks for the baseline build (read once per batch; tests compare the two).
bool use_avx2() {
#if defined(__x86_64__) && defined(__GNUC__)
  const char* isa = std::getenv("TENSORCAST_NATIVE_ISA");
  if (isa && std::strcmp(isa, "baseline") == 0) return false;
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

int auto_search(bool avx2, const double* x, int n, const arima::AutoOptions& opt, double* ws, arima::AutoResult* out,
                arima::WarmStarts* warm) {
#if defined(__x86_64__) && defined(__GNUC__)
  if (avx2) return tc_arima_auto_series_avx2(x, n, &opt, ws, out, warm);
#else
  (void)avx2;
#endif
  return arima::arima_auto_series(x, n, opt, ws, out, warm);
}

// The coef-slot row (ar 0..2, ma 3..5, sar1 6, sma1 7, intercept|drift 8) <-> the kernel layout.
constexpr int kSlotOf[] = {0, 3, 6, 7, 8};

// One series: fit (the shared per-series code, arima_series.hpp) or the automatic search (host
// only) between the same row opening and closing. Writes row i of every output.
void process_series(const ArimaBatchJob& job, const SeriesTask& t) {
  const ArimaBatchSettings& set = job.settings;
  const std::size_t i = t.i;
  const double* warmIn = set.warm_in.empty() ? nullptr : set.warm_in.data() + i * kArimaWarmRowDoubles;
  if (!set.automatic) {
    arima_fixed_row(set.spec, t.x, t.n, t.ws, warmIn, set.horizon, job.out, i);  // the kernel never allocates
    return;
  }
  arima::WarmStarts warm;
  arima_row_begin(job.out, i, set.horizon, set.spec, warmIn, &warm);
  arima::AutoResult res;
  const int status = auto_search(job.avx2, t.x, t.n, set.auto_options, t.ws, &res, &warm);
  job.out.models_fitted[i] = res.modelsFitted;
  ArimaSpec spec = set.spec;
  if (status == tc::kOk) {
    spec = res.spec;
  } else {
    // the differencing the search settled on, for the error message
    spec.d = res.d;
    spec.sd = res.sd;
  }
  ArimaSeriesTests tests;
  tests.kpss = res.kpss;
  tests.adf = res.adf;
  tests.ocsb = res.ocsb;
  arima_row_end(job.out, i, set.horizon, spec, status, res.fit, res.diagnostics, tests, warm.used, t.x, t.n, t.ws);
}

void forecast_fixed(const ArimaForecastJob& job, const SeriesTask& t) {
  const std::size_t i = t.i;
  const std::size_t h = static_cast<std::size_t>(job.horizon);
  double* mean = nan_row(job.forecast_mean, i, h);
  double* var = nan_row(job.forecast_variance, i, h);
  const int32_t* o = job.order.data() + i * kArimaOrderSlots;
  ArimaSpec spec;
  spec.p = o[0]; spec.d = o[1]; spec.q = o[2]; spec.sp = o[3]; spec.sd = o[4]; spec.sq = o[5];
  spec.period = o[6]; spec.constant = o[7];
  if (!arima::arima_spec_valid(spec)) {
    job.status[i] = tc::kBadParameter;
    return;
  }
  const arima::ArimaLayout layout = arima::arima_layout(spec);
  ArimaResult fit;
  for (double& c : fit.coef) c = kNaN;
  const double* coef = job.coef.data() + i * kArimaCoefSlots;
  const int first[] = {layout.iAr, layout.iMa, layout.iSar, layout.iSma, layout.iConst};
  const int count[] = {spec.p, spec.q, spec.sp, spec.sq, layout.iConst >= 0 ? 1 : 0};
  for (int g = 0; g < 5; ++g)
    for (int j = 0; j < count[g]; ++j) fit.coef[first[g] + j] = coef[kSlotOf[g] + j];
  fit.sigma2 = job.sigma2[i];
  job.status[i] = arima::arima_forecast_series(spec, t.x, t.n, fit, fit.sigma2, job.horizon, t.ws, mean, var);
  for (std::size_t k = 0; k < h; ++k) {
    mean[k] = finite_or_nan(mean[k]);
    var[k] = finite_or_nan(var[k]);
  }
}

struct ScheduleScratch {};

// The order an automatic search visits the series in: costliest first by a cheap hint, so one slow
// series does not start last and run alone (native/src/arima/STATUS.md, "Load balance"). The slow
// searches are over-differenced series: differenced white noise has lag-1 autocorrelation near
// -0.5, every MA candidate then has a root near -1 and the exact likelihood's start-up runs the
// whole series. Hint: minus the lag-1 autocorrelation of the series differenced d times (d as the
// search will choose it, by KPSS), 0 when d = 0. Results do not depend on the order.
std::vector<std::size_t> search_order(ThreadPool& pool, const ArimaBatchJob& job) {
  const std::size_t count = job.in.count;
  std::vector<std::size_t> order(count);
  for (std::size_t i = 0; i < count; ++i) order[i] = i;
  if (!job.settings.automatic || count <= pool.threads()) return order;
  const arima::AutoOptions& opt = job.settings.auto_options;
  std::vector<double> hint(count, 0.0);
  pool.parallel_for(count, [&](std::size_t i) {
    const int32_t begin = job.in.offsets[i];
    const int n = job.in.offsets[i + 1] - begin;
    if (n < 8) return;
    const double* x = job.in.values + begin;
    double* w = thread_workspace<ScheduleScratch>(static_cast<std::size_t>(n));
    int d;
    if (opt.d >= 0) {
      for (int t = 0; t < n; ++t) w[t] = x[t];
      for (d = 0; d < opt.d; ++d)
        for (int t = 0; t + 1 < n - d; ++t) w[t] = w[t + 1] - w[t];
    } else {
      d = arima::ndiffs_kpss(x, n, opt.kpssAlpha, opt.maxD, w);  // leaves w differenced d times
    }
    const int m = n - d;
    if (d == 0 || m < 4) return;
    double mean = 0.0;
    for (int t = 0; t < m; ++t) mean += w[t];
    mean /= m;
    double c0 = 0.0, c1 = 0.0;
    for (int t = 0; t < m; ++t) c0 += (w[t] - mean) * (w[t] - mean);
    for (int t = 1; t < m; ++t) c1 += (w[t] - mean) * (w[t - 1] - mean);
    if (c0 > 0.0 && std::isfinite(c1 / c0)) hint[i] = -c1 / c0;
  });
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return hint[a] > hint[b]; });
  return order;
}

}  // namespace

void run_arima_forecast(ThreadPool& pool, const ArimaForecastJob& job) {
  const auto workspace_doubles = [](int n) { return std::max<long>(arima::arima_workspace_doubles(n), 1); };
  for_each_series(pool, job, workspace_doubles, forecast_fixed);
}

void run_arima_batch(ThreadPool& pool, const ArimaBatchJob& job) {
  // arima_workspace_doubles is a long; never below 1
  const auto workspace_doubles = [](int n) { return std::max<long>(arima::arima_workspace_doubles(n), 1); };
  ArimaBatchJob run = job;
  run.avx2 = use_avx2();
  for_each_series_in(pool, run, search_order(pool, run), workspace_doubles, process_series);
}

}  // namespace tc
