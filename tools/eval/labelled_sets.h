// The labelled public data sets `mikros evaluate authenticity` measures the model on. They are
// not part of the repository (../shared/corpus-sources/SOURCES.md describes them):
//   SRF        labelled_1000_inclprivate.csv         fake followers of Swiss Instagram
//                                                      influencers, labelled by hand
//   InstaFake  instafake/fakeAccountData.json,        fake and real Instagram accounts
//              instafake/realAccountData.json
//   Twitter    bots_data.csv, nonbots_data.csv        declared bots and humans
#ifndef MIKROS_TOOLS_EVAL_LABELLED_SETS_H
#define MIKROS_TOOLS_EVAL_LABELLED_SETS_H

#include <string>
#include <vector>

#include "mikros/analytics.hpp"
#include "mikros/status.hpp"

namespace mikros::tools {

struct LabelledSet {
  std::string name;  // "SRF", "InstaFake", "Twitter"
  std::vector<LabelledAccount> accounts;
  // Per account: real (the Instagram sets) or automated (the Twitter set).
  std::vector<bool> positive;
};

// The files of each set, relative to the data folder.
std::vector<std::string> srf_files();
std::vector<std::string> instafake_files();
std::vector<std::string> twitter_files();

// The files of `files` that `dir` lacks (empty when it has them all).
std::vector<std::string> missing_files(const std::string& dir,
                                       const std::vector<std::string>& files);

// Readers of each set. Errors: kNotFound naming a missing file, kCorruption naming the file
// and what is wrong with it.
Result<LabelledSet> read_srf(const std::string& dir);
Result<LabelledSet> read_instafake(const std::string& dir);
Result<LabelledSet> read_twitter(const std::string& dir);

}  // namespace mikros::tools

#endif  // MIKROS_TOOLS_EVAL_LABELLED_SETS_H
