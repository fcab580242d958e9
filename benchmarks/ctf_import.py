"""Full CTF import time into SQLite (read, match, write) and peak memory.

Run: ``python benchmarks/ctf_import.py`` (sizes can be given: ``... 2000 20000``).
Each size imports into a fresh SQLite database in a temporary folder: first into an
empty roll (every pupil new), then the same file again (every pupil matched).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ctf_gen import generate

SIZES = (2000, 20000)


def setup_django(folder: Path) -> None:
    os.environ["EXAMSOFFICE_DATA_DIR"] = str(folder / "data")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examsoffice.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def import_once(path: Path) -> tuple[float, float, int]:
    from examsoffice.learners import ctf_source, importing

    started = time.perf_counter()
    read = ctf_source.read_file(path)
    parsed = time.perf_counter() - started
    outcome = importing.import_records(read.records, file_name=path.name)
    total = time.perf_counter() - started
    assert outcome.batch is not None
    # Peak resident memory of the process so far (kilobytes on Linux).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return parsed, total, peak


def clear_roll() -> None:
    from examsoffice.learners.models import ImportBatch, Pupil

    ImportBatch.objects.all().delete()
    Pupil.objects.all().delete()


def main(sizes: tuple[int, ...]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        setup_django(folder)
        print(
            f"{'pupils':>7} {'run':>9} {'read s':>7} {'total s':>8} {'peak RSS MB':>12}"
        )
        for size in sizes:
            path = generate(folder, size)
            clear_roll()
            for run in ("new", "again"):
                parsed, total, peak = import_once(path)
                print(
                    f"{size:>7} {run:>9} {parsed:>7.2f} {total:>8.2f} "
                    f"{peak / 1e6:>12.1f}"
                )


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or SIZES)
