from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "examsoffice.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
