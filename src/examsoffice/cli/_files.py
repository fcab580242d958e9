"""Reading and writing the files commands are given, with one-line messages.

A missing folder is made, as ``backup`` does; any other trouble with the disk (no
permission, a name that is a folder, a full disk) ends the command with one line
naming the file, exit status 1, never a traceback.
"""

from __future__ import annotations

import errno
from pathlib import Path

import typer

# What to do next, for the problems people meet most on a Windows PC.
ADVICE = {
    errno.EACCES: "you may not write there, or the file is open in another program",
    errno.EPERM: "you may not write there, or the file is open in another program",
    errno.EISDIR: "that is a folder; give a file name",
    errno.ENOENT: "it does not exist; check the name and folder",
    errno.ENOSPC: "the disk is full",
    errno.ENOTDIR: "part of the folder path is a file, not a folder",
    errno.EEXIST: "part of the folder path is a file, not a folder",
}


def fail(action: str, path: Path, exc: OSError) -> typer.Exit:
    reason = ADVICE.get(exc.errno or 0, exc.strerror or str(exc))
    typer.echo(f"Could not {action} {path}: {reason}.", err=True)
    return typer.Exit(1)


def write(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path``, making any missing folders on the way."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError as exc:
        raise fail("write", path, exc) from exc


def read(path: Path) -> bytes:
    """The bytes of ``path``, or a one-line message and exit status 1."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise fail("read", path, exc) from exc
