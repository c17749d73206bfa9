#ifndef PLANRULES_DETAIL_JSON_WRITER_HPP
#define PLANRULES_DETAIL_JSON_WRITER_HPP

// A streaming JSON writer: numbers in their shortest round-trip form ("2.8",
// not "2.8E0"), independent of the locale; NaN and infinities as null.

#include <planrules/detail/unicode.hpp>

#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planrules::detail {

class json_writer {
public:
  explicit json_writer(bool pretty = true) : pretty_(pretty) {}

  json_writer& begin_object() { return open('{'); }
  json_writer& end_object() { return close('}'); }
  json_writer& begin_array() { return open('['); }
  json_writer& end_array() { return close(']'); }

  json_writer& key(std::string_view k) {
    separate();
    string_(k);
    out_ += pretty_ ? ": " : ":";
    after_key_ = true;
    return *this;
  }

  json_writer& value(std::string_view s) { return scalar([&] { string_(s); }); }
  json_writer& value(const char* s) { return value(std::string_view(s)); }
  json_writer& value(const std::string& s) { return value(std::string_view(s)); }
  json_writer& value(bool b) { return scalar([&] { out_ += b ? "true" : "false"; }); }
  json_writer& value(int i) { return integer(i); }
  json_writer& value(long i) { return integer(i); }
  json_writer& value(long long i) { return integer(i); }
  json_writer& value(unsigned i) { return integer(i); }
  json_writer& value(unsigned long i) { return integer(i); }
  json_writer& value(unsigned long long i) { return integer(i); }
  json_writer& value(double d) {
    return scalar([&] {
      if (!std::isfinite(d)) {
        out_ += "null";
        return;
      }
      char buffer[32];
      const auto result = std::to_chars(buffer, buffer + sizeof buffer, d);
      out_.append(buffer, result.ptr);
    });
  }
  json_writer& null() { return scalar([&] { out_ += "null"; }); }
  template <class T>
  json_writer& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }

  template <class T>
  json_writer& member(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  std::string take() {
    if (pretty_) out_ += '\n';
    return std::move(out_);
  }

private:
  template <class F>
  json_writer& scalar(F write) {
    separate();
    write();
    return *this;
  }
  template <class I>
  json_writer& integer(I i) {
    return scalar([&] { out_ += std::to_string(i); });
  }

  json_writer& open(char c) {
    separate();
    out_ += c;
    first_.push_back(true);
    return *this;
  }
  json_writer& close(char c) {
    const bool empty = first_.back();
    first_.pop_back();
    if (pretty_ && !empty) newline();
    out_ += c;
    return *this;
  }
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
    if (pretty_) newline();
  }
  void newline() {
    out_ += '\n';
    out_.append(first_.size() * 2, ' ');
  }
  void string_(std::string_view s) {
    out_ += '"';
    for (std::size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      if (static_cast<unsigned char>(c) >= 0x80) {
        // JSON is UTF-8: a byte that is not (a line of a file with a bad byte) is U+FFFD.
        char32_t code_point = 0;
        const auto length = unicode::decode(s, i, code_point);
        if (length == 0) {
          out_ += "\\ufffd";
        } else {
          out_.append(s.substr(i, length));
          i += length - 1;
        }
        continue;
      }
      switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          const char* hex = "0123456789abcdef";
          out_ += "\\u00";
          out_ += hex[(c >> 4) & 15];
          out_ += hex[c & 15];
        } else {
          out_ += c;
        }
      }
    }
    out_ += '"';
  }

  std::string out_;
  std::vector<bool> first_;
  bool pretty_;
  bool after_key_ = false;
};

} // namespace planrules::detail

#endif
