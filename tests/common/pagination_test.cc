#include "services/common/pagination.h"

#include <gtest/gtest.h>

#include "services/common/update_mask.h"
#include "summit/directory/v1/resources.pb.h"

namespace summit {
namespace {

TEST(PageSize, DefaultsCapsAndRefusesNegative) {
  EXPECT_EQ(*EffectivePageSize(0), kDefaultPageSize);
  EXPECT_EQ(*EffectivePageSize(7), 7);
  EXPECT_EQ(*EffectivePageSize(100000), kMaxPageSize);
  EXPECT_EQ(EffectivePageSize(-1).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PageToken, RoundTripsAndIsBoundToItsQuery) {
  const std::string token = EncodePageToken("people|KZ", "people/zarina");
  EXPECT_EQ(*DecodePageToken(token, "people|KZ"), "people/zarina");
  EXPECT_EQ(*DecodePageToken("", "people|KZ"), "");
  const absl::Status other = DecodePageToken(token, "people|KR").status();
  EXPECT_EQ(other.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(other.message().find("page_token"), absl::string_view::npos);
  EXPECT_EQ(DecodePageToken("not-a-token", "people|KZ").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PageToken, ATokenSignedWithAnotherKeyIsRefused) {
  SetPageTokenKey("replica-key-one-0123456789-0123456789");
  const std::string token = EncodePageToken("people|", "people/zarina");
  EXPECT_EQ(*DecodePageToken(token, "people|"), "people/zarina");
  SetPageTokenKey("replica-key-two-0123456789-0123456789");
  const absl::Status s = DecodePageToken(token, "people|").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "page_token: is not a token this server issued");
  // The same key again (another replica of the same deployment) accepts it.
  SetPageTokenKey("replica-key-one-0123456789-0123456789");
  EXPECT_TRUE(DecodePageToken(token, "people|").ok());
}

TEST(UpdateMask, EmptyMaskMeansTheFieldsThatAreSet) {
  directory::v1::Organization patch;
  patch.set_name("organizations/kisi");
  patch.set_etag("\"v1\"");
  patch.set_website("https://kisi.kz");
  auto paths = ResolveUpdateMask(patch, {}, {"display_name", "website"});
  ASSERT_TRUE(paths.ok()) << paths.status();
  EXPECT_EQ(*paths, std::vector<std::string>{"website"});
}

TEST(UpdateMask, RefusesFieldsThatCannotChange) {
  directory::v1::Person patch;
  patch.add_roles(directory::v1::ROLE_ADMIN);
  // Set but not changeable: refused, not silently dropped.
  EXPECT_EQ(ResolveUpdateMask(patch, {}, {"display_name"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  google::protobuf::FieldMask mask;
  mask.add_paths("roles");
  EXPECT_EQ(ResolveUpdateMask(patch, mask, {"display_name"}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(UpdateMask, ExplicitPathsClearAndReplace) {
  directory::v1::Person target;
  target.set_display_name("Old");
  target.add_languages("ru");
  target.add_languages("kk");
  directory::v1::Person patch;
  patch.add_languages("ko");
  ApplyUpdateMask(patch, {"languages", "display_name"}, &target);
  EXPECT_EQ(target.display_name(), "");  // named in the mask, empty in the patch
  ASSERT_EQ(target.languages_size(), 1);
  EXPECT_EQ(target.languages(0), "ko");
}

}  // namespace
}  // namespace summit
