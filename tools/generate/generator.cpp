// The deterministic corpus generator behind `mikros-generate` (see generator.h).
//
// Everything random comes from one xoshiro256** stream per profile, seeded from (seed, index)
// (random.h); the word lists, niches, names and places are the data files of corpus/generator/,
// built into the program (model.h). Profiles are built in a reusable Draft (profile_text.cpp,
// profile_numbers.cpp) and written straight into a byte buffer (profile_json.cpp).
#include "generate/generator.h"

#include <ostream>
#include <string>

#include "generate/model.h"
#include "generate/profile.h"
#include "generate/random.h"
#include "generate/text.h"

namespace mikros::tools {
namespace gen {

void build_profile(Draft& d, Rng& rng, const Model& m, HandleSet& seen) {
  choose_identity(d, rng, m);
  make_numbers(d, rng, m);
  HandleChoice handle = make_handle(d, rng, seen);
  make_name(d, rng, m, handle.brand_like, handle.w1, handle.w2);
  make_tags(d, rng, m);
  make_mentions(d, rng, m);
  bool has_contact = rng.chance(0.75);
  make_contact(d, rng, m);
  if (!has_contact) d.contact.clear();
  // Only some agency-represented creators say so; mid-size and bigger ones more often.
  if (d.agency.empty() || !rng.chance(d.tier >= Tier::kMid ? 0.5 : 0.1)) d.agency = {};
  make_bio(d, rng, m);
}

}  // namespace gen

void generate_profiles(std::ostream& out, const GenerateOptions& options) {
  const gen::Model& m = gen::model();
  gen::HandleSet seen;
  gen::Draft d;
  std::string buf;
  constexpr std::size_t kFlushBytes = 1 << 20;
  buf.reserve(kFlushBytes + 8192);
  for (std::uint64_t i = 0; i < options.count; ++i) {
    gen::Rng rng(options.seed, i);
    gen::build_profile(d, rng, m, seen);
    std::size_t start = buf.size();
    gen::write_profile(buf, d);
    if (d.country->traditional_chinese) gen::to_traditional(buf, start, m.han);
    if (buf.size() >= kFlushBytes) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

}  // namespace mikros::tools
