"""https through HttpRetriever: the TLS pool, made at the first https request, verifies."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from scitui.errors import FetchError
from scitui.retrieve import HttpRetriever

TLS = Path(__file__).parent.parent / "data" / "tls"


@pytest.fixture
def tls_server() -> Iterator[HTTPServer]:
    """A loopback https server whose certificate is self-signed (no CA vouches for it)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "selfsigned.pem", TLS / "selfsigned.key")
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def test_https_after_http_checks_the_certificate(
    tls_server: HTTPServer, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data("plain", content_type="text/xml")
    tls_server.expect_request("/feed.xml").respond_with_data("secret", content_type="text/xml")
    retriever = HttpRetriever(jobs=2, timeout=5.0)
    try:
        assert retriever.get(httpserver.url_for("/feed.xml")).content == b"plain"
        url = tls_server.url_for("/feed.xml")
        assert url.startswith("https://")
        with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
            retriever.get(url)
        assert retriever.get(httpserver.url_for("/feed.xml")).content == b"plain"
    finally:
        retriever.close()
