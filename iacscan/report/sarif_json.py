"""Turn sarif-om objects into plain JSON data.

sarif-om classes are attrs classes whose fields carry the SARIF property name in
`metadata["schema_property_name"]`. Fields that are None or equal to their default are left out
(SARIF readers apply the same defaults), except `level`: GitHub and other readers treat a
missing level inconsistently, so it is always written. `properties` stay plain dicts so keys
such as `security-severity` keep their spelling.
"""

from __future__ import annotations

from typing import Any

_ALWAYS_WRITTEN = frozenset({"level"})


def to_json(value: Any) -> Any:
    import attr

    if attr.has(type(value)):
        document: dict[str, Any] = {}
        for field in attr.fields(type(value)):
            item = getattr(value, field.name)
            if item is None:
                continue
            if field.name not in _ALWAYS_WRITTEN and _is_default(field, item):
                continue
            document[field.metadata["schema_property_name"]] = to_json(item)
        return document
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    return value


def _is_default(field: Any, value: Any) -> bool:
    import attr

    default = field.default
    if default is attr.NOTHING:
        return False
    if isinstance(default, attr.Factory):  # type: ignore[arg-type]
        default = default.factory()
    # The type test keeps `True` from matching a default of `1` and the like.
    return type(value) is type(default) and bool(value == default)
