#include "services/recommendations/trace_sources.h"

#include <optional>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/list_all.h"
#include "services/common/pagination.h"
#include "services/common/status_macros.h"
#include "services/recommendations/recommendations_internal.h"
#include "summit/briefing/v1/briefing_service.grpc.pb.h"
#include "summit/meetings/v1/meeting_service.grpc.pb.h"
#include "summit/reviews/v1/review_service.grpc.pb.h"

namespace summit::recommendations {
namespace {

namespace mv1 = meetings::v1;
namespace wv1 = reviews::v1;
namespace bv1 = briefing::v1;
using Step = v1::TraceStep;

Step MakeStep(Step::Kind kind, const google::protobuf::Timestamp& time, const std::string& resource,
              const std::string& summary) {
  Step s;
  s.set_kind(kind);
  *s.mutable_time() = time;
  s.set_resource(resource);
  s.set_summary(summary);
  return s;
}

// "OUTCOME_REQUEST_CHANGES" -> "request changes".
std::string Label(absl::string_view enum_name, absl::string_view prefix) {
  std::string s = absl::AsciiStrToLower(enum_name.substr(prefix.size()));
  absl::c_replace(s, '_', ' ');
  return s;
}

}  // namespace

TraceSources::TraceSources(const ChannelFor& channel_for,
                           const std::function<std::string()>& authorization)
    : meetings_(
          "meetings", [channel_for] { return channel_for("meetings"); }, authorization),
      reviews_(
          "reviews", [channel_for] { return channel_for("reviews"); }, authorization),
      briefing_(
          "briefing", [channel_for] { return channel_for("briefing"); }, authorization) {}

absl::StatusOr<std::vector<Step>> TraceSources::Meetings(const std::string& rec,
                                                         absl::Time deadline) const {
  ASSIGN_OR_RETURN(const std::shared_ptr<grpc::Channel> channel, meetings_.Channel());
  auto stub = mv1::MeetingService::NewStub(channel);
  std::vector<mv1::Meeting> meetings;
  mv1::ListMeetingsRequest list;
  list.set_parent(internal::SummitOf(rec));
  list.set_recommendation(rec);
  list.set_page_size(kMaxPageSize);
  RETURN_IF_ERROR((ListAll<mv1::ListMeetingsRequest, mv1::ListMeetingsResponse>(
      list,
      [&](const auto& req, auto* resp) {
        return meetings_.Result(stub->ListMeetings(meetings_.Context(deadline).get(), req, resp),
                                rec);
      },
      [&](const mv1::ListMeetingsResponse& page) {
        meetings.insert(meetings.end(), page.meetings().begin(), page.meetings().end());
      })));
  std::vector<Step> steps;
  for (const mv1::Meeting& m : meetings) {
    steps.push_back(MakeStep(
        Step::KIND_MEETING, m.start_time(), m.name(),
        absl::StrCat(m.title(), " (", Label(mv1::Meeting::State_Name(m.state()), "STATE_"), ")")));
    // The latest minutes say what was decided.
    mv1::ListMinutesVersionsRequest minutes;
    minutes.set_parent(m.name());
    minutes.set_page_size(kMaxPageSize);
    std::optional<mv1::MinutesVersion> latest;
    RETURN_IF_ERROR((ListAll<mv1::ListMinutesVersionsRequest, mv1::ListMinutesVersionsResponse>(
        minutes,
        [&](const auto& req, auto* resp) {
          return meetings_.Result(
              stub->ListMinutesVersions(meetings_.Context(deadline).get(), req, resp), m.name());
        },
        [&](const mv1::ListMinutesVersionsResponse& page) {
          for (const mv1::MinutesVersion& v : page.versions()) latest = v;
        })));
    if (latest.has_value()) {
      for (const mv1::Decision& d : latest->linked_decisions()) {
        if (absl::c_linear_search(d.recommendations(), rec)) {
          steps.push_back(MakeStep(Step::KIND_MEETING_DECISION, latest->create_time(),
                                   latest->name(), d.text()));
        }
      }
    }
    mv1::ListActionItemsRequest items;
    items.set_parent(m.name());
    items.set_page_size(kMaxPageSize);
    RETURN_IF_ERROR((ListAll<mv1::ListActionItemsRequest, mv1::ListActionItemsResponse>(
        items,
        [&](const auto& req, auto* resp) {
          return meetings_.Result(
              stub->ListActionItems(meetings_.Context(deadline).get(), req, resp), m.name());
        },
        [&](const mv1::ListActionItemsResponse& page) {
          for (const mv1::ActionItem& a : page.action_items()) {
            if (absl::c_linear_search(a.recommendations(), rec)) {
              steps.push_back(MakeStep(
                  Step::KIND_ACTION_ITEM, a.update_time(), a.name(),
                  absl::StrCat(a.title(), " (",
                               Label(mv1::ActionItem::State_Name(a.state()), "STATE_"), ")")));
            }
          }
        })));
  }
  return steps;
}

absl::StatusOr<std::vector<Step>> TraceSources::ReviewRounds(const std::string& rec,
                                                             absl::Time deadline) const {
  ASSIGN_OR_RETURN(const std::shared_ptr<grpc::Channel> channel, reviews_.Channel());
  auto stub = wv1::ReviewService::NewStub(channel);
  std::vector<Step> steps;
  wv1::ListReviewCyclesRequest list;
  list.set_parent(rec);
  list.set_page_size(kMaxPageSize);
  RETURN_IF_ERROR((ListAll<wv1::ListReviewCyclesRequest, wv1::ListReviewCyclesResponse>(
      list,
      [&](const auto& req, auto* resp) {
        return reviews_.Result(stub->ListReviewCycles(reviews_.Context(deadline).get(), req, resp),
                               rec);
      },
      [&](const wv1::ListReviewCyclesResponse& page) {
        for (const wv1::ReviewCycle& c : page.review_cycles()) {
          steps.push_back(MakeStep(
              Step::KIND_REVIEW_ROUND, c.create_time(), c.name(),
              absl::StrCat("Round ", c.round(), " of version ", c.reviewed_version(), " opened")));
          if (c.has_decision()) {
            steps.push_back(MakeStep(
                Step::KIND_REVIEW_DECISION, c.decision().decide_time(), c.name(),
                absl::StrCat(
                    "Round ", c.round(), ": ",
                    Label(wv1::Decision::Outcome_Name(c.decision().outcome()), "OUTCOME_"))));
          } else if (c.state() == wv1::ReviewCycle::STATE_CANCELLED) {
            steps.push_back(MakeStep(Step::KIND_REVIEW_DECISION, c.update_time(), c.name(),
                                     absl::StrCat("Round ", c.round(), ": cancelled")));
          }
        }
      })));
  return steps;
}

absl::StatusOr<std::vector<Step>> TraceSources::BriefingPackages(const std::string& rec,
                                                                 absl::Time deadline) const {
  ASSIGN_OR_RETURN(const std::shared_ptr<grpc::Channel> channel, briefing_.Channel());
  auto stub = bv1::BriefingService::NewStub(channel);
  std::vector<Step> steps;
  bv1::ListBriefingPackagesRequest list;
  list.set_parent(internal::SummitOf(rec));
  list.set_page_size(kMaxPageSize);
  RETURN_IF_ERROR((ListAll<bv1::ListBriefingPackagesRequest, bv1::ListBriefingPackagesResponse>(
      list,
      [&](const auto& req, auto* resp) {
        return briefing_.Result(
            stub->ListBriefingPackages(briefing_.Context(deadline).get(), req, resp), rec);
      },
      [&](const bv1::ListBriefingPackagesResponse& page) {
        for (const bv1::BriefingPackage& p : page.briefing_packages()) {
          const bool included = absl::c_any_of(
              p.entries(), [&](const bv1::PackageEntry& e) { return e.recommendation() == rec; });
          if (!included) continue;
          const bool final = p.state() == bv1::BriefingPackage::STATE_FINAL;
          steps.push_back(MakeStep(Step::KIND_BRIEFING_PACKAGE,
                                   final ? p.finalize_time() : p.compile_time(), p.name(),
                                   absl::StrCat("Briefing package version ", p.version(),
                                                final ? " (final)" : " (compiled)")));
        }
      })));
  return steps;
}

}  // namespace summit::recommendations
