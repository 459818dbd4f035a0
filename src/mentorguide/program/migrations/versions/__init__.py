"""Schema revisions of the program file, oldest first (see the package's docstring)."""
