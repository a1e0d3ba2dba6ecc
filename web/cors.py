"""CORS for the JSON API: any origin may read ``/api/`` with GET (no credentials)."""

from __future__ import annotations

from flask import Flask, request

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
PREFLIGHT_MAX_AGE = "86400"


def register_cors(app: Flask) -> None:
    @app.after_request
    def allow_reading_the_api(response):
        if not (request.path == "/api" or request.path.startswith("/api/")):
            return response
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            return response
        response.headers["Access-Control-Allow-Origin"] = "*"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            asked = request.headers.get("Access-Control-Request-Headers")
            if asked:
                response.headers["Access-Control-Allow-Headers"] = asked
            response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        return response
