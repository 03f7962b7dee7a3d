"""Performance benchmarks: every module here with a `run() -> list[str]` is run by
``python -m benchmarks`` (``make bench``)."""
