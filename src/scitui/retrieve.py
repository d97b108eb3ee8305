"""Get bytes over HTTP (bounded, conditional, size- and time-limited) or from local files."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import httpx

from scitui import __version__
from scitui.errors import FetchError

USER_AGENT = f"scitui/{__version__} (+terminal news reader; feed fetcher)"
MAX_BODY_BYTES = 10 * 1024 * 1024
DEADLINE_SECONDS = 20.0
MAX_REDIRECTS = 5
PER_HOST = 2
PERMANENT_REDIRECTS = (301, 308)


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

    Safe to call from many threads: one httpx.Client is shared.
    """

    def __init__(
        self,
        jobs: int = 8,
        per_host: int = PER_HOST,
        timeout: float = 10.0,
        max_bytes: int = MAX_BODY_BYTES,
        deadline: float = DEADLINE_SECONDS,
    ) -> None:
        self._client = httpx.Client(
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": USER_AGENT},
            limits=httpx.Limits(max_connections=jobs, max_keepalive_connections=jobs),
        )
        self._all = threading.BoundedSemaphore(jobs)
        self._per_host = per_host
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._hosts_lock = threading.Lock()
        self._max_bytes = max_bytes
        self._deadline = deadline

    @contextmanager
    def _slot(self, url: str) -> Iterator[None]:
        host = urlsplit(url).hostname or ""
        with self._hosts_lock:
            host_slot = self._hosts.setdefault(host, threading.BoundedSemaphore(self._per_host))
        with host_slot, self._all:
            yield

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """Fetch ``url``; raise FetchError naming the URL on any failure or status >= 400."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"{url}: not an http(s) URL")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            with self._slot(url), self._client.stream("GET", url, headers=headers) as response:
                return self._read(url, response)
        except httpx.TooManyRedirects:
            raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects") from None
        except httpx.TimeoutException:
            raise FetchError(f"{url}: timed out") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
        except OSError as exc:
            raise FetchError(f"{url}: {exc.strerror or exc}") from None

    def _read(self, url: str, response: httpx.Response) -> Response:
        final_url = str(response.url)
        history = response.history
        permanent = None
        if history and all(hop.status_code in PERMANENT_REDIRECTS for hop in history):
            permanent = final_url
        headers = {name.lower(): value for name, value in response.headers.items()}
        if response.status_code == 304:
            return Response(final_url, 304, b"", headers, permanent)
        if response.status_code >= 400:
            raise FetchError(
                f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip()
            )
        started = time.monotonic()
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self._max_bytes:
                raise FetchError(f"{url}: too large (over {self._max_bytes:,} bytes)")
            if time.monotonic() - started > self._deadline:
                raise FetchError(f"{url}: timed out (body took over {self._deadline:.0f} s)")
            chunks.append(chunk)
        return Response(final_url, response.status_code, b"".join(chunks), headers, permanent)

    def close(self) -> None:
        self._client.close()


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
