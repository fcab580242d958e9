from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class RegisterConfig(AppConfig):
    name = "examsoffice.register"
    label = "register"
    verbose_name = "Learner register"

    def ready(self) -> None:
        from examsoffice.register import matcher
        from examsoffice.register.models import MatchingConfiguration

        # Settings saved any way (the settings page, the admin, a shell) take
        # effect on the next find in this process.
        for signal in (post_save, post_delete):
            signal.connect(
                matcher.clear_caches,
                sender=MatchingConfiguration,
                dispatch_uid=f"register-settings-{signal is post_save}",
            )
