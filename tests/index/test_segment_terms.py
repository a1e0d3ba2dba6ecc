"""Terms read through mapped segment files give what Whoosh's own reading gives."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from index.codec.postings import deletions, segment_terms, term_weights
from index.codec.segment import ArraySegmentWriter
from index.codec.terms import SegmentTerms
from index.schema import news_schema
from tests.index.test_segment_writer import corpus

TEXT_FIELDS = ("title", "body", "exact", "phrase", "id", "url", "source", "category")


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    """Three segments: the build's array writer (blocks left plain and by ISA-L),
    Whoosh's writer in plain files (zlib), and Whoosh's in one compound file,
    whose commit deletes two articles of the first."""
    ix = whoosh_index.create_in(tmp_path_factory.mktemp("segments"), news_schema())
    docs = corpus()
    for make, part in (
        (lambda: ArraySegmentWriter(ix, limitmb=0.05, compound=False), docs[:300]),
        (lambda: SegmentWriter(ix, compound=False), docs[300:500]),
        (lambda: SegmentWriter(ix, compound=True), docs[500:]),
    ):
        writer = make()
        for doc in part:
            writer.add_document(**doc)
        if len(part) < 300:
            writer.delete_by_term("id", "m7")
            writer.delete_by_term("id", "m8")
        writer.commit(merge=False)
    with ix.searcher() as searcher:
        yield searcher


def whooshs(reader, field: str, btext: bytes) -> tuple[int, list, list] | None:
    """A segment's postings of a term as Whoosh's matcher steps through them,
    deleted documents included."""
    if (field, btext) not in reader:
        return None
    matcher = reader._terms.matcher(field, btext, reader.schema[field].format)
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return reader.doc_frequency(field, btext), ids, weights


def test_every_term_of_a_mapped_segment_reads_as_whoosh_reads_it(searcher):
    leaves = [reader for reader, _ in searcher.reader().leaf_readers()]
    mapped = [SegmentTerms.of(reader) for reader in leaves]
    assert [terms is not None and terms.open() for terms in mapped] == [True, True, False]
    terms = sorted(set().union(*(set(reader.all_terms()) for reader in leaves)))
    blocks = 0
    for reader, segment in zip(leaves[:2], mapped[:2], strict=True):
        for field, btext in terms:
            expected = whooshs(reader, field, btext)
            found = segment.postings(field, btext)
            if expected is None:
                assert found is None, (field, btext)
                continue
            frequency, ids, weights = found
            assert (frequency, ids.tolist(), weights.tolist()) == expected, (field, btext)
            assert (ids.dtype, weights.dtype) == (np.int64, np.float64)
            blocks += len(ids) > 128
    assert len(terms) > 1_500  # dates, URLs and groups have no terms since schema 3
    assert blocks > 20  # terms over several blocks, in both segments


def test_a_term_or_field_not_in_a_segment_is_none(searcher):
    segment = SegmentTerms.of(searcher.reader().leaf_readers()[0][0])
    assert segment.open()
    assert segment.postings("body", b"banjir")[0] > 0
    assert segment.postings("body", b"tidakadadisini") is None
    assert segment.postings("nosuchfield", b"banjir") is None


def test_term_weights_are_the_same_mapped_or_read_by_whoosh(searcher):
    deleted = deletions(searcher)
    assert [None if d is None else len(d) for d in deleted] == [2, None, None]
    mapped, unmapped = segment_terms(searcher), [None] * 3
    words = [(f, b) for f, b in searcher.reader().all_terms() if f in TEXT_FIELDS]
    assert len(words) > 1_500
    for field, btext in words:
        text = searcher.schema[field].from_bytes(btext)
        ids, weights, frequency = term_weights(searcher, field, text, deleted, mapped)
        old_ids, old_weights, old_frequency = term_weights(searcher, field, text, deleted, unmapped)
        assert frequency == old_frequency
        assert ids.tolist() == old_ids.tolist() and weights.tolist() == old_weights.tolist()


def test_files_let_go_are_mapped_again_and_gone_ones_are_not(searcher, tmp_path):
    segment = SegmentTerms.of(searcher.reader().leaf_readers()[0][0])
    assert segment.open()
    expected = segment.postings("body", b"banjir")[1].tolist()
    segment.close()
    assert segment.open() and segment.postings("body", b"banjir")[1].tolist() == expected
    segment.close()
    segment._paths = (str(tmp_path / "gone.trm"), str(tmp_path / "gone.pst"))
    assert not segment.open()
