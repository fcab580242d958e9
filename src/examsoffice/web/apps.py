from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "examsoffice.web"
    label = "web"
    verbose_name = "Web pages"
