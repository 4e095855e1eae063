"""Shared fixtures: a headless Qt platform and fresh stores."""

import os
import subprocess

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from annotator.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"


@pytest.fixture
def store():
    """An in-memory store with the default label scheme."""
    s = Store()
    yield s
    s.close()


@pytest.fixture
def db_path(tmp_path):
    """A path for a database file that does not exist yet."""
    return tmp_path / "annotations.db"


@pytest.fixture
def file_store(db_path):
    """A store on a real file, so WAL, durability and reopening can be tested."""
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Never touch the real user's database or settings from a test."""
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "default" / "annotations.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


def _as_root(*command: str) -> subprocess.CompletedProcess:
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    return subprocess.run([*prefix, *command], capture_output=True, text=True)


@pytest.fixture
def small_disk(tmp_path):
    """A real 4 MB filesystem (tmpfs) that a test can fill, unmounted afterwards.

    Mounting needs root (or password-less sudo); CI runs as root. Without it the
    test is skipped with that reason rather than faking a full disk.
    """
    where = tmp_path / "small-disk"
    where.mkdir()
    mounted = _as_root("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where))
    if mounted.returncode != 0:
        pytest.skip(f"mounting a 4 MB tmpfs needs root: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        _as_root("umount", "-l", str(where))
