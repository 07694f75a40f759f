#include "garch_worker.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "../core/garch_driver.hpp"
#include "batch_worker.hpp"
#include "garch_input.hpp"
#ifdef TC_WITH_CUDA
#include "../cuda/cuda_api.hpp"
#endif

namespace tc::addon {

namespace {

// Both entry points' widest per-series rows: the horizon, the quantiles or the parameter slots
// (garchAdvance takes parameter rows of that width as input).
std::string RowsTooLarge(std::size_t count, const tc::GarchBatchSettings& settings) {
  const double widest = std::max({static_cast<double>(settings.forecast.horizon),
                                  static_cast<double>(tc::kGarchParamSlots),
                                  static_cast<double>(settings.quantile_probs.size())});
  if (static_cast<double>(count) * widest <= kMaxOutputCells) return "";
  return std::to_string(count) + " series x " + std::to_string(static_cast<long long>(widest)) +
         " (the widest of horizon, quantileProbs and parameter slots) is more than " +
         std::to_string(static_cast<long long>(kMaxOutputCells)) + " output values per array; split the batch";
}

std::string TooLarge(const GarchInput& input) { return RowsTooLarge(input.count, input.settings); }

// The outputs in the order of GarchBatchOutput.
BatchWorker::Compute Prepare(const GarchInput& input, OutputArrays& a) {
  const std::size_t n = input.count;
  const std::size_t slots = n * tc::kGarchParamSlots;
  const std::size_t steps = n * static_cast<std::size_t>(input.settings.forecast.horizon);
  const std::size_t levels = n * static_cast<std::size_t>(input.settings.forecast.nLevels);
  tc::GarchBatchJob job{SeriesOf(input), input.settings, {}};
  tc::GarchBatchOutputs& out = job.out;
  out.params = a.Float64("params", slots);
  out.std_err = a.Float64("stdErr", slots);
  out.std_err_robust = a.Float64("stdErrRobust", slots);
  out.loglik = a.Float64("loglik", n);
  out.aic = a.Float64("aic", n);
  out.bic = a.Float64("bic", n);
  out.persistence = a.Float64("persistence", n);
  out.uncond_variance = a.Float64("uncondVariance", n);
  out.converged = a.Int32("converged", n);
  out.reason = a.Int32("reason", n);
  out.iterations = a.Int32("iterations", n);
  out.n_obs = a.Int32("nObs", n);
  out.chosen_p = a.Int32("chosenP", n);
  out.chosen_q = a.Int32("chosenQ", n);
  out.forecast_mean = a.Float64("forecastMean", steps);
  out.forecast_variance = a.Float64("forecastVariance", steps);
  out.value_at_risk = a.Float64("valueAtRisk", levels);
  out.expected_shortfall = a.Float64("expectedShortfall", levels);
  out.quantiles = a.Float64("quantiles", n * input.settings.quantile_probs.size());
  out.state = a.Float64("state", n * tc::kGarchStateSlots);
#ifdef TC_WITH_CUDA
  if (input.cuda) return DeviceCompute("garchBatch", a.report(), [job](double* ms) { return tc::cuda::run_garch_batch_cuda(job, ms); });
#endif
  return [job](tc::ThreadPool& pool) { tc::run_garch_batch(pool, job); };
}

std::string AdvanceTooLarge(const GarchAdvanceInput& input) { return RowsTooLarge(input.count, input.settings); }

// The outputs in the order of GarchAdvanceOutput (src/native/garch.ts).
BatchWorker::Compute PrepareAdvance(const GarchAdvanceInput& input, OutputArrays& a) {
  const std::size_t n = input.count;
  const std::size_t steps = n * static_cast<std::size_t>(input.settings.forecast.horizon);
  const std::size_t levels = n * static_cast<std::size_t>(input.settings.forecast.nLevels);
  auto job = std::make_shared<tc::GarchAdvanceJob>();
  job->in = SeriesOf(input);
  job->settings = input.settings;
  job->params = input.params;
  job->state = input.state;
  job->series_ids = input.series_ids;
  auto& out = job->out;
  out.state = a.Float64("state", n * tc::kGarchStateSlots);
  out.status = a.Int32("status", n);
  out.forecast_mean = a.Float64("forecastMean", steps);
  out.forecast_variance = a.Float64("forecastVariance", steps);
  out.value_at_risk = a.Float64("valueAtRisk", levels);
  out.expected_shortfall = a.Float64("expectedShortfall", levels);
  out.quantiles = a.Float64("quantiles", n * input.settings.quantile_probs.size());
  return [job](tc::ThreadPool& pool) { tc::run_garch_advance(pool, *job); };
}

}  // namespace

Napi::Value GarchBatch(const Napi::CallbackInfo& info) {
  return RunBatch<GarchInput>(info, "garchBatch", ParseGarchBatchInput, TooLarge, Prepare);
}

Napi::Value GarchAdvance(const Napi::CallbackInfo& info) {
  return RunBatch<GarchAdvanceInput>(info, "garchAdvance", ParseGarchAdvanceInput, AdvanceTooLarge, PrepareAdvance);
}

Napi::Value GarchParamNames(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  tc::garch::GarchSpec spec;
  const std::string problem = ParseGarchSpec(info[0], spec);
  if (!problem.empty()) {
    if (!env.IsExceptionPending()) {
      Napi::TypeError::New(env, "garchParamNames: " + problem).ThrowAsJavaScriptException();
    }
    return env.Undefined();
  }
  const std::vector<std::string> names = tc::garch_parameter_names(spec);
  auto array = Napi::Array::New(env, names.size());
  for (uint32_t i = 0; i < names.size(); ++i) array.Set(i, Napi::String::New(env, names[i]));
  return array;
}

}  // namespace tc::addon
