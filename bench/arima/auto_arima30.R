# Times forecast::auto.arima on the 30 Dow tickers (100 x log returns), sequentially in one R
# process, with the bounds of issue 5. Prints one JSON line: seconds for the loop only (data
# preparation and package loading excluded), and the sum of the chosen models' AICc.
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
csv <- if (length(args) >= 1) args[1] else "examples/data/dow30_daily_close.csv"
d <- read.csv(csv, stringsAsFactors = FALSE)
d <- d[order(d$ticker, d$date), ]
rets <- lapply(split(d$close, d$ticker), function(cl) 100 * diff(log(cl)))
t0 <- proc.time()[["elapsed"]]
aicc <- vapply(rets, function(x) {
  forecast::auto.arima(x, max.p = 3, max.q = 2, max.d = 1, seasonal = FALSE, ic = "aicc",
                       stepwise = TRUE, approximation = FALSE)$aicc
}, numeric(1))
elapsed <- proc.time()[["elapsed"]] - t0
cat(sprintf('{"series":%d,"fit_seconds":%.4f,"aicc_sum":%.6f}\n', length(rets), elapsed, sum(aicc)))
