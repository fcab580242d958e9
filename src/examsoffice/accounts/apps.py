from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "examsoffice.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from examsoffice.accounts.roles import grant_role_permissions

        # Permissions exist only after every app has migrated, so roles get theirs then.
        post_migrate.connect(grant_role_permissions, dispatch_uid="grant_roles")
