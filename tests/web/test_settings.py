"""Every setting is range-checked at start-up: ``create_app``, ``python -m web`` and gunicorn
(through ``gunicorn.conf.py``) refuse a bad value with one line and exit status 2; the serving
settings are in the same table; the README's table of settings is that table."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from bench.http import free_port
from web import create_app
from web.settings import (
    README_BEGIN,
    README_END,
    SETTINGS,
    SettingError,
    markdown_table,
    with_table,
)

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"

BAD = [
    ("TELUSUR_PER_PAGE", "0", "a whole number from 1 to 1000, not '0'"),
    ("TELUSUR_MAX_QUERY_CHARS", "-1", "a whole number from 1 to 100000, not '-1'"),
    ("TELUSUR_WORKERS", "abc", "a whole number from 1 to 256, not 'abc'"),
    ("TELUSUR_WORKERS", "0", "a whole number from 1 to 256, not '0'"),
    ("TELUSUR_THREADS", "0", "a whole number from 1 to 256, not '0'"),
    ("TELUSUR_MAX_PER_PAGE", "0", "a whole number from 1 to 10000, not '0'"),
    ("TELUSUR_MAX_RESULT_WINDOW", "0", "a whole number from 1 to 1000000, not '0'"),
    ("TELUSUR_RESULT_CACHE_SIZE", "-5", "a whole number from 0 to 10000000, not '-5'"),
    ("TELUSUR_POSTINGS_CACHE_MB", "1e3", "a whole number from 0 to 1048576, not '1e3'"),
    ("TELUSUR_MAX_BODY_BYTES", "-1", "a whole number from 0 to 1073741824, not '-1'"),
    ("TELUSUR_ACCESS_LOG", "", "any text but an empty one, not ''"),
    ("PORT", "70000", "a whole number from 1 to 65535, not '70000'"),
    ("HOST", "a..b", "an IP address or a host name, not 'a..b'"),
    ("TELUSUR_INDEX_PROCS", "abc", "a whole number from 0 to 256, not 'abc'"),
]
IDS = [f"{name}={value}" for name, value, _ in BAD]


def message(name: str, allowed: str) -> str:
    setting = next(s for s in SETTINGS if s.env == name)
    return f"Telusur: {name} must be {allowed} ({setting.help})\n"


def clean_env(**more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {s.env for s in SETTINGS}}
    return env | more


@pytest.mark.slow
@pytest.mark.parametrize(("name", "value", "allowed"), BAD, ids=IDS)
def test_python_m_web_refuses_a_bad_setting(name, value, allowed, index_dir):
    done = subprocess.run(
        [sys.executable, "-m", "web", "--index-dir", str(index_dir)],
        cwd=ROOT,
        env=clean_env(**{name: value}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (2, "", message(name, allowed))


@pytest.mark.slow
@pytest.mark.parametrize(("name", "value", "allowed"), BAD, ids=IDS)
def test_gunicorn_refuses_a_bad_setting_before_it_binds(name, value, allowed, index_dir):
    done = subprocess.run(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "web:create_app()"],
        cwd=ROOT,
        env=clean_env(TELUSUR_INDEX_DIR=str(index_dir), PORT=str(free_port())) | {name: value},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (2, "", message(name, allowed))


@pytest.mark.parametrize(
    ("config", "text"),
    [
        ({"PER_PAGE": 0}, "TELUSUR_PER_PAGE must be a whole number from 1 to 1000, not 0"),
        ({"MAX_QUERY_CHARS": -1}, "TELUSUR_MAX_QUERY_CHARS must be a whole number from 1"),
        ({"WORKERS": 0}, "TELUSUR_WORKERS must be a whole number from 1 to 256, not 0"),
        ({"PER_PAGE": "10"}, "TELUSUR_PER_PAGE must be a whole number from 1 to 1000, not '10'"),
        (
            {"MAX_PER_PAGE": 500, "MAX_RESULT_WINDOW": 100},
            "TELUSUR_MAX_PER_PAGE (500) must not exceed TELUSUR_MAX_RESULT_WINDOW (100)",
        ),
    ],
)
def test_create_app_refuses_a_bad_setting(index_dir, config, text):
    with pytest.raises(SettingError) as raised:
        create_app({"INDEX_DIR": str(index_dir), **config})
    assert str(raised.value).startswith(text)
    assert "\n" not in str(raised.value)


def test_create_app_refuses_a_bad_environment(index_dir, monkeypatch):
    monkeypatch.setenv("TELUSUR_PER_PAGE", "0")
    with pytest.raises(SettingError, match="^TELUSUR_PER_PAGE must be a whole number"):
        create_app({"INDEX_DIR": str(index_dir)})


def test_gunicorn_reads_the_serving_settings_from_the_table(monkeypatch):
    monkeypatch.setenv("TELUSUR_WORKERS", "3")
    monkeypatch.setenv("TELUSUR_THREADS", "5")
    monkeypatch.setenv("TELUSUR_ACCESS_LOG", "/dev/null")
    monkeypatch.setenv("HOST", "::1")
    monkeypatch.setenv("PORT", "8123")
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (conf["workers"], conf["threads"], conf["accesslog"], conf["bind"]) == (
        3,
        5,
        "/dev/null",
        "[::1]:8123",
    )
    for name in ("TELUSUR_WORKERS", "TELUSUR_THREADS", "TELUSUR_ACCESS_LOG", "HOST", "PORT"):
        monkeypatch.delenv(name)
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (conf["workers"], conf["threads"], conf["bind"]) == (
        len(os.sched_getaffinity(0)),
        2,
        "127.0.0.1:8000",
    )


def test_the_readme_lists_every_setting_as_the_table_does():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count(README_BEGIN) == readme.count(README_END) == 1
    shown = readme.split(README_BEGIN, 1)[1].split(README_END, 1)[0]
    assert shown == markdown_table(), "run `make readme`: README.md's settings are out of date"
    assert with_table(readme) == readme
    assert [s.env for s in SETTINGS][-6:] == [
        "TELUSUR_WORKERS",
        "TELUSUR_THREADS",
        "TELUSUR_ACCESS_LOG",
        "HOST",
        "PORT",
        "TELUSUR_INDEX_PROCS",
    ]


def test_the_readme_table_is_made_from_the_settings_between_its_marks():
    old = f"intro\n{README_BEGIN}| stale |\n{README_END}\nrest\n"
    assert with_table(old) == f"intro\n{README_BEGIN}{markdown_table()}{README_END}\nrest\n"
    assert "| `TELUSUR_INDEX_PROCS` | `0` | a whole number from 0 to 256 |" in markdown_table()
