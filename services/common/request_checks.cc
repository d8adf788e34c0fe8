#include "services/common/request_checks.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/unknown_field_set.h>

#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/status.h"

namespace summit {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

std::string Join(const std::string& prefix, absl::string_view name) {
  return prefix.empty() ? std::string(name) : absl::StrCat(prefix, ".", name);
}

// Walks the wire form of a message that failed to parse, field by field,
// and names the first string field that is not UTF-8. Empty when none is.
std::string FirstInvalidUtf8Field(const Descriptor* type, absl::string_view bytes,
                                  const std::string& prefix, int depth) {
  UnknownFieldSet wire;
  if (depth > 32 || !wire.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return "";
  std::map<int, int> seen;  // occurrences per field number, for repeated indices
  for (int i = 0; i < wire.field_count(); ++i) {
    const UnknownField& f = wire.field(i);
    const FieldDescriptor* field = type->FindFieldByNumber(f.number());
    const int index = seen[f.number()]++;
    if (field == nullptr || f.type() != UnknownField::TYPE_LENGTH_DELIMITED) continue;
    std::string path = Join(prefix, field->name());
    if (field->is_repeated()) absl::StrAppend(&path, "[", index, "]");
    if (field->type() == FieldDescriptor::TYPE_STRING && !IsValidUtf8(f.length_delimited())) {
      return path;
    }
    if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      std::string inner =
          FirstInvalidUtf8Field(field->message_type(), f.length_delimited(), path, depth + 1);
      if (!inner.empty()) return inner;
    }
  }
  return "";
}

// Timestamps within years 1–9999 and nanos within [0, 1e9), durations within
// ±10,000 years with nanos of the same sign: what the well-known types allow
// (and what every use of them downstream assumes).
absl::Status CheckWellKnownTime(const Message& message, const std::string& path) {
  const google::protobuf::Descriptor* type = message.GetDescriptor();
  const bool timestamp = type->full_name() == "google.protobuf.Timestamp";
  if (!timestamp && type->full_name() != "google.protobuf.Duration") return absl::OkStatus();
  const Reflection* reflection = message.GetReflection();
  const int64_t seconds = reflection->GetInt64(message, type->FindFieldByNumber(1));
  const int32_t nanos = reflection->GetInt32(message, type->FindFieldByNumber(2));
  if (timestamp) {
    constexpr int64_t kMinSeconds = -62135596800;  // 0001-01-01T00:00:00Z
    constexpr int64_t kMaxSeconds = 253402300799;  // 9999-12-31T23:59:59Z
    if (seconds < kMinSeconds || seconds > kMaxSeconds) {
      return InvalidField(path, "must be between years 1 and 9999");
    }
    if (nanos < 0 || nanos > 999999999) {
      return InvalidField(path, "nanos must be between 0 and 999999999");
    }
    return absl::OkStatus();
  }
  constexpr int64_t kMaxDurationSeconds = 315576000000;  // 10,000 years
  if (seconds < -kMaxDurationSeconds || seconds > kMaxDurationSeconds) {
    return InvalidField(path, "must be within 10000 years");
  }
  if (nanos < -999999999 || nanos > 999999999 || (seconds > 0 && nanos < 0) ||
      (seconds < 0 && nanos > 0)) {
    return InvalidField(path, "nanos must be within a second and of the same sign as seconds");
  }
  return absl::OkStatus();
}

absl::Status CheckValues(const Message& message, const std::string& prefix) {
  if (absl::Status s = CheckWellKnownTime(message, prefix); !s.ok()) return s;
  const Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string path = Join(prefix, field->name());
    if (field->type() == FieldDescriptor::TYPE_ENUM) {
      const int count = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
      for (int i = 0; i < count; ++i) {
        const int value = field->is_repeated() ? reflection->GetRepeatedEnumValue(message, field, i)
                                               : reflection->GetEnumValue(message, field);
        if (field->enum_type()->FindValueByNumber(value) == nullptr) {
          return InvalidField(
              field->is_repeated() ? absl::StrCat(path, "[", i, "]") : path,
              absl::StrCat(value, " is not a value of ", field->enum_type()->full_name()));
        }
      }
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      if (!field->is_repeated()) {
        if (absl::Status s = CheckValues(reflection->GetMessage(message, field), path); !s.ok())
          return s;
        continue;
      }
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        absl::Status s = CheckValues(reflection->GetRepeatedMessage(message, field, i),
                                     absl::StrCat(path, "[", i, "]"));
        if (!s.ok()) return s;
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseRequest(absl::string_view bytes, Message* message) {
  if (message->ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return absl::OkStatus();
  const std::string field = FirstInvalidUtf8Field(message->GetDescriptor(), bytes, "", 0);
  if (!field.empty()) return InvalidField(field, "is not valid UTF-8");
  return absl::InvalidArgumentError(absl::StrCat(
      "request: is not a well-formed ", message->GetDescriptor()->full_name(), " message"));
}

absl::Status CheckFieldValues(const Message& message) { return CheckValues(message, ""); }

absl::Status ReadRequest(absl::string_view bytes, Message* message) {
  if (absl::Status s = ParseRequest(bytes, message); !s.ok()) return s;
  return CheckFieldValues(*message);
}

bool IsValidUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + static_cast<size_t>(extra) >= s.size()) return false;  // truncated sequence
    for (int k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace summit
