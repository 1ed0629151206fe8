#include "document.h"

#include <cmath>

#include "analyzer.h"
#include "layout.h"
#include "text_util.h"

namespace mikros::doc {
namespace {

// Xapian refuses terms longer than 245 bytes; such terms are never useful filters anyway.
constexpr std::size_t kMaxTermBytes = 240;

std::string prefixed(std::string_view prefix, std::string_view value) {
  std::string t;
  t.reserve(prefix.size() + value.size());
  t += prefix;
  t += value;
  return t;
}

std::string join(const std::vector<std::string>& words, std::string_view sep) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += sep;
    out += w;
  }
  return out;
}

// Writes the postings of one document, keeping the running position.
class PostingWriter {
 public:
  explicit PostingWriter(Xapian::Document& d) : doc_(d) {}

  void word(const std::string& term) {
    if (term.empty() || term.size() > kMaxTermBytes) return;
    doc_.add_posting(term, pos_++);
  }
  // The words of a compound (hashtag or handle) at consecutive positions, and the whole
  // compound as one term at the first of them, so both "slow fashion" and "slowfashion" match.
  void compound(const std::vector<std::string>& words) {
    if (words.empty()) return;
    Xapian::termpos first = pos_;
    for (const auto& w : words) word(w);
    if (words.size() > 1) {
      std::string whole = join(words, "");
      if (whole.size() <= kMaxTermBytes) doc_.add_posting(whole, first);
    }
  }
  void boolean(const std::string& term) {
    if (term.size() > 1 && term.size() <= kMaxTermBytes) doc_.add_boolean_term(term);
  }
  // Starts a new field (or a new entry of a list field) so phrases cannot span the boundary.
  void gap(Xapian::termpos n = layout::kFieldGap) { pos_ += n; }

 private:
  Xapian::Document& doc_;
  Xapian::termpos pos_ = 1;
};

void index_text(PostingWriter& out, std::string_view text) {
  const auto& analyzer = analysis::Analyzer::instance();
  std::vector<analysis::Token> tokens;
  analyzer.tokenize(text, tokens);
  for (const auto& t : tokens) {
    switch (t.kind) {
      case analysis::TokenKind::kHashtag:
        out.compound(analyzer.compound_words(t.text));
        out.boolean(hashtag_term(t.text));
        break;
      case analysis::TokenKind::kMention:
        out.compound(analyzer.compound_words(t.text));
        out.boolean(mention_term(t.text));
        break;
      default:
        out.word(t.text);
    }
  }
}

void add_value(Xapian::Document& d, Xapian::valueno slot, double v) {
  if (std::isfinite(v)) d.add_value(slot, Xapian::sortable_serialise(v));
}

}  // namespace

std::string country_term(std::string_view iso_code) {
  return prefixed(layout::kPrefixCountry, ascii_lower(iso_code));
}
std::string tier_term(Tier tier) {
  return prefixed(layout::kPrefixTier, tier_name(tier));
}
std::string platform_term(std::string_view platform) {
  return prefixed(layout::kPrefixPlatform, ascii_lower(platform));
}
std::string language_term(std::string_view iso_code) {
  return prefixed(layout::kPrefixLanguage, ascii_lower(iso_code));
}
std::string category_term(std::string_view category) {
  std::vector<std::string> words;
  for (auto& t : analysis::Analyzer::instance().tokenize(category)) {
    if (t.kind == analysis::TokenKind::kWord || t.kind == analysis::TokenKind::kNumber) {
      words.push_back(std::move(t.text));
    } else {
      // "#fashion" or "@x" written as a category: take the word itself.
      words.push_back(analysis::Analyzer::instance().fold(t.text));
    }
  }
  return prefixed(layout::kPrefixCategory, join(words, "-"));
}
std::string hashtag_term(std::string_view tag) {
  while (!tag.empty() && tag.front() == '#') tag.remove_prefix(1);
  return prefixed(layout::kPrefixHashtag,
                  join(analysis::Analyzer::instance().compound_words(tag), ""));
}
std::string mention_term(std::string_view handle) {
  while (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
  return prefixed(layout::kPrefixMention, analysis::Analyzer::instance().fold(handle));
}
std::string key_term(std::string_view key) {
  return prefixed(layout::kPrefixKey, key);
}
std::string sponsor_term(std::string_view brand) {
  while (!brand.empty() && brand.front() == '@') brand.remove_prefix(1);
  return prefixed(layout::kPrefixSponsor,
                  join(analysis::Analyzer::instance().compound_words(brand), ""));
}

Xapian::Document build_document(const Profile& p, const FacetRecord& f) {
  const auto& analyzer = analysis::Analyzer::instance();
  Xapian::Document d;
  std::string key = profile_key(p);
  d.set_data(key);
  d.add_boolean_term(key_term(key));

  PostingWriter out(d);
  out.boolean(platform_term(p.platform));
  out.boolean(tier_term(f.tier));
  if (!p.country.empty()) out.boolean(country_term(p.country));
  for (const auto& l : p.languages) out.boolean(language_term(l));

  index_text(out, p.name);
  out.gap();
  index_text(out, p.bio);
  out.gap();
  for (const auto& tag : p.hashtags) {
    out.compound(analyzer.compound_words(tag));
    out.boolean(hashtag_term(tag));
    out.gap(2);  // "#slow #fashion" is not the phrase "slow fashion"
  }
  out.gap();
  for (const auto& c : p.categories) {
    index_text(out, c);
    out.boolean(category_term(c));
    out.gap(2);
  }
  for (const auto& m : p.mentions) out.boolean(mention_term(m));
  for (const auto& b : p.sponsored) out.boolean(sponsor_term(b));

  // Value slots hold the profile's own doubles, not the facets' floats: a range query is exact
  // at its boundary only if it compares against the number as written.
  add_value(d, layout::kSlotFollowers, static_cast<double>(p.followers));
  if (auto er = metrics::engagement_rate(p)) add_value(d, layout::kSlotEngagement, *er);
  if (auto g = metrics::monthly_growth(p)) add_value(d, layout::kSlotGrowth, *g);
  if (p.audience.authenticity) {
    add_value(d, layout::kSlotAuthenticity, *p.audience.authenticity);
  } else {
    add_value(d, layout::kSlotAuthenticity, f.authenticity);
  }
  if (p.price_usd) add_value(d, layout::kSlotPrice, *p.price_usd);
  return d;
}

}  // namespace mikros::doc
