// mikros: an embedded search engine for influencer profiles. Include this header.
//
//   auto db = mikros::Database::open("/var/lib/app/profiles");
//   mikros::Indexer(*db).upsert_json(R"({"platform":"instagram","handle":"ana",...})");
//   auto result = mikros::Searcher(*db).search("\"slow fashion\" tier:micro country:US");
//
// Only the headers in this directory are public; everything else in the source tree is
// private and may change between releases.
#ifndef MIKROS_MIKROS_HPP
#define MIKROS_MIKROS_HPP

#include "mikros/analysis.hpp"
#include "mikros/analytics.hpp"
#include "mikros/database.hpp"
#include "mikros/export.hpp"
#include "mikros/index.hpp"
#include "mikros/profile.hpp"
#include "mikros/query.hpp"
#include "mikros/search.hpp"
#include "mikros/status.hpp"
#include "mikros/version.hpp"

#endif  // MIKROS_MIKROS_HPP
