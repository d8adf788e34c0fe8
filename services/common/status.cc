#include "services/common/status.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace summit {

namespace {

// Length of the well-formed UTF-8 sequence at the start of `s`, or 0.
size_t Utf8Length(absl::string_view s, uint32_t* code_point) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto cont = [&](size_t i) { return i < s.size() && (b(i) & 0xC0) == 0x80; };
  if (b(0) < 0x80) {
    *code_point = b(0);
    return 1;
  }
  size_t n = 0;
  uint32_t min = 0;
  if ((b(0) & 0xE0) == 0xC0) {
    n = 2, min = 0x80, *code_point = b(0) & 0x1F;
  } else if ((b(0) & 0xF0) == 0xE0) {
    n = 3, min = 0x800, *code_point = b(0) & 0x0F;
  } else if ((b(0) & 0xF8) == 0xF0) {
    n = 4, min = 0x10000, *code_point = b(0) & 0x07;
  } else {
    return 0;
  }
  for (size_t i = 1; i < n; ++i) {
    if (!cont(i)) return 0;
    *code_point = (*code_point << 6) | (b(i) & 0x3F);
  }
  if (*code_point < min || *code_point > 0x10FFFF ||
      (*code_point >= 0xD800 && *code_point <= 0xDFFF)) {
    return 0;
  }
  return n;
}

// Characters that change how the rest of a line is shown.
bool IsFormatControl(uint32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
         c == 0x200F || c == 0x061C;
}

}  // namespace

std::string SafeMessage(absl::string_view message) {
  std::string out;
  size_t i = 0;
  while (i < message.size()) {
    uint32_t c = 0;
    const size_t n = Utf8Length(message.substr(i), &c);
    std::string piece;
    if (n == 0) {
      piece = absl::StrFormat("\\x%02x", static_cast<unsigned char>(message[i]));
    } else if ((c < 0x20 && c != '\n') || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
      piece = absl::StrFormat("\\x%02x", c);
    } else if (IsFormatControl(c)) {
      piece = absl::StrFormat("\\u{%04x}", c);
    } else {
      piece = std::string(message.substr(i, n));
    }
    if (out.size() + piece.size() > kMaxMessageBytes) {
      absl::StrAppend(&out, "… (", message.size() - i, " more bytes)");
      return out;
    }
    out += piece;
    i += n == 0 ? 1 : n;
  }
  return out;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbers.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), SafeMessage(status.message()));
}

absl::Status InvalidField(absl::string_view field, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", rule));
}

absl::Status NotAllowed(absl::string_view what) { return absl::FailedPreconditionError(what); }

absl::Status ResourceNotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}

absl::Status AsFieldError(const absl::Status& status, absl::string_view field) {
  if (status.code() == absl::StatusCode::kNotFound) return InvalidField(field, status.message());
  return status;
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

absl::Status Annotate(const absl::Status& status, absl::string_view context) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat(context, ": ", status.message()));
}

}  // namespace summit
