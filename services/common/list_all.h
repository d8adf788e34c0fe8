#pragma once
// Reads every page of a paginated List call of another service: the page
// tokens are followed until the last page, so a caller never acts on the
// first page alone as if it were everything.
//   ListAll<ListRevokedTokensRequest, ListRevokedTokensResponse>(
//       request, [&](const auto& req, auto* resp) { return Call(req, resp); },
//       [&](const auto& resp) { ... });

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace summit {

// Stops after this many pages: a server that never ends its list is a bug,
// not a reason to loop forever.
inline constexpr int kMaxListAllPages = 10000;

template <typename Request, typename Response>
absl::Status ListAll(Request request,
                     const std::function<absl::Status(const Request&, Response*)>& call,
                     const std::function<void(const Response&)>& each) {
  for (int page = 0; page < kMaxListAllPages; ++page) {
    Response response;
    if (absl::Status s = call(request, &response); !s.ok()) return s;
    each(response);
    if (response.next_page_token().empty()) return absl::OkStatus();
    request.set_page_token(response.next_page_token());
  }
  return absl::InternalError(absl::StrCat("a list did not end after ", kMaxListAllPages, " pages"));
}

}  // namespace summit
