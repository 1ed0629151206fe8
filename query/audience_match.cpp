#include "query/audience_match.h"

#include <fmt/format.h>

#include <algorithm>

#include "analysis/vocabulary.h"

namespace mikros::query {
namespace {

Xapian::Query any_of(const std::vector<std::string>& terms) {
  if (terms.empty()) return Xapian::Query::MatchNothing;
  if (terms.size() == 1) return Xapian::Query(terms[0]);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// The share terms of one value of the clause at levels lo..hi.
std::vector<std::string> level_terms(const AudienceTest& t, std::size_t value, int lo, int hi) {
  std::vector<std::string> terms;
  for (int level = std::max(lo, 0); level <= std::min(hi, kShareLevels); ++level) {
    switch (t.field) {
      case AudienceField::kCountry:
        terms.push_back(vocab::audience_country_term(unpack_code(t.countries[value]), level));
        break;
      case AudienceField::kAge:
        terms.push_back(vocab::audience_age_term(t.age, level));
        break;
      case AudienceField::kGender:
        terms.push_back(vocab::audience_gender_term(t.gender, level));
        break;
    }
  }
  return terms;
}

std::size_t value_count(const AudienceTest& t) {
  return t.field == AudienceField::kCountry ? t.countries.size() : 1;
}

const char* presence_name(std::uint8_t bit) {
  switch (bit) {
    case presence::kContact:
      return "contact";
    case presence::kPrice:
      return "price";
    case presence::kSponsored:
      return "sponsored";
    case presence::kAudienceCountries:
      return "aud.country";
    case presence::kAudienceAge:
      return "aud.age";
    case presence::kAudienceGender:
      return "aud.gender";
    default:
      return "";
  }
}

// Countries and age ranges index no term for a share of 0 (vocabulary.h): a lower bound of 0
// is every profile with that data but those above the upper bound. Gender shares of 0 have
// terms.
bool needs_presence(const AudienceTest& t) {
  return t.lo <= 0 && t.field != AudienceField::kGender;
}

}  // namespace

AudienceTest AudienceTest::make(const Query::Node& n) {
  AudienceTest t;
  t.field = n.audience;
  t.lo = n.share_lo;
  t.hi = n.share_hi;
  switch (n.audience) {
    case AudienceField::kCountry:
      for (const auto& v : n.values) {
        if (v.size() == 2) t.countries.push_back(upper_code(pack_code(v.data())));
      }
      break;
    case AudienceField::kAge:
      t.age = parse_age_range(n.values.at(0)).value_or(AgeRange{});
      break;
    case AudienceField::kGender:
      t.gender = parse_gender(n.values.at(0)).value_or(Gender::kFemale);
      break;
  }
  return t;
}

std::optional<int> AudienceTest::share(FilterKey key) const {
  std::optional<std::uint8_t> s;
  switch (field) {
    case AudienceField::kCountry:
      if (!countries.empty()) s = key.country_share(countries[0]);
      break;
    case AudienceField::kAge:
      s = key.age_share(age);
      break;
    case AudienceField::kGender:
      s = key.gender_share(gender);
      break;
  }
  return s ? std::optional<int>(*s) : std::nullopt;
}

bool AudienceTest::passes(FilterKey key) const {
  auto in = [&](std::optional<std::uint8_t> s) { return s && *s >= lo && *s <= hi; };
  switch (field) {
    case AudienceField::kCountry:
      for (std::uint16_t code : countries) {
        if (in(key.country_share(code))) return true;
      }
      return false;
    case AudienceField::kAge:
      return in(key.age_share(age));
    case AudienceField::kGender:
      return in(key.gender_share(gender));
  }
  return false;
}

std::uint8_t AudienceTest::presence_bit() const {
  switch (field) {
    case AudienceField::kCountry:
      return presence::kAudienceCountries;
    case AudienceField::kAge:
      return presence::kAudienceAge;
    case AudienceField::kGender:
      break;
  }
  return presence::kAudienceGender;
}

std::uint8_t presence_mask(const Query::Node& has) {
  std::uint8_t mask = 0;
  for (const auto& v : has.values) {
    switch (parse_has(v).value_or(Presence::kContact)) {
      case Presence::kContact:
        mask |= presence::kContact;
        break;
      case Presence::kPrice:
        mask |= presence::kPrice;
        break;
      case Presence::kAudience:
        mask |= presence::kAudienceCountries | presence::kAudienceAge | presence::kAudienceGender;
        break;
      case Presence::kAudienceCountries:
        mask |= presence::kAudienceCountries;
        break;
      case Presence::kAudienceAge:
        mask |= presence::kAudienceAge;
        break;
      case Presence::kAudienceGender:
        mask |= presence::kAudienceGender;
        break;
    }
  }
  return mask;
}

std::vector<std::string> presence_terms(std::uint8_t mask) {
  std::vector<std::string> terms;
  for (std::uint8_t bit = 1; bit != 0 && bit <= presence::kAudienceGender; bit <<= 1) {
    if (mask & bit) terms.push_back(vocab::has_term(presence_name(bit)));
  }
  return terms;
}

Xapian::Query audience_query(const Query::Node& n) {
  const AudienceTest t = AudienceTest::make(n);
  if (t.lo > t.hi || t.lo > kShareLevels || t.hi < 0) return Xapian::Query::MatchNothing;
  if (!needs_presence(t)) {
    std::vector<std::string> terms;
    for (std::size_t v = 0; v < value_count(t); ++v) {
      for (auto& term : level_terms(t, v, t.lo, t.hi)) terms.push_back(std::move(term));
    }
    return any_of(terms);
  }
  const Xapian::Query present(presence_terms(t.presence_bit())[0]);
  if (t.hi >= kShareLevels) return present;
  // Any of the values at most hi: not all of them above it.
  std::vector<Xapian::Query> above;
  for (std::size_t v = 0; v < value_count(t); ++v) {
    above.push_back(any_of(level_terms(t, v, t.hi + 1, kShareLevels)));
  }
  return Xapian::Query(Xapian::Query::OP_AND_NOT, present,
                       Xapian::Query(Xapian::Query::OP_AND, above.begin(), above.end()));
}

Xapian::Query has_query(const Query::Node& n) {
  return any_of(presence_terms(presence_mask(n)));
}

// ---- AudienceSource, PresenceSource ----

AudienceSource::AudienceSource(std::shared_ptr<const Columns> columns, AudienceTest test)
    : TermsFilterSource(std::move(columns)), test_(std::move(test)) {}

AudienceSource* AudienceSource::clone() const {
  return new AudienceSource(columns(), test_);
}

std::vector<std::string> AudienceSource::driving_terms() const {
  if (needs_presence(test_)) return presence_terms(test_.presence_bit());
  std::vector<std::string> terms;
  for (std::size_t v = 0; v < value_count(test_); ++v) {
    for (auto& term : level_terms(test_, v, test_.lo, test_.hi)) terms.push_back(std::move(term));
  }
  return terms;
}

std::string AudienceSource::get_description() const {
  std::string values;
  switch (test_.field) {
    case AudienceField::kCountry:
      for (std::uint16_t c : test_.countries)
        values += (values.empty() ? "" : ",") + unpack_code(c);
      break;
    case AudienceField::kAge:
      values = age_range_name(test_.age);
      break;
    case AudienceField::kGender:
      values = gender_name(test_.gender);
      break;
  }
  return fmt::format("mikros::AudienceSource({}:{} levels {}..{})",
                     audience_field_name(test_.field), values, test_.lo, test_.hi);
}

PresenceSource::PresenceSource(std::shared_ptr<const Columns> columns, std::uint8_t mask)
    : TermsFilterSource(std::move(columns)), mask_(mask) {}

PresenceSource* PresenceSource::clone() const {
  return new PresenceSource(columns(), mask_);
}

std::vector<std::string> PresenceSource::driving_terms() const {
  return presence_terms(mask_);
}

std::string PresenceSource::get_description() const {
  std::string names;
  for (const auto& t : presence_terms(mask_)) {
    names += (names.empty() ? "" : ",") + t.substr(vocab::kPrefixHas.size());
  }
  return fmt::format("mikros::PresenceSource({})", names);
}

// ---- AudienceKeyMaker ----

std::string AudienceKeyMaker::operator()(const Xapian::Document& doc) const {
  const Xapian::docid pid = doc.get_docid();
  std::uint64_t rank = 0, followers = 0;
  if (auto key = columns_->key(pid)) {
    rank = AudienceKeyMaker::rank(test_, *key);
    followers = columns_->row(pid)->followers;
  }
  std::string out(10, '\0');
  out[0] = static_cast<char>(rank >> 8);
  out[1] = static_cast<char>(rank & 0xff);
  for (int i = 0; i < 8; ++i) out[2 + i] = static_cast<char>((followers >> (56 - 8 * i)) & 0xff);
  return out;
}

}  // namespace mikros::query
