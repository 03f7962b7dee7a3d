"""pytest-bdd wiring: every step module in features/steps/ is loaded for every feature."""
import importlib
import pkgutil
from pathlib import Path

for _module in sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent / "steps")])):
    globals().update({k: v for k, v in vars(importlib.import_module(f"steps.{_module}")).items()
                      if not k.startswith("__")})
