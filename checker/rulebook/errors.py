"""Errors of the rulebook files and the reading of those files (a leaf module).

Every module that reads part of rules/ (parameters, carriers, citations, the local parameter
file, the rule families) reports a malformed entry the same way: the file, the entry and the
problem, in Chinese, so that a policy officer can find and fix it.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError


class RulebookError(ValueError):
    """A malformed rulebook: names the file, the entry and the problem."""

    def __init__(self, path: Path | str, entry: str | None, problem: str,
                 line: int | None = None):
        self.path, self.entry, self.problem, self.line = str(path), entry, problem, line
        where = f"{Path(path).name}" + (f" 第{line}行" if line else "") + \
            (f"，条目“{entry}”" if entry else "")
        super().__init__(f"规则库错误（{where}）：{problem}")


def validate_entry(model: type[BaseModel], data: Any, path: Path, entry: str | None,
                   line: int | None = None):
    """Validate one YAML entry with `model`, turning errors into a RulebookError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(整体)'}: {err['msg']}"
            for err in exc.errors())
        raise RulebookError(path, entry, problems, line=line) from None


def _yaml():
    """PyYAML, imported when a YAML file is first read (a process whose rulebook comes from
    the cache, `checker review`, never imports it)."""
    import yaml

    return yaml


def _loader():
    """libyaml's parser with the safe constructor when PyYAML was built with it (the same
    documents and values as yaml.SafeLoader, several times faster); else the Python one."""
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The YAML document in `path`; a syntax error names the file and its line."""
    yaml = _yaml()
    try:
        return yaml.load(_text(path), Loader=_loader())  # noqa: S506 — a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RulebookError(path, None, f"YAML 语法错误：{exc}",
                            line=mark.line + 1 if mark is not None else None) from None
    except ValueError as exc:  # a scalar YAML cannot build, e.g. the date 2026-13-01
        raise RulebookError(path, None, f"无法识别的值：{exc}", line=_bad_scalar_line(path)) from None


def _bad_scalar_line(path: Path) -> int | None:
    """The line of the first scalar (e.g. a date) that YAML recognises but cannot build."""
    yaml = _yaml()
    loader = yaml.SafeLoader(_text(path))
    try:
        stack = [loader.get_single_node()]
        while stack:
            node = stack.pop(0)
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node, deep=True)
                except ValueError:
                    return node.start_mark.line + 1
            elif isinstance(node, yaml.MappingNode):
                stack[0:0] = [n for pair in node.value for n in pair]
            elif isinstance(node, yaml.SequenceNode):
                stack[0:0] = list(node.value)
    finally:
        loader.dispose()
    return None


def key_lines(path: Path, section: str) -> dict[str, int]:
    """The line (1-based) of each key of the mapping `section` in the YAML file `path`."""
    yaml = _yaml()
    try:
        root = yaml.compose(_text(path))
    except yaml.YAMLError:
        return {}
    for key, value in getattr(root, "value", None) or []:
        if isinstance(root, yaml.MappingNode) and key.value == section and \
                isinstance(value, yaml.MappingNode):
            return {k.value: k.start_mark.line + 1 for k, _ in value.value}
    return {}


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RulebookError(path, None, "文件须为 UTF-8 编码") from None
    except OSError as exc:
        raise RulebookError(path, None, f"无法读取文件：{exc.strerror or exc}") from None


def unfold(text: str | None) -> str | None:
    """Drop the spaces YAML folding leaves between Chinese characters and punctuation."""
    if text is None:
        return None
    return re.sub(r"(?<=[^\x00-\x7f}]) +| +(?=[^\x00-\x7f{])", "", text.strip())
