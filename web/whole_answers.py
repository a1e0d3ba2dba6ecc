"""gunicorn sends an answer's headers together with its body, in one write.

gunicorn writes the status line and headers, then the body, in two writes, and
between them another thread of the worker may hold the GIL for milliseconds. A
replica killed then leaves nginx a header without its body: too late to send the
request to another replica (``proxy_next_upstream`` applies only until a header
arrives), so the reader gets a broken answer. Held until the first body bytes,
the headers go out with them: a replica killed at any moment has either sent a
whole answer (a page or JSON body is one write) or nothing that nginx cannot
retry elsewhere. ``gunicorn.conf.py`` installs it.
"""

from __future__ import annotations

from gunicorn.http import wsgi


class _Kept:
    """Stands in for the socket while gunicorn writes the headers."""

    def __init__(self) -> None:
        self.data = b""

    def sendall(self, data: bytes) -> None:
        self.data += data


class WholeAnswer(wsgi.Response):
    """gunicorn's response, its headers held until the body's first write."""

    _held = b""
    _hold = True

    def send_headers(self) -> None:
        if self.headers_sent or not self._hold:
            super().send_headers()
            return
        sock, kept = self.sock, _Kept()
        self.sock = kept  # type: ignore[assignment]
        try:
            super().send_headers()
        finally:
            self.sock = sock
        self._held = kept.data

    def _flush(self) -> None:
        held, self._held = self._held, b""
        if held:
            self.sock.sendall(held)

    def _emit_body(self, data: bytes) -> None:
        if self._held and not self.chunked:
            held, self._held = self._held, b""
            self.sock.sendall(held + data)
            return
        self._flush()
        super()._emit_body(data)  # type: ignore[misc]

    def sendfile(self, respiter) -> bool:
        self._hold = False  # a file goes straight from the kernel: headers first
        self._flush()
        return super().sendfile(respiter)

    def close(self) -> None:
        if not self.headers_sent:
            self.send_headers()
        self._flush()
        super().close()


def install() -> None:
    """Every HTTP/1 answer of this gunicorn is a :class:`WholeAnswer`."""
    wsgi.Response = WholeAnswer  # type: ignore[misc]
