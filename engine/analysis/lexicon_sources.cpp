// Building a lexicon image from Debian's word lists and the domain lexicon (add_default_sources,
// lexicon.h): what `mikros_lexicon` runs at build time.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "analysis/analyzer.h"
#include "analysis/lexicon.h"
#include "util/text_util.h"

namespace mikros::analysis {

namespace {

// SCOWL's size levels grade how common a word is (10: the most common English words, 80: rare
// ones; 95 holds oddities such as "aaerially" and is left out). The level stands in for a
// frequency: a word costs 4 + 1.2 per ten levels, 5.2 at level 10 and 13.6 at level 80.
float scowl_cost(int level) {
  return 4.0f + 1.2f * static_cast<float>(level) / 10.0f;
}
constexpr int kMaxScowlLevel = 80;
// Words of the Spanish, French, German, Italian and Portuguese lists carry no frequency: they
// all cost as much as a mid-level English word.
constexpr float kForeignCost = 8.0f;
// Words of two letters split unknown strings too eagerly ("un", "de", "er"): they cost extra.
constexpr float kShortWordPenalty = 3.0f;
constexpr float kForeignShortWordPenalty = 1.0f;
// The domain lexicon's default: as common as the most common English words.
constexpr float kDomainCost = 6.0f;

// One-letter words that are real words in the supported languages (a, i; e, o, y, u).
bool keep_single_letter(std::string_view w) {
  return w == "a" || w == "i" || w == "e" || w == "o" || w == "y" || w == "u";
}

// A folded dictionary word that can appear inside a hashtag: letters only (no apostrophes,
// dots, hyphens or digits).
bool is_plain_word(std::string_view w) {
  for (unsigned char c : w) {
    if (c < 0x80 && !(c >= 'a' && c <= 'z')) return false;
  }
  return !w.empty();
}

float length_adjusted(std::string_view w, float cost, float penalty) {
  return w.size() <= 2 ? cost + penalty : cost;
}

// Debian's Spanish list holds lemmas only (receta, fácil, vegano), while tags use every form
// (recetas, fáciles, veganas). These regular noun and adjective forms are added at a slightly
// higher cost: vowel + s, consonant + es, z -> ces, and for -o words the -a, -os, -as forms.
// Verbs get a few forms that are not words ("viajares"); they are rare strings, so harmless.
std::vector<std::string> spanish_forms(const std::string& w) {
  std::vector<std::string> forms;
  if (w.size() < 3) return forms;
  char last = w.back();
  auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
  if (vowel(last)) {
    forms.push_back(w + "s");
    if (last == 'o') {
      std::string stem = w.substr(0, w.size() - 1);
      forms.push_back(stem + "a");
      forms.push_back(stem + "as");
    }
  } else if (last == 'z') {
    forms.push_back(w.substr(0, w.size() - 1) + "ces");
  } else if (last != 's' && last != 'x') {
    forms.push_back(w + "es");
  }
  return forms;
}
constexpr float kDerivedFormExtra = 1.0f;

// Adds every word of `path`; returns the number of lines read, or -1 if it cannot be read.
long add_list(Lexicon::Builder& b, const std::string& path, float cost, std::uint8_t language,
              bool spanish = false) {
  std::ifstream in(path);
  if (!in) return -1;
  const Analyzer& a = Analyzer::instance();
  long n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    std::string_view w = trim(line);
    if (w.empty()) continue;
    std::string folded = a.fold(w);
    if (!is_plain_word(folded)) continue;
    if (folded.size() == 1 && !keep_single_letter(folded)) continue;
    // Short function words are the most frequent words of Spanish, French, Italian and
    // Portuguese (a, y, el, de, en, em, di, le), so they pay less extra than English ones.
    float penalty = language == 1 ? kShortWordPenalty : kForeignShortWordPenalty;
    b.add(folded, length_adjusted(folded, cost, penalty), 0, language);
    if (spanish && is_plain_word(folded)) {
      for (const auto& form : spanish_forms(folded)) {
        b.add(form, cost + kDerivedFormExtra, 0, language);
      }
    }
  }
  return n;
}

}  // namespace

namespace {

// Where the word lists came from, for the build's report.
struct SourceLog {
  std::string text;
  std::vector<std::string> missing;
  void note(const std::string& path, long lines) {
    if (lines < 0) {
      missing.push_back(path);
    } else {
      text += fmt::format("  {:>8} lines  {}\n", lines, path);
    }
  }
};

// SCOWL: every variant file of the kinds below, by level.
void add_scowl(Lexicon::Builder& builder, const std::string& dict_dir, SourceLog& log) {
  namespace fs = std::filesystem;
  struct Kind {
    const char* prefix;
    float extra;
  };
  const Kind kinds[] = {
      {"english-words.", 0.0f},         {"american-words.", 0.5f},
      {"british-words.", 0.5f},         {"english-upper.", 1.0f},
      {"american-upper.", 1.0f},        {"english-proper-names.", 1.0f},
      {"american-proper-names.", 1.0f}, {"english-abbreviations.", 1.0f},
  };
  const fs::path scowl = fs::path(dict_dir) / "scowl";
  std::error_code ec;
  if (!fs::is_directory(scowl, ec)) {
    log.missing.push_back(scowl.string() + "/ (Debian package scowl)");
    return;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(scowl, ec)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& kind : kinds) {
    for (const auto& f : files) {
      std::string name = f.filename().string();
      if (name.rfind(kind.prefix, 0) != 0) continue;
      int level = std::atoi(name.c_str() + std::strlen(kind.prefix));
      if (level <= 0 || level > kMaxScowlLevel) continue;
      log.note(f.string(), add_list(builder, f.string(), scowl_cost(level) + kind.extra, 1));
    }
  }
}

// One field of a domain lexicon line after the word: a cost, "joins", or languages
// ("es,pt"). Errors name the line.
Status read_domain_field(std::string_view field, const std::string& where, float* cost,
                         std::uint8_t* flags, std::uint8_t* languages) {
  if (field == "joins") {
    *flags |= kWordJoins;
    return Status::ok();
  }
  if (field.front() >= 'a' && field.front() <= 'z') {
    for (std::string_view code : split(field, ',')) {
      int bit = -1;
      for (int l = 0; l < kLexiconLanguages; ++l) {
        if (kLexiconLanguageCodes[l] == code) bit = l;
      }
      if (bit < 0) {
        return Status::invalid_argument(fmt::format(
            "{}: unknown language \"{}\" (expected en, es, fr, de, it or pt)", where, code));
      }
      *languages |= static_cast<std::uint8_t>(1u << bit);
    }
    return Status::ok();
  }
  char* end = nullptr;
  std::string num(field);
  double c = std::strtod(num.c_str(), &end);
  if (end != num.c_str() + num.size() || !(c >= 0 && c < 32)) {
    return Status::invalid_argument(fmt::format(
        "{}: expected a cost in [0, 32), \"joins\" or languages, got \"{}\"", where, field));
  }
  *cost = static_cast<float>(c);
  return Status::ok();
}

// The domain lexicon: "word [cost] [joins] [languages]" per line, '#' starts a comment.
Status add_domain(Lexicon::Builder& builder, const std::string& domain_file, SourceLog& log) {
  std::ifstream in(domain_file);
  if (!in) return Status::not_found(fmt::format("{}: cannot read the domain lexicon", domain_file));
  const Analyzer& a = Analyzer::instance();
  long lineno = 0, domain_words = 0;
  for (std::string line; std::getline(in, line);) {
    ++lineno;
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::vector<std::string_view> fields;
    for (std::string_view f : split(line, '\t')) {
      f = trim(f);
      if (!f.empty()) fields.push_back(f);
    }
    if (fields.empty()) continue;
    const std::string where = fmt::format("{}:{}", domain_file, lineno);
    std::string folded = a.fold(fields[0]);
    float cost = kDomainCost;
    std::uint8_t flags = kWordDomain;
    std::uint8_t languages = 0;
    for (std::size_t i = 1; i < fields.size(); ++i) {
      if (Status st = read_domain_field(fields[i], where, &cost, &flags, &languages); !st) {
        return st;
      }
    }
    if (folded.empty() || folded.size() > kMaxWordBytes) {
      return Status::invalid_argument(
          fmt::format("{}: a word of 1 to {} bytes expected", where, kMaxWordBytes));
    }
    if (languages & 1) builder.add(folded, cost, flags, 1);
    if (languages & ~1) builder.add(folded, cost, flags, languages & ~1);
    if (languages == 0) builder.add(folded, cost, flags, 0);
    ++domain_words;
  }
  log.text += fmt::format("  {:>8} words  {} (domain lexicon)\n", domain_words, domain_file);
  return Status::ok();
}

}  // namespace

Status add_default_sources(Lexicon::Builder& builder, const std::string& dict_dir,
                           const std::string& domain_file, std::string* report) {
  SourceLog log;
  add_scowl(builder, dict_dir, log);
  // Bits 1..5 of Entry::languages: es fr de it pt.
  const char* foreign[] = {"spanish", "french", "ngerman", "italian", "portuguese"};
  for (int i = 0; i < 5; ++i) {
    std::string path = (std::filesystem::path(dict_dir) / foreign[i]).string();
    log.note(path,
             add_list(builder, path, kForeignCost, static_cast<std::uint8_t>(2 << i), i == 0));
  }
  if (Status st = add_domain(builder, domain_file, log); !st) return st;
  for (const auto& m : log.missing) log.text += fmt::format("  missing: {}\n", m);
  if (report) *report = std::move(log.text);
  return Status::ok();
}

}  // namespace mikros::analysis
