// The SQLite FTS5 baseline, through libsqlite3 (docs/benchmarks.md, "Method", describes it):
//
//   profiles(id INTEGER PRIMARY KEY, country, tier, followers, engagement)
//     with an index on (country, followers)
//   profiles_fts USING fts5(name, bio, hashtags, categories), rowid = profiles.id
//
// Loaded in transactions of --fts5-batch rows with WAL and synchronous=NORMAL (256 MiB cache,
// 1 GiB mmap), then CREATE INDEX, ANALYZE, and FTS5's 'optimize' (merges its segments, as
// compaction does for Xapian); every step is timed.
//
// The text columns hold the words mikros indexes (prep.cpp), so MATCH '"w1" "w2"' and mikros's
// '"w1" "w2"' select the same profiles. The tier filter is written as the followers range it
// stands for, which lets SQLite use the (country, followers) index.
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include "bench/bench.h"
#include "bench/rows.h"
#include "mikros/profile.hpp"
#include "model/audience.h"

namespace mikros::bench {
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

Status sql_error(sqlite3* db, std::string_view what) {
  return Status::io_error(fmt::format("sqlite: {}: {}", what, sqlite3_errmsg(db)));
}

Status exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Status::io_error(fmt::format("sqlite: {}: {}", sql.substr(0, 60), msg));
  }
  return Status::ok();
}

Result<Stmt> prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    return sql_error(db, sql.substr(0, 60));
  }
  return Stmt(s);
}

Result<Db> open_db(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) return sql_error(raw, path);
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA cache_size=-262144",
        "PRAGMA mmap_size=1073741824", "PRAGMA temp_store=MEMORY"}) {
    if (Status st = exec(db.get(), pragma); !st) return st;
  }
  return db;
}

void bind_text(sqlite3_stmt* s, int i, const std::string& v) {
  if (v.empty()) {
    sqlite3_bind_null(s, i);
  } else {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
}

// The WHERE clauses of the query mixes; ?1 is the MATCH expression, ?2 the country, ?3 and
// ?4 the engagement bounds.
std::string facet_where() {
  TierBoundaries t;
  return fmt::format(
      "p.country = ?2 AND p.followers >= {} AND p.followers < {} AND p.engagement BETWEEN ?3 "
      "AND ?4",
      t.micro, t.mid);
}

// The audience mix: the audience shares in a table of their own, one row a country, indexed by
// (code, level), as a relational schema would hold them; shares as mikros's levels (?3 the
// country's, ?4 the female one), so both engines compare the same numbers.
std::string audience_sql(bool count) {
  TierBoundaries t;
  return fmt::format(
      "{} FROM audience_countries a JOIN profiles p ON p.id = a.id WHERE a.code = ?2 AND a.level "
      ">= ?3 AND p.country = ?2 AND p.followers >= {} AND p.followers < {} AND p.female >= ?4 "
      "AND p.female < 255{}",
      count ? "SELECT count(*)" : "SELECT p.id, p.followers", t.micro, t.mid,
      count ? "" : " ORDER BY p.followers DESC LIMIT 20");
}

std::string sql_for(const std::string& mix, bool count) {
  if (mix == "audience") return audience_sql(count);
  const std::string select_fts =
      count ? "SELECT count(*)" : "SELECT p.id, bm25(profiles_fts) AS score";
  if (mix == "docpair" || mix == "rare") {
    return select_fts +
           " FROM profiles_fts JOIN profiles p ON p.id = profiles_fts.rowid WHERE "
           "profiles_fts MATCH ?1 AND " +
           facet_where() + (count ? "" : " ORDER BY score LIMIT 20");
  }
  if (mix == "text") {
    return std::string(count ? "SELECT count(*)" : "SELECT rowid, bm25(profiles_fts) AS score") +
           " FROM profiles_fts WHERE profiles_fts MATCH ?1" +
           (count ? "" : " ORDER BY score LIMIT 20");
  }
  // filters: listed by followers, as mikros lists filter-only queries.
  return std::string(count ? "SELECT count(*)" : "SELECT p.id, p.followers") +
         " FROM profiles p WHERE " + facet_where() +
         (count ? "" : " ORDER BY p.followers DESC LIMIT 20");
}

// A share in percent as a level: what the query parser makes of "30%" (model/audience.h).
int percent_level(const std::string& pct) {
  return share_level(percent_value(pct));
}

void bind_query(sqlite3_stmt* s, const std::string& mix, const QuerySpec& q,
                const std::string& match) {
  if (mix == "audience") {
    sqlite3_bind_text(s, 2, q.country.data(), static_cast<int>(q.country.size()), SQLITE_STATIC);
    sqlite3_bind_int(s, 3, percent_level(q.lo_pct));
    sqlite3_bind_int(s, 4, percent_level(q.hi_pct));
    return;
  }
  if (mix != "filters") {
    sqlite3_bind_text(s, 1, match.data(), static_cast<int>(match.size()), SQLITE_STATIC);
  }
  if (mix != "text") {
    sqlite3_bind_text(s, 2, q.country.data(), static_cast<int>(q.country.size()), SQLITE_STATIC);
    sqlite3_bind_double(s, 3, percent_value(q.lo_pct));
    sqlite3_bind_double(s, 4, percent_value(q.hi_pct));
  }
}

// Runs each statement in turn; the first error.
Status exec_all(sqlite3* db, std::initializer_list<const char*> statements) {
  for (const char* sql : statements) {
    if (Status st = exec(db, sql); !st) return st;
  }
  return Status::ok();
}

// The database file and its companions, left by an earlier run.
void remove_database(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::error_code ec;
    std::filesystem::remove(path + suffix, ec);
  }
}

Status create_tables(sqlite3* h, const std::string& tokenize) {
  if (Status st = exec(h,
                       "CREATE TABLE profiles(id INTEGER PRIMARY KEY, country TEXT, tier TEXT NOT "
                       "NULL, followers INTEGER NOT NULL, engagement REAL, female INTEGER NOT "
                       "NULL)");
      !st) {
    return st;
  }
  if (Status st = exec(h,
                       "CREATE TABLE audience_countries(code TEXT NOT NULL, level INTEGER NOT "
                       "NULL, id INTEGER NOT NULL, PRIMARY KEY(code, level, id)) WITHOUT ROWID");
      !st) {
    return st;
  }
  return exec(h, fmt::format("CREATE VIRTUAL TABLE profiles_fts USING fts5(name, bio, hashtags, "
                             "categories, tokenize=\"{}\", detail=full)",
                             tokenize));
}

// The two INSERT statements of one profile: its facets, and its text.
struct Inserts {
  Stmt profile, text, audience;
};

Result<Inserts> prepare_inserts(sqlite3* h) {
  auto profile = prepare(h, "INSERT INTO profiles VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!profile) return profile.status();
  auto audience = prepare(h, "INSERT INTO audience_countries VALUES (?1, ?2, ?3)");
  if (!audience) return audience.status();
  auto text = prepare(
      h,
      "INSERT INTO profiles_fts(rowid, name, bio, hashtags, categories) VALUES (?1, ?2, ?3, "
      "?4, ?5)");
  if (!text) return text.status();
  return Inserts{std::move(*profile), std::move(*text), std::move(*audience)};
}

Status insert_row(sqlite3* h, Inserts& ins, const Row& r, sqlite3_int64 id) {
  sqlite3_stmt* s = ins.profile.get();
  sqlite3_bind_int64(s, 1, id);
  bind_text(s, 2, r.country);
  std::string_view tier = tier_name(r.tier);
  sqlite3_bind_text(s, 3, tier.data(), static_cast<int>(tier.size()), SQLITE_STATIC);
  sqlite3_bind_int64(s, 4, static_cast<sqlite3_int64>(r.followers));
  if (std::isnan(r.engagement)) {
    sqlite3_bind_null(s, 5);
  } else {
    sqlite3_bind_double(s, 5, r.engagement);
  }
  sqlite3_bind_int(s, 6, r.female);
  if (sqlite3_step(s) != SQLITE_DONE) return sql_error(h, "insert profiles");
  sqlite3_reset(s);
  s = ins.audience.get();
  for (const auto& [code, level] : r.audience_countries) {
    bind_text(s, 1, code);
    sqlite3_bind_int(s, 2, level);
    sqlite3_bind_int64(s, 3, id);
    if (sqlite3_step(s) != SQLITE_DONE) return sql_error(h, "insert audience_countries");
    sqlite3_reset(s);
  }
  s = ins.text.get();
  sqlite3_bind_int64(s, 1, id);
  bind_text(s, 2, r.name);
  bind_text(s, 3, r.bio);
  bind_text(s, 4, r.hashtags);
  bind_text(s, 5, r.categories);
  if (sqlite3_step(s) != SQLITE_DONE) return sql_error(h, "insert profiles_fts");
  sqlite3_reset(s);
  return Status::ok();
}

// Every row, `batch` rows to a transaction; row i gets id i + 1.
Status insert_rows(sqlite3* h, Inserts& ins, const std::vector<Row>& rows, std::size_t batch) {
  for (std::size_t i = 0; i < rows.size(); i += batch) {
    if (Status st = exec(h, "BEGIN"); !st) return st;
    for (std::size_t j = i; j < std::min(rows.size(), i + batch); ++j) {
      if (Status st = insert_row(h, ins, rows[j], static_cast<sqlite3_int64>(j + 1)); !st) {
        return st;
      }
    }
    if (Status st = exec(h, "COMMIT"); !st) return st;
  }
  return Status::ok();
}

}  // namespace

Status run_fts5_build(const Config& c, nlohmann::json& out) {
  const std::string path = path_in(c, "fts5.sqlite");
  remove_database(path);
  auto rows = load_rows(path_in(c, "prep/fts5_rows.bin"));
  if (!rows) return rows.status();
  if (Status st = words_from_mikros(c, *rows, out); !st) return st;
  auto db = open_db(path);
  if (!db) return db.status();
  sqlite3* h = db->get();
  if (Status st = create_tables(h, c.fts5_tokenize); !st) return st;
  auto ins = prepare_inserts(h);
  if (!ins) return ins.status();

  // Timed: the inserts, the index and ANALYZE, then FTS5's optimize.
  double t0 = now_seconds();
  double cpu0 = process_cpu_seconds();
  const std::size_t batch = std::max<std::size_t>(1, c.fts5_batch);
  if (Status st = insert_rows(h, *ins, *rows, batch); !st) return st;
  double t_insert = now_seconds();
  if (Status st = exec_all(h, {"CREATE INDEX profiles_cf ON profiles(country, followers)",
                               "ANALYZE", "PRAGMA wal_checkpoint(TRUNCATE)"});
      !st) {
    return st;
  }
  double t_load = now_seconds();
  std::uint64_t size_before = disk_bytes(path);
  if (Status st = exec_all(h, {"INSERT INTO profiles_fts(profiles_fts) VALUES('optimize')",
                               "PRAGMA wal_checkpoint(TRUNCATE)"});
      !st) {
    return st;
  }
  double t_end = now_seconds();
  double cpu = process_cpu_seconds() - cpu0;
  db->reset();
  out["profiles"] = rows->size();
  out["insert_seconds"] = t_insert - t0;
  out["index_analyze_seconds"] = t_load - t_insert;
  out["optimize_seconds"] = t_end - t_load;
  out["seconds"] = t_end - t0;
  out["cpu_seconds"] = cpu;
  out["profiles_per_s"] = static_cast<double>(rows->size()) / (t_end - t0);
  out["size_bytes_before_optimize"] = size_before;
  out["size_bytes"] = disk_bytes(path) + disk_bytes(path + "-wal");
  out["tokenize"] = c.fts5_tokenize;
  out["batch"] = batch;
  return Status::ok();
}

Status run_search_fts5(const Config& c, nlohmann::json& out) {
  auto db = open_db(path_in(c, "fts5.sqlite"));
  if (!db) return db.status();
  sqlite3* h = db->get();
  {
    // The plan SQLite picks for the filtered mixes (FTS first is the good one).
    auto plan = prepare(h, "EXPLAIN QUERY PLAN " + sql_for("docpair", false));
    if (!plan) return plan.status();
    nlohmann::json steps = nlohmann::json::array();
    bind_query(plan->get(), "docpair", {"docpair", "a", "b", "US", "1", "3"}, "\"a\" \"b\"");
    while (sqlite3_step(plan->get()) == SQLITE_ROW) {
      steps.push_back(reinterpret_cast<const char*>(sqlite3_column_text(plan->get(), 3)));
    }
    out["plan"] = steps;
  }
  std::map<std::string, std::pair<Stmt, Stmt>> statements;  // mix -> (query, count)
  nlohmann::json sql = nlohmann::json::object();
  for (const auto& mix : mixes()) {
    if (!mix.peers) continue;
    auto stmt = prepare(h, sql_for(mix.name, false));
    if (!stmt) return stmt.status();
    auto count_stmt = prepare(h, sql_for(mix.name, true));
    if (!count_stmt) return count_stmt.status();
    statements[mix.name] = {std::move(*stmt), std::move(*count_stmt)};
    sql[mix.name] = sql_for(mix.name, false);
  }
  out["sql"] = sql;
  auto run = [&](const QuerySpec& q, QueryOutcome& o) -> Status {
    auto it = statements.find(q.mix);
    if (it == statements.end()) return Status::invalid_argument("no FTS5 query for " + q.mix);
    std::string match = fmt::format("\"{}\" \"{}\"", q.word1, q.word2);
    sqlite3_stmt* s = it->second.first.get();
    double t0 = now_seconds(), c0 = thread_cpu_seconds();
    bind_query(s, q.mix, q, match);
    std::uint64_t n = 0;
    double checksum = 0;  // reads every column, as a caller would
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      checksum += static_cast<double>(sqlite3_column_int64(s, 0)) + sqlite3_column_double(s, 1);
      ++n;
    }
    sqlite3_reset(s);
    o.cpu_ms = (thread_cpu_seconds() - c0) * 1000.0;
    o.wall_ms = (now_seconds() - t0) * 1000.0;
    if (rc != SQLITE_DONE) return sql_error(h, fmt::format("{} query", q.mix));
    if (std::isnan(checksum)) return Status::internal("NaN in the results");
    o.returned = n;
    // Untimed: the number of matches, to check against mikros's exact total.
    sqlite3_stmt* cs = it->second.second.get();
    bind_query(cs, q.mix, q, match);
    if (sqlite3_step(cs) != SQLITE_ROW) return sql_error(h, "count");
    o.total = static_cast<std::uint64_t>(sqlite3_column_int64(cs, 0));
    sqlite3_reset(cs);
    return Status::ok();
  };
  out["returns_per_hit"] =
      "the rowid and the bm25() score (filters and audience: the rowid and followers); no key, "
      "no stored profile";
  return serve_query_turns(c, run, out);
}

}  // namespace mikros::bench
