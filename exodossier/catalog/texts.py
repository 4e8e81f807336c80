"""Every localizable text of a catalog item, with the path that locates it in its file.

Translation checks, `exodossier i18n status` and the recording of reviewed translations all
need the same walk over a model: which texts it holds and where each stands. The path is the
one `Located.position` understands, and `field_label` spells it the way diagnostics name fields.
"""

from __future__ import annotations

import typing
from typing import Any, Iterator

from pydantic import BaseModel

from exodossier.catalog.models import LocalizedText
from exodossier.catalog.yaml_reader import Path_


_PLANS: dict[type[BaseModel], tuple[str, ...]] = {}


def _may_hold_text(annotation: Any, seen: frozenset[type] = frozenset()) -> bool:
    """Whether a field of this type can hold a `LocalizedText`, directly or inside lists and models."""
    if annotation is LocalizedText:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return False
        return any(_may_hold_text(info.annotation, seen | {annotation}) for info in annotation.model_fields.values())
    return any(_may_hold_text(arg, seen) for arg in typing.get_args(annotation))


def _plan(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` worth walking (computed once per model class): a hot path at 10,000 items."""
    plan = _PLANS.get(model)
    if plan is None:
        plan = _PLANS[model] = tuple(name for name, info in model.model_fields.items()
                                     if _may_hold_text(info.annotation))
    return plan


def iter_texts(item: BaseModel, prefix: Path_ = ()) -> Iterator[tuple[Path_, LocalizedText]]:
    """Each `LocalizedText` inside `item`, depth first in field order, with its path."""
    for name in _plan(type(item)):
        yield from _walk(getattr(item, name), prefix + (name,))


def _walk(value: object, path: Path_) -> Iterator[tuple[Path_, LocalizedText]]:
    if value is None or type(value) is str:  # most optional fields are unset: no isinstance chain for them
        return
    if isinstance(value, LocalizedText):
        yield path, value
    elif isinstance(value, BaseModel):
        yield from iter_texts(value, path)
    elif isinstance(value, (list, tuple)):
        for index, entry in enumerate(value):
            yield from _walk(entry, path + (index,))
    elif isinstance(value, dict):
        for key, entry in value.items():
            yield from _walk(entry, path + (str(key),))


def field_label(path: Path_) -> str:
    """`stage_expectations[1].note`, as the loader's diagnostics name fields."""
    parts: list[str] = []
    for part in path:
        parts.append(f"[{part}]" if isinstance(part, int) else ("." if parts else "") + part)
    return "".join(parts)


def field_name(path: Path_) -> str:
    """The field a text belongs to, without list positions: `stage_expectations.note`, `evidence`."""
    return ".".join(part for part in path if isinstance(part, str))
