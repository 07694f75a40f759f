// The per-series loop the host drivers share: split a ragged batch over the pool, hand each
// series its slice of values and a per-thread workspace; and small helpers for writing rows.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "batch.hpp"
#include "thread_pool.hpp"

namespace tc {

// What one call of the per-series function gets: series i of the batch,
// values[offsets[i] .. offsets[i+1]), and the calling thread's workspace.
struct SeriesTask {
  std::size_t i;
  const double* x;
  int n;
  double* ws;  // at least workspace_doubles(n) (and at least 1) doubles
};

// A scratch buffer of at least `doubles` (and at least 1) doubles for the calling thread, one per
// thread and per Owner, grown to the largest request it has seen: no allocation per series once
// warm. Valid until the same thread asks again for the same Owner.
template <class Owner>
double* thread_workspace(std::size_t doubles) {
  thread_local std::vector<double> ws;
  const std::size_t need = std::max<std::size_t>(doubles, 1);
  if (ws.size() < need) ws.resize(need);
  return ws.data();
}

// Calls fn(job, task) for every series of job.in on the pool, each with a per-thread workspace of
// workspace_doubles(n) doubles (kept per Job type, so drivers never share one).
template <class Job, class SizeFn, class Fn>
void for_each_series(ThreadPool& pool, const Job& job, const SizeFn& workspace_doubles, const Fn& fn) {
  pool.parallel_for(job.in.count, [&](std::size_t i) {
    const int32_t begin = job.in.offsets[i];
    const int n = job.in.offsets[i + 1] - begin;
    double* ws = thread_workspace<Job>(static_cast<std::size_t>(workspace_doubles(n)));
    fn(job, SeriesTask{i, job.in.values + begin, n, ws});
  });
}

// As for_each_series, visiting the series in `order` (a permutation of 0..count-1): the pool hands
// out indices dynamically in that order, so putting the costliest series first shortens the tail.
template <class Job, class SizeFn, class Fn>
void for_each_series_in(ThreadPool& pool, const Job& job, const std::vector<std::size_t>& order,
                        const SizeFn& workspace_doubles, const Fn& fn) {
  pool.parallel_for(order.size(), [&](std::size_t k) {
    const std::size_t i = order[k];
    const int32_t begin = job.in.offsets[i];
    const int n = job.in.offsets[i + 1] - begin;
    double* ws = thread_workspace<Job>(static_cast<std::size_t>(workspace_doubles(n)));
    fn(job, SeriesTask{i, job.in.values + begin, n, ws});
  });
}

inline double finite_or_nan(double v) {
  return std::isfinite(v) ? v : std::numeric_limits<double>::quiet_NaN();
}

inline void fill(double* row, std::size_t width, double value) { std::fill(row, row + width, value); }

// Row i (of `width` values) of a series-major output, filled with NaN until the series writes it.
inline double* nan_row(double* output, std::size_t i, std::size_t width) {
  double* row = output + i * width;
  fill(row, width, std::numeric_limits<double>::quiet_NaN());
  return row;
}

}  // namespace tc
