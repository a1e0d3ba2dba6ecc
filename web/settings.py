"""Every setting of the web application, declared once with its default and help.

Each can be set by an environment variable ``TELUSUR_<NAME>``; ``create_app``'s
``test_config`` overrides both.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from search.engine import DEFAULT_INDEX_DIR
from search.request import MAX_QUERY_CHARS
from search.warming import DEFAULT_WARM_ARTICLES_MB, DEFAULT_WARM_MB
from web.hosts import parse_public_url, parse_trusted_hosts

ENV_PREFIX = "TELUSUR_"


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str
    parse: Callable[[str], object] = str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name


SETTINGS = (
    Setting("INDEX_DIR", str(DEFAULT_INDEX_DIR), "folder holding the search index"),
    Setting(
        "PUBLIC_URL",
        "",
        "the address readers reach Telusur at, http(s)://host[:port]: every absolute URL"
        " (OpenSearch, feeds, OpenAPI servers) names it; empty: the request's trusted host",
        parse_public_url,
    ),
    Setting(
        "TRUSTED_HOSTS",
        ["localhost", "127.0.0.1"],
        "host names a request's Host may give, comma-separated (.example.org: also its"
        " subdomains; *: any valid name); PUBLIC_URL's host is added; any other is a 400",
        parse_trusted_hosts,
    ),
    Setting("PER_PAGE", 10, "results per page on the HTML page", int),
    Setting("MAX_PER_PAGE", 100, "largest per_page the API accepts", int),
    Setting(
        "MAX_RESULT_WINDOW", 10_000, "deepest result reachable by paging (page × per_page)", int
    ),
    Setting(
        "MAX_QUERY_CHARS",
        MAX_QUERY_CHARS,
        "longest query (q) accepted, in characters; longer is a 400",
        int,
    ),
    Setting("MAX_BODY_BYTES", 64 * 1024, "largest request body accepted; larger is a 413", int),
    Setting(
        "RESULT_CACHE_SIZE",
        2048,
        "search results cached per worker until the index changes (0: no cache)",
        int,
    ),
    Setting(
        "POSTINGS_CACHE_MB",
        256,
        "decoded posting lists kept per worker for the live index (least used dropped),"
        " besides up to 16 MB of documents matched by phrases and prefixes",
        int,
    ),
    Setting(
        "WARM_MB",
        DEFAULT_WARM_MB,
        "posting lists decoded when the server starts, most used words first, before the"
        " first query needs them (at most POSTINGS_CACHE_MB; 0: none)",
        int,
    ),
    Setting(
        "WARM_ARTICLES_MB",
        DEFAULT_WARM_ARTICLES_MB,
        "the newest articles split into words for snippets when the server starts, shared by"
        " the workers (~8 bytes a word; 0: none, each article is split when first shown)",
        int,
    ),
)


def defaults_from_env(environ: dict[str, str] | None = None) -> dict[str, object]:
    """Each setting's value: its environment variable if set, else its default."""
    environ = os.environ if environ is None else environ
    values = {}
    for setting in SETTINGS:
        raw = environ.get(setting.env)
        try:
            values[setting.name] = setting.default if raw is None else setting.parse(raw)
        except ValueError as err:
            kind = "a whole number" if setting.parse is int else str(err) or "valid"
            raise SettingError(
                f"{setting.env} must be {kind}, not {raw!r} ({setting.help})"
            ) from err
    return values


class SettingError(ValueError):
    """A setting's environment variable that cannot be read as its kind of value."""
