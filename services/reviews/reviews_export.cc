// The coordinators' exports: a summit's status board, recommendations,
// reviews with scores and people as CSV or XLSX. Reviews of work the caller
// wrote are left out (a coordinator-author never reads their own reviews
// outside the blind rules).
#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/proto_json.h"
#include "services/common/proto_time.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/table_export.h"
#include "services/common/transaction.h"
#include "services/common/validation.h"
#include "services/reviews/review_status.h"
#include "services/reviews/reviews.h"
#include "services/reviews/sql/queries.h"

namespace summit::reviews {
namespace {

namespace dv1 = directory::v1;
using Rec = recommendations::v1::Recommendation;
using Request = v1::ExportTableRequest;

// "STATE_IN_REVIEW" -> "in_review"; the enum's own prefix dropped.
template <typename Enum>
std::string Word(Enum value, size_t prefix) {
  const auto* known =
      google::protobuf::GetEnumDescriptor<Enum>()->FindValueByNumber(static_cast<int>(value));
  const std::string name = known ? known->name() : absl::StrCat(static_cast<int>(value));
  return absl::AsciiStrToLower(name.size() > prefix ? name.substr(prefix) : name);
}

std::string Time(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", FromProtoTime(t), absl::UTCTimeZone());
}

}  // namespace

absl::StatusOr<v1::ExportedFile> Reviews::ExportTable(const CallContext& call, DbSession& db,
                                                      const Request& req) const {
  RETURN_IF_ERROR(ParseResourceName("summit", req.summit(), {"summits"}).status());
  if (req.table() == Request::TABLE_UNSPECIFIED || !Request::Table_IsValid(req.table())) {
    return InvalidField("table", "is required: status_board, recommendations, reviews or people");
  }
  if (req.format() == Request::FORMAT_UNSPECIFIED || !Request::Format_IsValid(req.format())) {
    return InvalidField("format", "is required: csv or xlsx");
  }
  if (!call.principal.IsService() && !call.principal.Has(dv1::ROLE_COORDINATOR)) {
    return absl::PermissionDeniedError("exports are for coordinators");
  }
  summit::ExportTable table;
  switch (req.table()) {
    case Request::TABLE_STATUS_BOARD: {
      v1::GetStatusBoardRequest board_req;
      board_req.set_summit(req.summit());
      ASSIGN_OR_RETURN(const v1::StatusBoard board, GetStatusBoard(call, db, board_req));
      table = {.title = "Status board",
               .header = {"Number", "Recommendation", "State", "Waiting on", "Since", "Agreement"},
               .rows = {}};
      for (const auto& item : board.items()) {
        table.rows.push_back({item.number(), item.recommendation(), item.state(),
                              Word(item.waiting_on(), 11), Time(item.waiting_since()),
                              Word(item.agreement(), 10)});
      }
      break;
    }
    case Request::TABLE_RECOMMENDATIONS: {
      ASSIGN_OR_RETURN(const std::vector<Rec> recs,
                       deps_.recommendations->ListSummit(req.summit(), call.deadline));
      table = {
          .title = "Recommendations",
          .header = {"Number", "Title", "Track", "State", "Authors", "Version", "Updated", "Name"},
          .rows = {}};
      for (const Rec& rec : recs) {
        table.rows.push_back(
            {rec.number(), rec.title(), rec.track().substr(rec.track().rfind('/') + 1),
             Word(rec.state(), 6), absl::StrJoin(rec.authors(), "; "),
             static_cast<double>(rec.current_version()), Time(rec.update_time()), rec.name()});
      }
      break;
    }
    case Request::TABLE_REVIEWS: {
      table = {.title = "Reviews",
               .header = {"Number", "Round", "Reviewer", "Who", "Verdict", "Relevance",
                          "Feasibility", "Impact", "Revision", "Submitted", "Comments to authors",
                          "Confidential comments", "Recommendation"},
               .rows = {}};
      RETURN_IF_ERROR(RunTransaction(db, call, [&](pqxx::transaction_base& txn) -> absl::Status {
        table.rows.clear();
        for (const pqxx::row& r : txn.exec_prepared(sql::kReviewsForExport, req.summit())) {
          if (absl::c_linear_search(FromJsonArray(r["authors"].as<std::string>()),
                                    call.principal.subject)) {
            continue;  // the caller's own work: its reviewers stay unknown to them
          }
          v1::Review::Verdict verdict = v1::Review::VERDICT_UNSPECIFIED;
          v1::Review::Verdict_Parse(r["verdict"].as<std::string>(), &verdict);
          table.rows.push_back(
              {r["number"].as<std::string>(), static_cast<double>(r["round"].as<int>()),
               Pseudonym(r["position"].as<int>()), r["reviewer"].as<std::string>(),
               Word(verdict, 8), static_cast<double>(r["relevance"].as<int>()),
               static_cast<double>(r["feasibility"].as<int>()),
               static_cast<double>(r["impact"].as<int>()),
               static_cast<double>(r["revision"].as<int>()),
               Time(ToProtoTime(absl::FromUnixMicros(r["submit_time_micros"].as<int64_t>()))),
               r["comments_to_authors"].as<std::string>(),
               r["confidential_comments"].as<std::string>(),
               r["recommendation"].as<std::string>()});
        }
        return absl::OkStatus();
      }));
      break;
    }
    case Request::TABLE_PEOPLE: {
      table = {.title = "People",
               .header = {"Name", "Display name", "Email", "Organization", "Roles", "Languages",
                          "Time zone", "State"},
               .rows = {}};
      std::map<std::string, dv1::Person> people;
      for (dv1::Role role :
           {dv1::ROLE_ADMIN, dv1::ROLE_COORDINATOR, dv1::ROLE_EXPERT, dv1::ROLE_OBSERVER}) {
        ASSIGN_OR_RETURN(const std::vector<dv1::Person> some,
                         deps_.directory->PeopleWithRole(role, call.deadline));
        for (const dv1::Person& p : some) people[p.name()] = p;
      }
      for (const auto& [name, p] : people) {
        std::vector<std::string> roles;
        for (int role : p.roles()) roles.push_back(Word(static_cast<dv1::Role>(role), 5));
        table.rows.push_back({name, p.display_name(), p.email(), p.organization(),
                              absl::StrJoin(roles, "; "), absl::StrJoin(p.languages(), "; "),
                              p.time_zone(), Word(p.state(), 6)});
      }
      break;
    }
    default:
      break;
  }
  v1::ExportedFile file;
  const std::string base =
      absl::StrCat(req.summit().substr(req.summit().rfind('/') + 1), "-", Word(req.table(), 6));
  if (req.format() == Request::FORMAT_CSV) {
    file.set_filename(base + ".csv");
    file.set_content_type("text/csv; charset=utf-8");
    file.set_content(RenderCsv(table));
  } else {
    ASSIGN_OR_RETURN(std::string bytes, RenderXlsx(table));
    file.set_filename(base + ".xlsx");
    file.set_content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    file.set_content(std::move(bytes));
  }
  return file;
}

}  // namespace summit::reviews
