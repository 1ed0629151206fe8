#include "indexer/readers.h"

#include <csv.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "model/codes.h"
#include "model/numbers.h"
#include "util/text_util.h"

namespace mikros::indexer {
namespace {

// Lines longer than this are rejected without being parsed (a runaway or binary input).
constexpr std::size_t kMaxLineBytes = 1 << 20;

class JsonlReader : public RecordReader {
 public:
  explicit JsonlReader(std::istream& in) : in_(in) {}

  bool next(SourceRecord& out) override {
    std::string line;
    while (std::getline(in_, line)) {
      ++line_no_;
      if (line_no_ == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (trim(line).empty()) continue;
      out = SourceRecord{};
      out.line = line_no_;
      if (line.size() > kMaxLineBytes) {
        out.error = fmt::format("line longer than {} bytes", kMaxLineBytes);
        out.text = line.substr(0, 200) + "...";
      } else {
        out.text = std::move(line);
      }
      return true;
    }
    if (in_.bad()) status_ = Status::io_error("read error");
    return false;
  }
  Status status() const override { return status_; }

 private:
  std::istream& in_;
  std::uint64_t line_no_ = 0;
  Status status_;
};

// Header names folded to compare them: lowercase letters and digits only.
std::string fold_header(std::string_view h) {
  std::string out;
  for (char c : h) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

class HypeAuditorReader : public RecordReader {
 public:
  explicit HypeAuditorReader(std::istream& in) : in_(in) { csv_init(&parser_, CSV_APPEND_NULL); }
  ~HypeAuditorReader() override { csv_free(&parser_); }

  bool next(SourceRecord& out) override {
    while (ready_.empty()) {
      if (done_) return false;
      std::string line;
      if (!std::getline(in_, line)) {
        if (in_.bad()) {
          status_ = Status::io_error("read error");
          return false;
        }
        done_ = true;
        csv_fini(&parser_, on_field, on_row, this);
        if (csv_error(&parser_) != CSV_SUCCESS) {
          status_ = Status::invalid_argument(
              fmt::format("line {}: {}", row_start_, csv_strerror(csv_error(&parser_))));
        }
        continue;
      }
      ++line_no_;
      if (line_no_ == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
      line += '\n';
      if (csv_parse(&parser_, line.data(), line.size(), on_field, on_row, this) != line.size()) {
        status_ = Status::invalid_argument(
            fmt::format("line {}: {}", line_no_, csv_strerror(csv_error(&parser_))));
        return false;
      }
      if (!status_) return false;
    }
    out = std::move(ready_.front());
    ready_.erase(ready_.begin());
    return true;
  }
  Status status() const override { return status_; }

 private:
  static void on_field(void* field, std::size_t len, void* self) {
    static_cast<HypeAuditorReader*>(self)->fields_.emplace_back(static_cast<char*>(field), len);
  }
  static void on_row(int, void* self) { static_cast<HypeAuditorReader*>(self)->end_row(); }

  void end_row() {
    std::vector<std::string> fields = std::move(fields_);
    fields_.clear();
    std::uint64_t start = row_start_;
    row_start_ = line_no_ + 1;
    bool blank = std::all_of(fields.begin(), fields.end(),
                             [](const std::string& f) { return trim(f).empty(); });
    if (blank) return;
    if (header_.empty()) {
      set_header(fields);
      return;
    }
    SourceRecord r;
    r.line = start;
    convert(fields, r);
    ready_.push_back(std::move(r));
  }

  void set_header(const std::vector<std::string>& names) {
    for (const auto& n : names) header_.push_back(fold_header(n));
    for (std::size_t i = 0; i < header_.size(); ++i) columns_[header_[i]].push_back(i);
    if (columns_.count("instagramname")) {
      platform_ = "instagram";
      handle_col_ = "name";
      name_col_ = "instagramname";
    } else if (columns_.count("tiktokname") || columns_.count("tiktokername")) {
      platform_ = "tiktok";
      handle_col_ = "tiktokername";
      name_col_ = "tiktokname";
    } else if (columns_.count("youtubechannel")) {
      platform_ = "youtube";
      handle_col_ = "youtubechannel";
      name_col_ = "youtubername";
    } else {
      status_ = Status::invalid_argument(
          "not a HypeAuditor top-list CSV: the header names no Instagram, TikTok or YouTube "
          "handle column");
    }
    if (status_ && (!columns_.count(handle_col_) || !columns_.count("followers"))) {
      status_ = Status::invalid_argument(
          fmt::format("HypeAuditor {} CSV without a handle or followers column", platform_));
    }
  }

  // The value of a column that may appear twice (display string, then integer): prefer the
  // integer copy, fall back to the abbreviated one.
  std::optional<double> count(const std::vector<std::string>& f, const std::string& col,
                              std::string* bad) const {
    auto it = columns_.find(col);
    if (it == columns_.end()) return std::nullopt;
    std::optional<double> best;
    for (auto i = it->second.rbegin(); i != it->second.rend(); ++i) {
      if (*i >= f.size()) continue;
      std::string_view v = trim(f[*i]);
      if (v.empty()) continue;
      auto n = parse_abbreviated_count(v);
      if (n) return n;
      if (bad->empty()) *bad = fmt::format("{}: \"{}\" is not a count", col, v);
    }
    return best;
  }

  std::string text(const std::vector<std::string>& f, const std::string& col) const {
    auto it = columns_.find(col);
    if (it == columns_.end() || it->second.front() >= f.size()) return {};
    return std::string(trim(f[it->second.front()]));
  }

  void convert(const std::vector<std::string>& f, SourceRecord& r) const {
    Profile p;
    p.platform = platform_;
    p.handle = text(f, handle_col_);
    p.name = text(f, name_col_);
    // The YouTube list's channel column sometimes holds a channel title ("Like Nastya") rather
    // than a handle; without its spaces it is a stable key of its own.
    if (p.handle.find(' ') != std::string::npos) {
      if (p.name.empty()) p.name = p.handle;
      p.handle.erase(std::remove(p.handle.begin(), p.handle.end(), ' '), p.handle.end());
    }
    for (const char* col : {"category1", "category", "category2"}) {
      std::string c = text(f, col);
      if (!c.empty() &&
          std::find(p.categories.begin(), p.categories.end(), c) == p.categories.end()) {
        p.categories.push_back(c);
      }
    }
    std::string bad;
    auto followers = count(f, "followers", &bad);
    // HypeAuditor writes 0 where it has no figure: an average of 0 is "unknown", not zero.
    auto average = [&](const char* col) -> std::optional<double> {
      auto v = count(f, col, &bad);
      if (v && *v > 0) return v;
      return std::nullopt;
    };
    if (followers) p.followers = static_cast<std::uint64_t>(std::llround(*followers));
    p.avg_views = average("viewsavg");
    p.avg_likes = average("likesavg");
    p.avg_comments = average("commentsavg");
    auto shares = average("sharesavg");
    auto eng_avg = average("engavg");
    auto eng_auth = average("engauth");
    if (eng_avg && p.followers > 0) {
      // Instagram's list gives average interactions per post, not likes and comments apart.
      double er = *eng_avg / static_cast<double>(p.followers);
      if (er <= 1) p.engagement_rate = er;
      p.extra_fields.emplace_back("avg_engagement", fmt::format("{}", *eng_avg));
    }
    if (eng_auth)
      p.extra_fields.emplace_back("avg_authentic_engagement", fmt::format("{}", *eng_auth));
    if (shares) p.extra_fields.emplace_back("avg_shares", fmt::format("{}", *shares));
    std::string rank = text(f, "rank");
    if (rank.empty()) rank = text(f, "sno");
    if (auto n = parse_abbreviated_count(rank)) {
      p.extra_fields.emplace_back("hypeauditor_rank", fmt::format("{}", *n));
    }
    std::string country = text(f, "country");
    if (!country.empty()) {
      auto code = codes::country_for_name(country);
      if (!code) {
        if (bad.empty()) bad = fmt::format("country: unknown country name \"{}\"", country);
      } else if (platform_ == "instagram") {
        // The Instagram list's country is the top audience country, not the creator's.
        p.audience.top_country = *code;
      } else {
        p.country = *code;
      }
    }
    r.text = to_json(p);
    if (!followers && bad.empty()) bad = "followers: missing (required)";
    if (!bad.empty()) {
      r.error = bad;
      return;
    }
    r.profile = std::move(p);
  }

  std::istream& in_;
  csv_parser parser_{};
  std::vector<std::string> fields_;
  std::vector<SourceRecord> ready_;
  std::vector<std::string> header_;
  std::map<std::string, std::vector<std::size_t>> columns_;
  std::string platform_, handle_col_, name_col_;
  std::uint64_t line_no_ = 0;
  std::uint64_t row_start_ = 1;
  bool done_ = false;
  Status status_;
};

}  // namespace

std::optional<double> parse_abbreviated_count(std::string_view text) {
  std::string number;
  for (char c : trim(text)) {
    if (c != ',') number += c;  // thousands separators
  }
  auto v = parse_count(number);
  // Whole units: an export's "409.8M" means 409,800,000 followers.
  return v ? std::optional<double>(std::round(*v)) : std::nullopt;
}

std::unique_ptr<RecordReader> make_jsonl_reader(std::istream& in) {
  return std::make_unique<JsonlReader>(in);
}

std::unique_ptr<RecordReader> make_hypeauditor_reader(std::istream& in) {
  return std::make_unique<HypeAuditorReader>(in);
}

}  // namespace mikros::indexer
