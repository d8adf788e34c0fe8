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

}  // namespace

std::string VersionName(const std::string& recommendation, int number) {
  return absl::StrCat(recommendation, "/versions/", number);
}

std::string TranslationName(const std::string& recommendation, const std::string& language) {
  return absl::StrCat(recommendation, "/translations/", language);
}

RecommendationRow ReadRecommendation(const pqxx::row& r) {
  RecommendationRow row;
  v1::Recommendation& m = row.resource;
  m.set_name(r[0].as<std::string>());
  m.set_number(absl::StrCat("REC-", r[1].as<int>()));
  m.set_track(r[2].as<std::string>());
  m.set_owner_organization(r[3].as<std::string>());
  m.set_owner_country(r[4].as<std::string>());
  row.authors = FromJsonArray(r[5].as<std::string>());
  row.reviewers = FromJsonArray(r[6].as<std::string>());
  for (const std::string& a : row.authors) m.add_authors(a);
  v1::Recommendation::State state;
  if (v1::Recommendation::State_Parse(r[7].as<std::string>(), &state)) m.set_state(state);
  v1::Recommendation::Priority priority;
  if (v1::Recommendation::Priority_Parse(r[8].as<std::string>(), &priority))
    m.set_priority(priority);
  m.set_current_version(r[9].as<int>());
  m.set_title(r[10].as<std::string>());
  m.set_summary(r[11].as<std::string>());
  m.set_etag(MakeEtag(r[12].as<int64_t>()));
  *m.mutable_create_time() = MicrosToProto(r[13]);
  *m.mutable_update_time() = MicrosToProto(r[14]);
  if (!r[15].is_null()) *m.mutable_submit_time() = MicrosToProto(r[15]);
  return row;
}

v1::RecommendationVersion ReadVersion(const pqxx::row& r) {
  v1::RecommendationVersion v;
  v.set_version_number(r[1].as<int>());
  v.set_name(VersionName(r[0].as<std::string>(), v.version_number()));
  v.set_title(r[2].as<std::string>());
  v.set_summary(r[3].as<std::string>());
  v.set_body(r[4].as<std::string>());
  v.set_language(r[5].as<std::string>());
  v.set_change_note(r[6].as<std::string>());
  v.set_author(r[7].as<std::string>());
  *v.mutable_create_time() = MicrosToProto(r[8]);
  return v;
}

v1::Translation ReadTranslation(const pqxx::row& r, int current_version) {
  v1::Translation t;
  t.set_language(r[1].as<std::string>());
  t.set_name(TranslationName(r[0].as<std::string>(), t.language()));
  t.set_title(r[2].as<std::string>());
  t.set_summary(r[3].as<std::string>());
  t.set_body(r[4].as<std::string>());
  v1::Translation::Kind kind;
  if (v1::Translation::Kind_Parse(r[5].as<std::string>(), &kind)) t.set_kind(kind);
  t.set_source_version(r[6].as<int>());
  t.set_stale(t.source_version() < current_version);
  t.set_translator(r[7].as<std::string>());
  t.set_etag(MakeEtag(r[8].as<int64_t>()));
  *t.mutable_update_time() = MicrosToProto(r[9]);
  return t;
}

}  // namespace summit::recommendations
