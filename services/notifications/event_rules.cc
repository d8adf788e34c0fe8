#include "services/notifications/event_rules.h"

#include <set>

#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/event_log.h"
#include "services/common/proto_time.h"
#include "services/notifications/sql/queries.h"
#include "services/reviews/comment_rules.h"
#include "summit/directory/v1/resources.pb.h"
#include "summit/meetings/v1/resources.pb.h"
#include "summit/recommendations/v1/resources.pb.h"
#include "summit/reviews/v1/resources.pb.h"

namespace summit::notifications {
namespace {

using Meeting = meetings::v1::Meeting;
using Recommendation = recommendations::v1::Recommendation;

constexpr char kCoordinators[] = "role:coordinator";

template <typename M>
bool Decode(const google::protobuf::Value& value, M* out) {
  return value.has_struct_value() && FromJson(ToJson(value), out).ok();
}

// A stored document leaves its name to the row: the event's resource names it.
template <typename M>
bool DecodeResource(const feed::v1::Event& e, const google::protobuf::Value& value, M* out) {
  if (!Decode(value, out)) return false;
  if (out->name().empty()) out->set_name(e.resource());
  return true;
}

std::optional<absl::Time> TimeOf(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return std::nullopt;
  return FromProtoTime(t);
}

std::string DedupeKey(const feed::v1::Event& e) { return absl::StrCat(e.source(), ":", e.id()); }

std::string RecTitle(const Recommendation& rec) {
  if (rec.number().empty()) return rec.title();
  return absl::StrCat(rec.number(), " «", rec.title(), "»");
}

// "REC-12 «Title»" of the recommendation a resource lies under.
std::string TitleUnder(Producer& p, const std::string& resource) {
  const std::optional<Recommendation> rec = p.Get<Recommendation>(LeadingSegments(resource, 4));
  return rec ? RecTitle(*rec) : LeadingSegments(resource, 4);
}

class Rules {
 public:
  Rules(Producer& p, const feed::v1::Event& e, bool notify) : p_(p), e_(e), notify_(notify) {}

  void Apply() {
    const std::string& type = e_.type();
    if (absl::StartsWith(type, "directory.person.")) return Person();
    if (type == "directory.summit.created" || type == "directory.summit.updated") return Summit();
    if (absl::StartsWith(type, "recommendations.recommendation.")) return RecommendationEvent();
    if (type == "reviews.cycle.opened") return CycleOpened();
    if (type == "reviews.cycle.decided" || type == "reviews.cycle.cancelled") {
      return p_.CloseWork(e_.resource());
    }
    if (absl::StartsWith(type, "reviews.assignment.")) return AssignmentEvent();
    if (type == "reviews.comment.created") return CommentCreated();
    if (type == "reviews.cycle.reviews_in") return ReviewsIn();
    if (type == "reviews.author_response.submitted") return AuthorResponded();
    if (type == "reviews.review.submitted") return ReviewSubmitted();
    if (type == "meetings.minutes.created") return MinutesCreated();
    if (type == "meetings.minutes.approved") {
      MeetingEvent();
      return p_.CloseWork(e_.resource(), "minutes");
    }
    if (absl::StartsWith(type, "meetings.action_item.")) return ActionItemEvent();
    if (absl::StartsWith(type, "meetings.")) return MeetingEvent();
  }

 private:
  void Tell(const std::string& recipient, v1::NotificationKind kind, const std::string& resource,
            MessageFacts facts, std::optional<absl::Time> due = std::nullopt,
            std::optional<IcsEvent> ics = std::nullopt, std::string ics_method = "") {
    if (!notify_ || recipient.empty()) return;
    p_.Notify(Notice{.recipient = recipient,
                     .kind = kind,
                     .resource = resource,
                     .summit = SummitOfResource(resource),
                     .facts = std::move(facts),
                     .due = due,
                     .dedupe_key = absl::StrCat(DedupeKey(e_), ":", kind),
                     .ics = std::move(ics),
                     .ics_method = std::move(ics_method)});
  }

  void Person() {
    directory::v1::Person person;
    if (DecodeResource(e_, e_.after(), &person)) {
      p_.Put(person.name(), "person", person);
    }
  }

  void Summit() {
    directory::v1::Summit summit;
    if (!DecodeResource(e_, e_.after(), &summit)) return;
    const std::optional<directory::v1::Summit> before =
        p_.Get<directory::v1::Summit>(summit.name());
    p_.Put(summit.name(), "summit", summit);
    const std::optional<absl::Time> deadline = TimeOf(summit.submission_deadline());
    if (deadline && (!before || TimeOf(before->submission_deadline()) != deadline)) {
      p_.txn().exec_prepared(sql::kRedateDrafts, summit.name(), absl::ToUnixMicros(*deadline));
    }
  }

  void RecommendationEvent() {
    Recommendation rec;
    const bool whole = DecodeResource(e_, e_.after(), &rec) && rec.authors_size() > 0;
    if (!whole) {
      // A state change: the recommendation before it, and the new state.
      rec.Clear();
      if (!DecodeResource(e_, e_.before(), &rec)) return;
      const auto& fields = e_.after().struct_value().fields();
      auto state = fields.find("state");
      Recommendation::State to;
      if (state == fields.end() ||
          !Recommendation::State_Parse(state->second.string_value(), &to)) {
        return;
      }
      rec.set_state(to);
      auto reason = fields.find("reason");
      if (reason != fields.end()) reason_ = reason->second.string_value();
    }
    const std::optional<Recommendation> before = p_.Get<Recommendation>(rec.name());
    p_.Put(rec.name(), "recommendation", rec);
    SyncRecommendationWork(rec);
    if (before && before->state() == rec.state()) return;
    MessageFacts facts{.title = RecTitle(rec), .text = {}, .times = {}};
    if (!reason_.empty()) facts.text["reason"] = reason_;
    for (const std::string& author : rec.authors()) {
      switch (rec.state()) {
        case Recommendation::STATE_SUBMITTED:
          Tell(author, v1::NOTIFICATION_KIND_SUBMISSION_RECEIVED, rec.name(), facts);
          break;
        case Recommendation::STATE_APPROVED:
        case Recommendation::STATE_REJECTED: {
          MessageFacts decided = facts;
          decided.text["outcome"] =
              rec.state() == Recommendation::STATE_APPROVED ? "approved" : "rejected";
          Tell(author, v1::NOTIFICATION_KIND_DECISION, rec.name(), decided);
          break;
        }
        case Recommendation::STATE_CHANGES_REQUESTED:
          Tell(author, v1::NOTIFICATION_KIND_CHANGES_REQUESTED, rec.name(), facts);
          break;
        default:
          break;
      }
    }
  }

  // Drafts and revisions wait on their authors; submitted work on the
  // coordinators until a cycle opens.
  void SyncRecommendationWork(const Recommendation& rec) {
    const std::string summit = SummitOfResource(rec.name());
    const std::string state = Recommendation::State_Name(rec.state());
    std::optional<absl::Time> deadline;
    if (auto s = p_.Get<directory::v1::Summit>(summit)) deadline = TimeOf(s->submission_deadline());
    for (const std::string& author : rec.authors()) {
      if (rec.state() == Recommendation::STATE_DRAFT) {
        p_.PutWork(author, rec.name(), "draft", summit, RecTitle(rec), state, deadline);
      } else {
        p_.CloseWorkFor(author, rec.name(), "draft");
      }
      if (rec.state() == Recommendation::STATE_CHANGES_REQUESTED) {
        p_.PutWork(author, rec.name(), "revision", summit, RecTitle(rec), state, std::nullopt);
      } else {
        p_.CloseWorkFor(author, rec.name(), "revision");
      }
    }
    if (rec.state() == Recommendation::STATE_SUBMITTED) {
      p_.PutWork(kCoordinators, rec.name(), "cycle_needed", summit, RecTitle(rec), state,
                 std::nullopt);
    } else {
      p_.CloseWorkFor(kCoordinators, rec.name(), "cycle_needed");
    }
  }

  void CycleOpened() {
    reviews::v1::ReviewCycle cycle;
    if (!Decode(e_.after(), &cycle)) return;
    if (cycle.name().empty()) cycle.set_name(e_.resource());
    p_.Put(cycle.name(), "cycle", cycle);  // its blind mode, for comments
    p_.PutWork(kCoordinators, e_.resource(), "decision", SummitOfResource(e_.resource()),
               TitleUnder(p_, e_.resource()), "STATE_OPEN", TimeOf(cycle.due_time()));
  }

  void AssignmentEvent() {
    using A = reviews::v1::Assignment;
    A a;
    if (!Decode(e_.after(), &a) || a.reviewer().empty()) return;
    if (a.name().empty()) a.set_name(e_.resource());
    p_.Put(a.name(), "assignment", a);  // a cycle's reviewers, for comments
    const std::string title = TitleUnder(p_, e_.resource());
    const std::string summit = SummitOfResource(e_.resource());
    if (e_.type() == "reviews.assignment.redated") {
      const bool answered = a.state() == A::STATE_ACCEPTED;
      const google::protobuf::Timestamp& due =
          answered ? a.review_due_time() : a.response_due_time();
      Tell(a.reviewer(), v1::NOTIFICATION_KIND_REVIEW_DATES_CHANGED, e_.resource(),
           {.title = title,
            .text = {},
            .times = {{"due", FromProtoTime(due)}, {"end", FromProtoTime(a.review_due_time())}}},
           TimeOf(due));
    }
    if (e_.type() == "reviews.assignment.removed") {
      Tell(a.reviewer(), v1::NOTIFICATION_KIND_REVIEW_UNASSIGNED, e_.resource(),
           {.title = title, .text = {{"reason", a.removal_reason()}}, .times = {}});
    }
    switch (a.state()) {
      case reviews::v1::Assignment::STATE_INVITED:
        p_.PutWork(a.reviewer(), e_.resource(), "review", summit, title, "STATE_INVITED",
                   TimeOf(a.response_due_time()));
        if (e_.type() == "reviews.assignment.created") {
          Tell(a.reviewer(), v1::NOTIFICATION_KIND_REVIEW_ASSIGNED, e_.resource(),
               {.title = title,
                .text = {},
                .times = {{"due", FromProtoTime(a.response_due_time())}}},
               TimeOf(a.response_due_time()));
        }
        break;
      case reviews::v1::Assignment::STATE_ACCEPTED:
        p_.PutWork(a.reviewer(), e_.resource(), "review", summit, title, "STATE_ACCEPTED",
                   TimeOf(a.review_due_time()));
        break;
      default:
        p_.CloseWork(e_.resource(), "review");
    }
  }

  // The authors are asked to answer the reviews by the cycle's date.
  void ReviewsIn() {
    reviews::v1::ReviewCycle cycle;
    if (!Decode(e_.after(), &cycle)) return;
    const std::optional<Recommendation> rec =
        p_.Get<Recommendation>(LeadingSegments(e_.resource(), 4));
    if (!rec) return;
    const std::string response = absl::StrCat(e_.resource(), "/authorResponse");
    const std::optional<absl::Time> due = TimeOf(cycle.author_response_due_time());
    MessageFacts facts{.title = RecTitle(*rec), .text = {}, .times = {}};
    if (due) facts.times["due"] = *due;
    for (const std::string& author : rec->authors()) {
      p_.PutWork(author, response, "author_response", SummitOfResource(e_.resource()),
                 RecTitle(*rec), "REVIEWS_IN", due);
      Tell(author, v1::NOTIFICATION_KIND_AUTHOR_RESPONSE_REQUESTED, response, facts, due);
    }
  }

  // The reviewers who accepted are told of the authors' first answer.
  void AuthorResponded() {
    p_.CloseWork(e_.resource(), "author_response");
    if (e_.before().has_struct_value()) return;  // a rewrite: told once
    const std::string cycle = LeadingSegments(e_.resource(), 6);
    for (const auto& a : p_.ListUnder<reviews::v1::Assignment>(
             "assignment", absl::StrCat(cycle, "/assignments/"))) {
      if (a.state() != reviews::v1::Assignment::STATE_ACCEPTED &&
          a.state() != reviews::v1::Assignment::STATE_SUBMITTED) {
        continue;
      }
      Tell(a.reviewer(), v1::NOTIFICATION_KIND_AUTHOR_RESPONSE, e_.resource(),
           {.title = TitleUnder(p_, e_.resource()), .text = {}, .times = {}});
    }
  }

  // Everyone who reads the thread is told, but the writer; the writer is
  // named to each as the blind rules let them know.
  void CommentCreated() {
    reviews::v1::Comment c;
    if (!DecodeResource(e_, e_.after(), &c) || c.author().empty()) return;
    p_.Put(c.name(), "comment", c);
    const std::optional<Recommendation> rec = p_.Get<Recommendation>(LeadingSegments(c.name(), 4));
    if (!rec) return;
    reviews::v1::BlindMode mode = reviews::v1::BLIND_MODE_OPEN;
    std::vector<reviews::v1::Assignment> assignments;
    if (!c.review_cycle().empty()) {
      if (auto cycle = p_.Get<reviews::v1::ReviewCycle>(c.review_cycle())) {
        mode = cycle->policy().blind_mode();
      }
      assignments = p_.ListUnder<reviews::v1::Assignment>(
          "assignment", absl::StrCat(c.review_cycle(), "/assignments/"));
    }
    std::set<std::string> candidates(rec->authors().begin(), rec->authors().end());
    for (const auto& a : assignments) candidates.insert(a.reviewer());
    if (!c.reply_to().empty()) {
      if (auto parent = p_.Get<reviews::v1::Comment>(c.reply_to())) {
        candidates.insert(parent->author());
      }
    }
    const reviews::WriterRole writer = reviews::WriterRoleOfLabel(c.author_label());
    std::string writer_name = c.author();
    if (auto person = p_.Get<directory::v1::Person>(c.author())) {
      writer_name = person->display_name();
    }
    // The first 600 bytes, not splitting a UTF-8 character.
    size_t cut = std::min<size_t>(600, c.body().size());
    while (cut < c.body().size() && (static_cast<unsigned char>(c.body()[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    std::string excerpt = c.body().substr(0, cut);
    if (cut < c.body().size()) excerpt += "…";
    for (const std::string& person : candidates) {
      if (person.empty() || person == c.author()) continue;
      reviews::DiscussionRole role;
      role.is_author = absl::c_linear_search(rec->authors(), person);
      if (!role.is_author) {
        auto p = p_.Get<directory::v1::Person>(person);
        role.is_coordinator =
            p && absl::c_linear_search(p->roles(), directory::v1::ROLE_COORDINATOR);
      }
      for (const auto& a : assignments) {
        if (a.reviewer() == person) reviews::AddAssignment(a.state(), 0, &role);
      }
      if (!reviews::MayRead(c.audience(), role)) continue;
      const bool known = reviews::MayKnowWriter(writer, mode, role, false);
      Tell(person, v1::NOTIFICATION_KIND_COMMENT, c.name(),
           {.title = RecTitle(*rec),
            .text = {{"writer", known ? writer_name : c.author_label()}, {"excerpt", excerpt}},
            .times = {}});
    }
  }

  void ReviewSubmitted() {
    reviews::v1::Review review;
    if (!Decode(e_.after(), &review) || review.assignment().empty()) return;
    p_.CloseWork(review.assignment(), "review");
  }

  IcsEvent CalendarEvent(const Meeting& m, int sequence) {
    IcsEvent e{.uid = absl::StrCat(m.name(), "@summit"),
               .summary = m.title(),
               .description = m.description(),
               .location = m.place(),
               .url = m.online_link(),
               .time_zone = m.time_zone().empty() ? "UTC" : m.time_zone(),
               .start = FromProtoTime(m.start_time()),
               .end = FromProtoTime(m.end_time()),
               .cancelled = m.state() == Meeting::STATE_CANCELLED,
               .sequence = sequence,
               .attendees = {},
               .organizer = {},
               .invitees = {}};
    for (const std::string& organiser : m.organisers()) {
      if (auto person = p_.Get<directory::v1::Person>(organiser);
          person && !person->email().empty()) {
        e.organizer = {.name = person->display_name(), .email = person->email()};
        break;
      }
    }
    for (const auto& participant : m.participants()) {
      if (auto person = p_.Get<directory::v1::Person>(participant.person());
          person && !person->email().empty()) {
        e.invitees.push_back({.name = person->display_name(), .email = person->email()});
      }
    }
    if (e.organizer.email.empty())
      e.organizer = {.name = "Summit", .email = p_.mail().from_address};
    return e;
  }

  MessageFacts MeetingFacts(const Meeting& m) {
    MessageFacts facts{.title = m.title(), .text = {}, .times = {}};
    facts.times["start"] = FromProtoTime(m.start_time());
    facts.times["end"] = FromProtoTime(m.end_time());
    std::string place = m.place();
    if (!m.online_link().empty()) place += place.empty() ? m.online_link() : ", " + m.online_link();
    facts.text["place"] = place;
    return facts;
  }

  static bool TimeOrPlaceChanged(const Meeting& a, const Meeting& b) {
    return a.start_time().seconds() != b.start_time().seconds() ||
           a.end_time().seconds() != b.end_time().seconds() || a.time_zone() != b.time_zone() ||
           a.place() != b.place() || a.online_link() != b.online_link();
  }

  void MeetingEvent() {
    Meeting m;
    if (!DecodeResource(e_, e_.after(), &m)) return;
    const std::optional<Meeting> before = p_.Get<Meeting>(m.name());
    p_.Put(m.name(), "meeting", m);
    std::set<std::string> had;
    if (before) {
      for (const auto& part : before->participants()) had.insert(part.person());
    }
    const bool cancelled = m.state() == Meeting::STATE_CANCELLED;
    const bool open = m.state() == Meeting::STATE_PLANNED || m.state() == Meeting::STATE_SCHEDULED;
    std::set<std::string> now_in;
    for (const auto& part : m.participants()) now_in.insert(part.person());
    // Work: upcoming meetings wait on their participants.
    for (const std::string& person : now_in) {
      if (open) {
        p_.PutWork(person, m.name(), "meeting", SummitOfResource(m.name()), m.title(),
                   Meeting::State_Name(m.state()), FromProtoTime(m.start_time()));
      }
    }
    if (!open) p_.CloseWork(m.name(), "meeting");
    for (const std::string& person : had) {
      if (!now_in.count(person)) p_.CloseWorkFor(person, m.name(), "meeting");
    }
    if (cancelled && before && before->state() != Meeting::STATE_CANCELLED) {
      const int sequence = p_.NextSequence(m.name());
      for (const std::string& person : now_in) {
        Tell(person, v1::NOTIFICATION_KIND_MEETING_CANCELLED, m.name(), MeetingFacts(m),
             std::nullopt, CalendarEvent(m, sequence), "CANCEL");
      }
      return;
    }
    if (!open) return;
    const bool changed = before && TimeOrPlaceChanged(*before, m);
    const int sequence = changed ? p_.NextSequence(m.name()) : CurrentSequence(m.name());
    for (const std::string& person : now_in) {
      if (!had.count(person)) {
        Tell(person, v1::NOTIFICATION_KIND_MEETING_INVITATION, m.name(), MeetingFacts(m),
             FromProtoTime(m.start_time()), CalendarEvent(m, sequence), "REQUEST");
      } else if (changed) {
        Tell(person, v1::NOTIFICATION_KIND_MEETING_CHANGED, m.name(), MeetingFacts(m),
             FromProtoTime(m.start_time()), CalendarEvent(m, sequence), "REQUEST");
      }
    }
  }

  int CurrentSequence(const std::string& meeting) {
    const pqxx::result r = p_.txn().exec_prepared(sql::kGetResource, meeting);
    return r.empty() ? 0 : r[0]["sequence"].as<int>();
  }

  void MinutesCreated() {
    const std::string meeting = LeadingSegments(e_.resource(), 4);
    const std::optional<Meeting> m = p_.Get<Meeting>(meeting);
    if (!m) return;
    // Those who attended approve; before attendance is recorded, everyone invited.
    std::vector<std::string> readers;
    for (const auto& part : m->participants()) {
      if (part.attendance() == meetings::v1::Participant::ATTENDANCE_ATTENDED) {
        readers.push_back(part.person());
      }
    }
    if (readers.empty()) {
      for (const auto& part : m->participants()) {
        if (part.attendance() != meetings::v1::Participant::ATTENDANCE_ABSENT) {
          readers.push_back(part.person());
        }
      }
    }
    for (const std::string& person : readers) {
      if (person == e_.actor()) continue;
      p_.PutWork(person, meeting, "minutes", SummitOfResource(meeting), m->title(),
                 "MINUTES_WRITTEN", std::nullopt);
      Tell(person, v1::NOTIFICATION_KIND_MINUTES_APPROVAL, meeting,
           {.title = m->title(), .text = {}, .times = {}});
    }
  }

  void ActionItemEvent() {
    meetings::v1::ActionItem item;
    if (!DecodeResource(e_, e_.after(), &item)) return;
    meetings::v1::ActionItem before;
    const bool had_before = Decode(e_.before(), &before);
    const std::string summit = SummitOfResource(item.name());
    if (had_before && before.assignee() != item.assignee()) {
      p_.CloseWorkFor(before.assignee(), item.name(), "action_item");
    }
    if (item.state() != meetings::v1::ActionItem::STATE_OPEN) {
      p_.CloseWork(item.name(), "action_item");
      return;
    }
    p_.PutWork(item.assignee(), item.name(), "action_item", summit, item.title(), "STATE_OPEN",
               TimeOf(item.due_time()));
    if (!had_before || before.assignee() != item.assignee()) {
      MessageFacts facts{.title = item.title(), .text = {}, .times = {}};
      if (TimeOf(item.due_time())) facts.times["due"] = FromProtoTime(item.due_time());
      Tell(item.assignee(), v1::NOTIFICATION_KIND_ACTION_ITEM_ASSIGNED, item.name(), facts,
           TimeOf(item.due_time()));
    }
  }

  Producer& p_;
  const feed::v1::Event& e_;
  const bool notify_;
  std::string reason_;
};

}  // namespace

void ApplyEvent(Producer& producer, const feed::v1::Event& event, bool notify) {
  Rules(producer, event, notify).Apply();
}

}  // namespace summit::notifications
