#include "query/alignment.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/analyzer.h"
#include "analysis/document.h"
#include "analysis/vocabulary.h"
#include "analytics/peers.h"
#include "query/compile.h"
#include "query/text_query.h"
#include "storage/store.h"

namespace mikros::query {
namespace {

// Collects the docid of every document the matcher sees.
class DocCollector : public Xapian::MatchSpy {
 public:
  explicit DocCollector(std::vector<Xapian::docid>& out) : out_(out) {}
  void operator()(const Xapian::Document& doc, double) override { out_.push_back(doc.get_docid()); }

 private:
  std::vector<Xapian::docid>& out_;
};

// Every document matching `q`.
std::vector<Xapian::docid> all_matches(Xapian::Database& db, const Xapian::Query& q) {
  std::vector<Xapian::docid> docs;
  if (q.empty()) return docs;
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  DocCollector spy(docs);
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, db.get_doccount());
  return docs;
}

// A brand word or phrase as the index sees it: the words in order, or the same words run
// together as one hashtag ("slow fashion" also finds #slowfashion). A leading '#' means the
// same; the analyzer splits "#SlowFashion" into its words.
Xapian::Query phrase_or_tag(std::string_view text) {
  while (!text.empty() && text.front() == '#') text.remove_prefix(1);
  return hashtag_query(text);
}

// The name of a brand or competitor as a mention or sponsorship term: "Free People" ->
// "freepeople".
std::string slug(std::string_view name) {
  std::string s;
  for (const auto& w : analysis::Analyzer::instance().compound_words(name)) s += w;
  return s;
}

Xapian::Query any_of(std::vector<Xapian::Query> parts) {
  parts.erase(std::remove_if(parts.begin(), parts.end(), [](const auto& q) { return q.empty(); }),
              parts.end());
  if (parts.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

// Specificity of a term: rarer words say more about a niche. ln(N / (df + 1)), at least 0.5.
double specificity(std::size_t matches, Xapian::doccount n) {
  return std::max(0.5, std::log(static_cast<double>(n) / static_cast<double>(matches + 1)));
}

// Fills `field` of each matched row with the share of the brand's weight matched, saturating
// once about three terms of average specificity match.
void match_weighted(Xapian::Database& db, const std::vector<std::string>& terms,
                    std::vector<BrandTextRow>& rows, float BrandTextRow::*field) {
  if (terms.empty()) return;
  Xapian::doccount n = std::max<Xapian::doccount>(db.get_doccount(), 1);
  std::vector<std::pair<std::vector<Xapian::docid>, double>> matched;
  double total = 0;
  for (const auto& t : terms) {
    auto docs = all_matches(db, phrase_or_tag(t));
    double w = specificity(docs.size(), n);
    total += w;
    matched.emplace_back(std::move(docs), w);
  }
  double saturation = std::min(total, 3 * total / static_cast<double>(terms.size()));
  std::vector<double> sums(rows.size(), 0);
  for (const auto& [docs, w] : matched) {
    for (auto d : docs) {
      if (d < sums.size()) sums[d] += w;
    }
  }
  for (std::size_t d = 0; d < rows.size(); ++d) {
    rows[d].*field = static_cast<float>(std::min(1.0, sums[d] / saturation));
  }
}

double clamp01(double v) {
  return std::max(0.0, std::min(1.0, v));
}

}  // namespace

Result<std::shared_ptr<const BrandMatches>> BrandMatches::build(Xapian::Database& db,
                                                                const Brand& brand) {
  auto out = std::make_shared<BrandMatches>();
  try {
    out->rows_.resize(static_cast<std::size_t>(db.get_lastdocid()) + 1);
    auto& rows = out->rows_;
    match_weighted(db, brand.keywords, rows, &BrandTextRow::topical);
    match_weighted(db, brand.values, rows, &BrandTextRow::values);
    for (const auto& a : brand.avoid) {
      for (auto d : all_matches(db, phrase_or_tag(a))) {
        if (d < rows.size() && rows[d].avoid < 255) ++rows[d].avoid;
      }
    }
    std::vector<Xapian::Query> competitor;
    for (const auto& c : brand.competitors) {
      std::string s = slug(c);
      competitor.push_back(phrase_or_tag(c));
      competitor.emplace_back(vocab::mention_term(s));
      competitor.emplace_back(vocab::sponsor_term(c));
    }
    for (auto d : all_matches(db, any_of(std::move(competitor)))) {
      if (d < rows.size()) rows[d].competitor = true;
    }
    // Affinity: mentions the brand (0.5), uses its hashtags (0.7), sponsored by it (1).
    auto raise = [&](const Xapian::Query& q, float level) {
      for (auto d : all_matches(db, q)) {
        if (d < rows.size()) rows[d].affinity = std::max(rows[d].affinity, level);
      }
    };
    std::vector<Xapian::Query> mentions, tags, sponsored;
    if (!brand.handle.empty()) mentions.emplace_back(vocab::mention_term(brand.handle));
    mentions.emplace_back(vocab::mention_term(slug(brand.name)));
    for (const auto& h : brand.hashtags) tags.emplace_back(vocab::hashtag_term(h));
    sponsored.emplace_back(vocab::sponsor_term(brand.name));
    if (!brand.handle.empty()) sponsored.emplace_back(vocab::sponsor_term(brand.handle));
    raise(any_of(std::move(mentions)), 0.5f);
    raise(any_of(std::move(tags)), 0.7f);
    raise(any_of(std::move(sponsored)), 1.0f);
  } catch (const Xapian::Error& e) {
    return store::xapian_status(e, "matching the brand");
  }
  return std::shared_ptr<const BrandMatches>(std::move(out));
}

std::vector<std::pair<std::string, double>> AlignmentParts::named() const {
  return {{"topical", topical},
          {"values", values},
          {"audience", audience},
          {"engagement", engagement},
          {"authenticity", authenticity},
          {"affinity", affinity},
          {"budget", budget},
          {"avoid", avoid},
          {"competitor", competitor}};
}

AlignmentScorer::AlignmentScorer(Brand brand, std::shared_ptr<const BrandMatches> matches,
                                 std::shared_ptr<const Columns> columns)
    : brand_(std::move(brand)), matches_(std::move(matches)), columns_(std::move(columns)) {
  for (const auto& band : brand_.audience.age) {
    int b = standard_age_band(band);
    if (b >= 0 && std::find(target_age_bands_.begin(), target_age_bands_.end(), b) ==
                      target_age_bands_.end()) {
      target_age_bands_.push_back(b);
    }
  }
  for (const auto& [code, w] : brand_.audience.countries) {
    max_country_weight_ = std::max(max_country_weight_, w);
  }
}

double AlignmentScorer::audience_fit(const FacetRow& row) const {
  const BrandAudience& target = brand_.audience;
  double sum = 0, weight = 0;
  if (!target.countries.empty() && max_country_weight_ > 0) {
    auto importance = [&](std::uint16_t packed) {
      auto it = target.countries.find(unpack_code(packed));
      return it == target.countries.end() ? 0.0 : it->second / max_country_weight_;
    };
    double fit;
    if (row.audience_countries[0] != 0 && row.audience_country_shares[0] > 0) {
      // Share of the audience in the target countries, each weighted by its importance.
      fit = 0;
      for (int i = 0; i < 3; ++i) {
        fit += importance(row.audience_countries[i]) * row.audience_country_shares[i] / 250.0;
      }
    } else if (row.audience_countries[0] != 0) {
      fit = importance(row.audience_countries[0]) > 0 ? 0.6 : 0.1;  // only the top country known
    } else if (row.country != 0) {
      fit = importance(row.country) > 0 ? 0.6 : 0.15;  // the creator's own country as a proxy
    } else {
      fit = 0.4;  // nothing known
    }
    sum += 0.5 * clamp01(fit);
    weight += 0.5;
  }
  if (!target_age_bands_.empty()) {
    double fit = 0.5;
    if (row.audience_age[0] != kUnknownShare) {
      fit = 0;
      for (int b : target_age_bands_) fit += row.audience_age[b] / 250.0;
    }
    sum += 0.3 * clamp01(fit);
    weight += 0.3;
  }
  if (target.female) {
    double fit = row.audience_female == kUnknownShare
                     ? 0.5
                     : 1 - std::abs(row.audience_female / 250.0 - *target.female);
    sum += 0.2 * clamp01(fit);
    weight += 0.2;
  }
  return weight > 0 ? sum / weight : 0.5;
}

AlignmentParts AlignmentScorer::parts(std::uint32_t pid) const {
  AlignmentParts p;
  const FacetRow* row = columns_->row(pid);
  if (!row) return p;
  const AlignmentWeights& w = brand_.weights;
  const BrandTextRow& text = matches_->row(pid);
  const double k = kPointsScale;
  p.topical = k * w.topical * text.topical;
  p.values = k * w.values * text.values;
  p.audience = k * w.audience * audience_fit(*row);
  const auto& bench = columns_->benchmarks();
  switch (bench.label(*row)) {
    case EngagementLabel::kSuspicious:
      p.engagement = -k * w.engagement;
      break;
    case EngagementLabel::kUnknown:
      p.engagement = k * w.engagement * 0.4;
      break;
    default:
      p.engagement = k * w.engagement * bench.percentile(*row) / 100;
  }
  double auth = std::isfinite(row->authenticity) ? row->authenticity : 0.5;
  p.authenticity = k * w.authenticity * auth;
  p.affinity = k * w.affinity * text.affinity;
  double budget_fit = 1;
  if (brand_.budget_usd) {
    if (!std::isfinite(row->price_usd)) {
      budget_fit = 0.5;
    } else if (row->price_usd > *brand_.budget_usd) {
      budget_fit = *brand_.budget_usd / row->price_usd;
    }
  }
  p.budget = k * w.budget * budget_fit;
  p.avoid = -k * w.avoid * std::min(1.0, 0.6 * text.avoid);
  p.competitor = text.competitor ? -k * w.competitor : 0.0;
  return p;
}

double AlignmentScorer::max_points() const {
  const AlignmentWeights& w = brand_.weights;
  return kPointsScale * (w.topical + w.values + w.audience + w.engagement + w.authenticity +
                         w.affinity + w.budget);
}

double AlignmentScorer::min_points() const {
  const AlignmentWeights& w = brand_.weights;
  return -kPointsScale * (w.engagement + w.avoid + w.competitor);
}

BrandPoints::BrandPoints(const AlignmentScorer& scorer)
    : points_(scorer.columns().pid_limit(), std::numeric_limits<double>::quiet_NaN()) {
  scorer.columns().for_each_row(
      [&](std::uint32_t pid, const FacetRow&) { points_[pid] = scorer.points(pid); });
}

AlignmentPostingSource::AlignmentPostingSource(std::shared_ptr<const AlignmentScorer> scorer,
                                               std::shared_ptr<const BrandPoints> points)
    : scorer_(std::move(scorer)),
      points_(std::move(points)),
      shift_(-scorer_->min_points()),
      relevance_(scorer_->brand().weights.relevance) {}

Xapian::doccount AlignmentPostingSource::get_termfreq_est() const {
  return static_cast<Xapian::doccount>(scorer_->columns().size());
}
Xapian::doccount AlignmentPostingSource::get_termfreq_max() const {
  return static_cast<Xapian::doccount>(scorer_->columns().size());
}

void AlignmentPostingSource::init(const Xapian::Database&) {
  current_ = 0;
  limit_ = points_->limit();
  // A tight maximum lets the matcher stop early once no document can reach the top k.
  set_maxweight((scorer_->max_points() + shift_) / relevance_);
}

void AlignmentPostingSource::advance_to_present() {
  while (current_ < limit_ && std::isnan(points_->at(current_))) ++current_;
}

void AlignmentPostingSource::next(double) {
  ++current_;
  advance_to_present();
}

void AlignmentPostingSource::skip_to(Xapian::docid did, double) {
  if (did <= current_) return;
  current_ = did;
  advance_to_present();
}

bool AlignmentPostingSource::at_end() const {
  return current_ >= limit_;
}

double AlignmentPostingSource::get_weight() const {
  return (points_->at(current_) + shift_) / relevance_;
}

Xapian::PostingSource* AlignmentPostingSource::clone() const {
  return new AlignmentPostingSource(scorer_, points_);
}

std::string AlignmentPostingSource::get_description() const {
  return fmt::format("mikros::AlignmentPostingSource(max {:.2f} points)", scorer_->max_points());
}

}  // namespace mikros::query
