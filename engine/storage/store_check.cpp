// Store: verify(), the check that the two stores agree and that every table reads.
#include <fmt/format.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <thread>

#include "analysis/document.h"
#include "analysis/segmenter.h"
#include "analysis/vocabulary.h"
#include "storage/layout.h"
#include "storage/meta.h"
#include "storage/rocks.h"
#include "storage/store.h"
#include "util/text_util.h"

namespace mikros::store {
namespace {

// Where `built` and `indexed` differ, in words; empty when they are the same document.
std::string document_difference(const Xapian::Document& built, const Xapian::Document& indexed) {
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

void Store::check(Xapian::Database& xdb, const VerifyOptions& options, VerifyReport* report) const {
  auto problem = [&](std::string message) {
    ++report->problem_count;
    if (report->problems.size() < options.max_problems) {
      report->problems.push_back(std::move(message));
    }
  };
  // Runs one part of the check; a Xapian error in it is a problem, except a revision lost to a
  // writer elsewhere, which the caller answers by starting again.
  auto part = [&](const char* what, const std::function<void()>& fn) {
    try {
      fn();
    } catch (const Xapian::DatabaseModifiedError&) {
      throw;
    } catch (const Xapian::Error& e) {
      problem(fmt::format("text index: {}: {}", what, e.get_description()));
    }
  };
  const std::string want_format = std::to_string(layout::kFormatVersion);
  auto* meta = cf(layout::kCfMeta);
  auto get_meta = [&](const char* key) -> std::optional<std::string> {
    std::string v;
    auto st = rocks_->db->Get(rocksdb::ReadOptions(), meta, key, &v);
    if (!st.ok()) {
      problem(fmt::format("profile store: metadata \"{}\": {}", key, st.ToString()));
      return std::nullopt;
    }
    return v;
  };

  // ---- formats and generations ----
  std::optional<std::uint64_t> gx;
  part("metadata", [&] {
    std::string format = xdb.get_metadata(layout::kMetaFormat);
    if (format != want_format) {
      problem(fmt::format("the text index has format version \"{}\"; this mikros reads {}", format,
                          want_format));
    }
    gx = parse_u64(xdb.get_metadata(layout::kMetaGeneration));
    if (!gx) problem("the text index's generation is missing or damaged");
    report->generation = gx.value_or(0);
    report->profiles = xdb.get_doccount();
  });
  if (auto format = get_meta(layout::kMetaFormatKey); format && *format != want_format) {
    problem(fmt::format("the profile store has format version \"{}\"; this mikros reads {}",
                        *format, want_format));
  }
  std::optional<std::uint64_t> gr;
  if (auto applied = get_meta(layout::kMetaAppliedGen)) {
    gr = parse_u64(*applied);
    if (!gr) problem(fmt::format("the profile store's generation \"{}\" is damaged", *applied));
  }
  if (gx && gr && *gx != *gr) {
    problem(
        fmt::format("the text index is at generation {} but the profile store at {}", *gx, *gr));
  }
  std::optional<std::uint64_t> next_pid;
  if (auto text = get_meta(layout::kMetaNextPid)) {
    next_pid = parse_u64(*text);
    if (!next_pid || *next_pid == 0) problem(fmt::format("next_pid \"{}\" is damaged", *text));
  }
  if (auto text = get_meta(layout::kMetaTiers); text && !tiers_from_string(*text)) {
    problem(fmt::format("the tier boundaries \"{}\" are damaged", *text));
  }
  {
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfOutbox)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      problem(fmt::format("generation {} is unfinished: its batch is still in the outbox",
                          it->key().size() == 8
                              ? std::to_string(decode_be(it->key().ToStringView()))
                              : std::string("(damaged key)")));
    }
    if (!it->status().ok())
      problem(fmt::format("profile store: outbox: {}", it->status().ToString()));
  }

  // ---- documents, by profile id ----
  std::vector<std::pair<std::uint32_t, std::string>> docs;  // pid, key (document data)
  part("documents", [&] {
    docs.clear();
    for (auto it = xdb.postlist_begin(""); it != xdb.postlist_end(""); ++it) {
      docs.emplace_back(*it, xdb.get_document(*it).get_data());
    }
  });
  auto doc_index = [&](std::uint64_t pid) -> std::optional<std::size_t> {
    auto it = std::lower_bound(docs.begin(), docs.end(), pid,
                               [](const auto& d, std::uint64_t p) { return d.first < p; });
    if (it == docs.end() || it->first != pid) return std::nullopt;
    return static_cast<std::size_t>(it - docs.begin());
  };
  auto name = [&](std::size_t i) {
    return fmt::format("profile {} ({})", docs[i].first, docs[i].second);
  };
  std::uint64_t max_pid = docs.empty() ? 0 : docs.back().first;

  // Key terms: one per document, naming the document's own key.
  part("key terms", [&] {
    std::vector<std::uint8_t> keyed(docs.size(), 0);
    const std::string prefix(vocab::kPrefixKey);
    for (auto t = xdb.allterms_begin(prefix); t != xdb.allterms_end(prefix); ++t) {
      std::string term = *t;
      std::string key = term.substr(prefix.size());
      if (t.get_termfreq() != 1) {
        problem(fmt::format("key term {} is on {} documents", term, t.get_termfreq()));
      }
      for (auto p = xdb.postlist_begin(term); p != xdb.postlist_end(term); ++p) {
        auto i = doc_index(*p);
        if (!i) continue;  // cannot happen: every posting is a document
        if (docs[*i].second != key) {
          problem(fmt::format("{} carries the key term of {}", name(*i), key));
        } else {
          keyed[*i] = 1;
        }
      }
    }
    for (std::size_t i = 0; i < docs.size(); ++i) {
      if (!keyed[i]) problem(fmt::format("{} has no key term", name(i)));
    }
  });

  // Stored profiles and facets rows: merge-joined with the documents in pid order.
  auto merge = [&](const char* column_family, const char* what,
                   const std::function<void(std::size_t, std::string_view)>& row) {
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(column_family)));
    std::size_t i = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (it->key().size() != 4) {
        problem(fmt::format("a {} key is damaged", what));
        continue;
      }
      std::uint64_t pid = decode_be(it->key().ToStringView());
      max_pid = std::max(max_pid, pid);
      for (; i < docs.size() && docs[i].first < pid; ++i) {
        problem(fmt::format("{} has no {}", name(i), what));
      }
      if (i < docs.size() && docs[i].first == pid) {
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
    for (; i < docs.size(); ++i) problem(fmt::format("{} has no {}", name(i), what));
  };
  merge(layout::kCfProfiles, "stored profile", [&](std::size_t i, std::string_view json) {
    auto profile = parse_profile(json);
    if (!profile) {
      problem(fmt::format("the stored profile of {} is damaged: {}", name(i),
                          profile.status().message()));
    } else if (profile_key(*profile) != docs[i].second) {
      problem(fmt::format("the stored profile of {} is {}", name(i), profile_key(*profile)));
    }
  });
  merge(layout::kCfFacets, "facets row", [&](std::size_t i, std::string_view bytes) {
    auto facets = decode_facets(bytes);
    if (!facets) {
      problem(fmt::format("the facets row of {} is damaged", name(i)));
    } else if (gr && facets->generation > *gr) {
      problem(fmt::format("the facets row of {} is from generation {}, after the store's {}",
                          name(i), facets->generation, *gr));
    }
  });

  // Handles: each names one document, whose key it is; each document has one.
  {
    std::vector<std::uint8_t> handled(docs.size(), 0);
    std::unique_ptr<rocksdb::Iterator> it(
        rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfHandles)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string key = it->key().ToString();
      if (it->value().size() != 4) {
        problem(fmt::format("the handle entry of {} is damaged", key));
        continue;
      }
      std::uint64_t pid = decode_be(it->value().ToStringView());
      max_pid = std::max(max_pid, pid);
      auto i = doc_index(pid);
      if (!i) {
        problem(fmt::format("handle {} points at profile id {}, which has no document", key, pid));
      } else if (docs[*i].second != key) {
        problem(fmt::format("handle {} points at {}", key, name(*i)));
      } else {
        handled[*i] = 1;
      }
    }
    if (!it->status().ok()) {
      problem(fmt::format("profile store: handles: {}", it->status().ToString()));
    } else {
      for (std::size_t i = 0; i < docs.size(); ++i) {
        if (!handled[i]) problem(fmt::format("{} has no handle entry", name(i)));
      }
    }
  }
  if (next_pid && *next_pid <= max_pid) {
    problem(fmt::format("next_pid {} is not above the largest profile id {}: ids would be reused",
                        *next_pid, max_pid));
  }

  // Deep: every document equals the one its stored profile and facets build.
  if (options.deep) {
    part("documents against stored profiles", [&] {
      std::shared_ptr<const analysis::CorpusWords> corpus;
      if (xdb.get_doccount() >= kCorpusWordsMinDocs) corpus = doc::corpus_words(xdb);
      std::unique_ptr<rocksdb::Iterator> p(
          rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfProfiles)));
      std::unique_ptr<rocksdb::Iterator> f(
          rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfFacets)));
      p->SeekToFirst();
      f->SeekToFirst();
      for (; p->Valid() && f->Valid();) {
        int order = p->key().compare(f->key());
        if (order < 0) {
          p->Next();
          continue;
        }
        if (order > 0) {
          f->Next();
          continue;
        }
        std::uint64_t pid = decode_be(p->key().ToStringView());
        auto i = doc_index(pid);
        auto profile = parse_profile(p->value().ToStringView());
        auto facets = decode_facets(f->value().ToStringView());
        if (i && profile && facets && p->key().size() == 4) {
          Xapian::Document indexed = xdb.get_document(static_cast<Xapian::docid>(pid));
          std::string diff = document_difference(doc::build_document(*profile, *facets), indexed);
          // Hashtag segmentation also weighs the index's own words once it is large enough
          // (refresh_corpus_words), so a profile may have been indexed with them: it matches
          // if it matches either way.
          if (!diff.empty() && corpus) {
            if (document_difference(doc::build_document(*profile, *facets, corpus.get()), indexed)
                    .empty()) {
              diff.clear();
            }
          }
          if (!diff.empty()) {
            problem(fmt::format("the text document of {} does not match its stored profile: {}",
                                name(*i), diff));
          }
        }
        p->Next();
        f->Next();
      }
    });
  }

  // ---- table structure ----
  // Every entry of every table is read once, and Xapian checks each block it reads (its own
  // Database::check is not used: in 1.4.22 it deletes an object through the wrong type, which
  // AddressSanitizer rightly reports).
  part("reading every table", [&] {
    for (auto t = xdb.allterms_begin(); t != xdb.allterms_end(); ++t) {
      for (auto p = xdb.postlist_begin(*t); p != xdb.postlist_end(*t); ++p) (void)p.get_wdf();
    }
    for (const auto& [pid, key] : docs) {
      (void)xdb.get_doclength(pid);
      Xapian::Document d = xdb.get_document(pid);
      for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) (void)*p;
      }
      for (auto v = d.values_begin(); v != d.values_end(); ++v) (void)*v;
    }
    for (auto k = xdb.metadata_keys_begin(); k != xdb.metadata_keys_end(); ++k) {
      (void)xdb.get_metadata(*k);
    }
  });
  if (auto st = rocks_->db->VerifyChecksum(); !st.ok() && !st.IsNotSupported()) {
    problem(fmt::format("profile store: {}", st.ToString()));
  }
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
  // Read-only: the secondary's view moves only under catch_up_mu_, so holding it pins the
  // RocksDB side; the Xapian snapshot is pinned by the Database object. The pair is checked
  // when it is one generation with no batch in flight.
  std::string pending;
  for (int attempt = 0; attempt < kQuietAttempts; ++attempt) {
    if (attempt) std::this_thread::sleep_for(kQuietPause);
    MutexLock lock(catch_up_mu_);
    if (auto st = rocks_->db->TryCatchUpWithPrimary(); !st.ok()) return rocks_status(st, dir_);
    std::string applied;
    auto st = rocks_->db->Get(rocksdb::ReadOptions(), cf(layout::kCfMeta), layout::kMetaAppliedGen,
                              &applied);
    if (!st.ok()) return rocks_status(st, dir_);
    std::uint64_t gr = parse_u64(applied).value_or(UINT64_MAX);
    rocks_generation_ = std::max(rocks_generation_, gr == UINT64_MAX ? 0 : gr);
    std::unique_ptr<rocksdb::Iterator> outbox(
        rocks_->db->NewIterator(rocksdb::ReadOptions(), cf(layout::kCfOutbox)));
    outbox->SeekToFirst();
    bool in_flight = outbox->Valid();
    VerifyReport attempt_report = *report;
    try {
      Xapian::Database xdb(path);
      std::uint64_t gx = parse_u64(xdb.get_metadata(layout::kMetaGeneration)).value_or(0);
      // With no writer to finish it, a state between batches is what there is to check.
      bool settled = writer_running && !writer_running();
      if ((in_flight || gx != gr) && !settled) {
        pending = fmt::format("text index at generation {}, profile store at {}{}", gx, applied,
                              in_flight ? ", a batch in the outbox" : "");
        continue;
      }
      check(xdb, options, &attempt_report);
    } catch (const Xapian::DatabaseModifiedError&) {
      continue;  // the writer committed twice meanwhile: start again
    } catch (const Xapian::Error& e) {
      return xapian_status(e, dir_);
    }
    *report = std::move(attempt_report);
    return Status::ok();
  }
  return Status::busy(fmt::format(
      "{}: the writer was never between two batches while verify waited ({}); stop it or verify "
      "through the writer",
      dir_, pending));
}

}  // namespace mikros::store
