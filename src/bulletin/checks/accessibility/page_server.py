"""Turn a set of HTML pages into http://127.0.0.1 addresses that Chromium opens, serving nothing else.

Chromium opens a page given as a `file:` address with the right to load any other file on
the machine (`<img src="file:///...">`); a page served over http from 127.0.0.1 has no such
right, since Chromium refuses local files to web pages. Each page is served under its own
number (`/<n>/page.html`) together with the files of one folder (its CSS and images, as
they will be published); any other address, or one leading out of that folder, is a 404.
"""

from __future__ import annotations

import mimetypes
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Handler(BaseHTTPRequestHandler):
    server: "_PageServer"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        number, _, rest = unquote(urlsplit(self.path).path).lstrip("/").partition("/")
        served = self.server.pages.get(number)
        found = None
        if served is not None:
            page, folder = served
            if rest == page.name:
                found = page
            else:
                candidate = (folder / rest).resolve()
                if candidate.is_relative_to(folder.resolve()) and candidate.is_file():
                    found = candidate
        if found is None:
            self.send_error(404)
            return
        data = found.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(found.name)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:  # the build's output stays the build's
        pass


class _PageServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages: dict[str, tuple[Path, Path]] = {}

    def add(self, page: Path, folder: Path) -> str:
        """Serve `page`, and the files of `folder` beside it; returns the page's address."""
        number = str(len(self.pages))
        self.pages[number] = (page, folder)
        return f"http://127.0.0.1:{self.server_port}/{number}/{page.name}"


@contextmanager
def serving():
    """A page server on 127.0.0.1 for the duration of the block."""
    server = _PageServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
