"""Alembic's entry point: run the migrations on the connection the program file passes in.

The connection is already in the command's transaction (with the write lock held), so the
whole upgrade is one transaction: it completes or leaves the file as it was.
"""

from alembic import context

from mentorguide.program.tables import VERSION_TABLE

context.configure(connection=context.config.attributes["connection"], version_table=VERSION_TABLE)
context.run_migrations()
