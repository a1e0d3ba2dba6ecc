"""gunicorn's responses as ``gunicorn.conf.py`` installs them: the headers and the body of an
answer go to the socket in one write, so a server killed between the two cannot leave nginx
a header without its body (docs/scale.md, "Read replicas")."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.http import wsgi

from web.whole_answers import WholeAnswer


class Socket:
    def __init__(self) -> None:
        self.writes: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.writes.append(bytes(data))


def answer(status: str, headers: list[tuple[str, str]], body: list[bytes]) -> list[bytes]:
    request = SimpleNamespace(version=(1, 1), method="GET", should_close=lambda: False)
    sock = Socket()
    response = WholeAnswer(request, sock, Config())
    response.start_response(status, headers)
    for part in body:
        response.write(part)
    response.close()
    return sock.writes


def test_the_headers_go_out_with_the_body_in_one_write():
    writes = answer("200 OK", [("Content-Length", "5"), ("X-Telusur-Generation", "g")], [b"hello"])
    assert len(writes) == 1
    head, body = writes[0].split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"\r\nX-Telusur-Generation: g" in head
    assert body == b"hello"


def test_an_answer_without_a_body_still_sends_its_headers():
    writes = answer("304 Not Modified", [], [])
    assert len(writes) == 1 and writes[0].startswith(b"HTTP/1.1 304 Not Modified\r\n")
    assert writes[0].endswith(b"\r\n\r\n")


def test_a_body_in_parts_sends_the_headers_with_the_first():
    writes = answer("200 OK", [("Content-Length", "6")], [b"abc", b"def"])
    assert [w.split(b"\r\n\r\n", 1)[-1] for w in writes] == [b"abc", b"def"]


def test_the_configuration_installs_it():
    runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    assert wsgi.Response is WholeAnswer
