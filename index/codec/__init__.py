"""Whoosh 3's segment format, written and read by the project itself (see README.md).

- writer: ``tokens`` (word ids, token arrays, runs), ``runs`` (postings gathered, positions
  encoded), ``blocks`` (posting blocks, the term table), ``segment`` (ArraySegmentWriter).
- reader: ``terms`` (term table and postings through memory maps), ``postings`` (a term's
  postings as arrays), ``columns`` (sortable columns and field lengths).
- both: ``layout`` (the structs and the slot hash), ``whoosh_private`` (every private Whoosh name).
"""
