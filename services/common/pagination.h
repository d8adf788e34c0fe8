#pragma once
// Keyset pagination with opaque page tokens. A token carries the last key
// seen and a fingerprint of the query, signed with the server's page-token
// key: a token the server did not issue (edited, cut short, made up) is
// refused, and one issued for other filters cannot be replayed.

#include <google/protobuf/repeated_ptr_field.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace summit {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// 0 -> default; above the cap -> the cap; negative -> INVALID_ARGUMENT.
absl::StatusOr<int> EffectivePageSize(int requested);

// The key page tokens are signed with, set once at start-up before any call
// (replicas derive it from the shared token key, so a token from one replica
// is good on another). Until set, a random key of this process signs.
void SetPageTokenKey(absl::string_view key);

std::string EncodePageToken(absl::string_view query_fingerprint, absl::string_view last_key);

// Empty token -> empty key (start from the beginning).
absl::StatusOr<std::string> DecodePageToken(absl::string_view token,
                                            absl::string_view query_fingerprint);

// One list call's page: how many items, and after which key to start.
//   ASSIGN_OR_RETURN(PageRequest page, StartPage(req.page_size(), req.page_token(), fingerprint));
//   rows = query(page.after, page.limit());          // keyset: key > after ORDER BY key
//   resp.set_next_page_token(FinishPage(page, resp.mutable_items(), key_of));
struct PageRequest {
  int size = kDefaultPageSize;
  // The last key of the previous page; empty on the first page.
  std::string after;
  // What the page token is bound to: the call and its filters.
  std::string fingerprint;
  // Read one more row than the page holds: it only says whether there is more.
  int limit() const { return size + 1; }
};

// page_size and page_token checked (INVALID_ARGUMENT naming the field).
absl::StatusOr<PageRequest> StartPage(int page_size, absl::string_view page_token,
                                      std::string fingerprint);

// page.after as a number, for lists keyed by one (0 on the first page).
absl::StatusOr<int64_t> AfterNumber(const PageRequest& page);

// Keeps the first page.size items of what was read with page.limit(); returns
// the token for the next page (after the key of the last item kept), or ""
// when this is the last page.
template <typename Item, typename KeyOf>
std::string FinishPage(const PageRequest& page, std::vector<Item>* items, KeyOf key_of) {
  if (static_cast<int>(items->size()) <= page.size) return "";
  items->resize(page.size);
  return EncodePageToken(page.fingerprint, key_of(items->back()));
}
template <typename Item, typename KeyOf>
std::string FinishPage(const PageRequest& page, google::protobuf::RepeatedPtrField<Item>* items,
                       KeyOf key_of) {
  if (items->size() <= page.size) return "";
  items->DeleteSubrange(page.size, items->size() - page.size);
  return EncodePageToken(page.fingerprint, key_of(items->Get(page.size - 1)));
}

// The same paging for a short list already read whole, in its order, and
// filtered for the caller (the rounds of one recommendation, the reviews of
// one cycle): drops what came up to and including the item keyed page.after,
// then finishes the page. A key no longer in the list ends the list.
template <typename Item, typename KeyOf>
std::string PageInMemory(const PageRequest& page, google::protobuf::RepeatedPtrField<Item>* items,
                         KeyOf key_of) {
  if (!page.after.empty()) {
    int at = 0;
    while (at < items->size() && key_of(items->Get(at)) != page.after) ++at;
    items->DeleteSubrange(0, std::min(at + 1, items->size()));
  }
  return FinishPage(page, items, key_of);
}

}  // namespace summit
