"""Errors as JSON under ``/api`` (``{"error": {"code", "message"}}``), as pages elsewhere,
in the language the request asks for (``web/messages.py``)."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from search.engine import IndexUnavailable
from web.hosts import ensure_url_adapter
from web.messages import in_language, language, said
from web.params import BadParameter

# The heading of an error page, by status and language.
TITLES = {
    "id": {
        400: "Permintaan tidak valid.",
        404: "Halaman tidak ditemukan.",
        405: "Metode tidak diizinkan.",
        413: "Permintaan terlalu besar.",
        500: "Terjadi kesalahan pada server.",
        503: "Indeks pencarian belum tersedia.",
    },
    "en": {
        400: "Bad request.",
        404: "Page not found.",
        405: "Method not allowed.",
        413: "Request too large.",
        500: "Something went wrong on the server.",
        503: "The search index is not available yet.",
    },
}
# Indonesian for Werkzeug's own English descriptions (a route that does not exist, …).
DESCRIPTIONS_ID = {
    400: "Server tidak dapat memahami permintaan ini.",
    404: "Alamat yang diminta tidak ada di server ini; periksa ejaannya.",
    405: "Alamat ini tidak menerima metode permintaan tersebut.",
    413: "Isi permintaan terlalu besar.",
    500: "Terjadi kesalahan pada server; silakan coba lagi nanti.",
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


def is_api() -> bool:
    return request.path in ("/api", "/_replica") or request.path.startswith(("/api/", "/_replica/"))


def _respond(status: int, code: str, message: str, hint: str | None = None):
    api = is_api()
    lang = language("en" if api else "id")
    text = in_language(message, lang, DESCRIPTIONS_ID.get(status))
    if api:
        response = jsonify(error={"code": code, "message": text})
    else:
        ensure_url_adapter(current_app)
        titles = TITLES[lang]
        page = render_template(
            "error.html",
            status=status,
            lang=lang,
            message=titles.get(status, titles[500 if status >= 500 else 400]),
            hint=hint if lang == "id" and hint != text else None,
            detail=text,
        )
        response = current_app.make_response(page)
    response.status_code = status
    response.headers["Content-Language"] = lang
    response.vary.add("Accept-Language")
    return response


def register_errors(app: Flask) -> None:
    @app.errorhandler(BadParameter)
    def bad_parameter(err: BadParameter):
        return _respond(400, "bad_parameter", err.message, PARAMETER_HINTS_ID.get(err.param))

    @app.errorhandler(IndexUnavailable)
    def unavailable(err: IndexUnavailable):
        app.logger.error("index unavailable: %s", err)
        message = said(
            "the search index is not available",
            "Indeks pencarian belum tersedia; silakan coba lagi sebentar lagi.",
        )
        return _respond(503, "index_unavailable", message)

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        code = (err.name or "error").lower().replace(" ", "_")
        return _respond(err.code or 500, code, err.description or err.name)

    @app.errorhandler(Exception)
    def unexpected(err: Exception):
        app.logger.exception("unexpected error")
        return _respond(500, "internal_error", InternalServerError.description)
