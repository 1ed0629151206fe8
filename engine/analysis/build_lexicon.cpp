// mikros_lexicon: builds the hashtag dictionary image (words.lex) from Debian's word lists and
// the domain lexicon. Run by the build (engine/lexicon.cmake); run it by hand to build an image
// from other lists:
//
//   mikros_lexicon --dict-dir /usr/share/dict --domain corpus/lexicon.tsv --out words.lex
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "analysis/lexicon.h"

namespace {

int usage() {
  std::cerr << "usage: mikros_lexicon --dict-dir DIR --domain FILE --out FILE [--quiet]\n"
               "  DIR holds scowl/ and the spanish, french, ngerman, italian and portuguese\n"
               "  lists (Debian: /usr/share/dict); missing lists are skipped with a warning.\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dict_dir, domain, out;
  bool quiet = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) return false;
      into = argv[++i];
      return true;
    };
    if (a == "--dict-dir") {
      if (!value(dict_dir)) return usage();
    } else if (a == "--domain") {
      if (!value(domain)) return usage();
    } else if (a == "--out") {
      if (!value(out)) return usage();
    } else if (a == "--quiet") {
      quiet = true;
    } else {
      return usage();
    }
  }
  if (dict_dir.empty() || domain.empty() || out.empty()) return usage();

  auto t0 = std::chrono::steady_clock::now();
  mikros::analysis::Lexicon::Builder builder;
  std::string report;
  if (auto st = mikros::analysis::add_default_sources(builder, dict_dir, domain, &report); !st) {
    std::cerr << "mikros_lexicon: " << st.to_string() << '\n';
    return 1;
  }
  builder.set_sources(report);
  std::string image = builder.finish();

  // Written beside the target and renamed, so a reader never maps a half-written image.
  std::filesystem::path target(out);
  std::error_code ec;
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  std::string tmp = out + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(image.data(), static_cast<std::streamsize>(image.size()));
    f.close();
    if (!f) {
      std::cerr << "mikros_lexicon: " << tmp << ": write failed\n";
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), out.c_str()) != 0) {
    std::cerr << "mikros_lexicon: cannot rename " << tmp << " to " << out << '\n';
    return 1;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  bool missing = report.find("missing:") != std::string::npos;
  if (!quiet || missing) {
    std::cerr << fmt::format("mikros_lexicon: {} words, {:.1f} MiB, {:.1f} s -> {}\n{}",
                             builder.size(), image.size() / 1048576.0, secs, out, report);
  }
  if (missing) {
    std::cerr << "mikros_lexicon: warning: some word lists are missing (install the Debian "
                 "packages scowl wspanish wfrench wngerman witalian wportuguese); hashtags "
                 "will be segmented with fewer words\n";
  }
  return 0;
}
