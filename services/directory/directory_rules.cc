#include "services/directory/directory_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "services/common/proto_time.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace summit::directory {
namespace {

absl::Status ValidateLanguages(absl::string_view field,
                               const google::protobuf::RepeatedPtrField<std::string>& tags) {
  std::set<std::string> seen;
  for (int i = 0; i < tags.size(); ++i) {
    const std::string f = absl::StrCat(field, "[", i, "]");
    RETURN_IF_ERROR(ValidateLanguageTag(f, tags[i]));
    if (!seen.insert(tags[i]).second) return InvalidField(f, "is listed twice");
  }
  return absl::OkStatus();
}

absl::Status ValidateLocalizedTexts(
    absl::string_view field, const google::protobuf::RepeatedPtrField<v1::LocalizedText>& texts) {
  std::set<std::string> seen;
  for (int i = 0; i < texts.size(); ++i) {
    const std::string f = absl::StrCat(field, "[", i, "]");
    RETURN_IF_ERROR(ValidateLanguageTag(absl::StrCat(f, ".language"), texts[i].language()));
    RETURN_IF_ERROR(ValidateText(absl::StrCat(f, ".text"), texts[i].text(),
                                 {.required = true, .max_chars = kMaxNameChars}));
    if (!seen.insert(texts[i].language()).second) {
      return InvalidField(absl::StrCat(f, ".language"), "has a text already");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckOrder(const v1::Summit& s,
                        const google::protobuf::Timestamp& (v1::Summit::*a)() const,
                        bool (v1::Summit::*has_a)() const, absl::string_view a_name,
                        const google::protobuf::Timestamp& (v1::Summit::*b)() const,
                        bool (v1::Summit::*has_b)() const, absl::string_view b_name) {
  if ((s.*has_a)() && (s.*has_b)() && FromProtoTime((s.*a)()) > FromProtoTime((s.*b)())) {
    return InvalidField(absl::StrCat("summit.", b_name),
                        absl::StrCat("must not be before summit.", a_name));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateSummit(const v1::Summit& s) {
  RETURN_IF_ERROR(ValidateText("summit.display_name", s.display_name(), {.required = true}));
  RETURN_IF_ERROR(
      ValidateText("summit.description", s.description(), {.max_chars = kMaxLongTextChars}));
  RETURN_IF_ERROR(ValidateDate("summit.start_date", s.start_date()));
  RETURN_IF_ERROR(ValidateDate("summit.end_date", s.end_date()));
  if (s.end_date() < s.start_date()) {  // ISO dates order as strings
    return InvalidField("summit.end_date", "must not be before summit.start_date");
  }
  RETURN_IF_ERROR(ValidateText("summit.place", s.place(), {.max_chars = kMaxNameChars}));
  RETURN_IF_ERROR(ValidateTimeZone("summit.time_zone", s.time_zone()));
  RETURN_IF_ERROR(CheckOrder(s, &v1::Summit::submission_deadline,
                             &v1::Summit::has_submission_deadline, "submission_deadline",
                             &v1::Summit::review_deadline, &v1::Summit::has_review_deadline,
                             "review_deadline"));
  RETURN_IF_ERROR(CheckOrder(s, &v1::Summit::review_deadline, &v1::Summit::has_review_deadline,
                             "review_deadline", &v1::Summit::package_deadline,
                             &v1::Summit::has_package_deadline, "package_deadline"));
  if (s.languages().empty()) {
    return InvalidField("summit.languages", "needs at least one working language");
  }
  return ValidateLanguages("summit.languages", s.languages());
}

absl::Status ValidateTrack(const v1::Track& t) {
  RETURN_IF_ERROR(ValidateText("track.display_name", t.display_name(), {.required = true}));
  RETURN_IF_ERROR(ValidateLocalizedTexts("track.titles", t.titles()));
  RETURN_IF_ERROR(
      ValidateText("track.description", t.description(), {.max_chars = kMaxLongTextChars}));
  if (!t.lead_coordinator().empty()) {
    absl::StatusOr<std::vector<std::string>> ids =
        ParseResourceName("track.lead_coordinator", t.lead_coordinator(), {"people"});
    if (!ids.ok()) return ids.status();
  }
  if (t.coordinators_size() > 20) return InvalidField("track.coordinators", "at most 20");
  for (int i = 0; i < t.coordinators_size(); ++i) {
    RETURN_IF_ERROR(ParseResourceName(absl::StrCat("track.coordinators[", i, "]"),
                                      t.coordinators(i), {"people"})
                        .status());
  }
  if (t.order() < 0) return InvalidField("track.order", "must not be negative");
  return absl::OkStatus();
}

absl::Status ValidateOrganization(const v1::Organization& o) {
  RETURN_IF_ERROR(ValidateText("organization.display_name", o.display_name(), {.required = true}));
  RETURN_IF_ERROR(ValidateText("organization.short_name", o.short_name(), {.max_chars = 50}));
  if (o.kind() == v1::Organization::KIND_UNSPECIFIED) {
    return InvalidField("organization.kind",
                        "is required: think tank, ministry, university, embassy or other");
  }
  RETURN_IF_ERROR(ValidateCountryCode("organization.country_code", o.country_code()));
  return ValidateUrl("organization.website", o.website());
}

absl::Status ValidatePerson(const v1::Person& p) {
  RETURN_IF_ERROR(ValidateText("person.display_name", p.display_name(), {.required = true}));
  RETURN_IF_ERROR(ValidateLocalizedTexts("person.alternate_names", p.alternate_names()));
  RETURN_IF_ERROR(ValidateEmail("person.email", p.email()));
  if (p.roles().empty()) {
    return InvalidField("person.roles",
                        "needs at least one of expert, coordinator, admin, observer");
  }
  std::set<int> roles;
  for (int i = 0; i < p.roles_size(); ++i) {
    const std::string f = absl::StrCat("person.roles[", i, "]");
    if (p.roles(i) == v1::ROLE_UNSPECIFIED) return InvalidField(f, "must name a role");
    if (!roles.insert(p.roles(i)).second) return InvalidField(f, "is listed twice");
  }
  if (!p.organization().empty()) {
    absl::StatusOr<std::vector<std::string>> ids =
        ParseResourceName("person.organization", p.organization(), {"organizations"});
    if (!ids.ok()) return ids.status();
  } else if (roles.count(v1::ROLE_EXPERT)) {
    // Conflict-of-interest rules depend on it.
    return InvalidField("person.organization", "is required for an expert");
  }
  RETURN_IF_ERROR(ValidateLanguages("person.languages", p.languages()));
  std::set<std::string> tracks;
  for (int i = 0; i < p.expertise_tracks_size(); ++i) {
    const std::string f = absl::StrCat("person.expertise_tracks[", i, "]");
    absl::StatusOr<std::vector<std::string>> ids =
        ParseResourceName(f, p.expertise_tracks(i), {"summits", "tracks"});
    if (!ids.ok()) return ids.status();
    if (!tracks.insert(p.expertise_tracks(i)).second) return InvalidField(f, "is listed twice");
  }
  if (!p.time_zone().empty()) RETURN_IF_ERROR(ValidateTimeZone("person.time_zone", p.time_zone()));
  return ValidateWorkingHours(p.working_hours());
}

absl::Status ValidateWorkingHours(const v1::WorkingHours& w) {
  int start = 9 * 60, end = 18 * 60;
  if (!w.start().empty() && !ParseClockMinutes(w.start(), &start)) {
    return InvalidField("person.working_hours.start", "must be HH:MM, e.g. 09:00");
  }
  if (!w.end().empty() && !ParseClockMinutes(w.end(), &end)) {
    return InvalidField("person.working_hours.end", "must be HH:MM, e.g. 18:00");
  }
  if (end <= start) return InvalidField("person.working_hours.end", "must be after start");
  std::set<int> days;
  for (int i = 0; i < w.weekdays_size(); ++i) {
    const std::string f = absl::StrCat("person.working_hours.weekdays[", i, "]");
    if (w.weekdays(i) < 1 || w.weekdays(i) > 7)
      return InvalidField(f, "must be from 1 (Monday) to 7");
    if (!days.insert(w.weekdays(i)).second) return InvalidField(f, "is listed twice");
  }
  if (w.days_off_size() > 366) return InvalidField("person.working_hours.days_off", "at most 366");
  for (int i = 0; i < w.days_off_size(); ++i) {
    absl::CivilDay day;
    if (!absl::ParseCivilTime(w.days_off(i), &day)) {
      return InvalidField(absl::StrCat("person.working_hours.days_off[", i, "]"),
                          "must be a date, YYYY-MM-DD");
    }
  }
  return absl::OkStatus();
}

const std::vector<std::string>& SummitMutableFields() {
  static const auto* const kFields = new std::vector<std::string>{
      "display_name", "description",         "start_date",      "end_date",         "place",
      "time_zone",    "submission_deadline", "review_deadline", "package_deadline", "languages"};
  return *kFields;
}

const std::vector<std::string>& TrackMutableFields() {
  static const auto* const kFields = new std::vector<std::string>{
      "display_name", "titles", "description", "lead_coordinator", "order", "coordinators"};
  return *kFields;
}

const std::vector<std::string>& OrganizationMutableFields() {
  static const auto* const kFields =
      new std::vector<std::string>{"display_name", "short_name", "kind", "country_code", "website"};
  return *kFields;
}

const std::vector<std::string>& PersonMutableFields() {
  static const auto* const kFields = new std::vector<std::string>{
      "display_name", "alternate_names",  "email",     "organization", "roles",
      "languages",    "expertise_tracks", "time_zone", "working_hours"};
  return *kFields;
}

const std::vector<std::string>& PersonSelfServiceFields() {
  static const auto* const kFields =
      new std::vector<std::string>{"display_name",     "alternate_names", "languages",
                                   "expertise_tracks", "time_zone",       "working_hours"};
  return *kFields;
}

std::string RoleName(v1::Role role) {
  switch (role) {
    case v1::ROLE_EXPERT:
      return "expert";
    case v1::ROLE_COORDINATOR:
      return "coordinator";
    case v1::ROLE_ADMIN:
      return "admin";
    case v1::ROLE_OBSERVER:
      return "observer";
    default:
      return "unspecified";
  }
}

absl::Status RequireRole(const Principal& caller, std::initializer_list<v1::Role> roles,
                         absl::string_view action) {
  for (v1::Role r : roles) {
    if (caller.Has(r)) return absl::OkStatus();
  }
  std::vector<std::string> names;
  for (v1::Role r : roles) names.push_back(RoleName(r));
  return absl::PermissionDeniedError(
      absl::StrCat(action, " needs the ", absl::StrJoin(names, " or "), " role"));
}

}  // namespace summit::directory
