# Shared helpers for the bench/reference scripts: repo paths, data loading,
# the model grid, and a full-precision JSON writer.  Base R only.

ref_script_dir <- function() {
  a <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  d <- if (length(a)) dirname(normalizePath(sub("^--file=", "", a[1]))) else ""
  if (!file.exists(file.path(d, "common.R"))) d <- normalizePath("bench/reference")
  d
}
REF_DIR <- ref_script_dir()
REPO_ROOT <- normalizePath(file.path(REF_DIR, "..", ".."))
OUT_DIR <- file.path(REPO_ROOT, "tests", "reference")

## Data ----------------------------------------------------------------------
load_dem2gbp <- function() {
  read.csv(file.path(REPO_ROOT, "tests", "data", "dem2gbp_returns.csv"))$ret
}

# Dow 30: r_t = 100 * log(close_t / close_{t-1}) per ticker in date order.
load_dow30 <- function() {
  d <- read.csv(file.path(REPO_ROOT, "examples", "data", "dow30_daily_close.csv"),
                stringsAsFactors = FALSE)
  d <- d[order(d$ticker, d$date), ]
  tick <- sort(unique(d$ticker))
  out <- lapply(tick, function(tk) {
    cl <- d$close[d$ticker == tk]
    100 * diff(log(cl))
  })
  names(out) <- tick
  out
}

## Model grid ----------------------------------------------------------------
# spec fields are those used by fg_filter() in fgarch_formulas.R
CASES <- list(
  garch11 = list(formula = "~garch(1,1)", args = list(),
                 spec = list(u = 0, v = 0, p = 1, q = 1, leverage = FALSE)),
  aparch11 = list(formula = "~aparch(1,1)", args = list(),
                  spec = list(u = 0, v = 0, p = 1, q = 1, leverage = TRUE)),
  gjr11 = list(formula = "~aparch(1,1)",
               args = list(delta = 2, include.delta = FALSE),
               spec = list(u = 0, v = 0, p = 1, q = 1, leverage = TRUE)),
  ar1_garch11 = list(formula = "~arma(1,0)+garch(1,1)", args = list(),
                     spec = list(u = 1, v = 0, p = 1, q = 1, leverage = FALSE)),
  ma1_garch11 = list(formula = "~arma(0,1)+garch(1,1)", args = list(),
                     spec = list(u = 0, v = 1, p = 1, q = 1, leverage = FALSE))
)
DISTS <- c("norm", "std", "sstd", "ged")

## JSON writer ---------------------------------------------------------------
# Numbers use the shortest of %.15g/%.16g/%.17g that round-trips exactly, so
# every double in the files is bit-exact.  Non-finite numbers become null.
# Named vectors / lists -> objects; unnamed -> arrays; length-1 unnamed atomic
# -> scalar unless wrapped in I() (then a 1-element array).
json_num <- function(x) {
  vapply(x, function(v) {
    if (is.na(v) || !is.finite(v)) return("null")
    for (d in 15:17) {
      s <- sprintf(paste0("%.", d, "g"), v)
      if (as.numeric(s) == v) return(s)
    }
    s
  }, "")
}
json_str <- function(x) {
  vapply(x, function(s) if (is.na(s)) "null" else
    encodeString(enc2utf8(s), quote = "\""), "")
}
to_json <- function(x, indent = 0) {
  pad <- strrep(" ", indent); pad2 <- strrep(" ", indent + 1)
  as_array <- inherits(x, "AsIs")
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    items <- vapply(x, to_json, "", indent = indent + 1)
    if (!is.null(names(x))) {
      items <- paste0(json_str(names(x)), ": ", items)
      return(paste0("{\n", paste0(pad2, items, collapse = ",\n"), "\n", pad, "}"))
    }
    return(paste0("[\n", paste0(pad2, items, collapse = ",\n"), "\n", pad, "]"))
  }
  vals <- if (is.logical(x)) ifelse(is.na(x), "null", ifelse(x, "true", "false"))
          else if (is.numeric(x)) json_num(as.numeric(x))
          else json_str(as.character(x))
  if (!is.null(names(x)))
    return(paste0("{", paste0(json_str(names(x)), ": ", vals, collapse = ", "), "}"))
  if (length(x) == 1 && !as_array) return(vals)
  paste0("[", paste(vals, collapse = ", "), "]")
}
write_json_file <- function(x, path) {
  dir.create(dirname(path), showWarnings = FALSE, recursive = TRUE)
  writeLines(to_json(x), path, useBytes = TRUE)
  cat("wrote", path, "(", file.size(path), "bytes )\n")
}
