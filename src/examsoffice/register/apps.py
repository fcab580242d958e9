from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "examsoffice.register"
    label = "register"
    verbose_name = "Learner register"
