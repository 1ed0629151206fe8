// Reading the data files of corpus/generator/ into the model. The files are tab-separated, with
// a header row; '#' lines and blank lines are skipped, and a list may take several rows (its
// entries are those of its rows, in order). corpus/generator/README.md describes each file.
#include "generate/model.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <string>
#include <utility>

#include "generate/data_files.h"
#include "generate/text.h"

namespace mikros::tools::gen {
namespace {

// One data file, split into rows of fields. Each row has as many non-empty fields as the header
// has columns.
class Table {
 public:
  struct Row {
    std::size_t line = 0;
    std::vector<std::string_view> fields;
    std::string_view operator[](std::size_t i) const { return fields[i]; }
  };

  Table(std::string_view name, std::vector<std::string_view> columns) : name_(name) {
    std::string_view text;
    for (const DataFile& f : data_files()) {
      if (f.name == name) text = f.text;
    }
    if (text.empty()) fail(0, "missing or empty (is it listed in tools/generate/CMakeLists.txt?)");
    bool header = true;
    std::size_t line = 0;
    for (std::size_t start = 0; start < text.size();) {
      std::size_t end = std::min(text.find('\n', start), text.size());
      std::string_view s = text.substr(start, end - start);
      start = end + 1;
      ++line;
      if (s.empty() || s.front() == '#') continue;
      Row row{line, split(s, '\t', /*keep_empty=*/true)};
      if (header) {
        if (row.fields != columns) fail(line, "the header is not the documented one");
        header = false;
        continue;
      }
      if (row.fields.size() != columns.size()) {
        fail(line, "expected " + std::to_string(columns.size()) + " tab-separated fields");
      }
      for (std::string_view f : row.fields) {
        if (f.empty()) fail(line, "an empty field ('-' stands for none where one is allowed)");
      }
      rows_.push_back(std::move(row));
    }
  }

  const std::vector<Row>& rows() const { return rows_; }

  [[noreturn]] void fail(std::size_t line, const std::string& message) const {
    std::string where = "corpus/generator/" + std::string(name_);
    if (line > 0) where += ":" + std::to_string(line);
    throw std::runtime_error(where + ": " + message);
  }
  [[noreturn]] void fail(const Row& row, const std::string& message) const {
    fail(row.line, message);
  }

  double number(const Row& row, std::size_t i) const {
    std::string_view s = row[i];
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) {
      fail(row, "\"" + std::string(s) + "\" is not a number");
    }
    return v;
  }
  bool yes_no(const Row& row, std::size_t i) const {
    if (row[i] != "yes" && row[i] != "no") fail(row, "expected yes or no");
    return row[i] == "yes";
  }
  Lang lang(const Row& row, std::size_t i) const {
    for (int l = 0; l < kLangCount; ++l) {
      if (kLangCodes[l] == row[i]) return static_cast<Lang>(l);
    }
    fail(row, "unknown language \"" + std::string(row[i]) + "\"");
  }

  // The entries of `s` separated by `sep`; empty ones (repeated separators) only if asked for.
  static std::vector<std::string_view> split(std::string_view s, char sep,
                                             bool keep_empty = false) {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i <= s.size();) {
      std::size_t j = std::min(s.find(sep, i), s.size());
      if (j > i || keep_empty) out.push_back(s.substr(i, j - i));
      i = j + 1;
    }
    return out;
  }

 private:
  std::string_view name_;
  std::vector<Row> rows_;
};

std::vector<std::string_view> words(std::string_view s) {
  return Table::split(s, ' ');
}
std::vector<std::string_view> bars(std::string_view s) {
  return Table::split(s, '|');
}
void append(std::vector<std::string_view>& list, std::string_view s) {
  for (std::string_view w : words(s)) list.push_back(w);
}

// Names of one tradition: "van_Dijk" (a space), "美咲/Misaki" (native script, romanized form).
void add_names(std::vector<NamePart>& out, std::string_view entries, bool& native) {
  for (std::string_view entry : words(entries)) {
    NamePart p;
    std::size_t slash = entry.find('/');
    std::string_view shown = entry.substr(0, slash);
    p.display.assign(shown);
    std::replace(p.display.begin(), p.display.end(), '_', ' ');
    if (slash != std::string_view::npos) {
      native = true;
      p.roman = ascii_fold(entry.substr(slash + 1));
      p.title = title_ascii(p.roman);
    } else {
      p.roman = ascii_fold(p.display);
      p.title = p.display;
    }
    out.push_back(std::move(p));
  }
}

// Index of the entry whose `key` is `wanted`, failing on `row` when there is none.
template <typename T>
int index_of(const std::vector<T>& v, std::string_view T::*key, std::string_view wanted,
             const Table& t, const Table::Row& row) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i].*key == wanted) return static_cast<int>(i);
  }
  t.fail(row, "unknown key \"" + std::string(wanted) + "\"");
}

int niche_index(const Model& m, const Table& t, const Table::Row& row) {
  return index_of(m.niches, &Niche::key, row[0], t, row);
}

// niches.tsv: one row per niche.
void load_niches(Model& m) {
  Table niches("niches.tsv", {"key", "weight", "instagram", "tiktok", "youtube", "twitter",
                              "twitch", "female", "age_center", "categories", "related"});
  std::vector<std::string_view> related;
  for (const auto& row : niches.rows()) {
    Niche n;
    n.key = row[0];
    for (const Niche& other : m.niches) {
      if (other.key == n.key) niches.fail(row, "a second niche " + std::string(n.key));
    }
    n.weight = niches.number(row, 1);
    for (int p = 0; p < kPlatformCount; ++p) n.affinity[p] = niches.number(row, 2 + p);
    n.female = niches.number(row, 7);
    n.age_center = niches.number(row, 8);
    n.categories = bars(row[9]);
    if (n.categories.empty()) niches.fail(row, "no categories");
    related.push_back(row[10]);
    m.niches.push_back(std::move(n));
  }
  if (m.niches.empty()) niches.fail(0, "no niches");
  for (std::size_t i = 0; i < m.niches.size(); ++i) {
    for (std::string_view key : words(related[i])) {
      m.niches[i].related.push_back(index_of(m.niches, &Niche::key, key, niches, niches.rows()[i]));
    }
  }
  for (int p = 0; p < kPlatformCount; ++p) {
    double sum = 0;
    for (const Niche& n : m.niches) {
      sum += n.weight * n.affinity[p];
      m.niche_cdf[p].push_back(sum);
    }
  }
}

// The niche_*.tsv files: each niche's words, tags, handle words, emoji and brands.
void load_niche_lists(Model& m) {
  const std::size_t count = m.niches.size();
  std::vector<std::array<std::vector<std::string_view>, kLangCount>> text(count), local(count);
  std::vector<std::vector<std::string_view>> tags(count), handle_words(count);
  Table words_file("niche_words.tsv", {"niche", "lang", "words"});
  for (const auto& row : words_file.rows()) {
    int l = static_cast<int>(words_file.lang(row, 1));
    append(text[niche_index(m, words_file, row)][l], row[2]);
  }
  Table tags_file("niche_tags.tsv", {"niche", "lang", "tags"});
  for (const auto& row : tags_file.rows()) {
    int i = niche_index(m, tags_file, row);
    append(row[1] == "any" ? tags[i] : local[i][static_cast<int>(tags_file.lang(row, 1))], row[2]);
  }
  Table handles_file("niche_handle_words.tsv", {"niche", "words"});
  for (const auto& row : handles_file.rows()) {
    append(handle_words[niche_index(m, handles_file, row)], row[1]);
  }
  for (std::size_t i = 0; i < count; ++i) {
    Niche& n = m.niches[i];
    for (int l = 0; l < kLangCount; ++l) {
      n.words[l] = ZipfList(std::move(text[i][l]));
      n.local_tags[l] = ZipfList(std::move(local[i][l]));
    }
    n.tags = ZipfList(std::move(tags[i]));
    n.handle_words = ZipfList(std::move(handle_words[i]));
  }
  Table emoji_file("niche_emoji.tsv", {"niche", "emoji"});
  for (const auto& row : emoji_file.rows()) {
    append(m.niches[niche_index(m, emoji_file, row)].emoji, row[1]);
  }
  Table brands_file("niche_brands.tsv", {"niche", "brand"});
  for (const auto& row : brands_file.rows()) {
    Niche& n = m.niches[niche_index(m, brands_file, row)];
    n.brands.push_back(row[1]);
    n.brand_handles.push_back(ascii_fold(row[1]));
  }

  // What the profile builder relies on: English words (the fallback of every language), tags,
  // handle words, emoji and brands in every niche.
  for (const Niche& n : m.niches) {
    auto lacks = [&](bool empty, const Table& t) {
      if (empty) t.fail(0, "no rows for niche " + std::string(n.key));
    };
    lacks(n.words[0].empty(), words_file);
    lacks(n.tags.empty(), tags_file);
    lacks(n.handle_words.empty(), handles_file);
    lacks(n.emoji.empty(), emoji_file);
    lacks(n.brands.empty(), brands_file);
  }
}

void load_cultures(Model& m) {
  Table cultures("cultures.tsv", {"key", "family_first", "joined"});
  for (const auto& row : cultures.rows()) {
    Culture c;
    c.key = row[0];
    c.family_first = cultures.yes_no(row, 1);
    c.joined = cultures.yes_no(row, 2);
    m.cultures.push_back(std::move(c));
  }
  Table names("names.tsv", {"culture", "part", "names"});
  for (const auto& row : names.rows()) {
    Culture& c = m.cultures[index_of(m.cultures, &Culture::key, row[0], names, row)];
    if (row[1] != "given" && row[1] != "family") names.fail(row, "expected given or family");
    add_names(row[1] == "given" ? c.given : c.family, row[2], c.native_script);
  }
  for (const Culture& c : m.cultures) {
    if (c.given.empty() || c.family.empty()) {
      names.fail(0, "no given or no family names for " + std::string(c.key));
    }
  }
}

void load_countries(Model& m) {
  Table countries("countries.tsv",
                  {"code", "languages", "bio", "culture", "mail", "alt_share", "alt_languages",
                   "alt_bio", "alt_culture", "traditional_chinese"});
  auto culture = [&](const Table::Row& row, std::size_t i) {
    return index_of(m.cultures, &Culture::key, row[i], countries, row);
  };
  std::vector<std::string_view> codes;
  for (const auto& row : countries.rows()) {
    Country c;
    c.code = row[0];
    c.languages = words(row[1]);
    c.bio = countries.lang(row, 2);
    c.culture = culture(row, 3);
    c.mail = bars(row[4]);
    c.alt_share = countries.number(row, 5);
    if (c.alt_share < 0 || c.alt_share > 1) countries.fail(row, "alt_share is not in [0, 1]");
    bool alt = c.alt_share > 0;
    for (std::size_t i = 6; i <= 8; ++i) {
      if ((row[i] == "-") == alt) {
        countries.fail(row, alt ? "an alt_share needs alt_languages, alt_bio and alt_culture"
                                : "alt_languages, alt_bio and alt_culture need an alt_share");
      }
    }
    if (alt) {
      c.alt_languages = words(row[6]);
      c.alt_bio = countries.lang(row, 7);
      c.alt_culture = culture(row, 8);
    }
    c.traditional_chinese = countries.yes_no(row, 9);
    m.countries.push_back(std::move(c));
    codes.push_back(row[0]);
  }
  m.country_codes = ZipfList(std::move(codes));

  Table cities("cities.tsv", {"country", "group", "city"});
  for (const auto& row : cities.rows()) {
    Country& c = m.countries[index_of(m.countries, &Country::code, row[0], cities, row)];
    if (row[1] != "main" && row[1] != "alt") cities.fail(row, "expected main or alt");
    if (row[1] == "alt" && c.alt_share == 0) cities.fail(row, "the country has no alt_share");
    (row[1] == "main" ? c.cities : c.alt_cities).push_back(row[2]);
  }
  for (const Country& c : m.countries) {
    if (c.cities.empty() || (c.alt_share > 0 && c.alt_cities.empty()) || c.mail.empty()) {
      cities.fail(0, "no cities or e-mail providers for " + std::string(c.code));
    }
  }
}

void load_rest(Model& m) {
  std::array<std::vector<std::string_view>, kLangCount> everyday;
  Table general("general_words.tsv", {"lang", "words"});
  for (const auto& row : general.rows()) {
    append(everyday[static_cast<int>(general.lang(row, 0))], row[1]);
  }
  for (int l = 0; l < kLangCount; ++l) {
    if (everyday[l].empty()) general.fail(0, "no words for " + std::string(kLangCodes[l]));
    m.general[l] = ZipfList(std::move(everyday[l]));
  }

  std::vector<std::string_view> tags;
  Table generic("generic.tsv", {"list", "items"});
  for (const auto& row : generic.rows()) {
    if (row[0] != "tags" && row[0] != "emoji") generic.fail(row, "expected tags or emoji");
    append(row[0] == "tags" ? tags : m.generic_emoji, row[1]);
  }
  if (tags.empty() || m.generic_emoji.empty()) generic.fail(0, "no tags or no emoji");
  m.generic_tags = ZipfList(std::move(tags));

  Table agencies("agencies.tsv", {"name", "domain"});
  for (const auto& row : agencies.rows()) m.agencies.push_back({row[0], row[1]});
  if (m.agencies.empty()) agencies.fail(0, "no agencies");

  Table han("han_traditional.tsv", {"simplified", "traditional"});
  for (const auto& row : han.rows()) {
    char32_t cp[2];
    for (std::size_t k = 0; k < 2; ++k) {
      std::size_t i = 0;
      cp[k] = decode_utf8(row[k], i);
      if (i != row[k].size()) han.fail(row, "expected one character in each field");
    }
    m.han.push_back({cp[0], cp[1]});
  }
  std::sort(m.han.begin(), m.han.end(),
            [](const HanPair& a, const HanPair& b) { return a.simplified < b.simplified; });
}

Model load_model() {
  Model m;
  load_niches(m);
  load_niche_lists(m);
  load_cultures(m);
  load_countries(m);
  load_rest(m);
  return m;
}

}  // namespace

const Model& model() {
  static const Model m = load_model();
  return m;
}

}  // namespace mikros::tools::gen
