#include "services/common/directory_lookup.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace summit {
namespace {

namespace dv1 = directory::v1;

absl::Status FromGrpc(const grpc::Status& s, const std::string& name) {
  if (s.ok()) return absl::OkStatus();
  if (s.error_code() == grpc::StatusCode::NOT_FOUND) {
    return absl::NotFoundError(absl::StrCat(name, " does not exist"));
  }
  if (s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return absl::DeadlineExceededError("deadline exceeded while asking the directory");
  }
  return absl::UnavailableError(
      absl::StrCat("the directory service is unavailable: ", s.error_message()));
}

}  // namespace

std::unique_ptr<grpc::ClientContext> DirectoryLookup::Context(absl::Time deadline) const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", authorization_());
  const absl::Time bounded = std::min(deadline, absl::Now() + absl::Seconds(10));
  ctx->set_deadline(absl::ToChronoTime(bounded));
  return ctx;
}

std::unique_ptr<dv1::DirectoryService::Stub> DirectoryLookup::Stub() const {
  std::shared_ptr<grpc::Channel> channel = channel_();
  return channel ? dv1::DirectoryService::NewStub(channel) : nullptr;
}

#define SUMMIT_LOOKUP(Method, Type, Rpc, Request)                                                  \
  absl::StatusOr<dv1::Type> DirectoryLookup::Method(const std::string& name, absl::Time deadline)  \
      const {                                                                                      \
    auto stub = Stub();                                                                            \
    if (!stub) return absl::UnavailableError("no directory service is configured");                \
    dv1::Request req;                                                                              \
    req.set_name(name);                                                                            \
    dv1::Type out;                                                                                 \
    if (absl::Status s = FromGrpc(stub->Rpc(Context(deadline).get(), req, &out), name); !s.ok()) { \
      return s;                                                                                    \
    }                                                                                              \
    return out;                                                                                    \
  }

SUMMIT_LOOKUP(Summit, Summit, GetSummit, GetSummitRequest)
SUMMIT_LOOKUP(Track, Track, GetTrack, GetTrackRequest)
SUMMIT_LOOKUP(Organization, Organization, GetOrganization, GetOrganizationRequest)
SUMMIT_LOOKUP(Person, Person, GetPerson, GetPersonRequest)

#undef SUMMIT_LOOKUP

absl::StatusOr<std::vector<dv1::Person>> DirectoryLookup::PeopleWithRole(
    dv1::Role role, absl::Time deadline) const {
  dv1::ListPeopleRequest filter;
  filter.set_role(role);
  return People(std::move(filter), deadline);
}

absl::StatusOr<std::vector<dv1::Person>> DirectoryLookup::People(dv1::ListPeopleRequest req,
                                                                 absl::Time deadline) const {
  auto stub = Stub();
  if (!stub) return absl::UnavailableError("no directory service is configured");
  std::vector<dv1::Person> all;
  req.set_page_size(500);
  req.clear_page_token();
  do {
    dv1::ListPeopleResponse resp;
    if (absl::Status s = FromGrpc(stub->ListPeople(Context(deadline).get(), req, &resp), "people");
        !s.ok()) {
      return s;
    }
    all.insert(all.end(), resp.people().begin(), resp.people().end());
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty());
  return all;
}

}  // namespace summit
