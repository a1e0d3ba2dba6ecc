"""Writers yield the CPU to serving: a lower priority, inherited by a build's processes."""

from __future__ import annotations

import json
import multiprocessing
import os

import pytest

from index import cli
from index.priority import WRITER_NICE, lower_priority


def _report_niceness(queue) -> None:
    queue.put(os.nice(0))


def _lower_then_start_a_worker(target: int, queue) -> None:
    queue.put(lower_priority(target))
    worker = multiprocessing.get_context("spawn").Process(target=_report_niceness, args=(queue,))
    worker.start()
    worker.join()


@pytest.mark.slow
def test_a_lowered_priority_is_kept_by_the_writers_workers():
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    target = max(os.nice(0), WRITER_NICE)
    writer = context.Process(target=_lower_then_start_a_worker, args=(target + 1, queue))
    writer.start()
    writer.join(60)
    assert (writer.exitcode, queue.get(timeout=5), queue.get(timeout=5)) == (
        0,
        target + 1,
        target + 1,
    )


@pytest.fixture
def lowered(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(cli, "lower_priority", calls.append)
    return calls


def test_every_writing_command_lowers_its_priority(tmp_path, lowered):
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "a", "title": "Banjir", "body": "banjir"}), "utf-8")
    root = str(tmp_path / "index")
    assert cli.main(["build", "--index-dir", root, str(source)]) == 0
    assert cli.main(["update", "--index-dir", root, "--nice", "3", str(source)]) == 0
    assert cli.main(["delete", "--index-dir", root, "--nice", "0", "a"]) == 0
    assert cli.main(["stats", "--index-dir", root]) == 0
    assert lowered == [WRITER_NICE, 3, 0]


@pytest.mark.parametrize(("value", "shown"), [("20", "20"), ("-1", "-1"), ("x", "'x'")])
def test_a_niceness_out_of_range_is_a_usage_error(tmp_path, lowered, value, shown, capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["update", "--index-dir", str(tmp_path), "--nice", value, "x.jsonl"])
    assert exited.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last == (
        "python -m index update: error: argument --nice: "
        f"expected a whole number from 0 to 19, not {shown}"
    )
    assert lowered == []
