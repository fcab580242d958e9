from django.contrib import admin

from examsoffice.learners.models import IdentifierChange, Pupil


class IdentifierChangeInline(admin.TabularInline[IdentifierChange, Pupil]):
    model = IdentifierChange
    extra = 0
    readonly_fields = ("identifier", "old_value", "new_value", "source", "user")
    can_delete = False


@admin.register(Pupil)
class PupilAdmin(admin.ModelAdmin[Pupil]):
    list_display = ("surname", "forename", "upn", "uln", "year_group", "status")
    list_filter = ("status", "year_group", "sex")
    search_fields = ("surname", "forename", "upn", "uln")
    inlines = [IdentifierChangeInline]
