"""Get bytes over HTTP (bounded, conditional, size- and time-limited) or from local files.

Every HTTP request has a total deadline (connect, headers, redirects and the whole body): the
sockets are opened through a network backend whose reads, writes and connects never wait past
the time the request has left, so a server that trickles bytes or hangs cannot hold a fetch up.
Bodies are decompressed here, a bounded piece at a time, so a gzip bomb stops at the size cap.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.request
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpcore
import httpx

from scitui import __version__
from scitui.errors import FetchError
from scitui.text import clean_line

USER_AGENT = f"scitui/{__version__} (+terminal news reader; feed fetcher)"
MAX_BODY_BYTES = 10 * 1024 * 1024
GIVE_UP_AFTER = 3
"""Timeouts after which a host is given up for the rest of a run."""
DEADLINE_SECONDS = 20.0
MAX_REDIRECTS = 5
PER_HOST = 2
PERMANENT_REDIRECTS = (301, 308)
ACCEPT_ENCODING = "gzip, deflate"
_INFLATE_PIECE = 64 * 1024
"""The most decompressed bytes one step of inflating may produce."""


@dataclass(frozen=True)
class Response:
    """A fetched resource; ``status`` is 200 or 304 (not modified, empty content)."""

    url: str
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    permanent_url: str | None = None
    """Where a chain of permanent redirects (301/308) led, if any."""

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


class Retriever(Protocol):
    """Anything that turns a URL into a Response or raises FetchError."""

    def get(
        self, url: str, etag: str | None = None, last_modified: str | None = None
    ) -> Response: ...  # pragma: no cover

    def close(self) -> None: ...  # pragma: no cover


class HttpRetriever:
    """HTTP GET with at most ``jobs`` requests in flight and ``per_host`` per host.

    Safe to call from many threads: one connection pool (with keep-alive) is shared.

    Args:
        jobs: requests in flight at once.
        per_host: requests in flight to one host.
        timeout: the longest wait for any one step (connect, a read, a write).
        max_bytes: the largest body, counted after decompression.
        deadline: the longest one ``get`` may take, redirects and body included.
        give_up_after: a host whose requests time out this many times is not asked again
            by this retriever (one run): the feeds queued behind it fail at once, saying so.
    """

    def __init__(
        self,
        jobs: int = 8,
        per_host: int = PER_HOST,
        timeout: float = 10.0,
        max_bytes: int = MAX_BODY_BYTES,
        deadline: float = DEADLINE_SECONDS,
        give_up_after: int = GIVE_UP_AFTER,
    ) -> None:
        self._backend = DeadlineBackend()
        self._client = httpx.Client(
            transport=PoolTransport(self._backend, jobs, urllib.request.getproxies()),
            follow_redirects=False,  # followed by get(), which never reads a redirect's body
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
        )
        self._all = threading.BoundedSemaphore(jobs)
        self._per_host = per_host
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._hosts_lock = threading.Lock()
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._deadline = deadline
        self._give_up_after = give_up_after
        self._timeouts: dict[str, int] = {}
        """Requests per host that timed out in this run."""

    @contextmanager
    def _slot(self, url: str) -> Iterator[None]:
        host = urlsplit(url).hostname or ""
        with self._hosts_lock:
            host_slot = self._hosts.setdefault(host, threading.BoundedSemaphore(self._per_host))
        with host_slot, self._all:
            yield

    def _check_host(self, url: str, host: str) -> None:
        """Fail at once for a host given up on in this run (its requests kept timing out)."""
        with self._hosts_lock:
            count = self._timeouts.get(host, 0)
        if count >= self._give_up_after:
            raise FetchError(f"{url}: skipped: {host} timed out {count} times in this run")

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """Fetch ``url``; raise FetchError naming the URL on any failure or status >= 400."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"{url}: not an http(s) URL")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = urlsplit(url).hostname or ""
        with self._slot(url):
            self._check_host(url, host)
            ends = time.monotonic() + self._deadline
            try:
                with self._backend.deadline(ends):
                    return self._follow(
                        url, self._client.build_request("GET", url, headers=headers)
                    )
            except httpx.TimeoutException:
                with self._hosts_lock:
                    self._timeouts[host] = self._timeouts.get(host, 0) + 1
                if time.monotonic() >= ends:
                    raise FetchError(f"{url}: timed out (over {self._deadline:g} s)") from None
                raise FetchError(f"{url}: timed out (no data for {self._timeout:g} s)") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
            except OSError as exc:
                raise FetchError(f"{url}: {exc.strerror or exc}") from None

    def _follow(self, url: str, request: httpx.Request) -> Response:
        """Send ``request`` and follow at most MAX_REDIRECTS http(s) redirects."""
        visited = {str(request.url)}
        statuses: list[int] = []
        while True:
            response = self._client.send(request, stream=True)
            try:
                target = response.next_request
                if target is None:
                    permanent = bool(statuses) and all(s in PERMANENT_REDIRECTS for s in statuses)
                    return self._read(url, response, permanent)
                if target.url.scheme not in ("http", "https"):
                    raise FetchError(f"{url}: redirected to a non-http(s) URL ({target.url})")
                if str(target.url) in visited:
                    raise FetchError(f"{url}: redirect loop (back to {target.url})")
                if len(statuses) == MAX_REDIRECTS:
                    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")
            finally:
                response.close()
            visited.add(str(target.url))
            statuses.append(response.status_code)
            request = target

    def _read(self, url: str, response: httpx.Response, permanent: bool) -> Response:
        final_url = str(response.url)
        headers = {name.lower(): value for name, value in response.headers.items()}
        moved_to = final_url if permanent else None
        if response.status_code == 304:
            return Response(final_url, 304, b"", headers, moved_to)
        if response.status_code >= 400:
            raise FetchError(
                f"{url}: HTTP {response.status_code} {clean_line(response.reason_phrase)}".rstrip()
            )
        too_large = FetchError(f"{url}: too large (over {self._max_bytes:,} bytes)")
        declared = headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > self._max_bytes:
            raise FetchError(
                f"{url}: too large (Content-Length {int(declared):,} is over {self._max_bytes:,})"
            )
        body = bytearray()
        try:
            for piece in decoded(response.iter_raw(), headers.get("content-encoding", "")):
                body += piece
                if len(body) > self._max_bytes:
                    raise too_large
        except zlib.error as exc:
            raise FetchError(f"{url}: cannot decompress the body: {exc}") from None
        return Response(final_url, response.status_code, bytes(body), headers, moved_to)

    def close(self) -> None:
        self._client.close()


# --- decompression, a bounded piece at a time -----------------------------------------


def decoded(chunks: Iterable[bytes], content_encoding: str) -> Iterator[bytes]:
    """The body's bytes with its gzip/deflate codings undone; other codings pass through.

    Yields pieces of at most 64 KiB, so a caller counting bytes stops a bomb early.

    Raises:
        zlib.error: when a compressed body is corrupt.
    """
    codings = [name.strip().lower() for name in content_encoding.split(",")]
    stream: Iterable[bytes] = chunks
    for coding in reversed(codings):  # the last coding applied is undone first
        if coding in ("gzip", "x-gzip", "deflate"):
            stream = _inflate(stream, deflate=coding == "deflate")
    yield from stream


def _inflate(chunks: Iterable[bytes], *, deflate: bool) -> Iterator[bytes]:
    # gzip: a gzip header; deflate: a zlib header, or raw deflate from servers that skip it
    inflater = zlib.decompressobj(zlib.MAX_WBITS | (32 if deflate else 16))
    may_be_raw = deflate
    for chunk in chunks:
        data = chunk
        while not inflater.eof:
            try:
                piece = inflater.decompress(data, _INFLATE_PIECE)
            except zlib.error:
                if not may_be_raw:
                    raise
                inflater, may_be_raw = zlib.decompressobj(-zlib.MAX_WBITS), False
                continue
            may_be_raw = False
            if piece:
                yield piece
            data = inflater.unconsumed_tail
            if not data and len(piece) < _INFLATE_PIECE:
                break  # a full piece may leave output pending: ask again until one is short


# --- a total deadline per request ------------------------------------------------------


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's sync sockets, with every wait cut to the time left before a deadline.

    ``deadline()`` sets the calling thread's deadline; each connect, TLS handshake, read and
    write then waits at most until it, and raises httpcore's timeout error once it has passed.
    A kept-alive connection reused by another request obeys that request's deadline.
    """

    def __init__(self) -> None:
        self._sockets = httpcore.SyncBackend()
        self._local = threading.local()

    @contextmanager
    def deadline(self, ends: float) -> Iterator[None]:
        """Every socket wait in this thread ends by ``ends`` (a time.monotonic() value)."""
        self._local.ends = ends
        try:
            yield
        finally:
            self._local.ends = None

    def time_left(self, timeout: float | None, timed_out: type[Exception]) -> float | None:
        """``timeout`` cut to the time left, or raise ``timed_out`` when none is."""
        ends: float | None = getattr(self._local, "ends", None)
        if ends is None:
            return timeout
        left = ends - time.monotonic()
        if left <= 0:
            raise timed_out("the request's deadline passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        failure: Exception | None = None
        for address in self._resolve(host, port, timeout):
            try:
                stream = self._sockets.connect_tcp(
                    address,
                    port,
                    timeout=self.time_left(timeout, httpcore.ConnectTimeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:  # the next address, as create_connection does
                failure = exc
                continue
            return DeadlineStream(stream, self)
        assert failure is not None
        raise failure

    def _resolve(self, host: str, port: int, timeout: float | None) -> list[str]:
        """The host's addresses, looked up within the time left (getaddrinfo has no timeout).

        The lookup runs in a daemon thread: a resolver that never answers is left behind,
        never waited for, and the request fails at its deadline like any other wait.
        """
        try:
            ipaddress.ip_address(host)
        except ValueError:
            pass
        else:
            return [host]
        found: list[list[str]] = []
        failed: list[OSError] = []
        done = threading.Event()

        def look_up() -> None:
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
                found.append(list(dict.fromkeys(str(info[4][0]) for info in infos)))
            except OSError as exc:
                failed.append(exc)
            finally:
                done.set()

        threading.Thread(target=look_up, name="scitui-resolve", daemon=True).start()
        if not done.wait(self.time_left(timeout, httpcore.ConnectTimeout)):
            raise httpcore.ConnectTimeout(f"looking up {host} took too long")
        if failed:
            raise httpcore.ConnectError(str(failed[0]))
        return found[0]

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:  # pragma: no cover - scitui never asks for a unix socket
        stream = self._sockets.connect_unix_socket(
            path,
            timeout=self.time_left(timeout, httpcore.ConnectTimeout),
            socket_options=socket_options,
        )
        return DeadlineStream(stream, self)

    def sleep(self, seconds: float) -> None:  # pragma: no cover - only for retries, never set
        self._sockets.sleep(seconds)


class DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose waits the backend cuts to the current request's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, backend: DeadlineBackend) -> None:
        self._stream = stream
        self._backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._backend.time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._backend.time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        stream = self._stream.start_tls(
            ssl_context, server_hostname, self._backend.time_left(timeout, httpcore.ConnectTimeout)
        )
        return DeadlineStream(stream, self._backend)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


# --- an httpx transport over an httpcore pool (httpx's own cannot take a backend) -----------

_ERRORS: tuple[tuple[type[Exception], type[httpx.HTTPError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
)


@contextmanager
def _as_httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        for core_error, httpx_error in _ERRORS:
            if isinstance(exc, core_error):
                raise httpx_error(str(exc)) from exc
        raise


class PoolTransport(httpx.BaseTransport):
    """Sends httpx requests through httpcore pools over ``backend``, as httpx.HTTPTransport does.

    httpx ignores the environment's proxies when given a transport, so this one honours them:
    ``proxies`` is urllib.request.getproxies() (http, https or all); hosts that
    urllib.request.proxy_bypass() names (NO_PROXY) go direct.
    """

    def __init__(self, backend: DeadlineBackend, jobs: int, proxies: dict[str, str]) -> None:
        self._options: dict[str, Any] = {
            "max_connections": jobs,
            "max_keepalive_connections": jobs,
            "network_backend": backend,
        }
        self._direct = httpcore.ConnectionPool(**self._options)
        """Plain http: no TLS context (loading the CA bundle took 50 ms of each fetch)."""
        self._direct_tls: httpcore.ConnectionPool | None = None
        """https, made at its first request."""
        self._lock = threading.Lock()
        self._proxied: dict[str, httpcore.ConnectionPool] = {}
        tls: Any = None
        for scheme in ("http", "https"):
            address = proxies.get(scheme) or proxies.get("all")
            if not address:
                continue
            proxy = httpx.Proxy(address if "://" in address else f"http://{address}")
            if proxy.url.scheme in ("http", "https"):  # SOCKS would need another package
                tls = tls or httpx.create_ssl_context()
                self._proxied[scheme] = httpcore.HTTPProxy(
                    proxy_url=_core_url(proxy.url),
                    proxy_auth=proxy.raw_auth,
                    proxy_headers=proxy.headers.raw,
                    ssl_context=tls,
                    **self._options,
                )

    def _pool(self, url: httpx.URL) -> httpcore.ConnectionPool:
        proxied = self._proxied.get(url.scheme)
        if proxied is None or urllib.request.proxy_bypass(url.host):
            return self._tls_pool() if url.scheme == "https" else self._direct
        return proxied

    def _tls_pool(self) -> httpcore.ConnectionPool:
        with self._lock:
            if self._direct_tls is None:
                options = {**self._options, "ssl_context": httpx.create_ssl_context()}
                self._direct_tls = httpcore.ConnectionPool(**options)
            return self._direct_tls

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=_core_url(request.url),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx_errors():
            response = self._pool(request.url).handle_request(core_request)
        assert isinstance(response.stream, Iterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Body(response.stream),
            extensions=response.extensions,
        )

    def close(self) -> None:
        with self._lock:
            pools = [self._direct, self._direct_tls, *self._proxied.values()]
        for pool in pools:
            if pool is not None:
                pool.close()


def _core_url(url: httpx.URL) -> httpcore.URL:
    return httpcore.URL(
        scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
    )


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            with _as_httpx_errors():
                close()


class FileRetriever:
    """Serves URLs under ``base_url`` from files under ``root`` (the demo, tests)."""

    def __init__(self, base_url: str, root: Path) -> None:
        self._base = base_url.rstrip("/") + "/"
        self._root = root.resolve()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        if not url.startswith(self._base):
            raise FetchError(f"{url}: not part of the offline demo")
        path = (self._root / urlsplit(url).path.lstrip("/")).resolve()
        if not path.is_relative_to(self._root) or not path.is_file():
            raise FetchError(f"{url}: HTTP 404 Not Found")
        content_type = (
            "application/xml" if path.suffix in (".xml", ".rss", ".atom") else "text/html"
        )
        return Response(
            url, 200, path.read_bytes(), {"content-type": f"{content_type}; charset=utf-8"}
        )

    def close(self) -> None:
        pass
