"""Step definitions shared by all Chinese scenarios (imported by features/conftest.py)."""
