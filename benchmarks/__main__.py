"""``python -m benchmarks [NAME ...] [OPTIONS]``: run the named benchmarks, or all of them."""

from __future__ import annotations

import importlib
import sys

from benchmarks import MODULES


def main(argv: list[str]) -> int:
    names: list[str] = []
    while argv and not argv[0].startswith("-"):
        name = argv.pop(0)
        if name not in MODULES:
            known = ", ".join(sorted(MODULES))
            print(f"unknown benchmark {name!r}; known: {known}", file=sys.stderr)
            return 2
        names.append(name)
    status = 0
    for name in names or list(MODULES):
        module = importlib.import_module(MODULES[name])
        status = max(status, int(module.main(list(argv))))
    return status


# Guarded: multiprocessing's spawn start method re-imports this module in its children.
if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
