# R reference values for the automatic seasonal difference D of tensorcast's ARIMA search
# (native/src/arima/seasonal_test.hpp, auto.cpp): forecast's OCSB test and auto.arima with
# seasonal.test = "ocsb". auto.arima's own default seasonal test is the STL heuristic "seas";
# tensorcast uses OCSB (a unit-root test), so comparisons with R must pass seasonal.test = "ocsb".
#
# Series (each written with its values, so tests need neither R nor the aggregation code):
#   R's classic seasonal datasets: AirPassengers, log(AirPassengers), USAccDeaths, nottem, co2,
#     UKgas, log(UKgas), ldeaths, mdeaths, fdeaths, UKDriverDeaths, log(JohnsonJohnson)
#   Dow 30 (examples/data/dow30_daily_close.csv): per ticker the log of the last close of each
#     calendar month (S = 12) for all 30 tickers, the log of the last close of each quarter (S = 4)
#     and 100 x monthly log returns (S = 12) for the first 10 tickers, and the daily returns
#     100 * diff(log(close)) with a weekly period S = 5 for the first 5 tickers (no seasonality:
#     D must come out 0).
# Per series, tests/reference/arima_ocsb.json holds
#   x, period, nsdiffs      forecast::nsdiffs(ts(x, frequency = S), test = "ocsb")
#   ocsb_stat, ocsb_crit, ocsb_lag
#                           forecast:::ocsb.test(x, maxlag = 3, lag.method = "AIC"): statistic,
#                           critical value (calcOCSBCritVal) and the chosen AR lag (lag.order)
#   ndiffs                  forecast::ndiffs on x seasonally differenced nsdiffs times (its
#                           default max.d = 2; auto.arima caps it at max.d = 1)
#   auto                    forecast::auto.arima(x, max.p = 3, max.q = 2, max.d = 1, max.P = 1,
#                           max.Q = 1, ic = "aicc", seasonal.test = "ocsb", stepwise = TRUE,
#                           approximation = FALSE): order, seasonal order, constant, coef, aicc,
#                           loglik, nobs; aicc_exact / loglik_exact: the same model at R's
#                           coefficients with kappa = 1e10 (R's diffuse prior kappa = 1e6 raises
#                           the loglik by ~1e-3 per differencing state; tensorcast differences
#                           exactly, the kappa -> Inf limit)
#   seconds                 wall time of that auto.arima call
# Run: nice -n 10 Rscript bench/reference/arima_ocsb_reference.R
suppressMessages({ library(forecast) })
a <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
source(file.path(dirname(normalizePath(sub("^--file=", "", a[1]))), "common.R"))

safe <- function(expr) tryCatch(expr, error = function(e) list(error = conditionMessage(e)))

dow_aggregates <- function() {
  d <- read.csv(file.path(REPO_ROOT, "examples", "data", "dow30_daily_close.csv"),
                stringsAsFactors = FALSE)
  d <- d[order(d$ticker, d$date), ]
  tick <- sort(unique(d$ticker))
  out <- list()
  last_of <- function(cl, key) as.numeric(tapply(cl, key, function(v) v[length(v)]))
  for (i in seq_along(tick)) {
    tk <- tick[i]
    r <- d[d$ticker == tk, ]
    month <- substr(r$date, 1, 7)
    yr <- as.integer(substr(r$date, 1, 4))
    qtr <- paste0(yr, "Q", (as.integer(substr(r$date, 6, 7)) - 1) %/% 3 + 1)
    mclose <- last_of(r$close, month)
    out[[paste0(tk, "_monthly_logclose")]] <- list(x = log(mclose), period = 12)
    if (i <= 10) {
      out[[paste0(tk, "_quarterly_logclose")]] <- list(x = log(last_of(r$close, qtr)), period = 4)
      out[[paste0(tk, "_monthly_return")]] <- list(x = 100 * diff(log(mclose)), period = 12)
    }
    if (i <= 5) out[[paste0(tk, "_daily_return_s5")]] <- list(x = 100 * diff(log(r$close)), period = 5)
  }
  out
}

classic <- list(
  AirPassengers = AirPassengers, log_AirPassengers = log(AirPassengers),
  USAccDeaths = USAccDeaths, nottem = nottem, co2 = co2, UKgas = UKgas, log_UKgas = log(UKgas),
  ldeaths = ldeaths, mdeaths = mdeaths, fdeaths = fdeaths, UKDriverDeaths = UKDriverDeaths,
  log_JohnsonJohnson = log(JohnsonJohnson))
series <- lapply(classic, function(s) list(x = as.numeric(s), period = frequency(s)))
series <- c(series, dow_aggregates())

exact_refit <- function(x, f) safe({
  cf <- coef(f)
  drift <- "drift" %in% names(cf)
  g <- forecast::Arima(x, order = f$arma[c(1, 6, 2)],
                       seasonal = list(order = f$arma[c(3, 7, 4)], period = f$arma[5]),
                       include.mean = "intercept" %in% names(cf), include.drift = drift,
                       fixed = cf, transform.pars = FALSE, method = "ML", kappa = 1e10)
  npar <- length(cf) + 1
  ll <- g$loglik
  list(loglik_exact = ll,
       aicc_exact = -2 * ll + 2 * npar + 2 * npar * (npar + 1) / (f$nobs - npar - 1))
})

auto_fit <- function(x) safe({
  t0 <- proc.time()[["elapsed"]]
  f <- forecast::auto.arima(x, max.p = 3, max.q = 2, max.d = 1, max.P = 1, max.Q = 1,
                            ic = "aicc", seasonal.test = "ocsb", stepwise = TRUE,
                            approximation = FALSE)
  secs <- proc.time()[["elapsed"]] - t0
  cf <- coef(f)
  c(list(order = I(as.numeric(f$arma[c(1, 6, 2)])),
         seasonal_order = I(as.numeric(f$arma[c(3, 7, 4)])),
         include_mean = "intercept" %in% names(cf), include_drift = "drift" %in% names(cf),
         coef = as.list(cf), aicc = f$aicc, loglik = f$loglik, nobs = f$nobs, seconds = secs),
    exact_refit(x, f))
})

out <- list()
for (nm in names(series)) {
  S <- series[[nm]]$period
  x <- ts(series[[nm]]$x, frequency = S)
  D <- nsdiffs(x, test = "ocsb")
  oc <- safe(forecast:::ocsb.test(x, maxlag = 3, lag.method = "AIC"))
  dx <- if (D > 0) diff(x, lag = S, differences = D) else x
  out[[nm]] <- list(
    x = I(as.numeric(x)), period = S, nsdiffs = D,
    ocsb_stat = if (is.null(oc$error)) unname(oc$statistics) else NA,
    ocsb_crit = if (is.null(oc$error)) oc$critical else NA,
    ocsb_lag = if (is.null(oc$error)) oc$lag.order else NA,
    ndiffs = ndiffs(dx),
    auto = auto_fit(x))
  cat(nm, "D =", D, "\n")
}
write_json_file(list(r_version = R.version.string,
                     forecast_version = as.character(packageVersion("forecast")),
                     series = out),
                file.path(OUT_DIR, "arima_ocsb.json"))
