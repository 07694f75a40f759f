# Committed fGarch reference values for the GARCH family.
#
# Fits fGarch::garchFit(formula, data, cond.dist, trace = FALSE) with every
# other setting at its default (algorithm = "nlminb", init.rec = "mci",
# hessian = "ropt", include.mean = TRUE, xscale on) for
#   cases : ~garch(1,1) | ~aparch(1,1) (delta estimated) |
#           ~aparch(1,1) with delta = 2, include.delta = FALSE (GJR form) |
#           ~arma(1,0)+garch(1,1) | ~arma(0,1)+garch(1,1)
#   dists : norm, std, sstd, ged
# on
#   dem2gbp  : tests/data/dem2gbp_returns.csv (column ret, n = 1974)
#   dow30    : examples/data/dow30_daily_close.csv, r_t = 100 log(P_t/P_{t-1})
#              per ticker in date order (30 tickers, n = 2528 each)
# and writes
#   tests/reference/fgarch_dem2gbp.json
#   tests/reference/fgarch_dow30.json
#   tests/reference/fgarch_timing.json  (GARCH(1,1)-norm on all 30 tickers)
#
# Field conventions (see FGARCH_CONVENTIONS.md for the model itself):
#   loglik          = -fit@fit$llh, the POSITIVE-orientation log-likelihood,
#                     full density constants included, summed over t = 1..n,
#                     evaluated on the original (unscaled) data.
#   neg_llh         = fit@fit$llh as stored by fGarch (= -loglik).
#   coef / se       = coef(fit) / fit@fit$se.coef (Hessian-based; Hessian is
#                     optimHess on the sd-scaled problem, see the doc).
#   robust_se       = sandwich SEs from a separate fit with cond.dist = "QMLE"
#                     (identical point estimates to "norm"); only fGarch's
#                     QMLE path provides them, so only for norm x
#                     {garch11, ar1_garch11, ma1_garch11}.  fGarch errors
#                     for QMLE + aparch (garchKappa has no "QMLE" branch).
#   fixed           = parameters held fixed (not estimated) and their values.
#   forecast        = predict(fit, n.ahead = 10): meanForecast,
#                     standardDeviation, meanError (mse = "cond").
#   nlminb          = convergence code / message / iterations / evaluations
#                     of the nlminb call.  fGarch's tolerances (rel.tol =
#                     x.tol = 1e-14) make code 1 with "singular convergence
#                     (7)" or "false convergence (8)" the normal outcome;
#                     it is not an error.  `ok` is FALSE only if garchFit
#                     threw an error.
#   at_bounds       = estimated parameters within 1e-6 (relative to the box
#                     width) of fGarch's box constraints (scaled problem).
#
# Usage (from the repo root):
#   Rscript bench/reference/fgarch_reference.R            # everything
#   FGARCH_REF_TICKERS=AA,IBM Rscript ...                   # subset (testing)
#   FGARCH_REF_SKIP_TIMING=1 / FGARCH_REF_SKIP_GRID=1       # parts only

suppressMessages(library(fGarch))
a <- grep("^--file=", commandArgs(FALSE), value = TRUE)
here <- if (length(a)) dirname(normalizePath(sub("^--file=", "", a[1]))) else "bench/reference"
source(file.path(here, "common.R"))

t_script <- proc.time()
FGARCH_VERSION <- as.character(packageVersion("fGarch"))

meta_common <- function() list(
  generator = "bench/reference/fgarch_reference.R",
  fGarch_version = FGARCH_VERSION,
  R_version = R.version.string,
  platform = R.version$platform,
  created_utc = format(Sys.time(), "%Y-%m-%dT%H:%M:%SZ", tz = "UTC"),
  garchFit_settings = list(
    algorithm = "nlminb", init.rec = "mci", hessian = "ropt",
    include.mean = TRUE, trace = FALSE,
    control = "defaults (xscale = TRUE, fscale = TRUE, llh = 'internal')"),
  loglik_convention = paste(
    "loglik = -fit@fit$llh (fGarch stores the NEGATIVE log-likelihood in",
    "fit@fit$llh). It is the full log-likelihood including all density",
    "constants (e.g. -(n/2)log(2*pi) for norm), summed over t = 1..n",
    "(for ARMA models the first max(u,v) residuals are 0 and still",
    "contribute), evaluated on the original data at the reported coef."),
  robust_se_convention = paste(
    "robust_se from a second garchFit(..., cond.dist = 'QMLE') (same point",
    "estimates as norm); only available for norm and garch() variance",
    "formulas -- fGarch's QMLE path errors for aparch. null elsewhere."),
  nlminb_convention = paste(
    "nlminb convergence code 1 with 'singular convergence (7)' or 'false",
    "convergence (8)' is the usual outcome with fGarch's 1e-14 tolerances",
    "and is not a failure; ok = FALSE only when garchFit raised an error."),
  conventions_doc = "bench/reference/FGARCH_CONVENTIONS.md")

series_info <- function(x) list(n = length(x), mean = mean(x), sd = sd(x),
                                first = x[1], last = x[length(x)])

## One fit -------------------------------------------------------------------
run_fit <- function(x, label, cname, dist) {
  case <- CASES[[cname]]
  warns <- character(0)
  res <- list(series = label, case = cname, formula = case$formula,
              cond_dist = dist, include_mean = TRUE,
              extra_args = if (length(case$args)) case$args else setNames(list(), character(0)),
              n = length(x))
  t0 <- proc.time()[["elapsed"]]
  fit <- tryCatch(
    withCallingHandlers(
      do.call(garchFit, c(list(formula = as.formula(case$formula), data = x,
                               cond.dist = dist, trace = FALSE), case$args)),
      warning = function(w) { warns <<- c(warns, conditionMessage(w))
                              invokeRestart("muffleWarning") }),
    error = function(e) e)
  res$fit_seconds <- round(proc.time()[["elapsed"]] - t0, 3)
  if (inherits(fit, "error")) {
    res$ok <- FALSE; res$error <- conditionMessage(fit); res$warnings <- I(warns)
    return(res)
  }
  ff <- fit@fit
  cf <- coef(fit)
  se <- ff$se.coef
  names(se) <- names(cf)
  fixed <- list()
  if (!ff$params$includes[["delta"]]) fixed$delta <- ff$params$delta
  if (!ff$params$includes[["skew"]] && dist %in% c("sstd")) fixed$skew <- ff$params$skew
  if (!ff$params$includes[["shape"]] && dist %in% c("std", "sstd", "ged")) fixed$shape <- ff$params$shape

  # at-bounds check on the scaled problem (U, V are in scaled units)
  s <- ff$series$scale
  delta <- if ("delta" %in% names(cf)) cf[["delta"]] else ff$params$delta
  cf_s <- cf
  if ("mu" %in% names(cf_s)) cf_s["mu"] <- cf_s["mu"] / s
  cf_s["omega"] <- cf_s["omega"] / s^delta
  U <- ff$params$U[names(cf)]; V <- ff$params$V[names(cf)]
  tol <- 1e-6 * (V - U)
  at_b <- names(cf)[(cf_s - U) < tol | (V - cf_s) < tol]

  res$ok <- TRUE
  res$error <- NA_character_
  res$warnings <- I(warns)
  res$nlminb <- list(convergence = ff$convergence, message = ff$message,
                     iterations = ff$iterations,
                     evaluations = as.list(ff$evaluations))
  res$param_names <- I(names(cf))
  res$coef <- as.list(cf)
  res$se <- as.list(se)
  res$fixed <- if (length(fixed)) fixed else setNames(list(), character(0))
  res$at_bounds <- I(at_b)
  res$loglik <- -ff$llh[[1]]
  res$neg_llh <- ff$llh[[1]]
  res$ics <- as.list(ff$ics)
  res$scale_sd <- s
  N <- length(fit@sigma.t)
  res$sigma_t_head <- I(fit@sigma.t[1:5])
  res$sigma_t_tail <- I(fit@sigma.t[(N - 4):N])
  res$residual_tail <- I(fit@residuals[(N - 4):N])

  # robust SEs from the QMLE path (norm x garch() formulas only)
  res["robust_se"] <- list(NULL)
  res$robust_se_note <- NA_character_
  if (dist == "norm") {
    if (grepl("aparch", case$formula)) {
      res$robust_se_note <- "fGarch cond.dist='QMLE' errors for aparch (garchKappa has no QMLE branch)"
    } else {
      fq <- tryCatch(suppressWarnings(do.call(garchFit, c(list(
        formula = as.formula(case$formula), data = x, cond.dist = "QMLE",
        trace = FALSE), case$args))), error = function(e) e)
      if (inherits(fq, "error")) {
        res$robust_se_note <- paste("QMLE fit failed:", conditionMessage(fq))
      } else {
        rse <- fq@fit$se.coef; names(rse) <- names(coef(fq))
        res$robust_se <- as.list(rse)
        res$robust_se_note <- sprintf(
          "from garchFit(cond.dist='QMLE'); max |coef_QMLE - coef_norm| = %.3g",
          max(abs(coef(fq) - cf)))
      }
    }
  }

  pr <- tryCatch(suppressWarnings(predict(fit, n.ahead = 10)), error = function(e) e)
  if (inherits(pr, "error")) {
    res$forecast <- list(error = conditionMessage(pr))
  } else {
    res$forecast <- list(n_ahead = 10,
                         mean = I(pr$meanForecast),
                         sd = I(pr$standardDeviation),
                         mean_error = I(pr$meanError))
  }
  res
}

run_grid <- function(series_list, cases = names(CASES), dists = DISTS) {
  fits <- list()
  for (lab in names(series_list)) {
    for (cname in cases) for (dist in dists) {
      r <- run_fit(series_list[[lab]], lab, cname, dist)
      fits[[length(fits) + 1]] <- r
      message(sprintf("%-8s %-12s %-5s %s %6.2fs", lab, cname, dist,
                      if (r$ok) sprintf("loglik %.6f", r$loglik) else paste("ERROR:", r$error),
                      r$fit_seconds))
    }
  }
  fits
}

summarise <- function(fits) {
  ok <- vapply(fits, function(f) f$ok, TRUE)
  conv <- vapply(fits, function(f) if (f$ok) paste(f$nlminb$convergence, f$nlminb$message) else "ERROR", "")
  cat("  fits:", length(fits), " ok:", sum(ok), " errors:", sum(!ok), "\n")
  print(table(conv))
  nb <- vapply(fits, function(f) if (f$ok) length(f$at_bounds) > 0 else FALSE, TRUE)
  if (any(nb)) {
    cat("  estimates at a box bound:\n")
    for (f in fits[nb]) cat("   ", f$series, f$case, f$cond_dist, ":", paste(f$at_bounds, collapse = ","), "\n")
  }
  nw <- vapply(fits, function(f) length(f$warnings) > 0, TRUE)
  if (any(nw)) {
    cat("  fits with warnings:\n")
    for (f in fits[nw]) cat("   ", f$series, f$case, f$cond_dist, ":", paste(unique(f$warnings), collapse = " | "), "\n")
  }
  if (any(!ok)) {
    cat("  failed fits:\n")
    for (f in fits[!ok]) cat("   ", f$series, f$case, f$cond_dist, ":", f$error, "\n")
  }
}

## Data ------------------------------------------------------------------------
dem <- load_dem2gbp()
dow <- load_dow30()
sel <- Sys.getenv("FGARCH_REF_TICKERS", "")
if (nzchar(sel)) dow <- dow[strsplit(sel, ",")[[1]]]
cat("dem2gbp n =", length(dem), "; dow30 tickers =", length(dow),
    "; n per ticker =", paste(unique(vapply(dow, length, 1L)), collapse = ","), "\n")

## Timing (run first, before the long grid) ------------------------------------
if (Sys.getenv("FGARCH_REF_SKIP_TIMING", "") == "") {
  loadavg <- tryCatch(readLines("/proc/loadavg"), error = function(e) NA_character_)
  reps <- list()
  for (rep in 1:3) {
    tm <- system.time({
      for (tk in names(dow)) {
        fit <- garchFit(~garch(1, 1), data = dow[[tk]], cond.dist = "norm", trace = FALSE)
      }
    })
    reps[[rep]] <- tm
    cat(sprintf("timing rep %d: elapsed %.3f s, user %.3f s, system %.3f s\n",
                rep, tm[["elapsed"]], tm[["user.self"]], tm[["sys.self"]]))
  }
  el <- vapply(reps, function(t) t[["elapsed"]], 0)
  timing <- c(meta_common(), list(
    what = paste("Elapsed wall-clock seconds of a loop fitting garchFit(~garch(1,1),",
                 "cond.dist = 'norm', trace = FALSE) to each Dow-30 ticker's 100*log",
                 "returns (sequential, one R process); timed with system.time()",
                 "around the loop only (data preparation excluded). garchFit always",
                 "computes the optimHess Hessian and SEs, so they are included.",
                 "Repeated 3 times; reps[0] includes any first-call warm-up."),
    n_series = length(dow),
    n_obs_per_series = unname(vapply(dow, length, 1L)[1]),
    elapsed_seconds = round(el[1], 3),
    elapsed_seconds_reps = I(round(el, 3)),
    elapsed_seconds_min = round(min(el), 3),
    user_seconds_reps = I(round(vapply(reps, function(t) t[["user.self"]], 0), 3)),
    system_seconds_reps = I(round(vapply(reps, function(t) t[["sys.self"]], 0), 3)),
    per_series_seconds_min = round(min(el) / length(dow), 4),
    machine = list(
      cores_visible = parallel::detectCores(),
      loadavg_before = loadavg,
      note = "shared 2-core machine; other jobs may have been running")))
  if (!nzchar(sel)) write_json_file(timing, file.path(OUT_DIR, "fgarch_timing.json"))
  else cat("(ticker subset: timing not written)\n")
}

## Grid ------------------------------------------------------------------------
if (Sys.getenv("FGARCH_REF_SKIP_GRID", "") == "") {
  t0 <- proc.time()[["elapsed"]]
  fits_dem <- run_grid(list(dem2gbp = dem))
  t_dem <- proc.time()[["elapsed"]] - t0
  cat("dem2gbp grid:", length(fits_dem), "fits in", round(t_dem, 1), "s\n")
  summarise(fits_dem)
  write_json_file(c(meta_common(), list(
    data = list(file = "tests/data/dem2gbp_returns.csv", column = "ret",
                transform = "none (already % returns)"),
    series = list(dem2gbp = series_info(dem)),
    cases = lapply(CASES, function(cs) list(formula = cs$formula, extra_args = cs$args)),
    cond_dists = I(DISTS),
    grid_seconds = t_dem,
    fits = fits_dem)), file.path(OUT_DIR, "fgarch_dem2gbp.json"))

  t0 <- proc.time()[["elapsed"]]
  fits_dow <- run_grid(dow)
  t_dow <- proc.time()[["elapsed"]] - t0
  cat("dow30 grid:", length(fits_dow), "fits in", round(t_dow, 1), "s\n")
  summarise(fits_dow)
  out <- if (nzchar(sel)) file.path(tempdir(), "fgarch_dow30_subset.json") else
    file.path(OUT_DIR, "fgarch_dow30.json")
  write_json_file(c(meta_common(), list(
    data = list(file = "examples/data/dow30_daily_close.csv",
                transform = "r_t = 100 * log(close_t / close_{t-1}) per ticker, date order; n = closes - 1"),
    series = lapply(dow, series_info),
    cases = lapply(CASES, function(cs) list(formula = cs$formula, extra_args = cs$args)),
    cond_dists = I(DISTS),
    coverage = "full grid: all tickers x all 5 cases x all 4 cond.dists",
    grid_seconds = t_dow,
    fits = fits_dow)), out)
}
cat("total script elapsed:", round((proc.time() - t_script)[["elapsed"]], 1), "s\n")
