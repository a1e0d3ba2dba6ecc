"""A missing browser is a skip on a developer's machine and a failure under CI."""

import pytest

from tests.browser.harness import require_chromium

pytestmark = pytest.mark.slow


def test_missing_chromium_fails_under_ci(monkeypatch):
    monkeypatch.setenv("TELUSUR_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="Chromium is missing"):
        require_chromium()


def test_missing_chromium_skips_elsewhere(monkeypatch):
    monkeypatch.setenv("TELUSUR_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium is missing"):
        require_chromium()


def test_the_configured_chromium_is_used(monkeypatch, tmp_path):
    binary = tmp_path / "chromium"
    binary.write_text("")
    monkeypatch.setenv("TELUSUR_CHROMIUM", str(binary))
    assert require_chromium() == str(binary)
