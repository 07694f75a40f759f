// Closed-form and R checks beyond the Dow fits, plus degenerate inputs.
//   AR(1)+mean forecast: mean mu + phi^h (x_n - mu), variance sigma2 (1 - phi^2h) / (1 - phi^2)
//   (textbook closed form, the filtered AR(1) state is exact);
//   random walk + drift (0,1,0): mean x_n + h drift, variance h sigma2;
//   ARIMA(1,1,1)+drift on Dow log prices vs forecast::Arima(include.drift = TRUE, method = "ML")
//   and the airline model (0,1,1)(0,1,1)[12] on log(AirPassengers) vs stats::arima (R reference
//   files; loglik >= R - 1e-4, coefficients within 0.1 s.e., forecasts within 0.02 s.e.);
//   degenerate series: a status code, never NaN outputs or a crash.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "../../src/arima/auto.hpp"
#include "test_data.hpp"

using namespace tc::arima;

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
  std::printf("%s  %s\n", ok ? "PASS" : "FAIL", what.c_str());
  if (!ok) ++failures;
}

std::vector<double> simulate_ar1(int n, double mu, double phi, unsigned seed) {
  std::vector<double> x(n);
  double prev = mu;
  unsigned s = seed;
  for (int i = 0; i < n; ++i) {
    double u = 0;  // sum of 12 uniforms - 6: a cheap N(0, 1)
    for (int k = 0; k < 12; ++k) { s = s * 1664525u + 1013904223u; u += (s >> 8) / 16777216.0; }
    prev = mu + phi * (prev - mu) + (u - 6.0);
    x[i] = prev;
  }
  return x;
}

bool finite_or_nan_free(const ArimaResult& r, int k) {
  for (int i = 0; i < k; ++i) if (!std::isfinite(r.coef[i])) return false;
  return std::isfinite(r.loglik) && std::isfinite(r.sigma2);
}

bool all_nan(const ArimaResult& r) {
  for (int i = 0; i < kMaxCoef; ++i) if (!std::isnan(r.coef[i])) return false;
  return std::isnan(r.loglik) && std::isnan(r.sigma2);
}

}  // namespace

int main() {
  // --- AR(1) closed-form intervals
  {
    const auto x = simulate_ar1(500, 1.0, 0.6, 7);
    const int n = x.size();
    std::vector<double> ws(arima_workspace_doubles(n));
    ArimaSpec spec; spec.p = 1;
    const double coef[2] = {0.6, 1.0};
    ArimaResult r;
    check(arima_evaluate_series(spec, x.data(), n, coef, ws.data(), &r) == 0, "AR(1) evaluate");
    double mean[25], var[25];
    check(arima_forecast_series(spec, x.data(), n, r, 2.0, 25, ws.data(), mean, var) == 0, "AR(1) forecast status");
    double worst = 0;
    for (int h = 1; h <= 25; ++h) {
      const double m = 1.0 + std::pow(0.6, h) * (x[n - 1] - 1.0);
      const double v = 2.0 * (1 - std::pow(0.6, 2 * h)) / (1 - 0.36);
      worst = std::fmax(worst, std::fabs(mean[h - 1] - m) + std::fabs(var[h - 1] - v));
    }
    check(worst < 1e-12, "AR(1)+mean closed-form mean and variance, h = 1..25 (max err " + std::to_string(worst) + ")");
    // fitted AR(1): estimate near the truth
    ArimaResult f;
    check(arima_fit_series(spec, x.data(), n, ws.data(), &f) == 0 && std::fabs(f.coef[0] - 0.6) < 3 * f.se[0],
          "AR(1) fit within 3 s.e. of phi = 0.6");
  }
  // --- random walk with drift
  {
    auto x = simulate_ar1(300, 0.0, 0.0, 11);
    for (size_t i = 1; i < x.size(); ++i) x[i] += x[i - 1] + 0.1;
    const int n = x.size();
    std::vector<double> ws(arima_workspace_doubles(n));
    ArimaSpec spec; spec.d = 1;
    const double coef[1] = {0.1};
    ArimaResult r;
    arima_evaluate_series(spec, x.data(), n, coef, ws.data(), &r);
    double mean[10], var[10];
    arima_forecast_series(spec, x.data(), n, r, 1.5, 10, ws.data(), mean, var);
    double worst = 0;
    for (int h = 1; h <= 10; ++h)
      worst = std::fmax(worst, std::fabs(mean[h - 1] - (x[n - 1] + 0.1 * h)) + std::fabs(var[h - 1] - 1.5 * h));
    check(worst < 1e-9, "(0,1,0)+drift closed form (max err " + std::to_string(worst) + ")");
  }
  // --- ARIMA(1,1,1)+drift on log prices vs forecast::Arima
  {
    const auto ref = arimatest::read_json("tests/reference/arima_dow30.json");
    const auto dow = arimatest::load_dow30();
    int ok = 0, total = 0;
    double worstDev = 0, worstLl = 0, worstFc = 0;
    for (const auto& s : dow) {
      const auto& r = ref[s.ticker]["arima111_lp"];
      if (!r.has("loglik")) continue;
      const auto x = arimatest::log_prices(s.close);
      const int n = x.size();
      std::vector<double> ws(arima_workspace_doubles(n));
      ArimaSpec spec; spec.p = 1; spec.d = 1; spec.q = 1;
      ArimaResult f;
      const int st = arima_fit_series(spec, x.data(), n, ws.data(), &f);
      const char* nm[3] = {"ar1", "ma1", "drift"};
      double dev = 0;
      for (int i = 0; i < 3; ++i)
        dev = std::fmax(dev, std::fabs(f.coef[i] - r["coef"][nm[i]].number()) / r["se"][nm[i]].number());
      const double dll = f.loglik - r["loglik"].number();
      double mean[10], var[10];
      arima_forecast_series(spec, x.data(), n, f, f.sigma2Unbiased, 10, ws.data(), mean, var);
      double fc = 0;
      for (int h = 0; h < 10; ++h) {
        const double rse = (r["fc_upper95"][h].number() - r["fc_mean"][h].number()) / 1.959963984540054;
        fc = std::fmax(fc, std::fabs(mean[h] - r["fc_mean"][h].number()) / rse);
        fc = std::fmax(fc, std::fabs(std::sqrt(var[h]) - rse) / rse);
      }
      const bool better = dll > 1e-3;  // R's optimum short of ours: nothing to match
      const bool good = st == 0 && dll >= -1e-4 && (better || (dev <= 0.1 && fc <= 0.02));
      ++total; ok += good;
      if (!better) { worstDev = std::fmax(worstDev, dev); worstFc = std::fmax(worstFc, fc); }
      worstLl = std::fmin(worstLl, dll);
      if (!good) std::printf("  %s (1,1,1)+drift: dll=%g dev=%g fc=%g\n", s.ticker.c_str(), dll, dev, fc);
    }
    check(ok == total && total == 30,
          "ARIMA(1,1,1)+drift vs forecast::Arima on 30 log-price series (" + std::to_string(ok) +
              "/30; worst dll " + std::to_string(worstLl) + ", coef dev " + std::to_string(worstDev) +
              " se, forecast dev " + std::to_string(worstFc) + " se)");
  }
  // --- seasonal: airline model and (1,0,0)(1,1,0)[12] on log(AirPassengers)
  {
    const auto ref = arimatest::read_json("tests/reference/arima_seasonal.json");
    std::vector<double> x;
    for (const auto& v : ref["data"].arr) x.push_back(v.number());
    const int n = x.size();
    std::vector<double> ws(arima_workspace_doubles(n));
    ArimaSpec air; air.d = 1; air.q = 1; air.sd = 1; air.sq = 1; air.period = 12;
    ArimaResult f;
    const int st = arima_fit_series(air, x.data(), n, ws.data(), &f);
    const auto& r = ref["airline"];
    // R's kappa = 1e6 diffuse prior is ~3e-3 off its kappa -> Inf limit here; we difference exactly
    const double dll = f.loglik - r["loglik_kappa1e10"].number();
    const double dev = std::fmax(std::fabs(f.coef[0] - r["coef"]["ma1"].number()) / r["se"]["ma1"].number(),
                                 std::fabs(f.coef[1] - r["coef"]["sma1"].number()) / r["se"]["sma1"].number());
    double mean[12], var[12], fc = 0;
    arima_forecast_series(air, x.data(), n, f, f.sigma2, 12, ws.data(), mean, var);
    for (int h = 0; h < 12; ++h) {
      const double rse = r["pred_se"][h].number();
      fc = std::fmax(fc, std::fabs(mean[h] - r["pred_mean"][h].number()) / rse);
      fc = std::fmax(fc, std::fabs(std::sqrt(var[h]) - rse) / rse);
    }
    char buf[200];
    std::snprintf(buf, sizeof buf, "airline (0,1,1)(0,1,1)[12] vs stats::arima (kappa 1e10): dll=%+.2e coef dev %.4f se, 12-step forecast dev %.2e se",
                  dll, dev, fc);
    check(st == 0 && dll >= -1e-4 && dev <= 0.1 && fc <= 0.02, buf);
    ArimaSpec sar; sar.p = 1; sar.sd = 1; sar.sp = 1; sar.period = 12; sar.constant = 0;
    ArimaResult g;
    const int st2 = arima_fit_series(sar, x.data(), n, ws.data(), &g);
    const auto& r2 = ref["sar"];
    const double dll2 = g.loglik - r2["loglik_kappa1e10"].number();
    const double dev2 = std::fmax(std::fabs(g.coef[0] - r2["coef"]["ar1"].number()) / r2["se"]["ar1"].number(),
                                  std::fabs(g.coef[1] - r2["coef"]["sar1"].number()) / r2["se"]["sar1"].number());
    std::snprintf(buf, sizeof buf, "(1,0,0)(1,1,0)[12] vs stats::arima (kappa 1e10): dll=%+.2e coef dev %.4f se", dll2, dev2);
    check(st2 == 0 && dll2 >= -1e-4 && dev2 <= 0.1, buf);
  }
  // --- degenerate input: status codes, all-NaN results, no crash
  {
    std::vector<double> ws(arima_workspace_doubles(1000));
    ArimaSpec s22; s22.p = 2; s22.q = 2;
    ArimaResult r;
    std::vector<double> flat(200, 3.25);
    check(arima_fit_series(s22, flat.data(), 200, ws.data(), &r) == kConstantSeries && all_nan(r), "constant series -> kConstantSeries");
    check(arima_fit_series(s22, flat.data(), 4, ws.data(), &r) == tc::kTooShort && all_nan(r), "4 points for ARMA(2,2) -> kTooShort");
    std::vector<double> trend(200);
    for (int i = 0; i < 200; ++i) trend[i] = 5.0 + 0.5 * i;
    ArimaSpec s110; s110.p = 1; s110.d = 1;
    check(arima_fit_series(s110, trend.data(), 200, ws.data(), &r) == kConstantSeries, "perfect trend, d = 1 -> kConstantSeries");
    const int st = arima_fit_series(s22, trend.data(), 200, ws.data(), &r);
    check(st != 0 ? all_nan(r) : finite_or_nan_free(r, 5), "perfect trend, d = 0: status " + std::to_string(st) + ", no NaN in an OK result");
    AutoResult a;
    AutoOptions o;
    check(arima_auto_series(trend.data(), 200, o, ws.data(), &a) == kConstantSeries, "auto on a perfect trend -> kConstantSeries");
    check(arima_auto_series(flat.data(), 200, o, ws.data(), &a) == kConstantSeries, "auto on a constant -> kConstantSeries");
    auto noisy = simulate_ar1(500, 0.0, 0.3, 3);
    noisy[100] = NAN;
    check(arima_fit_series(s22, noisy.data(), 500, ws.data(), &r) == tc::kNonFinite && all_nan(r), "NaN in input -> kNonFinite");
    noisy[100] = 1e200;
    const int st2 = arima_fit_series(s22, noisy.data(), 500, ws.data(), &r);
    check(st2 != 0 ? all_nan(r) : finite_or_nan_free(r, 5), "1e200 outlier: status " + std::to_string(st2) + ", no NaN in an OK result");
    noisy[100] = 1e6;
    const int st3 = arima_fit_series(s22, noisy.data(), 500, ws.data(), &r);
    check(st3 != 0 ? all_nan(r) : finite_or_nan_free(r, 5), "1e6 outlier: status " + std::to_string(st3) + ", no NaN in an OK result");
    ArimaSpec bad; bad.p = 4;
    check(arima_fit_series(bad, noisy.data(), 500, ws.data(), &r) == tc::kBadParameter, "p = 4 -> kBadParameter");
    double mean[5], var[5];
    check(arima_forecast_series(s22, noisy.data(), 500, r, 1.0, 0, ws.data(), mean, var) == tc::kBadParameter, "horizon 0 -> kBadParameter");
  }
  std::printf("%s: %d failures\n", failures ? "FAIL" : "PASS", failures);
  return failures ? 1 : 0;
}
