"""The app's response class: a page whose text cannot be UTF-8 is still sent, never a 500."""

from __future__ import annotations

import re
from typing import Any

from flask import Response

# Lone surrogates: a JSON import may carry them into an indexed title or body.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class TextResponse(Response):
    """A ``Response`` that sends a lone surrogate in its text as U+FFFD."""

    def set_data(self, value: Any) -> None:
        if isinstance(value, str):
            try:
                value = value.encode("utf-8")
            except UnicodeEncodeError:
                value = LONE_SURROGATE.sub("\ufffd", value).encode("utf-8")
        super().set_data(value)
