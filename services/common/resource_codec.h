#pragma once
// Between a resource message and its stored document: the output-only
// fields (name, etag, create/update time) live in columns, not in the doc.
// Works for any message with those four fields.
// The binary copy leaves out unknown fields as the JSON does, so the two
// forms never disagree (a newer release's field read by an older one).

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/document_store.h"
#include "services/common/proto_json.h"
#include "services/common/proto_time.h"

namespace summit {

namespace internal {
// The fields a document stores: all but the four that live in columns.
template <typename Resource>
Resource DocumentFields(Resource resource) {
  resource.clear_name();
  resource.clear_etag();
  resource.clear_create_time();
  resource.clear_update_time();
  resource.DiscardUnknownFields();
  return resource;
}
}  // namespace internal

template <typename Resource>
StoredDoc ToDocument(const Resource& resource) {
  const Resource stored = internal::DocumentFields(resource);
  return StoredDoc{.json = ToJson(stored), .binary = stored.SerializeAsString()};
}

// The JSON form alone: the state before an update, which is compared and
// audited but never written.
template <typename Resource>
std::string ToDocumentJson(const Resource& resource) {
  return ToJson(internal::DocumentFields(resource));
}

template <typename Resource>
absl::StatusOr<Resource> FromDocRow(const DocRow& row) {
  Resource resource;
  if (row.doc_pb) {
    if (!resource.ParseFromString(*row.doc_pb)) {
      return absl::DataLossError(absl::StrCat(row.name, ": its stored binary document is damaged"));
    }
  } else if (absl::Status s = FromJson(row.doc, &resource); !s.ok()) {
    return s;
  }
  resource.set_name(row.name);
  resource.set_etag(MakeEtag(row.version));
  *resource.mutable_create_time() = ToProtoTime(row.create_time);
  *resource.mutable_update_time() = ToProtoTime(row.update_time);
  return resource;
}

}  // namespace summit
