"""The Technician Mentorship Resource Guide as validated data.

The pipeline, one module per stage: ``sources`` (YAML with line numbers) → ``models``
(typed schema) → ``content`` (load, validate, cross-reference) → ``render`` (pages),
``worksheets`` (forms and PDFs) and ``matching`` (surveys to pairs).
"""

__version__ = "0.1.0"
