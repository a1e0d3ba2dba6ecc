"""Turns news articles into a Whoosh index: analysis, schema, ingest, writing."""
