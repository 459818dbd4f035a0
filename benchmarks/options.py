"""What the matching benchmarks share: choosing problem sizes and writing results."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

QUICK_SIZES = ("small", "medium")


def add_size_options(
    parser: argparse.ArgumentParser, sizes: Mapping[str, object], *, timeout_help: str
) -> None:
    parser.add_argument(
        "--sizes",
        default=",".join(sizes),
        help=f"comma-separated, from {', '.join(sizes)} (default: all)",
    )
    parser.add_argument("--quick", action="store_true", help=" and ".join(QUICK_SIZES) + " only")
    parser.add_argument("--seed", type=int, default=0, help="survey generator seed (default 0)")
    parser.add_argument("--timeout", type=float, default=600.0, help=timeout_help)


def chosen_sizes(
    parser: argparse.ArgumentParser, args: argparse.Namespace, sizes: Mapping[str, object]
) -> list[str]:
    """The sizes asked for (``--quick``: the small ones); an unknown one stops with usage."""
    chosen = list(QUICK_SIZES) if args.quick else [s for s in args.sizes.split(",") if s]
    unknown = [s for s in chosen if s not in sizes]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(sizes)}")
    return chosen


def write_results(path: Path, report: dict[str, Any], table: str) -> None:
    """Print the Markdown table and keep it, with the report, as JSON."""
    print(table)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**report, "markdown": table}, indent=2) + "\n")
