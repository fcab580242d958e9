"""Uploaded files waiting between preview and apply, kept under the data folder."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def folder() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def keep(upload: UploadedFile[Any]) -> str:
    """Store the upload; the token names it for the preview and the apply."""
    token = secrets.token_hex(16)
    with (folder() / f"{token}.xml").open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    (folder() / f"{token}.name").write_text(Path(upload.name or "upload.xml").name)
    return token


def path_for(token: str) -> Path | None:
    if not _TOKEN.match(token):
        return None
    path = folder() / f"{token}.xml"
    return path if path.exists() else None


def original_name(token: str) -> str:
    return (folder() / f"{token}.name").read_text()


def discard(token: str) -> None:
    if _TOKEN.match(token):
        for suffix in (".xml", ".name"):
            (folder() / f"{token}{suffix}").unlink(missing_ok=True)
