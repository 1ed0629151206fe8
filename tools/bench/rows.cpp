// Loading the peers' rows and giving them the words of this run's mikros index (rows.h).
#include "bench/rows.h"

#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <unordered_map>

#include "bench/binio.h"

namespace mikros::bench {

Result<std::vector<Row>> load_rows(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error(fmt::format("{}: cannot open", path));
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<Row> rows;
  BinReader r(data.data(), data.data() + data.size());
  try {
    while (!r.done()) {
      Row row;
      row.name = r.str();
      row.bio = r.str();
      row.hashtags = r.str();
      row.categories = r.str();
      row.country = r.str();
      row.tier = static_cast<Tier>(r.get<std::uint8_t>());
      row.followers = r.get<std::uint64_t>();
      row.engagement = r.get<double>();
      row.key = r.str();
      row.female = r.get<std::uint8_t>();
      const auto countries = r.get<std::uint32_t>();
      for (std::uint32_t i = 0; i < countries; ++i) {
        std::string code(r.str());
        row.audience_countries.emplace_back(std::move(code), r.get<std::uint8_t>());
      }
      rows.push_back(std::move(row));
    }
  } catch (const std::out_of_range&) {
    return Status::corruption(fmt::format("{}: truncated", path));
  }
  return rows;
}

Status words_from_mikros(const Config& c, std::vector<Row>& rows, nlohmann::json& out) {
  const std::string root = path_in(c, "mikros.db");
  std::ifstream current(root + "/CURRENT");
  std::string name;
  if (!current || !std::getline(current, name) || name.empty()) {
    out["words_from"] = "prep";
    return Status::ok();
  }
  try {
    Xapian::Database db(root + "/" + name + "/xapian");
    std::unordered_map<std::string, std::string> words;
    words.reserve(db.get_doccount());
    std::vector<std::pair<Xapian::termpos, std::string>> postings;
    for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
      Xapian::Document doc = db.get_document(*d);
      postings.clear();
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;  // prefixed
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
          postings.emplace_back(*p, term);
        }
      }
      std::sort(postings.begin(), postings.end());
      std::string text;
      for (const auto& [pos, term] : postings) {
        if (!text.empty()) text += ' ';
        text += term;
      }
      words.emplace(doc.get_data(), std::move(text));
    }
    std::uint64_t replaced = 0;
    for (Row& r : rows) {
      auto it = words.find(r.key);
      if (it == words.end()) continue;
      r.name.clear();
      r.hashtags.clear();
      r.categories.clear();
      r.bio = std::move(it->second);
      ++replaced;
    }
    out["words_from"] = "mikros index";
    out["rows_from_mikros"] = replaced;
  } catch (const Xapian::Error& e) {
    return Status::io_error(fmt::format("{}: {}", root, e.get_description()));
  }
  return Status::ok();
}

}  // namespace mikros::bench
