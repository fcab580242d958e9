"""The admin: where the yearly data (centres, series, deadlines, ranges, awarding
bodies, letters, subject teachers) is set up and corrected."""

from __future__ import annotations

from django.contrib import admin

from examsoffice.exams import models as m


class FeeRuleInline(admin.TabularInline[m.FeeRule, m.Series]):
    model = m.FeeRule
    extra = 1


@admin.register(m.Series)
class SeriesAdmin(admin.ModelAdmin[m.Series]):
    list_display = ["name", "awarding_body", "code", "season", "kind", "entry_deadline"]
    list_filter = ["kind", "awarding_body", "season"]
    inlines = [FeeRuleInline]


class NumberRangeInline(admin.TabularInline[m.CandidateNumberRange, m.Centre]):
    model = m.CandidateNumberRange
    extra = 1


@admin.register(m.Centre)
class CentreAdmin(admin.ModelAdmin[m.Centre]):
    list_display = ["number", "name", "urn", "ukprn"]
    inlines = [NumberRangeInline]


@admin.register(m.AwardingBody)
class AwardingBodyAdmin(admin.ModelAdmin[m.AwardingBody]):
    list_display = ["short_name", "jcq_id", "name", "verified"]


@admin.register(m.LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin[m.LetterTemplate]):
    list_display = ["title", "key", "updated"]


@admin.register(m.SubjectTeacher)
class SubjectTeacherAdmin(admin.ModelAdmin[m.SubjectTeacher]):
    list_display = ["user", "qualification_code"]


@admin.register(m.UciException)
class UciExceptionAdmin(admin.ModelAdmin[m.UciException]):
    list_display = ["pupil", "held_uci", "other_uci", "source", "kept_uci"]
    list_filter = ["resolved_at"]


@admin.register(m.AccessArrangement)
class AccessArrangementAdmin(admin.ModelAdmin[m.AccessArrangement]):
    list_display = ["pupil", "code", "status", "valid_to", "subjects"]
    list_filter = ["code", "status"]
    raw_id_fields = ["pupil"]


for model in (m.Qualification, m.Option, m.Component, m.Submission):
    admin.site.register(model)
