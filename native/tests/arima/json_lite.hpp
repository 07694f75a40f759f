// A minimal JSON reader for the committed R reference files (objects, arrays, numbers, strings,
// true/false/null). Test-only host code.
#pragma once

#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace jsonlite {

struct Value {
  enum Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = kNull;
  double num = NAN;
  bool boolean = false;
  std::string str;
  std::vector<Value> arr;
  std::vector<std::pair<std::string, Value>> obj;

  const Value* get(const std::string& key) const {
    for (const auto& kv : obj) if (kv.first == key) return &kv.second;
    return nullptr;
  }
  // Path lookup; a missing member yields a shared null.
  const Value& operator[](const std::string& key) const {
    static const Value none;
    const Value* v = get(key);
    return v ? *v : none;
  }
  const Value& operator[](size_t i) const {
    static const Value none;
    return i < arr.size() ? arr[i] : none;
  }
  double number() const { return kind == kNumber ? num : (kind == kBool ? (boolean ? 1 : 0) : NAN); }
  bool has(const std::string& key) const { return get(key) != nullptr; }
};

class Parser {
 public:
  explicit Parser(const std::string& s) : s_(s) {}
  Value parse() { Value v = value(); return v; }

 private:
  const std::string& s_;
  size_t i_ = 0;
  void ws() { while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_; }
  Value value() {
    ws();
    Value v;
    if (i_ >= s_.size()) return v;
    const char ch = s_[i_];
    if (ch == '{') {
      v.kind = Value::kObject; ++i_; ws();
      if (s_[i_] == '}') { ++i_; return v; }
      for (;;) {
        ws(); std::string key = string(); ws(); ++i_;  // ':'
        v.obj.emplace_back(key, value()); ws();
        if (s_[i_] == ',') { ++i_; continue; }
        ++i_; break;  // '}'
      }
    } else if (ch == '[') {
      v.kind = Value::kArray; ++i_; ws();
      if (s_[i_] == ']') { ++i_; return v; }
      for (;;) {
        v.arr.push_back(value()); ws();
        if (s_[i_] == ',') { ++i_; continue; }
        ++i_; break;
      }
    } else if (ch == '"') {
      v.kind = Value::kString; v.str = string();
    } else if (s_.compare(i_, 4, "true") == 0) { v.kind = Value::kBool; v.boolean = true; i_ += 4; }
    else if (s_.compare(i_, 5, "false") == 0) { v.kind = Value::kBool; i_ += 5; }
    else if (s_.compare(i_, 4, "null") == 0) { i_ += 4; }
    else {
      char* end = nullptr;
      v.kind = Value::kNumber;
      v.num = std::strtod(s_.c_str() + i_, &end);
      i_ = end - s_.c_str();
    }
    return v;
  }
  std::string string() {
    std::string out;
    ++i_;  // opening quote
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\') ++i_;
      out += s_[i_++];
    }
    ++i_;
    return out;
  }
};

}  // namespace jsonlite
