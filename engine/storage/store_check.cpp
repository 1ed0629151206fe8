// Store: verify(), the check that the two stores agree and that every table reads.
#include <fmt/format.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <thread>

#include "analysis/document.h"
#include "analysis/segmenter.h"
#include "analysis/vocabulary.h"
#include "analytics/derive_facets.h"
#include "storage/layout.h"
#include "storage/meta.h"
#include "storage/rocks.h"
#include "storage/store.h"
#include "util/text_util.h"

namespace mikros::store {
namespace {

// Where `built` and `indexed` differ, in words; empty when they are the same document. Value
// slots are compared only when `with_values` (format 5 has none; older formats had five, which
// the document built now does not).
std::string document_difference(const Xapian::Document& built, const Xapian::Document& indexed,
                                bool with_values) {
  if (built.get_data() != indexed.get_data()) return "its data (key) differs";
  auto b = built.termlist_begin(), be = built.termlist_end();
  auto x = indexed.termlist_begin(), xe = indexed.termlist_end();
  for (; b != be && x != xe; ++b, ++x) {
    if (*b != *x) {
      return *b < *x ? fmt::format("term \"{}\" is missing from the index", *b)
                     : fmt::format("the index has term \"{}\" that the profile does not give", *x);
    }
    if (b.get_wdf() != x.get_wdf()) {
      return fmt::format("term \"{}\" occurs {} times in the index, {} in the profile", *x,
                         x.get_wdf(), b.get_wdf());
    }
    auto bp = b.positionlist_begin(), bpe = b.positionlist_end();
    auto xp = x.positionlist_begin(), xpe = x.positionlist_end();
    for (; bp != bpe && xp != xpe; ++bp, ++xp) {
      if (*bp != *xp) return fmt::format("term \"{}\" has other positions", *x);
    }
    if ((bp == bpe) != (xp == xpe)) return fmt::format("term \"{}\" has other positions", *x);
  }
  if (b != be) return fmt::format("term \"{}\" is missing from the index", *b);
  if (x != xe) return fmt::format("the index has term \"{}\" that the profile does not give", *x);
  if (!with_values) return {};
  auto bv = built.values_begin(), bve = built.values_end();
  auto xv = indexed.values_begin(), xve = indexed.values_end();
  for (; bv != bve && xv != xve; ++bv, ++xv) {
    if (bv.get_valueno() != xv.get_valueno() || *bv != *xv) {
      return fmt::format("value slot {} differs", std::min(bv.get_valueno(), xv.get_valueno()));
    }
  }
  if ((bv == bve) != (xv == xve)) return "its value slots differ";
  return {};
}

}  // namespace

namespace {

// One run of the check: each part below reads one kind of record and reports what is wrong
// with it, so that one damaged record does not hide the others.
class Checker {
 public:
  Checker(const Store::Rocks& rocks, Xapian::Database& xdb, const VerifyOptions& options,
          VerifyReport* report)
      : rocks_(rocks), xdb_(xdb), options_(options), report_(report) {}

  void run() {
    check_metadata();
    check_outbox();
    part("documents", [&] { read_documents(); });
    part("key terms", [&] { check_key_terms(); });
    check_rows(layout::kCfProfiles, "stored profile", [&](std::size_t i, std::string_view json) {
      auto profile = parse_profile(json);
      if (!profile) {
        problem(fmt::format("the stored profile of {} is damaged: {}", name(i),
                            profile.status().message()));
      } else if (key_of(*profile) != docs_[i].second) {
        problem(fmt::format("the stored profile of {} is {}", name(i), key_of(*profile)));
      }
    });
    check_rows(layout::kCfFacets, "facets row", [&](std::size_t i, std::string_view bytes) {
      auto facets = decode_facets(bytes);
      if (!facets) {
        problem(fmt::format("the facets row of {} is damaged", name(i)));
      } else if (applied_ && facets->generation > *applied_) {
        problem(fmt::format("the facets row of {} is from generation {}, after the store's {}",
                            name(i), facets->generation, *applied_));
      }
    });
    check_handles();
    if (next_pid_ && *next_pid_ <= max_pid_) {
      problem(fmt::format("next_pid {} is not above the largest profile id {}: ids would be reused",
                          *next_pid_, max_pid_));
    }
    if (options_.deep) part("documents against stored profiles", [&] { check_documents(); });
    part("reading every table", [&] { read_tables(); });
    if (auto st = rocks_.db->VerifyChecksum(); !st.ok() && !st.IsNotSupported()) {
      problem(fmt::format("profile store: {}", st.ToString()));
    }
  }

 private:
  void problem(std::string message) {
    ++report_->problem_count;
    if (report_->problems.size() < options_.max_problems) {
      report_->problems.push_back(std::move(message));
    }
  }
  // Runs one part of the check; a Xapian error in it is a problem, except a revision lost to a
  // writer elsewhere, which the caller answers by starting again.
  void part(const char* what, const std::function<void()>& fn) {
    try {
      fn();
    } catch (const Xapian::DatabaseModifiedError&) {
      throw;
    } catch (const Xapian::Error& e) {
      problem(fmt::format("text index: {}: {}", what, e.get_description()));
    }
  }
  std::optional<std::string> meta(const char* key) {
    std::string v;
    auto st = rocks_.db->Get(rocksdb::ReadOptions(), rocks_.cf(layout::kCfMeta), key, &v);
    if (!st.ok()) {
      problem(fmt::format("profile store: metadata \"{}\": {}", key, st.ToString()));
      return std::nullopt;
    }
    return v;
  }
  void check_format(std::string_view what, const std::string& format) {
    auto v = parse_u64(format);
    if (!v || *v < layout::kOldestFormatVersion || *v > layout::kFormatVersion) {
      problem(fmt::format("{} has format version \"{}\"; this mikros reads {} to {}", what, format,
                          layout::kOldestFormatVersion, layout::kFormatVersion));
    } else {
      format_ = std::min(format_, static_cast<int>(*v));
    }
  }
  // The key the index's format gives a profile (layout.h): format 2 lowercased ASCII letters
  // only.
  std::string key_of(const Profile& p) const {
    if (format_ == 2) return ascii_lower(p.platform) + ":" + ascii_lower(p.handle);
    return profile_key(p);
  }

  // ---- formats, generations, next id, tiers ----
  void check_metadata() {
    std::optional<std::uint64_t> text_gen;
    part("metadata", [&] {
      check_format("the text index", xdb_.get_metadata(layout::kMetaFormat));
      text_gen = text_generation(xdb_);
      if (!text_gen) problem("the text index's generation is missing or damaged");
      report_->generation = text_gen.value_or(0);
      report_->profiles = xdb_.get_doccount();
    });
    if (auto format = meta(layout::kMetaFormatKey)) check_format("the profile store", *format);
    if (auto applied = meta(layout::kMetaAppliedGen)) {
      applied_ = parse_u64(*applied);
      if (!applied_) {
        problem(fmt::format("the profile store's generation \"{}\" is damaged", *applied));
      }
    }
    if (text_gen && applied_ && *text_gen != *applied_) {
      problem(fmt::format("the text index is at generation {} but the profile store at {}",
                          *text_gen, *applied_));
    }
    if (auto text = meta(layout::kMetaNextPid)) {
      next_pid_ = parse_u64(*text);
      if (!next_pid_ || *next_pid_ == 0) problem(fmt::format("next_pid \"{}\" is damaged", *text));
    }
    if (auto text = meta(layout::kMetaTiers); text && !tiers_from_string(*text)) {
      problem(fmt::format("the tier boundaries \"{}\" are damaged", *text));
    }
  }

  void check_outbox() {
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_.db->NewIterator(rocksdb::ReadOptions(), rocks_.cf(layout::kCfOutbox)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      problem(fmt::format("generation {} is unfinished: its batch is still in the outbox",
                          it->key().size() == 8
                              ? std::to_string(decode_be(it->key().ToStringView()))
                              : std::string("(damaged key)")));
    }
    if (!it->status().ok()) {
      problem(fmt::format("profile store: outbox: {}", it->status().ToString()));
    }
  }

  // ---- documents, by profile id ----
  void read_documents() {
    docs_.clear();
    for (auto it = xdb_.postlist_begin(""); it != xdb_.postlist_end(""); ++it) {
      docs_.emplace_back(*it, xdb_.get_document(*it).get_data());
    }
    max_pid_ = docs_.empty() ? 0 : docs_.back().first;
  }
  std::optional<std::size_t> doc_index(std::uint64_t pid) const {
    auto it = std::lower_bound(docs_.begin(), docs_.end(), pid,
                               [](const auto& d, std::uint64_t p) { return d.first < p; });
    if (it == docs_.end() || it->first != pid) return std::nullopt;
    return static_cast<std::size_t>(it - docs_.begin());
  }
  std::string name(std::size_t i) const {
    return fmt::format("profile {} ({})", docs_[i].first, docs_[i].second);
  }

  // Key terms: one per document, naming the document's own key.
  void check_key_terms() {
    std::vector<std::uint8_t> keyed(docs_.size(), 0);
    const std::string prefix(vocab::kPrefixKey);
    for (auto t = xdb_.allterms_begin(prefix); t != xdb_.allterms_end(prefix); ++t) {
      std::string term = *t;
      std::string key = term.substr(prefix.size());
      if (t.get_termfreq() != 1) {
        problem(fmt::format("key term {} is on {} documents", term, t.get_termfreq()));
      }
      for (auto p = xdb_.postlist_begin(term); p != xdb_.postlist_end(term); ++p) {
        auto i = doc_index(*p);
        if (!i) continue;  // cannot happen: every posting is a document
        if (docs_[*i].second != key) {
          problem(fmt::format("{} carries the key term of {}", name(*i), key));
        } else {
          keyed[*i] = 1;
        }
      }
    }
    for (std::size_t i = 0; i < docs_.size(); ++i) {
      if (!keyed[i]) problem(fmt::format("{} has no key term", name(i)));
    }
  }

  // The rows of a column family keyed by pid, merge-joined with the documents in pid order.
  void check_rows(const char* column_family, const char* what,
                  const std::function<void(std::size_t, std::string_view)>& row) {
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_.db->NewIterator(rocksdb::ReadOptions(), rocks_.cf(column_family)));
    std::size_t i = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (it->key().size() != 4) {
        problem(fmt::format("a {} key is damaged", what));
        continue;
      }
      std::uint64_t pid = decode_be(it->key().ToStringView());
      max_pid_ = std::max(max_pid_, pid);
      for (; i < docs_.size() && docs_[i].first < pid; ++i) {
        problem(fmt::format("{} has no {}", name(i), what));
      }
      if (i < docs_.size() && docs_[i].first == pid) {
        row(i, it->value().ToStringView());
        ++i;
      } else {
        problem(fmt::format("the {} of profile id {} has no document", what, pid));
      }
    }
    if (!it->status().ok()) {
      problem(fmt::format("profile store: {}: {}", column_family, it->status().ToString()));
      return;
    }
    for (; i < docs_.size(); ++i) problem(fmt::format("{} has no {}", name(i), what));
  }

  // Handles: each names one document, whose key it is; each document has one.
  void check_handles() {
    std::vector<std::uint8_t> handled(docs_.size(), 0);
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_.db->NewIterator(rocksdb::ReadOptions(), rocks_.cf(layout::kCfHandles)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string key = it->key().ToString();
      if (it->value().size() != 4) {
        problem(fmt::format("the handle entry of {} is damaged", key));
        continue;
      }
      std::uint64_t pid = decode_be(it->value().ToStringView());
      max_pid_ = std::max(max_pid_, pid);
      auto i = doc_index(pid);
      if (!i) {
        problem(fmt::format("handle {} points at profile id {}, which has no document", key, pid));
      } else if (docs_[*i].second != key) {
        problem(fmt::format("handle {} points at {}", key, name(*i)));
      } else {
        handled[*i] = 1;
      }
    }
    if (!it->status().ok()) {
      problem(fmt::format("profile store: handles: {}", it->status().ToString()));
      return;
    }
    for (std::size_t i = 0; i < docs_.size(); ++i) {
      if (!handled[i]) problem(fmt::format("{} has no handle entry", name(i)));
    }
  }

  // Deep: every document equals the one its stored profile and facets build.
  void check_documents() {
    std::shared_ptr<const analysis::CorpusWords> corpus;
    if (xdb_.get_doccount() >= Store::kCorpusWordsMinDocs) corpus = doc::corpus_words(xdb_);
    std::unique_ptr<rocksdb::Iterator> p(
        rocks_.db->NewIterator(rocksdb::ReadOptions(), rocks_.cf(layout::kCfProfiles)));
    std::unique_ptr<rocksdb::Iterator> f(
        rocks_.db->NewIterator(rocksdb::ReadOptions(), rocks_.cf(layout::kCfFacets)));
    p->SeekToFirst();
    f->SeekToFirst();
    while (p->Valid() && f->Valid()) {
      int order = p->key().compare(f->key());
      if (order != 0) {
        (order < 0 ? p : f)->Next();
        continue;
      }
      std::uint64_t pid = decode_be(p->key().ToStringView());
      auto i = doc_index(pid);
      auto profile = parse_profile(p->value().ToStringView());
      auto facets = decode_facets(f->value().ToStringView());
      if (i && profile && facets && p->key().size() == 4) {
        Xapian::Document indexed = xdb_.get_document(static_cast<Xapian::docid>(pid));
        const bool values = format_ >= 5;
        std::string diff =
            document_difference(doc::build_document(*profile, *facets), indexed, values);
        // Hashtag segmentation also weighs the index's own words once it is large enough
        // (Store::refresh_corpus_words), so a profile may have been indexed with them: it
        // matches if it matches either way.
        if (!diff.empty() && corpus &&
            document_difference(doc::build_document(*profile, *facets, corpus.get()), indexed,
                                values)
                .empty()) {
          diff.clear();
        }
        if (!diff.empty()) {
          problem(fmt::format("the text document of {} does not match its stored profile: {}",
                              name(*i), diff));
        }
      }
      p->Next();
      f->Next();
    }
  }

  // Every entry of every table is read once, and Xapian checks each block it reads (its own
  // Database::check is not used: in 1.4.22 it deletes an object through the wrong type, which
  // AddressSanitizer rightly reports).
  void read_tables() {
    for (auto t = xdb_.allterms_begin(); t != xdb_.allterms_end(); ++t) {
      for (auto p = xdb_.postlist_begin(*t); p != xdb_.postlist_end(*t); ++p) (void)p.get_wdf();
    }
    for (const auto& [pid, key] : docs_) {
      (void)xdb_.get_doclength(pid);
      Xapian::Document d = xdb_.get_document(pid);
      for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) (void)*p;
      }
      for (auto v = d.values_begin(); v != d.values_end(); ++v) (void)*v;
    }
    for (auto k = xdb_.metadata_keys_begin(); k != xdb_.metadata_keys_end(); ++k) {
      (void)xdb_.get_metadata(*k);
    }
  }

  const Store::Rocks& rocks_;
  Xapian::Database& xdb_;
  const VerifyOptions& options_;
  VerifyReport* report_;
  std::vector<std::pair<std::uint32_t, std::string>> docs_;  // pid, key (document data)
  std::uint64_t max_pid_ = 0;
  std::optional<std::uint64_t> applied_;   // the profile store's generation
  std::optional<std::uint64_t> next_pid_;  // the next profile id the store hands out
  int format_ = layout::kFormatVersion;    // the older of the two stores' formats
};

}  // namespace

void Store::check(Xapian::Database& xdb, const VerifyOptions& options, VerifyReport* report) const {
  Checker(*rocks_, xdb, options, report).run();
  if (Status st = check_positions(xdb); !st) {
    ++report->problem_count;
    report->problems.push_back(st.message());
  }
}

Status Store::check_positions(Xapian::Database& xdb) const {
  // Xapian keeps positions in a table of their own (position.glass), created with the first
  // document that has any: an index without it is sound only if none of its documents should
  // have positions. A few documents rebuilt from their stored profiles tell.
  constexpr std::size_t kSample = 32;
  std::vector<std::uint32_t> pids;
  try {
    if (xdb.has_positions() || xdb.get_doccount() == 0) return Status::ok();
    for (auto it = xdb.postlist_begin(""); it != xdb.postlist_end("") && pids.size() < kSample;
         ++it) {
      pids.push_back(*it);
    }
  } catch (const Xapian::Error& e) {
    return xapian_status(e, dir_);
  }
  std::vector<std::optional<std::string>> jsons;
  if (Status st = read_profiles(pids, &jsons); !st) return st;
  for (const auto& json : jsons) {
    if (!json) continue;  // verify reports a missing profile on its own
    auto profile = parse_profile(*json);
    if (!profile) continue;
    Xapian::Document built =
        doc::build_document(*profile, derive_facets(*profile, tiers_, 0), nullptr);
    for (auto t = built.termlist_begin(); t != built.termlist_end(); ++t) {
      if (t.positionlist_count() == 0) continue;
      return Status::corruption(fmt::format(
          "{}: the text index has lost its positional data ({}/position.glass): phrase searches "
          "would match documents that do not hold the phrase; restore from a backup or rebuild "
          "with `mikros reindex`",
          dir_, xapian_path()));
    }
  }
  return Status::ok();
}

Status Store::verify(const VerifyOptions& options, VerifyReport* report,
                     const WriterProbe& writer_running) const {
  const std::string path = xapian_path();
  report->replayed = replayed_;
  if (mode_ == Mode::kWrite) {
    MutexLock lock(write_mu_);  // no commit until the check is done
    try {
      Xapian::Database xdb(path);
      check(xdb, options, report);
    } catch (const Xapian::Error& e) {
      ++report->problem_count;
      report->problems.push_back(fmt::format("text index: {}", e.get_description()));
    }
    return Status::ok();
  }
  // Read-only: checked at a moment when both stores stand at one generation.
  return at_quiet_moment(writer_running, "verify", [&](Xapian::Database& xdb, const Moment&) {
    VerifyReport attempt = *report;
    check(xdb, options, &attempt);  // may throw DatabaseModifiedError
    *report = std::move(attempt);
    return Status::ok();
  });
}

}  // namespace mikros::store
