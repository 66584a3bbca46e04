"""Reading `.iacscan.yaml` into a `ProjectConfig`, every key with its line.

Kept apart from `iacscan.config` so that a scan without a config file never imports PyYAML.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from iacscan.check import Severity
from iacscan.config import ConfigError, PathOverride, ProjectConfig, SuppressionSettings
from iacscan.graph.model import Framework


def parse_config_text(text: str, path: Path, *, trusted: bool) -> ProjectConfig:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise ConfigError(str(path), line, f"invalid YAML: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(str(path), 0, f"invalid YAML: {exc}") from exc
    if node is None:
        return ProjectConfig(source=path, trusted=trusted)
    reader = _Reader(str(path), path.parent)
    return reader.config(node, trusted)


_TOP_KEYS = (
    "fail_on",
    "checks",
    "skip_checks",
    "exclude",
    "frameworks",
    "allowed_regions",
    "checks_dir",
    "policy_dir",
    "baseline",
    "suppressions",
    "mandatory_checks",
    "overrides",
)
_SUPPRESSION_KEYS = ("enabled", "require_reason", "require_expiry")
_OVERRIDE_KEYS = ("paths", "skip_checks", "fail_on")
_STRING_LISTS = ("checks", "skip_checks", "exclude", "allowed_regions", "mandatory_checks")


class _Reader:
    """Turns composed YAML nodes into a `ProjectConfig`, recording each key's line."""

    def __init__(self, file: str, base: Path) -> None:
        self.file = file
        self.base = base
        self.positions: dict[str, int] = {}

    def error(self, node: yaml.Node, message: str, hint: str = "") -> ConfigError:
        return ConfigError(self.file, node.start_mark.line + 1, message, hint)

    def config(self, node: yaml.Node, trusted: bool) -> ProjectConfig:
        values = self.mapping(node, _TOP_KEYS, "")
        result: dict[str, Any] = {}
        for key in _STRING_LISTS:
            if key in values:
                result[key] = self.strings(values[key], key)
        if "fail_on" in values:
            result["fail_on"] = self.severity(values["fail_on"])
        if "frameworks" in values:
            result["frameworks"] = self.frameworks(values["frameworks"])
        dirs = [self.path(n) for k in ("checks_dir", "policy_dir") if k in values
                for n in self.items(values[k], k)]  # fmt: skip
        if "policy_dir" in values and "checks_dir" not in values:
            self.positions["checks_dir"] = self.positions["policy_dir"]
        if dirs:
            result["checks_dirs"] = tuple(dirs)
        if "baseline" in values:
            result["baseline"] = self.path(values["baseline"])
        if "suppressions" in values:
            result["suppressions"] = self.suppressions(values["suppressions"])
        if "overrides" in values:
            result["overrides"] = tuple(
                self.override(item, f"overrides[{i}]")
                for i, item in enumerate(self.items(values["overrides"], "overrides"))
            )
        path = Path(self.file)
        return ProjectConfig(source=path, trusted=trusted, positions=self.positions, **result)

    def mapping(self, node: yaml.Node, allowed: Iterable[str], prefix: str) -> dict[str, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"expected a mapping of settings at {prefix or 'top level'}")
        allowed = tuple(allowed)
        values: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = (
                    f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(allowed)
                )
                raise self.error(key_node, f"unknown setting '{prefix}{key}'", hint)
            if key in values:
                raise self.error(key_node, f"setting '{prefix}{key}' is given twice")
            values[key] = value_node
            self.positions[prefix + key] = key_node.start_mark.line + 1
        return values

    def items(self, node: yaml.Node, key: str) -> list[yaml.Node]:
        """A list's items; a single scalar counts as a list of one."""
        if isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.positions[f"{key}[{index}]"] = item.start_mark.line + 1
            return list(node.value)
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
            self.positions[f"{key}[0]"] = node.start_mark.line + 1
            return [node]
        raise self.error(node, f"{key}: expected a list", f"write {key}: [a, b]")

    def string(self, node: yaml.Node, key: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
            raise self.error(node, f"{key}: expected a non-empty string")
        return str(node.value).strip()

    def strings(self, node: yaml.Node, key: str) -> tuple[str, ...]:
        return tuple(self.string(item, key) for item in self.items(node, key))

    def boolean(self, node: yaml.Node, key: str) -> bool:
        value = yaml.safe_load(node.value) if isinstance(node, yaml.ScalarNode) else None
        if node.tag != "tag:yaml.org,2002:bool" or not isinstance(value, bool):
            raise self.error(node, f"{key}: expected true or false")
        return value

    def severity(self, node: yaml.Node, key: str = "fail_on") -> Severity:
        text = self.string(node, key)
        try:
            return Severity.parse(text)
        except ValueError:
            names = ", ".join(s.value for s in Severity)
            message = f"{key}: unknown severity {text!r}"
            raise self.error(node, message, f"use one of {names}") from None

    def frameworks(self, node: yaml.Node) -> tuple[Framework, ...]:
        names = [f.value for f in Framework]
        result = []
        for item in self.items(node, "frameworks"):
            text = self.string(item, "frameworks").lower()
            if text not in names:
                raise self.error(
                    item, f"frameworks: unknown framework {text!r}", "use " + ", ".join(names)
                )
            result.append(Framework(text))
        return tuple(result)

    def path(self, node: yaml.Node) -> Path:
        return self.base / self.string(node, "path")

    def suppressions(self, node: yaml.Node) -> SuppressionSettings:
        values = self.mapping(node, _SUPPRESSION_KEYS, "suppressions.")
        flags = {key: self.boolean(values[key], f"suppressions.{key}") for key in values}
        return SuppressionSettings(**flags)

    def override(self, node: yaml.Node, prefix: str) -> PathOverride:
        values = self.mapping(node, _OVERRIDE_KEYS, f"{prefix}.")
        if "paths" not in values:
            raise self.error(node, f"{prefix}: an override needs `paths`", "paths: ['legacy/**']")
        return PathOverride(
            paths=self.strings(values["paths"], f"{prefix}.paths"),
            skip_checks=self.strings(values["skip_checks"], f"{prefix}.skip_checks")
            if "skip_checks" in values
            else (),
            fail_on=self.severity(values["fail_on"], f"{prefix}.fail_on")
            if "fail_on" in values
            else None,
        )
