// mikros-host: an example host application that embeds mikros through its C++ API.
//
//   mikros-host DB_DIR [PROFILES.jsonl]
//
// Opens (or creates) the database in DB_DIR, indexes PROFILES.jsonl when given (rejected
// records are listed on standard error as FILE:LINE: reason), then serves requests read from
// standard input, one per line, answering each on standard output:
//
//   search QUERY   the result as one line of JSON, as `mikros search --json` prints it
//   list QUERY     one line per hit, then "N of TOTAL matches"
//   get KEY        the stored profile platform:handle as one line of JSON
//   add JSON       indexes one profile and commits it; answers "ok"
//   delete KEY     removes a profile and commits; answers "ok"
//   count          the number of profiles
//   quit           stops (as does the end of the input)
//
// A request that fails is answered "error CODE MESSAGE", CODE being the number of
// mikros::ErrorCode (the same as the C API's mikros_error_code). host.c does the same through
// the C API; the two print the same bytes for the same input.
#include <fstream>
#include <iomanip>
#include <iostream>
#include <mikros/mikros.hpp>
#include <sstream>
#include <string>

namespace {

void print_error(const mikros::Status& status) {
  std::cout << "error " << static_cast<int>(status.code()) << ' ' << status.to_string() << '\n';
}

std::string fixed(double value, int decimals) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

// "1. instagram:maya_slowstyle | micro | 23400 followers | US | er 4.1% | score 1.37"
void list(const mikros::SearchResult& result) {
  std::size_t rank = 0;
  for (const mikros::Hit& hit : result.hits) {
    std::cout << ++rank << ". " << hit.key << " | " << mikros::tier_name(hit.tier) << " | "
              << hit.followers << " followers | " << (hit.country.empty() ? "-" : hit.country)
              << " | er "
              << (hit.engagement_rate ? fixed(*hit.engagement_rate * 100, 1) + "%" : "-")
              << " | score " << fixed(hit.score, 2) << '\n';
  }
  std::cout << result.hits.size() << " of " << (result.total_exact ? "" : "about ") << result.total
            << " matches\n";
}

// Answers one request; false when the host should stop.
bool serve(const std::string& line, const mikros::Database& db, mikros::Indexer& indexer,
           const mikros::Searcher& searcher) {
  std::size_t space = line.find(' ');
  std::string command = line.substr(0, space);
  std::string arg = space == std::string::npos ? "" : line.substr(space + 1);
  if (command == "quit") return false;
  if (command == "search" || command == "list") {
    auto result = searcher.search(arg);
    if (!result) {
      print_error(result.status());
    } else if (command == "search") {
      std::cout << mikros::to_json(*result) << '\n';
    } else {
      list(*result);
    }
  } else if (command == "get") {
    auto profile = db.get(arg);
    if (profile) {
      std::cout << mikros::to_json(*profile) << '\n';
    } else {
      print_error(profile.status());
    }
  } else if (command == "add" || command == "delete") {
    mikros::Status st = command == "add" ? indexer.upsert_json(arg) : indexer.remove(arg);
    if (st) st = indexer.commit();
    if (st) {
      std::cout << "ok\n";
    } else {
      print_error(st);
    }
  } else if (command == "count") {
    std::cout << db.size() << '\n';
  } else {
    print_error(mikros::Status::invalid_argument(
        "unknown request \"" + command + "\" (search, list, get, add, delete, count, quit)"));
  }
  std::cout.flush();  // the client waits for each answer
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: mikros-host DB_DIR [PROFILES.jsonl]\n";
    return 2;
  }
  auto db = mikros::Database::open(argv[1]);
  if (!db) {
    std::cerr << "mikros-host: " << db.status().to_string() << '\n';
    return 1;
  }
  mikros::Indexer indexer(*db);
  mikros::Searcher searcher(*db);

  if (argc == 3) {
    std::ifstream in(argv[2], std::ios::binary);
    if (!in) {
      std::cerr << "mikros-host: cannot open " << argv[2] << '\n';
      return 1;
    }
    mikros::IndexReport report;
    mikros::Status st = indexer.read(
        in, argv[2], mikros::InputFormat::kJsonl,
        [](const mikros::Rejection& r) {
          std::cerr << r.source << ':' << r.line << ": " << r.reason << '\n';
        },
        &report);
    std::cout << "indexed " << report.records << " records: " << report.accepted << " accepted, "
              << report.rejected << " rejected" << std::endl;
    if (!st) {
      std::cerr << "mikros-host: " << st.to_string() << '\n';
      return 1;
    }
  }

  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (!serve(line, *db, indexer, searcher)) break;
  }
  return 0;
}
