"""Fixtures of the NSG client tests: a fake NSG-R over HTTPS and clients for it."""
import os
import ssl
import threading

import pytest

from tests.nsg.fake_nsg import APPKEY, PASSWORD, USER, FakeNSG

trustme = pytest.importorskip("trustme")
pytest.importorskip("requests")


@pytest.fixture(scope="session")
def ca():
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_bundle(ca, tmp_path_factory):
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def server(ca):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    httpd = FakeNSG(context)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    yield httpd
    httpd.released.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_user_settings(monkeypatch, tmp_path):
    """Keep the user's ~/.nsgrest.conf and NSG_* variables out of the tests."""
    for var in list(os.environ):
        if var.startswith("NSG_") or var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            monkeypatch.delenv(var)
    monkeypatch.setenv("NSG_CONFIG", str(tmp_path / "absent.conf"))


@pytest.fixture
def make_client(server, ca_bundle):
    from l2s.nsg import Client

    def make(**kwargs):
        options = dict(username=USER, password=PASSWORD, appkey=APPKEY, url=server.url,
                       ca_bundle=ca_bundle, timeout=2.0, retries=2, backoff=0.01)
        options.update(kwargs)
        return Client(**options)

    return make


@pytest.fixture
def client(make_client):
    return make_client()


@pytest.fixture
def job_dir(tmp_path):
    """A job folder whose script imports only what the CRI servers have."""
    d = tmp_path / "myjob"
    (d / "data").mkdir(parents=True)
    (d / "run.py").write_text("import numpy as np\nimport l2s\nprint(np.load('data/w.npy'))\n")
    (d / "data" / "w.npy").write_bytes(b"\x93NUMPY fake")
    return d
