"""Serve a bench/corpus.py folder over HTTP on loopback, with ETag, Last-Modified and 304s.

Usage:
    python bench/serve.py CORPUS_DIR [--port 8765] [--hosts 1] [--urls FILE]

Serves CORPUS_DIR's files (GET and HEAD; anything outside it is 404) with HTTP/1.1
keep-alive. Every response carries an ETag (a hash of the body as sent) and a Last-Modified
(the file's mtime); a request whose If-None-Match matches, or that has no If-None-Match and an
If-Modified-Since not older than the file, gets 304 with no body. The corpus's placeholder
base URL (corpus.BASE_TOKEN) is replaced in every body by http://HOST:PORT of the request, so
a feed's links lead back to the address that served it.

--hosts N listens on 127.0.0.1 ... 127.0.0.N (all loopback on Linux) with the same port, and
spreads the feeds over them (feed k on host (k - 1) % N + 1), as if they were separate sites.
As a script it prints the feed URLs (or writes them to --urls FILE, one per line, the format
newsboat reads) and serves until Ctrl-C, logging one line per request to stderr.

As a module:
    server = CorpusServer(folder, hosts=1)
    base_url = server.start()        # threads; returns e.g. "http://127.0.0.1:40123"
    urls = server.feed_urls()
    mark = server.mark()             # then, after some client ran:
    hits = server.hits_since(mark)   # [Hit(path, status, conditional, sent, host), ...]
    server.stop()
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import threading
import time
from dataclasses import dataclass
from email.message import Message
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_TOKEN = b"http://scitui-bench.invalid"  # corpus.BASE_TOKEN, as bytes
CONTENT_TYPES = {
    b"<rss": "application/rss+xml; charset=utf-8",
    b"<feed": "application/atom+xml; charset=utf-8",
    b"<rdf:RDF": "application/rdf+xml; charset=utf-8",
}


@dataclass(frozen=True)
class Hit:
    """One request as the server saw it."""

    time: float
    host: str
    method: str
    path: str
    status: int
    conditional: bool
    """The request carried If-None-Match or If-Modified-Since."""
    sent: int
    """Body bytes sent."""

    @property
    def is_feed(self) -> bool:
        return self.path.startswith("/feeds/")

    @property
    def is_page(self) -> bool:
        return self.path.startswith("/pages/")


def content_type(path: Path, body: bytes) -> str:
    if path.suffix == ".xml":
        head = body[:400]
        for marker, kind in CONTENT_TYPES.items():
            if marker in head:
                return kind
        return "application/xml; charset=utf-8"
    if path.suffix == ".html":
        return "text/html; charset=utf-8"
    return "application/octet-stream"


def not_modified(headers: Message, etag: str, mtime: int) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or etag in tags
    since = headers.get("If-Modified-Since")
    if since is None:
        return False
    try:
        return mtime <= parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError, IndexError):
        return False


class CorpusHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm
    # holds the body until the client's delayed ACK (~40 ms on Linux) for every response.
    disable_nagle_algorithm = True
    server: CorpusHTTPServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._serve(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(send_body=False)

    def _serve(self, send_body: bool) -> None:
        owner = self.server.owner
        conditional = "If-None-Match" in self.headers or "If-Modified-Since" in self.headers
        path = unquote(urlsplit(self.path).path)
        file = (owner.root / path.lstrip("/")).resolve()
        if not file.is_relative_to(owner.root) or not file.is_file():
            self._reply(404, b"not found\n", {"Content-Type": "text/plain"}, send_body)
            owner.record(self, path, 404, conditional, 0)
            return
        stat = file.stat()
        address, port = self.server.server_address[:2]
        host = self.headers.get("Host") or f"{address}:{port}"
        body = file.read_bytes().replace(BASE_TOKEN, f"http://{host}".encode())
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        mtime = int(stat.st_mtime)
        headers = {
            "ETag": etag,
            "Last-Modified": formatdate(mtime, usegmt=True),
            "Cache-Control": "max-age=0, must-revalidate",
        }
        if not_modified(self.headers, etag, mtime):
            self._reply(304, b"", headers, send_body=False, length=False)
            owner.record(self, path, 304, conditional, 0)
            return
        headers["Content-Type"] = content_type(file, body)
        self._reply(200, body, headers, send_body)
        owner.record(self, path, 200, conditional, len(body) if send_body else 0)

    def _reply(
        self,
        status: int,
        body: bytes,
        headers: dict[str, str],
        send_body: bool,
        length: bool = True,
    ) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if self.server.owner.verbose:
            super().log_message(format, *args)


class CorpusHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], owner: CorpusServer) -> None:
        self.owner = owner
        super().__init__(address, CorpusHandler)


class CorpusServer:
    """Threaded servers for one corpus folder on one or more loopback addresses."""

    def __init__(self, root: Path, hosts: int = 1, port: int = 0, verbose: bool = False) -> None:
        if not 1 <= hosts <= 254:
            raise ValueError("hosts must be between 1 and 254")
        self.root = Path(root).resolve()
        self.hosts = hosts
        self.port = port
        self.verbose = verbose
        self._servers: list[CorpusHTTPServer] = []
        self._threads: list[threading.Thread] = []
        self._hits: list[Hit] = []
        self._lock = threading.Lock()

    def start(self) -> str:
        """Listen and serve in daemon threads; returns the first host's base URL."""
        for index in range(1, self.hosts + 1):
            server = CorpusHTTPServer((f"127.0.0.{index}", self.port), self)
            self.port = server.server_address[1]
            self._servers.append(server)
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.2},
                name=f"corpus-server-{index}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self.base_url(1)

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join()
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> CorpusServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def base_url(self, host: int = 1) -> str:
        return f"http://127.0.0.{host}:{self.port}"

    def feed_urls(self) -> list[str]:
        """Every feed's URL, feed 1 first, spread over the hosts."""
        feeds = sorted((self.root / "feeds").glob("*.xml"))
        return [
            f"{self.base_url(index % self.hosts + 1)}/feeds/{path.name}"
            for index, path in enumerate(feeds)
        ]

    # the request log ---------------------------------------------------------------------

    def record(
        self, handler: BaseHTTPRequestHandler, path: str, status: int, conditional: bool, sent: int
    ) -> None:
        hit = Hit(
            time.time(),
            handler.server.server_address[0],
            handler.command or "",
            path,
            status,
            conditional,
            sent,
        )
        with self._lock:
            self._hits.append(hit)

    def mark(self) -> int:
        """A position in the request log, for hits_since."""
        with self._lock:
            return len(self._hits)

    def hits_since(self, mark: int = 0) -> list[Hit]:
        with self._lock:
            return self._hits[mark:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="serve.py", description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, metavar="CORPUS_DIR")
    parser.add_argument("--port", type=int, default=8765, help="port (8765; 0 picks one)")
    parser.add_argument("--hosts", type=int, default=1, help="loopback addresses to use (1)")
    parser.add_argument("--urls", type=Path, help="write the feed URLs to this file")
    args = parser.parse_args(argv)
    if not (args.corpus / "feeds").is_dir():
        parser.error(f"{args.corpus} has no feeds/ folder (write one with bench/corpus.py)")
    server = CorpusServer(args.corpus, hosts=args.hosts, port=args.port, verbose=True)
    base = server.start()
    urls = "\n".join(server.feed_urls()) + "\n"
    if args.urls:
        args.urls.write_text(urls)
        print(f"wrote {len(server.feed_urls())} feed URLs to {args.urls}", file=sys.stderr)
    else:
        sys.stdout.write(urls)
    print(f"serving {args.corpus} on {base} (pid {os.getpid()}); Ctrl-C stops", file=sys.stderr)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
