#include "auto.hpp"

#include <math.h>

namespace tc {
namespace arima {

namespace {

struct Candidate {
  int p, q, P, Q, constant;
  double ic;
};

double criterion(const ArimaResult& f, int ic) {
  const double v = ic == kAic ? f.aic : (ic == kBic ? f.bic : f.aicc);
  return (v - v == 0.0) ? v : INFINITY;
}

class StepwiseSearch {
 public:
  StepwiseSearch(const double* x, int n, const AutoOptions& opt, int d, int D, double* ws,
                 WarmStarts* warm)
      : x_(x), n_(n), opt_(opt), d_(d), D_(D), ws_(ws), warm_(warm) {}

  // forecast's myarima: fit one candidate; ic = Inf unless the fit is usable.
  double fit(int p, int q, int P, int Q, int constant, ArimaResult* res, ArimaSpec* specOut) {
    ArimaSpec s;
    s.p = p; s.q = q; s.d = d_;
    s.sp = P; s.sq = Q; s.sd = D_;
    s.period = opt_.period > 1 ? opt_.period : 1;
    s.constant = constant;
    s.computeStdErrors = 0;
    s.multiStart = opt_.multiStart;
    *specOut = s;
    int warmUsed = 0;
    const int st = arima_fit_series(s, x_, n_, ws_, res, warm_find(warm_, s), &warmUsed);
    if (warm_ != nullptr) warm_->used += warmUsed;
    if (st == kOk) warm_record(warm_, s, res->coef, arima_layout(s).k);
    if (st != kOk || !res->minRootOk) return INFINITY;
    const double ic = criterion(*res, opt_.ic);
    // checkarima (NaN s.e. -> Inf) only matters for a candidate that would become the best, so
    // the Hessian is computed lazily, for those alone: same search path, fewer evaluations
    if (ic < bestIc_ && arima_standard_errors(s, x_, n_, ws_, res) != kOk && opt_.checkHessian)
      return INFINITY;
    return ic;
  }

  bool is_new(int p, int q, int P, int Q, int c) const {
    for (int i = 0; i < count_; ++i) {
      const Candidate& r = tried_[i];
      if (r.p == p && r.q == q && r.P == P && r.Q == Q && r.constant == c) return false;
    }
    return true;
  }

  void record(int p, int q, int P, int Q, int c, double ic) {
    if (count_ < kMaxModels) tried_[count_++] = Candidate{p, q, P, Q, c, ic};
  }

  // One try_model: fit if new; returns true if it became the best.
  bool consider(int p, int q, int P, int Q, int c) {
    if (!is_new(p, q, P, Q, c)) return false;
    ++k_;
    if (k_ > opt_.nmodels) return false;
    ArimaResult r;
    ArimaSpec s;
    const double ic = fit(p, q, P, Q, c, &r, &s);
    record(p, q, P, Q, c, ic);
    if (ic < bestIc_) {
      bestIc_ = ic; best_ = r; bestSpec_ = s;
      return true;
    }
    return false;
  }

  int run(AutoResult* out) {
    const int S = opt_.period > 1 ? opt_.period : 1;
    const int D = D_;
    int maxP = opt_.maxP, maxQ = opt_.maxQ, maxSP = S > 1 ? opt_.maxSP : 0, maxSQ = S > 1 ? opt_.maxSQ : 0;
    const int third = n_ / 3;
    if (maxP > third) maxP = third;
    if (maxQ > third) maxQ = third;
    if (maxSP > third / S) maxSP = third / S;
    if (maxSQ > third / S) maxSQ = third / S;
    if (S > 1) {
      if (maxSP > 0 && maxP > S - 1) maxP = S - 1;
      if (maxSQ > 0 && maxQ > S - 1) maxQ = S - 1;
    }
    const bool allowDrift = opt_.allowDrift && d_ + D == 1;
    const bool allowMean = opt_.allowMean && d_ + D == 0;
    int constant = (allowDrift || allowMean) ? 1 : 0;
    int startP = opt_.startP, startQ = opt_.startQ, startSP = opt_.startSP, startSQ = opt_.startSQ;
    if (n_ < 10) {
      if (startP > 1) startP = 1;
      if (startQ > 1) startQ = 1;
      startSP = startSQ = 0;
    }
    int p = startP < maxP ? startP : maxP;
    int q = startQ < maxQ ? startQ : maxQ;
    int P = startSP < maxSP ? startSP : maxSP;
    int Q = startSQ < maxSQ ? startSQ : maxSQ;
    // the four (five) starting models, always fitted
    {
      ArimaResult r; ArimaSpec s;
      ++k_;
      const double ic = fit(p, q, P, Q, constant, &r, &s);
      record(p, q, P, Q, constant, ic);
      bestIc_ = ic; best_ = r; bestSpec_ = s;
    }
    auto start = [&](int pp, int qq, int PP, int QQ, int c) {
      ArimaResult r; ArimaSpec s;
      ++k_;
      const double ic = fit(pp, qq, PP, QQ, c, &r, &s);
      record(pp, qq, PP, QQ, c, ic);
      if (ic < bestIc_) { bestIc_ = ic; best_ = r; bestSpec_ = s; return true; }
      return false;
    };
    if (start(0, 0, 0, 0, constant)) p = q = P = Q = 0;
    if (maxP > 0 || maxSP > 0) {
      const int pp = maxP > 0, PP = (S > 1) && maxSP > 0;
      if (start(pp, 0, PP, 0, constant)) { p = pp; P = PP; q = Q = 0; }
    }
    if (maxQ > 0 || maxSQ > 0) {
      const int qq = maxQ > 0, QQ = (S > 1) && maxSQ > 0;
      if (start(0, qq, 0, QQ, constant)) { p = P = 0; Q = QQ; q = qq; }
    }
    if (constant) {
      if (start(0, 0, 0, 0, 0)) p = q = P = Q = 0;
    }
    int startk = 0;
    while (startk < k_ && k_ < opt_.nmodels) {
      startk = k_;
      // the neighbour order of auto.arima; `continue` is R's `next` after an improvement
      if (P > 0 && consider(p, q, P - 1, Q, constant)) { P -= 1; continue; }
      if (Q > 0 && consider(p, q, P, Q - 1, constant)) { Q -= 1; continue; }
      if (P < maxSP && consider(p, q, P + 1, Q, constant)) { P += 1; continue; }
      if (Q < maxSQ && consider(p, q, P, Q + 1, constant)) { Q += 1; continue; }
      if (Q > 0 && P > 0 && consider(p, q, P - 1, Q - 1, constant)) { Q -= 1; P -= 1; continue; }
      if (Q < maxSQ && P > 0 && consider(p, q, P - 1, Q + 1, constant)) { Q += 1; P -= 1; continue; }
      if (Q > 0 && P < maxSP && consider(p, q, P + 1, Q - 1, constant)) { Q -= 1; P += 1; continue; }
      if (Q < maxSQ && P < maxSP && consider(p, q, P + 1, Q + 1, constant)) { Q += 1; P += 1; continue; }
      if (p > 0 && consider(p - 1, q, P, Q, constant)) { p -= 1; continue; }
      if (q > 0 && consider(p, q - 1, P, Q, constant)) { q -= 1; continue; }
      if (p < maxP && consider(p + 1, q, P, Q, constant)) { p += 1; continue; }
      if (q < maxQ && consider(p, q + 1, P, Q, constant)) { q += 1; continue; }
      if (q > 0 && p > 0 && consider(p - 1, q - 1, P, Q, constant)) { q -= 1; p -= 1; continue; }
      if (q < maxQ && p > 0 && consider(p - 1, q + 1, P, Q, constant)) { q += 1; p -= 1; continue; }
      if (q > 0 && p < maxP && consider(p + 1, q - 1, P, Q, constant)) { q -= 1; p += 1; continue; }
      if (q < maxQ && p < maxP && consider(p + 1, q + 1, P, Q, constant)) { q += 1; p += 1; continue; }
      if (allowDrift || allowMean) {
        if (consider(p, q, P, Q, !constant)) constant = !constant;
      }
    }
    out->modelsFitted = k_;
    if (!(bestIc_ < INFINITY)) return kFitFailed;
    out->spec = bestSpec_;
    out->ic = bestIc_;
    // the winner's residuals back into the workspace (its s.e. were computed when it won)
    ArimaSpec s = bestSpec_;
    s.computeStdErrors = 1;
    ArimaResult again;
    const int st = arima_evaluate_series(s, x_, n_, best_.coef, ws_, &again);
    if (st != kOk) return st;
    out->fit = best_;
    out->spec = s;
    out->diagnostics = arima_diagnostics(s, ws_ + n_, n_);
    return kOk;
  }

 private:
  static constexpr int kMaxModels = 128;
  const double* x_;
  int n_;
  const AutoOptions& opt_;
  int d_, D_;
  double* ws_;
  WarmStarts* warm_;
  Candidate tried_[kMaxModels];
  int count_ = 0;
  int k_ = 0;
  double bestIc_ = INFINITY;
  ArimaResult best_;
  ArimaSpec bestSpec_;
};

}  // namespace

int arima_auto_series(const double* x, int n, const AutoOptions& opt, double* ws, AutoResult* out,
                      WarmStarts* warm) {
  fill_result_nan(&out->fit);
  out->ic = kNaN;
  out->d = out->sd = 0;
  out->modelsFitted = 0;
  out->kpss = UnitRootStat{kNaN, kNaN, 0};
  out->adf = UnitRootStat{kNaN, kNaN, 0};
  out->ocsb = OcsbStat{kNaN, kNaN, 0};
  out->diagnostics = ResidualDiagnostics{kNaN, kNaN, 0, kNaN, kNaN};
  if (n < 3) return kTooShort;
  if (!all_finite(x, n)) return kNonFinite;
  if (is_constant_series(x, n)) return kConstantSeries;
  const int S = opt.period > 1 ? opt.period : 1;
  if (opt.sd > kMaxD || (opt.sd > 0 && S < 2) || S > kMaxPeriod) return kBadParameter;
  out->kpss = kpss_level(x, n);
  out->adf = adf_trend(x, n);
  // auto.arima: D first (nsdiffs on x; D = 0 when n <= 2S), then ndiffs on x seasonally differenced
  int D = opt.sd;
  if (S > 1) {
    const int chosen = nsdiffs_ocsb(x, n, S, &out->ocsb);
    if (D < 0) D = chosen;
  }
  if (D < 0) D = 0;
  out->sd = D;
  double* scratch = ws;  // w and residual regions are free until the first fit
  int len = n;
  for (int i = 0; i < n; ++i) scratch[i] = x[i];
  for (int k = 0; k < D; ++k) {
    for (int i = 0; i + S < len; ++i) scratch[i] = scratch[i + S] - scratch[i];
    len -= S;
  }
  if (len < 3) return kTooShort;
  int d = opt.d;
  if (d < 0) {
    d = ndiffs_kpss(scratch, len, opt.kpssAlpha, opt.maxD, ws + n);
  }
  if (d > kMaxD) d = kMaxD;
  out->d = d;
  for (int k = 0; k < d; ++k) {
    for (int i = 0; i + 1 < len; ++i) scratch[i] = scratch[i + 1] - scratch[i];
    --len;
  }
  if (len < 3) return kTooShort;
  // auto.arima fits a degenerate (0,d,0) with a fixed constant here; its likelihood is infinite
  if (is_constant_series(scratch, len)) return kConstantSeries;
  StepwiseSearch search(x, n, opt, d, D, ws, warm);
  return search.run(out);
}

}  // namespace arima
}  // namespace tc
