"""Queries evaluated over arrays rather than by Whoosh's matchers.

- ``ranked``: a request matched within its filters and scored; ``filters``: outlet, category, date.
- ``vectorized``: which articles match, their BM25F scores; ``posting_cache``: each term's arrays.
- ``columns``: each document's date, recency and liveness; ``ranking``: weights, proximity, recency.
- ``facets``, ``facet_segments``: counts from sortable columns, by segment; ``timeline``: charts.
- ``pairs``: two words side by side as one term; ``proximity``: words close; ``feedback``: RM3.
"""
