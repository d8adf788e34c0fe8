#include "services/recommendations/recommendation_rows.h"

#include "absl/strings/str_cat.h"
#include "services/common/document_store.h"
#include "services/common/proto_json.h"
#include "services/common/proto_time.h"

namespace summit::recommendations {
namespace {

google::protobuf::Timestamp MicrosToProto(const pqxx::field& f) {
  return ToProtoTime(absl::FromUnixMicros(f.as<int64_t>()));
}

// Text goes into the message straight from libpq's buffer: no string between.
void CopyText(const pqxx::field& f, std::string* out) { out->assign(f.c_str(), f.size()); }

}  // namespace

std::string VersionName(const std::string& recommendation, int number) {
  return absl::StrCat(recommendation, "/versions/", number);
}

std::string TranslationName(const std::string& recommendation, const std::string& language) {
  return absl::StrCat(recommendation, "/translations/", language);
}

RecommendationRow ReadRecommendation(const pqxx::row& r, const RecommendationColumns& c) {
  RecommendationRow row;
  v1::Recommendation& m = row.resource;
  CopyText(r[c.name], m.mutable_name());
  m.set_number(absl::StrCat("REC-", r[c.number].as<int>()));
  CopyText(r[c.track], m.mutable_track());
  CopyText(r[c.owner_organization], m.mutable_owner_organization());
  CopyText(r[c.owner_country], m.mutable_owner_country());
  row.authors = FromJsonArray(r[c.authors].as<std::string>());
  row.reviewers = FromJsonArray(r[c.reviewers].as<std::string>());
  row.reviewers_double_blind = r[c.reviewers_double_blind].as<bool>();
  row.meeting_readers = FromJsonArray(r[c.meeting_readers].as<std::string>());
  row.draft_readers = FromJsonArray(r[c.draft_readers].as<std::string>());
  row.shared_meetings = FromJsonArray(r[c.shared_meetings].as<std::string>());
  for (const std::string& meeting : row.shared_meetings) m.add_shared_with_meetings(meeting);
  for (const std::string& a : row.authors) m.add_authors(a);
  v1::Recommendation::State state;
  if (v1::Recommendation::State_Parse(r[c.state].as<std::string>(), &state)) m.set_state(state);
  v1::Recommendation::Priority priority;
  if (v1::Recommendation::Priority_Parse(r[c.priority].as<std::string>(), &priority))
    m.set_priority(priority);
  m.set_current_version(r[c.current_version].as<int>());
  CopyText(r[c.title], m.mutable_title());
  CopyText(r[c.summary], m.mutable_summary());
  m.set_etag(MakeEtag(r[c.version].as<int64_t>()));
  *m.mutable_create_time() = MicrosToProto(r[c.create_time_micros]);
  *m.mutable_update_time() = MicrosToProto(r[c.update_time_micros]);
  if (!r[c.submit_time_micros].is_null())
    *m.mutable_submit_time() = MicrosToProto(r[c.submit_time_micros]);
  return row;
}

RecommendationRow ReadRecommendation(const pqxx::row& r) {
  return ReadRecommendation(r, RecommendationColumns(r));
}

v1::RecommendationVersion ReadVersion(const pqxx::row& r) {
  v1::RecommendationVersion v;
  v.set_version_number(r["number"].as<int>());
  v.set_name(VersionName(r["recommendation"].as<std::string>(), v.version_number()));
  v.set_title(r["title"].as<std::string>());
  v.set_summary(r["summary"].as<std::string>());
  v.set_body(r["body"].as<std::string>());
  v.set_language(r["language"].as<std::string>());
  v.set_change_note(r["change_note"].as<std::string>());
  v.set_author(r["author"].as<std::string>());
  *v.mutable_create_time() = MicrosToProto(r["create_time_micros"]);
  return v;
}

v1::Translation ReadTranslation(const pqxx::row& r, int current_version) {
  v1::Translation t;
  t.set_language(r["language"].as<std::string>());
  t.set_name(TranslationName(r["recommendation"].as<std::string>(), t.language()));
  t.set_title(r["title"].as<std::string>());
  t.set_summary(r["summary"].as<std::string>());
  t.set_body(r["body"].as<std::string>());
  v1::Translation::Kind kind;
  if (v1::Translation::Kind_Parse(r["kind"].as<std::string>(), &kind)) t.set_kind(kind);
  t.set_source_version(r["source_version"].as<int>());
  t.set_stale(t.source_version() < current_version);
  t.set_translator(r["translator"].as<std::string>());
  t.set_etag(MakeEtag(r["version"].as<int64_t>()));
  *t.mutable_update_time() = MicrosToProto(r["update_time_micros"]);
  return t;
}

}  // namespace summit::recommendations
