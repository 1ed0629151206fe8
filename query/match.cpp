#include "query/match.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "query/column_match.h"

namespace mikros::query {
namespace {

// The time limit of a search that counts its matches (QueryLimits::max_time_ms): a filter that
// passes every document until the time is up, and then ends, which ends the match.
//
// Not Xapian's Enquire::set_time_limit: in Xapian 1.4.22 its POSIX timer notifies on a thread
// of its own, which writes `true` into the matcher's stack frame, and timer_delete does not
// wait for a notification already under way. One that fires as a search ends writes into
// whatever that stack holds next: a later search stopped early, or (under AddressSanitizer, in
// the time-limit test) a crash inside Xapian's next get_mset.
//
// Checked after every match the rest of the query yields (check() and skip_to(); it never
// drives: as many matches as documents), reading the clock every 64 of them. Documents are
// matched in pid order, so the pid it stopped at tells how much of the index was covered.
//
// Thread-safety: one search at a time.
class DeadlineSource : public Xapian::PostingSource {
 public:
  explicit DeadlineSource(std::chrono::steady_clock::time_point deadline)
      : state_(std::make_shared<State>()) {
    state_->deadline = deadline;
  }

  void init(const Xapian::Database& db) override {
    did_ = 0;
    last_ = db.get_lastdocid();
    docs_ = db.get_doccount();
    set_maxweight(0);
  }
  Xapian::doccount get_termfreq_min() const override { return docs_; }
  Xapian::doccount get_termfreq_est() const override { return docs_; }
  Xapian::doccount get_termfreq_max() const override { return docs_; }
  double get_weight() const override { return 0; }
  Xapian::docid get_docid() const override { return did_; }
  void next(double min_wt) override { skip_to(did_ + 1, min_wt); }
  void skip_to(Xapian::docid did, double) override {
    if (did <= did_) return;
    did_ = did;
    if ((++state_->calls & 63) == 0 && std::chrono::steady_clock::now() >= state_->deadline) {
      state_->expired = true;
    }
    if (!state_->expired) state_->reached = did;
  }
  bool check(Xapian::docid did, double min_wt) override {
    skip_to(did, min_wt);
    return true;
  }
  bool at_end() const override { return state_->expired || did_ > last_; }
  DeadlineSource* clone() const override { return new DeadlineSource(state_); }
  std::string get_description() const override { return "mikros::DeadlineSource"; }

  // Whether the time ran out before the match ended.
  bool expired() const { return state_->expired; }
  // The last pid matched in time.
  Xapian::docid reached() const { return state_->reached; }

 private:
  // Shared with clones, so the search sees what the matcher's copy saw.
  struct State {
    std::chrono::steady_clock::time_point deadline;
    std::uint64_t calls = 0;
    bool expired = false;
    Xapian::docid reached = 0;
  };
  explicit DeadlineSource(std::shared_ptr<State> state) : state_(std::move(state)) {}

  std::shared_ptr<State> state_;
  Xapian::docid did_ = 0;
  Xapian::docid last_ = 0;
  Xapian::doccount docs_ = 0;
};

// The sort key of sort:followers, sort:er and sort:growth (and of filter-only queries, listed by
// followers): the profile's exact number from the columns, as sortable_serialise orders doubles;
// empty when it has none, so those sort last in the descending order.
class NumberKeyMaker : public Xapian::KeyMaker {
 public:
  NumberKeyMaker(std::shared_ptr<const Columns> columns, SortOrder sort)
      : columns_(std::move(columns)), sort_(sort) {}
  std::string operator()(const Xapian::Document& doc) const override {
    const FacetRow* row = columns_->row(doc.get_docid());
    if (!row) return {};
    double v = kNoValue;
    switch (sort_) {
      case SortOrder::kEngagement:
        v = row->engagement_rate;
        break;
      case SortOrder::kGrowth:
        v = row->growth_monthly;
        break;
      default:
        v = static_cast<double>(row->followers);
        break;
    }
    return std::isfinite(v) ? Xapian::sortable_serialise(v) : std::string();
  }

 private:
  std::shared_ptr<const Columns> columns_;
  SortOrder sort_;
};

}  // namespace

Status out_of_time(double max_ms, std::string_view while_doing) {
  return Status::limit_exceeded(
      fmt::format("the search ran out of time (QueryLimits::max_time_ms = {}) {}; narrow the "
                  "query or raise the limit",
                  max_ms, while_doing));
}

Result<MatchOutcome> run_match(Xapian::Database& db, const MatchRequest& request) {
  // Counting every match is what can take long; the time limit ends it (DeadlineSource).
  const auto first = static_cast<Xapian::doccount>(request.offset);
  const auto wanted = static_cast<Xapian::doccount>(request.limit);
  const Xapian::doccount check = request.count_all ? db.get_doccount() : 0;
  const bool counting = check > first + wanted;
  std::unique_ptr<DeadlineSource> deadline;
  if (counting && request.deadline) deadline = std::make_unique<DeadlineSource>(*request.deadline);
  std::unique_ptr<Xapian::KeyMaker> keymaker;  // outlives the Enquire that uses it
  Xapian::Enquire enquire(db);
  enquire.set_query(deadline ? Xapian::Query(Xapian::Query::OP_FILTER, request.query,
                                             Xapian::Query(deadline.get()))
                             : request.query);
  if (!request.weighted) enquire.set_weighting_scheme(Xapian::BoolWeight());
  switch (request.sort) {
    case SortOrder::kRelevance:
    case SortOrder::kAlignment:
      break;
    case SortOrder::kFollowers:
    case SortOrder::kEngagement:
    case SortOrder::kGrowth:
      if (!request.sort_columns) return Status::internal("a sort by a number without the columns");
      keymaker = std::make_unique<NumberKeyMaker>(request.sort_columns, request.sort);
      enquire.set_sort_by_key_then_relevance(keymaker.get(), true);
      break;
    case SortOrder::kAudience:
      if (!request.audience_sort || !request.sort_columns) {
        return Status::internal("sort:aud.* without its share or the columns");
      }
      keymaker = std::make_unique<AudienceKeyMaker>(request.sort_columns, *request.audience_sort);
      enquire.set_sort_by_key_then_relevance(keymaker.get(), true);
      break;
  }
  std::unique_ptr<FacetCounter> counter;
  if (request.facet_columns) {
    counter = std::make_unique<FacetCounter>(request.facet_columns);
    enquire.add_matchspy(counter.get());
  }
  Xapian::MSet mset = enquire.get_mset(first, wanted, check);
  MatchOutcome out;
  const bool stopped = deadline && deadline->expired();
  out.timed_out = stopped;
  // Stopped at a pid: the matches counted so far cover the pids up to it.
  const std::uint64_t seen = counter ? counter->seen() : mset.get_matches_lower_bound();
  const double covered =
      stopped ? static_cast<double>(deadline->reached()) /
                    static_cast<double>(std::max<Xapian::docid>(db.get_lastdocid(), 1))
              : 1.0;
  const auto estimate = static_cast<std::uint64_t>(
      covered > 0 ? static_cast<double>(seen) / std::min(covered, 1.0) : seen);
  if (stopped && !request.partial_on_timeout) {
    return out_of_time(request.max_ms, fmt::format("while counting its matches ({} so far, about "
                                                   "{} in all)",
                                                   seen, estimate));
  }
  out.total = stopped ? estimate : mset.get_matches_estimated();
  out.total_exact = !stopped && mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  if (counter) out.facets = counter->counts();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    out.pids.push_back(*it);
    out.weights.push_back(it.get_weight());
  }
  return out;
}

}  // namespace mikros::query
