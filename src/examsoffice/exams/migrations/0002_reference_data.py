from __future__ import annotations

from django.db import migrations


def load(apps, schema_editor):
    from examsoffice.exams.reference import awarding_bodies, default_letters

    AwardingBody = apps.get_model("exams", "AwardingBody")
    LetterTemplate = apps.get_model("exams", "LetterTemplate")
    for row in awarding_bodies():
        AwardingBody.objects.get_or_create(jcq_id=row["jcq_id"], defaults=row)
    for row in default_letters():
        LetterTemplate.objects.get_or_create(key=row["key"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("exams", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
