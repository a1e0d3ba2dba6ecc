"""A publication date checked against the article's URL and a plausible span.

Many news sites put the day of publication in their URLs (``/read/2019/09/10/``).
Some give the date itself with day and month swapped (10 September stored as
9 October): where the date equals the URL's with day and month swapped, the
URL's is taken. A date that cannot be read, lies before :data:`EARLIEST` or more
than :data:`AHEAD` after the import is dropped: the article is kept, undated, and
listed. One after the import, or more than :data:`FAR` from the URL's, is kept
and listed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from index.dates import WIB
from index.notes import DATE_DOUBTFUL, DATE_DROPPED, DATE_FROM_URL, Note

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
AHEAD = timedelta(days=1)
# Sites date an article's URL when it is written and the article when it is
# published or updated: a few days apart is ordinary.
FAR = timedelta(days=7)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)")


def url_date(url: str) -> date | None:
    """The date a URL's path gives as ``/YYYY/MM/DD/``, if any."""
    m = _URL_DATE.search(url)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def checked_published(
    published: datetime | None, url: str, given: str = "", now: datetime | None = None
) -> tuple[datetime | None, Note | None]:
    """The date to keep for an article, and what was done about it.

    ``given`` is the date as the input wrote it, for the report; ``now`` is the
    time of the import (default: the present).
    """
    if published is None:
        return None, Note(DATE_DROPPED, f"{given!r} cannot be read as a date") if given else None
    shown = repr(given) if given else published.isoformat()
    if published.tzinfo is None:
        published = published.replace(tzinfo=WIB)
    now = now or datetime.now(UTC)
    if published < EARLIEST:
        return None, Note(DATE_DROPPED, f"{shown} is before {EARLIEST.year}")
    if published - now > AHEAD:
        return None, Note(DATE_DROPPED, f"{shown} is more than a day after the import")
    note = None
    from_url = url_date(url) if url else None
    if from_url is not None:
        day = published.date()
        swapped = (day.year, day.day, day.month) == (from_url.year, from_url.month, from_url.day)
        if swapped and day.day != day.month:
            published = published.replace(month=from_url.month, day=from_url.day)
            note = Note(DATE_FROM_URL)
        elif abs(day - from_url) > FAR:
            far = f"{day.isoformat()} is {abs(day - from_url).days} days from the URL's date"
            note = Note(DATE_DOUBTFUL, f"{shown}: {far}, {from_url.isoformat()}")
    if published > now:
        return published, Note(DATE_DOUBTFUL, f"{shown} is after the import")
    return published, note
