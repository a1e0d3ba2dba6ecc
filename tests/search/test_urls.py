"""Only http(s) article links survive; everything else becomes no link at all."""

import pytest

from search.presentation.urls import http_url


@pytest.mark.parametrize(
    "url",
    [
        "https://contoh.kompas.com/banjir-utara",
        "http://metro.tempo.co/read/1247862/anies?x=1&y=%3Cb%3E#top",
        "HTTPS://CONTOH.COM/",
    ],
)
def test_http_links_are_kept(url):
    assert http_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "jav&#x61;script:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative/path",
        "https:alert(1)",
        "http://",
        "https://contoh.com/\x00x",
        "http://[::1",
        "",
    ],
)
def test_other_links_are_dropped(url):
    assert http_url(url) == ""
