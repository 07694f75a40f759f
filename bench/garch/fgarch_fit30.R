# Times fGarch::garchFit(~garch(1,1), cond.dist = "norm") on the 30 Dow tickers (100 x log returns),
# sequentially in one R process. Prints one JSON line: seconds for the loop only (data preparation and
# package loading excluded). garchFit always computes the Hessian standard errors, so they are included.
suppressPackageStartupMessages(library(fGarch))
args <- commandArgs(trailingOnly = TRUE)
csv <- if (length(args) >= 1) args[1] else "examples/data/dow30_daily_close.csv"
d <- read.csv(csv, stringsAsFactors = FALSE)
d <- d[order(d$ticker, d$date), ]
rets <- lapply(split(d$close, d$ticker), function(cl) 100 * diff(log(cl)))
t0 <- proc.time()[["elapsed"]]
loglik <- vapply(rets, function(x) {
  fit <- garchFit(~garch(1, 1), data = x, cond.dist = "norm", trace = FALSE)
  -fit@fit$llh
}, numeric(1))
elapsed <- proc.time()[["elapsed"]] - t0
cat(sprintf('{"series":%d,"fit_seconds":%.4f,"loglik_sum":%.6f}\n', length(rets), elapsed, sum(loglik)))
