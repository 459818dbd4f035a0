"""The security suite uses the matching tests' fixtures (the CLI in-process, the survey specs)."""

from tests.matching.conftest import cli, content, specs

__all__ = ["cli", "content", "specs"]
