"""Reusable CTF generator for benchmarks: ``generate(directory, count) -> Path``."""

from __future__ import annotations

from pathlib import Path

from examsoffice.formats.ctf.synthetic import write_synthetic_ctf


def generate(directory: Path, count: int, seed: int = 1) -> Path:
    """A synthetic CTF of ``count`` pupils (attendance and KS2 blocks) in directory."""
    return write_synthetic_ctf(directory / f"synthetic_{count}.XML", count, seed)
