"""Real concurrency needs real database connections that can wait for each other's locks.

On PostgreSQL every thread gets its own connection to the test database. SQLite's in-memory test
database is shared between threads through SQLite's shared cache, whose table locks fail at once
("database table is locked") instead of waiting as a file database does in production (WAL, busy
timeout 20 s, IMMEDIATE transactions). So on SQLite the `concurrent_db` fixture copies the migrated test
database into a file for the test and points new connections at it, with the production options.
"""

import sqlite3

import pytest
from django.db import connection


@pytest.fixture
def concurrent_db(transactional_db, tmp_path):
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    connection.ensure_connection()
    memory = connection.connection
    target = sqlite3.connect(tmp_path / "concurrency.sqlite3")
    memory.backup(target)
    target.close()
    name = connection.settings_dict["NAME"]
    # Detach (not close) the in-memory connection: closing the last one would drop the test database.
    connection.connection = None
    connection.settings_dict["NAME"] = str(tmp_path / "concurrency.sqlite3")
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory
