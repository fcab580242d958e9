from django.apps import AppConfig


class PlannerConfig(AppConfig):
    name = "examsoffice.planner"
    label = "planner"
    verbose_name = "Checklists and deadlines"
