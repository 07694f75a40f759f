// Test inputs: the Dow 30 closes (ticker,date,close), the reference JSON files, and small helpers.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "json_lite.hpp"

namespace arimatest {

#ifndef TC_REPO_ROOT
#define TC_REPO_ROOT "../../.."
#endif

inline std::string repo_path(const std::string& rel) { return std::string(TC_REPO_ROOT) + "/" + rel; }

inline std::string read_text(const std::string& path) {
  std::ifstream f(path);
  if (!f) { std::fprintf(stderr, "cannot open %s\n", path.c_str()); std::exit(2); }
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline jsonlite::Value read_json(const std::string& rel) {
  const std::string text = read_text(repo_path(rel));
  return jsonlite::Parser(text).parse();
}

struct Series {
  std::string ticker;
  std::vector<double> close;  // date order
};

// Tickers sorted, closes in date order -- the same order as R's load_dow30().
inline std::vector<Series> load_dow30() {
  std::ifstream f(repo_path("examples/data/dow30_daily_close.csv"));
  if (!f) { std::fprintf(stderr, "cannot open the Dow 30 CSV\n"); std::exit(2); }
  std::string line;
  std::getline(f, line);
  std::map<std::string, std::vector<std::pair<std::string, double>>> rows;
  while (std::getline(f, line)) {
    const size_t a = line.find(','), b = line.find(',', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    rows[line.substr(0, a)].emplace_back(line.substr(a + 1, b - a - 1), std::stod(line.substr(b + 1)));
  }
  std::vector<Series> out;
  for (auto& kv : rows) {
    std::sort(kv.second.begin(), kv.second.end());
    Series s{kv.first, {}};
    for (auto& r : kv.second) s.close.push_back(r.second);
    out.push_back(std::move(s));
  }
  return out;
}

inline std::vector<double> log_returns_pct(const std::vector<double>& close) {
  std::vector<double> r;
  for (size_t i = 1; i < close.size(); ++i) r.push_back(100.0 * std::log(close[i] / close[i - 1]));
  return r;
}

inline std::vector<double> log_prices(const std::vector<double>& close) {
  std::vector<double> r;
  for (double c : close) r.push_back(std::log(c));
  return r;
}

}  // namespace arimatest
