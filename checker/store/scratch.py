"""Throwaway PostgreSQL schemas, for tests and benchmarks against a real server."""
from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

from sqlalchemy import create_engine, text


def url_with_schema(base_url: str, schema: str) -> str:
    """`base_url` with its search_path set to `schema` (a libpq connection option)."""
    separator = "&" if "?" in base_url else "?"
    return f"{base_url}{separator}options=-csearch_path%3D{schema}"


@contextlib.contextmanager
def scratch_schema(base_url: str, prefix: str = "t") -> Iterator[str]:
    """Create an empty schema on `base_url`, yield a URL that uses it, drop it afterwards."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url_with_schema(base_url, schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
