// Automatic seasonal difference D against forecast 8.20 (tests/reference/arima_ocsb.json, written
// by bench/reference/arima_ocsb_reference.R): R's classic seasonal datasets and Dow aggregates.
// Pass:
//   * OCSB statistic equal to forecast's ocsb.test to 1e-8 (relative), same AR lag and critical
//     value, and D equal to nsdiffs(test = "ocsb") on every series;
//   * the search (period S, D chosen) takes d = R's ndiffs on the seasonally differenced series
//     (capped at max.d = 1, as auto.arima calls it; the reference ran ndiffs with its default 2);
//   * its AICc no worse than auto.arima(seasonal.test = "ocsb")'s (at R's coefficients with the
//     exact differencing, aicc_exact) + 1e-3 on all but the exceptions listed in docs/arima.md.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "../../src/arima/auto.hpp"
#include "test_data.hpp"

using namespace tc::arima;

namespace {

// Series where our stepwise path may end at a higher AICc than R's (docs/arima.md).
constexpr int kMaxAiccExceptions = 0;  // 67/67 at the time of writing

std::string model_str(const ArimaSpec& s, int S) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "(%d,%d,%d)(%d,%d,%d)[%d]%s", s.p, s.d, s.q, s.sp, s.sd, s.sq, S,
                arima_has_constant(s) ? (s.d + s.sd ? "+drift" : "+mean") : "");
  return buf;
}

std::string r_model(const jsonlite::Value& a, int S) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "(%g,%g,%g)(%g,%g,%g)[%d]%s", a["order"][0].number(),
                a["order"][1].number(), a["order"][2].number(), a["seasonal_order"][0].number(),
                a["seasonal_order"][1].number(), a["seasonal_order"][2].number(), S,
                a["include_drift"].boolean ? "+drift" : (a["include_mean"].boolean ? "+mean" : ""));
  return buf;
}

}  // namespace

int main() {
  const auto ref = arimatest::read_json("tests/reference/arima_ocsb.json");
  const auto& series = ref["series"];
  int failures = 0, aiccWorse = 0, aiccChecked = 0, count = 0, dOne = 0;
  double maxStatDiff = 0.0, minDIc = 0.0;
  for (const auto& kv : series.obj) {
    const std::string& name = kv.first;
    const jsonlite::Value& s = kv.second;
    std::vector<double> x;
    for (const auto& v : s["x"].arr) x.push_back(v.number());
    const int n = static_cast<int>(x.size());
    const int S = static_cast<int>(s["period"].number());
    ++count;

    OcsbStat st;
    const int D = nsdiffs_ocsb(x.data(), n, S, &st);
    const double rStat = s["ocsb_stat"].number();
    const bool statOk = std::fabs(st.statistic - rStat) <= 1e-8 * std::fmax(1.0, std::fabs(rStat)) &&
                        std::fabs(st.critical - s["ocsb_crit"].number()) <= 1e-12 &&
                        st.lags == static_cast<int>(s["ocsb_lag"].number());
    const bool dOk = D == static_cast<int>(s["nsdiffs"].number());
    dOne += D;
    maxStatDiff = std::fmax(maxStatDiff, std::fabs(st.statistic - rStat) / std::fmax(1.0, std::fabs(rStat)));

    AutoOptions opt;  // the bounds; D by OCSB (sd = -1)
    opt.period = S;
    std::vector<double> ws(arima_workspace_doubles(n));
    AutoResult r;
    const int status = arima_auto_series(x.data(), n, opt, ws.data(), &r);
    const auto& a = s["auto"];
    const int rD = static_cast<int>(std::fmin(s["ndiffs"].number(), 1.0));
    const bool searchOk = status == tc::kOk && r.sd == D && r.spec.sd == D && r.d == rD &&
                          rD == static_cast<int>(a["order"][1].number()) &&
                          D == static_cast<int>(a["seasonal_order"][1].number());
    double dIc = NAN;
    bool icOk = true;
    if (a.has("aicc_exact") && status == tc::kOk) {
      dIc = r.fit.aicc - a["aicc_exact"].number();
      icOk = dIc <= 1e-3;
      minDIc = std::fmin(minDIc, dIc);
      ++aiccChecked;
      aiccWorse += !icOk;
    }
    const bool ok = statOk && dOk && searchOk;
    failures += !ok;
    std::printf("%-24s S=%-2d %s ocsb %+.10f (R %+.10f) lag %d crit %.6f D %d (R %g) d %d | ours %-26s "
                "aicc %.4f | R %-26s aicc %.4f | d(aicc) %+.4f%s\n",
                name.c_str(), S, ok ? "PASS" : "FAIL", st.statistic, rStat, st.lags, st.critical, D,
                s["nsdiffs"].number(), r.d, model_str(r.spec, S).c_str(), r.fit.aicc,
                r_model(a, S).c_str(), a["aicc_exact"].number(), dIc, icOk ? "" : "  (AICc above R)");
  }
  const bool icPass = aiccWorse <= kMaxAiccExceptions;
  std::printf("D = 1 on %d series; max |OCSB - R| / max(1, |R|) = %.2e; lowest AICc - R = %.4f\n", dOne,
              maxStatDiff, minDIc);
  std::printf("%s: OCSB statistic / lag / D / d equal R on %d/%d; AICc no worse than R (+1e-3) on "
              "%d/%d (at most %d exceptions allowed)\n",
              failures == 0 && icPass ? "PASS" : "FAIL", count - failures, count,
              aiccChecked - aiccWorse, aiccChecked, kMaxAiccExceptions);
  return failures == 0 && icPass ? 0 : 1;
}
