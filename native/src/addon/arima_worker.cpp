#include "arima_worker.hpp"

#include <memory>

#include <string>

#include "../core/arima_driver.hpp"
#ifdef TC_WITH_CUDA
#include "../cuda/cuda_api.hpp"
#endif
#include "arima_input.hpp"
#include "batch_worker.hpp"

namespace tc::addon {

namespace {

std::string TooLarge(const ArimaInput& input) {
  // horizon <= kMaxHorizon (and a warm-state row is narrower), so the widest row is bounded by the
  // series count alone
  static_assert(tc::kArimaWarmRowDoubles <= tc::arima::kMaxHorizon, "a warm-state row must not be wider than a forecast row");
  const double widest = static_cast<double>(tc::arima::kMaxHorizon);
  if (static_cast<double>(input.count) * widest <= kMaxOutputCells) return "";
  return std::to_string(input.count) + " series is more than " +
         std::to_string(static_cast<long long>(kMaxOutputCells / widest)) + " per call; split the batch";
}

// The outputs in the order of ArimaBatchOutput.
BatchWorker::Compute Prepare(const ArimaInput& input, OutputArrays& a) {
  const std::size_t n = input.count;
  const std::size_t steps = n * static_cast<std::size_t>(input.settings.horizon);
  tc::ArimaBatchJob job{SeriesOf(input), input.settings, {}};
  tc::ArimaBatchOutputs& out = job.out;
  out.coef = a.Float64("coef", n * tc::kArimaCoefSlots);
  out.std_err = a.Float64("stdErr", n * tc::kArimaCoefSlots);
  out.sigma2 = a.Float64("sigma2", n);
  out.loglik = a.Float64("loglik", n);
  out.aic = a.Float64("aic", n);
  out.aicc = a.Float64("aicc", n);
  out.bic = a.Float64("bic", n);
  out.ljung_box_p = a.Float64("ljungBoxP", n);
  out.jarque_bera_p = a.Float64("jarqueBeraP", n);
  out.kpss_stat = a.Float64("kpssStat", n);
  out.kpss_p = a.Float64("kpssP", n);
  out.adf_stat = a.Float64("adfStat", n);
  out.adf_p = a.Float64("adfP", n);
  out.ocsb_stat = a.Float64("ocsbStat", n);
  out.ocsb_crit = a.Float64("ocsbCrit", n);
  out.ocsb_lag = a.Int32("ocsbLag", n);
  out.status = a.Int32("status", n);
  out.converged = a.Int32("converged", n);
  out.iterations = a.Int32("iterations", n);
  out.n_obs = a.Int32("nObs", n);
  out.ljung_box_lag = a.Int32("ljungBoxLag", n);
  out.models_fitted = a.Int32("modelsFitted", n);
  out.order = a.Int32("order", n * tc::kArimaOrderSlots);
  out.forecast_mean = a.Float64("forecastMean", steps);
  out.forecast_variance = a.Float64("forecastVariance", steps);
  out.warm_started = a.Int32("warmStarted", n);
  double* warm = a.Float64("warmState", input.warmState ? n * tc::kArimaWarmRowDoubles : 0);
  out.warm_state = input.warmState ? warm : nullptr;
#ifdef TC_WITH_CUDA
  // Fixed orders run on the device; the automatic search is host code and runs on the CPU threads.
  if (input.deviceRequested && !job.settings.automatic)
    return DeviceCompute("arimaBatch", a.report(), [job](double* ms) { return tc::cuda::run_arima_batch_cuda(job, ms); });
#endif
  if (input.deviceRequested) a.report()->backend = "cpu";
  return [job](tc::ThreadPool& pool) { tc::run_arima_batch(pool, job); };
}

}  // namespace

namespace {

std::string ForecastTooLarge(const ArimaForecastInput& input) {
  if (static_cast<double>(input.count) * input.horizon <= kMaxOutputCells) return "";
  return std::to_string(input.count) + " series x horizon " + std::to_string(input.horizon) + " is more than " +
         std::to_string(static_cast<long long>(kMaxOutputCells)) + " output values per array; split the batch";
}

BatchWorker::Compute PrepareForecast(const ArimaForecastInput& input, OutputArrays& a) {
  const std::size_t n = input.count;
  auto job = std::make_shared<tc::ArimaForecastJob>();
  job->in = SeriesOf(input);
  job->horizon = input.horizon;
  job->order = input.order;
  job->coef = input.coef;
  job->sigma2 = input.sigma2;
  job->forecast_mean = a.Float64("forecastMean", n * static_cast<std::size_t>(input.horizon));
  job->forecast_variance = a.Float64("forecastVariance", n * static_cast<std::size_t>(input.horizon));
  job->status = a.Int32("status", n);
  return [job](tc::ThreadPool& pool) { tc::run_arima_forecast(pool, *job); };
}

}  // namespace

Napi::Value ArimaForecast(const Napi::CallbackInfo& info) {
  return RunBatch<ArimaForecastInput>(info, "arimaForecast", ParseArimaForecastInput, ForecastTooLarge, PrepareForecast);
}

Napi::Value ArimaBatch(const Napi::CallbackInfo& info) {
  return RunBatch<ArimaInput>(info, "arimaBatch", ParseArimaBatchInput, TooLarge, Prepare);
}

}  // namespace tc::addon
