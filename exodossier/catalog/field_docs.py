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


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's type refers to (through lists, mappings, unions and Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _nested_models(arg)]


def reachable_models(roots: typing.Iterable[type[BaseModel]]) -> list[type[BaseModel]]:
    """Every model used by the roots' fields, at any depth, in the order a reader meets them."""
    seen: list[type[BaseModel]] = []
    queue = list(roots)
    while queue:
        model = queue.pop(0)
        if model in seen:
            continue
        seen.append(model)
        for info in model.model_fields.values():
            queue += [nested for nested in _nested_models(info.annotation) if nested not in seen]
    return seen


def model_reference(roots: typing.Mapping[str, type[BaseModel]], heading: str = "##") -> str:
    """One section per file kind (`taxonomy.yaml`, a requirement file, ...) and per model it uses.

    Each model gets its docstring and its field table once, the first time a file kind uses it;
    so a new model or field appears in the documentation without anyone listing it.
    """
    parts: list[str] = []
    documented: set[type[BaseModel]] = set()
    for kind, root in roots.items():
        parts.append(f"{heading} {kind}\n")
        for model in reachable_models([root]):
            if model in documented:
                continue
            documented.add(model)
            parts.append(f"{heading}# {model.__name__}\n")
            docstring = " ".join((model.__doc__ or "").split("\n\n")[0].split())
            if docstring:
                parts.append(docstring + "\n")
            parts.append(field_table(model) + "\n")
    return "\n".join(parts)
