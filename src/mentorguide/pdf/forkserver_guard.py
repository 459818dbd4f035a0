"""Imported by the PDF fork server only (it is in its preload list, see ``renders.py``):
the fork server then ends with the process that started it, and takes its workers along.

Never import this elsewhere: the importing process would end with its own parent.
"""

from .orphans import die_with_parent

die_with_parent()
