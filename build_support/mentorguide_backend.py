"""The PEP 517 build backend: setuptools, after bundling the npm files into the package.

``pyproject.toml`` names it (``build-backend``, ``backend-path = ["build_support"]``), so
every way of building runs it: ``pip wheel``, ``python -m build``, ``pip install .`` and
``pip install -e .``. A wheel or sdist that would lack its browser libraries or fonts is not
built: the build stops with ``mentorguide_bundle``'s message. An editable install only warns
(``make`` bundles after ``npm ci``, and the site names the command if the files are missing).
"""

from __future__ import annotations

import sys
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import (
    get_requires_for_build_editable,
    get_requires_for_build_sdist,
    get_requires_for_build_wheel,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)

from mentorguide_bundle import BundleError, ensure

__all__ = [
    "build_editable",
    "build_sdist",
    "build_wheel",
    "get_requires_for_build_editable",
    "get_requires_for_build_sdist",
    "get_requires_for_build_wheel",
    "prepare_metadata_for_build_editable",
    "prepare_metadata_for_build_wheel",
]


def _bundle() -> None:
    try:
        ensure()
    except BundleError as error:
        # Printed as well as raised: pip shows a backend's output, not always its exception.
        print(error, file=sys.stderr)
        raise


def build_wheel(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    _bundle()
    return str(_setuptools.build_wheel(wheel_directory, config_settings, metadata_directory))


def build_sdist(sdist_directory: str, config_settings: dict[str, Any] | None = None) -> str:
    _bundle()
    return str(_setuptools.build_sdist(sdist_directory, config_settings))


def build_editable(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    try:
        ensure()
    except BundleError as error:
        print(f"warning: {error}", file=sys.stderr)
    return str(_setuptools.build_editable(wheel_directory, config_settings, metadata_directory))
