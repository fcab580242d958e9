from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from examsoffice.cli import main
from examsoffice.learners.models import Pupil


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code: object = 0
    except SystemExit as exit_info:
        code = exit_info.code
    out, err = capsys.readouterr()
    return (code if isinstance(code, int) else 0), out, err


def test_help_lists_the_commands(capsys):
    code, out, _ = run(capsys, "--help")

    assert code == 0
    for command in ("serve", "createuser", "demo", "backup", "restore"):
        assert command in out


def test_a_wrong_option_gets_one_line_and_status_2(capsys):
    code, out, err = run(capsys, "serve", "--colour", "blue")

    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("examsoffice: error: No such option: --colour")


@pytest.mark.django_db
def test_an_unknown_role_is_refused_with_the_roles_listed(capsys):
    code, _, err = run(capsys, "createuser", "kim", "--role", "headteacher")

    assert code == 2
    assert "exams-officer" in err


@pytest.mark.django_db(transaction=True)
def test_createuser_reads_the_password_from_a_file(capsys, tmp_path):
    secret = tmp_path / "pw.txt"
    secret.write_text("correct-horse-battery-9\n")

    code, out, _ = run(
        capsys,
        "createuser",
        "kim",
        "--role",
        "data-manager",
        "--password-file",
        str(secret),
    )

    assert code == 0, out
    user = User.objects.get(username="kim")
    assert user.check_password("correct-horse-battery-9")
    assert list(user.groups.values_list("name", flat=True)) == ["Data manager"]


@pytest.mark.django_db(transaction=True)
def test_createuser_refuses_a_weak_password(capsys, tmp_path):
    secret = tmp_path / "pw.txt"
    secret.write_text("password")

    code, _, err = run(capsys, "createuser", "kim", "--password-file", str(secret))

    assert code == 1
    assert "too common" in err
    assert not User.objects.filter(username="kim").exists()


@pytest.mark.django_db(transaction=True)
def test_demo_prints_logins_that_work(capsys):
    code, out, _ = run(capsys, "demo", "--pupils", "120")

    assert code == 0
    line = next(x for x in out.splitlines() if "username officer" in x)
    password = line.split("password")[1].strip()
    assert User.objects.get(username="officer").check_password(password)
    assert Pupil.objects.count() == 120


@pytest.mark.django_db(transaction=True)
def test_demo_again_shows_the_accounts_without_saying_it_loaded(capsys):
    run(capsys, "demo", "--pupils", "20")

    code, out, _ = run(capsys, "demo", "--pupils", "20", "--if-empty")

    assert code == 0
    assert "Demo centre loaded" not in out
    assert "already holds data: nothing loaded" in out
    assert "username officer" in out
    assert Pupil.objects.count() == 20


@pytest.mark.django_db(transaction=True)
def test_demo_refuses_a_database_that_holds_data_unless_asked_if_empty(capsys):
    User.objects.create_user("someone")

    refused, _, err = run(capsys, "demo", "--pupils", "10")
    tolerated, out, _ = run(capsys, "demo", "--pupils", "10", "--if-empty")

    assert refused == 1
    assert "already holds" in err
    assert tolerated == 0
    assert "nothing loaded" in out
    assert "Demo centre loaded" not in out
    assert Pupil.objects.count() == 0


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="backup copies the embedded SQLite file",
)
@pytest.mark.django_db(transaction=True)
def test_backup_writes_a_readable_copy_of_the_database(capsys, tmp_path):
    Pupil.objects.create(surname="Keep", forename="Me")
    target = tmp_path / "copy.sqlite3"

    code, _, _ = run(capsys, "backup", str(target))

    assert code == 0
    with sqlite3.connect(target) as copy:
        rows = copy.execute("SELECT surname FROM learners_pupil").fetchall()
    assert rows == [("Keep",)]


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(capsys, tmp_path: Path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database")

    code, _, err = run(capsys, "restore", str(junk), "--yes")

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        assert "not an examsoffice backup" in err
    else:
        assert "pg_dump" in err
    assert code == 1


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="restore replaces the embedded SQLite file",
)
@pytest.mark.django_db
def test_restore_refuses_while_a_server_runs_on_the_data(capsys, tmp_path):
    import subprocess
    import sys

    from examsoffice.backup import server_file

    backup = tmp_path / "b.sqlite3"
    with sqlite3.connect(backup) as db:
        db.execute("CREATE TABLE django_migrations (id integer)")
    # Another process stands in for a running server.
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    server_file().write_text(str(other.pid))
    try:
        code, _, err = run(capsys, "restore", str(backup))
    finally:
        other.kill()
        other.wait()
        server_file().unlink()

    assert code == 1
    assert f"process {other.pid}" in err
    assert "Stop it" in err


def test_a_command_on_a_new_data_folder_makes_the_database_first(
    tmp_path, fixtures_dir
):
    import os
    import subprocess
    import sys

    env = dict(os.environ, EXAMSOFFICE_DATA_DIR=str(tmp_path / "new"))
    env.pop("DATABASE_URL", None)
    ctf = fixtures_dir / "ctf" / "8912203_CTF_8914107_001.XML"

    done = subprocess.run(
        [sys.executable, "-m", "examsoffice", "ctf", "import", str(ctf), "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "no such table" not in done.stderr
    assert "40 pupils will be added" in done.stdout
