"""A raw-socket HTTP server on 127.0.0.1 that misbehaves on purpose (tests and bench/hostile.py).

Each path is answered by a *behaviour*: a function given the connection's socket, the request
and a stop event. ``ok`` answers properly and keeps the connection alive; the others trickle,
hang, bomb or redirect. Servers count the connections they accept, so tests can check reuse.

    server = HostileServer()
    server.route("/feed.xml", ok(feed_bytes, "application/rss+xml"))
    server.route("/hang", hang())
    base = server.start()          # "http://127.0.0.1:PORT"
    ...
    server.stop()
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import socket
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping

Behaviour = Callable[[socket.socket, bytes, threading.Event], bool]
"""Answers one request; returns True to keep the connection open for the next one."""

EMPTY_DEFLATE_BLOCK = b"\x00\x00\x00\xff\xff"
"""A non-final, empty stored deflate block: valid compressed data that decodes to nothing."""


def head(status: int = 200, headers: Mapping[str, str] | None = None, reason: str = "") -> bytes:
    """A status line and headers, ready to send."""
    lines = [f"HTTP/1.1 {status} {reason or 'Whatever'}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def ok(
    body: bytes,
    content_type: str = "application/rss+xml",
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Behaviour:
    """A well-formed response with a Content-Length; the connection stays open."""

    def answer(conn: socket.socket, request: bytes, stop: threading.Event) -> bool:
        fields = {"Content-Type": content_type, "Content-Length": str(len(body))}
        conn.sendall(head(status, {**fields, **(headers or {})}) + body)
        return True

    return answer


def redirect(location: str, status: int = 302) -> Behaviour:
    """A redirect with an empty body; the connection stays open."""
    return ok(b"", "text/plain", status, {"Location": location})


def trickle_body(body: bytes, interval: float, content_type: str = "application/xml") -> Behaviour:
    """Proper headers, then the body one byte every ``interval`` seconds."""

    def answer(conn: socket.socket, request: bytes, stop: threading.Event) -> bool:
        conn.sendall(head(200, {"Content-Type": content_type, "Content-Length": str(len(body))}))
        for index in range(len(body)):
            if stop.wait(interval):
                break
            conn.sendall(body[index : index + 1])
        return False

    return answer


def trickle_headers(interval: float) -> Behaviour:
    """The status line and headers one byte every ``interval`` seconds, never finished."""
    endless = head(200, {"Content-Type": "application/xml"}).rstrip(b"\r\n") + b"\r\n"
    filler = b"X-Slow: " + b"a" * 10_000 + b"\r\n"

    def answer(conn: socket.socket, request: bytes, stop: threading.Event) -> bool:
        for byte in endless + filler:
            if stop.wait(interval):
                break
            conn.sendall(bytes([byte]))
        return False

    return answer


def trickle_empty_gzip(interval: float) -> Behaviour:
    """A gzip body that decodes to nothing for ever: a gzip header, then empty deflate blocks."""
    gzip_header = gzip.compress(b"")[:10]

    def answer(conn: socket.socket, request: bytes, stop: threading.Event) -> bool:
        conn.sendall(
            head(
                200,
                {
                    "Content-Type": "application/rss+xml",
                    "Content-Encoding": "gzip",
                    "Transfer-Encoding": "chunked",
                },
            )
        )
        conn.sendall(chunk(gzip_header))
        while not stop.wait(interval):
            conn.sendall(chunk(EMPTY_DEFLATE_BLOCK))
        return False

    return answer


def hang() -> Behaviour:
    """Read the request and never answer (until the server stops)."""

    def answer(conn: socket.socket, request: bytes, stop: threading.Event) -> bool:
        stop.wait()
        return False

    return answer


def gzip_bomb(decoded_size: int, content_type: str = "application/rss+xml") -> Behaviour:
    """A small gzip body (with its Content-Length) that decodes to ``decoded_size`` zero bytes."""
    body = gzip_of_zeros(decoded_size)
    return ok(body, content_type, headers={"Content-Encoding": "gzip"})


@functools.cache
def gzip_of_zeros(size: int) -> bytes:
    """gzip of ``size`` zero bytes, built a MiB at a time (about 1/1000 of ``size``)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1 << 20)
    parts = []
    for start in range(0, size, len(zeros)):
        parts.append(packer.compress(zeros[: min(len(zeros), size - start)]))
    parts.append(packer.flush())
    return b"".join(parts)


def huge(
    size: int,
    *,
    declare_length: bool,
    content_type: str = "application/rss+xml",
    redirect_to: str | None = None,
) -> Behaviour:
    """``size`` bytes of a feed-looking body, sent as fast as the client reads them.

    Without ``declare_length`` the body is chunked, so only counting can stop it. With
    ``redirect_to`` the response is a 302 to there, carrying that body all the same.
    """
    opening = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>'
    block = b"<item><title>x</title></item>" * 2000

    def pieces() -> Iterator[bytes]:
        yield opening
        left = size - len(opening)
        while left > 0:
            yield block[:left]
            left -= len(block)

    def answer(conn: socket.socket, request: bytes, stop: threading.Event) -> bool:
        headers = {"Content-Type": content_type}
        status = 200
        if redirect_to:
            headers["Location"] = redirect_to
            status = 302
        if declare_length:
            headers["Content-Length"] = str(size)
            conn.sendall(head(status, headers))
            for piece in pieces():
                conn.sendall(piece)
        else:
            headers["Transfer-Encoding"] = "chunked"
            conn.sendall(head(status, headers))
            for piece in pieces():
                conn.sendall(chunk(piece))
            conn.sendall(b"0\r\n\r\n")
        return False

    return answer


def chunk(data: bytes) -> bytes:
    """One chunk of a chunked transfer encoding."""
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


class HostileServer:
    """A threaded raw-socket server; unknown paths get a 404.

    With ``hosts`` above 1 it also listens on 127.0.0.2 ... 127.0.0.N (all loopback on Linux),
    each its own "site" for per-host limits; every address serves the same paths.
    """

    def __init__(self, hosts: int = 1) -> None:
        self._routes: dict[str, Behaviour] = {}
        self._listeners = []
        for index in range(1, hosts + 1):
            listener = socket.create_server((f"127.0.0.{index}", 0))
            listener.settimeout(0.05)  # so the accept loop notices stop()
            self._listeners.append(listener)
        self.base_urls = [
            "http://{}:{}".format(*listener.getsockname()[:2]) for listener in self._listeners
        ]
        self.base_url = self.base_urls[0]
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self.connections = 0
        """Connections accepted so far."""
        self.requests: list[str] = []
        """The paths asked for, in order."""

    def url(self, path: str, host: int = 0) -> str:
        """``path``'s URL on the ``host``-th address (counted from 0, modulo the hosts)."""
        return self.base_urls[host % len(self.base_urls)] + path

    def route(self, path: str, behaviour: Behaviour, host: int = 0) -> str:
        """Answer ``path`` with ``behaviour``; returns its URL on the ``host``-th address."""
        self._routes[path] = behaviour
        return self.url(path, host)

    def start(self) -> str:
        for listener in self._listeners:
            thread = threading.Thread(
                target=self._accept, args=(listener,), name="hostile-accept", daemon=True
            )
            thread.start()
            self._threads.append(thread)
        return self.base_url

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            for conn in self._open:
                _close(conn)
        for thread in self._threads:
            thread.join(timeout=5)
        for listener in self._listeners:
            listener.close()

    def __enter__(self) -> HostileServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stop.is_set():
            try:
                conn, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            with self._lock:
                self.connections += 1
                self._open.add(conn)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        try:
            buffer = b""
            while not self._stop.is_set():
                while b"\r\n\r\n" not in buffer:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buffer += data
                request, buffer = buffer.split(b"\r\n\r\n", 1)
                path = request.split(b" ", 2)[1].decode("latin-1")
                self.requests.append(path)
                behaviour = self._routes.get(path, ok(b"not here", "text/plain", 404))
                if not behaviour(conn, request, self._stop):
                    return
        except OSError:
            return  # the client gave up: that is what these servers are for
        finally:
            with self._lock:
                self._open.discard(conn)
            _close(conn)


def _close(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        conn.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked on it, as close() does not
    conn.close()


# --- a mix of hostile and good feeds (the ingest test and bench/hostile.py) -------------------

NASTY_HTML = (
    "<p>Readable words about export controls and research security, long enough to keep.</p>"
    '<script>alert("SCRIPT")</script><style>p{color:red}</style><iframe src="https://evil.test/">'
    "</iframe><object data=x>OBJECT</object><embed src=x><form action=https://evil.test/>"
    "<input value=FORM></form><template>TEMPLATE</template><meta http-equiv=refresh content=0>"
    '<link rel=stylesheet href=x><img src=x onerror="alert(1)"><a href="javascript:alert(1)">js</a>'
    '<a href="vbscript:x">vb</a><a href="file:///etc/passwd">file</a><a href="data:text/html,x">'
    'data</a><a href="https://ok.test/" onclick="steal()">a fine link</a>'
    "<p>A second paragraph of article text that the reader should see in full.</p>"
)
"""Article HTML carrying everything the sanitizer must remove."""


def rss_feed(title: str, items: list[dict[str, str]], encoding: str = "utf-8") -> bytes:
    """RSS 2.0; item keys (all optional): guid, title, link, date, description (raw XML)."""
    body = []
    for item in items:
        parts = []
        if "guid" in item:
            parts.append(f'<guid isPermaLink="false">{item["guid"]}</guid>')
        for key, tag in (("title", "title"), ("link", "link"), ("date", "pubDate")):
            if key in item:
                parts.append(f"<{tag}>{item[key]}</{tag}>")
        if "description" in item:
            parts.append(f"<description>{item['description']}</description>")
        body.append("<item>" + "".join(parts) + "</item>")
    document = (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>/</link>" + "".join(body) + "</channel></rss>"
    )
    return document.encode(encoding)


def escaped(html: str) -> str:
    return html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Mix:
    """The URLs serve_mix set up: good feeds with their entry counts, bad ones with an error."""

    def __init__(self) -> None:
        self.good: dict[str, int] = {}
        """Feed URL -> how many entries it holds."""
        self.bad: dict[str, str] = {}
        """Feed URL -> words its one-line error contains."""


def serve_mix(server: HostileServer, *, interval: float = 0.05, size: int = 200 << 20) -> Mix:
    """Route a mix of good feeds (some oddly served) and hostile ones on ``server``.

    The good feeds and their pages are on the first address; the hostile feeds are spread
    over the server's addresses, so per-host limits do not queue them behind each other.
    """
    mix = Mix()
    url = server.url
    server.route(
        "/pages/nasty.html", ok(f"<html><body>{NASTY_HTML}</body></html>".encode(), "text/html")
    )
    server.route("/pages/hang.html", hang())
    good_items = [
        {
            "guid": "g1",
            "title": "[bold]AT&amp;T &lt;3 R&amp;D[/bold]",
            "link": "/pages/nasty.html",
            "description": escaped("<p>Feed text</p><script>alert(1)</script>"),
        },
        {
            "guid": "g2",
            "title": "Tab\there\x1b[31m red\u0085",
            "link": "/pages/hang.html",
            "description": "Summary two",
        },
        {"guid": "g3", "title": "Not http", "link": "javascript:alert(1)", "description": "three"},
        {"description": "no guid, link, title or date"},
        {"description": "another with nothing", "date": "Mon, 01 Jan 0001 00:00:00 GMT"},
    ]
    mix.good[server.route("/good/plain.xml", ok(rss_feed("Plain", good_items)))] = 5
    as_html = rss_feed(
        "Served as HTML", [{"guid": "h1", "title": "One"}, {"guid": "h2", "title": "Two"}]
    )
    mix.good[server.route("/good/as-html.xml", ok(as_html, "text/html; charset=utf-8"))] = 2
    octet = gzip.compress(rss_feed("Octets", [{"guid": "o1", "title": "Gzipped octets"}]))
    mix.good[
        server.route(
            "/good/octet.xml",
            ok(octet, "application/octet-stream", headers={"Content-Encoding": "gzip"}),
        )
    ] = 1
    cyrillic = rss_feed("Наука", [{"guid": "c1", "title": "Новости науки"}], "windows-1251")
    mix.good[server.route("/good/cp1251.xml", ok(cyrillic, "text/xml"))] = 1
    utf16 = rss_feed("科学", [{"guid": "u1", "title": "科学新闻"}], "utf-16")
    mix.good[server.route("/good/utf16.xml", ok(utf16, "application/octet-stream"))] = 1

    feed_like = rss_feed("Error page", [{"guid": "e1", "title": "Never stored"}])
    bad = {
        "/bad/trickle-body.xml": (trickle_body(feed_like * 50, interval), "timed out"),
        "/bad/trickle-headers.xml": (trickle_headers(interval), "timed out"),
        "/bad/empty-gzip.xml": (trickle_empty_gzip(interval), "timed out"),
        "/bad/hang.xml": (hang(), "timed out"),
        "/bad/bomb.xml": (gzip_bomb(size), "too large"),
        "/bad/huge-declared.xml": (huge(size, declare_length=True), "too large"),
        "/bad/huge-chunked.xml": (huge(size, declare_length=False), "too large"),
        "/bad/loop.xml": (redirect("/bad/loop.xml"), "redirect loop"),
        "/bad/to-file.xml": (redirect("file:///etc/passwd"), "non-http(s)"),
        "/bad/404.xml": (ok(feed_like, status=404), "HTTP 404"),
        "/bad/500.xml": (ok(feed_like, status=500), "HTTP 500"),
        "/bad/page.html": (
            ok(b"<html><body><p>A page</p></body></html>", "text/html"),
            "not a feed",
        ),
        "/bad/path.xml": (ok(b"/etc/passwd", "application/rss+xml"), "not a feed"),
    }
    for hop in range(6):
        server.route(f"/bad/hop{hop}.xml", redirect(f"/bad/hop{hop + 1}.xml", 301))
    server.route("/bad/hop6.xml", ok(feed_like))
    mix.bad[url("/bad/hop0.xml")] = "more than 5 redirects"
    for index, (path, (behaviour, words)) in enumerate(bad.items()):
        mix.bad[server.route(path, behaviour, host=index)] = words  # one site each, if there are
    return mix
