"""JSON responses encoded by orjson, in C.

Serialising a page of results is a share of every request and most of a
cached one's own work, and orjson does it an order of magnitude faster than
the standard library. What orjson does not encode itself
(dates, dataclasses, anything unknown) still goes through Flask's
``default``, so responses read as before: compact, keys in their order,
non-ASCII characters as they are, dates as HTTP dates. What orjson refuses
(a lone surrogate from an indexed text, an integer over 64 bits) is encoded
by the standard library instead, escaped to ASCII, never a 500.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from flask import Flask
from flask.json.provider import DefaultJSONProvider
from werkzeug.sansio.response import Response

OPTIONS = (
    orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)


class OrjsonProvider(DefaultJSONProvider):
    _app: Flask  # the base types it as Flask's sansio App, whose response class takes no body
    ensure_ascii = False
    sort_keys = False

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs:  # formatting asked for (indent, ...): the standard library's encoder
            return super().dumps(obj, **kwargs)
        return self._encode(obj).decode()

    def response(self, *args: Any, **kwargs: Any) -> Response:
        obj = self._prepare_response_obj(args, kwargs)
        if self.compact is False or (self.compact is None and self._app.debug):
            return super().response(obj)
        body = self._encode(obj) + b"\n"
        return self._app.response_class(body, mimetype=self.mimetype)

    def _encode(self, obj: Any) -> bytes:
        try:
            return orjson.dumps(obj, default=self.default, option=OPTIONS)
        except orjson.JSONEncodeError:
            text = json.dumps(obj, default=self.default, ensure_ascii=True, separators=(",", ":"))
            return text.encode("ascii")
