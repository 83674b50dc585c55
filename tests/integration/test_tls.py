"""SPEC §8: the TLS peer and host name are always verified, with the
compiled-in trust store or AWS_CA_BUNDLE, and plain http only goes to
loopback. Each refusal is exit 1 with a message naming the host."""
import ssl
import unittest

from common import clean_env, run
from tlsserver import TLSServer

KEYS = {"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret/EXAMPLE/key",
        "AWS_REGION": "us-west-2"}


def whoami(url, ca=None, **extra):
    env = clean_env(AWS_ENDPOINT_URL_STS=url, AWS_CA_BUNDLE=ca, AWS_MAX_ATTEMPTS="1", **KEYS, **extra)
    return run("whoami", env=env, timeout=30)


class TrustStore(unittest.TestCase):
    def test_good_certificate_with_ca_bundle_is_accepted(self):
        """The control case: the same server with its CA trusted works."""
        with TLSServer("good") as srv:
            r = whoami(srv.url, srv.ca)
            # The fake answer lacks fields, so parsing fails, but TLS passed.
            self.assertNotIn("TLS", r.stderr)
            self.assertIn("GetCallerIdentity", r.stderr)

    def test_untrusted_ca_is_refused_by_the_compiled_in_store(self):
        with TLSServer("good") as srv:
            r = whoami(srv.url)
            self.assertEqual(r.returncode, 1)
            self.assertIn("TLS error", r.stderr)
            self.assertIn("localhost", r.stderr)
            self.assertIn("trust anchor", r.stderr)

    def test_self_signed_is_refused(self):
        with TLSServer("self-signed") as srv:
            r = whoami(srv.url, srv.ca)
            self.assertEqual(r.returncode, 1)
            self.assertIn("TLS error", r.stderr)

    def test_wrong_host_name_is_refused(self):
        with TLSServer("wrong-host") as srv:
            r = whoami(srv.url, srv.ca)
            self.assertEqual(r.returncode, 1)
            self.assertIn("TLS error", r.stderr)
            self.assertIn("server name", r.stderr)

    def test_expired_certificate_is_refused(self):
        with TLSServer("expired") as srv:
            r = whoami(srv.url, srv.ca)
            self.assertEqual(r.returncode, 1)
            self.assertIn("TLS error", r.stderr)
            self.assertIn("expired", r.stderr)

    def test_tls_1_1_only_server_is_refused(self):
        try:
            srv = TLSServer("good", max_version=ssl.TLSVersion.TLSv1_1)
        except ssl.SSLError as e:
            self.skipTest(f"this OpenSSL cannot serve TLS 1.1: {e}")
        with srv:
            r = whoami(srv.url, srv.ca)
            self.assertEqual(r.returncode, 1)
            self.assertIn("localhost", r.stderr)
            self.assertIn("TLS 1.2 is the minimum", r.stderr)

    def test_unreadable_ca_bundle_is_a_clear_error(self):
        r = whoami("https://localhost:1", "/nonexistent/ca.pem")
        self.assertEqual(r.returncode, 1)
        self.assertIn("AWS_CA_BUNDLE /nonexistent/ca.pem cannot be read", r.stderr)


class PlainHttp(unittest.TestCase):
    def test_http_to_a_remote_host_is_refused(self):
        for var in ("AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"):
            env = clean_env(**KEYS, **{var: "http://sts.example.com"})
            r = run("whoami", env=env)
            self.assertEqual(r.returncode, 1, var)
            self.assertIn("refusing plain http:// to sts.example.com", r.stderr)

    def test_user_info_cannot_smuggle_a_remote_host(self):
        """http://127.0.0.1:1@remote/ would pass a host check made before the
        '@' while curl connects to the remote host, token and all."""
        env = clean_env(**KEYS, AWS_SESSION_TOKEN="SESSIONTOKENXYZ123",
                        AWS_ENDPOINT_URL_STS="http://127.0.0.1:1@192.0.2.2:18999/")
        r = run("whoami", env=env)
        self.assertEqual(r.returncode, 1)
        self.assertIn("user info", r.stderr)

    def test_http_to_loopback_is_allowed(self):
        env = clean_env(**KEYS, AWS_ENDPOINT_URL_STS="http://127.0.0.1:1", AWS_MAX_ATTEMPTS="1")
        r = run("whoami", env=env)
        self.assertEqual(r.returncode, 1)
        self.assertNotIn("refusing", r.stderr)
        self.assertIn("127.0.0.1", r.stderr)


if __name__ == "__main__":
    unittest.main()
