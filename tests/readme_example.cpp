// The library example of the README ("Using the library"); a test keeps the two identical.
#include <iostream>
#include <mikros/mikros.hpp>

int main(int argc, char** argv) {
  // Open (or create) a database directory.
  auto db = mikros::Database::open(argc > 1 ? argv[1] : "profiles.mikros");
  if (!db) {
    std::cerr << db.status().to_string() << '\n';
    return 1;
  }

  // Index profiles: built in code, or as JSON lines (corpus/SCHEMA.md).
  mikros::Indexer indexer(*db);
  mikros::Profile maya;
  maya.platform = "instagram";
  maya.handle = "maya_slowstyle";
  maya.bio = "Slow fashion lover: thrift finds and capsule wardrobes 🌿";
  maya.country = "US";
  maya.followers = 23'400;
  if (auto st = indexer.upsert(maya); !st) std::cerr << st.to_string() << '\n';
  if (auto st = indexer.upsert_json(
          R"({"platform":"tiktok","handle":"haulqueen","bio":"weekly fast fashion hauls",)"
          R"("country":"US","followers":45000})");
      !st) {
    std::cerr << st.to_string() << '\n';
  }
  if (auto st = indexer.commit(); !st) {  // durable and visible from here on
    std::cerr << st.to_string() << '\n';
    return 1;
  }

  // Search with the query language...
  mikros::Searcher searcher(*db);
  auto result = searcher.search(R"("slow fashion" tier:micro country:US)");
  if (!result) {
    std::cerr << result.status().to_string() << '\n';
    return 1;
  }
  for (const auto& hit : result->hits) {
    std::cout << hit.key << " " << hit.followers << " followers\n";
  }

  // ...or build the same query in code.
  mikros::Query query;
  query.phrase("slow fashion").tiers({mikros::Tier::kMicro}).countries({"US"});
  auto built = searcher.search(query);
  std::cout << (built && built->total == result->total ? "same answer" : "different answer")
            << '\n';
  return 0;
}
