"""The fixture society (tests/fixtures/society): its builds are session fixtures in
tests/conftest.py, shared with the engine comparison (tests/release)."""

from __future__ import annotations

from tests.conftest import SOCIETY_FIXTURE as FIXTURE
from tests.conftest import build_society_fixture as build_fixture

__all__ = ["FIXTURE", "build_fixture"]
