"""Queries evaluated over arrays rather than by Whoosh's matchers.

- ``vectorized``: which articles match and their BM25F scores; ``filters``: outlet, category, date.
- ``ranking``: field weights, proximity and recency; ``timeline``: the charts' time axis.
- ``facets``: counts and date orderings from sortable columns; ``facet_segments``: kept by segment.
"""
