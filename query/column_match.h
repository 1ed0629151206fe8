// Matching against the in-memory facet columns (analytics/columns.h) inside a Xapian match:
// filters on engagement labels (which live only in the columns) and on tier, country and
// platform, and the facet counter.
//
// Both assume that a document id is the profile's pid, which holds for the one Xapian database
// of an index (a search over several databases would have to map their interleaved ids first).
#ifndef MIKROS_QUERY_COLUMN_MATCH_H
#define MIKROS_QUERY_COLUMN_MATCH_H

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analytics/columns.h"
#include "analytics/peers.h"
#include "mikros/query.hpp"
#include "query/ast.h"

namespace mikros::query {

// A filter over the rows of the facet columns, as a leaf of the query tree.
//
// A PostingSource rather than a MatchDecider: it sits in the query tree as a filter (weight 0),
// so the matcher can ask check(pid) only for the candidates the rest of the query produced (one
// array lookup, where a term filter walks its posting list: the tier and country lists hold a
// quarter to half of all profiles), a filter-only query walks the rows in pid order, and the
// match bounds stay exact. Its weight is 0, so it never needs OP_SCALE_WEIGHT (which Xapian
// 1.4.22 gets wrong around a PostingSource).
//
// Thread-safety: one search at a time, as every PostingSource.
class RowFilterSource : public Xapian::PostingSource {
 public:
  explicit RowFilterSource(std::shared_ptr<const Columns> columns);

  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return estimate_; }
  Xapian::doccount get_termfreq_max() const override { return upper_; }
  double get_weight() const override { return 0; }
  Xapian::docid get_docid() const override { return pos_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool check(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return pos_ >= end_; }

 protected:
  // Whether a profile passes the filter: from its filter fields where they are enough (they
  // are the part of the columns that stays in cache), from its row otherwise.
  virtual bool passes_key(Xapian::docid did, FilterKey key) const = 0;
  const std::shared_ptr<const Columns>& columns() const { return columns_; }
  // For a subclass that moves by other means than the rows (FacetSource's postings).
  Xapian::docid pos() const { return pos_; }
  Xapian::docid end() const { return end_; }
  void set_pos(Xapian::docid did) { pos_ = std::min(did, end_); }
  // Sets the estimate of get_termfreq_est() from a sample of the rows (init() sets it to the
  // upper bound).
  void estimate_by_sampling();

 private:
  bool passes(Xapian::docid did) const {
    const std::optional<FilterKey> key = columns_->key(did);
    return key && passes_key(did, *key);
  }

  std::shared_ptr<const Columns> columns_;
  Xapian::docid pos_ = 0;  // 0: before the first row
  Xapian::docid end_ = 0;  // one past the last pid that may have a row
  Xapian::doccount estimate_ = 0;
  Xapian::doccount upper_ = 0;
};

// Matches the profiles whose engagement label is in a set: each row's engagement rate judged
// against the peer benchmarks of the same columns (analytics.h).
class LabelSource : public RowFilterSource {
 public:
  // `mask`: bit i set = label i passes.
  LabelSource(std::shared_ptr<const Columns> columns, std::uint32_t mask);

  static std::uint32_t mask_of(const std::vector<EngagementLabel>& labels);

  void init(const Xapian::Database& db) override;
  LabelSource* clone() const override;
  std::string get_description() const override;

 protected:
  bool passes_key(Xapian::docid did, FilterKey) const override {
    return (mask_ >> static_cast<unsigned>(bench_.label(*columns()->row(did)))) & 1u;
  }

 private:
  const analytics::PeerBenchmarks& bench_;  // owned by the columns
  std::uint32_t mask_;
};

// A filter over the columns that, when it drives the match (Xapian's AND lets the sub-query
// with the fewest estimated matches drive: next(), skip_to(), and only check()s the others),
// walks the posting lists of boolean terms whose union holds every profile that passes, and
// checks each on the columns; checked beside rarer text, it costs one array lookup a candidate.
// (Driving by the rows instead would read every row: memory-bound, about 3 ms per 200,000 rows.)
// Only exact when the columns are those of the text index's generation: the compiler uses it
// only then.
class TermsFilterSource : public RowFilterSource {
 public:
  void init(const Xapian::Database& db) override;
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  Xapian::doccount get_termfreq_min() const override { return freq_min_; }
  Xapian::doccount get_termfreq_est() const override { return freq_est_; }
  Xapian::doccount get_termfreq_max() const override { return freq_max_; }

 protected:
  explicit TermsFilterSource(std::shared_ptr<const Columns> columns)
      : RowFilterSource(std::move(columns)) {}
  // The terms whose postings hold every passing profile (it may hold others: each is checked).
  virtual std::vector<std::string> driving_terms() const = 0;
  // How the terms' frequencies bound the passing profiles: kDisjoint, they are the exact count
  // (one term a profile, every holder passes: tier:, country:); kUnion, they add up to at least
  // it; kSample, they do not tell (an estimate from a sample of the rows instead, and the
  // postings are opened only if the filter drives: a share filter has up to 251 terms).
  enum class Frequencies { kDisjoint, kUnion, kSample };
  virtual Frequencies frequencies() const = 0;

 private:
  void open_postings();

  // A handle of its own: the Database that init() is given may not outlive the call (a filter
  // that drives opens its postings later, on its first move).
  Xapian::Database db_;
  Xapian::doccount freq_min_ = 0, freq_est_ = 0, freq_max_ = 0;
  bool opened_ = false;
  std::vector<std::pair<Xapian::PostingIterator, Xapian::PostingIterator>> postings_;
};

// Matches the profiles whose tier, country, platform or city is one of a set (tier:micro,mid,
// country:US,CA, platform:tiktok, city:Seoul), from the columns instead of the boolean terms. A
// profile has one of each, so the values' terms give the exact count: the filter drives when
// it is the rarest part, as country:EG beside "and" "of" is.
class FacetSource : public TermsFilterSource {
 public:
  enum class Field { kTier, kCountry, kPlatform, kCity };
  // `values`: tier numbers, packed country codes (pack_code), platform or city ids (Columns).
  FacetSource(std::shared_ptr<const Columns> columns, Field field,
              std::vector<std::uint32_t> values);

  // The field of a query facet; nullopt for lang:, category: and sponsored:, which the columns
  // do not hold in full.
  static std::optional<Field> field_of(Facet facet);
  // What a query's facet values stand for in the columns (tier numbers, upper-case packed
  // countries, platform ids, city ids of the folded names); values no profile has are dropped.
  static std::vector<std::uint32_t> values_for(Field field, const std::vector<std::string>& values,
                                               const Columns& columns);
  // A profile's value of `field`, as values_for() gives them (country codes compare without
  // case).
  static std::uint32_t value_of(Field field, FilterKey key) {
    switch (field) {
      case Field::kTier:
        return static_cast<std::uint32_t>(key.tier());
      case Field::kCountry:
        return key.country();
      case Field::kPlatform:
        return key.platform();
      case Field::kCity:
        break;
    }
    return key.city();
  }
  // Whether `value` (value_of) is one of `values`.
  static bool is_one_of(std::uint32_t value, const std::vector<std::uint32_t>& values) {
    for (std::uint32_t want : values) {
      if (value == want) return true;
    }
    return false;
  }

  FacetSource* clone() const override;
  std::string get_description() const override;

 protected:
  bool passes_key(Xapian::docid, FilterKey key) const override {
    return is_one_of(value_of(field_, key), values_);
  }
  std::vector<std::string> driving_terms() const override;
  Frequencies frequencies() const override { return Frequencies::kDisjoint; }

 private:
  // The boolean term (document.h) of one of the values.
  std::string term_of(std::uint32_t value) const;

  Field field_;
  std::vector<std::uint32_t> values_;
};

// A numeric range (followers, er, growth, auth, price) tested on the columns' exact values (the
// rows hold them as the profile gives them). The filter fields hold followers up to the
// saturation point and the engagement rate as a float, which stays in cache: rounding to float
// keeps order, so a value whose float differs from the bound's float is decided by the float;
// one whose float equals it is left to the row (kAsk).
struct RangeTest {
  enum class Verdict { kFail, kPass, kAsk };
  NumericField field = NumericField::kFollowers;
  std::optional<double> lo, hi;  // inclusive; nullopt: open
  float lo_float = 0, hi_float = 0;

  static RangeTest make(NumericField field, std::optional<double> lo, std::optional<double> hi);
  // The exact test (kPass or kFail); a profile without the value fails.
  Verdict verdict(const FacetRow& row) const;
  // The verdict from the key when it holds the field (followers below the saturation point,
  // engagement rate); kAsk otherwise, and then verdict(row) decides.
  Verdict verdict(FilterKey key) const;

 private:
  Verdict followers_verdict(std::uint64_t followers) const;
  Verdict float_verdict(float value) const;
};

// Matches the profiles whose value is in a range, checked on the columns (RangeTest). For a
// range beside text, like FacetSource; alone (or under OR), it walks the rows.
class RangeSource : public RowFilterSource {
 public:
  RangeSource(std::shared_ptr<const Columns> columns, RangeTest test);

  RangeSource* clone() const override;
  std::string get_description() const override;
  // As FacetSource: checked against the text's candidates, never driving the match.
  Xapian::doccount get_termfreq_est() const override { return get_termfreq_max(); }

 protected:
  bool passes_key(Xapian::docid did, FilterKey key) const override;

 private:
  RangeTest test_;
};

// Counts every matching profile by tier, country, platform, language, engagement label, city and
// largest audience country, and the profiles without each part of the audience data.
// Used with check_at_least = the database's document count, so the matcher shows it every match
// and the counts are exact (Xapian counts a match spy only on the matches it is shown).
//
// Thread-safety: one search at a time.
class FacetCounter : public Xapian::MatchSpy {
 public:
  explicit FacetCounter(std::shared_ptr<const Columns> columns);

  void operator()(const Xapian::Document& doc, double wt) override;
  // Counts one match found without the matcher (ColumnScan); `db` is the snapshot it is in.
  void add(std::uint32_t pid, const FacetRow& row, const Xapian::Database& db);

  // Forgets every count (before the same search runs again).
  void reset();
  // Matches seen (the spy's own count, to tell whether the match counted them all).
  std::uint64_t seen() const { return seen_; }
  // facet -> value -> profiles, with the names of SearchResult::facets.
  std::map<std::string, std::map<std::string, std::uint64_t>> counts() const;

 private:
  // Counts a match; `doc` gives its document when its languages are more than the row holds.
  template <typename DocFn>
  void count(std::uint32_t pid, const FacetRow& row, DocFn doc);
  void count_audience(std::uint32_t pid, const FacetRow& row);
  // A two-letter code (either case) as an index 0..675; -1 when it is not two letters.
  static int code_index(std::uint16_t packed);

  std::shared_ptr<const Columns> columns_;
  const analytics::PeerBenchmarks& bench_;  // owned by columns_
  std::uint64_t seen_ = 0;
  std::array<std::uint64_t, kTierCount> tiers_{};
  std::array<std::uint64_t, kEngagementLabelCount> labels_{};
  std::array<std::uint64_t, 26 * 26> countries_{};
  std::array<std::uint64_t, 26 * 26> languages_{};
  std::vector<std::uint64_t> platforms_;  // by Columns platform id
  std::vector<std::uint64_t> cities_;     // by Columns city id
  std::array<std::uint64_t, 26 * 26> top_countries_{};
  // Matches without audience data at all, without countries, age bands, gender shares.
  std::array<std::uint64_t, 4> unknown_{};
};

}  // namespace mikros::query

#endif  // MIKROS_QUERY_COLUMN_MATCH_H
