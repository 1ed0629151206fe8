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
//  * prep/queries.tsv: the query mixes.
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

// Xapian's term length limit as PostingWriter applies it (engine/src/document.cpp).
constexpr std::size_t kMaxTermBytes = 240;

// The words of one text field as document.cpp's index_text() indexes them.
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

}  // namespace

Status run_prep(const Config& c, nlohmann::json& out) {
  namespace fs = std::filesystem;
  double t0 = now_seconds();
  std::error_code ec;
  fs::create_directories(path_in(c, "prep"), ec);
  const std::string corpus_path = path_in(c, "corpus.jsonl");
  std::ifstream corpus(corpus_path, std::ios::binary);
  if (!corpus) return Status::io_error(fmt::format("{}: cannot open", corpus_path));
  std::ofstream terms_file(path_in(c, "prep/terms.bin"), std::ios::binary | std::ios::trunc);
  std::ofstream index_file(path_in(c, "prep/terms.idx"), std::ios::binary | std::ios::trunc);
  std::ofstream rows_file(path_in(c, "prep/fts5_rows.bin"), std::ios::binary | std::ios::trunc);
  if (!terms_file || !index_file || !rows_file) {
    return Status::io_error(fmt::format("{}: cannot write", path_in(c, "prep")));
  }

  // Per profile, for drawing queries: its distinct ASCII bio words (as ids) and its country.
  std::unordered_map<std::string, std::uint32_t> word_ids;
  std::vector<std::string> words;
  std::vector<std::uint32_t> df;
  std::vector<std::uint32_t> bio_words;
  std::vector<std::uint64_t> bio_start = {0};
  std::vector<std::string> countries;

  std::uint64_t profiles = 0, rejected = 0, mismatched = 0, postings = 0, text_words = 0;
  std::uint64_t offset = 0;
  std::string line, buf;
  std::set<std::string> fts_words, doc_words;
  std::vector<std::uint32_t> seen;
  try {
    while (std::getline(corpus, line)) {
      if (line.empty()) continue;
      auto profile = parse_profile(line);
      if (!profile) {
        ++rejected;
        continue;
      }
      const Profile& p = *profile;
      FacetRecord facets = derive_facets(p, TierBoundaries{}, 1);
      Xapian::Document d = doc::build_document(p, facets);

      buf.clear();
      BinWriter tw(buf);
      write_document(tw, d);
      terms_file.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      index_file.write(reinterpret_cast<const char*>(&offset), sizeof offset);
      offset += buf.size();

      // The FTS5 row, and the check that it holds exactly the document's words.
      fts_words.clear();
      doc_words.clear();
      FieldWords name(&fts_words), bio(&fts_words), tags(&fts_words), cats(&fts_words);
      name.text(p.name);
      bio.text(p.bio);
      for (const auto& tag : p.hashtags) tags.compound(Analyzer::instance().compound_words(tag));
      for (const auto& cat : p.categories) cats.text(cat);
      for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
        std::string term = *t;
        if (is_word_term(term)) {
          doc_words.insert(term);
          postings += t.get_wdf();
        }
      }
      if (fts_words != doc_words) ++mismatched;
      text_words += fts_words.size();

      buf.clear();
      BinWriter rw(buf);
      rw.str(name.joined());
      rw.str(bio.joined());
      rw.str(tags.joined());
      rw.str(cats.joined());
      rw.str(p.country);
      rw.put<std::uint8_t>(static_cast<std::uint8_t>(facets.tier));
      rw.put<std::uint64_t>(p.followers);
      auto er = mikros::engagement_rate(p);
      rw.put<double>(er ? *er : std::nan(""));
      rw.str(profile_key(p));
      rows_file.write(buf.data(), static_cast<std::streamsize>(buf.size()));

      // Distinct ASCII words of the bio, for the query mixes.
      seen.clear();
      for (const auto& t : Analyzer::instance().tokenize(p.bio)) {
        if (t.kind != TokenKind::kWord || !is_ascii_word(t.text)) continue;
        auto [it, added] = word_ids.try_emplace(t.text, static_cast<std::uint32_t>(words.size()));
        if (added) {
          words.push_back(t.text);
          df.push_back(0);
        }
        if (std::find(seen.begin(), seen.end(), it->second) == seen.end()) {
          seen.push_back(it->second);
          ++df[it->second];
          bio_words.push_back(it->second);
        }
      }
      bio_start.push_back(bio_words.size());
      countries.push_back(p.country);
      ++profiles;
    }
  } catch (const Xapian::Error& e) {
    return Status::internal(fmt::format("prep: {}", e.get_description()));
  }
  index_file.write(reinterpret_cast<const char*>(&offset), sizeof offset);
  terms_file.close();
  index_file.close();
  rows_file.close();
  if (!terms_file || !index_file || !rows_file) {
    return Status::io_error(fmt::format("{}: write failed", path_in(c, "prep")));
  }
  if (profiles < 2 || words.size() < 2) {
    return Status::invalid_argument("the corpus is too small to draw queries from");
  }

  // Rank of each word by the number of bios that use it (1 = most common).
  std::vector<std::uint32_t> order(words.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return df[a] > df[b]; });
  std::vector<std::uint32_t> rank(words.size());
  for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<std::uint32_t>(r + 1);

  // Two distinct words of a random profile's bio (rare: of rank above 100), a country drawn from
  // the data (a random profile's), and one of the engagement ranges.
  Rng rng(c.seed * 0x9E3779B97F4A7C15ULL + 8);
  const std::size_t per_mix = c.warmup + c.queries;
  auto draw = [&](bool rare, std::vector<QuerySpec>& into) -> Status {
    std::vector<std::uint32_t> pick;
    std::uint64_t attempts = 0;
    while (into.size() < per_mix) {
      if (++attempts > 1000 * per_mix + 100000) {
        return Status::invalid_argument(fmt::format("cannot draw {} {} queries from this corpus",
                                                    per_mix, rare ? "rare" : "docpair"));
      }
      std::uint64_t i = rng.below(profiles);
      pick.clear();
      for (std::uint64_t k = bio_start[i]; k < bio_start[i + 1]; ++k) {
        if (!rare || rank[bio_words[k]] > 100) pick.push_back(bio_words[k]);
      }
      if (pick.size() < 2) continue;
      std::uint64_t a = rng.below(pick.size());
      std::uint64_t b = rng.below(pick.size() - 1);
      if (b >= a) ++b;
      std::string country;
      while (country.empty()) country = countries[rng.below(profiles)];
      const auto& range = kErRanges[rng.below(std::size(kErRanges))];
      into.push_back({rare ? "rare" : "docpair", words[pick[a]], words[pick[b]], country,
                      range.first, range.second});
    }
    return Status::ok();
  };
  std::vector<QuerySpec> docpair, rare;
  if (Status st = draw(false, docpair); !st) return st;
  if (Status st = draw(true, rare); !st) return st;

  std::ofstream qf(path_in(c, "prep/queries.tsv"), std::ios::trunc);
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
  qf.close();
  if (!qf) return Status::io_error(fmt::format("{}: write failed", path_in(c, "prep/queries.tsv")));

  out["profiles"] = profiles;
  out["rejected"] = rejected;
  out["text_mismatch_docs"] = mismatched;
  out["word_postings_per_profile"] = static_cast<double>(postings) / static_cast<double>(profiles);
  out["distinct_words_per_profile"] =
      static_cast<double>(text_words) / static_cast<double>(profiles);
  out["terms_bytes"] = offset;
  out["ascii_bio_words"] = words.size();
  out["seconds"] = now_seconds() - t0;
  return Status::ok();
}

}  // namespace mikros::bench
