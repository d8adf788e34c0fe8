#pragma once
// Create and update of document resources with their audit event in the
// same transaction. Update checks the etag and resolves the update_mask;
// the caller validates and authorizes the planned result before committing.

#include <google/protobuf/field_mask.pb.h>

#include <pqxx/transaction>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "services/common/audit.h"
#include "services/common/document_store.h"
#include "services/common/resource_codec.h"
#include "services/common/status.h"
#include "services/common/update_mask.h"

namespace summit {

struct EventTarget {
  // Insert statement of the service's events table.
  const char* insert_event;
  std::string actor;
  std::string type;  // e.g. "directory.summit.created"
  std::string request_id;
};

// ABORTED when the caller's etag (if any) is not the current one.
inline absl::Status CheckEtag(absl::string_view name, absl::string_view given,
                              absl::string_view current) {
  if (given.empty() || given == current) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat(name, " changed since it was read (etag ", given, ", now ",
                                         current, "); get it again and reapply your change"));
}

template <typename Resource, typename... Extra>
absl::StatusOr<Resource> CreateDocResource(pqxx::transaction_base& txn, const DocTableSql& sql,
                                           const std::string& name, const Resource& resource,
                                           const EventTarget& event, const Extra&... extra) {
  const StoredDoc doc = ToDocument(resource);
  absl::StatusOr<DocRow> row = InsertDoc(txn, sql, name, doc, extra...);
  if (!row.ok()) return row.status();
  absl::StatusOr<Resource> created = FromDocRow<Resource>(*row);
  if (!created.ok()) return created.status();
  AppendEvent(txn, event.insert_event,
              {.actor = event.actor,
               .type = event.type,
               .resource = name,
               .before_json = "",
               .after_json = doc.json,
               .request_id = event.request_id});
  return created;
}

template <typename Resource>
absl::StatusOr<Resource> GetDocResource(pqxx::transaction_base& txn, const DocTableSql& sql,
                                        const std::string& name) {
  std::optional<DocRow> row = GetDoc(txn, sql.get, name);
  if (!row) return ResourceNotFound(name);
  return FromDocRow<Resource>(*row);
}

template <typename Resource>
struct UpdatePlan {
  Resource before;
  Resource after;
  std::vector<std::string> paths;
};

// Locks the row, checks the etag, applies the mask. Nothing is written yet.
template <typename Resource>
absl::StatusOr<UpdatePlan<Resource>> PlanUpdate(pqxx::transaction_base& txn, const DocTableSql& sql,
                                                const Resource& patch,
                                                const google::protobuf::FieldMask& mask,
                                                const std::vector<std::string>& mutable_fields) {
  std::optional<DocRow> row = GetDoc(txn, sql.get_for_update, patch.name());
  if (!row) return ResourceNotFound(patch.name());
  absl::StatusOr<Resource> current = FromDocRow<Resource>(*row);
  if (!current.ok()) return current.status();
  if (absl::Status s = CheckEtag(patch.name(), patch.etag(), current->etag()); !s.ok()) return s;
  absl::StatusOr<std::vector<std::string>> paths = ResolveUpdateMask(patch, mask, mutable_fields);
  if (!paths.ok()) return paths.status();
  UpdatePlan<Resource> plan{.before = *current, .after = *current, .paths = *paths};
  ApplyUpdateMask(patch, plan.paths, &plan.after);
  return plan;
}

template <typename Resource>
absl::StatusOr<Resource> CommitUpdate(pqxx::transaction_base& txn, const DocTableSql& sql,
                                      const UpdatePlan<Resource>& plan, const EventTarget& event) {
  const std::string before = ToDocumentJson(plan.before);
  const StoredDoc after = ToDocument(plan.after);
  if (before == after.json) return plan.before;  // nothing changed: no new version, no event
  DocRow row = UpdateDoc(txn, sql, plan.before.name(), after);
  AppendEvent(txn, event.insert_event,
              {.actor = event.actor,
               .type = event.type,
               .resource = plan.before.name(),
               .before_json = before,
               .after_json = after.json,
               .request_id = event.request_id});
  return FromDocRow<Resource>(row);
}

}  // namespace summit
