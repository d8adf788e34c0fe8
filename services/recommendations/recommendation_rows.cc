#include "services/recommendations/recommendation_rows.h"

#include <pqxx/except>

#include "absl/strings/str_cat.h"
#include "services/common/document_store.h"
#include "services/common/proto_json.h"
#include "services/common/proto_time.h"

namespace summit::recommendations {

std::string VersionName(const std::string& recommendation, int number) {
  return absl::StrCat(recommendation, "/versions/", number);
}

std::string TranslationName(const std::string& recommendation, const std::string& language) {
  return absl::StrCat(recommendation, "/translations/", language);
}

namespace {

// What a column holds, for the binary reader to check its type against.
enum class ValueKind { kText, kJson, kInteger, kBool, kTime };

// Where a result's recommendation columns are, found by name once a result:
// per row of a list page, a lookup by name cost more than reading the values.
template <typename Column>
struct RecommendationColumns {
  template <typename FindColumn>
  explicit RecommendationColumns(FindColumn&& find)
      : name(find("name", ValueKind::kText)),
        number(find("number", ValueKind::kInteger)),
        track(find("track", ValueKind::kText)),
        owner_organization(find("owner_organization", ValueKind::kText)),
        owner_country(find("owner_country", ValueKind::kText)),
        authors(find("authors", ValueKind::kJson)),
        reviewers(find("reviewers", ValueKind::kJson)),
        reviewers_double_blind(find("reviewers_double_blind", ValueKind::kBool)),
        meeting_readers(find("meeting_readers", ValueKind::kJson)),
        draft_readers(find("draft_readers", ValueKind::kJson)),
        shared_meetings(find("shared_meetings", ValueKind::kJson)),
        state(find("state", ValueKind::kText)),
        priority(find("priority", ValueKind::kText)),
        current_version(find("current_version", ValueKind::kInteger)),
        title(find("title", ValueKind::kText)),
        summary(find("summary", ValueKind::kText)),
        version(find("version", ValueKind::kInteger)),
        create_time(find("create_time", ValueKind::kTime)),
        update_time(find("update_time", ValueKind::kTime)),
        submit_time(find("submit_time", ValueKind::kTime)) {}

  Column name, number, track, owner_organization, owner_country, authors, reviewers,
      reviewers_double_blind, meeting_readers, draft_readers, shared_meetings, state, priority,
      current_version, title, summary, version, create_time, update_time, submit_time;
};

// A row of libpqxx's text result, read through the interface Build takes.
struct TextRow {
  using Column = pqxx::row::size_type;
  const pqxx::row& row;
  absl::string_view Text(Column c) const {
    return absl::string_view(row[c].c_str(), row[c].size());
  }
  absl::string_view Json(Column c) const { return Text(c); }
  int64_t Int(Column c) const { return row[c].as<int64_t>(); }
  int64_t UnixMicros(Column c) const { return UnixMicrosFromTimestamptzText(Text(c)); }
  bool Bool(Column c) const { return row[c].as<bool>(); }
  bool IsNull(Column c) const { return row[c].is_null(); }
};

// A row of a binary result, the same interface.
struct BinaryRow {
  using Column = BinaryResult::Column;
  const BinaryResult& result;
  int row;
  absl::string_view Text(Column c) const { return result.Bytes(row, c); }
  absl::string_view Json(Column c) const { return result.Json(row, c); }
  int64_t Int(Column c) const {
    return c.type == pg_type::kInt4 ? result.Int4(row, c) : result.Int8(row, c);
  }
  int64_t UnixMicros(Column c) const { return result.UnixMicros(row, c); }
  bool Bool(Column c) const { return result.Bool(row, c); }
  bool IsNull(Column c) const { return result.IsNull(row, c); }
};

google::protobuf::Timestamp MicrosToProto(int64_t micros) {
  return ToProtoTime(absl::FromUnixMicros(micros));
}

template <typename Row>
RecommendationRow Build(const Row& r, const RecommendationColumns<typename Row::Column>& c) {
  RecommendationRow row;
  v1::Recommendation& m = row.resource;
  // Text goes into the message straight from libpq's buffer.
  const auto copy_text = [&](typename Row::Column column, std::string* out) {
    const absl::string_view text = r.Text(column);
    out->assign(text.data(), text.size());
  };
  copy_text(c.name, m.mutable_name());
  row.number = r.Int(c.number);
  m.set_number(absl::StrCat("REC-", row.number));
  copy_text(c.track, m.mutable_track());
  copy_text(c.owner_organization, m.mutable_owner_organization());
  copy_text(c.owner_country, m.mutable_owner_country());
  row.authors = FromJsonArray(r.Json(c.authors));
  row.reviewers = FromJsonArray(r.Json(c.reviewers));
  row.reviewers_double_blind = r.Bool(c.reviewers_double_blind);
  row.meeting_readers = FromJsonArray(r.Json(c.meeting_readers));
  row.draft_readers = FromJsonArray(r.Json(c.draft_readers));
  row.shared_meetings = FromJsonArray(r.Json(c.shared_meetings));
  for (const std::string& meeting : row.shared_meetings) m.add_shared_with_meetings(meeting);
  for (const std::string& a : row.authors) m.add_authors(a);
  v1::Recommendation::State state;
  if (v1::Recommendation::State_Parse(std::string(r.Text(c.state)), &state)) m.set_state(state);
  v1::Recommendation::Priority priority;
  if (v1::Recommendation::Priority_Parse(std::string(r.Text(c.priority)), &priority))
    m.set_priority(priority);
  m.set_current_version(static_cast<int32_t>(r.Int(c.current_version)));
  copy_text(c.title, m.mutable_title());
  copy_text(c.summary, m.mutable_summary());
  m.set_etag(MakeEtag(r.Int(c.version)));
  *m.mutable_create_time() = MicrosToProto(r.UnixMicros(c.create_time));
  *m.mutable_update_time() = MicrosToProto(r.UnixMicros(c.update_time));
  if (!r.IsNull(c.submit_time))
    *m.mutable_submit_time() = MicrosToProto(r.UnixMicros(c.submit_time));
  return row;
}

}  // namespace

std::vector<RecommendationRow> DecodeRecommendations(const BinaryResult& result) {
  std::vector<RecommendationRow> rows;
  if (result.rows() == 0) return rows;
  using namespace pg_type;
  const RecommendationColumns<BinaryResult::Column> columns([&](const char* name, ValueKind kind) {
    switch (kind) {
      case ValueKind::kInteger:
        return result.Find(name, {kInt4, kInt8});
      case ValueKind::kBool:
        return result.Find(name, {kBool});
      case ValueKind::kJson:
        return result.Find(name, {kJsonb, kJson, kText});
      case ValueKind::kTime:
        return result.Find(name, {kTimestamptz});
      case ValueKind::kText:
        break;
    }
    return result.Find(name, {kText, kVarchar});
  });
  rows.reserve(result.rows());
  for (int row = 0; row < result.rows(); ++row) {
    rows.push_back(Build(BinaryRow{result, row}, columns));
  }
  return rows;
}

std::vector<RecommendationRow> ReadRecommendations(const pqxx::result& result) {
  std::vector<RecommendationRow> rows;
  if (result.empty()) return rows;
  const RecommendationColumns<pqxx::row::size_type> columns(
      [&](const char* name, ValueKind) { return result.column_number(name); });
  rows.reserve(result.size());
  for (const pqxx::row& row : result) rows.push_back(Build(TextRow{row}, columns));
  return rows;
}

RecommendationRow OnlyRow(std::vector<RecommendationRow>&& rows) {
  if (rows.size() != 1) {
    throw pqxx::unexpected_rows(absl::StrCat("expected one recommendation, got ", rows.size()));
  }
  return std::move(rows.front());
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
  *v.mutable_create_time() = MicrosToProto(r["create_time_micros"].as<int64_t>());
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
  *t.mutable_update_time() = MicrosToProto(r["update_time_micros"].as<int64_t>());
  return t;
}

}  // namespace summit::recommendations
