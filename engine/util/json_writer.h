// A minimal streaming JSON writer for the hot paths (stored profiles, outbox, search output).
// It writes compact JSON into a std::string; the caller is responsible for well-formed nesting.
#ifndef MIKROS_UTIL_JSON_WRITER_H
#define MIKROS_UTIL_JSON_WRITER_H

#include <cstdint>
#include <string>
#include <string_view>

namespace mikros::json {

// Appends `s` as a JSON string literal (with quotes), escaping as RFC 8259 requires.
void append_quoted(std::string& out, std::string_view s);
// Appends a finite double in its shortest round-trip form; NaN and infinities become null.
void append_number(std::string& out, double v);

// Thread-safety: none (a value type over a string).
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  Writer& begin_object() {
    sep();
    out_ += '{';
    first_ = true;
    return *this;
  }
  Writer& end_object() {
    out_ += '}';
    first_ = false;
    return *this;
  }
  Writer& begin_array() {
    sep();
    out_ += '[';
    first_ = true;
    return *this;
  }
  Writer& end_array() {
    out_ += ']';
    first_ = false;
    return *this;
  }
  // A member name inside an object; the value call that follows writes no separator.
  Writer& key(std::string_view k) {
    sep();
    append_quoted(out_, k);
    out_ += ':';
    first_ = true;
    return *this;
  }
  Writer& value(std::string_view s) {
    sep();
    append_quoted(out_, s);
    return *this;
  }
  Writer& value(const char* s) { return value(std::string_view(s)); }
  Writer& value(double v) {
    sep();
    append_number(out_, v);
    return *this;
  }
  Writer& value(std::uint64_t v) {
    sep();
    out_ += std::to_string(v);
    return *this;
  }
  Writer& value(std::int64_t v) {
    sep();
    out_ += std::to_string(v);
    return *this;
  }
  Writer& value(int v) { return value(static_cast<std::int64_t>(v)); }
  Writer& value(bool v) {
    sep();
    out_ += v ? "true" : "false";
    return *this;
  }
  Writer& null() {
    sep();
    out_ += "null";
    return *this;
  }
  // Inserts already-serialised JSON text.
  Writer& raw(std::string_view json) {
    sep();
    out_ += json;
    return *this;
  }

 private:
  void sep() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

}  // namespace mikros::json

#endif  // MIKROS_UTIL_JSON_WRITER_H
