"""``examsoffice register find|add|generate|token``: the register from a shell."""

from __future__ import annotations

import difflib
import json
import math
import time
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any, NoReturn

import typer

from examsoffice.cli import _django
from examsoffice.cli._dates import parse_date

sub = typer.Typer(
    help="The learner register: find, add, generate a synthetic register, tokens.",
    no_args_is_help=True,
)

Given = Annotated[str, typer.Option("--given", help="Given (first) name.")]
Family = Annotated[str, typer.Option("--family", help="Family name (surname).")]
Gender = Annotated[
    str,
    typer.Option("--gender", help="0 not known, 1 male, 2 female, 9 not specified."),
]
Postcode = Annotated[
    str, typer.Option("--postcode", help="Postcode; leave out when unknown.")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


Dob = Annotated[
    date,
    typer.Option(
        "--dob",
        help="Date of birth as YYYY-MM-DD or DD/MM/YYYY.",
        parser=parse_date,
    ),
]


@sub.command()
def find(
    given: Given,
    family: Family,
    dob: Dob,
    gender: Gender = "0",
    postcode: Postcode = "",
    as_json: AsJson = False,
) -> None:
    """Find learners by personal details: the response code, then the matches."""
    _django.setup()
    from examsoffice.register import api, services
    from examsoffice.register.codes import MEANINGS
    from examsoffice.register.matcher import Query

    result = services.find_by_details(Query(given, family, dob, gender, postcode))
    if as_json:
        matches = [api.match_json(m) for m in result.matches]
        _print_json({"code": result.code, "matches": matches})
        return
    typer.echo(f"{result.code} {MEANINGS[result.code]}")
    for problem in result.problems:
        typer.echo(f"  {problem}")
    for m in result.matches:
        x = m.learner
        differs = ", ".join(m.differing) or "-"
        typer.echo(
            f"{x.uln}\t{m.score:.4f}\t{x.given_name} {x.family_name}\t"
            f"{x.date_of_birth:%Y-%m-%d}\t{x.gender}\t{x.postcode}\tdiffers: {differs}"
        )


@sub.command()
def add(
    given: Given,
    family: Family,
    dob: Dob,
    gender: Gender = "0",
    postcode: Postcode = "",
    as_json: AsJson = False,
) -> None:
    """Register one learner: WSRC0005 and the new ULN, or WSRC0021 and the existing."""
    _django.setup()
    from examsoffice.register import services
    from examsoffice.register.codes import MEANINGS

    details = services.LearnerDetails(given, family, dob, gender, postcode)
    result = services.register_learner(details)
    if result.learner is not None:
        uln = result.learner.uln
    else:
        uln = result.existing[0].learner.uln if result.existing else ""
    if as_json:
        _print_json({"code": result.code, "uln": uln, "problems": result.problems})
    else:
        typer.echo(f"{result.code} {MEANINGS[result.code]}")
        if uln:
            typer.echo(uln)
        for problem in result.problems:
            typer.echo(f"  {problem}")
    if result.code not in ("WSRC0005", "WSRC0021"):
        raise typer.Exit(1)


@sub.command()
def generate(
    learners: Annotated[int, typer.Option("--learners", help="How many learners.")],
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same register.")] = 0,
    duplicate_share: Annotated[
        float, typer.Option("--duplicates", help="Share registered twice.")
    ] = 0.05,
) -> None:
    """Fill the register with a synthetic English register (names, addresses,
    duplicates, name changes and typos)."""
    _django.setup()
    from rich.progress import Progress

    from examsoffice.matching import synthetic
    from examsoffice.register import bulk

    started = time.perf_counter()
    # One person more than needed, so rounding never leaves the register short.
    people = math.ceil(learners / (1 + duplicate_share)) + 1
    records = synthetic.generate(people, seed, duplicate_share).records[:learners]
    with Progress(transient=True) as progress:
        task = progress.add_task("Loading learners", total=len(records))
        bulk.load(
            records, seed=seed, progress=lambda n: progress.update(task, completed=n)
        )
    took = time.perf_counter() - started
    typer.echo(f"Added {len(records)} learners to the register in {took:.1f} s.")


@sub.command()
def token(
    organisation: Annotated[
        str, typer.Option("--organisation", help="The organisation's name.")
    ],
    can_link: Annotated[
        bool, typer.Option("--can-link", help="Allow linking records too.")
    ] = False,
    create: Annotated[
        bool,
        typer.Option("--create", help="Create the organisation if it is new."),
    ] = False,
) -> None:
    """Issue an API token for an organisation. Shown once."""
    _django.setup()
    from examsoffice.register import api
    from examsoffice.register.models import Organisation

    name = organisation.strip()
    org = Organisation.objects.filter(name__iexact=name).first()
    created = org is None
    if org is None:
        if not create:
            _unknown_organisation(
                name, Organisation.objects.values_list("name", flat=True)
            )
        org = Organisation.objects.create(name=name)
    if can_link and not org.can_link:
        org.can_link = True
        org.save(update_fields=["can_link"])
    secret = api.issue_token(org)
    if created:
        typer.echo(f"Created the organisation '{org.name}'.", err=True)
    typer.echo(
        "Keep this token safe; it is shown only now. Send it as "
        "'Authorization: Token <token>'.",
        err=True,
    )
    typer.echo(secret)


def _unknown_organisation(name: str, known: Iterable[str]) -> NoReturn:
    # A typing slip must not make a second organisation with its own token.
    names = {n.lower(): n for n in known}
    found = difflib.get_close_matches(name.lower(), list(names), n=5, cutoff=0.6)
    close = [names[n] for n in found]
    typer.echo(f"--organisation: no organisation is called '{name}'.", err=True)
    if close:
        typer.echo("Did you mean: " + "; ".join(close) + "?", err=True)
    typer.echo(
        "Give the name as the register has it, or add --create to create a new "
        "organisation.",
        err=True,
    )
    raise typer.Exit(1)


def _print_json(data: dict[str, Any]) -> None:
    typer.echo(json.dumps(data, indent=2, default=str))


def register(app: typer.Typer) -> None:
    app.add_typer(sub, name="register")
