// Building the Xapian document of a profile, and the filter terms that queries look for.
// Both live in the engine because recovery rebuilds documents from stored profiles.
#ifndef MIKROS_ENGINE_DOCUMENT_H
#define MIKROS_ENGINE_DOCUMENT_H

#include <xapian.h>

#include <string>
#include <string_view>

#include "facets.h"
#include "mikros/profile.hpp"

namespace mikros::doc {

// Filter terms, built from raw user or profile values exactly as the indexer builds them.
std::string country_term(std::string_view iso_code);   // "US" -> "Nus"
std::string tier_term(Tier tier);                      // "XTmicro"
std::string platform_term(std::string_view platform);  // "XPinstagram"
std::string language_term(std::string_view iso_code);  // "Les"
std::string category_term(std::string_view category);  // "Slow Fashion" -> "XCslow-fashion"
std::string hashtag_term(std::string_view tag);        // "#SlowFashion" -> "Kslowfashion"
std::string mention_term(std::string_view handle);     // "@Brand.Co" -> "XMbrand.co"
std::string key_term(std::string_view key);            // "Qinstagram:ana"
std::string sponsor_term(std::string_view brand);      // "Free People" -> "XSfreepeople"

// The Xapian document of `profile` (already validated), with its facets for the value slots.
// The document's data is the profile key.
Xapian::Document build_document(const Profile& profile, const FacetRecord& facets);

}  // namespace mikros::doc

#endif  // MIKROS_ENGINE_DOCUMENT_H
