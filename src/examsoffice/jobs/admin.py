from django.contrib import admin

from examsoffice.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ("title", "kind", "status", "done", "total", "created")
    list_filter = ("status", "kind")
    readonly_fields = ("checkpoint", "summary", "params")
