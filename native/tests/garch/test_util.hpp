// Shared helpers of the standalone GARCH tests: CSV loading and a PASS/FAIL table.
#pragma once

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tc_test {

// Reads one named column of a CSV with a header row.
inline std::vector<double> read_csv_column(const std::string& path, const std::string& column) {
  std::ifstream in(path);
  std::vector<double> out;
  std::string line;
  if (!std::getline(in, line)) return out;
  int col = -1, i = 0;
  std::stringstream hs(line);
  std::string cell;
  while (std::getline(hs, cell, ',')) {
    if (!cell.empty() && cell.back() == '\r') cell.pop_back();
    if (cell == column || cell == "\"" + column + "\"") col = i;
    ++i;
  }
  if (col < 0) return out;
  while (std::getline(in, line)) {
    std::stringstream ls(line);
    i = 0;
    while (std::getline(ls, cell, ',')) {
      if (i == col) { out.push_back(std::stod(cell)); break; }
      ++i;
    }
  }
  return out;
}

struct Table {
  int failures = 0;
  void header() { std::printf("%-28s %20s %20s %10s  %s\n", "quantity", "ours", "reference", "logRE", "result"); }
  // |a-b|/|b| <= relTol
  void rel(const char* name, double ours, double ref, double relTol) {
    const double re = std::fabs(ours - ref) / std::fabs(ref);
    const double lre = re > 0 ? -std::log10(re) : 99.0;
    const bool ok = re <= relTol;
    failures += !ok;
    std::printf("%-28s %20.12g %20.12g %10.2f  %s\n", name, ours, ref, lre, ok ? "PASS" : "FAIL");
  }
  void abs(const char* name, double ours, double ref, double absTol) {
    const double d = std::fabs(ours - ref);
    const bool ok = d <= absTol;
    failures += !ok;
    std::printf("%-28s %20.12g %20.12g %10.2g  %s\n", name, ours, ref, d, ok ? "PASS" : "FAIL");
  }
  void check(const char* name, bool ok) {
    failures += !ok;
    std::printf("%-28s %20s %20s %10s  %s\n", name, "", "", "", ok ? "PASS" : "FAIL");
  }
};

}  // namespace tc_test
