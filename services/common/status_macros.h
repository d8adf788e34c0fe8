#pragma once
// Early returns for absl::Status / absl::StatusOr, as in Abseil-using code bases.

#define SUMMIT_CONCAT_INNER(a, b) a##b
#define SUMMIT_CONCAT(a, b) SUMMIT_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                                 \
  do {                                                        \
    if (::absl::Status _summit_s = (expr); !_summit_s.ok()) { \
      return _summit_s;                                       \
    }                                                         \
  } while (0)

#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = *std::move(tmp)

#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(SUMMIT_CONCAT(_summit_or_, __LINE__), lhs, expr)
