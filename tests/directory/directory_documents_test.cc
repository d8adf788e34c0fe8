// The binary copy each document keeps beside its jsonb (document_store.h):
// written with every create and update, agreeing with the jsonb, the form
// reads decode, and dropped when something changes the jsonb without it.
#include <google/protobuf/util/message_differencer.h>

#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/result>

#include "services/common/proto_json.h"
#include "tests/directory/directory_test_base.h"

namespace summit::testing {
namespace {

using google::protobuf::util::MessageDifferencer;

class DirectoryDocumentsTest : public DirectoryTest {
 protected:
  dv1::Person GetPerson(const std::string& name) {
    dv1::GetPersonRequest req;
    req.set_name(name);
    dv1::Person out;
    const grpc::Status s = stub_->GetPerson(AuthContext(coordinator_).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
};

// Every row of every directory table: the binary copy is there and decodes
// to the message the jsonb decodes to.
TEST_F(DirectoryDocumentsTest, EveryRowsBinaryCopyAgreesWithItsJson) {
  dv1::Summit summit;
  ASSERT_TRUE(CreateSummit(coordinator_, "ca-kr-2025", &summit).ok());
  dv1::UpdatePersonRequest update;
  update.mutable_person()->set_name("people/aigerim");
  update.mutable_person()->set_display_name("Айгерім Сейітқызы");
  update.mutable_update_mask()->add_paths("display_name");
  dv1::Person updated;
  ASSERT_TRUE(stub_->UpdatePerson(AuthContext(admin_).get(), update, &updated).ok());

  int rows = 0;
  {
    pqxx::nontransaction txn(server_->db().conn());
    const auto check = [&](const std::string& table, google::protobuf::Message& from_json,
                           google::protobuf::Message& from_binary) {
      for (const pqxx::row& r :
           txn.exec("SELECT name, doc::text, doc_pb FROM directory." + table + " ORDER BY name")) {
        SCOPED_TRACE(r[0].as<std::string>());
        ++rows;
        ASSERT_FALSE(r[2].is_null()) << "no binary copy";
        from_json.Clear();
        from_binary.Clear();
        ASSERT_TRUE(FromJson(r[1].as<std::string>(), &from_json).ok());
        ASSERT_TRUE(from_binary.ParseFromString(pqxx::binarystring(r[2]).str()));
        EXPECT_TRUE(MessageDifferencer::Equals(from_json, from_binary))
            << from_json.DebugString() << " vs " << from_binary.DebugString();
      }
    };
    dv1::Summit s1, s2;
    check("summits", s1, s2);
    dv1::Organization o1, o2;
    check("organizations", o1, o2);
    dv1::Person p1, p2;
    check("people", p1, p2);
  }
  EXPECT_EQ(rows, 1 + 2 + 4);  // the summit, KISI and IEPR, the admin and three people
  EXPECT_EQ(server_->db().QueryValue(
                "SELECT position(convert_to('Айгерім Сейітқызы', 'UTF8') IN doc_pb) > 0 "
                "FROM directory.people WHERE name = 'people/aigerim'"),
            "t");  // the update wrote a new copy
}

// What a read returns comes from the binary copy: a copy that says
// something else than the jsonb (only a test writes one) is what is read.
TEST_F(DirectoryDocumentsTest, ReadsDecodeTheBinaryCopy) {
  dv1::Person person = GetPerson("people/aigerim");
  person.clear_name();
  person.clear_etag();
  person.clear_create_time();
  person.clear_update_time();
  person.set_display_name("From the binary copy");
  {
    pqxx::nontransaction txn(server_->db().conn());
    txn.exec_params("UPDATE directory.people SET doc_pb = $1::bytea WHERE name = 'people/aigerim'",
                    pqxx::binarystring(person.SerializeAsString()));
  }
  EXPECT_EQ(GetPerson("people/aigerim").display_name(), "From the binary copy");
}

// A writer that changes the jsonb alone (the release before this one during
// a rollout, a hand-made fix): the stale copy is dropped, reads fall back to
// the jsonb, and the next update through the API writes a copy again.
TEST_F(DirectoryDocumentsTest, AChangeToTheJsonAloneDropsTheCopyAndReadsFallBack) {
  EXPECT_EQ(server_->db().QueryValue(
                "UPDATE directory.people SET doc = jsonb_set(doc, '{display_name}', "
                "'\"Set by hand\"') WHERE name = 'people/aigerim' RETURNING doc_pb IS NULL"),
            "t");
  const dv1::Person read = GetPerson("people/aigerim");
  EXPECT_EQ(read.display_name(), "Set by hand");
  EXPECT_EQ(read.email(), "aigerim@test.example");

  dv1::UpdatePersonRequest update;
  update.mutable_person()->set_name("people/aigerim");
  update.mutable_person()->set_etag(read.etag());
  update.mutable_person()->set_display_name("Aigerim");
  update.mutable_update_mask()->add_paths("display_name");
  dv1::Person updated;
  ASSERT_TRUE(stub_->UpdatePerson(AuthContext(admin_).get(), update, &updated).ok());
  EXPECT_EQ(
      server_->db().QueryValue("SELECT doc_pb IS NOT NULL AND doc->>'display_name' = 'Aigerim' "
                               "FROM directory.people WHERE name = 'people/aigerim'"),
      "t");
  EXPECT_EQ(GetPerson("people/aigerim").display_name(), "Aigerim");
}

// Writing both forms in one statement is not a change of the jsonb alone:
// an update through the API keeps its copy (the trigger leaves it).
TEST_F(DirectoryDocumentsTest, AnUpdateThroughTheApiKeepsItsCopy) {
  dv1::UpdatePersonRequest update;
  update.mutable_person()->set_name("people/minho");
  update.mutable_person()->set_display_name("민호");
  update.mutable_update_mask()->add_paths("display_name");
  dv1::Person updated;
  ASSERT_TRUE(stub_->UpdatePerson(AuthContext(admin_).get(), update, &updated).ok());
  EXPECT_EQ(server_->db().QueryValue(
                "SELECT doc_pb IS NOT NULL FROM directory.people WHERE name = 'people/minho'"),
            "t");
  EXPECT_EQ(GetPerson("people/minho").display_name(), "민호");
}

}  // namespace
}  // namespace summit::testing
