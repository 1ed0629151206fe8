// Brand alignment: how well each creator fits a brand, as named parts, scored inside the
// Xapian match by a PostingSource over in-memory columns. The scale lives inside the source:
// Xapian 1.4.22 drops results when OP_SCALE_WEIGHT with a factor above 1 wraps a PostingSource.
//
// Text parts (topical fit, values, avoid words, competitors, affinity) are matched once per
// brand and index revision with Xapian itself and kept per pid (BrandMatches); the other parts
// (audience, engagement against peers, authenticity, budget) come from the facet columns.
#ifndef MIKROS_QUERY_ALIGNMENT_H
#define MIKROS_QUERY_ALIGNMENT_H

#include <xapian.h>

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analytics/columns.h"
#include "mikros/brand.hpp"
#include "mikros/status.hpp"

namespace mikros::query {

// Alignment points are the weighted parts times this scale, so that a perfect fit is worth
// about as much as a strong text match (BM25 scores of a few words run from 1 to 10).
inline constexpr double kPointsScale = 10.0;

// What a brand's words match in one profile.
struct BrandTextRow {
  float topical = 0;        // 0..1
  float values = 0;         // 0..1
  std::uint8_t avoid = 0;   // avoid terms present
  bool competitor = false;  // mentions, tags or sponsored a competitor
  float affinity = 0;       // 1 sponsored the brand, 0.7 uses its hashtags, 0.5 mentions it
};

// Thread-safety: immutable after build; share freely.
class BrandMatches {
 public:
  // Matches the brand's words against every document of `db`.
  static Result<std::shared_ptr<const BrandMatches>> build(Xapian::Database& db,
                                                           const Brand& brand);
  const BrandTextRow& row(std::uint32_t pid) const {
    static const BrandTextRow kNone;
    return pid < rows_.size() ? rows_[pid] : kNone;
  }

 private:
  std::vector<BrandTextRow> rows_;
};

// The parts of one profile's alignment, each already weighted and in points (penalties are
// negative). total() is the alignment score.
struct AlignmentParts {
  double topical = 0, values = 0, audience = 0, engagement = 0, authenticity = 0, affinity = 0,
         budget = 0, avoid = 0, competitor = 0;
  double total() const {
    return topical + values + audience + engagement + authenticity + affinity + budget + avoid +
           competitor;
  }
  // name -> points, in a fixed order of names.
  std::vector<std::pair<std::string, double>> named() const;
};

// Thread-safety: immutable; share freely.
class AlignmentScorer {
 public:
  AlignmentScorer(Brand brand, std::shared_ptr<const BrandMatches> matches,
                  std::shared_ptr<const Columns> columns);
  AlignmentParts parts(std::uint32_t pid) const;
  double points(std::uint32_t pid) const { return parts(pid).total(); }
  // Bounds of points() over any profile.
  double max_points() const;
  double min_points() const;
  const Brand& brand() const { return brand_; }
  const Columns& columns() const { return *columns_; }

 private:
  double audience_fit(const FacetRow& row) const;
  Brand brand_;
  std::shared_ptr<const BrandMatches> matches_;
  std::shared_ptr<const Columns> columns_;
  std::vector<int> target_age_bands_;
  double max_country_weight_ = 0;
};

// The alignment points of every profile of one columns snapshot for one brand, computed in one
// pass (Searcher keeps them with the brand's matches, per index revision and snapshot): a
// search then reads one number a match instead of scoring it, which was most of a brand
// search's time (at 1M profiles about 0.7 us a match, for a few thousand matches). The pass
// costs about 0.4 s at 1M profiles, once per brand and revision; 8 bytes a pid: 8 MiB.
//
// Thread-safety: immutable after construction; share freely.
class BrandPoints {
 public:
  explicit BrandPoints(const AlignmentScorer& scorer);
  // scorer.points(pid), or NaN when no profile has `pid`.
  double at(std::uint32_t pid) const {
    return pid < points_.size() ? points_[pid] : std::numeric_limits<double>::quiet_NaN();
  }
  // One past the largest pid with points.
  std::uint32_t limit() const { return static_cast<std::uint32_t>(points_.size()); }

 private:
  std::vector<double> points_;
};

// Yields every profile of the columns, weighted by its alignment points plus a constant shift
// that keeps weights non-negative (Xapian requires it), divided by the brand's relevance weight:
// beside a text query's BM25 weight W the match weighs (points + shift) / r + W, which ranks as
// points + r x W (r > 0; the shift changes no order). ranking_score() maps it back to points.
class AlignmentPostingSource : public Xapian::PostingSource {
 public:
  // `points` are the scorer's, for the same brand and columns.
  AlignmentPostingSource(std::shared_ptr<const AlignmentScorer> scorer,
                         std::shared_ptr<const BrandPoints> points);
  double shift() const { return shift_; }
  // A match weight of a document this source weighed, in points: alignment + r x BM25.
  double ranking_score(double match_weight) const { return relevance_ * match_weight - shift_; }

  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override;
  Xapian::doccount get_termfreq_max() const override;
  void init(const Xapian::Database& db) override;
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override;
  Xapian::docid get_docid() const override { return current_; }
  double get_weight() const override;
  Xapian::PostingSource* clone() const override;
  std::string name() const override { return "mikros::AlignmentPostingSource"; }
  std::string get_description() const override;

 private:
  void advance_to_present();
  std::shared_ptr<const AlignmentScorer> scorer_;
  std::shared_ptr<const BrandPoints> points_;
  double shift_ = 0;
  double relevance_ = 1;
  Xapian::docid current_ = 0;
  Xapian::docid limit_ = 0;
};

}  // namespace mikros::query

#endif  // MIKROS_QUERY_ALIGNMENT_H
