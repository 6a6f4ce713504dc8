from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_role_groups(sender, **kwargs) -> None:
    from .roles import roles_sync

    roles_sync()


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinic network"

    def ready(self) -> None:
        # After every app's migrate (permissions are created app by app), so the role groups
        # end up with every permission the matrix names.
        post_migrate.connect(_sync_role_groups, dispatch_uid="clinic.sync_role_groups")
