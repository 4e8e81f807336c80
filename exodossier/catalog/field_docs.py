"""Field reference generated from the models, for contributors who never read Python.

CONTRIBUTING.md embeds it (regenerated with `cog`), so the documented fields cannot drift
from what the validator accepts.
"""

from __future__ import annotations

import enum
import types
import typing
from typing import Any

from pydantic import BaseModel

from exodossier.catalog.models import LocalizedText


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (list,):
        return f"list of {_type_name(args[0])}"
    if origin in (dict,):
        return f"mapping of {_type_name(args[0])} to {_type_name(args[1])}"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args)
    if annotation is LocalizedText:
        return "text (or `{en, ja}`)"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return " / ".join(f"`{m.value}`" for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__
    return {str: "text", bool: "`true` / `false`", int: "number"}.get(annotation, str(annotation))


def field_table(model: type[BaseModel]) -> str:
    """A Markdown table: field, required?, type, meaning."""
    rows = ["| field | required | type | meaning |", "| --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        meaning = (info.description or "").replace("|", "\\|")
        required = "yes" if info.is_required() else ""
        rows.append(f"| `{info.alias or name}` | {required} | {_type_name(info.annotation)} | {meaning} |")
    return "\n".join(rows)
