"""Fixtures shared by the unit and the app tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_docs" / "us-ecuador-joint-operations.txt"


@pytest.fixture
def sample_path() -> Path:
    """The sample article (16 sections)."""
    return SAMPLE


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A store folder of the test's own; not created, the Store makes it on first write."""
    return tmp_path / "data"


@pytest.fixture(autouse=True)
def _private_user_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test may read or write the real user store: a Store() built without a folder
    (the CLI's default) lands in a throwaway folder instead."""
    folder = tmp_path_factory.mktemp("user-store")
    monkeypatch.setenv("TUI_READER_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads the real user's config.toml (its tags and keys would change what the
    tests see): the config folder is an empty one of the test's own."""
    folder = tmp_path_factory.mktemp("user-config")
    monkeypatch.setenv("TUI_READER_CONFIG_DIR", str(folder))
    return folder
