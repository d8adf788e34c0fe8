#include "services/common/directory_lookup.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/list_all.h"
#include "services/common/pagination.h"
#include "services/common/status_macros.h"

namespace summit {
namespace {

namespace dv1 = directory::v1;

}  // namespace

absl::StatusOr<std::unique_ptr<dv1::DirectoryService::Stub>> DirectoryLookup::Stub() const {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client_.Channel();
  if (!channel.ok()) return channel.status();
  return dv1::DirectoryService::NewStub(*channel);
}

#define SUMMIT_LOOKUP(Method, Type, Rpc, Request)                                                 \
  absl::StatusOr<dv1::Type> DirectoryLookup::Method(const std::string& name, absl::Time deadline) \
      const {                                                                                     \
    auto stub = Stub();                                                                           \
    if (!stub.ok()) return stub.status();                                                         \
    dv1::Request req;                                                                             \
    req.set_name(name);                                                                           \
    dv1::Type out;                                                                                \
    absl::Status s =                                                                              \
        client_.Result((*stub)->Rpc(client_.Context(deadline).get(), req, &out), name);           \
    if (!s.ok()) return s;                                                                        \
    return out;                                                                                   \
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
  if (!stub.ok()) return stub.status();
  std::vector<dv1::Person> all;
  req.set_page_size(kMaxPageSize);
  req.clear_page_token();
  RETURN_IF_ERROR((ListAll<dv1::ListPeopleRequest, dv1::ListPeopleResponse>(
      req,
      [&](const dv1::ListPeopleRequest& r, dv1::ListPeopleResponse* resp) {
        return client_.Result((*stub)->ListPeople(client_.Context(deadline).get(), r, resp),
                              "people");
      },
      [&](const dv1::ListPeopleResponse& page) {
        all.insert(all.end(), page.people().begin(), page.people().end());
      })));
  return all;
}

}  // namespace summit
