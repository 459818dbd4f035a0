"""Worksheets: one YAML definition each, rendered as an interactive page and a fillable PDF."""
