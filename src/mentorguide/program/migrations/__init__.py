"""The program file's schema migrations (Alembic), run by :mod:`mentorguide.program.schema`.

Revisions live in ``versions/`` and are written by hand, numbered ``0001``, ``0002``, … so a
backup's name (``program.sqlite.bak-0001``) tells which schema it has. Rules for a new one:

* never edit a released revision: add the next one, with ``down_revision`` the last;
* change :mod:`mentorguide.program.tables` to match (a test compares the two on SQLite and
  PostgreSQL);
* name every constraint and index (SQLite can only change a table by copying it, and a
  copy needs the names); keep new columns nullable or give them a server default.

There are no downgrades: a file is upgraded after a backup copy is written next to it, and
that copy is the way back.
"""
