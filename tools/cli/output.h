// How the mikros command shows search results, profiles and errors (shared by search, show and
// the shell).
#ifndef MIKROS_TOOLS_OUTPUT_H
#define MIKROS_TOOLS_OUTPUT_H

#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "exit_status.h"
#include "mikros/mikros.hpp"
#include "term.h"

namespace mikros::cli {

// The command's own JSON (stats, verify, rejects and acknowledgement logs), keys in the order
// written; the library writes the JSON of profiles, brands and results (to_json).
using Json = nlohmann::ordered_json;
// Compact JSON text; text that is not UTF-8 (a rejected record) has its bad bytes replaced.
std::string dump(const Json& json);

using tools::kExitError;
using tools::kExitOk;
using tools::kExitRejected;
using tools::kExitUsage;

// Prints "mikros: <message>" on stderr and returns the exit status that fits the error: 2 for
// query syntax, limits, invalid arguments and any error that points into a query, 1 otherwise.
int report_error(const Status& status);
// Prints a query error with a caret under the position, e.g.
//   mikros: query syntax: at 4: expected a number or percentage
//     er:>3x
//         ^
void print_query_error(std::ostream& err, std::string_view query, const Status& status);

// An aligned table of the hits, at most `width` columns wide, and a one-line summary.
void print_result_table(std::ostream& out, const SearchResult& result, std::size_t offset,
                        std::size_t width, const Style& style);
// The hits as rows for TSV or CSV: a header, then one row per hit with raw numbers
// (followers, er as a fraction) and empty fields for unknown values; `fit` replaces `score`
// when ranked for a brand.
std::vector<std::vector<std::string>> result_rows(const SearchResult& result, std::size_t offset);
// The facet counts, one line per facet, values by count (tiers in tier order), each line cut
// to `width` columns:
//   tier      micro 12 · mid 3 · nano 1
//   country   US 10 · CA 4 · GB 2
void print_facet_summary(std::ostream& out,
                         const std::map<std::string, std::map<std::string, std::uint64_t>>& facets,
                         std::size_t width, const Style& style);
// How the query was understood and, for each hit, the parts of its score and of its
// authenticity.
void print_explanation(std::ostream& out, const SearchResult& result, std::size_t offset,
                       const Style& style);
// "topical +2.1 · audience +1.6 · avoid -1.8 · relevance +3.2": a hit's alignment parts.
std::string why_line(const Hit& hit);
// A readable card of one profile; `insights` (optional) adds engagement against peers in words
// ("3.1× the median of micro Instagram creators: high"), spikes, authenticity (stated or
// estimated, with each feature's log-odds) and the automation flag.
void print_profile_card(std::ostream& out, const Profile& profile, const TierBoundaries& tiers,
                        const Style& style, const ProfileInsights* insights = nullptr);

// "compacted generation 7 into index.000003: 563.0 MiB -> 259.8 MiB in 12.4 s" on stderr.
void print_compaction(const CompactReport& report);

}  // namespace mikros::cli

#endif  // MIKROS_TOOLS_OUTPUT_H
