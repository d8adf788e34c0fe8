// Documents and string arrays between JSON and protobuf: the direct array
// reader agrees with protobuf's JSON parser on everything jsonb prints, and
// refuses what is not an array of strings; messages round-trip through the
// cached type descriptions, nested types and enums included.
#include "services/common/proto_json.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "services/common/json_string_array.h"
#include "summit/recommendations/v1/resources.pb.h"

namespace summit {
namespace {

std::vector<std::string> ThroughProtobuf(const std::string& json) {
  google::protobuf::ListValue list;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &list).ok()) << json;
  std::vector<std::string> out;
  for (const auto& v : list.values()) out.push_back(v.string_value());
  return out;
}

TEST(JsonStringArray, AgreesWithProtobufOnWhatJsonbPrints) {
  for (const std::string json : std::vector<std::string>{
           R"([])",
           R"([ ])",
           R"(["people/aigerim"])",
           R"(["people/aigerim", "people/kim"])",
           R"(["a\"b", "c\\d", "e\/f", "\b\f\n\r\t"])",
           R"(["\u00e9t\u00E9", "\u0416\u049b", "\ud55c\uad6d", "\ud83d\ude00"])",
           "[\"Қазақстан\", \"한국\"]",
       }) {
    const auto direct = ParseJsonStringArray(json);
    ASSERT_TRUE(direct.has_value()) << json;
    EXPECT_EQ(*direct, ThroughProtobuf(json)) << json;
    EXPECT_EQ(FromJsonArray(json), *direct) << json;
  }
}

TEST(JsonStringArray, RefusesWhatIsNotAnArrayOfStrings) {
  for (const std::string json : std::vector<std::string>{
           "",
           "null",
           "{}",
           "[",
           "[\"a\"",
           "[\"a\",]",
           "[1]",
           "[\"a\" \"b\"]",
           "[\"a\"] x",
           "[\"\\x\"]",
           "[\"\\u12\"]",
           "[\"\\udc00\"]",
           "[\"\\ud800x\"]",
           std::string("[\"a\nb\"]"),
       }) {
    EXPECT_FALSE(ParseJsonStringArray(json).has_value()) << json;
  }
  // Not strings: protobuf's reading is kept (a number has no string value).
  EXPECT_EQ(FromJsonArray("[1]"), std::vector<std::string>{""});
}

TEST(ProtoJson, MessagesRoundTripWithNestedTypesAndEnums) {
  recommendations::v1::Recommendation rec;
  rec.set_title("Цифровой коридор — 디지털");
  rec.set_state(recommendations::v1::Recommendation::STATE_SUBMITTED);
  rec.add_authors("people/aigerim");
  *rec.mutable_create_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1700000000);
  const std::string json = ToJson(rec);
  EXPECT_NE(json.find("\"state\":\"STATE_SUBMITTED\""), std::string::npos) << json;
  // Many threads at once through the shared cache.
  std::vector<std::thread> threads;
  std::vector<int> same(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        recommendations::v1::Recommendation back;
        same[t] +=
            FromJson(json, &back).ok() && back.SerializeAsString() == rec.SerializeAsString();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(same, std::vector<int>(4, 100));
  // Unknown fields (a newer binary's rows) are ignored; broken text is not.
  recommendations::v1::Recommendation back;
  EXPECT_TRUE(FromJson(R"({"title":"x","field_from_the_future":1})", &back).ok());
  EXPECT_EQ(back.title(), "x");
  EXPECT_FALSE(FromJson(R"({"title":)", &back).ok());
}

}  // namespace
}  // namespace summit
