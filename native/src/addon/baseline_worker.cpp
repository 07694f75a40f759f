#include "baseline_worker.hpp"

#include <string>

#include "../core/baseline_models.hpp"
#include "../core/batch.hpp"
#include "baseline_input.hpp"
#include "batch_worker.hpp"

namespace tc::addon {

namespace {

std::string TooLarge(const BaselineInput& input) {
  const double cells = static_cast<double>(input.count) * input.args.horizon;
  if (cells <= kMaxOutputCells) return "";
  return std::to_string(input.count) + " series x horizon " + std::to_string(input.args.horizon) +
         " is more than " + std::to_string(static_cast<long long>(kMaxOutputCells)) +
         " output values per array; split the batch";
}

BatchWorker::Compute Prepare(const BaselineInput& input, OutputArrays& a) {
  const std::size_t cells = input.count * static_cast<std::size_t>(input.args.horizon);
  tc::BaselineOutputs out{};
  out.mean = a.Float64("mean", cells);
  out.var = a.Float64("variance", cells);
  out.params = a.Float64("params", input.count * tc::kParamSlots);
  out.status = a.Int32("status", input.count);
  const tc::BaselineBatch batch{SeriesOf(input), input.args, out};
  const tc::BaselineCpuDriver run = input.model->run_cpu;  // the chosen model's CPU driver
  return [run, batch](tc::ThreadPool& pool) { run(pool, batch); };
}

}  // namespace

Napi::Value BaselineBatch(const Napi::CallbackInfo& info) {
  return RunBatch<BaselineInput>(info, "baselineBatch", ParseBaselineInput, TooLarge, Prepare);
}

}  // namespace tc::addon
