#include "services/briefing/briefing_inputs.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "services/common/list_all.h"
#include "services/common/pagination.h"
#include "services/common/status.h"
#include "services/common/status_macros.h"
#include "summit/directory/v1/directory_service.grpc.pb.h"
#include "summit/recommendations/internal/v1/recommendation_internal_service.grpc.pb.h"
#include "summit/recommendations/v1/recommendation_service.grpc.pb.h"
#include "summit/reviews/v1/review_service.grpc.pb.h"

namespace summit::briefing {
namespace {

namespace dv1 = directory::v1;
namespace rv1 = recommendations::v1;
namespace wv1 = reviews::v1;

}  // namespace

BriefingInputs::BriefingInputs(const ChannelFor& channel_for,
                               const std::function<std::string()>& authorization)
    : directory_(
          "directory", [channel_for] { return channel_for("directory"); }, authorization),
      recommendations_(
          "recommendations", [channel_for] { return channel_for("recommendations"); },
          authorization),
      reviews_(
          "reviews", [channel_for] { return channel_for("reviews"); }, authorization) {}

absl::StatusOr<PackageInputs> BriefingInputs::Gather(const std::string& summit,
                                                     absl::Time deadline) const {
  ASSIGN_OR_RETURN(const std::shared_ptr<grpc::Channel> directory_channel, directory_.Channel());
  ASSIGN_OR_RETURN(const std::shared_ptr<grpc::Channel> recs_channel, recommendations_.Channel());
  ASSIGN_OR_RETURN(const std::shared_ptr<grpc::Channel> reviews_channel, reviews_.Channel());
  auto directory = dv1::DirectoryService::NewStub(directory_channel);
  auto recs = rv1::RecommendationService::NewStub(recs_channel);
  auto reviews = wv1::ReviewService::NewStub(reviews_channel);
  PackageInputs in;

  dv1::GetSummitRequest get_summit;
  get_summit.set_name(summit);
  RETURN_IF_ERROR(directory_.Result(
      directory->GetSummit(directory_.Context(deadline).get(), get_summit, &in.summit), summit));

  dv1::ListTracksRequest list_tracks;
  list_tracks.set_parent(summit);
  list_tracks.set_page_size(500);
  do {
    dv1::ListTracksResponse page;
    RETURN_IF_ERROR(directory_.Result(
        directory->ListTracks(directory_.Context(deadline).get(), list_tracks, &page), "tracks"));
    in.tracks.insert(in.tracks.end(), page.tracks().begin(), page.tracks().end());
    list_tracks.set_page_token(page.next_page_token());
  } while (!list_tracks.page_token().empty());

  std::vector<rv1::Recommendation> chosen;
  for (rv1::Recommendation::State state :
       {rv1::Recommendation::STATE_APPROVED, rv1::Recommendation::STATE_ADOPTED}) {
    rv1::ListRecommendationsRequest list;
    list.set_parent(summit);
    list.set_state(state);
    list.set_page_size(500);
    do {
      rv1::ListRecommendationsResponse page;
      RETURN_IF_ERROR(recommendations_.Result(
          recs->ListRecommendations(recommendations_.Context(deadline).get(), list, &page),
          "recommendations"));
      chosen.insert(chosen.end(), page.recommendations().begin(), page.recommendations().end());
      list.set_page_token(page.next_page_token());
    } while (!list.page_token().empty());
  }

  std::map<std::string, dv1::Person> people;
  std::map<std::string, dv1::Organization> organizations;
  for (const rv1::Recommendation& rec : chosen) {
    EntryInputs entry;
    entry.recommendation = rec;
    rv1::ListVersionsRequest versions;
    versions.set_parent(rec.name());
    versions.set_page_size(500);
    do {
      rv1::ListVersionsResponse page;
      RETURN_IF_ERROR(recommendations_.Result(
          recs->ListVersions(recommendations_.Context(deadline).get(), versions, &page),
          rec.name()));
      entry.versions.insert(entry.versions.end(), page.versions().begin(), page.versions().end());
      versions.set_page_token(page.next_page_token());
    } while (!versions.page_token().empty());
    std::sort(entry.versions.begin(), entry.versions.end(),
              [](const auto& a, const auto& b) { return a.version_number() < b.version_number(); });

    if (!entry.versions.empty()) {
      rv1::ListAttachmentsRequest annexes;
      annexes.set_parent(entry.versions.back().name());
      rv1::ListAttachmentsResponse listed;
      RETURN_IF_ERROR(recommendations_.Result(
          recs->ListAttachments(recommendations_.Context(deadline).get(), annexes, &listed),
          annexes.parent()));
      entry.annexes.assign(listed.attachments().begin(), listed.attachments().end());
    }

    rv1::ListTranslationsRequest translations;
    translations.set_parent(rec.name());
    translations.set_page_size(kMaxPageSize);
    RETURN_IF_ERROR((ListAll<rv1::ListTranslationsRequest, rv1::ListTranslationsResponse>(
        translations,
        [&](const rv1::ListTranslationsRequest& req, rv1::ListTranslationsResponse* resp) {
          return recommendations_.Result(
              recs->ListTranslations(recommendations_.Context(deadline).get(), req, resp),
              rec.name());
        },
        [&](const rv1::ListTranslationsResponse& page) {
          for (const rv1::Translation& t : page.translations()) {
            if (!t.stale()) entry.translations.push_back(t);
          }
        })));

    wv1::ListReviewCyclesRequest cycles;
    cycles.set_parent(rec.name());
    cycles.set_page_size(kMaxPageSize);
    RETURN_IF_ERROR((ListAll<wv1::ListReviewCyclesRequest, wv1::ListReviewCyclesResponse>(
        cycles,
        [&](const wv1::ListReviewCyclesRequest& req, wv1::ListReviewCyclesResponse* resp) {
          return reviews_.Result(
              reviews->ListReviewCycles(reviews_.Context(deadline).get(), req, resp), rec.name());
        },
        [&](const wv1::ListReviewCyclesResponse& page) {
          entry.review_cycles.insert(entry.review_cycles.end(), page.review_cycles().begin(),
                                     page.review_cycles().end());
        })));

    for (const std::string& person : rec.authors()) {
      if (people.count(person) == 0) {
        dv1::GetPersonRequest get;
        get.set_name(person);
        RETURN_IF_ERROR(directory_.Result(
            directory->GetPerson(directory_.Context(deadline).get(), get, &people[person]),
            person));
      }
      const dv1::Person& p = people[person];
      v1::Author author;
      author.set_person(person);
      author.set_display_name(p.display_name());
      author.set_organization(p.organization());
      if (!p.organization().empty()) {
        if (organizations.count(p.organization()) == 0) {
          dv1::GetOrganizationRequest get;
          get.set_name(p.organization());
          RETURN_IF_ERROR(
              directory_.Result(directory->GetOrganization(directory_.Context(deadline).get(), get,
                                                           &organizations[p.organization()]),
                                p.organization()));
        }
        const dv1::Organization& org = organizations[p.organization()];
        author.set_organization_title(org.short_name().empty() ? org.display_name()
                                                               : org.short_name());
        author.set_country(org.country_code());
      }
      entry.authors.push_back(std::move(author));
    }
    in.entries.push_back(std::move(entry));
  }
  return in;
}

absl::Status BriefingInputs::Adopt(const std::string& recommendation, const std::string& event_id,
                                   const std::string& reason, absl::Time deadline) const {
  ASSIGN_OR_RETURN(const std::shared_ptr<grpc::Channel> channel, recommendations_.Channel());
  recommendations::internal::v1::ApplyReviewEventRequest req;
  req.set_name(recommendation);
  req.set_event_id(event_id);
  req.set_target_state(rv1::Recommendation::STATE_ADOPTED);
  req.set_reason(reason);
  auto recs = rv1::RecommendationService::NewStub(channel);
  auto internal_recs =
      recommendations::internal::v1::RecommendationInternalService::NewStub(channel);
  rv1::Recommendation out;
  const grpc::Status s =
      internal_recs->ApplyReviewEvent(recommendations_.Context(deadline).get(), req, &out);
  if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
    // Adopted already (by an earlier final package): nothing to do.
    rv1::GetRecommendationRequest get;
    get.set_name(recommendation);
    if (recs->GetRecommendation(recommendations_.Context(deadline).get(), get, &out).ok() &&
        out.state() == rv1::Recommendation::STATE_ADOPTED) {
      return absl::OkStatus();
    }
  }
  return Annotate(recommendations_.Result(s, recommendation), "adopting");
}

}  // namespace summit::briefing
