#include "services/common/token.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/authenticator.h"
#include "services/common/verified_tokens.h"

namespace summit {
namespace {

constexpr char kKey[] = "0123456789abcdef0123456789abcdef";
const absl::Time kNow = absl::FromUnixSeconds(1'750'000'000);

auth::internal::v1::TokenClaims Claims(absl::Time expire) {
  auth::internal::v1::TokenClaims c;
  c.set_subject("people/aigerim");
  c.set_token_id("t1");
  c.set_issue_time_seconds(absl::ToUnixSeconds(kNow));
  c.set_expire_time_seconds(absl::ToUnixSeconds(expire));
  c.add_roles(directory::v1::ROLE_EXPERT);
  return c;
}

TEST(TokenCodec, RefusesShortKeys) { EXPECT_FALSE(TokenCodec::Create("short").ok()); }

constexpr char kOldKey[] = "old-key-0123456789abcdef0123456789";
constexpr char kNewKey[] = "new-key-0123456789abcdef0123456789";

// Rotation: a new key signs, the old one still verifies until it is dropped.
TEST(TokenCodec, RotatesKeysByTheirIds) {
  TokenCodec old_only = *TokenCodec::Create(absl::StrCat("k1:", kOldKey));
  const std::string old_token = old_only.Sign(Claims(kNow + absl::Hours(1)));
  EXPECT_EQ(old_token.rfind("smt2.k1.", 0), 0u) << old_token;

  TokenCodec rotated = *TokenCodec::Create(absl::StrCat("k2:", kNewKey, "\nk1:", kOldKey, "\n"));
  EXPECT_EQ(rotated.signing_key_id(), "k2");
  const std::string new_token = rotated.Sign(Claims(kNow + absl::Hours(1)));
  EXPECT_EQ(new_token.rfind("smt2.k2.", 0), 0u);
  EXPECT_TRUE(rotated.Verify(old_token, kNow).ok());
  EXPECT_TRUE(rotated.Verify(new_token, kNow).ok());
  // The old replica does not know k2 yet, and says so.
  absl::Status unknown = old_only.Verify(new_token, kNow).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(unknown.message().find("key"), absl::string_view::npos);

  // Once k1 is dropped, its tokens stop working.
  TokenCodec new_only = *TokenCodec::Create(absl::StrCat("k2:", kNewKey));
  EXPECT_EQ(new_only.Verify(old_token, kNow).status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(new_only.Verify(new_token, kNow).ok());
}

// A token relabelled with another key's id does not verify under it.
TEST(TokenCodec, AKeyIdCannotBeSwapped) {
  TokenCodec rotated = *TokenCodec::Create(absl::StrCat("k2:", kNewKey, "\nk1:", kOldKey));
  std::string token = rotated.Sign(Claims(kNow + absl::Hours(1)));
  token.replace(0, 8, "smt2.k1.");
  EXPECT_EQ(rotated.Verify(token, kNow).status().code(), absl::StatusCode::kUnauthenticated);
}

// Tokens from before key ids (smt1, a bare key) verify once that key is
// listed with an id.
TEST(TokenCodec, TokensFromBeforeKeyIdsStillVerify) {
  const std::string bare = TokenCodec::Create(kOldKey)->Sign(Claims(kNow + absl::Hours(1)));
  EXPECT_EQ(bare.rfind("smt1.", 0), 0u);
  TokenCodec rotated = *TokenCodec::Create(absl::StrCat("k2:", kNewKey, "\nk1:", kOldKey));
  EXPECT_TRUE(rotated.Verify(bare, kNow).ok());
  TokenCodec new_only = *TokenCodec::Create(absl::StrCat("k2:", kNewKey));
  EXPECT_FALSE(new_only.Verify(bare, kNow).ok());
}

TEST(TokenCodec, RefusesBadKeyrings) {
  EXPECT_FALSE(TokenCodec::Create("").ok());
  EXPECT_FALSE(TokenCodec::Create(absl::StrCat("k1:", "short")).ok());
  EXPECT_FALSE(TokenCodec::Create(absl::StrCat("k1:", kOldKey, "\nk1:", kNewKey)).ok());
  EXPECT_FALSE(TokenCodec::Create(absl::StrCat(kOldKey, "\n", kNewKey)).ok());
}

TEST(TokenCodec, RoundTripsClaims) {
  TokenCodec codec = *TokenCodec::Create(kKey);
  const std::string token = codec.Sign(Claims(kNow + absl::Hours(1)));
  absl::StatusOr<auth::internal::v1::TokenClaims> got = codec.Verify(token, kNow);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->subject(), "people/aigerim");
  EXPECT_EQ(got->roles_size(), 1);
}

// The keyed context is reused across calls and threads; its digest must be
// plain HMAC-SHA256 (the value from Python's hmac module), every time.
TEST(TokenCodec, KeyedDigestIsHmacSha256OnEveryCall) {
  const TokenCodec codec = *TokenCodec::Create("0123456789abcdef0123456789abcdef");
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        wrong += codec.KeyedDigest("sign-in", "123456") !=
                 "9eb21f312ef44fbf03523b4d1c041858a66231a8b2fc4cba8c79da28ff28fcf1";
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong, 0);
}

TEST(TokenCodec, RefusesExpiredTokens) {
  TokenCodec codec = *TokenCodec::Create(kKey);
  const std::string token = codec.Sign(Claims(kNow + absl::Hours(1)));
  EXPECT_TRUE(codec.Verify(token, kNow + absl::Minutes(59)).ok());
  absl::Status s = codec.Verify(token, kNow + absl::Hours(1)).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(s.message().find("expired"), absl::string_view::npos);
}

TEST(TokenCodec, RefusesTokensSignedWithAnotherKey) {
  TokenCodec mine = *TokenCodec::Create(kKey);
  TokenCodec theirs = *TokenCodec::Create("another-key-0123456789abcdef-xyz");
  const std::string token = theirs.Sign(Claims(kNow + absl::Hours(1)));
  EXPECT_EQ(mine.Verify(token, kNow).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(TokenCodec, RefusesAlteredPayload) {
  TokenCodec codec = *TokenCodec::Create(kKey);
  const std::string token = codec.Sign(Claims(kNow + absl::Hours(1)));
  auth::internal::v1::TokenClaims admin = Claims(kNow + absl::Hours(1));
  admin.add_roles(directory::v1::ROLE_ADMIN);
  // Swap in the payload of a more powerful token but keep the old signature.
  const std::string forged_payload = codec.Sign(admin).substr(0, codec.Sign(admin).rfind('.'));
  const std::string forged = forged_payload + token.substr(token.rfind('.'));
  EXPECT_EQ(codec.Verify(forged, kNow).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(TokenCodec, RefusesMalformedTokens) {
  TokenCodec codec = *TokenCodec::Create(kKey);
  for (const char* bad : {"", "abc", "smt1..", "smt2.a.b", "smt1.!!!.???"}) {
    EXPECT_EQ(codec.Verify(bad, kNow).status().code(), absl::StatusCode::kUnauthenticated) << bad;
  }
}

class AuthenticatorTest : public ::testing::Test {
 protected:
  using Metadata = std::multimap<grpc::string_ref, grpc::string_ref>;
  TokenCodec codec_ = *TokenCodec::Create(kKey);
  RevocationList revoked_;
  FakeClock clock_{kNow};
  Authenticator auth_{&codec_, &revoked_, &clock_};
  std::string header_ = "Bearer " + codec_.Sign(Claims(kNow + absl::Hours(1)));
};

TEST_F(AuthenticatorTest, DerivesThePrincipalFromTheCallsMetadata) {
  Metadata md{{"authorization", header_}};
  absl::StatusOr<Principal> p = auth_.Authenticate(md);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->subject, "people/aigerim");
  EXPECT_TRUE(p->Has(directory::v1::ROLE_EXPERT));
  EXPECT_FALSE(p->Has(directory::v1::ROLE_ADMIN));
}

TEST_F(AuthenticatorTest, RefusesMissingWrongSchemeAndDuplicateHeaders) {
  EXPECT_EQ(auth_.Authenticate(Metadata{}).status().code(), absl::StatusCode::kUnauthenticated);
  const std::string basic = "Basic dXNlcjpwdw==";
  EXPECT_EQ(auth_.Authenticate(Metadata{{"authorization", basic}}).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(auth_.Authenticate(Metadata{{"authorization", header_}, {"authorization", header_}})
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(AuthenticatorTest, RefusesRevokedTokensAndFollowsTheClock) {
  Metadata md{{"authorization", header_}};
  clock_.Advance(absl::Hours(2));
  EXPECT_EQ(auth_.Authenticate(md).status().code(), absl::StatusCode::kUnauthenticated);
  FakeClock early(kNow);
  Authenticator fresh(&codec_, &revoked_, &early);
  ASSERT_TRUE(fresh.Authenticate(md).ok());
  revoked_.Add("t1");
  absl::Status s = fresh.Authenticate(md).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(s.message().find("revoked"), absl::string_view::npos);
}

// A token verified once is remembered (no second HMAC), but its expiry and
// revocation are still checked on every call, and only its exact bytes match.
TEST_F(AuthenticatorTest, RemembersVerifiedTokensAndStillChecksExpiryAndRevocation) {
  Metadata md{{"authorization", header_}};
  ASSERT_TRUE(auth_.Authenticate(md).ok());
  ASSERT_TRUE(auth_.Authenticate(md).ok());
  EXPECT_EQ(auth_.remembered_tokens(), 1u);

  std::string forged = header_;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';  // the signature's last character
  absl::Status bad = auth_.Authenticate(Metadata{{"authorization", forged}}).status();
  EXPECT_EQ(bad.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(auth_.remembered_tokens(), 1u);

  clock_.Advance(absl::Minutes(61));
  absl::Status expired = auth_.Authenticate(md).status();
  EXPECT_EQ(expired.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(expired.message().find("expired"), absl::string_view::npos) << expired;

  FakeClock early(kNow);
  Authenticator fresh(&codec_, &revoked_, &early);
  ASSERT_TRUE(fresh.Authenticate(md).ok());
  revoked_.Add("t1");
  absl::Status revoked = fresh.Authenticate(md).status();
  EXPECT_EQ(revoked.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(revoked.message().find("revoked"), absl::string_view::npos) << revoked;
}

TEST(VerifiedTokens, MatchesOnlyTheExactTokenAndStaysWithinItsCapacity) {
  VerifiedTokens tokens(16);
  tokens.Remember("smt2.k.payload.mac", Claims(kNow + absl::Hours(1)));
  EXPECT_NE(tokens.Find("smt2.k.payload.mac", kNow), nullptr);
  EXPECT_EQ(tokens.Find("smt2.k.payload.maC", kNow), nullptr);
  EXPECT_EQ(tokens.Find("smt2.k.payload.ma", kNow), nullptr);
  EXPECT_EQ(tokens.Find("smt2.k.payload.mac", kNow + absl::Hours(1)), nullptr);  // expired

  for (int i = 0; i < 1000; ++i) {
    tokens.Remember(absl::StrCat("token-", i), Claims(kNow + absl::Hours(1)));
    ASSERT_LE(tokens.size(), 16u) << i;
  }
  EXPECT_NE(tokens.Find("token-999", kNow), nullptr);  // the newest is kept
}

TEST(RevocationList, RefreshKeepsRevocationsMadeDuringIt) {
  RevocationList list;
  const absl::Time before = absl::Now() - absl::Seconds(1);
  list.Add("late");
  list.Replace({"a", "b"}, before);  // snapshot began before "late" was added
  EXPECT_TRUE(list.Contains("late"));
  EXPECT_TRUE(list.Contains("a"));
  list.Replace({"a"}, absl::Now() + absl::Seconds(1));  // a later snapshot knows it all
  EXPECT_FALSE(list.Contains("late"));
  EXPECT_FALSE(list.Contains("b"));
}

TEST(RevocationList, FailsClosedWhileNeverLoadedOrTooOld) {
  TokenCodec codec = *TokenCodec::Create(kKey);
  FakeClock clock(kNow);
  const std::string person = codec.Sign(Claims(kNow + absl::Hours(1)));
  auth::internal::v1::TokenClaims service_claims = Claims(kNow + absl::Hours(1));
  service_claims.set_subject("services/summitd");
  const std::string service = codec.Sign(service_claims);

  RevocationList never_loaded;
  Authenticator strict(&codec, &never_loaded, &clock, absl::Seconds(60));
  absl::Status s = strict.AuthenticateToken(person).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("revoked tokens"), absl::string_view::npos) << s.message();
  // Servers' own tokens pass, so that replicas can still fetch the list.
  EXPECT_TRUE(strict.AuthenticateToken(service).ok());

  never_loaded.Replace({}, absl::Now());
  EXPECT_TRUE(strict.AuthenticateToken(person).ok());

  RevocationList stale;
  stale.Replace({}, absl::Now() - absl::Minutes(5));
  Authenticator strict_on_stale(&codec, &stale, &clock, absl::Seconds(60));
  s = strict_on_stale.AuthenticateToken(person).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("old"), absl::string_view::npos) << s.message();
}

TEST(ReadKeyFile, RefusesAKeyFileOthersCanRead) {
  const std::string path = ::testing::TempDir() + "/summit-token-key-test";
  {
    std::ofstream out(path, std::ios::trunc);
    out << kKey << "\n";
  }
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  absl::StatusOr<std::string> key = ReadKeyFile(path);
  EXPECT_EQ(key.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(key.status().message().find("0644"), absl::string_view::npos) << key.status();
  ASSERT_EQ(chmod(path.c_str(), 0600), 0);
  key = ReadKeyFile(path);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*key, kKey);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace summit
