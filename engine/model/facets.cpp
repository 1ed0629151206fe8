// The facets record: its packed RocksDB encoding, and the calendar and age-band helpers the
// profile's fields need.
#include "model/facets.h"

#include <algorithm>
#include <cstring>

namespace mikros {
namespace {

// 3: format 5, the four numbers filters compare as doubles (exact, as the profile gives them);
// 2: format 4, floats; 1: formats 2 and 3 (read_audience_v1).
constexpr std::uint8_t kRecordVersion = 3;

// Little-endian fixed-width fields, appended in the record's order.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void u8(std::uint8_t v) { out_ += static_cast<char>(v); }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out_ += static_cast<char>((v >> (8 * i)) & 0xff);
  }
  void u64(std::uint64_t v) {
    u32(static_cast<std::uint32_t>(v));
    u32(static_cast<std::uint32_t>(v >> 32));
  }
  void f32(float f) {
    std::uint32_t v;
    std::memcpy(&v, &f, 4);
    u32(v);
  }
  void f64(double d) {
    std::uint64_t v;
    std::memcpy(&v, &d, 8);
    u64(v);
  }
  void bytes(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }
  // A string of at most 65,535 bytes (longer ones are cut: no name is that long).
  void str(const std::string& s) {
    const std::size_t n = std::min<std::size_t>(s.size(), UINT16_MAX);
    u8(static_cast<std::uint8_t>(n & 0xff));
    u8(static_cast<std::uint8_t>(n >> 8));
    bytes(s.data(), n);
  }

 private:
  std::string& out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  std::size_t remaining() const { return in_.size() - pos_; }
  std::uint8_t u8() { return take(1) ? static_cast<std::uint8_t>(in_[pos_ - 1]) : 0; }
  std::uint32_t u32() {
    if (!take(4)) return 0;
    const auto* p = reinterpret_cast<const unsigned char*>(in_.data() + pos_ - 4);
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
           std::uint32_t(p[3]) << 24;
  }
  std::uint64_t u64() {
    std::uint64_t lo = u32();
    return lo | std::uint64_t(u32()) << 32;
  }
  float f32() {
    std::uint32_t v = u32();
    float f;
    std::memcpy(&f, &v, 4);
    return f;
  }
  double f64() {
    std::uint64_t v = u64();
    double d;
    std::memcpy(&d, &v, 8);
    return d;
  }
  void bytes(void* p, std::size_t n) {
    if (take(n)) std::memcpy(p, in_.data() + pos_ - n, n);
  }
  std::string_view rest(std::size_t n) {
    return take(n) ? in_.substr(pos_ - n, n) : std::string_view();
  }
  std::string str() {
    std::size_t n = u8();
    n |= static_cast<std::size_t>(u8()) << 8;
    return std::string(rest(n));
  }

 private:
  bool take(std::size_t n) {
    if (!ok_ || in_.size() - pos_ < n) {
      ok_ = false;
      return false;
    }
    pos_ += n;
    return true;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
long days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

}  // namespace

std::optional<long> day_number(const std::string& date) {
  if (date.size() < 7) return std::nullopt;
  int y = std::atoi(date.substr(0, 4).c_str());
  int m = std::atoi(date.substr(5, 2).c_str());
  int d = date.size() >= 10 ? std::atoi(date.substr(8, 2).c_str()) : 1;
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

int standard_age_band(std::string_view band) {
  int lower = 0;
  std::size_t i = 0;
  while (i < band.size() && band[i] >= '0' && band[i] <= '9')
    lower = lower * 10 + (band[i++] - '0');
  if (i == 0) return -1;
  if (lower < 13) return -1;
  if (lower < 18) return 0;
  if (lower < 25) return 1;
  if (lower < 35) return 2;
  if (lower < 45) return 3;
  if (lower < 55) return 4;
  return 5;
}

std::vector<int> age_bands_covering(std::string_view range) {
  constexpr int kLower[kAgeBandCount] = {13, 18, 25, 35, 45, 55};
  constexpr int kOpen = 1000;  // "NN+": no upper bound
  std::size_t i = 0;
  auto spaces = [&] {
    while (i < range.size() && range[i] == ' ') ++i;
  };
  auto number = [&]() -> int {
    int v = 0;
    std::size_t start = i;
    while (i < range.size() && range[i] >= '0' && range[i] <= '9' && i - start < 3) {
      v = v * 10 + (range[i++] - '0');
    }
    return i > start ? v : -1;
  };
  spaces();
  const int lo = number();
  spaces();
  int hi = -1;
  if (range.substr(i) == "+") {
    hi = kOpen;
    ++i;
  } else if (range.substr(i, 1) == "-" || range.substr(i, 3) == "\u2013") {
    i += range[i] == '-' ? 1 : 3;
    spaces();
    hi = number();
    spaces();
  }
  std::vector<int> bands;
  if (lo < 0 || hi < lo || i != range.size()) return bands;
  for (int b = 0; b < kAgeBandCount; ++b) {
    const int upper = b + 1 < kAgeBandCount ? kLower[b + 1] - 1 : kOpen;
    if (kLower[b] <= hi && upper >= lo) bands.push_back(b);
  }
  return bands;
}

std::string encode_facets(const FacetRecord& r) {
  std::string out;
  out.reserve(112 + 3 * r.audience.countries.size() + r.platform.size() + r.city.size() +
              r.city_key.size());
  Writer w(out);
  w.u8(kRecordVersion);
  w.u8(static_cast<std::uint8_t>(r.tier));
  w.u8(static_cast<std::uint8_t>((r.spike ? 1 : 0) | (r.authenticity_estimated ? 2 : 0) |
                                 (r.automated ? 4 : 0) | (r.has_contact ? 8 : 0) |
                                 (r.has_sponsored ? 16 : 0)));
  w.bytes(r.country, 2);
  w.bytes(r.languages, 8);
  w.u64(r.followers);
  w.u32(r.following);
  w.u32(r.posts);
  for (double d : {r.engagement_rate, r.growth_monthly, r.authenticity, r.price_usd}) w.f64(d);
  w.f32(r.posts_per_week);
  w.u64(r.generation);
  w.bytes(r.audience.top_country, 2);
  const std::size_t countries = std::min<std::size_t>(r.audience.countries.size(), 255);
  w.u8(static_cast<std::uint8_t>(countries));
  for (std::size_t i = 0; i < countries; ++i) {
    w.bytes(r.audience.countries[i].code, 2);
    w.u8(r.audience.countries[i].share);
  }
  w.bytes(r.audience.age, kAgeBandCount);
  w.u8(r.audience.female);
  w.u8(r.audience.male);
  w.str(r.platform);
  w.str(r.city);
  w.str(r.city_key);
  return out;
}

namespace {

// The audience part of a version 1 record: the three largest countries (a first one with share
// 0 and no others was a top_country alone), the age bands and the female share.
void read_audience_v1(Reader& in, AudienceSummary& a) {
  char codes[3][2] = {};
  std::uint8_t shares[3] = {};
  in.bytes(codes, 6);
  in.bytes(shares, 3);
  std::memcpy(a.top_country, codes[0], 2);
  const bool top_only = codes[0][0] != 0 && shares[0] == 0 && codes[1][0] == 0;
  for (int i = 0; i < 3 && !top_only; ++i) {
    if (codes[i][0] == 0) break;
    AudienceCountry c;
    std::memcpy(c.code, codes[i], 2);
    c.share = shares[i];
    a.countries.push_back(c);
  }
  in.bytes(a.age, kAgeBandCount);
  a.female = in.u8();
}

}  // namespace

std::optional<FacetRecord> decode_facets(std::string_view bytes) {
  Reader in(bytes);
  const std::uint8_t version = in.u8();
  if (version < 1 || version > kRecordVersion) return std::nullopt;
  FacetRecord r;
  std::uint8_t tier = in.u8();
  std::uint8_t flags = in.u8();
  if (tier >= kTierCount || flags > (version == 1 ? 7 : 31)) return std::nullopt;
  r.tier = static_cast<Tier>(tier);
  r.spike = flags & 1;
  r.authenticity_estimated = flags & 2;
  r.automated = flags & 4;  // records written before the flag existed have it clear
  r.has_contact = flags & 8;
  r.has_sponsored = flags & 16;
  in.bytes(r.country, 2);
  in.bytes(r.languages, 8);
  r.followers = in.u64();
  r.following = in.u32();
  r.posts = in.u32();
  for (double* d : {&r.engagement_rate, &r.growth_monthly, &r.authenticity, &r.price_usd}) {
    *d = version >= 3 ? in.f64() : in.f32();
  }
  r.posts_per_week = in.f32();
  r.generation = in.u64();
  if (version == 1) {
    read_audience_v1(in, r.audience);
    std::size_t n = in.u8();
    r.platform = std::string(in.rest(n));
  } else {
    in.bytes(r.audience.top_country, 2);
    const std::size_t countries = in.u8();
    for (std::size_t i = 0; i < countries && in.ok(); ++i) {
      AudienceCountry c;
      in.bytes(c.code, 2);
      c.share = in.u8();
      r.audience.countries.push_back(c);
    }
    in.bytes(r.audience.age, kAgeBandCount);
    r.audience.female = in.u8();
    r.audience.male = in.u8();
    r.platform = in.str();
    r.city = in.str();
    r.city_key = in.str();
  }
  if (!in.ok() || in.remaining() != 0) return std::nullopt;
  return r;
}

}  // namespace mikros
