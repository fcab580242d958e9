from __future__ import annotations

import pytest

from examsoffice.cli import main

pytestmark = pytest.mark.django_db


def test_it_previews_then_applies_basedata_from_the_command_line(tmp_path, capsys):
    from examsoffice.exams.models import AwardingBody, Centre, Series
    from examsoffice.exams.reference import ensure_reference_data

    ensure_reference_data()
    centre = Centre.objects.create(number="12345", name="Oakfield")

    Series.objects.create(
        centre=centre,
        awarding_body=AwardingBody.objects.get(jcq_id="01"),
        code="631A",
        name="Summer OCR",
        season="S",
        year=2031,
    )
    template = tmp_path / "ocr.csv"
    main(["exams", "basedata", "template", str(template), "--example", "--body", "01"])

    with pytest.raises(SystemExit):
        main(["exams", "basedata", "import", str(template), "--series", "NOPE"])
    main(["exams", "basedata", "import", str(template), "--series", "631A"])
    assert not Series.objects.get().components.exists()
    main(["exams", "basedata", "import", str(template), "--series", "631A", "--apply"])

    assert Series.objects.get().components.filter(code="J277/01").exists()
    assert "Applied." in capsys.readouterr().out
