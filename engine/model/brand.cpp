// Brand profiles: parsing, validation, canonical JSON.
#include "mikros/brand.hpp"

#include <fmt/format.h>
#include <simdjson.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "model/audience.h"
#include "model/codes.h"
#include "model/facets.h"
#include "model/json_read.h"
#include "util/json_writer.h"
#include "util/text_util.h"

namespace mikros {
namespace {

using namespace json_read;  // NOLINT: the validation vocabulary

constexpr std::size_t kMaxTerms = 200;  // per list: keywords, values, avoid, ...
constexpr std::size_t kMaxTermBytes = 200;

void parse_weights(element e, AlignmentWeights& w) {
  if (e.type() != element_type::OBJECT) fail("weights", "expected an object");
  simdjson::dom::object members = e.get_object().value_unsafe();
  for (auto [key, value] : members) {
    double* target = nullptr;
    if (key == "topical") target = &w.topical;
    if (key == "values") target = &w.values;
    if (key == "audience") target = &w.audience;
    if (key == "engagement") target = &w.engagement;
    if (key == "authenticity") target = &w.authenticity;
    if (key == "affinity") target = &w.affinity;
    if (key == "budget") target = &w.budget;
    if (key == "avoid") target = &w.avoid;
    if (key == "competitor") target = &w.competitor;
    if (key == "relevance") target = &w.relevance;
    if (!target) {
      fail("weights", fmt::format("unknown part \"{}\" (expected topical, values, audience, "
                                  "engagement, authenticity, affinity, budget, avoid, competitor, "
                                  "relevance)",
                                  key));
    }
    *target = get_non_negative(value, fmt::format("weights.{}", key));
  }
}

// One string or a list of them: "US" as well as ["US", "CA"].
std::vector<std::string> get_one_or_list(element e, std::string_view field) {
  if (e.type() == element_type::STRING) return {std::string(get_string(e, field))};
  if (e.type() != element_type::ARRAY) {
    fail(field,
         fmt::format("expected a string or an array of strings, got {}", type_name(e.type())));
  }
  return get_string_list(e, field);
}

// "female" or "women" -> 1, "male" or "men" -> 0 (the target female share); else nullopt.
std::optional<double> female_target(std::string_view word) {
  std::string w = ascii_lower(trim(word));
  if (w == "female" || w == "women" || w == "woman") return 1.0;
  if (w == "male" || w == "men" || w == "man") return 0.0;
  return std::nullopt;
}

// "gender": "female", or {"female": share} / {"male": share}.
void parse_gender(element value, BrandAudience& a) {
  constexpr std::string_view kExpected =
      R"(expected "female", "male" or a share such as {"female": 0.8})";
  if (value.type() == element_type::STRING) {
    std::string_view word = get_string(value, "audience.gender");
    a.female = female_target(word);
    if (!a.female) fail("audience.gender", fmt::format("\"{}\": {}", word, kExpected));
    return;
  }
  if (value.type() != element_type::OBJECT) {
    fail("audience.gender", fmt::format("{}, got {}", kExpected, type_name(value.type())));
  }
  simdjson::dom::object genders = value.get_object().value_unsafe();
  for (auto [g, share] : genders) {
    if (g == "female") {
      a.female = get_share(share, "audience.gender.female");
    } else if (g == "male") {
      a.female = 1 - get_share(share, "audience.gender.male");
    } else {
      fail("audience.gender", fmt::format("unknown key \"{}\" (expected female, male)", g));
    }
  }
}

void parse_audience(element e, BrandAudience& a) {
  if (e.type() != element_type::OBJECT) fail("audience", "expected an object");
  simdjson::dom::object members = e.get_object().value_unsafe();
  for (auto [key, value] : members) {
    if (value.type() == element_type::NULL_VALUE) continue;
    if (key == "countries") {
      // Codes or names: one, a list, or {country: weight}.
      if (value.type() == element_type::OBJECT) {
        simdjson::dom::object shares = value.get_object().value_unsafe();
        for (auto [code, weight] : shares) {
          a.countries[std::string(code)] =
              get_non_negative(weight, fmt::format("audience.countries.{}", code));
        }
      } else if (value.type() == element_type::ARRAY || value.type() == element_type::STRING) {
        for (const auto& c : get_one_or_list(value, "audience.countries")) a.countries[c] = 1;
      } else {
        fail("audience.countries",
             fmt::format("expected a list of countries or {{country: weight}}, got {}",
                         type_name(value.type())));
      }
    } else if (key == "age") {
      a.age = get_one_or_list(value, "audience.age");
    } else if (key == "gender") {
      parse_gender(value, a);
    } else {
      fail("audience", fmt::format("unknown key \"{}\" (expected countries, age, gender)", key));
    }
  }
}

// "require": {"aud.country": {"US": 0.4}, "aud.age": {"18-34": 0.5}, "aud.gender": {...}}.
void parse_require(element e, std::vector<AudienceRequirement>& out) {
  if (e.type() != element_type::OBJECT) fail("require", "expected an object");
  simdjson::dom::object members = e.get_object().value_unsafe();
  for (auto [key, value] : members) {
    auto field = parse_audience_field(key);
    if (!field) {
      fail("require",
           fmt::format("unknown key \"{}\" (expected aud.country, aud.age, aud.gender)", key));
    }
    const std::string where = fmt::format("require.{}", key);
    if (value.type() != element_type::OBJECT) {
      fail(where, "expected {value: minimum share}, e.g. {\"US\": 0.4}");
    }
    simdjson::dom::object shares = value.get_object().value_unsafe();
    for (auto [name, share] : shares) {
      out.push_back(
          {*field, std::string(name), get_share(share, fmt::format("{}.{}", where, name))});
    }
  }
}

// A requirement's value in canonical form: an ISO code, a band range name, a gender name.
std::string requirement_value(const AudienceRequirement& r) {
  const std::string where = fmt::format("require.{}", audience_field_name(r.field));
  switch (r.field) {
    case AudienceField::kCountry: {
      auto code = codes::normalize_country(r.value);
      if (!code) code = codes::country_for_name(r.value);
      if (!code) fail(where, fmt::format("unknown country \"{}\"", r.value));
      return *code;
    }
    case AudienceField::kAge: {
      std::string why;
      auto range = parse_age_range(r.value, &why);
      if (!range) fail(where, fmt::format("\"{}\": {}", r.value, why));
      return age_range_name(*range);
    }
    case AudienceField::kGender: {
      auto g = mikros::parse_gender(r.value);
      if (!g) fail(where, fmt::format("unknown gender \"{}\" (expected female or male)", r.value));
      return gender_name(*g);
    }
  }
  return r.value;
}

// Normalises each requirement; one that names a value twice ("US" and "United States") keeps
// the larger minimum, which is what both together ask.
void check_require(std::vector<AudienceRequirement>& require) {
  std::vector<AudienceRequirement> out;
  for (auto& r : require) {
    r.value = requirement_value(r);
    if (!(r.min_share >= 0 && r.min_share <= 1)) {
      fail(fmt::format("require.{}.{}", audience_field_name(r.field), r.value),
           "expected a share between 0 and 1");
    }
    auto same = std::find_if(out.begin(), out.end(), [&](const AudienceRequirement& o) {
      return o.field == r.field && o.value == r.value;
    });
    if (same == out.end()) {
      out.push_back(r);
    } else {
      same->min_share = std::max(same->min_share, r.min_share);
    }
  }
  require = std::move(out);
}

void check_terms(std::vector<std::string>& terms, std::string_view field) {
  if (terms.size() > kMaxTerms) fail(field, fmt::format("more than {} entries", kMaxTerms));
  std::vector<std::string> out;
  for (const auto& t : terms) {
    std::string_view s = trim(t);
    if (s.empty()) fail(field, "empty entry");
    if (s.size() > kMaxTermBytes)
      fail(field, fmt::format("entry longer than {} bytes", kMaxTermBytes));
    out.emplace_back(s);
  }
  terms = std::move(out);
}

// Whether `s` holds a letter or a digit of any script (a name the store can key: brand_key).
bool has_letter_or_digit(std::string_view s) {
  const auto length = static_cast<int32_t>(s.size());  // a name is at most 200 bytes
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s.data(), i, length, c);
    if (c >= 0 && u_isalnum(c)) return true;
  }
  return false;
}

// Countries as ISO codes, ages as the standard bands (corpus/BRANDS.md gives the forms).
void check_audience(BrandAudience& a) {
  std::map<std::string, double> countries;
  for (const auto& [country, weight] : a.countries) {
    auto cc = codes::normalize_country(trim(country));
    if (!cc) cc = codes::country_for_name(country);
    if (!cc) {
      fail("audience.countries",
           fmt::format(R"(unknown country "{}" (expected an ISO code such as "US" or a name )"
                       R"(such as "United States"))",
                       country));
    }
    if (!(weight >= 0) || !std::isfinite(weight)) {
      fail("audience.countries", "weights must be non-negative numbers");
    }
    double& w = countries[*cc];  // "US" and "United States" both given: the larger weight
    w = std::max(w, weight);
  }
  a.countries = std::move(countries);
  std::set<int> bands;
  for (const auto& range : a.age) {
    std::vector<int> covered = age_bands_covering(range);
    if (covered.empty()) {
      fail("audience.age",
           fmt::format(R"("{}" is not an age range such as "18-24", "18-34" or "55+" covering )"
                       R"(ages 13 and over)",
                       range));
    }
    bands.insert(covered.begin(), covered.end());
  }
  a.age.clear();
  for (int band : bands) a.age.emplace_back(kAgeBands[band]);
  if (a.female && !(*a.female >= 0 && *a.female <= 1)) {
    fail("audience.gender", "shares must be between 0 and 1");
  }
}

void check_brand(Brand& b) {
  std::string_view name = trim(b.name);
  if (name.empty()) fail("name", "missing (required)");
  if (name.size() > 200) fail("name", "longer than 200 bytes");
  b.name = std::string(name);
  if (!has_letter_or_digit(b.name)) fail("name", "needs at least one letter or digit");
  std::string_view handle = trim(b.handle);
  while (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
  if (handle.find(' ') != std::string_view::npos) fail("handle", "contains a space");
  b.handle = std::string(handle);
  for (auto& h : b.hashtags) {
    std::string_view t = trim(h);
    while (!t.empty() && t.front() == '#') t.remove_prefix(1);
    if (t.empty() || t.find(' ') != std::string_view::npos) {
      fail("hashtags", fmt::format("\"{}\" is not a hashtag", h));
    }
    h = std::string(t);
  }
  check_terms(b.hashtags, "hashtags");
  check_terms(b.keywords, "keywords");
  check_terms(b.values, "values");
  check_terms(b.avoid, "avoid");
  check_terms(b.competitors, "competitors");
  check_audience(b.audience);
  check_require(b.require);
  if (b.budget_usd && !(*b.budget_usd >= 0 && std::isfinite(*b.budget_usd))) {
    fail("budget_usd", "expected a non-negative number");
  }
  const AlignmentWeights& w = b.weights;
  for (double v : {w.topical, w.values, w.audience, w.engagement, w.authenticity, w.affinity,
                   w.budget, w.avoid, w.competitor}) {
    if (!(v >= 0) || !std::isfinite(v)) fail("weights", "must be non-negative numbers");
  }
  if (!(w.relevance >= 0.01 && w.relevance <= 100)) {
    fail("weights.relevance", "expected a number from 0.01 to 100");
  }
}

}  // namespace

Result<Brand> parse_brand(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto error = parse_document(parser, json, &doc)) return Status::invalid_argument(*error);
  if (doc.type() != element_type::OBJECT) {
    return Status::invalid_argument("a brand is a JSON object");
  }
  try {
    Brand b;
    std::set<std::string_view> seen;
    simdjson::dom::object members = doc.get_object().value_unsafe();
    for (auto [key, value] : members) {
      if (!seen.insert(key).second) fail(key, "appears twice");
      if (value.type() == element_type::NULL_VALUE) continue;
      if (key == "name") {
        b.name = get_string(value, key);
      } else if (key == "handle") {
        b.handle = get_string(value, key);
      } else if (key == "hashtags") {
        b.hashtags = get_string_list(value, key);
      } else if (key == "keywords") {
        b.keywords = get_string_list(value, key);
      } else if (key == "values") {
        b.values = get_string_list(value, key);
      } else if (key == "avoid") {
        b.avoid = get_string_list(value, key);
      } else if (key == "competitors") {
        b.competitors = get_string_list(value, key);
      } else if (key == "audience") {
        parse_audience(value, b.audience);
      } else if (key == "require") {
        parse_require(value, b.require);
      } else if (key == "budget_usd") {
        b.budget_usd = get_non_negative(value, key);
      } else if (key == "weights") {
        parse_weights(value, b.weights);
      } else if (key != "description") {  // free text for people; ignored
        fail(key, "unknown field (see corpus/BRANDS.md)");
      }
    }
    check_brand(b);
    return b;
  } catch (const Invalid& e) {
    return Status::invalid_argument(e.message);
  }
}

Status validate_brand(Brand& brand) {
  try {
    check_brand(brand);
    return Status::ok();
  } catch (const Invalid& e) {
    return Status::invalid_argument(e.message);
  }
}

std::string to_json(const Brand& b) {
  std::string out;
  json::Writer w(out);
  auto list = [&](const char* key, const std::vector<std::string>& v) {
    w.key(key).begin_array();
    for (const auto& s : v) w.value(s);
    w.end_array();
  };
  w.begin_object();
  w.key("name").value(b.name);
  if (!b.handle.empty()) w.key("handle").value(b.handle);
  list("hashtags", b.hashtags);
  list("keywords", b.keywords);
  list("values", b.values);
  list("avoid", b.avoid);
  list("competitors", b.competitors);
  w.key("audience").begin_object();
  w.key("countries").begin_object();
  for (const auto& [code, weight] : b.audience.countries) w.key(code).value(weight);
  w.end_object();
  list("age", b.audience.age);
  if (b.audience.female)
    w.key("gender").begin_object().key("female").value(*b.audience.female).end_object();
  w.end_object();
  if (!b.require.empty()) {
    w.key("require").begin_object();
    for (AudienceField f : {AudienceField::kCountry, AudienceField::kAge, AudienceField::kGender}) {
      bool open = false;
      for (const auto& r : b.require) {
        if (r.field != f) continue;
        if (!open) w.key(audience_field_name(f)).begin_object();
        open = true;
        w.key(r.value).value(r.min_share);
      }
      if (open) w.end_object();
    }
    w.end_object();
  }
  if (b.budget_usd) w.key("budget_usd").value(*b.budget_usd);
  const AlignmentWeights& x = b.weights;
  w.key("weights").begin_object();
  w.key("topical").value(x.topical).key("values").value(x.values);
  w.key("audience").value(x.audience).key("engagement").value(x.engagement);
  w.key("authenticity").value(x.authenticity).key("affinity").value(x.affinity);
  w.key("budget").value(x.budget).key("avoid").value(x.avoid);
  w.key("competitor").value(x.competitor).key("relevance").value(x.relevance);
  w.end_object();
  w.end_object();
  return out;
}

}  // namespace mikros
