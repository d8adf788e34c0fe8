"""Calls between services carry people's bearer tokens, so a split
deployment can run them over mutual TLS: a directory replica that requires
client certificates, and recommendations replicas reaching it. Only the one
with the CA and a client certificate loads the revoked tokens from it and
serves people; without TLS, or without a client certificate, the replica
cannot reach the directory and refuses people (UNAVAILABLE, fail closed).

Uses the shared test cluster (SUMMIT_TEST_PG_DIR) and the openssl command.
Environment: SUMMIT_BUILD_DIR, SUMMIT_TEST_PG_DIR, PYTHONPATH with the stubs.
"""
import os
import shutil
import subprocess
import tempfile
import time
import unittest
import uuid

import grpc
from summit.recommendations.v1 import recommendation_service_pb2 as rs
from summit.recommendations.v1 import recommendation_service_pb2_grpc as rs_grpc


def openssl(*args, cwd):
    subprocess.check_call(["openssl", *args], cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)


class ServiceTls(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="summit-tls-")
        os.umask(0o077)
        w = self.work
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Summit test CA",
                cwd=w)
        for name in ("directory", "replica"):
            openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={name}",
                    cwd=w)
            with open(os.path.join(w, f"{name}.ext"), "w") as f:
                f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
            openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", f"{name}.pem", "-days", "2",
                    "-extfile", f"{name}.ext", cwd=w)
        pg = os.environ["SUMMIT_TEST_PG_DIR"]
        with open(os.path.join(pg, "port")) as f:
            port = f.read().strip()
        admin_db = f"host={pg} port={port} user=postgres dbname=postgres"
        self.db = f"tls_{uuid.uuid4().hex[:8]}"
        subprocess.check_call(["psql", admin_db, "-qc", f"CREATE DATABASE {self.db}"])
        self.admin_db = admin_db
        self.env = dict(os.environ, SUMMIT_DATABASE=admin_db.replace("dbname=postgres",
                                                                     f"dbname={self.db}"),
                        SUMMIT_DRAIN_SECONDS="0")
        key = os.path.join(w, "token.key")
        with open(key, "w") as f:
            f.write(uuid.uuid4().hex * 2 + "\n")
        self.env["SUMMIT_TOKEN_KEY_FILE"] = key
        self.summitd = os.path.join(os.environ["SUMMIT_BUILD_DIR"], "services/server/summitd")
        subprocess.check_call([self.summitd, "migrate"], env=self.env, stdout=subprocess.DEVNULL)
        self.token = subprocess.check_output(
            [self.summitd, "bootstrap-admin", "--email", "admin@tls.example"], env=self.env,
            text=True).strip()
        self.processes = []

    def tearDown(self):
        for p in self.processes:
            p.kill()
            p.wait()
        subprocess.call(["psql", self.admin_db, "-qc",
                         f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)"])
        shutil.rmtree(self.work, ignore_errors=True)

    def serve(self, services, *args):
        """Starts a replica on a port of the kernel's choice; returns the port."""
        n = len(self.processes)
        port_file = os.path.join(self.work, f"port-{n}")
        log_file = os.path.join(self.work, f"summitd-{n}.log")
        with open(log_file, "w") as log:
            self.processes.append(subprocess.Popen(
                [self.summitd, "--services", services, "serve", "--listen", "127.0.0.1:0",
                 "--port-file", port_file, *args],
                env=self.env, stdout=log, stderr=log))
        give_up = time.monotonic() + 60
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            self.assertIsNone(self.processes[-1].poll(), open(log_file).read())
            self.assertLess(time.monotonic(), give_up, "summitd did not start")
            time.sleep(0.05)
        with open(port_file) as f:
            port = int(f.read().strip())
        os.rename(log_file, os.path.join(self.work, f"summitd-{port}.log"))
        return port

    def call(self, port, tls):
        target = f"localhost:{port}"
        if tls:
            with open(os.path.join(self.work, "ca.pem"), "rb") as f:
                channel = grpc.secure_channel(target, grpc.ssl_channel_credentials(f.read()))
        else:
            channel = grpc.insecure_channel(target)
        grpc.channel_ready_future(channel).result(timeout=30)
        stub = rs_grpc.RecommendationServiceStub(channel)
        try:
            stub.GetRecommendation(rs.GetRecommendationRequest(name="not a name"),
                                   metadata=[("authorization", "Bearer " + self.token)],
                                   timeout=10)
            return grpc.StatusCode.OK, ""
        except grpc.RpcError as e:
            return e.code(), e.details()
        finally:
            channel.close()

    def test_replicas_reach_the_directory_only_over_mutual_tls(self):
        w = self.work
        directory = self.serve("directory",
                               "--tls-cert", f"{w}/directory.pem", "--tls-key", f"{w}/directory.key",
                               "--tls-client-ca", f"{w}/ca.pem")
        address = f"directory=localhost:{directory}"
        with_mtls = self.serve("recommendations", "--service-address", address,
                               "--tls-ca", f"{w}/ca.pem", "--tls-cert", f"{w}/replica.pem",
                               "--tls-key", f"{w}/replica.key")
        plaintext = self.serve("recommendations", "--service-address", address)
        no_client_cert = self.serve("recommendations", "--service-address", address,
                                    "--tls-ca", f"{w}/ca.pem")

        # Past authentication (the revoked tokens came over mTLS) to the input
        # check, once the replica's refresher (retrying every second) got them.
        give_up = time.monotonic() + 30
        code, details = self.call(with_mtls, tls=True)
        while code == grpc.StatusCode.UNAVAILABLE and time.monotonic() < give_up:
            time.sleep(0.2)
            code, details = self.call(with_mtls, tls=True)
        self.assertEqual(code, grpc.StatusCode.INVALID_ARGUMENT, details)
        # The others keep trying, with the directory up, and still cannot.
        for port in (plaintext, no_client_cert):
            log = os.path.join(self.work, f"summitd-{port}.log")
            give_up = time.monotonic() + 30
            while time.monotonic() < give_up:
                with open(log) as f:
                    if "cannot refresh revoked tokens" in f.read():
                        break
                time.sleep(0.2)
            with open(log) as f:
                self.assertIn("cannot refresh revoked tokens", f.read())
            code, details = self.call(port, tls=False)
            self.assertEqual(code, grpc.StatusCode.UNAVAILABLE, details)
            self.assertIn("revoked tokens", details)


if __name__ == "__main__":
    unittest.main(verbosity=2)
