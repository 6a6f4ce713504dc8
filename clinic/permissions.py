"""Where a staff member may act: their clinics. What they may do there: their role's group."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from .models import Clinic, ClinicMembership, Package, StaffProfile
from .roles import CLINIC_ROLE_GROUPS

ACCESS_ALL_CLINICS = "clinic.access_all_clinics"


def clinic_ids_of(obj) -> set[int]:
    """The clinics an object belongs to, for deciding who may act on it. A model whose rows
    belong to clinics in a way not covered here says so with `permission_clinic_ids()`."""
    if hasattr(obj, "permission_clinic_ids"):
        return set(obj.permission_clinic_ids())
    if isinstance(obj, Clinic):
        return {obj.pk}
    if isinstance(obj, Package):
        return {obj.service.clinic_id}
    if isinstance(obj, StaffProfile):
        return set(
            ClinicMembership.objects.filter(user_id=obj.user_id, is_active=True).values_list(
                "clinic_id", flat=True
            )
        )
    clinic_id = getattr(obj, "clinic_id", None)
    return {clinic_id} if clinic_id is not None else set()


def _roles_by_clinic(user) -> dict[int, str]:
    """{clinic id: role} for the user's active memberships, read once per user object."""
    if not hasattr(user, "_clinic_roles_cache"):
        user._clinic_roles_cache = dict(
            ClinicMembership.objects.filter(
                user_id=user.pk, is_active=True, clinic__is_active=True
            ).values_list("clinic_id", "role")
        )
    return user._clinic_roles_cache


def _role_permissions(user) -> dict[str, set[str]]:
    """{role: permissions of that role's group}, read once per user object."""
    if not hasattr(user, "_clinic_role_perms_cache"):
        roles = set(_roles_by_clinic(user).values())
        group_names = {CLINIC_ROLE_GROUPS[role]: role for role in roles}
        perms: dict[str, set[str]] = {role: set() for role in roles}
        rows = Permission.objects.filter(group__name__in=group_names).values_list(
            "group__name", "content_type__app_label", "codename"
        )
        for group_name, app_label, codename in rows:
            perms[group_names[group_name]].add(f"{app_label}.{codename}")
        user._clinic_role_perms_cache = perms
    return user._clinic_role_perms_cache


def user_clinic_ids(user) -> set[int] | None:
    """The clinics whose data the user may reach; None means every clinic (network admins)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser or user.has_perm(ACCESS_ALL_CLINICS):
        return None
    return set(_roles_by_clinic(user))


def scope_to_clinics(queryset, user, clinic_path: str | tuple[str, ...]):
    """Filter `queryset` to the user's clinics along `clinic_path` ('' for Clinic itself); a
    tuple of paths keeps a row reachable along any of them (a patient with an intake *or* a
    visit at one of your clinics)."""
    clinic_ids = user_clinic_ids(user)
    if clinic_ids is None:
        return queryset
    paths = clinic_path if isinstance(clinic_path, tuple) else (clinic_path,)
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path}__in" if path else "pk__in": clinic_ids})
    queryset = queryset.filter(condition)
    return queryset.distinct() if any("__" in path for path in paths) else queryset


class ClinicRoleBackend(BaseBackend):
    """Grants a membership's role permissions at that membership's clinic.

    Without an object (list pages, "may add?"), a user has the union of their roles' permissions:
    the admin then scopes what they see to their clinics. With an object, only the role held at
    the object's clinic counts, so a manager of one clinic who is a nurse at another cannot
    change the second clinic's records.
    """

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        role_perms = _role_permissions(user_obj)
        roles = _roles_by_clinic(user_obj)
        if obj is None:
            clinics: Iterable[int] = roles
        else:
            clinics = clinic_ids_of(obj) & set(roles)
        return set().union(*(role_perms[roles[clinic_id]] for clinic_id in clinics))

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return any(p.startswith(f"{app_label}.") for p in self.get_all_permissions(user_obj))
