#pragma once
// SQL of uploads and attachments (migrations/0004_attachments.sql).

#include "services/common/db_pool.h"

#define UPLOAD_COLUMNS                                                              \
  "name, recommendation, uploader, filename, size_bytes, sha256, received_bytes, "  \
  "coalesce(attachment, '') AS attachment, recommendations.micros(expire_time) AS " \
  "expire_time_micros"
#define ATTACHMENT_COLUMNS                                                              \
  "name, recommendation, version, upload, filename, content_type, size_bytes, sha256, " \
  "uploader, source_document, recommendations.micros(create_time) AS create_time_micros"

namespace summit::recommendations::sql {

// (name, recommendation, uploader, filename, size_bytes, sha256, expire_micros) -> upload
inline const PreparedStatement kInsertUpload{
    "rec_upload_insert",
    "INSERT INTO recommendations.uploads (name, recommendation, uploader, filename, size_bytes, "
    "sha256, expire_time) VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::bigint / 1e6)) "
    "RETURNING " UPLOAD_COLUMNS};
// (name) -> upload, locked
inline const PreparedStatement kGetUploadForUpdate{
    "rec_upload_get",
    "SELECT " UPLOAD_COLUMNS " FROM recommendations.uploads WHERE name = $1 FOR UPDATE"};
// (upload, byte_offset, data)
inline const PreparedStatement kInsertUploadChunk{
    "rec_upload_chunk_insert",
    "INSERT INTO recommendations.upload_chunks (upload, byte_offset, data) VALUES ($1, $2, $3)"};
// (upload, byte_offset) -> data
inline const PreparedStatement kGetUploadChunk{
    "rec_upload_chunk_get",
    "SELECT data FROM recommendations.upload_chunks WHERE upload = $1 AND byte_offset = $2"};
// (name, received_bytes) -> upload
inline const PreparedStatement kSetUploadReceived{
    "rec_upload_received",
    "UPDATE recommendations.uploads SET received_bytes = $2 WHERE name = $1 "
    "RETURNING " UPLOAD_COLUMNS};
// (name, attachment)
inline const PreparedStatement kMarkUploadUsed{
    "rec_upload_used", "UPDATE recommendations.uploads SET attachment = $2 WHERE name = $1"};
// (upload, from, to) -> byte_offset, data of the chunks overlapping [from, to)
inline const PreparedStatement kReadUploadRange{
    "rec_upload_range",
    "SELECT byte_offset, data FROM recommendations.upload_chunks WHERE upload = $1 "
    "AND byte_offset < $3 AND byte_offset + length(data) > $2 ORDER BY byte_offset"};

// (name, recommendation, version, upload, filename, content_type, size_bytes,
//  sha256, uploader, source_document) -> attachment
inline const PreparedStatement kInsertAttachment{
    "rec_attachment_insert",
    "INSERT INTO recommendations.attachments (name, recommendation, version, upload, filename, "
    "content_type, size_bytes, sha256, uploader, source_document) VALUES ($1, $2, $3, $4, $5, "
    "$6, $7, $8, $9, $10) RETURNING " ATTACHMENT_COLUMNS};
// (name) -> attachment
inline const PreparedStatement kGetAttachment{"rec_attachment_get",
                                              "SELECT " ATTACHMENT_COLUMNS
                                              " FROM recommendations.attachments WHERE name = $1"};
// (recommendation, version) -> attachments, oldest first
inline const PreparedStatement kListAttachments{
    "rec_attachment_list", "SELECT " ATTACHMENT_COLUMNS
                           " FROM recommendations.attachments "
                           "WHERE recommendation = $1 AND version = $2 ORDER BY create_time, name"};

}  // namespace summit::recommendations::sql
