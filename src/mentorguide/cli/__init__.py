"""The ``mentorguide`` command (entry point ``mentorguide.cli:main``)."""

from .main import main

__all__ = ["main"]
