// Warm starts for ARIMA fits: a fixed-size table, per series, of the coefficients each candidate
// model reached in an earlier fit of the same ticker (a backtest's previous origin). A fit whose
// model is in the table starts its ML search there instead of at the CSS estimate; the automatic
// search looks every candidate up, so its path is the cold one and only the starts differ.
//
// Row layout (kWarmRowDoubles doubles, opaque to callers): kWarmEntries entries of
//   [key, coef[0 .. kMaxCoef)]   key = warm_key(spec), NaN = empty; coef in arima_layout order.
// The table is caller memory (the driver's output rows); nothing here allocates.
#pragma once

#include "../kernels/hd.hpp"
#include "../kernels/numeric.hpp"
#include "spec.hpp"

namespace tc {
namespace arima {

constexpr int kWarmEntries = 32;  // the stepwise search fits ~10-30 candidates; later ones are not kept
constexpr int kWarmEntryDoubles = 1 + kMaxCoef;
constexpr int kWarmRowDoubles = kWarmEntries * kWarmEntryDoubles;

// The model a coefficient vector belongs to (the period is the batch's, fixed per call).
TC_HD inline double warm_key(const ArimaSpec& s) {
  const int c = arima_has_constant(s) ? 1 : 0;
  return static_cast<double>(s.p + 4 * s.q + 16 * s.sp + 32 * s.sq + 64 * c + 128 * s.d + 256 * s.sd);
}

struct WarmStarts {
  const double* in = nullptr;  // a row from an earlier fit, or nullptr (cold)
  double* out = nullptr;       // the row this fit writes, or nullptr (not asked)
  int written = 0;             // entries written to out
  int used = 0;                // fits that started from an entry of `in`
};

// The entry's coefficients for spec, or nullptr.
TC_HD inline const double* warm_find(const WarmStarts* w, const ArimaSpec& s) {
  if (w == nullptr || w->in == nullptr) return nullptr;
  const double key = warm_key(s);
  for (int e = 0; e < kWarmEntries; ++e) {
    const double* entry = w->in + e * kWarmEntryDoubles;
    if (entry[0] == key) return entry + 1;
  }
  return nullptr;
}

TC_HD inline void warm_clear(double* row) {
  if (row == nullptr) return;
  for (int i = 0; i < kWarmRowDoubles; ++i) row[i] = kNaN;
}

// Records a fitted candidate (k coefficients, arima_layout order); later duplicates and entries past
// kWarmEntries are dropped.
TC_HD inline void warm_record(WarmStarts* w, const ArimaSpec& s, const double* coef, int k) {
  if (w == nullptr || w->out == nullptr || w->written >= kWarmEntries) return;
  const double key = warm_key(s);
  for (int e = 0; e < w->written; ++e)
    if (w->out[e * kWarmEntryDoubles] == key) return;
  double* entry = w->out + w->written * kWarmEntryDoubles;
  entry[0] = key;
  for (int i = 0; i < k; ++i) entry[1 + i] = coef[i];
  ++w->written;
}

}  // namespace arima
}  // namespace tc
