#pragma once
// An in-memory directory for use-case tests of other services: what it was
// given it finds, anything else is NOT_FOUND, and it can be "down".

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/common/directory_client.h"

namespace summit::testing {

class FakeDirectory final : public DirectoryClient {
 public:
  void Add(const directory::v1::Summit& s) { summits_[s.name()] = s; }
  void Add(const directory::v1::Track& t) { tracks_[t.name()] = t; }
  void Add(const directory::v1::Organization& o) { organizations_[o.name()] = o; }
  void Add(const directory::v1::Person& p) { people_[p.name()] = p; }
  // Every call answers `status` while it is not OK (e.g. UNAVAILABLE).
  void SetDown(absl::Status status) { down_ = std::move(status); }

  absl::StatusOr<directory::v1::Summit> Summit(const std::string& name, absl::Time) const override {
    return Find(summits_, name);
  }
  absl::StatusOr<directory::v1::Track> Track(const std::string& name, absl::Time) const override {
    return Find(tracks_, name);
  }
  absl::StatusOr<directory::v1::Organization> Organization(const std::string& name,
                                                           absl::Time) const override {
    return Find(organizations_, name);
  }
  absl::StatusOr<directory::v1::Person> Person(const std::string& name, absl::Time) const override {
    return Find(people_, name);
  }
  absl::StatusOr<std::vector<directory::v1::Person>> People(directory::v1::ListPeopleRequest filter,
                                                            absl::Time) const override {
    if (!down_.ok()) return down_;
    std::vector<directory::v1::Person> out;
    for (const auto& [name, p] : people_) {
      if (!filter.organization().empty() && p.organization() != filter.organization()) continue;
      bool has_role = filter.role() == directory::v1::ROLE_UNSPECIFIED;
      for (int r : p.roles()) has_role = has_role || r == filter.role();
      if (has_role) out.push_back(p);
    }
    return out;
  }
  absl::StatusOr<std::vector<directory::v1::Person>> PeopleWithRole(
      directory::v1::Role role, absl::Time deadline) const override {
    directory::v1::ListPeopleRequest filter;
    filter.set_role(role);
    return People(filter, deadline);
  }

 private:
  template <typename T>
  absl::StatusOr<T> Find(const std::map<std::string, T>& from, const std::string& name) const {
    if (!down_.ok()) return down_;
    auto it = from.find(name);
    if (it == from.end()) return absl::NotFoundError(absl::StrCat(name, " does not exist"));
    return it->second;
  }

  absl::Status down_ = absl::OkStatus();
  std::map<std::string, directory::v1::Summit> summits_;
  std::map<std::string, directory::v1::Track> tracks_;
  std::map<std::string, directory::v1::Organization> organizations_;
  std::map<std::string, directory::v1::Person> people_;
};

}  // namespace summit::testing
