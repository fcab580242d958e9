"""Running the product: serve, accounts, demo data, backup and restore."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

from examsoffice.cli import _django


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(createuser)
    app.command()(demo)
    app.command()(backup)
    app.command()(restore)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="Port to listen on.", min=1, max=65535)
    ] = 8000,
    threads: Annotated[int, typer.Option(help="Worker threads.", min=1)] = 8,
) -> None:
    """Bring the database up to date, then serve the web pages."""
    _django.setup()
    from django.core.management import call_command
    from waitress import serve as waitress_serve

    from examsoffice.wsgi import application

    call_command("migrate", interactive=False, verbosity=0)
    # Batch files and other long work run beside the pages, in this same process.
    from examsoffice.backup import mark_server_running
    from examsoffice.jobs.runner import Worker

    mark_server_running()
    Worker().start()
    typer.echo(f"examsoffice is running at http://{host}:{port}/ (Ctrl+C stops it)")
    # Waitress returns quietly on Ctrl+C; say what became of any running job.
    waitress_serve(application, host=host, port=port, threads=threads)
    typer.echo(
        "examsoffice has stopped. A batch that was running carries on from its last "
        "saved part when it is started again."
    )


def _read_password(password_file: Path | None) -> str:
    if password_file is not None:
        try:
            return password_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise typer.BadParameter(
                f"cannot read {password_file}: {exc.strerror}",
                param_hint="--password-file",
            ) from exc
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        typer.echo("The two passwords differ. Nothing was created.", err=True)
        raise typer.Exit(1)
    return first


def createuser(
    username: Annotated[str, typer.Argument(help="The sign-in name.")],
    role: Annotated[
        str,
        typer.Option(
            help="exams-officer, data-manager, teacher, invigilator, site-staff, "
            "register-operator or administrator."
        ),
    ] = "exams-officer",
    password_file: Annotated[
        Path | None,
        typer.Option(help="Read the password from this file instead of asking."),
    ] = None,
    first_name: Annotated[str, typer.Option()] = "",
    last_name: Annotated[str, typer.Option()] = "",
) -> None:
    """Create an account with a role. The password is asked for, never typed inline."""
    _django.setup()
    from django.contrib.auth.models import User
    from django.core.exceptions import ValidationError
    from django.core.management import call_command

    from examsoffice.accounts.roles import Role
    from examsoffice.accounts.services import create_user

    roles = {r.value.lower().replace(" ", "-"): r for r in Role}
    if role not in roles:
        raise typer.BadParameter(
            f"{role!r} is not a role; use one of: {', '.join(roles)}",
            param_hint="--role",
        )
    call_command("migrate", interactive=False, verbosity=0)
    if User.objects.filter(username=username).exists():
        typer.echo(f"An account named {username!r} already exists.", err=True)
        raise typer.Exit(1)

    password = _read_password(password_file)
    try:
        create_user(
            username, password, roles[role], first_name=first_name, last_name=last_name
        )
    except ValidationError as exc:
        typer.echo("The password was not accepted: " + " ".join(exc.messages), err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Created {username} ({roles[role].value}).")


def demo(
    seed: Annotated[int, typer.Option(help="Seed for the synthetic data.")] = 2026,
    pupils: Annotated[int, typer.Option(help="Pupils on roll, Years 7 to 13.")] = 1200,
    if_empty: Annotated[
        bool,
        typer.Option(
            "--if-empty",
            help="Load only into an empty database; otherwise say so and succeed.",
        ),
    ] = False,
) -> None:
    """Load a synthetic demo centre into an empty database and print a login."""
    _django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from examsoffice.demo import DemoNotEmptyError, load_demo

    call_command("migrate", interactive=False, verbosity=0)
    logins_file = Path(settings.DATA_DIR) / "demo-logins.txt"
    try:
        logins = load_demo(seed=seed, pupils=pupils, progress=typer.echo)
    except DemoNotEmptyError as exc:
        if not if_empty:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from exc
        typer.echo(
            f"The database in {settings.DATA_DIR} already holds data: nothing loaded."
        )
        if logins_file.exists():
            typer.echo("The demo accounts made when the demo was loaded:")
            typer.echo(_accounts_only(logins_file.read_text(encoding="utf-8")))
        return

    accounts = "".join(
        f"  {login.role:<18} username {login.username:<10} password {login.password}\n"
        for login in logins
    )
    # Kept so that a later 'scripts/run' can show the demo logins again.
    logins_file.write_text(accounts, encoding="utf-8")
    logins_file.chmod(0o600)
    typer.echo("")
    typer.echo("Demo centre loaded. Sign in with one of these accounts:")
    typer.echo(accounts)


def _accounts_only(text: str) -> str:
    """The account lines of a logins file (older files began with a heading)."""
    return "\n".join(line for line in text.splitlines() if "username" in line) + "\n"


def backup(
    target: Annotated[Path, typer.Argument(help="The backup file to write.")],
) -> None:
    """Copy the SQLite database safely while the product runs."""
    _django.setup()
    from examsoffice.backup import BackupError, backup_database

    try:
        written = backup_database(target)
    except BackupError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Backed up to {written}.")


def restore(
    source: Annotated[Path, typer.Argument(help="A file written by 'backup'.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Replace the current data without asking.")
    ] = False,
) -> None:
    """Replace the current SQLite database with a backup. Stop the server first."""
    _django.setup()
    from examsoffice.backup import BackupError, check_restore, restore_database

    try:
        check_restore(source)
    except BackupError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    if not yes:
        typer.confirm(
            "This replaces all current data with the backup. Go on?", abort=True
        )
    try:
        restore_database(source)
    except BackupError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Restored from {source}.")
