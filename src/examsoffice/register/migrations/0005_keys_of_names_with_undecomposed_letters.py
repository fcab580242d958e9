"""Rewrite the blocking keys of learners whose names hold a letter such as Ł or Đ.

Folding once dropped these letters (Łucja became "ucja"); it now spells them out
("lucja"), so those learners' stored keys must be written again to be found.
"""

from django.db import migrations
from django.db.models import Q

# The letters folding now spells out, upper and lower case, as this was written.
LETTERS = "ŁłĐđÐðÞþĦħıŦŧŒœ"
NAMES = ("given_name", "middle_names", "family_name")


def rewrite_keys(apps, schema_editor):
    learners = apps.get_model("register", "Learner")
    wanted = Q()
    for letter in LETTERS:
        for name in NAMES:
            wanted |= Q(**{f"{name}__contains": letter})
    pks = list(learners.objects.filter(wanted).values_list("pk", flat=True))
    if not pks:
        return

    # Only when there is something to rewrite: the keys are the matcher's own.
    from examsoffice.register import matcher
    from examsoffice.register.models import Learner

    for learner in Learner.objects.filter(pk__in=pks):
        previous = [p.name for p in learner.previous_family_names.all()]
        matcher.write_keys(learner, previous)


class Migration(migrations.Migration):
    dependencies = [("register", "0004_one_open_exception_per_sending")]

    operations = [migrations.RunPython(rewrite_keys, migrations.RunPython.noop)]
