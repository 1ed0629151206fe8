// The exit statuses of mikros's programs (mikros, mikros-bench, mikros-generate; the README
// documents them), and the one rule that maps an error to them.
#ifndef MIKROS_TOOLS_EXIT_STATUS_H
#define MIKROS_TOOLS_EXIT_STATUS_H

#include "mikros/status.hpp"

namespace mikros::tools {

inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 2;  // bad arguments or a query that does not parse
inline constexpr int kExitRejected = 3;

// 2 for query syntax, limits, invalid arguments and any error that points into a query;
// 1 otherwise.
inline int exit_status_for(const Status& status) {
  if (status.position() != Status::kNoPosition) return kExitUsage;  // e.g. like:@nobody
  switch (status.code()) {
    case ErrorCode::kQuerySyntax:
    case ErrorCode::kLimitExceeded:
    case ErrorCode::kInvalidArgument:
      return kExitUsage;
    default:
      return kExitError;
  }
}

}  // namespace mikros::tools

#endif  // MIKROS_TOOLS_EXIT_STATUS_H
