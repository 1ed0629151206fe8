#include "query/column_match.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/document.h"
#include "analysis/vocabulary.h"
#include "query/ast.h"
#include "query/compile.h"
#include "storage/layout.h"

namespace mikros::query {

// ---- RowFilterSource ----

RowFilterSource::RowFilterSource(std::shared_ptr<const Columns> columns)
    : columns_(std::move(columns)) {}

void RowFilterSource::init(const Xapian::Database& db) {
  pos_ = 0;
  end_ = columns_->pid_limit();
  set_maxweight(0);
  upper_ =
      static_cast<Xapian::doccount>(std::min<std::uint64_t>(columns_->size(), db.get_doccount()));
  estimate_ = upper_;
}

void RowFilterSource::estimate_by_sampling() {
  // The number of rows that pass, estimated from an even sample of at most 1024 pids: exact
  // counts would cost a scan of every row per search, and the estimate only guides the order
  // in which the matcher combines postings (totals are counted, not estimated). The sample
  // costs a cache miss a pid, so only filters that have no better estimate take one.
  const Xapian::docid limit = end_;
  const Xapian::docid step = std::max<Xapian::docid>(1, limit / 1024);
  std::uint64_t present = 0, passing = 0;
  for (Xapian::docid did = 1; did < limit; did += step) {
    if (!columns_->key(did)) continue;
    ++present;
    if (passes(did)) ++passing;
  }
  estimate_ = present == 0 ? 0
                           : static_cast<Xapian::doccount>(static_cast<double>(upper_) *
                                                           static_cast<double>(passing) /
                                                           static_cast<double>(present));
}

void RowFilterSource::next(double) {
  for (++pos_; pos_ < end_; ++pos_) {
    if (passes(pos_)) return;
  }
  pos_ = end_;
}

void RowFilterSource::skip_to(Xapian::docid did, double min_wt) {
  if (did <= pos_) return;
  pos_ = did - 1;
  next(min_wt);
}

bool RowFilterSource::check(Xapian::docid did, double) {
  // Already there or past it: the current position is definite when it passes (or is the
  // end), "indeterminate" otherwise (next() moves on from it).
  if (did <= pos_) return at_end() || passes(pos_);
  if (did >= end_) {
    pos_ = end_;
    return true;
  }
  pos_ = did;
  return passes(did);
}

// ---- RangeTest, RangeSource ----

namespace {

// A double rounded to float as the columns' values were (static_cast, to nearest), with the
// out-of-range cases, which the cast leaves undefined, made infinite.
float to_float(double v) {
  if (v > std::numeric_limits<float>::max()) return std::numeric_limits<float>::infinity();
  if (v < -std::numeric_limits<float>::max()) return -std::numeric_limits<float>::infinity();
  return static_cast<float>(v);
}

// A column's exact value, NaN when the profile has none.
double row_value(NumericField f, const FacetRow& row) {
  switch (f) {
    case NumericField::kEngagementRate:
      return row.engagement_rate;
    case NumericField::kGrowth:
      return row.growth_monthly;
    case NumericField::kAuthenticity:
      return row.authenticity;
    case NumericField::kPrice:
      return row.price_usd;
    case NumericField::kFollowers:
      return static_cast<double>(row.followers);
  }
  return kNoValue;
}

}  // namespace

RangeTest RangeTest::make(NumericField field, std::optional<double> lo, std::optional<double> hi) {
  RangeTest t;
  t.field = field;
  t.lo = lo;
  t.hi = hi;
  t.lo_float = lo ? to_float(*lo) : 0;
  t.hi_float = hi ? to_float(*hi) : 0;
  return t;
}

RangeTest::Verdict RangeTest::verdict(const FacetRow& row) const {
  if (field == NumericField::kFollowers) return followers_verdict(row.followers);
  const double v = row_value(field, row);  // NaN: no value, which no range matches
  return std::isfinite(v) && (!lo || v >= *lo) && (!hi || v <= *hi) ? Verdict::kPass
                                                                    : Verdict::kFail;
}

RangeTest::Verdict RangeTest::verdict(FilterKey key) const {
  switch (field) {
    case NumericField::kFollowers:
      if (key.followers() == FilterKey::kFollowersSaturated) return Verdict::kAsk;
      return followers_verdict(key.followers());
    case NumericField::kEngagementRate:
      return float_verdict(key.engagement_rate());
    default:
      return Verdict::kAsk;
  }
}

RangeTest::Verdict RangeTest::followers_verdict(std::uint64_t followers) const {
  const auto v = static_cast<double>(followers);  // whole numbers: exact
  return (!lo || v >= *lo) && (!hi || v <= *hi) ? Verdict::kPass : Verdict::kFail;
}

RangeTest::Verdict RangeTest::float_verdict(float f) const {
  if (std::isnan(f)) return Verdict::kFail;  // no value: no range matches it
  if (!std::isfinite(f)) return Verdict::kAsk;
  // The stored double d rounds to f, and rounding keeps order: f < float(lo) means d < lo,
  // f > float(lo) means d > lo; only f == float(lo) leaves it open.
  bool open = false;
  if (lo) {
    if (f < lo_float) return Verdict::kFail;
    open = open || f == lo_float;
  }
  if (hi) {
    if (f > hi_float) return Verdict::kFail;
    open = open || f == hi_float;
  }
  return open ? Verdict::kAsk : Verdict::kPass;
}

RangeSource::RangeSource(std::shared_ptr<const Columns> columns, RangeTest test)
    : RowFilterSource(std::move(columns)), test_(test) {}

RangeSource* RangeSource::clone() const {
  return new RangeSource(columns(), test_);
}

std::string RangeSource::get_description() const {
  return fmt::format("RangeSource({} {}..{})", field_name(test_.field),
                     test_.lo ? fmt::format("{}", *test_.lo) : "",
                     test_.hi ? fmt::format("{}", *test_.hi) : "");
}

bool RangeSource::passes_key(Xapian::docid did, FilterKey key) const {
  const RangeTest::Verdict v = test_.verdict(key);
  if (v != RangeTest::Verdict::kAsk) return v == RangeTest::Verdict::kPass;
  // Not in the filter fields (or saturated, or a tie with a bound's float): the row.
  return test_.verdict(*columns()->row(did)) == RangeTest::Verdict::kPass;
}

// ---- LabelSource ----

LabelSource::LabelSource(std::shared_ptr<const Columns> columns, std::uint32_t mask)
    : RowFilterSource(std::move(columns)), bench_(this->columns()->benchmarks()), mask_(mask) {}

std::uint32_t LabelSource::mask_of(const std::vector<EngagementLabel>& labels) {
  std::uint32_t mask = 0;
  for (EngagementLabel l : labels) mask |= 1u << static_cast<unsigned>(l);
  return mask;
}

void LabelSource::init(const Xapian::Database& db) {
  RowFilterSource::init(db);
  estimate_by_sampling();
}

LabelSource* LabelSource::clone() const {
  return new LabelSource(columns(), mask_);
}

std::string LabelSource::get_description() const {
  std::string labels;
  for (int i = 0; i < kEngagementLabelCount; ++i) {
    if (!((mask_ >> i) & 1u)) continue;
    if (!labels.empty()) labels += ',';
    labels += engagement_label_name(static_cast<EngagementLabel>(i));
  }
  return fmt::format("mikros::LabelSource(er:{})", labels);
}

// ---- TermsFilterSource ----

void TermsFilterSource::init(const Xapian::Database& db) {
  RowFilterSource::init(db);
  db_ = db;
  opened_ = false;
  postings_.clear();
  const Frequencies kind = frequencies();
  if (kind == Frequencies::kSample) {
    estimate_by_sampling();
    freq_min_ = 0;
    freq_est_ = RowFilterSource::get_termfreq_est();
    freq_max_ = RowFilterSource::get_termfreq_max();
    return;
  }
  std::uint64_t sum = 0;
  Xapian::doccount largest = 0;
  for (const auto& term : driving_terms()) {
    const Xapian::doccount f = db.get_termfreq(term);
    sum += f;
    largest = std::max(largest, f);
  }
  const auto bounded = static_cast<Xapian::doccount>(
      std::min<std::uint64_t>(sum, RowFilterSource::get_termfreq_max()));
  freq_est_ = freq_max_ = bounded;
  freq_min_ = kind == Frequencies::kDisjoint ? bounded : largest;
}

void TermsFilterSource::open_postings() {
  opened_ = true;
  for (const auto& term : driving_terms()) {
    auto it = db_.postlist_begin(term);
    if (it != db_.postlist_end(term)) postings_.emplace_back(it, db_.postlist_end(term));
  }
}

void TermsFilterSource::next(double min_wt) {
  skip_to(pos() + 1, min_wt);
}

void TermsFilterSource::skip_to(Xapian::docid did, double) {
  if (did <= pos()) return;
  if (!opened_) open_postings();
  for (;;) {
    Xapian::docid next = end();
    for (auto& [it, stop] : postings_) {
      if (it != stop && *it < did) it.skip_to(did);
      if (it != stop) next = std::min(next, *it);
    }
    set_pos(next);
    // The terms may hold profiles that do not pass (kSample's presence term); the columns decide.
    if (at_end() || RowFilterSource::check(next, 0)) return;
    did = next + 1;
  }
}

// ---- FacetSource ----

FacetSource::FacetSource(std::shared_ptr<const Columns> columns, Field field,
                         std::vector<std::uint32_t> values)
    : TermsFilterSource(std::move(columns)), field_(field), values_(std::move(values)) {}

std::optional<FacetSource::Field> FacetSource::field_of(Facet facet) {
  switch (facet) {
    case Facet::kTier:
      return Field::kTier;
    case Facet::kCountry:
      return Field::kCountry;
    case Facet::kPlatform:
      return Field::kPlatform;
    case Facet::kCity:
      return Field::kCity;
    default:
      return std::nullopt;
  }
}

std::vector<std::uint32_t> FacetSource::values_for(Field field,
                                                   const std::vector<std::string>& values,
                                                   const Columns& columns) {
  std::vector<std::uint32_t> out;
  for (const auto& v : values) {
    switch (field) {
      case Field::kTier:
        if (auto t = parse_tier(v)) out.push_back(static_cast<std::uint32_t>(*t));
        break;
      case Field::kCountry:
        if (v.size() == 2) out.push_back(upper_code(pack_code(v.data())));
        break;
      case Field::kPlatform: {
        const auto& names = columns.platform_names();
        for (std::size_t id = 1; id < names.size(); ++id) {  // id 0: no platform
          if (names[id] == v) out.push_back(static_cast<std::uint32_t>(id));
        }
        break;
      }
      case Field::kCity:
        if (auto id = columns.city_id(vocab::city_key(v))) out.push_back(*id);
        break;
    }
  }
  return out;
}

std::string FacetSource::term_of(std::uint32_t value) const {
  switch (field_) {
    case Field::kTier:
      return vocab::tier_term(static_cast<Tier>(value));
    case Field::kCountry:
      return vocab::country_term(unpack_code(static_cast<std::uint16_t>(value)));
    case Field::kPlatform:
      return vocab::platform_term(columns()->platform_name(static_cast<std::uint16_t>(value)));
    case Field::kCity:
      break;
  }
  return std::string(vocab::kPrefixCity) + std::string(columns()->city_key(value));
}

std::vector<std::string> FacetSource::driving_terms() const {
  std::vector<std::string> terms;
  for (std::uint32_t v : values_) terms.push_back(term_of(v));
  return terms;
}

FacetSource* FacetSource::clone() const {
  return new FacetSource(columns(), field_, values_);
}

std::string FacetSource::get_description() const {
  std::string values;
  for (std::uint32_t v : values_) {
    if (!values.empty()) values += ',';
    switch (field_) {
      case Field::kTier:
        values += tier_name(static_cast<Tier>(v));
        break;
      case Field::kCountry:
        values += unpack_code(static_cast<std::uint16_t>(v));
        break;
      case Field::kPlatform:
        values += columns()->platform_name(static_cast<std::uint16_t>(v));
        break;
      case Field::kCity:
        values += columns()->city_key(v);
        break;
    }
  }
  const char* name = field_ == Field::kTier      ? "tier"
                     : field_ == Field::kCountry ? "country"
                     : field_ == Field::kCity    ? "city"
                                                 : "platform";
  return fmt::format("mikros::FacetSource({}:{})", name, values);
}

// ---- FacetCounter ----

FacetCounter::FacetCounter(std::shared_ptr<const Columns> columns)
    : columns_(std::move(columns)),
      bench_(columns_->benchmarks()),
      platforms_(columns_->platform_names().size(), 0),
      cities_(columns_->city_limit(), 0) {}

void FacetCounter::reset() {
  seen_ = 0;
  tiers_.fill(0);
  labels_.fill(0);
  countries_.fill(0);
  languages_.fill(0);
  std::fill(platforms_.begin(), platforms_.end(), 0);
  std::fill(cities_.begin(), cities_.end(), 0);
  top_countries_.fill(0);
  unknown_.fill(0);
}

int FacetCounter::code_index(std::uint16_t packed) {
  auto letter = [](int c) {
    if (c >= 'a' && c <= 'z') c = c - 'a' + 'A';
    int i = c - 'A';
    return i >= 0 && i < 26 ? i : -1;
  };
  int hi = letter(packed >> 8), lo = letter(packed & 0xff);
  return hi < 0 || lo < 0 ? -1 : hi * 26 + lo;
}

void FacetCounter::operator()(const Xapian::Document& doc, double) {
  ++seen_;
  const FacetRow* row = columns_->row(doc.get_docid());
  if (!row) return;
  count(doc.get_docid(), *row, [&doc] { return doc; });
}

void FacetCounter::add(std::uint32_t pid, const FacetRow& row, const Xapian::Database& db) {
  ++seen_;
  count(pid, row, [&db, pid] { return db.get_document(pid, Xapian::DOC_ASSUME_VALID); });
}

void FacetCounter::count_audience(std::uint32_t pid, const FacetRow& row) {
  if (int c = code_index(row.audience_countries[0]); c >= 0) {
    ++top_countries_[static_cast<std::size_t>(c)];
  }
  const std::optional<FilterKey> key = columns_->key(pid);
  if (!key) return;
  if (std::uint32_t city = key->city(); city < cities_.size()) ++cities_[city];
  const std::uint8_t bits = key->presence();
  constexpr std::uint8_t kParts[3] = {presence::kAudienceCountries, presence::kAudienceAge,
                                      presence::kAudienceGender};
  if (!(bits & (kParts[0] | kParts[1] | kParts[2]))) ++unknown_[0];
  for (std::size_t i = 0; i < 3; ++i) {
    if (!(bits & kParts[i])) ++unknown_[i + 1];
  }
}

template <typename DocFn>
void FacetCounter::count(std::uint32_t pid, const FacetRow& r, DocFn doc_of) {
  const FacetRow* row = &r;
  count_audience(pid, r);
  ++tiers_[static_cast<std::size_t>(row->tier)];
  ++labels_[static_cast<std::size_t>(bench_.label(*row))];
  if (row->platform < platforms_.size()) ++platforms_[row->platform];
  if (int c = code_index(row->country); c >= 0) ++countries_[static_cast<std::size_t>(c)];
  if (row->languages.back() != 0) {
    // The columns keep four languages; a profile with all four slots used may have more, and
    // its document's language terms have them all (rare, so the term list is cheap overall).
    const std::string prefix(vocab::kPrefixLanguage);
    const Xapian::Document doc = doc_of();
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(prefix);
    for (; t != doc.termlist_end() && (*t).compare(0, prefix.size(), prefix) == 0; ++t) {
      std::string code = (*t).substr(prefix.size());
      if (int c = code.size() == 2 ? code_index(pack_code(code.data())) : -1; c >= 0) {
        ++languages_[static_cast<std::size_t>(c)];
      }
    }
    return;
  }
  for (std::size_t i = 0; i < row->languages.size(); ++i) {
    std::uint16_t l = row->languages[i];
    if (!l) break;
    // A language listed twice counts once.
    if (std::find(row->languages.begin(), row->languages.begin() + i, l) !=
        row->languages.begin() + i) {
      continue;
    }
    if (int c = code_index(l); c >= 0) ++languages_[static_cast<std::size_t>(c)];
  }
}

std::map<std::string, std::map<std::string, std::uint64_t>> FacetCounter::counts() const {
  std::map<std::string, std::map<std::string, std::uint64_t>> out;
  auto& tier = out["tier"];
  for (int t = 0; t < kTierCount; ++t) {
    if (tiers_[t]) tier[std::string(tier_name(static_cast<Tier>(t)))] = tiers_[t];
  }
  auto& er = out["er"];
  for (int l = 1; l < kEngagementLabelCount; ++l) {  // not kUnknown: not judged
    if (labels_[l])
      er[std::string(engagement_label_name(static_cast<EngagementLabel>(l)))] = labels_[l];
  }
  auto& platform = out["platform"];
  for (std::size_t p = 1; p < platforms_.size(); ++p) {  // id 0: unknown
    if (platforms_[p])
      platform[std::string(columns_->platform_name(static_cast<std::uint16_t>(p)))] = platforms_[p];
  }
  auto code = [](std::size_t i, char base) {
    return std::string{static_cast<char>(base + i / 26), static_cast<char>(base + i % 26)};
  };
  auto& country = out["country"];
  for (std::size_t i = 0; i < countries_.size(); ++i) {
    if (countries_[i]) country[code(i, 'A')] = countries_[i];
  }
  auto& lang = out["lang"];
  for (std::size_t i = 0; i < languages_.size(); ++i) {
    if (languages_[i]) lang[code(i, 'a')] = languages_[i];
  }
  auto& city = out["city"];
  for (std::size_t id = 1; id < cities_.size(); ++id) {  // id 0: no city
    if (cities_[id])
      city[std::string(columns_->city_name(static_cast<std::uint32_t>(id)))] = cities_[id];
  }
  auto& top = out["audience_top_country"];
  for (std::size_t i = 0; i < top_countries_.size(); ++i) {
    if (top_countries_[i]) top[code(i, 'A')] = top_countries_[i];
  }
  // Named as has: names them: -has:NAME selects each count.
  auto& unknown = out["audience_unknown"];
  const char* const kNames[4] = {"audience", "aud.country", "aud.age", "aud.gender"};
  for (std::size_t i = 0; i < unknown_.size(); ++i) unknown[kNames[i]] = unknown_[i];
  return out;
}

}  // namespace mikros::query
