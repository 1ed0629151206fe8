// The analysis part of `mikros bench`: text analysis of profiles on one thread, what indexing
// does before Xapian sees a term (docs/analysis.md; the runs are in docs/benchmarks.md, "Text
// analysis speed"). Profiles/s, tokens/s, terms/s, and the cost of hashtag segmentation without
// the per-thread tag cache. Measured in the thread's CPU time, so the figures are per core
// whatever else the machine runs.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "analysis/analyzer.h"
#include "analysis/document.h"
#include "analysis/lexicon.h"
#include "analysis/segmenter.h"
#include "bench/bench.h"
#include "mikros/mikros.hpp"
#include "util/text_util.h"

namespace mikros::bench {
namespace {

// Times are the thread's CPU time (thread_cpu_seconds): on a machine shared with other work,
// wall time measures the other work too. Figures are per core by construction; the machine and
// build are in the report's set-up.
double seconds_since(double t0) {
  return thread_cpu_seconds() - t0;
}

// ---- synthesised profiles ----
//
// Realistic in what analysis sees: bios of 8-25 words drawn by Zipf from word pools of ten
// languages (Latin, Japanese, Thai, Korean scripts), emoji, some URLs, e-mail addresses,
// mentions and hashtags inside bios, and 3-10 hashtags per profile, of which about a third are
// fresh combinations of words, written lower case, CamelCase or with underscores, so the
// segmentation cache misses as it would on a real corpus.

struct Language {
  const char* code;
  double share;
  std::vector<std::string_view> words;
};

const std::vector<Language>& languages() {
  static const std::vector<Language> pools = {
      {"en", 0.45, {"love",        "fashion",    "style",    "daily",    "life",        "travel",
                    "food",        "coffee",     "mom",      "of",       "the",         "and",
                    "my",          "with",       "in",       "for",      "sustainable", "vintage",
                    "thrift",      "outfits",    "recipes",  "hiking",   "running",     "yoga",
                    "skincare",    "makeup",     "books",    "gaming",   "tech",        "reviews",
                    "creator",     "based",      "sharing",  "lover",    "plant",       "vegan",
                    "photography", "adventures", "home",     "decor",    "dog",         "cats",
                    "fitness",     "coach",      "nyc",      "london",   "weekly",      "tips",
                    "slow",        "capsule",    "wardrobe", "finds",    "collabs",     "dm",
                    "business",    "inquiries",  "music",    "producer", "artist",      "film"}},
      {"es",
       0.15,
       {"moda",
        "sostenible",
        "vida",
        "de",
        "la",
        "el",
        "y",
        "en",
        "recetas",
        "fáciles",
        "viajes",
        "mamá",
        "amor",
        "estilo",
        "comida",
        "saludable",
        "cocina",
        "casa",
        "entrenamiento",
        "maquillaje",
        "natural",
        "belleza",
        "libros",
        "música",
        "fotografía",
        "diseño",
        "hecho",
        "mano",
        "para",
        "todos"}},
      {"pt", 0.10, {"moda",  "feminina", "vida",   "saudável",  "receitas", "fáceis",
                    "de",    "do",       "da",     "em",        "casa",     "viagem",
                    "dicas", "beleza",   "treino", "maquiagem", "cabelo",   "cacheado",
                    "mãe",   "amor",     "look",   "dia",       "comida",   "caseira"}},
      {"fr", 0.08, {"mode",      "éthique", "cuisine", "maison",  "recette",    "facile",
                    "voyage",    "en",      "famille", "beauté",  "naturelle",  "de",
                    "la",        "le",      "et",      "lecture", "pâtisserie", "déco",
                    "intérieur", "sport",   "à",       "café",    "crème",      "paris"}},
      {"de", 0.06, {"reise",  "blogger", "gesund", "essen",   "kochen", "mit",
                    "liebe",  "und",     "kaffee", "kuchen",  "vegane", "rezepte",
                    "urlaub", "kind",    "berlin", "wandern", "natur",  "für",
                    "alle",   "schöne",  "grüße",  "heimat",  "küche",  "sport"}},
      {"it", 0.05, {"cucina", "italiana", "ricette", "facili", "moda",   "cibo",  "sano",
                    "pasta",  "fatta",    "in",      "casa",   "viaggi", "dolci", "amore",
                    "per",    "la",       "vita",    "bella",  "napoli", "roma"}},
      {"nl",
       0.03,
       {"wandelen", "fietsen", "koken", "recepten", "reizen", "mode", "duurzaam", "leven", "met",
        "liefde", "en", "de"}},
      {"ja",
       0.04,
       {"サステナブルなファッションが好き", "古着コーデ", "毎日投稿", "カフェ巡り", "東京在住",
        "旅行好き", "美容", "スキンケア", "ヴィンテージファッション", "料理", "写真"}},
      {"th", 0.02, {"แฟชั่นยั่งยืน", "อาหารไทย", "ท่องเที่ยว", "สำหรับทุกคน", "รีวิว", "ความงาม", "กาแฟ"}},
      {"ko",
       0.02,
       {"지속", "가능한", "패션을", "사랑해요", "일상", "여행", "맛집", "뷰티", "카페", "운동"}},
  };
  return pools;
}

const std::vector<std::string_view>& emoji() {
  static const std::vector<std::string_view> e = {
      "🌿", "✨", "💚", "📍", "☕", "🇫🇷", "👩‍👩‍👧", "👍🏽", "🔥", "📸", "🧘", "🌍"};
  return e;
}

class TextRng {
 public:
  explicit TextRng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {  // splitmix64
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  // Zipf (s = 1) over ranks 0..n-1.
  std::size_t zipf(std::size_t n) {
    double h = std::log(static_cast<double>(n) + 1.0);
    return std::min(n - 1, static_cast<std::size_t>(std::exp(uniform() * h) - 1.0));
  }

 private:
  std::uint64_t s_;
};

std::string render_tag(TextRng& rng, const std::vector<std::string>& words) {
  std::string tag;
  double style = rng.uniform();
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string w = words[i];
    if (style < 0.25 && !w.empty() && w[0] >= 'a' && w[0] <= 'z')
      w[0] = static_cast<char>(w[0] - 32);
    if (style >= 0.25 && style < 0.35 && i > 0) tag += '_';
    tag += w;
  }
  return tag;
}

std::vector<Profile> synthesise(std::uint64_t count, std::uint64_t seed) {
  TextRng rng(seed);
  const auto& pools = languages();
  const auto& english = pools[0].words;
  // Popular tags: fixed two-word combinations, drawn by Zipf; the rest are fresh.
  std::vector<std::vector<std::string>> popular;
  for (std::size_t i = 0; i < 400; ++i) {
    popular.push_back({std::string(english[rng.below(english.size())]),
                       std::string(english[rng.below(english.size())])});
  }
  std::vector<Profile> out;
  out.reserve(count);
  for (std::uint64_t n = 0; n < count; ++n) {
    double pick = rng.uniform();
    std::size_t li = 0;
    for (double acc = 0; li + 1 < pools.size(); ++li) {
      acc += pools[li].share;
      if (pick < acc) break;
    }
    const Language& lang = pools[li];
    Profile p;
    p.platform = "instagram";
    p.handle = fmt::format("creator{}", n);
    p.languages = {lang.code};
    p.name = fmt::format("Creator {}", n);
    std::size_t words = 8 + rng.below(18);
    for (std::size_t i = 0; i < words; ++i) {
      if (!p.bio.empty()) p.bio += ' ';
      double r = rng.uniform();
      if (r < 0.07) {
        p.bio += emoji()[rng.below(emoji().size())];
      } else if (r < 0.2 && li != 0) {
        p.bio += english[rng.zipf(english.size())];  // creators mix in English
      } else {
        p.bio += lang.words[rng.zipf(lang.words.size())];
      }
      if (r > 0.9) p.bio += ',';
    }
    double extra = rng.uniform();
    if (extra < 0.15)
      p.bio += fmt::format(" shop: https://www.creator{}.com/links?ref=ig", n % 5000);
    if (extra > 0.85) p.bio += fmt::format(" collabs: hello@creator{}.co", n % 5000);
    if (rng.uniform() < 0.3) p.bio += " #" + render_tag(rng, popular[rng.zipf(popular.size())]);
    if (rng.uniform() < 0.2) p.bio += fmt::format(" @brand{}", rng.zipf(500));
    std::size_t tags = 3 + rng.below(8);
    for (std::size_t i = 0; i < tags; ++i) {
      if (rng.uniform() < 0.65) {
        p.hashtags.push_back(render_tag(rng, popular[rng.zipf(popular.size())]));
      } else {
        std::vector<std::string> w;
        std::size_t k = 1 + rng.below(3);
        for (std::size_t j = 0; j < k; ++j) {
          const auto& pool = rng.uniform() < 0.5 ? lang.words : english;
          std::string word(pool[rng.zipf(pool.size())]);
          if (word.find(' ') == std::string::npos) w.push_back(std::move(word));
        }
        if (!w.empty()) p.hashtags.push_back(render_tag(rng, w));
      }
    }
    p.categories = {std::string(english[rng.below(english.size())])};
    p.mentions = {fmt::format("brand{}", rng.zipf(500))};
    p.followers = 1000 + rng.below(100'000);
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<Profile>> read_profiles(const std::string& path, std::uint64_t limit) {
  std::ifstream in(path);
  if (!in) return Status::io_error(fmt::format("{}: cannot read", path));
  std::vector<Profile> out;
  std::uint64_t line_no = 0;
  for (std::string line; out.size() < limit && std::getline(in, line);) {
    ++line_no;
    if (trim(line).empty()) continue;
    auto p = parse_profile(line);
    if (!p)
      return Status::invalid_argument(
          fmt::format("{}:{}: {}", path, line_no, p.status().message()));
    out.push_back(std::move(*p));
  }
  return out;
}

// Counts what the analysis hands to Xapian.
class CountingSink : public doc::TermSink {
 public:
  void posting(const std::string& term, Xapian::termpos) override {
    ++postings;
    bytes += term.size();
  }
  void term(const std::string& term) override {
    ++terms;
    bytes += term.size();
  }
  void boolean(const std::string& term) override {
    ++terms;
    bytes += term.size();
  }
  std::uint64_t postings = 0, terms = 0, bytes = 0;
};

// The profiles to analyse (--analysis-input's first --count, or synthesised ones) and a line
// saying which.
Status load_profiles(const Config& c, std::vector<Profile>& profiles, std::string& source) {
  if (!c.analysis_input.empty()) {
    auto read = read_profiles(c.analysis_input, c.count);
    if (!read) return read.status();
    profiles = std::move(*read);
    source = fmt::format("{} (first {} profiles)", c.analysis_input, profiles.size());
  } else {
    profiles = synthesise(c.count, c.seed);
    source =
        fmt::format("{} synthesised profiles (seed {}, ten languages)", profiles.size(), c.seed);
  }
  if (profiles.empty()) return Status::invalid_argument("no profiles to analyse");
  return Status::ok();
}

std::string dictionary_line(const AnalysisInfo& info) {
  return fmt::format(
      "  dictionary: {}\n",
      info.dictionary ? fmt::format("{} words from {}, mapped in {:.2f} ms", info.dictionary_words,
                                    info.dictionary_path, info.dictionary_load_ms)
                      : info.note);
}

// Warm-up: ICU data, stemmers and the per-thread caches reach their working state.
void warm_up(const std::vector<Profile>& profiles) {
  CountingSink warm;
  std::size_t n = std::min<std::size_t>(profiles.size(), 2000);
  for (std::size_t i = 0; i < n; ++i) doc::index_text(profiles[i], warm);
}

// Every profile's text analysed once, as indexing does: what it handed Xapian, in `sink`; the
// CPU seconds.
double time_index_text(const std::vector<Profile>& profiles, CountingSink& sink) {
  auto t0 = thread_cpu_seconds();
  for (const auto& p : profiles) doc::index_text(p, sink);
  return seconds_since(t0);
}

// Tokenisation alone, of the bios: the tokens, and the CPU seconds.
std::pair<std::uint64_t, double> time_tokenisation(const std::vector<Profile>& profiles) {
  std::vector<analysis::Token> tokens;
  std::uint64_t ntokens = 0;
  auto t0 = thread_cpu_seconds();
  for (const auto& p : profiles) {
    tokens.clear();
    analysis::Analyzer::instance().tokenize(p.bio, tokens);
    ntokens += tokens.size();
  }
  return {ntokens, seconds_since(t0)};
}

// Hashtags as written and folded, and the cost of segmenting the folded ones (up to 100,000)
// without the per-thread tag cache.
struct Segmentation {
  std::uint64_t uses = 0;      // hashtags of every profile
  std::size_t as_written = 0;  // distinct as written
  std::size_t folded = 0;      // distinct folded tags segmented
  double seconds = 0;
  double us_per_tag() const {
    return seconds * 1e6 / static_cast<double>(std::max<std::size_t>(folded, 1));
  }
};

Segmentation time_segmentation(const std::vector<Profile>& profiles) {
  Segmentation s;
  std::unordered_set<std::string> distinct;
  std::unordered_set<std::string_view> raw;
  for (const auto& p : profiles) {
    for (const auto& t : p.hashtags) {
      ++s.uses;
      raw.insert(t);
      if (distinct.size() < 100'000) distinct.insert(analysis::Analyzer::instance().fold(t));
    }
  }
  s.as_written = raw.size();
  s.folded = distinct.size();
  const auto& lex = analysis::default_lexicon();
  analysis::Segmenter segmenter(lex.lexicon.get(), nullptr);
  std::vector<std::string> words;
  auto t0 = thread_cpu_seconds();
  for (const auto& t : distinct) {
    words.clear();
    segmenter.segment(t, &words);
  }
  s.seconds = seconds_since(t0);
  return s;
}

Status analyse(const Config& c, nlohmann::json& out, std::string& text) {
  std::vector<Profile> profiles;
  std::string source;
  if (Status st = load_profiles(c, profiles, source); !st) return st;
  AnalysisInfo info = analysis_info();
  std::ostringstream os;
  os << "analysis: one thread (CPU time), " << source << "\n" << dictionary_line(info);

  warm_up(profiles);
  CountingSink sink;
  double secs = time_index_text(profiles, sink);
  if (std::getenv("MIKROS_BENCH_TWICE")) {
    CountingSink again;
    os << fmt::format("  second pass (tag cache warm): {:.0f}/s\n",
                      static_cast<double>(profiles.size()) / time_index_text(profiles, again));
  }
  double per_s = static_cast<double>(profiles.size()) / secs;
  os << fmt::format(
      "  profiles: {:.0f}/s ({:.2f} us each; target 50,000/s)\n"
      "  word postings: {:.2f} M/s ({:.1f} per profile); all terms incl. stems, K, XB: {:.2f} "
      "M/s\n",
      per_s, 1e6 / per_s, static_cast<double>(sink.postings) / secs / 1e6,
      static_cast<double>(sink.postings) / static_cast<double>(profiles.size()),
      static_cast<double>(sink.postings + sink.terms) / secs / 1e6);

  auto [ntokens, tok_secs] = time_tokenisation(profiles);
  Segmentation seg = time_segmentation(profiles);
  os << fmt::format(
      "  bio tokenisation alone: {:.2f} M tokens/s\n"
      "  hashtags: {} uses, {} distinct as written; segmentation without the per-thread tag "
      "cache: {:.1f} us per tag (over {} folded tags)\n",
      static_cast<double>(ntokens) / tok_secs / 1e6, seg.uses, seg.as_written, seg.us_per_tag(),
      seg.folded);
  text = os.str();
  out = {{"profiles", profiles.size()},
         {"source", source},
         {"profiles_per_s", per_s},
         {"word_postings_per_s", static_cast<double>(sink.postings) / secs},
         {"terms_per_s", static_cast<double>(sink.postings + sink.terms) / secs},
         {"tokens_per_s", static_cast<double>(ntokens) / tok_secs},
         {"segment_us_per_tag", seg.us_per_tag()},
         {"dictionary", info.dictionary},
         {"target_profiles_per_s", 50'000}};
  return Status::ok();
}

}  // namespace

Status part_analysis(Run& run) {
  nlohmann::json out;
  std::string text;
  if (Status st = analyse(run.config, out, text); !st) return st;
  run.results["analysis"] = out;
  run.sections.emplace_back("Text analysis", text);
  return Status::ok();
}

}  // namespace mikros::bench
