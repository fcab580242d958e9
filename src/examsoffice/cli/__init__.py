"""The ``examsoffice`` command line.

Each module in this package adds its commands through ``register(app)``; modules are
found by name, so a feature adds a file here and touches nothing shared.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

# Typer 0.29 carries its own copy of click; its usage errors are these classes.
from typer._click.exceptions import ClickException, UsageError

app = typer.Typer(
    name="examsoffice",
    help="An exams office and learner register for schools and colleges in England.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root() -> None:
    # A root callback keeps every command a sub-command, however few are loaded.
    return None


def _load_commands() -> None:
    # The commands that run the product come first in --help, the rest by name.
    def order(info: pkgutil.ModuleInfo) -> tuple[bool, str]:
        return info.name != "server", info.name

    for info in sorted(pkgutil.iter_modules(__path__), key=order):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(app)


def main(argv: list[str] | None = None) -> None:
    """Run the command line; usage mistakes get one line and exit status 2."""
    _load_commands()
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="examsoffice", standalone_mode=False)
    except UsageError as exc:
        hint = ""
        if exc.ctx is not None:
            hint = f" (see '{exc.ctx.command_path} --help')"
        typer.echo(f"examsoffice: error: {exc.format_message()}{hint}", err=True)
        sys.exit(2)
    except ClickException as exc:
        typer.echo(f"examsoffice: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        sys.exit(1)

    # Without standalone mode, a command's exit status comes back as the result.
    if isinstance(result, int):
        sys.exit(result)
