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

// What the other service refused keeps its code; the message says where.
absl::Status FromGrpc(absl::string_view what, const grpc::Status& s,
                      absl::string_view doing = "reading") {
  return Annotate(FromGrpcStatus(s), absl::StrCat(doing, " ", what));
}

}  // namespace

std::shared_ptr<grpc::Channel> BriefingInputs::Channel(const std::string& service) const {
  return channel_for_(service);
}

std::unique_ptr<grpc::ClientContext> BriefingInputs::Context(absl::Time deadline) const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", authorization_());
  ctx->set_deadline(absl::ToChronoTime(std::min(deadline, absl::Now() + absl::Seconds(30))));
  return ctx;
}

absl::StatusOr<PackageInputs> BriefingInputs::Gather(const std::string& summit,
                                                     absl::Time deadline) const {
  for (const char* service : {"directory", "recommendations", "reviews"}) {
    if (!Channel(service)) {
      return absl::FailedPreconditionError(
          absl::StrCat("the ", service, " service is not reachable from this server"));
    }
  }
  auto directory = dv1::DirectoryService::NewStub(Channel("directory"));
  auto recs = rv1::RecommendationService::NewStub(Channel("recommendations"));
  auto reviews = wv1::ReviewService::NewStub(Channel("reviews"));
  PackageInputs in;

  dv1::GetSummitRequest get_summit;
  get_summit.set_name(summit);
  RETURN_IF_ERROR(
      FromGrpc(summit, directory->GetSummit(Context(deadline).get(), get_summit, &in.summit)));

  dv1::ListTracksRequest list_tracks;
  list_tracks.set_parent(summit);
  list_tracks.set_page_size(500);
  do {
    dv1::ListTracksResponse page;
    RETURN_IF_ERROR(
        FromGrpc("tracks", directory->ListTracks(Context(deadline).get(), list_tracks, &page)));
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
      RETURN_IF_ERROR(FromGrpc("recommendations",
                               recs->ListRecommendations(Context(deadline).get(), list, &page)));
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
      RETURN_IF_ERROR(
          FromGrpc(rec.name(), recs->ListVersions(Context(deadline).get(), versions, &page)));
      entry.versions.insert(entry.versions.end(), page.versions().begin(), page.versions().end());
      versions.set_page_token(page.next_page_token());
    } while (!versions.page_token().empty());
    std::sort(entry.versions.begin(), entry.versions.end(),
              [](const auto& a, const auto& b) { return a.version_number() < b.version_number(); });

    rv1::ListTranslationsRequest translations;
    translations.set_parent(rec.name());
    translations.set_page_size(kMaxPageSize);
    RETURN_IF_ERROR((ListAll<rv1::ListTranslationsRequest, rv1::ListTranslationsResponse>(
        translations,
        [&](const rv1::ListTranslationsRequest& req, rv1::ListTranslationsResponse* resp) {
          return FromGrpc(rec.name(), recs->ListTranslations(Context(deadline).get(), req, resp));
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
          return FromGrpc(rec.name(),
                          reviews->ListReviewCycles(Context(deadline).get(), req, resp));
        },
        [&](const wv1::ListReviewCyclesResponse& page) {
          entry.review_cycles.insert(entry.review_cycles.end(), page.review_cycles().begin(),
                                     page.review_cycles().end());
        })));

    for (const std::string& person : rec.authors()) {
      if (people.count(person) == 0) {
        dv1::GetPersonRequest get;
        get.set_name(person);
        RETURN_IF_ERROR(
            FromGrpc(person, directory->GetPerson(Context(deadline).get(), get, &people[person])));
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
          RETURN_IF_ERROR(FromGrpc(p.organization(),
                                   directory->GetOrganization(Context(deadline).get(), get,
                                                              &organizations[p.organization()])));
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
  if (!Channel("recommendations")) {
    return absl::FailedPreconditionError(
        "the recommendations service is not reachable from this server");
  }
  recommendations::internal::v1::ApplyReviewEventRequest req;
  req.set_name(recommendation);
  req.set_event_id(event_id);
  req.set_target_state(rv1::Recommendation::STATE_ADOPTED);
  req.set_reason(reason);
  auto recs = rv1::RecommendationService::NewStub(Channel("recommendations"));
  auto internal_recs = recommendations::internal::v1::RecommendationInternalService::NewStub(
      Channel("recommendations"));
  rv1::Recommendation out;
  const grpc::Status s = internal_recs->ApplyReviewEvent(Context(deadline).get(), req, &out);
  if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
    // Adopted already (by an earlier final package): nothing to do.
    rv1::GetRecommendationRequest get;
    get.set_name(recommendation);
    if (recs->GetRecommendation(Context(deadline).get(), get, &out).ok() &&
        out.state() == rv1::Recommendation::STATE_ADOPTED) {
      return absl::OkStatus();
    }
  }
  return FromGrpc(recommendation, s, "adopting");
}

}  // namespace summit::briefing
