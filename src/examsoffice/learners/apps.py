from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "examsoffice.learners"
    label = "learners"
    verbose_name = "School roll"
