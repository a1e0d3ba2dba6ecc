"""Defences every response carries: security headers, request limits, no debug by accident.

The Content-Security-Policy allows no inline script or style and no plugin,
so markup that slips into a page through an article cannot run.
"""

from __future__ import annotations

from flask import Flask, Response, abort, request

from web.messages import said

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def register_security(app: Flask) -> None:
    """Headers on every response, the body-size limit from settings, debug off.

    Debug stays off even when ``FLASK_DEBUG`` is set in the environment; only
    ``python -m web --debug`` turns it on (through ``app.run``).
    """
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_BODY_BYTES"]
    app.debug = False

    @app.before_request
    def refuse_large_bodies() -> None:
        # Werkzeug enforces MAX_CONTENT_LENGTH only when a view reads the body;
        # refuse a declared oversize body before any view runs.
        length = request.content_length
        if length is not None and length > app.config["MAX_CONTENT_LENGTH"]:
            limit = app.config["MAX_CONTENT_LENGTH"]
            abort(
                413,
                said(
                    f"the request body must not exceed {limit} bytes",
                    f"isi permintaan tidak boleh lebih dari {limit} bita",
                ),
            )

    @app.after_request
    def security_headers(response: Response) -> Response:
        # A header a view set stays. One pass over the few headers present: asking
        # Werkzeug's headers for each missing one raises and catches a KeyError.
        present = {name.lower() for name, _ in response.headers}
        response.headers.extend(
            (name, value) for name, value in SECURITY_HEADERS.items() if name.lower() not in present
        )
        return response
