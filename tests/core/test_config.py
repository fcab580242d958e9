from __future__ import annotations

import pytest

from examsoffice import config
from examsoffice.errors import ConfigurationError


def test_env_bool_refuses_a_value_that_is_not_yes_or_no(monkeypatch):
    monkeypatch.setenv("EXAMSOFFICE_DEBUG", "perhaps")

    with pytest.raises(ConfigurationError, match="EXAMSOFFICE_DEBUG"):
        config.env_bool("EXAMSOFFICE_DEBUG", False)


def test_env_int_names_the_variable_when_it_is_not_a_number(monkeypatch):
    monkeypatch.setenv("EXAMSOFFICE_PORT", "eighty")

    with pytest.raises(ConfigurationError, match="EXAMSOFFICE_PORT='eighty'"):
        config.env_int("EXAMSOFFICE_PORT", 8000)


def test_the_secret_key_is_made_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("EXAMSOFFICE_SECRET_KEY", raising=False)

    first = config.secret_key(tmp_path)
    second = config.secret_key(tmp_path)

    assert first == second
    assert len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_a_short_secret_key_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("EXAMSOFFICE_SECRET_KEY", "changeme")

    with pytest.raises(ConfigurationError, match="32 characters"):
        config.secret_key(tmp_path)


def test_the_data_folder_is_made_where_asked(monkeypatch, tmp_path):
    target = tmp_path / "deep" / "data"
    monkeypatch.setenv("EXAMSOFFICE_DATA_DIR", str(target))

    assert config.data_dir() == target
    assert target.is_dir()
