// Exact-ML ARIMA(1,0,1) and (2,0,2) with mean on the 30 Dow return series against R
// (bench/reference/arima_reference.R -> tests/reference/arima_dow30.json):
//   likelihood identity : our loglik evaluated at R's default coefficients equals R's loglik
//                         (|diff| <= 1e-6): the same function, independent of any optimiser;
//   optimum             : our loglik >= R's default stats::arima(method = "ML") - 1e-4 (higher is
//                         allowed: R's optim stops on reltol 1e-8 with 1e-3 finite-difference
//                         gradients, and at maxit = 100 -- code 1 -- on many (2,2) fits);
//   estimates           : every coefficient within 0.1 R s.e. of R's tightly converged fit
//                         (optim reltol 1e-14, maxit 2000: R's own optimum), when that fit has
//                         finite s.e.; and our loglik >= that fit's - 1e-4;
//   forecasts           : 10-step mean and s.e. within 0.02 s.e. / 2% of R's tight predict().
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "../../src/arima/arima.hpp"
#include "test_data.hpp"

using namespace tc::arima;

namespace {


std::string coef_name(const ArimaSpec& s, const ArimaLayout& L, int i) {
  if (i == L.iConst) return "intercept";
  if (i < L.iMa) return "ar" + std::to_string(i - L.iAr + 1);
  if (i < L.iSar) return "ma" + std::to_string(i - L.iMa + 1);
  (void)s;
  return "?";
}

}  // namespace

int main() {
  const auto ref = arimatest::read_json("tests/reference/arima_dow30.json");
  const auto dow = arimatest::load_dow30();
  int failures = 0;
  double worstLl = 0, worstSe = 0, worstFc = 0, worstIdent = 0;
  int betterCount = 0, excluded = 0;
  double seconds = 0;
  for (const auto& s : dow) {
    const auto x = arimatest::log_returns_pct(s.close);
    const int n = static_cast<int>(x.size());
    std::vector<double> ws(arima_workspace_doubles(n));
    for (int order : {1, 2}) {
      const std::string key = order == 1 ? "arma11" : "arma22";
      const auto& r = ref[s.ticker][key];
      const auto& rt = ref[s.ticker][key + "_tight"];
      ArimaSpec spec;
      spec.p = order; spec.q = order; spec.constant = 1;
      ArimaResult fit;
      const auto t0 = std::chrono::steady_clock::now();
      const int st = arima_fit_series(spec, x.data(), n, ws.data(), &fit);
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      bool ok = st == 0;
      const ArimaLayout L = arima_layout(spec);
      // likelihood identity at R's coefficients
      double rc[kMaxCoef];
      for (int i = 0; i < L.k; ++i) rc[i] = r["coef"][coef_name(spec, L, i)].number();
      ArimaResult atR;
      std::vector<double> ws2(arima_workspace_doubles(n));
      const int est = arima_evaluate_series(spec, x.data(), n, rc, ws2.data(), &atR);
      const double dIdent = atR.loglik - r["loglik"].number();
      ok = ok && est == 0 && std::fabs(dIdent) <= 1e-6;
      worstIdent = std::fmax(worstIdent, std::fabs(dIdent));
      const double dll = fit.loglik - r["loglik"].number();
      const double dllT = fit.loglik - rt["loglik"].number();
      ok = ok && dll >= -1e-4;
      worstLl = std::fmin(worstLl, dll);
      double maxSeDev = 0;
      bool seFinite = true;
      for (int i = 0; i < L.k; ++i) {
        const std::string nm = coef_name(spec, L, i);
        const double se = rt["se"][nm].number();
        if (!(se > 0)) { seFinite = false; continue; }
        maxSeDev = std::fmax(maxSeDev, std::fabs(fit.coef[i] - rt["coef"][nm].number()) / se);
      }
      // R's tight search can stop below our optimum (then there is nothing to match: the
      // likelihood identity above shows ours is the higher point of the same function), or sit on
      // the MA unit circle, which our invertible parametrisation (and auto.arima's 1.01 root rule)
      // excludes; both are reported, not hidden
      double rma[kMaxQ];
      for (int i = 0; i < spec.q; ++i) rma[i] = rt["coef"]["ma" + std::to_string(i + 1)].number();
      const bool rBoundary = !ma_roots_outside(spec.q, rma, 1.001);
      const bool better = dllT > 1e-3;
      const char* verdict = "";
      if (!(rBoundary && dllT < 0)) ok = ok && dllT >= -1e-4;
      if (rBoundary && dllT < 0) {
        verdict = " [R tight optimum on the MA unit circle: excluded]";
        ok = st == 0 && est == 0 && std::fabs(dIdent) <= 1e-6 && dll >= -1e-4;
        ++excluded;
      } else if (better) {
        verdict = " [ours higher than R's tight optimum: R stopped short]";
        ++betterCount;
      } else if (seFinite) {
        ok = ok && maxSeDev <= 0.1;
        worstSe = std::fmax(worstSe, maxSeDev);
      }
      double fcDev = 0;
      if (st == 0) {
        double mean[10], var[10];
        const int fst = arima_forecast_series(spec, x.data(), n, fit, fit.sigma2, 10, ws.data(), mean, var);
        ok = ok && fst == 0;
        for (int h = 0; h < 10; ++h) {
          const double rse = rt["pred_se"][h].number();
          fcDev = std::fmax(fcDev, std::fabs(mean[h] - rt["pred_mean"][h].number()) / rse);
          fcDev = std::fmax(fcDev, std::fabs(std::sqrt(var[h]) - rse) / rse);
        }
        if (seFinite && !better && !rBoundary) ok = ok && fcDev < 2e-2;
      }
      worstFc = std::fmax(worstFc, fcDev);
      std::printf("%-5s %s  %s  ll=%.6f R=%.6f (code %g) dll=%+.1e R tight dll=%+.1e | ll(R coef)-R=%+.1e | coef dev %.4f se%s fc dev %.1e%s\n",
                  s.ticker.c_str(), key.c_str(), ok ? "PASS" : "FAIL", fit.loglik,
                  r["loglik"].number(), r["code"].number(), dll, dllT, dIdent, maxSeDev,
                  seFinite ? "" : " (R s.e. NaN: n/a)", fcDev, verdict);
      if (!ok) ++failures;
    }
  }
  std::printf("worst: loglik identity %.1e, loglik vs R %+.1e, coef dev %.4f se, forecast dev %.1e; "
              "60 fits (with s.e.) %.1f ms\n", worstIdent, worstLl, worstSe, worstFc, seconds * 1e3);
  std::printf("%d fits higher than R's tight optimum, %d excluded (R on the MA unit circle)\n",
              betterCount, excluded);
  std::printf("%s: %d failures\n", failures ? "FAIL" : "PASS", failures);
  return failures ? 1 : 0;
}
