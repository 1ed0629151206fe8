// The rules of a profile's key, shared by validation (profile.cpp) and by the one parser of
// keys as users write them (parse_profile_key, profile.hpp): what a platform name and a handle
// may hold, and how a handle is compared.
#ifndef MIKROS_MODEL_PROFILE_KEY_H
#define MIKROS_MODEL_PROFILE_KEY_H

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mikros {

inline constexpr std::size_t kMaxPlatformBytes = 32;
inline constexpr std::size_t kMaxHandleBytes = 100;

// Why `platform` (already lowercased) is no platform name, or nullopt: it must hold 1 to 32
// of the characters a-z 0-9 _ . -
std::optional<std::string> platform_error(std::string_view platform);

// A handle as written, with its one optional leading '@' removed.
std::string_view strip_handle_sigil(std::string_view handle);

// Why `handle` (its '@' already removed) is no handle, or nullopt: it must hold 1 to 100 bytes,
// no spaces or control characters, and not start with '@' (a second one).
std::optional<std::string> handle_error(std::string_view handle);

// The handle as keys compare it: Unicode full case folding ("Ñandú" -> "ñandú",
// "Straße" -> "strasse"); ASCII handles are lowercased without ICU.
std::string fold_handle(std::string_view handle);

}  // namespace mikros

#endif  // MIKROS_MODEL_PROFILE_KEY_H
