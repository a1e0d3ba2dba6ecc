"""Whoosh 3's segment format, read and written by the project itself.

blocks     posting blocks and the term table, many terms at a time (writer)
segment    ArraySegmentWriter: a build's segment from token arrays (writer)
columns    sortable columns and field lengths, a segment at a time (reader)
terms      a segment's term table and posting blocks through memory maps (reader)
postings   a term's postings over every segment as arrays (reader)
"""
