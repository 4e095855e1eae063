"""Fixtures for window tests: settings in a temporary file, a store with the samples, a shown window."""

from __future__ import annotations

import pytest
from gui_helpers import add_samples, open_window


@pytest.fixture
def settings(tmp_path):
    from annotator.gui.common.settings import Settings

    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def sample_store(file_store):
    add_samples(file_store)
    return file_store


@pytest.fixture
def window(qtbot, sample_store, settings):
    return open_window(qtbot, sample_store, settings)
