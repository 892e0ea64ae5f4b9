"""Fixtures for the hub tests: an office on disk, a running hub process, paired PCs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import HubOffice, HubProcess, make_office


@pytest.fixture
def hub_office(tmp_path: Path) -> HubOffice:
    return make_office(tmp_path / "hub")


@pytest.fixture
def hub(hub_office: HubOffice) -> Iterator[HubProcess]:
    process = HubProcess(hub_office.data_dir).start()
    yield process
    process.stop()
