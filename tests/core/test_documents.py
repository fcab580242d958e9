import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from examsoffice.documents import (
    access_arrangements,
    attendance_register,
    desk_labels,
    invigilators,
    letters,
    paper_requirements,
    personal_timetable,
    poster,
    seating_plan,
    statement_of_entry,
)
from examsoffice.documents._layout import Context
from examsoffice.documents.bundle import half_day_folder, merge
from examsoffice.documents.pack import make_pack
from examsoffice.errors import DataError
from examsoffice.scheduling.clashes import effective_timetable, papers_by_candidate
from examsoffice.scheduling.seating import auto_seat, who_sits
from examsoffice.scheduling.synthetic import summer_sitting

CONTEXT = Context(
    "12345", "Synthetic Academy", "Summer 2026", dt.datetime(2026, 5, 1, 8, 0)
)


@pytest.fixture(scope="module")
def data():
    return summer_sitting(60)


@pytest.fixture(scope="module")
def pack(data):
    papers = who_sits(data.sitting, data.entries, data.components)
    plan = auto_seat(data.sitting, data.candidates, papers, data.components, data.rooms)
    return make_pack(
        CONTEXT,
        plan,
        data.candidates,
        data.components,
        allocations={"HALL": ["Ann Invig"]},
        lead="Ann Invig",
    )


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_every_page_carries_the_centre_and_page_x_of_y(pack):
    text = text_of(seating_plan.build(pack))
    assert re.search(r"12345\s+Synthetic Academy", text)
    assert "Printed 01/05/2026 08:00" in text
    pages = len(PdfReader(io.BytesIO(seating_plan.build(pack))).pages)
    assert f"Page {pages} of {pages}" in text


def test_the_seating_plan_shows_numbers_names_front_and_exit(pack):
    first = pack.plan.in_room("HALL")[0]
    text = text_of(seating_plan.build(pack))
    assert first.candidate_number in text
    assert pack.candidates[first.candidate_number].surname in text
    assert "FRONT - invigilator desk" in text
    assert "Exit: back" in text


def test_the_register_lists_a_room_in_candidate_number_order(pack):
    text = text_of(attendance_register.build(pack))
    assert "Present" in text
    assert "Transferred" in text
    numbers = [
        a.candidate_number for a in pack.sitting_for("8300/1H") if a.room_code == "HALL"
    ]
    positions = [text.index(n) for n in numbers]
    assert positions == sorted(positions)


def test_alphabetical_lists_sort_by_surname(pack):
    text = text_of(attendance_register.build_alphabetical(pack))
    assert "Alphabetical attendance list" in text


def test_desk_labels_fit_the_chosen_sheet_and_have_a_legend(pack):
    pdf = desk_labels.build(pack, "L7165")
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages == 1 + -(-len(pack.plan.assignments) // 8)
    assert "Avery L7165" in text_of(pdf)


def test_an_unknown_label_sheet_names_the_known_ones(pack):
    with pytest.raises(DataError, match="L7160"):
        desk_labels.build(pack, "X99")


def test_paper_requirements_count_standard_and_modified_papers(pack):
    text = text_of(paper_requirements.build(pack))
    assert "Packing list" in text
    assert "8300/1H total" in text


def test_the_briefing_gives_extra_time_finishes(pack):
    text = text_of(invigilators.build_briefing(pack))
    assert "Last finish, with extra time" in text
    assert "Extra time 25%" in text


def test_the_rooming_sheet_names_the_lead_and_the_shortfall(pack):
    text = text_of(invigilators.build_rooming(pack))
    assert "Lead invigilator: Ann Invig" in text
    assert "Still to allocate" in text
    assert "Ann Invig" in text_of(invigilators.build_signing_in(pack))


def test_cover_sheets_and_desk_cards_cover_arrangement_holders(pack):
    holders = [
        a.candidate_number
        for a in pack.plan.assignments
        if pack.candidates[a.candidate_number].arrangements
    ]
    cards = text_of(access_arrangements.build_desk_cards(pack))
    assert all(n in cards for n in holders)
    assert "Cover sheet" in text_of(access_arrangements.build_cover_sheets(pack))


def test_desk_cards_print_the_number_and_name_not_markup(pack):
    holder = next(
        pack.candidates[a.candidate_number]
        for a in pack.plan.assignments
        if pack.candidates[a.candidate_number].arrangements
    )
    cards = text_of(access_arrangements.build_desk_cards(pack))
    assert "<b>" not in cards
    assert "&lt;" not in cards
    assert holder.display_name in cards
    folder = text_of(half_day_folder(pack))
    assert "<b>" not in folder


def test_the_poster_lists_the_items_required(pack):
    assert "Calculator" in text_of(poster.build(pack))


def test_the_folder_bundles_every_document_with_bookmarks(pack):
    pdf = half_day_folder(pack)
    reader = PdfReader(io.BytesIO(pdf))
    titles = [item.title for item in reader.outline]
    assert titles[:3] == ["Seating plans", "Attendance registers", "Desk labels"]
    assert len(titles) == 11


def test_merge_keeps_every_page():
    one = letters.build(CONTEXT, [("A", "Hello")])
    assert len(PdfReader(io.BytesIO(merge([("a", one), ("b", one)]))).pages) == 2


def test_the_statement_of_entry_lists_untimetabled_components_and_fees(data):
    candidate = next(
        c
        for c in data.candidates
        if any(
            e.component_code == "8145/C" and e.candidate_number == c.number
            for e in data.entries
        )
    )
    text = text_of(
        statement_of_entry.build(
            CONTEXT, [candidate], data.entries, data.components, show_fees=True
        )
    )
    assert "Not timetabled" in text
    assert "Total fees" in text
    assert candidate.uci in text


def test_the_personal_timetable_says_tbc_until_seated(data, pack):
    by_candidate = papers_by_candidate(data.entries, data.components)
    candidate = data.candidates[0]
    timetable = {
        candidate.number: effective_timetable(candidate, by_candidate[candidate.number])
    }
    before = text_of(
        personal_timetable.build(CONTEXT, [candidate], timetable, data.components)
    )
    assert "TBC" in before
    after = text_of(
        personal_timetable.build(
            CONTEXT, [candidate], timetable, data.components, {data.sitting: pack.plan}
        )
    )
    seat = pack.plan.find(candidate.number)
    assert "TBC" not in after.split("TBC:")[0]
    assert seat.seat.label in after


def test_letters_fill_the_template_and_refuse_a_missing_value(data):
    candidate = data.candidates[0]
    values = letters.common_values(CONTEXT, candidate, "Jo Officer") | {
        "reply_by": "1 March"
    }
    text = letters.fill(letters.template(letters.COVERING), values)
    assert candidate.number in text
    assert "1 March" in letters.fill(letters.template(letters.COVERING), values)
    del values["reply_by"]
    with pytest.raises(DataError, match=r"\$reply_by"):
        letters.fill(letters.template(letters.COVERING), values)


def test_the_clash_letter_gives_the_actual_times(data):
    clashing = next(
        c
        for c in data.candidates
        if {"8145/1", "8300/1H"}
        <= {e.component_code for e in data.entries if e.candidate_number == c.number}
    )
    papers = papers_by_candidate(data.entries, data.components)[clashing.number]
    scheduled = effective_timetable(clashing, papers)
    values = letters.common_values(CONTEXT, clashing, "Jo") | letters.clash_values(
        scheduled, data.components
    )
    pdf = letters.build(
        CONTEXT,
        [(clashing.number, letters.fill(letters.template(letters.CLASH), values))],
    )
    text = text_of(pdf)
    assert "8145/1" in text
    assert "8300/1H" in text
    assert "09:00" in text


def test_the_statement_of_entry_prints_what_it_asks_the_candidate_to_check(data):
    candidate = dataclasses.replace(
        data.candidates[0], date_of_birth=dt.date(2010, 9, 4), uln="9276308686"
    )

    text = text_of(
        statement_of_entry.build(CONTEXT, [candidate], data.entries, data.components)
    )

    assert "Date of birth\n4 September 2010" in text
    assert "ULN\n9276308686" in text
    assert f"Name\n{candidate.display_name}" in text


def test_the_statement_of_entry_says_when_the_date_of_birth_is_missing(data):
    text = text_of(
        statement_of_entry.build(
            CONTEXT, [data.candidates[0]], data.entries, data.components
        )
    )

    assert "Date of birth\nNot recorded: tell the exams office" in text
