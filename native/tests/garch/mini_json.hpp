// A minimal JSON reader for the reference files (objects, arrays, numbers, strings, true/false/
// null); test-only, host-only.
#pragma once

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace tc_test {

struct Json {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  bool b = false;
  double num = NAN;
  std::string str;
  std::vector<Json> arr;
  std::map<std::string, Json> obj;

  const Json& operator[](const std::string& k) const {
    static const Json none;
    auto it = obj.find(k);
    return it == obj.end() ? none : it->second;
  }
  bool has(const std::string& k) const { return obj.count(k) != 0; }
  double number(double fallback = NAN) const { return kind == Number ? num : fallback; }
};

class JsonParser {
 public:
  explicit JsonParser(const std::string& s) : s_(s) {}
  Json parse() { Json v = value(); return v; }

 private:
  const std::string& s_;
  size_t i_ = 0;
  void ws() { while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_; }
  Json value() {
    ws();
    Json v;
    if (i_ >= s_.size()) return v;
    const char c = s_[i_];
    if (c == '{') {
      v.kind = Json::Object; ++i_; ws();
      if (s_[i_] == '}') { ++i_; return v; }
      for (;;) {
        ws(); std::string k = string_lit(); ws(); ++i_;  // ':'
        v.obj[k] = value(); ws();
        if (s_[i_] == ',') { ++i_; continue; }
        ++i_; break;  // '}'
      }
    } else if (c == '[') {
      v.kind = Json::Array; ++i_; ws();
      if (s_[i_] == ']') { ++i_; return v; }
      for (;;) {
        v.arr.push_back(value()); ws();
        if (s_[i_] == ',') { ++i_; continue; }
        ++i_; break;
      }
    } else if (c == '"') {
      v.kind = Json::String; v.str = string_lit();
    } else if (s_.compare(i_, 4, "true") == 0) { v.kind = Json::Bool; v.b = true; i_ += 4; }
    else if (s_.compare(i_, 5, "false") == 0) { v.kind = Json::Bool; i_ += 5; }
    else if (s_.compare(i_, 4, "null") == 0) { i_ += 4; }
    else if (s_.compare(i_, 2, "NA") == 0) { i_ += 2; }
    else {
      const char* start = s_.c_str() + i_;
      char* end = nullptr;
      v.num = std::strtod(start, &end);
      v.kind = Json::Number;
      i_ += static_cast<size_t>(end - start);
    }
    return v;
  }
  std::string string_lit() {
    std::string out;
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\') { ++i_; out += s_[i_] == 'n' ? '\n' : s_[i_]; }
      else out += s_[i_];
      ++i_;
    }
    ++i_;
    return out;
  }
};

inline Json read_json_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  return JsonParser(text).parse();
}

}  // namespace tc_test
