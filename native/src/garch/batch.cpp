// Host batch driver; see batch.hpp.
#include "batch.hpp"

#include <algorithm>
#include <thread>
#include <vector>

namespace tc {
namespace garch {

namespace {

void fit_one(const GarchSpec& spec, const GarchForecastOptions* forecast, const double* x, int n,
             int index, int k, double* ws, const GarchBatchOutput& out) {
  GarchFitResult r;
  garch_fit_series(spec, x, n, ws, &r);
  auto put = [&](double* dst, const double* src) {
    if (dst) for (int j = 0; j < k; ++j) dst[static_cast<size_t>(index) * k + j] = src[j];
  };
  put(out.params, r.params);
  put(out.stdErr, r.stdErr);
  put(out.stdErrRobust, r.stdErrRobust);
  if (out.loglik) out.loglik[index] = r.loglik;
  if (out.aic) out.aic[index] = r.aic;
  if (out.bic) out.bic[index] = r.bic;
  if (out.persistence) out.persistence[index] = r.persistence;
  if (out.uncondVariance) out.uncondVariance[index] = r.uncondVariance;
  if (out.converged) out.converged[index] = r.converged;
  if (out.reason) out.reason[index] = r.reason;
  if (out.iterations) out.iterations[index] = r.iterations;
  if (!forecast || forecast->horizon <= 0) return;
  const int H = forecast->horizon, V = forecast->nLevels;
  GarchForecastOptions o = *forecast;
  o.seriesId = static_cast<uint32_t>(index);
  std::vector<double> mean(H), var(H), vl(V > 0 ? V : 1), es(V > 0 ? V : 1);
  const bool fitted = is_finite(r.loglik);
  if (fitted) garch_forecast_series(spec, r.params, x, n, ws, o, mean.data(), var.data(), vl.data(), es.data());
  for (int h = 0; h < H; ++h) {
    if (out.forecastMean) out.forecastMean[static_cast<size_t>(index) * H + h] = fitted ? mean[h] : kNaN;
    if (out.forecastVariance) out.forecastVariance[static_cast<size_t>(index) * H + h] = fitted ? var[h] : kNaN;
  }
  for (int l = 0; l < V; ++l) {
    if (out.valueAtRisk) out.valueAtRisk[static_cast<size_t>(index) * V + l] = fitted ? vl[l] : kNaN;
    if (out.expectedShortfall) out.expectedShortfall[static_cast<size_t>(index) * V + l] = fitted ? es[l] : kNaN;
  }
}

}  // namespace

void garch_fit_batch(const GarchSpec& spec, const GarchForecastOptions* forecast,
                     const double* values, const int64_t* offsets, int nSeries,
                     const GarchBatchOutput& out, int threads) {
  const int k = make_layout(spec).k;
  int64_t maxN = 0;
  for (int i = 0; i < nSeries; ++i) maxN = std::max(maxN, offsets[i + 1] - offsets[i]);
  threads = std::max(1, std::min(threads, nSeries));
  // Strided split: series are of similar length, so static striding balances well enough and
  // keeps the driver free of shared state; the addon's pool can call fit per series instead.
  auto worker = [&](int w) {
    std::vector<double> ws(garch_workspace_doubles(static_cast<int>(maxN)) + 1);
    for (int i = w; i < nSeries; i += threads)
      fit_one(spec, forecast, values + offsets[i], static_cast<int>(offsets[i + 1] - offsets[i]), i, k,
              ws.data(), out);
  };
  if (threads == 1) { worker(0); return; }
  std::vector<std::thread> pool;
  for (int w = 0; w < threads; ++w) pool.emplace_back(worker, w);
  for (auto& t : pool) t.join();
}

int garch_param_names(const GarchSpec& spec, const char* names[kMaxParams]) {
  static const char* const ar[] = {"ar1", "ar2"};
  static const char* const ma[] = {"ma1", "ma2"};
  static const char* const alpha[] = {"alpha1", "alpha2"};
  static const char* const gamma[] = {"gamma1", "gamma2"};
  static const char* const beta[] = {"beta1", "beta2"};
  const GarchLayout L = make_layout(spec);
  if (L.iMu >= 0) names[L.iMu] = "mu";
  for (int i = 0; i < L.nAr; ++i) names[L.iAr + i] = ar[i];
  for (int i = 0; i < L.nMa; ++i) names[L.iMa + i] = ma[i];
  names[L.iOmega] = "omega";
  for (int i = 0; i < L.nAlpha; ++i) names[L.iAlpha + i] = alpha[i];
  for (int i = 0; i < L.nGamma; ++i) names[L.iGamma + i] = gamma[i];
  for (int i = 0; i < L.nBeta; ++i) names[L.iBeta + i] = beta[i];
  if (L.iDelta >= 0) names[L.iDelta] = "delta";
  if (L.iSkew >= 0) names[L.iSkew] = "skew";
  if (L.iShape >= 0) names[L.iShape] = "shape";
  return L.k;
}

}  // namespace garch
}  // namespace tc
