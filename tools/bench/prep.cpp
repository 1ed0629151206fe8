// The untimed preparation phase: one pass over the corpus that writes what the other engines
// need, so that their timed phases do nothing but write and search.
//
//  * prep/terms.bin: each profile's Xapian document exactly as mikros builds it
//    (doc::build_document: its terms, wdfs, positions, values and data). The Xapian ceiling
//    writes these, so it indexes the same terms as mikros with none of mikros's work.
//  * prep/fts5_rows.bin: each profile's FTS5 row. The text columns hold the words mikros's
//    analyzer makes of name, bio, hashtags (their segmented words and the whole tag) and
//    categories, separated by spaces; the facets are the values mikros filters on. Every row's
//    set of words is checked against the unprefixed terms of the profile's Xapian document, so
//    both engines match the same words (`text_mismatch_docs` counts the rows that differ).
//  * prep/queries.tsv: the query mixes (the audience mix draws its own: no words).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>
#include <unordered_map>

#include "analysis/analyzer.h"
#include "analysis/document.h"
#include "analytics/derive_facets.h"
#include "bench/bench.h"
#include "bench/binio.h"
#include "mikros/profile.hpp"
#include "model/facets.h"

namespace mikros::bench {
namespace {

using analysis::Analyzer;
using analysis::TokenKind;

// Xapian's term length limit as document building applies it (kMaxTermBytes,
// engine/analysis/vocabulary.h).
constexpr std::size_t kMaxTermBytes = 240;

// The words of one text field as index_text() (engine/analysis/document.cpp) indexes them.
class FieldWords {
 public:
  void word(const std::string& w) {
    if (w.empty() || w.size() > kMaxTermBytes) return;
    if (!text_.empty()) text_ += ' ';
    text_ += w;
    all_->insert(w);
  }
  // A hashtag or handle: its words. (mikros also indexes a hashtag whole, as a K term that
  // only #tag queries and exact hashtag matches use; the mixes have none.)
  void compound(const std::vector<std::string>& words) {
    for (const auto& w : words) word(w);
  }
  void text(std::string_view s) {
    const auto& an = Analyzer::instance();
    tokens_.clear();
    an.tokenize(s, tokens_);
    for (const auto& t : tokens_) {
      if (t.kind == TokenKind::kHashtag || t.kind == TokenKind::kMention) {
        compound(an.compound_words(t.text));
      } else {
        word(t.text);
      }
    }
  }
  explicit FieldWords(std::set<std::string>* all) : all_(all) {}
  const std::string& joined() const { return text_; }

 private:
  std::set<std::string>* all_;
  std::string text_;
  std::vector<analysis::Token> tokens_;
};

bool is_ascii_word(std::string_view w) {
  if (w.size() < 2) return false;
  return std::all_of(w.begin(), w.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; });
}

// Unprefixed Xapian terms are the text's words; prefixed (filter) terms start with A-Z.
bool is_word_term(std::string_view t) {
  return !t.empty() && !(t[0] >= 'A' && t[0] <= 'Z');
}

void write_document(BinWriter& w, const Xapian::Document& d) {
  w.str(d.get_data());
  w.put<std::uint32_t>(d.termlist_count());
  for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
    w.str(*t);
    w.put<std::uint32_t>(t.get_wdf());
    w.put<std::uint32_t>(t.positionlist_count());
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      w.put<std::uint32_t>(*p);
    }
  }
  w.put<std::uint32_t>(d.values_count());
  for (auto v = d.values_begin(); v != d.values_end(); ++v) {
    w.put<std::uint32_t>(v.get_valueno());
    w.str(*v);
  }
}

// Engagement ranges of the filtered mixes, in percent as typed in the query language.
constexpr std::pair<const char*, const char*> kErRanges[] = {
    {"1", "3"}, {"2", "5"}, {"1", "10"}, {"3", "8"}};

// The scratch files prep writes (bench.h lists them); terms.idx holds the offset of each
// document in terms.bin, and the end of the last one.
struct PrepFiles {
  std::ofstream terms, index, rows;
};

// What the pass over the corpus counts; `offset` is the size of terms.bin so far.
struct PrepCounts {
  std::uint64_t profiles = 0, rejected = 0, mismatched = 0, postings = 0, text_words = 0;
  std::uint64_t offset = 0;
};

// Per profile, for drawing queries: its distinct ASCII bio words (as ids) and its country.
struct BioWords {
  std::unordered_map<std::string, std::uint32_t> word_ids;
  std::vector<std::string> words;
  std::vector<std::uint32_t> df;         // bios that use each word
  std::vector<std::uint32_t> bio_words;  // the words of profile i: [bio_start[i], bio_start[i+1])
  std::vector<std::uint64_t> bio_start = {0};
  std::vector<std::string> countries;
  std::vector<std::uint32_t> seen;  // scratch: the word ids of the current bio
};

// The FTS5 row's text columns: the words of each field, and all of them as a set.
struct RowText {
  std::set<std::string> words;
  std::string name, bio, hashtags, categories;
};

Status open_prep_files(const Config& c, PrepFiles& files) {
  files.terms.open(path_in(c, "prep/terms.bin"), std::ios::binary | std::ios::trunc);
  files.index.open(path_in(c, "prep/terms.idx"), std::ios::binary | std::ios::trunc);
  files.rows.open(path_in(c, "prep/fts5_rows.bin"), std::ios::binary | std::ios::trunc);
  if (!files.terms || !files.index || !files.rows) {
    return Status::io_error(fmt::format("{}: cannot write", path_in(c, "prep")));
  }
  return Status::ok();
}

// Ends terms.idx with the end of the last document and closes the files.
Status close_prep_files(const Config& c, PrepFiles& files, std::uint64_t offset) {
  files.index.write(reinterpret_cast<const char*>(&offset), sizeof offset);
  files.terms.close();
  files.index.close();
  files.rows.close();
  if (!files.terms || !files.index || !files.rows) {
    return Status::io_error(fmt::format("{}: write failed", path_in(c, "prep")));
  }
  return Status::ok();
}

// Appends the document to terms.bin and its offset to terms.idx.
void write_terms(PrepFiles& files, const Xapian::Document& d, std::string& buf,
                 std::uint64_t& offset) {
  buf.clear();
  BinWriter tw(buf);
  write_document(tw, d);
  files.terms.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  files.index.write(reinterpret_cast<const char*>(&offset), sizeof offset);
  offset += buf.size();
}

RowText row_text(const Profile& p) {
  RowText t;
  FieldWords name(&t.words), bio(&t.words), tags(&t.words), cats(&t.words);
  name.text(p.name);
  bio.text(p.bio);
  for (const auto& tag : p.hashtags) tags.compound(Analyzer::instance().compound_words(tag));
  for (const auto& cat : p.categories) cats.text(cat);
  t.name = name.joined();
  t.bio = bio.joined();
  t.hashtags = tags.joined();
  t.categories = cats.joined();
  return t;
}

// The unprefixed terms of the document; the sum of their wdfs (word postings).
std::uint64_t document_words(const Xapian::Document& d, std::set<std::string>& words) {
  std::uint64_t postings = 0;
  for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
    std::string term = *t;
    if (is_word_term(term)) {
      words.insert(term);
      postings += t.get_wdf();
    }
  }
  return postings;
}

void write_row(PrepFiles& files, std::string& buf, const RowText& text, const Profile& p,
               const FacetRecord& facets) {
  buf.clear();
  BinWriter rw(buf);
  rw.str(text.name);
  rw.str(text.bio);
  rw.str(text.hashtags);
  rw.str(text.categories);
  rw.str(p.country);
  rw.put<std::uint8_t>(static_cast<std::uint8_t>(facets.tier));
  rw.put<std::uint64_t>(p.followers);
  auto er = mikros::engagement_rate(p);
  rw.put<double>(er ? *er : std::nan(""));
  rw.str(profile_key(p));
  // The audience as mikros stores it (levels of 1/250, model/audience.h), for the audience mix:
  // the female share (255: unknown) and every country's share.
  rw.put<std::uint8_t>(facets.audience.female);
  rw.put<std::uint32_t>(static_cast<std::uint32_t>(facets.audience.countries.size()));
  for (const auto& c : facets.audience.countries) {
    rw.str(std::string(c.code, 2));
    rw.put<std::uint8_t>(c.share);
  }
  files.rows.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

// Files the distinct ASCII words of the profile's bio, and its country, for the query mixes.
void add_bio_words(BioWords& b, const Profile& p) {
  b.seen.clear();
  for (const auto& t : Analyzer::instance().tokenize(p.bio)) {
    if (t.kind != TokenKind::kWord || !is_ascii_word(t.text)) continue;
    auto [it, added] = b.word_ids.try_emplace(t.text, static_cast<std::uint32_t>(b.words.size()));
    if (added) {
      b.words.push_back(t.text);
      b.df.push_back(0);
    }
    if (std::find(b.seen.begin(), b.seen.end(), it->second) == b.seen.end()) {
      b.seen.push_back(it->second);
      ++b.df[it->second];
      b.bio_words.push_back(it->second);
    }
  }
  b.bio_start.push_back(b.bio_words.size());
  b.countries.push_back(p.country);
}

// One profile: its document, its FTS5 row (and the check that the row holds exactly the
// document's words), and its bio words.
void prepare_profile(const Profile& p, PrepFiles& files, BioWords& bio, PrepCounts& n,
                     std::string& buf) {
  FacetRecord facets = derive_facets(p, TierBoundaries{}, 1);
  Xapian::Document d = doc::build_document(p, facets);
  write_terms(files, d, buf, n.offset);
  RowText text = row_text(p);
  std::set<std::string> doc_words;
  n.postings += document_words(d, doc_words);
  if (text.words != doc_words) ++n.mismatched;
  n.text_words += text.words.size();
  write_row(files, buf, text, p, facets);
  add_bio_words(bio, p);
  ++n.profiles;
}

Status prepare_corpus(std::istream& corpus, PrepFiles& files, BioWords& bio, PrepCounts& n) {
  std::string line, buf;
  try {
    while (std::getline(corpus, line)) {
      if (line.empty()) continue;
      auto profile = parse_profile(line);
      if (!profile) {
        ++n.rejected;
        continue;
      }
      prepare_profile(*profile, files, bio, n, buf);
    }
  } catch (const Xapian::Error& e) {
    return Status::internal(fmt::format("prep: {}", e.get_description()));
  }
  return Status::ok();
}

// Rank of each word by the number of bios that use it (1 = most common).
std::vector<std::uint32_t> rank_by_df(const std::vector<std::uint32_t>& df) {
  std::vector<std::uint32_t> order(df.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return df[a] > df[b]; });
  std::vector<std::uint32_t> rank(df.size());
  for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<std::uint32_t>(r + 1);
  return rank;
}

// Draws `per_mix` queries into `into`: two distinct words of a random profile's bio (rare: of
// rank above 100), a country drawn from the data (a random profile's), and one of the
// engagement ranges.
Status draw_queries(Rng& rng, const BioWords& b, const std::vector<std::uint32_t>& rank, bool rare,
                    std::size_t per_mix, std::vector<QuerySpec>& into) {
  const std::uint64_t profiles = b.countries.size();
  std::vector<std::uint32_t> pick;
  std::uint64_t attempts = 0;
  while (into.size() < per_mix) {
    if (++attempts > 1000 * per_mix + 100000) {
      return Status::invalid_argument(fmt::format("cannot draw {} {} queries from this corpus",
                                                  per_mix, rare ? "rare" : "docpair"));
    }
    std::uint64_t i = rng.below(profiles);
    pick.clear();
    for (std::uint64_t k = b.bio_start[i]; k < b.bio_start[i + 1]; ++k) {
      if (!rare || rank[b.bio_words[k]] > 100) pick.push_back(b.bio_words[k]);
    }
    if (pick.size() < 2) continue;
    std::uint64_t first = rng.below(pick.size());
    std::uint64_t second = rng.below(pick.size() - 1);
    if (second >= first) ++second;
    std::string country;
    while (country.empty()) country = b.countries[rng.below(profiles)];
    const auto& range = kErRanges[rng.below(std::size(kErRanges))];
    into.push_back({rare ? "rare" : "docpair", b.words[pick[first]], b.words[pick[second]], country,
                    range.first, range.second});
  }
  return Status::ok();
}

// Audience shares of the audience mix, in percent as typed in the query language: the share of
// the audience in the creator's country, and the female share.
constexpr const char* kCountryShares[] = {"10", "20", "30", "50"};
constexpr const char* kFemaleShares[] = {"30", "50", "60"};

// The audience mix: tier:micro, a country drawn from the data, at least a share of the audience
// in that country and a female share (QuerySpec: lo_pct, hi_pct); no words.
std::vector<QuerySpec> draw_audience_queries(Rng& rng, const BioWords& b, std::size_t per_mix) {
  std::vector<QuerySpec> out;
  const std::uint64_t profiles = b.countries.size();
  while (out.size() < per_mix) {
    std::string country;
    while (country.empty()) country = b.countries[rng.below(profiles)];
    out.push_back({"audience", "-", "-", country,
                   kCountryShares[rng.below(std::size(kCountryShares))],
                   kFemaleShares[rng.below(std::size(kFemaleShares))]});
  }
  return out;
}

// prep/queries.tsv: the docpair queries serve the text, filters and brand mixes too.
Status write_queries(const std::string& path, const std::vector<QuerySpec>& docpair,
                     const std::vector<QuerySpec>& rare, const std::vector<QuerySpec>& audience) {
  std::ofstream qf(path, std::ios::trunc);
  auto emit = [&](const std::string& mix, const std::vector<QuerySpec>& qs) {
    for (const auto& q : qs) {
      qf << mix << '\t' << q.word1 << '\t' << q.word2 << '\t' << q.country << '\t' << q.lo_pct
         << '\t' << q.hi_pct << '\n';
    }
  };
  emit("docpair", docpair);
  emit("text", docpair);
  emit("rare", rare);
  emit("filters", docpair);
  emit("brand", docpair);
  emit("audience", audience);
  qf.close();
  if (!qf) return Status::io_error(fmt::format("{}: write failed", path));
  return Status::ok();
}

}  // namespace

Status run_prep(const Config& c, nlohmann::json& out) {
  double t0 = now_seconds();
  std::error_code ec;
  std::filesystem::create_directories(path_in(c, "prep"), ec);
  const std::string corpus_path = path_in(c, "corpus.jsonl");
  std::ifstream corpus(corpus_path, std::ios::binary);
  if (!corpus) return Status::io_error(fmt::format("{}: cannot open", corpus_path));
  PrepFiles files;
  if (Status st = open_prep_files(c, files); !st) return st;
  BioWords bio;
  PrepCounts n;
  if (Status st = prepare_corpus(corpus, files, bio, n); !st) return st;
  if (Status st = close_prep_files(c, files, n.offset); !st) return st;
  if (n.profiles < 2 || bio.words.size() < 2) {
    return Status::invalid_argument("the corpus is too small to draw queries from");
  }

  const std::vector<std::uint32_t> rank = rank_by_df(bio.df);
  Rng rng(c.seed * 0x9E3779B97F4A7C15ULL + 8);
  const std::size_t per_mix = c.warmup + c.queries;
  std::vector<QuerySpec> docpair, rare;
  if (Status st = draw_queries(rng, bio, rank, false, per_mix, docpair); !st) return st;
  if (Status st = draw_queries(rng, bio, rank, true, per_mix, rare); !st) return st;
  const std::vector<QuerySpec> audience = draw_audience_queries(rng, bio, per_mix);
  if (Status st = write_queries(path_in(c, "prep/queries.tsv"), docpair, rare, audience); !st) {
    return st;
  }

  out["profiles"] = n.profiles;
  out["rejected"] = n.rejected;
  out["text_mismatch_docs"] = n.mismatched;
  out["word_postings_per_profile"] =
      static_cast<double>(n.postings) / static_cast<double>(n.profiles);
  out["distinct_words_per_profile"] =
      static_cast<double>(n.text_words) / static_cast<double>(n.profiles);
  out["terms_bytes"] = n.offset;
  out["ascii_bio_words"] = bio.words.size();
  out["seconds"] = now_seconds() - t0;
  return Status::ok();
}

}  // namespace mikros::bench
