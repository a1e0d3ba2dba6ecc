"""Every setting of the web application and its server, declared once with default, help and range.

Each can be set by an environment variable (``TELUSUR_<NAME>``; ``HOST`` and
``PORT`` as they are); ``create_app``'s ``test_config`` overrides both. Every
value is checked when the app or the server starts: one out of its range is a
``SettingError`` (``python -m web`` and ``gunicorn.conf.py`` print it and exit 2),
never a server that starts and then fails each request.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from index.settings import ENV_PREFIX, INDEX_DIR, INDEX_PROCS, Setting, SettingError, whole
from search.language.request import MAX_QUERY_CHARS
from search.state.warming import DEFAULT_WARM_ARTICLES_MB, DEFAULT_WARM_MB
from web.hosts import parse_public_url, parse_trusted_hosts, well_formed_name


def host_name(raw: str) -> str:
    """An address to listen on: an IP address or a host name."""
    if not well_formed_name(raw):
        raise ValueError("an IP address or a host name")
    return raw


def replica_name(raw: str) -> str:
    """A replica's name: short, plain characters (it names the replica in logs and answers)."""
    name = raw.strip()
    if len(name) > 64 or not all(c.isascii() and (c.isalnum() or c in "-_.") for c in name):
        raise ValueError("a name of letters, digits, '-', '_' or '.', or empty")
    return name


def any_text(raw: str) -> str:
    return raw


GIB = 1024**3
SETTINGS = (
    INDEX_DIR,
    Setting(
        "PUBLIC_URL",
        "",
        "the address readers reach Telusur at, http(s)://host[:port]: every absolute URL"
        " (OpenSearch, feeds, OpenAPI servers) names it; empty: the request's trusted host",
        parse_public_url,
        accepts="http(s)://host[:port], or empty",
    ),
    Setting(
        "TRUSTED_HOSTS",
        ["localhost", "127.0.0.1"],
        "host names a request's Host may give, comma-separated (.example.org: also its"
        " subdomains; *: any valid name); PUBLIC_URL's host is added; any other is a 400",
        parse_trusted_hosts,
        shown_default="`localhost,127.0.0.1`",
        accepts="host names, comma-separated, or *",
    ),
    whole("PER_PAGE", 10, "results per page on the HTML page", 1, 1000),
    whole("MAX_PER_PAGE", 100, "largest per_page the API accepts", 1, 10_000),
    whole(
        "MAX_RESULT_WINDOW",
        10_000,
        "deepest result reachable by paging (page × per_page)",
        1,
        1_000_000,
    ),
    whole(
        "MAX_QUERY_CHARS",
        MAX_QUERY_CHARS,
        "longest query (q) accepted, in characters; longer is a 400",
        1,
        100_000,
    ),
    whole(
        "MAX_BODY_BYTES",
        64 * 1024,
        "largest request body accepted; larger is a 413",
        0,
        GIB,
    ),
    whole(
        "CACHE_MAX_AGE",
        60,
        "seconds a browser or proxy may reuse a page, feed or API answer (Cache-Control"
        " max-age); after that it asks again and gets a 304 while the index is unchanged",
        0,
        86_400,
    ),
    whole(
        "RESULT_CACHE_SIZE",
        2048,
        "search results cached per worker until the index changes (0: no cache)",
        0,
        10_000_000,
    ),
    whole(
        "POSTINGS_CACHE_MB",
        256,
        "decoded posting lists kept per worker for the live index (least used dropped),"
        " besides up to 16 MB of documents matched by phrases and prefixes",
        0,
        1024 * 1024,
    ),
    whole(
        "WARM_MB",
        DEFAULT_WARM_MB,
        "posting lists decoded when the server starts, most used words first, before the"
        " first query needs them (at most POSTINGS_CACHE_MB; 0: none)",
        0,
        1024 * 1024,
    ),
    whole(
        "WARM_ARTICLES_MB",
        DEFAULT_WARM_ARTICLES_MB,
        "the newest articles split into words for snippets when the server starts, shared by"
        " the workers (~8 bytes a word; 0: none, each article is split when first shown)",
        0,
        1024 * 1024,
    ),
    Setting(
        "REPLICA",
        "",
        "this server's name as a read replica: it serves the generation the store's FLEET pin"
        " names, not CURRENT, and takes rollouts (docs/scale.md); empty: not a replica",
        replica_name,
        accepts="a name of letters, digits, '-', '_' or '.', or empty",
    ),
    Setting(
        "REPLICA_TOKEN",
        "",
        "a replica's rollout endpoints (/_replica/) ask for `Authorization: Bearer` this;"
        " empty: they answer only requests from 127.0.0.1 or ::1 that no proxy forwarded",
        any_text,
        shown_default="(none)",
        accepts="any text, or empty",
    ),
    # Serving: read by gunicorn.conf.py (and HOST, PORT by python -m web).
    whole(
        "WORKERS",
        len(os.sched_getaffinity(0)),
        "gunicorn worker processes (searching holds the GIL: one per core)",
        1,
        256,
        shown_default="the number of cores",
    ),
    whole("THREADS", 2, "threads per gunicorn worker", 1, 256),
    Setting("ACCESS_LOG", "-", "gunicorn's access log: a file, or - for standard output"),
    Setting(
        "HOST",
        "127.0.0.1",
        "address the server listens on",
        host_name,
        env_name="HOST",
        accepts="an IP address or a host name",
    ),
    whole("PORT", 8000, "port the server listens on", 1, 65535, env_name="PORT"),
    # Indexing: read by python -m index (index/settings.py).
    INDEX_PROCS,
)
# Settings that only make sense together.
AT_MOST = (("PER_PAGE", "MAX_RESULT_WINDOW"), ("MAX_PER_PAGE", "MAX_RESULT_WINDOW"))


def defaults_from_env(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """Each setting's value, checked: its environment variable if set, else its default."""
    environ = os.environ if environ is None else environ
    values = {setting.name: setting.value(environ) for setting in SETTINGS}
    check(values)
    return values


def check(values: Mapping[str, object]) -> None:
    """Raise ``SettingError`` for the first value out of its range (or out of step with another)."""
    for setting in SETTINGS:
        if setting.name in values and not setting.in_range(values[setting.name]):
            raise setting.error(values[setting.name])
    for small, large in AT_MOST:
        low, high = values.get(small), values.get(large)
        if isinstance(low, int) and isinstance(high, int) and low > high:
            raise SettingError(
                f"{ENV_PREFIX}{small} ({values[small]}) must not exceed"
                f" {ENV_PREFIX}{large} ({values[large]})"
            )


def markdown_table() -> str:
    """The README's table of settings, made from this one."""
    rows = ["| variable | default | accepts | what it sets |", "|---|---|---|---|"]
    for setting in SETTINGS:
        default = setting.shown_default or (f"`{setting.default}`" if setting.default else "(none)")
        rows.append(f"| `{setting.env}` | {default} | {setting.allowed} | {setting.help} |")
    return "\n".join(rows) + "\n"


README_BEGIN = "<!-- settings: made by web.settings.markdown_table (make readme) -->\n"
README_END = "<!-- /settings -->"


def with_table(readme: str) -> str:
    """``readme`` with its settings table made anew from this one (``make readme``)."""
    before, rest = readme.split(README_BEGIN, 1)
    after = rest.split(README_END, 1)[1]
    return before + README_BEGIN + markdown_table() + README_END + after
