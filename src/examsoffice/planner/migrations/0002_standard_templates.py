from django.db import migrations


def load(apps, schema_editor):
    from examsoffice.planner import seed

    seed.install(
        apps.get_model("planner", "ChecklistTemplate"),
        apps.get_model("planner", "TemplateItem"),
        seed.read_templates(),
    )


class Migration(migrations.Migration):
    dependencies = [("planner", "0001_checklists")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
