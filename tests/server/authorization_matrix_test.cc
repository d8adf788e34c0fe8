// Who may call what: every RPC of every hosted service (found from the
// descriptors) × every kind of caller, against a fresh set of objects for
// each RPC (a submitted recommendation under double-blind review, a meeting
// with an action item, a credential, a briefing package). kAllowed below is
// the one table of who may; an RPC missing from it fails the test, which
// prints what it observed so the new row can be reviewed and added.
//
// A caller outside a row's set must be refused (UNAUTHENTICATED,
// PERMISSION_DENIED or NOT_FOUND) before anything else is said; a caller in
// it must get past authorization (any other answer). Blind review is checked
// in every answer: the double-blind reviewer never sees an author's id, and
// the authors never see the reviewer's.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/time_util.h>

#include <map>
#include <set>

#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "services/common/token.h"
#include "services/server/service_catalog.h"
#include "summit/briefing/v1/briefing_service.grpc.pb.h"
#include "summit/meetings/v1/meeting_service.grpc.pb.h"
#include "tests/reviews/reviews_test_base.h"
#include "tests/support/raw_call.h"

namespace summit::testing {
namespace {

using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;
namespace mv1 = meetings::v1;
namespace bv1 = briefing::v1;

// Callers, by kind. The first four never get past authentication.
const std::vector<std::string> kCallers = {"none",        "forged",     "expired", "revoked",
                                           "observer",    "expert",     "author",  "reviewer",
                                           "coordinator", "conflicted", "admin",   "service"};

// Sets used in the table.
constexpr char kEveryone[] = "observer expert author reviewer coordinator conflicted admin service";
constexpr char kAnyone[] =
    "none forged expired revoked observer expert author reviewer coordinator conflicted admin "
    "service";
constexpr char kPeople[] = "observer expert author reviewer coordinator conflicted admin";

// RPC -> (request in text format, with {placeholders}; who may call it).
struct Row {
  std::string request;
  std::string allowed;
};

const std::map<std::string, Row>& Table() {
  static const auto* const kTable = new std::map<std::string, Row>{
      // Directory: reads for everyone; summits and tracks for coordinators and
      // admins; organisations and people for admins; one's own profile and
      // credentials for oneself.
      {"DirectoryService/CreateSummit",
       {R"(summit_id: "s{n}" summit { display_name: "S" start_date: "{start_date}"
           end_date: "{end_date}" time_zone: "Asia/Almaty" languages: "en" })",
        "coordinator conflicted admin"}},
      {"DirectoryService/GetSummit", {R"(name: "{summit}")", kEveryone}},
      {"DirectoryService/ListSummits", {"", kEveryone}},
      {"DirectoryService/UpdateSummit",
       {R"(summit { name: "{summit}" display_name: "Summit {n}" } update_mask { paths: "display_name" })",
        "coordinator conflicted admin"}},
      {"DirectoryService/CreateTrack",
       {R"(parent: "{summit}" track_id: "t{n}" track { display_name: "T" })",
        "coordinator conflicted admin"}},
      {"DirectoryService/GetTrack", {R"(name: "{summit}/tracks/ai")", kEveryone}},
      {"DirectoryService/ListTracks", {R"(parent: "{summit}")", kEveryone}},
      {"DirectoryService/UpdateTrack",
       {R"(track { name: "{summit}/tracks/ai" display_name: "AI {n}" } update_mask { paths: "display_name" })",
        "coordinator conflicted admin"}},
      {"DirectoryService/CreateOrganization",
       {R"(organization_id: "o{n}" organization { display_name: "O" kind: KIND_THINK_TANK
           country_code: "KZ" })",
        "admin"}},
      {"DirectoryService/GetOrganization", {R"(name: "organizations/kisi")", kEveryone}},
      {"DirectoryService/ListOrganizations", {"", kEveryone}},
      {"DirectoryService/UpdateOrganization",
       {R"(organization { name: "organizations/kisi" display_name: "KISI {n}" } update_mask { paths: "display_name" })",
        "admin"}},
      {"DirectoryService/CreatePerson",
       {R"(person_id: "p{n}" person { display_name: "P" email: "p{n}@x.example"
           organization: "organizations/kisi" roles: ROLE_EXPERT })",
        "admin"}},
      {"DirectoryService/GetPerson", {R"(name: "people/aigerim")", kEveryone}},
      {"DirectoryService/ListPeople", {"", kEveryone}},
      {"DirectoryService/UpdatePerson",
       {R"(person { name: "people/aigerim" time_zone: "Asia/Almaty" } update_mask { paths: "time_zone" })",
        "author admin"}},
      {"DirectoryService/CreateCredential",
       {R"(parent: "people/aigerim" credential { display_name: "laptop" })", "author admin"}},
      {"DirectoryService/ListCredentials", {R"(parent: "people/aigerim")", "author admin"}},
      {"DirectoryService/RevokeCredential", {R"(name: "{credential}")", "author admin"}},
      {"DirectoryService/WhoAmI", {"", kEveryone}},
      {"DirectoryService/ImportDirectory",
       {R"(organizations_csv: "id,display_name,kind,country_code\nimp{n},I,think_tank,KZ\n"
           dry_run: true)",
        "admin"}},
      // Signing in needs no credentials: every caller gets past (a malformed
      // code is INVALID_ARGUMENT, an unknown email the usual answer).
      {"DirectoryService/StartSignIn", {R"(email: "nobody{n}@x.example")", kAnyone}},
      {"DirectoryService/CompleteSignIn", {R"(email: "nobody@x.example" code: "12345")", kAnyone}},
      // These three run last: they revoke the callers' own tokens or lee's.
      {"DirectoryService/SignOut", {"", kEveryone}},
      {"DirectoryService/DeactivatePerson", {R"(name: "people/lee" reason: "test")", "admin"}},
      {"DirectoryService/ReactivatePerson", {R"(name: "people/lee")", "admin"}},
      // Notifications: each person their own; mail deliveries for admins.
      {"NotificationService/ListNotifications", {"", kPeople}},
      {"NotificationService/MarkNotificationsRead", {"all: true", kPeople}},
      {"NotificationService/GetNotificationPreferences", {"", kPeople}},
      {"NotificationService/UpdateNotificationPreferences",
       {"preferences { default_delivery: DELIVERY_INBOX_ONLY }", kPeople}},
      {"NotificationService/GetMyWork", {"", kPeople}},
      {"NotificationService/ListMailDeliveries", {"", "admin"}},
      {"NotificationInternalService/DeliverSignInCode",
       {R"(challenge_id: "c{n}" person: "people/aigerim" email: "a@x.example" code: "123456")",
        "service"}},
      {"DirectoryInternalService/RecordCredentialUse", {"", "service"}},
      // Recommendations: drafts by experts; a submitted one under review is
      // seen by its authors, coordinators and its reviewers.
      {"RecommendationService/CreateRecommendation",
       {R"(parent: "{summit}" recommendation { track: "{summit}/tracks/ai" }
           first_version { title: "T" summary: "S" body: "B" language: "en" })",
        "expert author reviewer"}},
      {"RecommendationService/GetRecommendation",
       {R"(name: "{rec}")", "author reviewer coordinator conflicted service"}},
      {"RecommendationService/ListRecommendations",
       {R"(parent: "{summit}")",
        "observer expert author reviewer coordinator conflicted admin service"}},
      {"RecommendationService/UpdateRecommendation",
       {R"(recommendation { name: "{rec}" priority: PRIORITY_HIGH } update_mask { paths: "priority" })",
        "author"}},
      {"RecommendationService/CreateVersion",
       {R"(parent: "{rec}" version { title: "T2" summary: "S2" body: "B2" language: "en" })",
        "author"}},
      {"RecommendationService/GetVersion",
       {R"(name: "{rec}/versions/1")", "author reviewer coordinator conflicted service"}},
      {"RecommendationService/ListVersions",
       {R"(parent: "{rec}")", "author reviewer coordinator conflicted service"}},
      {"RecommendationService/DiffVersions",
       {R"(name: "{rec}" from_version: 1 to_version: 1)",
        "author reviewer coordinator conflicted service"}},
      {"RecommendationService/SetTranslation",
       {R"(parent: "{rec}" translation { language: "ru" title: "Т" summary: "С" body: "Б"
           kind: KIND_HUMAN_CHECKED })",
        "author coordinator conflicted service"}},
      {"RecommendationService/ListTranslations",
       {R"(parent: "{rec}")", "author reviewer coordinator conflicted service"}},
      {"RecommendationService/SubmitRecommendation", {R"(name: "{rec}")", "author"}},
      // Files: uploads are their starter's (an author's; the world's work is
      // in review, so they get past authorization to FAILED_PRECONDITION);
      // attachments are read as the version is.
      {"RecommendationService/TraceRecommendation",
       {R"(name: "{rec}")", "coordinator conflicted service"}},
      // Sharing a draft for a meeting: its authors.
      {"RecommendationService/ShareWithMeeting",
       {R"(name: "{rec}" meeting: "{meeting}")", "author"}},
      {"RecommendationService/UnshareWithMeeting",
       {R"(name: "{rec}" meeting: "{meeting}")", "author"}},
      {"RecommendationService/StartUpload",
       {R"(parent: "{rec}" filename: "a.pdf" size_bytes: 10)", "author"}},
      {"RecommendationService/AppendUploadChunk",
       {R"(name: "{upload}" offset: 0 data: "x")", "author"}},
      {"RecommendationService/AttachUpload", {R"(name: "{upload}")", "author"}},
      {"RecommendationService/ImportVersion", {R"(upload: "{upload}")", "author"}},
      {"RecommendationService/ListAttachments",
       {R"(parent: "{rec}/versions/1")", "author reviewer coordinator conflicted service"}},
      {"RecommendationService/ReadAttachment",
       {R"(name: "{attachment}")", "author reviewer coordinator conflicted service"}},
      {"RecommendationService/WithdrawRecommendation",
       {R"(name: "{rec}" reason: "no longer needed")", "author"}},
      {"ReviewService/OpenReviewCycle",
       {R"(parent: "{rec}" policy { required_reviews: 1 })", "coordinator service"}},
      {"ReviewService/GetReviewCycle",
       {R"(name: "{cycle}")", "author reviewer coordinator conflicted service"}},
      {"ReviewService/ListReviewCycles",
       {R"(parent: "{rec}")", "author reviewer coordinator conflicted service"}},
      {"ReviewService/CancelReviewCycle",
       {R"(name: "{cycle}" reason: "r")", "coordinator service"}},
      {"ReviewService/CreateAssignment",
       {R"(parent: "{cycle}" reviewer: "people/lee")", "coordinator service"}},
      {"ReviewService/ListAssignments",
       {R"(parent: "{cycle}")", "author reviewer coordinator conflicted service"}},
      {"ReviewService/SuggestReviewers", {R"(name: "{cycle}")", "coordinator service"}},
      {"ReviewService/AcceptSuggestions",
       {R"(name: "{cycle}" people: "people/lee")", "coordinator service"}},
      {"ReviewService/RespondToAssignment",
       {R"(name: "{assignment}" accept: false reason: "travelling")", "reviewer"}},
      {"ReviewService/SubmitReview",
       {R"(parent: "{assignment}" review { verdict: VERDICT_APPROVE
           scores { relevance: 4 feasibility: 4 impact: 4 } comments_to_authors: "Good." })",
        "reviewer"}},
      {"ReviewService/ListReviews",
       {R"(parent: "{cycle}")", "author reviewer coordinator conflicted service"}},
      {"ReviewService/DecideReviewCycle",
       {R"(name: "{cycle}" outcome: OUTCOME_REQUEST_CHANGES rationale: "r")",
        "coordinator service"}},
      {"ReviewService/GetStatusBoard", {R"(summit: "{summit}")", "coordinator conflicted service"}},
      {"ReviewService/ExportTable",
       {R"(summit: "{summit}" table: TABLE_REVIEWS format: FORMAT_CSV)",
        "coordinator conflicted service"}},
      // Managing a round: deciders; a review's edits: its reviewer.
      {"ReviewService/UpdateAssignment",
       {R"(assignment { name: "{open_assignment}" review_due_time { seconds: {future_week} } }
           update_mask { paths: "review_due_time" })",
        "coordinator service"}},
      {"ReviewService/RemoveAssignment",
       {R"(name: "{open_assignment}" reason: "silent")", "coordinator service"}},
      {"ReviewService/UpdateReview",
       {R"(review { name: "{review}" verdict: VERDICT_MINOR_CHANGES
           scores { relevance: 3 feasibility: 3 impact: 3 } comments_to_authors: "Edited." })",
        "reviewer"}},
      {"ReviewService/ListReviewRevisions",
       {R"(parent: "{review}")", "reviewer coordinator conflicted service"}},
      // Author responses: written by the authors (the world's cycle asks for
      // none: they get past authorization to FAILED_PRECONDITION); read by
      // those in the round (none written: NOT_FOUND for everyone).
      {"ReviewService/SubmitAuthorResponse",
       {R"(parent: "{cycle}" author_response { body: "Thanks" })", "author"}},
      {"ReviewService/GetAuthorResponse", {R"(name: "{cycle}/authorResponse")", ""}},
      // Discussion: those in the thread's audience; edits by the writer.
      {"ReviewService/CreateComment",
       {R"(parent: "{rec}" comment { audience: AUDIENCE_ALL review_cycle: "{cycle}" body: "Q" })",
        "author reviewer coordinator conflicted service"}},
      {"ReviewService/ListComments",
       {R"(parent: "{rec}")", "author reviewer coordinator conflicted service"}},
      {"ReviewService/UpdateComment",
       {R"(comment { name: "{comment}" body: "Edited" })", "author"}},
      {"ReviewService/DeleteComment",
       {R"(name: "{comment}")", "author coordinator conflicted service"}},
      {"ReviewService/ListCommentRevisions",
       {R"(parent: "{comment}")", "author reviewer coordinator conflicted service"}},
      {"MeetingService/CreateMeeting",
       {R"(parent: "{summit}" meeting_id: "m{n}" meeting { kind: KIND_SEMINAR title: "M"
           start_time { seconds: {future} } end_time { seconds: {future_end} }
           time_zone: "Asia/Almaty" place: "Astana" })",
        "expert author reviewer coordinator conflicted service"}},
      {"MeetingService/GetMeeting",
       {R"(name: "{meeting}")", "author coordinator conflicted service"}},
      {"MeetingService/ListMeetings",
       {R"(parent: "{summit}")",
        "observer expert author reviewer coordinator conflicted admin service"}},
      {"MeetingService/UpdateMeeting",
       {R"(meeting { name: "{meeting}" place: "Almaty" } update_mask { paths: "place" })",
        "coordinator conflicted"}},
      {"MeetingService/ScheduleMeeting", {R"(name: "{meeting}")", "coordinator conflicted"}},
      {"MeetingService/HoldMeeting", {R"(name: "{meeting}")", "coordinator conflicted"}},
      {"MeetingService/CancelMeeting",
       {R"(name: "{meeting}" reason: "r")", "coordinator conflicted"}},
      {"MeetingService/InviteParticipants",
       {R"(name: "{meeting}" people: "people/lee")", "coordinator conflicted"}},
      {"MeetingService/RespondToInvitation",
       {R"(name: "{meeting}" rsvp: RSVP_ACCEPTED)", "author"}},
      {"MeetingService/RecordAttendance",
       {R"(name: "{meeting}" attendance { key: "people/aigerim" value: ATTENDANCE_ATTENDED })",
        "coordinator conflicted"}},
      {"MeetingService/SetAgenda",
       {R"(name: "{meeting}" items { title: "Opening" duration_minutes: 10 })",
        "coordinator conflicted"}},
      {"MeetingService/CreateMinutesVersion",
       {R"(parent: "{meeting}" minutes { text: "Notes" })",
        "author coordinator conflicted service"}},
      {"MeetingService/ListMinutesVersions",
       {R"(parent: "{meeting}")", "author coordinator conflicted service"}},
      {"MeetingService/ApproveMinutes", {R"(name: "{meeting}")", "coordinator conflicted"}},
      {"MeetingService/CreateActionItem",
       {R"(parent: "{meeting}" action_item { title: "Send figures" assignee: "people/aigerim"
           due_time { seconds: {future} } })",
        "coordinator conflicted"}},
      {"MeetingService/UpdateActionItemState",
       {R"(name: "{action}" state: STATE_DONE)", "author coordinator"}},
      {"MeetingService/ListActionItems",
       {R"(parent: "{meeting}")", "author coordinator conflicted service"}},
      {"MeetingService/ListMyActionItems",
       {R"(person: "people/aigerim")", "author coordinator conflicted"}},
      {"MeetingService/FindSlots",
       {R"(participants: "people/aigerim" participants: "people/kim" duration { seconds: 3600 }
           from_time { seconds: {future} } to_time { seconds: {future_week} })",
        "observer expert author reviewer coordinator conflicted admin service"}},
      {"MeetingService/ExportMeetingCalendar",
       {R"(name: "{meeting}")", "author coordinator conflicted service"}},
      {"MeetingService/ExportPersonCalendar",
       {R"(person: "people/aigerim")", "author coordinator conflicted"}},
      {"BriefingService/CompileBriefingPackage",
       {R"(parent: "{summit}")", "coordinator conflicted service"}},
      {"BriefingService/GetBriefingPackage",
       {R"(name: "{package}")",
        "observer expert author reviewer coordinator conflicted admin service"}},
      {"BriefingService/ListBriefingPackages",
       {R"(parent: "{summit}")",
        "observer expert author reviewer coordinator conflicted admin service"}},
      {"BriefingService/FinalizeBriefingPackage",
       {R"(name: "{package}")", "coordinator conflicted service"}},
      {"BriefingService/ExportBriefingPackage",
       {R"(name: "{package}" language: "en" format: DOCUMENT_FORMAT_MARKDOWN)",
        "observer expert author reviewer coordinator conflicted admin service"}},
      {"FeedService/ListEvents", {"", kEveryone}},
      {"FeedService/WatchEvents", {"", ""}},  // a stream: only refusals are called
      // Internal services: Summit's own servers only.
      {"DirectoryInternalService/ListRevokedTokens", {"", "service"}},
      {"RecommendationInternalService/ApplyReviewEvent",
       {R"(name: "{rec}" event_id: "e{n}" target_state: STATE_CHANGES_REQUESTED)", "service"}},
      {"RecommendationInternalService/SetMeetingReaders",
       {R"(meeting: "{meeting}" version: 1 readers: "people/aigerim")", "service"}},
      {"RecommendationInternalService/SetReviewers",
       {R"(name: "{rec}" event_id: "e{n}" reviewers: "people/serik")", "service"}},
      // Even a server must name the person it reads for (x-summit-on-behalf-of):
      // without that, everyone is refused.
      {"EventSourceService/ListSourceEvents", {R"(source: "directory")", ""}},
  };
  return *kTable;
}

bool Refused(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAUTHENTICATED || code == grpc::StatusCode::PERMISSION_DENIED ||
         code == grpc::StatusCode::NOT_FOUND;
}

class AuthorizationMatrixTest : public ReviewsTest {
 protected:
  void SetUp() override {
    ReviewsTest::SetUp();
    conflicted_ = server_->MakePerson("altynai", {dv1::ROLE_COORDINATOR}, "organizations/kisi");
    meetings_ = mv1::MeetingService::NewStub(server_->Channel());
    briefing_ = bv1::BriefingService::NewStub(server_->Channel());
    TokenCodec codec = *TokenCodec::Create(kTestTokenKey);
    auth::internal::v1::TokenClaims claims;
    claims.set_subject("people/aigerim");
    claims.set_token_id("expired-1");
    claims.set_issue_time_seconds(absl::ToUnixSeconds(server_->clock().Now() - absl::Hours(2)));
    claims.set_expire_time_seconds(absl::ToUnixSeconds(server_->clock().Now() - absl::Hours(1)));
    claims.add_roles(dv1::ROLE_EXPERT);
    tokens_ = {{"none", ""},
               {"forged", "smt1.ZXZpbA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
               {"expired", codec.Sign(claims)},
               {"revoked", RevokedToken()},
               {"observer", observer_},
               {"expert", other_expert_},
               {"author", author_},
               {"reviewer", serik_},
               {"coordinator", coordinator_},
               {"conflicted", conflicted_},
               {"admin", server_->admin_token()},
               {"service", server_->ServiceToken()}};
  }

  std::string RevokedToken() {
    dv1::CreateCredentialRequest req;
    req.set_parent("people/aigerim");
    req.mutable_credential()->set_display_name("to revoke");
    dv1::Credential c;
    Check(dir_->CreateCredential(AuthContext(server_->admin_token()).get(), req, &c));
    dv1::RevokeCredentialRequest rv;
    rv.set_name(c.name());
    dv1::Credential revoked;
    Check(dir_->RevokeCredential(AuthContext(server_->admin_token()).get(), rv, &revoked));
    return c.token();
  }

  // Fresh objects for one row: their names by placeholder.
  std::map<std::string, std::string> World(int n) {
    std::map<std::string, std::string> w;
    w["{n}"] = absl::StrCat(n);
    w["{summit}"] = "summits/ca-kr-2025";
    const int64_t future = absl::ToUnixSeconds(server_->clock().Now() + absl::Hours(48));
    w["{future}"] = absl::StrCat(future);
    w["{future_end}"] = absl::StrCat(future + 3600);
    w["{future_week}"] = absl::StrCat(future + 7 * 24 * 3600);
    // A summit a month after the injected clock's today, a day long.
    const absl::Time summit_start = server_->clock().Now() + absl::Hours(24 * 30);
    w["{start_date}"] = absl::FormatTime("%Y-%m-%d", summit_start, absl::UTCTimeZone());
    w["{end_date}"] =
        absl::FormatTime("%Y-%m-%d", summit_start + absl::Hours(24), absl::UTCTimeZone());

    Rec rec = Draft(absl::StrCat("Customs corridor ", n));
    // An annex attached while a draft, and a complete upload never attached.
    w["{attachment}"] = AttachSmallPdf(author_, rec.name()).name();
    w["{upload}"] = SendSmallPdf(author_, rec.name()).name();
    Check(Submit(author_, rec.name(), &rec));
    w["{rec}"] = rec.name();
    const wv1::ReviewCycle cycle = OpenCycle(rec.name(), 1, wv1::BLIND_MODE_DOUBLE_BLIND);
    w["{cycle}"] = cycle.name();
    wv1::Assignment a;
    Check(Assign(cycle.name(), "people/serik", &a));
    Check(Respond(serik_, a.name(), true, &a));
    w["{assignment}"] = a.name();
    // Serik's review is in; lee is invited and has not answered. (The
    // decision row asks for changes: approved work is public, authors named.)
    wv1::Review review;
    Check(Review(serik_, a.name(), wv1::Review::VERDICT_APPROVE, &review));
    w["{review}"] = review.name();
    wv1::Assignment open;
    Check(Assign(cycle.name(), "people/lee", &open));
    w["{open_assignment}"] = open.name();
    Deliver();
    // A discussion under double-blind rules: the author asks, the reviewer answers.
    wv1::CreateCommentRequest ask;
    ask.set_parent(rec.name());
    ask.mutable_comment()->set_audience(wv1::Comment::AUDIENCE_ALL);
    ask.mutable_comment()->set_review_cycle(cycle.name());
    ask.mutable_comment()->set_body("Which figures would help?");
    wv1::Comment question;
    Check(reviews_->CreateComment(AuthContext(author_).get(), ask, &question));
    w["{comment}"] = question.name();
    wv1::CreateCommentRequest answer;
    answer.set_parent(rec.name());
    answer.mutable_comment()->set_reply_to(question.name());
    answer.mutable_comment()->set_body("Trade volumes by year.");
    wv1::Comment reply;
    Check(reviews_->CreateComment(AuthContext(serik_).get(), answer, &reply));

    mv1::CreateMeetingRequest cm;
    cm.set_parent("summits/ca-kr-2025");
    cm.set_meeting_id(absl::StrCat("world-", n));
    mv1::Meeting* m = cm.mutable_meeting();
    m->set_kind(mv1::Meeting::KIND_SEMINAR);
    m->set_title("Seminar");
    *m->mutable_start_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(future);
    *m->mutable_end_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(future + 3600);
    m->set_time_zone("Asia/Almaty");
    m->set_place("Astana");
    mv1::Meeting meeting;
    Check(meetings_->CreateMeeting(AuthContext(coordinator_).get(), cm, &meeting));
    mv1::InviteParticipantsRequest inv;
    inv.set_name(meeting.name());
    inv.add_people("people/aigerim");
    Check(meetings_->InviteParticipants(AuthContext(coordinator_).get(), inv, &meeting));
    w["{meeting}"] = meeting.name();
    mv1::CreateActionItemRequest ca;
    ca.set_parent(meeting.name());
    ca.mutable_action_item()->set_title("Send the trade figures");
    ca.mutable_action_item()->set_assignee("people/aigerim");
    *ca.mutable_action_item()->mutable_due_time() =
        google::protobuf::util::TimeUtil::SecondsToTimestamp(future);
    mv1::ActionItem item;
    Check(meetings_->CreateActionItem(AuthContext(coordinator_).get(), ca, &item));
    w["{action}"] = item.name();

    dv1::CreateCredentialRequest cc;
    cc.set_parent("people/aigerim");
    cc.mutable_credential()->set_display_name(absl::StrCat("cli ", n));
    dv1::Credential credential;
    Check(dir_->CreateCredential(AuthContext(server_->admin_token()).get(), cc, &credential));
    w["{credential}"] = credential.name();

    bv1::CompileBriefingPackageRequest cb;
    cb.set_parent("summits/ca-kr-2025");
    bv1::BriefingPackage package;
    Check(briefing_->CompileBriefingPackage(AuthContext(coordinator_).get(), cb, &package));
    w["{package}"] = package.name();
    return w;
  }

  std::string conflicted_;
  std::unique_ptr<mv1::MeetingService::Stub> meetings_;
  std::unique_ptr<bv1::BriefingService::Stub> briefing_;
  std::map<std::string, std::string> tokens_;
};

TEST_F(AuthorizationMatrixTest, EveryRpcRefusesEveryCallerOutsideItsRow) {
  std::vector<const MethodDescriptor*> methods;
  for (const ServiceModule& module : AllServiceModules()) {
    for (const std::string& name : module.grpc_names) {
      const ServiceDescriptor* s =
          google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
      ASSERT_NE(s, nullptr) << name;
      for (int i = 0; i < s->method_count(); ++i) methods.push_back(s->method(i));
    }
  }
  const ServiceDescriptor* source =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          "summit.feed.internal.v1.EventSourceService");
  for (int i = 0; i < source->method_count(); ++i) methods.push_back(source->method(i));
  // Signing out revokes the caller's own token, and deactivating lee revokes
  // lee's: these run after every other RPC, deactivation before reactivation.
  const std::vector<std::string> last = {"DeactivatePerson", "ReactivatePerson", "SignOut"};
  std::stable_sort(methods.begin(), methods.end(),
                   [&](const MethodDescriptor* a, const MethodDescriptor* b) {
                     auto rank = [&](const MethodDescriptor* m) -> long {
                       auto at = std::find(last.begin(), last.end(), m->name());
                       return at == last.end() ? -1 : at - last.begin();
                     };
                     return rank(a) < rank(b);
                   });

  int cells = 0, unexpected_allows = 0, unexpected_refusals = 0;
  std::vector<std::string> missing;
  std::string observed_rows;
  int n = 0;
  for (const MethodDescriptor* method : methods) {
    const std::string key = absl::StrCat(method->service()->name(), "/", method->name());
    auto row = Table().find(key);
    const bool known = row != Table().end() && row->second.allowed != "TODO";
    const std::map<std::string, std::string> world = World(++n);
    std::unique_ptr<google::protobuf::Message> request(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(method->input_type())
            ->New());
    if (row != Table().end()) {
      std::string text = absl::StrReplaceAll(row->second.request, world);
      ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, request.get()))
          << key << ": " << text;
    }
    const std::set<std::string> allowed =
        known ? absl::StrSplit(row->second.allowed, ' ', absl::SkipEmpty())
              : std::set<std::string>{};
    const std::string path = absl::StrCat("/", method->service()->full_name(), "/", method->name());
    // Refusals first: a call that got through may change what follows.
    std::vector<std::string> order;
    for (const std::string& c : kCallers)
      if (!allowed.count(c)) order.push_back(c);
    for (const std::string& c : kCallers)
      if (allowed.count(c)) order.push_back(c);
    std::vector<std::string> got_through;
    for (const std::string& caller : order) {
      const bool unauthenticated =
          caller == "none" || caller == "forged" || caller == "expired" || caller == "revoked";
      // An accepted watch stays open: of a stream, only the refusals are called.
      if (method->server_streaming() && !unauthenticated) continue;
      ++cells;
      std::string response;
      const grpc::Status s = CallRaw(server_->Channel(), path, request->SerializeAsString(),
                                     tokens_.at(caller), &response);
      const bool refused = Refused(s.error_code());
      if (!refused) got_through.push_back(caller);
      if (!known) continue;
      if (allowed.count(caller) && refused) {
        ++unexpected_refusals;
        ADD_FAILURE() << key << " refused " << caller << ": " << s.error_code() << " "
                      << s.error_message();
      } else if (!allowed.count(caller) && !refused) {
        ++unexpected_allows;
        ADD_FAILURE() << key << " let " << caller << " through: " << s.error_code() << " "
                      << s.error_message();
      }
      // Blind review, in every answer and every refusal.
      const std::string said = response + s.error_message();
      if (caller == "reviewer") {
        for (const char* author : {"people/aigerim", "people/kim"}) {
          if (key != "DirectoryService/GetPerson" && key != "DirectoryService/ListPeople" &&
              key != "MeetingService/FindSlots" && said.find(author) != std::string::npos) {
            ADD_FAILURE() << key << " told the double-blind reviewer about " << author;
          }
        }
      }
      if (caller == "author" && key != "DirectoryService/ListPeople" &&
          said.find("people/serik") != std::string::npos) {
        ADD_FAILURE() << key << " told an author about their reviewer";
      }
    }
    if (!known) {
      missing.push_back(key);
      absl::StrAppend(&observed_rows, "  ", key, ": ", absl::StrJoin(got_through, " "), "\n");
    }
  }
  EXPECT_TRUE(missing.empty()) << "RPCs without a row in the table (observed callers that got "
                                  "through, for review):\n"
                               << observed_rows;
  std::cout << "authorization matrix: " << methods.size() << " RPCs, " << cells
            << " cells, unexpected allows " << unexpected_allows << ", unexpected refusals "
            << unexpected_refusals << "\n";
  EXPECT_GE(methods.size(), 85u);
}

}  // namespace
}  // namespace summit::testing
