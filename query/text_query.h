// The Xapian queries of text: words, phrases, hashtags and the related terms of an expansion,
// the query side of analysis/document.cpp (the same analyzer, stems and vocabulary, so a query
// word and the word it should match are the same term). Pure: no I/O.
#ifndef MIKROS_QUERY_TEXT_QUERY_H
#define MIKROS_QUERY_TEXT_QUERY_H

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"
#include "query/expand.h"

namespace mikros::query {

// `qs` joined by `op`; the one query itself when there is one.
Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& qs);
// The terms in order (OP_PHRASE); one term alone.
Xapian::Query phrase(const std::vector<std::string>& terms);

// The stemmers a query word is stemmed with. A query has no language, so a loose word matches
// its stem under every language Xapian stems (for the word's script); a `lang:` filter narrows
// this to those languages and English, the languages such profiles are stemmed with.
std::vector<int> stemmers_for(const std::vector<std::string>& languages);

// Words in order: the phrase, or a profile that uses them as one hashtag ("slow fashion" finds
// #slowfashion even where the dictionary split the tag differently).
Xapian::Query phrase_or_hashtag(const std::vector<std::string>& words);

// One loose word: the word itself, its stems (any inflection: "hike" finds "hiking"), a
// hashtag that is the word ("slowfashion" finds #SlowFashion), and for Korean its syllable
// bigrams ("패션" finds "패션을"). The exact word scores on top of its stem, so it ranks first.
Xapian::Query loose_word(const analysis::Token& t, const std::vector<int>& stemmers);

// Text as the analyzer sees it. `as_phrase`: the words must be adjacent and in order, and
// match exactly (no stems). `quoted`: the user quoted it, so even one word is matched exactly;
// otherwise a query word that analyses into one word ("Hiking") is a loose word. nullopt when
// the text has nothing to search for (only punctuation).
std::optional<Xapian::Query> text_query(std::string_view text, bool as_phrase, bool quoted,
                                        const std::vector<int>& stemmers);

// A hashtag as a query: profiles that use the tag (K term: scores, so they rank first), text
// with the tag as one word, and text that spells its words out as a phrase. Empty when the tag
// has no words.
Xapian::Query hashtag_query(std::string_view tag);

// A related term of an expansion (expand.h) as the user would have typed it: one word matches
// itself, its stem under the term's language and English, and the hashtag it is; several words,
// the phrase or the hashtag they make.
Xapian::Query related_query(const RelatedTerm& r);

}  // namespace mikros::query

#endif  // MIKROS_QUERY_TEXT_QUERY_H
