"""The standard checklist templates, read from ``data/checklists.toml``.

The reader is plain Python so the data migration can use it with its historical
models, and the service that restores a deleted template can use it with the real ones.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from examsoffice.errors import DataError

DATA_FILE = Path(__file__).with_name("data") / "checklists.toml"
SCOPES = ("series", "sitting")


@dataclass(frozen=True)
class ItemSpec:
    text: str
    offset_days: int
    group: str = ""
    detail: str = ""


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    name: str
    scope: str
    description: str
    items: tuple[ItemSpec, ...]


def read_templates(path: Path = DATA_FILE) -> list[TemplateSpec]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DataError(
            f"The file is not valid TOML ({exc}); undo the last edit to it.",
            file=path.name,
        ) from exc
    return [_template(path, raw) for raw in data.get("checklist", [])]


def _template(path: Path, raw: dict[str, Any]) -> TemplateSpec:
    key = str(raw.get("key", ""))
    record = f"checklist '{key or raw.get('name', '?')}'"
    for name in ("key", "name", "scope"):
        if not raw.get(name):
            raise DataError(
                f"Each checklist needs a {name}; add one.",
                file=path.name,
                record=record,
                field=name,
            )
    if raw["scope"] not in SCOPES:
        raise DataError(
            f"The scope '{raw['scope']}' is not known; write series or sitting.",
            file=path.name,
            record=record,
            field="scope",
        )
    items = tuple(_item(path, record, n, i) for n, i in enumerate(raw.get("item", [])))
    return TemplateSpec(
        key=key,
        name=str(raw["name"]),
        scope=str(raw["scope"]),
        description=str(raw.get("description", "")),
        items=items,
    )


def _item(path: Path, record: str, number: int, raw: dict[str, Any]) -> ItemSpec:
    where = f"{record}, item {number + 1}"
    if not raw.get("text"):
        raise DataError(
            "Each item needs a text; add one.",
            file=path.name,
            record=where,
            field="text",
        )
    offset = raw.get("offset_days", 0)
    if not isinstance(offset, int):
        raise DataError(
            f"offset_days must be a whole number of days, not '{offset}'.",
            file=path.name,
            record=where,
            field="offset_days",
        )
    return ItemSpec(
        text=str(raw["text"]),
        offset_days=offset,
        group=str(raw.get("group", "")),
        detail=str(raw.get("detail", "")),
    )


def install(template_model: Any, item_model: Any, specs: list[TemplateSpec]) -> int:
    """Create the templates whose key is not in the database yet; return how many.

    Templates already present are left alone, so an officer's edits survive.
    """
    made = 0
    existing = set(template_model.objects.values_list("key", flat=True))
    for position, spec in enumerate(specs):
        if spec.key in existing:
            continue
        template = template_model.objects.create(
            key=spec.key,
            name=spec.name,
            scope=spec.scope,
            description=spec.description,
            position=position,
        )
        item_model.objects.bulk_create(
            item_model(
                template=template,
                group=item.group,
                text=item.text,
                detail=item.detail,
                offset_days=item.offset_days,
                position=n,
            )
            for n, item in enumerate(spec.items)
        )
        made += 1
    return made
