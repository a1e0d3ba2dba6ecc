"""Which ``Host`` a request may name, and which address absolute URLs carry.

A ``Host`` header is the client's to choose. Absolute URLs (the OpenSearch
description, the Atom feed, OpenAPI's ``servers``) are built from the
configured ``PUBLIC_URL`` when set, else from a ``Host`` that is in
``TRUSTED_HOSTS``; any other host is a 400, so a shared cache can never be
handed a page naming a host an attacker chose. A malformed host (empty
labels, a label over 63 characters, punycode that does not decode) is a 400
as well, even where every host is trusted.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request, url_for
from flask.globals import request_ctx
from werkzeug.exceptions import SecurityError

from web.messages import said

LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.ASCII | re.IGNORECASE)
PORT = re.compile(r"[1-9][0-9]{0,4}", re.ASCII)


def parse_trusted_hosts(raw: str) -> list[str] | None:
    """``a.example,.example.org`` as Flask's ``TRUSTED_HOSTS`` list; ``*`` (any host) as None."""
    if raw.strip() == "*":
        return None
    names = [name.strip().lower() for name in raw.split(",") if name.strip()]
    for name in names:
        if not well_formed_name(name.removeprefix(".")):
            raise ValueError(f"host names, comma-separated, or *: {name!r} is not a host name")
    if not names:
        raise ValueError("host names, comma-separated, or *")
    return names


def parse_public_url(raw: str) -> str:
    """``https://host[:port]`` without a trailing slash; empty for none."""
    raw = raw.strip().rstrip("/")
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("http(s)://host[:port]")
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError("http(s)://host[:port], without a path, query or user")
    if not well_formed_host(parts.netloc):
        raise ValueError(f"http(s)://host[:port]: {parts.netloc!r} is not a host name")
    return raw


def well_formed_name(name: str) -> bool:
    """A DNS name (labels of 1–63 letters, digits and inner hyphens; punycode that decodes)
    or an IP address."""
    try:
        ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
        return True
    except ValueError:
        pass
    name = name.removesuffix(".")
    if not name or len(name) > 253:
        return False
    for label in name.split("."):
        if not LABEL.fullmatch(label):
            return False
        if label[:4].lower() == "xn--":
            try:
                label.encode("ascii").decode("idna")
            except UnicodeError:
                return False
    return True


def well_formed_host(host: str) -> bool:
    """``name[:port]`` as a ``Host`` header gives it (an IPv6 address in brackets)."""
    if host.startswith("["):
        name, bracket, rest = host.partition("]")
        name += bracket
        if rest and not rest.startswith(":"):
            return False
        port = rest[1:] if rest else None
    else:
        name, colon, port = host.partition(":")
        port = port if colon else None
    if port is not None and not (PORT.fullmatch(port) and int(port) <= 65535):
        return False
    return well_formed_name(name)


def public_base() -> str:
    """Where absolute URLs point: ``PUBLIC_URL``, else this (trusted) request's host."""
    return current_app.config["PUBLIC_URL"] or request.host_url.rstrip("/")


def external_url(endpoint: str, **values: Any) -> str:
    """``url_for(endpoint, **values)`` made absolute with :func:`public_base`."""
    return public_base() + url_for(endpoint, **values)


def ensure_url_adapter(app: Flask) -> None:
    """Give a request whose ``Host`` could not make a URL adapter one bound to no host of
    the client's, so that its error page can still link to our own paths."""
    if request_ctx.url_adapter is None:  # the proxy reads and sets the request's context
        request_ctx.url_adapter = app.url_map.bind(
            "localhost", script_name=request.root_path or "/", url_scheme=request.scheme
        )


def register_hosts(app: Flask) -> None:
    """Flask's ``TRUSTED_HOSTS`` from the setting, with ``PUBLIC_URL``'s host; a bad host a 400."""
    trusted = app.config["TRUSTED_HOSTS"]
    public = app.config["PUBLIC_URL"]
    if trusted is not None and public:
        app.config["TRUSTED_HOSTS"] = [*trusted, urlsplit(public).hostname]

    @app.before_request
    def refuse_odd_hosts() -> None:
        try:
            host = request.host
        except SecurityError:
            abort(
                400,
                said(
                    "the Host header names a host not served here (TELUSUR_TRUSTED_HOSTS)",
                    "Header Host menyebut host yang tidak dilayani di sini (TELUSUR_TRUSTED_HOSTS)",
                ),
            )
        if not well_formed_host(host) or request_ctx.url_adapter is None:
            abort(
                400,
                said(
                    "the Host header is not a valid host name",
                    "Header Host bukan nama host yang sah",
                ),
            )
