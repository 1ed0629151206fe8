#include "model/profile_key.h"

#include <fmt/format.h>
#include <unicode/unistr.h>

#include <algorithm>

#include "mikros/profile.hpp"
#include "util/text_util.h"

namespace mikros {
namespace {

bool is_platform_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::optional<std::string> platform_error(std::string_view platform) {
  if (platform.empty()) return "missing (required)";
  if (platform.size() > kMaxPlatformBytes) {
    return fmt::format("longer than {} bytes", kMaxPlatformBytes);
  }
  if (!std::all_of(platform.begin(), platform.end(), is_platform_char)) {
    return fmt::format("\"{}\" is not a platform name (letters, digits, _ . -)", platform);
  }
  return std::nullopt;
}

std::string_view strip_handle_sigil(std::string_view handle) {
  if (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
  return handle;
}

std::optional<std::string> handle_error(std::string_view handle) {
  if (handle.empty()) return "missing (required)";
  if (handle.size() > kMaxHandleBytes) return fmt::format("longer than {} bytes", kMaxHandleBytes);
  if (handle.front() == '@') return "starts with a second '@' (one leading '@' is removed)";
  if (has_space_or_control(handle)) return "contains a space or control character";
  if (is_ascii(handle)) return std::nullopt;
  if (auto at = invalid_utf8_offset(handle)) {
    return fmt::format("is not valid UTF-8 (at byte {})", *at);
  }
  // Folding may lengthen a handle (U+0130 becomes two code points); the key must stay in bounds
  // so that a key written back out reads in again.
  if (fold_handle(handle).size() > kMaxHandleBytes) {
    return fmt::format("longer than {} bytes once its case is folded", kMaxHandleBytes);
  }
  return std::nullopt;
}

std::string fold_handle(std::string_view handle) {
  if (is_ascii(handle)) return ascii_lower(handle);
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(handle.data(), static_cast<int32_t>(handle.size())))
      .foldCase()
      .toUTF8String(out);
  return out;
}

std::string profile_key(std::string_view platform, std::string_view handle) {
  std::string key = ascii_lower(platform);
  key += ':';
  key += fold_handle(handle);
  return key;
}

Result<std::string> parse_profile_key(std::string_view text) {
  const std::string_view key = trim(text);
  auto refuse = [&](std::string_view why) {
    return Status::invalid_argument(fmt::format("\"{}\" is not a profile key: {}", text, why));
  };
  const auto colon = key.find(':');
  if (colon == std::string_view::npos) {
    return Status::invalid_argument(
        fmt::format("\"{}\" is not a profile key (expected platform:handle)", text));
  }
  const std::string platform = ascii_lower(key.substr(0, colon));
  if (platform.empty()) return refuse("the platform is empty");
  if (auto why = platform_error(platform)) return refuse(fmt::format("platform {}", *why));
  const std::string_view handle = strip_handle_sigil(key.substr(colon + 1));
  if (handle.empty()) return refuse("the handle is empty");
  if (auto why = handle_error(handle)) return refuse(fmt::format("the handle {}", *why));
  return profile_key(platform, handle);
}

}  // namespace mikros
