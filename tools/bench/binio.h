// The benchmark's scratch files (prep/terms.bin, prep/fts5_rows.bin): plain native-endian
// records written and read by the same binary in one run, never kept or exchanged.
#ifndef MIKROS_TOOLS_BENCH_BINIO_H
#define MIKROS_TOOLS_BENCH_BINIO_H

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mikros::bench {

// Appends fixed-size values and length-prefixed strings to a buffer.
class BinWriter {
 public:
  explicit BinWriter(std::string& out) : out_(out) {}
  template <typename T>
  void put(T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out_.append(b, sizeof(T));
  }
  void str(std::string_view s) {
    put<std::uint32_t>(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }

 private:
  std::string& out_;
};

// Reads what BinWriter wrote; reading past the end throws std::out_of_range (a damaged or
// truncated scratch file), which the phase turns into an error.
class BinReader {
 public:
  BinReader(const char* p, const char* end) : p_(p), end_(end) {}
  template <typename T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, p_, sizeof(T));
    p_ += sizeof(T);
    return v;
  }
  std::string_view str() {
    auto n = get<std::uint32_t>();
    need(n);
    std::string_view s(p_, n);
    p_ += n;
    return s;
  }
  bool done() const { return p_ == end_; }
  const char* pos() const { return p_; }

 private:
  void need(std::size_t n) const {
    if (static_cast<std::size_t>(end_ - p_) < n) throw std::out_of_range("truncated record");
  }
  const char* p_;
  const char* end_;
};

}  // namespace mikros::bench

#endif  // MIKROS_TOOLS_BENCH_BINIO_H
