#!/usr/bin/env python3
"""Print a fresh, unused PostgreSQL database URL for a test run, or exit 1 when no server answers.

`make test` runs the suite a second time on it; pytest-django creates and drops `test_<name>` itself.
The server is TEST_POSTGRES_URL (default: postgres://postgres@127.0.0.1:5432/postgres).
"""

import os
import sys
import uuid

import psycopg

server = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
try:
    with psycopg.connect(server, connect_timeout=3) as connection:
        connection.execute("SELECT 1")
except psycopg.Error as error:
    print(f"PostgreSQL at {server} does not answer: {error}".strip(), file=sys.stderr)
    sys.exit(1)
base = server.rsplit("/", 1)[0]
print(f"{base}/deferral_{uuid.uuid4().hex[:12]}")
