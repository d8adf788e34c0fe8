"""A foreign client: Python with Debian's python3-grpcio and stubs generated
from proto/, against a real summitd process over PostgreSQL.

Environment: SUMMIT_ADDRESS, SUMMIT_ADMIN_TOKEN, PYTHONPATH with the stubs.
"""
import os
import unittest
import uuid

import grpc
from health.v1 import health_pb2, health_pb2_grpc
from reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from summit.directory.v1 import directory_service_pb2 as ds
from summit.directory.v1 import directory_service_pb2_grpc as ds_grpc
from summit.directory.v1 import resources_pb2 as res


def auth(token):
    return [("authorization", "Bearer " + token)]


class DirectoryFromPython(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.channel = grpc.insecure_channel(os.environ["SUMMIT_ADDRESS"])
        cls.stub = ds_grpc.DirectoryServiceStub(cls.channel)
        cls.admin = auth(os.environ["SUMMIT_ADMIN_TOKEN"])

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()

    def test_health_reports_serving(self):
        health = health_pb2_grpc.HealthStub(self.channel)
        for service in ("", "summit.directory.v1.DirectoryService"):
            reply = health.Check(health_pb2.HealthCheckRequest(service=service), timeout=5)
            self.assertEqual(reply.status, health_pb2.HealthCheckResponse.SERVING, service)

    def test_reflection_lists_the_directory(self):
        stub = reflection_pb2_grpc.ServerReflectionStub(self.channel)
        replies = stub.ServerReflectionInfo(
            iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=5)
        names = [s.name for r in replies for s in r.list_services_response.service]
        self.assertIn("summit.directory.v1.DirectoryService", names)

    def test_admin_builds_the_directory_and_an_expert_reads_it(self):
        suffix = uuid.uuid4().hex[:8]
        org = self.stub.CreateOrganization(ds.CreateOrganizationRequest(
            organization_id="kisi-" + suffix,
            organization=res.Organization(
                display_name="Қазақстан Республикасының Президенті жанындағы "
                             "Қазақстан стратегиялық зерттеулер институты",
                short_name="KISI", kind=res.Organization.KIND_THINK_TANK, country_code="KZ"),
            request_id=str(uuid.uuid4())), metadata=self.admin, timeout=10)
        self.assertEqual(org.name, "organizations/kisi-" + suffix)

        person = self.stub.CreatePerson(ds.CreatePersonRequest(
            person_id="expert-" + suffix,
            person=res.Person(display_name="Айгерим Нурланқызы", email=f"a-{suffix}@kisi.kz",
                              organization=org.name, roles=[res.ROLE_EXPERT],
                              languages=["kk", "ru"], time_zone="Asia/Almaty")),
            metadata=self.admin, timeout=10)
        cred = self.stub.CreateCredential(
            ds.CreateCredentialRequest(parent=person.name), metadata=self.admin, timeout=10)
        expert = auth(cred.token)

        who = self.stub.WhoAmI(ds.WhoAmIRequest(), metadata=expert, timeout=10)
        self.assertEqual(who.subject, person.name)
        self.assertEqual(who.person.display_name, "Айгерим Нурланқызы")

        listed = self.stub.ListOrganizations(
            ds.ListOrganizationsRequest(country_code="KZ", page_size=500),
            metadata=expert, timeout=10)
        self.assertIn(org.name, [o.name for o in listed.organizations])

        with self.assertRaises(grpc.RpcError) as denied:
            self.stub.CreateOrganization(ds.CreateOrganizationRequest(
                organization=res.Organization(display_name="X", kind=1, country_code="KZ")),
                metadata=expert, timeout=10)
        self.assertEqual(denied.exception.code(), grpc.StatusCode.PERMISSION_DENIED)

    def test_refusals_reach_python_with_clear_messages(self):
        with self.assertRaises(grpc.RpcError) as unauthenticated:
            self.stub.ListSummits(ds.ListSummitsRequest(), timeout=10)
        self.assertEqual(unauthenticated.exception.code(), grpc.StatusCode.UNAUTHENTICATED)

        with self.assertRaises(grpc.RpcError) as invalid:
            self.stub.CreateSummit(ds.CreateSummitRequest(summit=res.Summit(
                display_name="Summit", start_date="2025-11-11", end_date="2025-11-12",
                time_zone="Asia/Atlantis", languages=["en"])), metadata=self.admin, timeout=10)
        self.assertEqual(invalid.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertTrue(invalid.exception.details().startswith("summit.time_zone"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
