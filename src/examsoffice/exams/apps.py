from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "examsoffice.exams"
    label = "exams"
    verbose_name = "Exam administration"
