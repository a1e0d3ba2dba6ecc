"""Errors as JSON under ``/api`` (``{"error": {"code", "message"}}``), as pages elsewhere."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from search.engine import IndexUnavailable
from web.hosts import ensure_url_adapter
from web.params import BadParameter

MESSAGES_ID = {
    400: "Permintaan tidak valid.",
    404: "Halaman tidak ditemukan.",
    405: "Metode tidak diizinkan.",
    413: "Permintaan terlalu besar.",
    500: "Terjadi kesalahan pada server.",
    503: "Indeks pencarian belum tersedia.",
}

_DATES_ID = (
    "Tanggal ditulis tahun-bulan-hari (mis. 2019-07-31), dan “Dari” tidak boleh setelah “Sampai”."
)
# What a reader of the HTML page is told about a parameter it cannot use.
PARAMETER_HINTS_ID = {
    "q": "Kata kunci terlalu panjang.",
    "page": "Nomor halaman harus bilangan bulat positif dan tidak terlalu jauh.",
    "per_page": "Jumlah hasil per halaman tidak valid.",
    "sort": "Urutan harus relevansi, terbaru atau terlama.",
    "from": _DATES_ID,
    "to": _DATES_ID,
    "source": "Terlalu banyak filter sumber.",
    "category": "Terlalu banyak filter kategori.",
    "expand": "Perluasan sinonim hanya bisa true atau false.",
}


def _respond(status: int, code: str, message: str, hint: str | None = None):
    if request.path == "/api" or request.path.startswith("/api/"):
        return jsonify(error={"code": code, "message": message}), status
    ensure_url_adapter(current_app)
    page = render_template(
        "error.html",
        status=status,
        message=MESSAGES_ID.get(status, message),
        hint=hint,
        detail=message,
    )
    return page, status


def register_errors(app: Flask) -> None:
    @app.errorhandler(BadParameter)
    def bad_parameter(err: BadParameter):
        return _respond(400, "bad_parameter", err.message, PARAMETER_HINTS_ID.get(err.param))

    @app.errorhandler(IndexUnavailable)
    def unavailable(err: IndexUnavailable):
        app.logger.error("index unavailable: %s", err)
        return _respond(503, "index_unavailable", "the search index is not available")

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        code = (err.name or "error").lower().replace(" ", "_")
        return _respond(err.code or 500, code, err.description or err.name)

    @app.errorhandler(Exception)
    def unexpected(err: Exception):
        app.logger.exception("unexpected error")
        return _respond(500, "internal_error", InternalServerError.description)
