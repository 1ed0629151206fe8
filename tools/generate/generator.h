// mikros corpus generator: synthetic, realistic creator profiles for benchmarks and scale tests.
#ifndef MIKROS_TOOLS_GENERATE_GENERATOR_H
#define MIKROS_TOOLS_GENERATE_GENERATOR_H

#include <cstdint>
#include <iosfwd>

namespace mikros::tools {

struct GenerateOptions {
  std::uint64_t count = 1000;  // profiles to write
  std::uint64_t seed = 42;     // with count, fixes the output byte for byte
};

// Writes `options.count` profiles to `out`, one JSON object per line (corpus/SCHEMA.md), each of
// which passes parse_profile(). The same options always produce byte-identical output: the
// generator uses its own PRNG and distributions, never the standard library's, whose results
// differ between implementations. Profile i depends only on the seed and i, except that a handle
// already used on the same platform is changed to stay unique.
//
// Distributions: followers log-normal (median 8,000, sigma 1.9, 100..50M, so about 43% micro),
// platforms instagram 55% / tiktok 20% / youtube 12% / twitter 8% / twitch 5%, countries Zipf over
// 40 codes (US first) with matching languages, bios of 8-25 words drawn by Zipf (s = 1) from real
// word lists in ten languages, one or two niches per profile that bio, hashtags and categories
// share; about 2% of profiles have a follower spike and 3% suspicious engagement. Engagement,
// sponsors and prices depend on the tier, by the engine's default bands (mikros::tier_for). The
// word lists, niches, names and places are the files of corpus/generator/, built into the program.
//
// Memory: the handle set keeps 8 bytes per profile at a load of 1/4 to 1/2, so 16-32 bytes per
// profile (about 2 GB for 100M); everything else is reused. Write errors are left in the stream's
// state for the caller to check. Throws std::runtime_error, naming the file and line, if a data
// file built into the program does not parse.
void generate_profiles(std::ostream& out, const GenerateOptions& options);

}  // namespace mikros::tools

#endif  // MIKROS_TOOLS_GENERATE_GENERATOR_H
