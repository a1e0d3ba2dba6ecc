"""Reads the index: query parsing, ranking, snippets and the result shape."""
