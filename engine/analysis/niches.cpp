#include "analysis/niches.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "analysis/analyzer.h"
#include "analysis/stemmer.h"
#include "util/text_util.h"

namespace mikros::analysis {
namespace {

constexpr std::size_t kMinStemmedBytes = 4;

// "<code>|<stems>" when every word is of the script the language's rules are written for.
std::string stem_key(int language, const std::vector<std::string>& words) {
  const StemLanguage& l = stem_languages()[static_cast<std::size_t>(language)];
  std::vector<std::string> stems;
  for (const auto& w : words) {
    if (word_script(w) != l.script) return "";
    stems.emplace_back(stem(language, w));
  }
  return fmt::format("{}|{}", l.code, join(stems, " "));
}

bool valid_language(std::string_view code) {
  if (code == "*") return true;
  return code.size() == 2 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace

std::vector<std::string> folded_words_of(std::string_view text) {
  const Analyzer& analyzer = Analyzer::instance();
  std::vector<std::string> words;
  for (auto& t : analyzer.tokenize(text)) {
    switch (t.kind) {
      case TokenKind::kWord:
      case TokenKind::kNumber:
        words.push_back(std::move(t.text));
        break;
      case TokenKind::kHashtag:
      case TokenKind::kMention:
        analyzer.compound_words(t.text, words);
        break;
      default:  // emoji and domains tell no niche
        break;
    }
  }
  return words;
}

void NicheVocabulary::add_keys(std::size_t niche, std::size_t term) {
  const NicheTerm& t = niches_[niche].terms[term];
  auto add = [&](const std::string& key) {
    if (key.empty()) return;
    auto& refs = by_key_[key];
    for (const auto& r : refs) {
      if (r.niche == niche && r.term == term) return;
    }
    refs.push_back({niche, term});
  };
  add(join(t.words, " "));
  const int english = stem_language("en");
  if (english >= 0) add(stem_key(english, t.words));
  if (t.language != "*") {
    if (int l = stem_language(t.language); l >= 0) add(stem_key(l, t.words));
  }
  longest_term_ = std::max(longest_term_, t.words.size());
}

Result<NicheVocabulary> NicheVocabulary::parse(std::string_view text, std::string_view origin) {
  NicheVocabulary v;
  std::size_t line_no = 0;
  for (std::string_view rest = text; !rest.empty();) {
    const std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || line.front() == '#') continue;
    auto bad = [&](std::string_view why) {
      return Status::invalid_argument(fmt::format("{}:{}: {}", origin, line_no, why));
    };
    std::vector<std::string_view> fields;
    for (std::string_view l = line;;) {
      const std::size_t tab = l.find('\t');
      fields.push_back(trim(l.substr(0, tab)));
      if (tab == std::string_view::npos) break;
      l.remove_prefix(tab + 1);
    }
    if (fields.size() != 3) {
      return bad(fmt::format("expected 3 fields separated by tabs (niche, language, term), got {}",
                             fields.size()));
    }
    if (fields[0].empty()) return bad("empty niche name");
    if (!valid_language(fields[1])) {
      return bad(fmt::format("language '{}': expected an ISO 639-1 code or '*'", fields[1]));
    }
    NicheTerm term{std::string(fields[2]), std::string(fields[1]), folded_words_of(fields[2])};
    if (term.words.empty()) return bad(fmt::format("term '{}' has no words", fields[2]));
    auto it = std::find_if(v.niches_.begin(), v.niches_.end(),
                           [&](const Niche& n) { return n.name == fields[0]; });
    if (it == v.niches_.end()) {
      v.niches_.push_back({std::string(fields[0]), {}});
      it = std::prev(v.niches_.end());
    }
    for (const auto& t : it->terms) {
      if (t.words == term.words) {
        return bad(fmt::format("term '{}' is already in niche '{}' (as '{}')", term.text, it->name,
                               t.text));
      }
    }
    it->terms.push_back(std::move(term));
  }
  for (std::size_t n = 0; n < v.niches_.size(); ++n) {
    for (std::size_t t = 0; t < v.niches_[n].terms.size(); ++t) v.add_keys(n, t);
  }
  return v;
}

Result<NicheVocabulary> NicheVocabulary::open(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    if (err == ENOENT) return Status::not_found(fmt::format("{}: no such file", path));
    return Status::io_error(fmt::format("{}: {}", path, std::strerror(err)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::io_error(fmt::format("{}: read error", path));
  return parse(text.str(), path);
}

std::vector<NicheRef> NicheVocabulary::find(const std::vector<std::string>& words) const {
  std::vector<NicheRef> out;
  auto collect = [&](const std::string& key) {
    if (key.empty()) return;
    auto it = by_key_.find(key);
    if (it == by_key_.end()) return;
    for (const auto& r : it->second) {
      if (std::none_of(out.begin(), out.end(),
                       [&](const NicheRef& o) { return o.niche == r.niche && o.term == r.term; })) {
        out.push_back(r);
      }
    }
  };
  if (words.empty() || words.size() > longest_term_) return out;
  collect(join(words, " "));
  // Short words are matched as written only: their stems collide with those of unrelated
  // words ("com", the domain, is the Portuguese stem of "comida").
  if (std::any_of(words.begin(), words.end(),
                  [](const std::string& w) { return w.size() < kMinStemmedBytes; })) {
    return out;
  }
  for (std::size_t l = 0; l < stem_languages().size(); ++l) {
    collect(stem_key(static_cast<int>(l), words));
  }
  return out;
}

}  // namespace mikros::analysis
