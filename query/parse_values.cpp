// The values of FIELD:VALUE clauses: comma lists, numbers and ranges, audience shares, has:
// and sort:aud.*. Throw SyntaxError (lexer.h) with the position of what is wrong.
#include "query/parse_values.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/numbers.h"
#include "util/text_util.h"

namespace mikros::query {
namespace {

bool is_percent_field(NumericField f) {
  return f == NumericField::kEngagementRate || f == NumericField::kGrowth ||
         f == NumericField::kAuthenticity;
}

// A number of the language: digits with an optional fraction, then k/M/B (counts and prices)
// or % (rates). Decimal scaling goes through strtod on an exponent-shifted string, so "3.5%"
// is exactly the double nearest 0.035, the same double a profile's "0.035" parses to.
double parse_number(NumericField field, std::string_view text, std::size_t pos) {
  const bool rate = is_percent_field(field);
  const std::string expected = rate ? "expected a number or percentage (3% or 0.03)"
                                    : "expected a number (5000, 10k or 1.5M)";
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && s.front() == '-' && field == NumericField::kGrowth) {
    negative = true;
    s.remove_prefix(1);
  }
  NumberError error = NumberError::kNotANumber;
  std::optional<double> v;
  if (!rate) {
    v = parse_count(s, &error);
  } else if (!s.empty() && s.back() == '%') {
    v = parse_decimal(s.substr(0, s.size() - 1), -2, &error);
  } else {
    v = parse_decimal(s, 0, &error);
  }
  if (!v) fail(pos, error == NumberError::kOutOfRange ? "number out of range" : expected);
  if (field == NumericField::kAuthenticity && (*v < 0 || *v > 1)) {
    fail(pos, "authenticity is between 0 and 1 (or 0% and 100%)");
  }
  return negative ? -*v : *v;
}

// A share: a percentage ("40%") or a fraction ("0.4"), between 0 and 1.
double parse_share(std::string_view text, std::size_t pos) {
  NumberError error = NumberError::kNotANumber;
  std::optional<double> v;
  if (!text.empty() && text.back() == '%') {
    v = parse_decimal(text.substr(0, text.size() - 1), -2, &error);
  } else {
    v = parse_decimal(text, 0, &error);
  }
  if (!v) {
    fail(pos, error == NumberError::kOutOfRange ? "number out of range"
                                                : "expected a share (40% or 0.4)");
  }
  if (*v < 0 || *v > 1) fail(pos, "a share is between 0% and 100% (or 0 and 1)");
  return *v;
}

// ">=A", ">A", "<=B", "<B", "A..B", "A..", "..B", "A" or "=A", each number read by `number`.
template <typename NumberFn>
NumericRange parse_bounds(std::string_view s, std::size_t pos, const NumberFn& number) {
  NumericRange r;
  auto op = [&](std::string_view prefix) {
    if (s.substr(0, prefix.size()) != prefix) return false;
    s.remove_prefix(prefix.size());
    pos += prefix.size();
    return true;
  };
  if (op(">=")) {
    r.min = number(s, pos);
  } else if (op(">")) {
    r.min = number(s, pos);
    r.min_inclusive = false;
  } else if (op("<=")) {
    r.max = number(s, pos);
  } else if (op("<")) {
    r.max = number(s, pos);
    r.max_inclusive = false;
  } else if (auto dots = s.find(".."); dots != std::string_view::npos) {
    std::string_view lo = s.substr(0, dots), hi = s.substr(dots + 2);
    if (lo.empty() && hi.empty()) fail(pos, "expected a number before or after '..'");
    if (!lo.empty()) r.min = number(lo, pos);
    if (!hi.empty()) r.max = number(hi, pos + dots + 2);
    if (r.min && r.max && *r.min > *r.max) {
      fail(pos, fmt::format("empty range: {} is above {}", lo, hi));
    }
  } else {
    op("=");
    double v = number(s, pos);
    r.min = v;
    r.max = v;
  }
  return r;
}

}  // namespace

std::vector<ListValue> split_list(const std::string& raw, std::size_t base) {
  std::vector<ListValue> out;
  std::string cur;
  std::size_t cur_pos = base;
  bool in_quote = false;
  for (std::size_t i = 0; i <= raw.size(); ++i) {
    if (i == raw.size() || (raw[i] == ',' && !in_quote)) {
      if (trim(cur).empty()) fail(cur_pos, "expected a value (empty entry in a comma list)");
      out.push_back({std::string(trim(cur)), cur_pos});
      cur.clear();
      cur_pos = base + i + 1;
      continue;
    }
    if (raw[i] == '"') {
      in_quote = !in_quote;
      continue;
    }
    cur += raw[i];
  }
  return out;
}

NumericRange parse_range(NumericField field, const std::string& raw, std::size_t pos) {
  if (raw == "*") return NumericRange{};  // any value: the profiles that give one
  return parse_bounds(raw, pos, [field](std::string_view text, std::size_t at) {
    return parse_number(field, text, at);
  });
}

NodePtr audience_clause(AudienceField field, const std::string& raw, std::size_t pos) {
  // The subject ends where the share's comparison starts (outside quotes).
  std::size_t op = std::string::npos;
  bool in_quote = false;
  for (std::size_t i = 0; i < raw.size() && op == std::string::npos; ++i) {
    if (raw[i] == '"') in_quote = !in_quote;
    if (!in_quote && (raw[i] == '<' || raw[i] == '>' || raw[i] == '=')) op = i;
  }
  const char* subject = field == AudienceField::kCountry ? "a country code"
                        : field == AudienceField::kAge   ? "an age range"
                                                         : "female or male";
  if (op == 0) {
    fail(pos, fmt::format("expected {} before the share ({}:{}>=40%)", subject,
                          audience_field_name(field),
                          field == AudienceField::kCountry ? "DE"
                          : field == AudienceField::kAge   ? "18-34"
                                                           : "female"));
  }
  if (op == std::string::npos) {
    fail(pos + raw.size(),
         fmt::format("expected a share after '{}': >=40%, <20% or =40%..60%", raw));
  }
  auto n = std::make_shared<Query::Node>();
  n->kind = Query::Node::Kind::kAudience;
  n->audience = field;
  n->pos = pos;
  for (const auto& v : split_list(raw.substr(0, op), pos)) {
    auto value = normalize_audience_value(field, v.text);
    if (!value) fail(v.pos, value.status().message());
    if (field != AudienceField::kCountry && !n->values.empty()) {
      fail(v.pos,
           fmt::format(
               "one value per {}: clause{}", audience_field_name(field),
               field == AudienceField::kAge ? " (a range such as 18-34 adds up its bands)" : ""));
    }
    if (std::find(n->values.begin(), n->values.end(), *value) == n->values.end()) {
      n->values.push_back(std::move(*value));
    }
  }
  // "=40%..60%" and "=40%" are a range or one value; ">=40%" and the others a bound.
  std::string bounds = raw.substr(op);
  std::size_t at = pos + op;
  if (bounds.size() > 1 && bounds[0] == '=') {
    bounds.erase(0, 1);
    ++at;
  }
  const ShareLevels levels = share_levels(parse_bounds(bounds, at, parse_share));
  n->share_lo = levels.lo;
  n->share_hi = levels.hi;
  return n;
}

NodePtr has_clause(const std::string& raw, std::size_t pos) {
  auto n = std::make_shared<Query::Node>();
  n->kind = Query::Node::Kind::kHas;
  n->pos = pos;
  for (const auto& v : split_list(raw, pos)) {
    auto p = parse_has(v.text);
    if (!p) {
      fail(v.pos, fmt::format("unknown has: value '{}' (expected contact, price, audience, "
                              "aud.country, aud.age or aud.gender)",
                              v.text));
    }
    const std::string name = has_name(*p);
    if (std::find(n->values.begin(), n->values.end(), name) == n->values.end()) {
      n->values.push_back(name);
    }
  }
  return n;
}

std::optional<AudienceShare> audience_sort(std::string_view raw, std::size_t pos) {
  const std::size_t colon = raw.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto field = parse_audience_field(raw.substr(0, colon));
  if (!field) return std::nullopt;
  std::string_view value = trim(raw.substr(colon + 1));
  // sort:aud.country:"United States": a name with spaces is quoted.
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = trim(value.substr(1, value.size() - 2));
  }
  if (value.empty()) {
    fail(pos + colon + 1,
         fmt::format("expected a value after 'sort:{}:'", audience_field_name(*field)));
  }
  auto normalized = normalize_audience_value(*field, value);
  if (!normalized) fail(pos + colon + 1, normalized.status().message());
  return AudienceShare{*field, std::move(*normalized)};
}

}  // namespace mikros::query
