"""Alembic migrations of the store (configured programmatically, no alembic.ini)."""
