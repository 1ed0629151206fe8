// Record readers: turn an input stream into records, each with the line it starts on.
#ifndef MIKROS_INDEXER_READERS_H
#define MIKROS_INDEXER_READERS_H

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>

#include "mikros/profile.hpp"
#include "mikros/status.hpp"

namespace mikros::indexer {

struct SourceRecord {
  std::uint64_t line = 0;  // 1-based line where the record starts
  std::string text;        // the record as read (CSV rows: their JSON conversion)
  // Set by readers that build profiles themselves (CSV); JSONL records are parsed by the
  // indexer from `text`.
  std::optional<Profile> profile;
  std::string error;  // non-empty: the record is malformed for this reason
};

// Thread-safety: none; one reader per stream.
class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // The next record; false at the end of the input or on a stream error (see status()).
  virtual bool next(SourceRecord& out) = 0;
  // An error that stopped reading (I/O, or a file that is not in the format at all).
  virtual Status status() const = 0;
};

// One JSON object per line; blank lines are skipped; a UTF-8 byte order mark is ignored.
std::unique_ptr<RecordReader> make_jsonl_reader(std::istream& in);

// HypeAuditor top-list CSV (Instagram, YouTube and TikTok variants), see corpus/SCHEMA.md.
std::unique_ptr<RecordReader> make_hypeauditor_reader(std::istream& in);

// "409.8M" -> 409800000, "320.7K" -> 320700, "1,234" -> 1234; nullopt when not a count.
std::optional<double> parse_abbreviated_count(std::string_view text);

}  // namespace mikros::indexer

#endif  // MIKROS_INDEXER_READERS_H
