// The filters on what a profile gives (has:, sponsored:*) and on its audience's shares
// (aud.country:, aud.age:, aud.gender:), both ways a search may run them: as boolean terms
// (every shard of the scale-out issue can, on a stock Xapian) and over the facet columns (beside
// text, in the column scan, and for sort:aud.*). The two hold the same stored levels
// (analysis/vocabulary.h, analytics/columns.h), so both ways match the same profiles.
#ifndef MIKROS_QUERY_AUDIENCE_MATCH_H
#define MIKROS_QUERY_AUDIENCE_MATCH_H

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analytics/columns.h"
#include "query/ast.h"
#include "query/column_match.h"

namespace mikros::query {

// An audience clause (kAudience) as the columns test it. Only for valid clauses (no `invalid`).
struct AudienceTest {
  AudienceField field = AudienceField::kCountry;
  std::vector<std::uint16_t> countries;  // upper_code() of each value
  AgeRange age;
  Gender gender = Gender::kFemale;
  int lo = 0, hi = kShareLevels;  // levels that pass, inclusive

  static AudienceTest make(const Query::Node& n);
  // The level of the first value's share, nullopt without that audience data (sorting).
  std::optional<int> share(FilterKey key) const;
  bool passes(FilterKey key) const;
  // The presence:: bit a profile needs to pass at all.
  std::uint8_t presence_bit() const;
};

// The presence:: bits a has: clause asks for (any of them).
std::uint8_t presence_mask(const Query::Node& has);
// The same for sponsored:* (presence::kSponsored).
inline constexpr std::uint8_t kSponsoredAny = presence::kSponsored;

// The clauses as boolean terms (vocabulary.h), the form a Xapian shard evaluates:
// an audience clause is an OR of its share terms (a lower bound of 0 for countries and age
// ranges: the presence term minus the terms above the upper bound), has: an OR of presence
// terms.
Xapian::Query audience_query(const Query::Node& n);
Xapian::Query has_query(const Query::Node& n);

// An audience clause checked on the columns (AudienceTest). When it drives the match it walks
// the postings of its share terms, opened then (up to 251 per value), or of its presence term
// for a lower bound of 0; its estimate comes from a sample of the rows.
class AudienceSource : public TermsFilterSource {
 public:
  AudienceSource(std::shared_ptr<const Columns> columns, AudienceTest test);
  AudienceSource* clone() const override;
  std::string get_description() const override;

 protected:
  bool passes_key(Xapian::docid, FilterKey key) const override { return test_.passes(key); }
  std::vector<std::string> driving_terms() const override;
  Frequencies frequencies() const override { return Frequencies::kSample; }

 private:
  AudienceTest test_;
};

// has: and sponsored:* checked on the columns' presence bits (any of `mask`).
class PresenceSource : public TermsFilterSource {
 public:
  PresenceSource(std::shared_ptr<const Columns> columns, std::uint8_t mask);
  PresenceSource* clone() const override;
  std::string get_description() const override;

 protected:
  bool passes_key(Xapian::docid, FilterKey key) const override {
    return (key.presence() & mask_) != 0;
  }
  std::vector<std::string> driving_terms() const override;
  Frequencies frequencies() const override {
    return driving_terms().size() == 1 ? Frequencies::kDisjoint : Frequencies::kUnion;
  }

 private:
  std::uint8_t mask_;
};

// The presence terms of the bits of `mask` (XHcontact, ...).
std::vector<std::string> presence_terms(std::uint8_t mask);

// The sort key of sort:aud.*: the share's level plus one (0 without the data, so those sort
// last), then the followers, big-endian so that larger sorts later (the matcher sorts it in
// reverse). The column scan orders by the same pair.
class AudienceKeyMaker : public Xapian::KeyMaker {
 public:
  AudienceKeyMaker(std::shared_ptr<const Columns> columns, AudienceTest test)
      : columns_(std::move(columns)), test_(std::move(test)) {}
  std::string operator()(const Xapian::Document& doc) const override;
  // The two parts of the key of a profile of the columns.
  static std::uint64_t rank(const AudienceTest& test, FilterKey key) {
    const auto s = test.share(key);
    return s ? static_cast<std::uint64_t>(*s) + 1 : 0;
  }

 private:
  std::shared_ptr<const Columns> columns_;
  AudienceTest test_;
};

}  // namespace mikros::query

#endif  // MIKROS_QUERY_AUDIENCE_MATCH_H
