"""The API's fixed defaults and limits, named once: the views enforce them and the
OpenAPI document states them, so the two cannot disagree. (Those an operator may
change are settings, in ``web/settings.py``.)"""

API_PER_PAGE = 10
SUGGEST_LIMIT = 8
MAX_SUGGEST_LIMIT = 20
RELATED_LIMIT = 5
MAX_RELATED_LIMIT = 20
FEED_ENTRIES = 20
MAX_FEED_ENTRIES = 100
# Times one filter parameter (source, category) may be given.
MAX_FILTER_VALUES = 20
INTERVALS = ("month", "week", "year")
