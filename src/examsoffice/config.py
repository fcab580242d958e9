"""Typed readers of environment variables that fail loudly.

Pure Python: the Django settings module calls these, and so can the command line
before Django is set up.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from platformdirs import user_data_dir

from examsoffice.errors import ConfigurationError

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigurationError(
        f"{name}={raw!r} is not a yes/no value. Use 1 or 0 (or true/false)."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(
            f"{name}={raw!r} is not a whole number. Set it to digits only, e.g. 8000."
        ) from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """The folder holding the SQLite database, uploads and generated documents."""
    raw = os.environ.get("EXAMSOFFICE_DATA_DIR")
    path = Path(raw).expanduser() if raw else Path(user_data_dir("examsoffice"))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            f"Cannot create the data folder {path} ({exc.strerror}). "
            "Set EXAMSOFFICE_DATA_DIR to a folder you can write to."
        ) from exc
    return path


def secret_key(folder: Path) -> str:
    """EXAMSOFFICE_SECRET_KEY, or a random key made once and kept in the data folder."""
    from_env = os.environ.get("EXAMSOFFICE_SECRET_KEY")
    if from_env is not None:
        if len(from_env) < 32:
            raise ConfigurationError(
                "EXAMSOFFICE_SECRET_KEY is shorter than 32 characters. "
                "Use a long random value, or unset it to have one generated."
            )
        return from_env

    key_file = folder / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip()

    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="ascii")
    key_file.chmod(0o600)
    return key
