"""A saved page is refused by its size before trafilatura reads it, and trafilatura has a budget."""

import os

import pytest
import trafilatura

from index import cli
from index.ingest import MAX_BODY_CHARS, Article, Reject
from index.readers import extraction, read_source
from index.readers.extraction import Extractor

PAGE = (
    '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title}</title></head>'
    "\n<body><article><h1>{title}</h1>\n{paragraphs}</article></body></html>"
)
TEXT = (
    "Hujan deras sejak pagi membuat sejumlah ruas jalan di Jakarta tergenang air setinggi lutut"
    " orang dewasa, dan petugas pemadam kebakaran membantu warga yang terjebak di rumahnya."
)


def page(title: str, paragraphs: list[str]) -> str:
    return PAGE.format(title=title, paragraphs="\n".join(f"<p>{p}</p>" for p in paragraphs))


def read(path):
    items = list(read_source(path))
    return [a.id for a in items if isinstance(a, Article)], [
        str(r) for r in items if isinstance(r, Reject)
    ]


@pytest.fixture
def never_extract(monkeypatch):
    """Any call of trafilatura, here or through the extracting process, fails the test."""
    reached = []

    def refuse(*args, **kwargs):
        reached.append(args)
        raise AssertionError("trafilatura was reached")

    class Refusing:
        extract = staticmethod(refuse)

    monkeypatch.setattr(trafilatura, "bare_extraction", refuse)
    monkeypatch.setattr(extraction, "_shared", Refusing())
    return reached


@pytest.fixture
def extractor_with(monkeypatch):
    made = []

    def install(budget, target):
        made.append(Extractor(budget, target))
        monkeypatch.setattr(extraction, "_shared", made[-1])

    yield install
    for each in made:
        each.close()


def test_a_page_of_120000_paragraphs_is_refused_by_its_text_before_extraction(
    tmp_path, capsys, never_extract
):
    paragraphs = [f"Paragraf {n}: banjir di Jakarta." for n in range(120_000)]
    path = tmp_path / "arsip.html"
    path.write_text(page("Arsip", paragraphs), encoding="utf-8")
    assert 3_000_000 < path.stat().st_size < 10_000_000
    chars = len(" ".join(["Arsip", "Arsip", *paragraphs]))
    assert chars > MAX_BODY_CHARS
    good = tmp_path / "baik.jsonl"
    good.write_text('{"id": "baik", "body": "Hujan deras di Jakarta."}\n', encoding="utf-8")

    status = cli.main(["build", str(path), str(good), "--index-dir", str(tmp_path / "ix")])
    lines = capsys.readouterr().out.splitlines()
    assert status == cli.REJECTED
    assert lines[0].startswith("build: 1 added, 1 rejected in ")
    assert lines[1] == (
        f"  rejected {path}: page text too large ({chars} characters, limit 1000000), not extracted"
    )
    assert never_extract == []


@pytest.mark.slow
def test_a_page_over_the_time_budget_is_a_reject_and_the_next_page_is_read(
    tmp_path, extractor_with
):
    extractor_with(1.0, "tests.extract_targets:slow_when_asked")
    folder = tmp_path / "halaman"
    folder.mkdir()
    (folder / "a-lambat.html").write_text(page("Halaman lambat", [TEXT]), encoding="utf-8")
    (folder / "b-cepat.html").write_text(page("Banjir di Jakarta", [TEXT] * 3), encoding="utf-8")
    assert read(folder) == (
        ["b-cepat"],
        [f"{folder / 'a-lambat.html'}: extraction took longer than 1 s"],
    )


def test_a_page_that_breaks_trafilatura_is_a_reject(tmp_path, extractor_with):
    extractor_with(60.0, "tests.extract_targets:broken")
    path = tmp_path / "rusak.html"
    path.write_text(page("Rusak", [TEXT]), encoding="utf-8")
    assert read(path) == ([], [f"{path}: extraction failed (ValueError: halaman rusak)"])


def test_the_extracting_process_ends_when_closed(tmp_path, extractor_with):
    extractor_with(60.0, "tests.extract_targets:slow_when_asked")
    path = tmp_path / "cepat.html"
    path.write_text(page("Banjir di Jakarta", [TEXT] * 3), encoding="utf-8")
    assert read(path) == (["cepat"], [])
    child = extraction._shared.pid
    assert child is not None
    extraction._shared.close()
    assert extraction._shared.pid is None
    with pytest.raises(ChildProcessError):
        os.waitpid(child, 0)  # ended and reaped


def test_a_child_whose_pipes_could_not_be_kept_is_a_reject_and_started_again(
    tmp_path, monkeypatch, extractor_with
):
    extractor_with(60.0, "tests.extract_targets:slow_when_asked")
    path = tmp_path / "cepat.html"
    path.write_text(page("Banjir di Jakarta", [TEXT] * 3), encoding="utf-8")
    real_dup, failed = os.dup, []

    def dup_out_of_descriptors_once(fd):
        if not failed:
            failed.append(fd)
            raise OSError(24, "Too many open files")
        return real_dup(fd)

    monkeypatch.setattr(extraction.os, "dup", dup_out_of_descriptors_once)
    assert read(path) == ([], [f"{path}: the extracting process did not start"])
    assert extraction._shared.pid is None  # the half-started child was stopped
    assert read(path) == (["cepat"], [])
