"""The Technician Mentorship Resource Guide as validated data.

The pipeline, one stage folder each, lowest first: ``files`` → ``content`` (YAML with line
numbers, typed models, validation) → ``edition`` → ``worksheets`` → ``project`` → ``pdf`` →
``matching`` → ``program`` → ``site`` (the MkDocs integration) → ``cli``.
"""

#: The package's version, said only here (pyproject.toml reads it; see CHANGELOG.md).
__version__ = "0.2.0.dev0"
