#include "query/seeds.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <unordered_set>

#include "analysis/analyzer.h"
#include "analysis/vocabulary.h"
#include "query/ast.h"
#include "storage/store.h"

namespace mikros::query {
namespace {

using Kind = Query::Node::Kind;
using analysis::Analyzer;
using analysis::TokenKind;

// Accepts the seed's bio and hashtag terms (not its name, categories or filter terms:
// lookalikes are judged by what creators write about) that can tell a niche: used by at least
// one other profile, and by at most a quarter of them (or 3, in a tiny index). Without the first
// rule the expansion fills up with words only the seed uses, which find nobody; without the
// second, words such as "and" make nearly every profile a lookalike. (Lucene's MoreLikeThis has
// the same two knobs, min and max document frequency.)
class SeedTerms : public Xapian::ExpandDecider {
 public:
  SeedTerms(std::unordered_set<std::string> terms, const Xapian::Database& db)
      : terms_(std::move(terms)),
        db_(db),
        max_freq_(std::max<Xapian::doccount>(3, db.get_doccount() / 4)) {}
  bool operator()(const std::string& term) const override {
    if (terms_.count(term) == 0) return false;
    Xapian::doccount freq = db_.get_termfreq(term);
    return freq >= 2 && freq <= max_freq_;
  }

 private:
  std::unordered_set<std::string> terms_;
  const Xapian::Database& db_;
  Xapian::doccount max_freq_;
};

// The terms the indexer makes of a profile's bio and hashtags (analysis/document.cpp): words,
// and hashtags as K terms, minus numbers, which say little about a niche.
std::unordered_set<std::string> bio_and_hashtag_terms(const Profile& p) {
  const Analyzer& analyzer = Analyzer::instance();
  std::unordered_set<std::string> terms;
  auto compound = [&](std::string_view tag) {
    std::string whole;
    for (auto& w : analyzer.compound_words(tag)) {
      whole += w;
      terms.insert(std::move(w));
    }
    if (!whole.empty()) {
      terms.insert(vocab::folded_hashtag_term(whole));  // the tag itself
      terms.insert(std::move(whole));                   // the tag written as one word
    }
  };
  for (const auto& t : analyzer.tokenize(p.bio)) {
    switch (t.kind) {
      case TokenKind::kHashtag:
      case TokenKind::kMention:
        compound(t.text);
        break;
      case TokenKind::kNumber:
        break;
      default:
        terms.insert(t.text);
    }
  }
  for (const auto& tag : p.hashtags) compound(tag);
  return terms;
}

Status no_profile(const Query::Node& n) {
  return Status::query_error(ErrorCode::kNotFound, fmt::format("like: no profile {}", n.text),
                             n.pos);
}

struct FoundSeed {
  std::string key;
  std::uint32_t pid = 0;
};

// The key and pid of a like: seed, from the handles.
Result<FoundSeed> find_seed(const Query::Node& n, const store::Store& store,
                            const Xapian::Database& db) {
  std::vector<std::pair<std::string, std::uint32_t>> found;
  auto look = [&](const std::string& key) -> Status {
    auto pid = store.pid_for(key);
    if (!pid) return pid.status();
    if (*pid) found.emplace_back(key, **pid);
    return Status::ok();
  };
  if (!n.text.empty() && n.text.front() == '@') {
    // Every platform that has the handle; the platforms are the index's XP terms.
    std::string handle = n.text.substr(1);
    const std::string prefix(vocab::kPrefixPlatform);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      if (Status st = look(profile_key((*t).substr(prefix.size()), handle)); !st) return st;
    }
  } else if (Status st = look(n.text); !st) {
    return st;
  }
  if (found.empty()) return no_profile(n);
  if (found.size() > 1) {
    std::string keys;
    for (const auto& [key, pid] : found) keys += (keys.empty() ? "" : ", ") + key;
    return Status::query_error(ErrorCode::kInvalidArgument,
                               fmt::format("like: {} is on several platforms ({}); write like:{}",
                                           n.text, keys, found.front().first),
                               n.pos);
  }
  return FoundSeed{found.front().first, found.front().second};
}

// The stored profile of a seed whose handle was found. A seed that cannot be read is a damaged
// store, not a wrong key: the error says so rather than "no profile".
Result<Profile> read_seed(const Query::Node& n, const FoundSeed& found, const store::Store& store) {
  const std::uint32_t pid = found.pid;
  std::vector<std::optional<std::string>> json;
  if (Status st = store.read_profiles({pid}, &json); !st) {
    return Status(st.code(),
                  fmt::format("like: cannot read the profile {}: {}", n.text, st.message()));
  }
  if (!json[0]) {
    // Deleted between the handle lookup and the read (the two are not one snapshot), or lost.
    auto still = store.pid_for(found.key);
    if (!still) return still.status();
    if (*still != pid) return no_profile(n);
    return Status::corruption(fmt::format(
        "like: the profile {} (id {}) has a handle but no stored record; run mikros verify", n.text,
        pid));
  }
  auto profile = parse_profile(*json[0]);
  if (!profile) {
    return Status::corruption(fmt::format("like: the stored profile {} (id {}) is damaged: {}",
                                          n.text, pid, profile.status().message()));
  }
  return std::move(*profile);
}

// like:SEED is relevance feedback with the seed as the one relevant document.
Result<SeedExpansion> expand_seed(const Query::Node& n, const store::Store& store,
                                  const Xapian::Database& db) {
  auto found = find_seed(n, store, db);
  if (!found) return found.status();
  auto seed = read_seed(n, *found, store);
  if (!seed) return seed.status();
  const std::uint32_t pid = found->pid;
  Xapian::ESet eset;
  try {
    Xapian::Enquire enquire(db);
    Xapian::RSet rset;
    rset.add_document(pid);
    SeedTerms decider(bio_and_hashtag_terms(*seed), db);
    eset = enquire.get_eset(kLikeTerms, rset, &decider);
  } catch (const Xapian::DocNotFoundError&) {
    return no_profile(n);  // committed after the snapshot this search reads
  }
  SeedExpansion out;
  out.seed_key = profile_key(*seed);
  const double best = eset.empty() ? 0 : eset.begin().get_weight();
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    out.terms.emplace_back(*it, best > 0 ? it.get_weight() / best : 1.0);
  }
  return out;
}

Status resolve(const NodePtr& node, const store::Store& store, const Xapian::Database& db,
               Seeds* seeds) {
  if (node->kind == Kind::kLike) {
    auto expansion = expand_seed(*node, store, db);
    if (!expansion) return expansion.status();
    (*seeds)[node.get()] = std::move(*expansion);
  }
  for (const auto& child : node->children) {
    if (Status st = resolve(child, store, db, seeds); !st) return st;
  }
  return Status::ok();
}

}  // namespace

Result<Seeds> resolve_seeds(const Query& query, const store::Store& store,
                            const Xapian::Database& db) {
  Seeds seeds;
  if (Status st = resolve(query.root(), store, db, &seeds); !st) return st;
  return seeds;
}

}  // namespace mikros::query
