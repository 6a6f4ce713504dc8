"""The audit trail: every read and write of patient data, by whom, in which role, from where.

Views call `audit_record` (one object) or `audit_list` (a page of rows); Celery tasks and steps
the application takes by itself call `audit_system` (the actor is "system", the path names the
task). Only ids, names of fields and the path are kept: never the data itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from clinic.models import ClinicMembership
from clinic.permissions import user_clinic_ids

from .models import AuditEvent, ClinicPatient, PatientProfile, User

Action = AuditEvent.Action


def _patient_clinics(patient_ids) -> dict:
    """{patient id: the clinics the patient is a patient of}, in one query."""
    found: dict = {}
    for patient_id, clinic_id in ClinicPatient.objects.filter(
        patient_id__in=set(patient_ids)
    ).values_list("patient_id", "clinic_id"):
        found.setdefault(patient_id, set()).add(clinic_id)
    return found


def _clinics(actor: User | None, role: str, obj, patient_clinics: set) -> list[int]:
    """The clinics in whose name an access happened: the object's clinics (the patient's, for
    the patient record itself), narrowed to the staff member's own. The patient's own reads
    belong to each clinic they are a patient of."""
    if role == "patient":
        return sorted(patient_clinics)
    if obj is None or isinstance(obj, PatientProfile):
        belongs = patient_clinics
    elif getattr(obj, "clinic_id", None) is not None:
        belongs = {obj.clinic_id}
    elif hasattr(obj, "permission_clinic_ids"):
        belongs = set(obj.permission_clinic_ids())
    else:
        belongs = patient_clinics
    mine = user_clinic_ids(actor) if actor is not None else None
    return sorted(belongs if mine is None else belongs & mine)


def _role(user: User | None, patient_id) -> str:
    if user is None:
        return "system"
    if hasattr(user, "patient_profile") and getattr(user.patient_profile, "pk", None) == patient_id:
        return "patient"
    if not hasattr(user, "_audit_role_label"):
        roles = ClinicMembership.objects.filter(user_id=user.pk, is_active=True).values_list(
            "role", "clinic__slug"
        )
        labels = [f"{role}@{slug}" for role, slug in roles]
        if user.is_superuser:
            labels.append("superuser")
        labels += [group.name for group in user.groups.all()]
        user._audit_role_label = ", ".join(labels) or "no role"
    return user._audit_role_label


def _origin(request) -> dict:
    if request is None:
        return {"ip_address": None, "path": "", "via": "celery"}
    via = "admin" if request.path.startswith("/admin/") else "web"
    return {"ip_address": request.META.get("REMOTE_ADDR"), "path": request.path[:300], "via": via}


def _object(obj, object_type: str | None) -> tuple[str, str]:
    if obj is None:
        return object_type or "", ""
    return object_type or obj._meta.model_name, str(obj.pk)


def audit_record(
    *,
    request=None,
    actor: User | None = None,
    patient_id,
    action: str,
    obj=None,
    object_type: str | None = None,
    fields: Iterable[str] = (),
) -> AuditEvent:
    """Record one access. The actor is the request's user unless given (tasks: None)."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    kind, object_id = _object(obj, object_type)
    role = _role(actor, patient_id)
    patient_clinics = _patient_clinics([patient_id]).get(patient_id, set())
    return AuditEvent.objects.create(
        actor=actor,
        actor_role=role,
        clinics=_clinics(actor, role, obj, patient_clinics),
        patient_id=patient_id,
        object_type=kind,
        object_id=object_id,
        action=action,
        fields=list(fields),
        **_origin(request),
    )


def audit_list(*, request, rows: Iterable[tuple], object_type: str | None = None) -> None:
    """Record that a page listed these (patient id, object) rows, one event each."""
    actor = request.user if request.user.is_authenticated else None
    origin = _origin(request)
    rows = [(patient_id, obj) for patient_id, obj in rows if patient_id is not None]
    # (A row about no patient, such as a message to a newsletter reader, is no patient's data.)
    clinics_of = _patient_clinics(patient_id for patient_id, _obj in rows)
    events = []
    for patient_id, obj in rows:
        kind, object_id = _object(obj, object_type)
        role = _role(actor, patient_id)
        events.append(
            AuditEvent(
                actor=actor,
                actor_role=role,
                clinics=_clinics(actor, role, obj, clinics_of.get(patient_id, set())),
                patient_id=patient_id,
                object_type=kind,
                object_id=object_id,
                action=Action.LIST,
                **origin,
            )
        )
    AuditEvent.objects.bulk_create(events)


def audit_system(*, by: str, rows: Iterable[tuple]) -> None:
    """Record what the system itself read or wrote of patients' data, with no person acting:
    a Celery task (the outbox sending, the readiness sweep) or a step the application takes on
    a patient's behalf (offering a freed slot). `by` names the task or step; `rows` are
    (patient id, object, action, fields) tuples, written in one query."""
    rows = [row for row in rows if row[0] is not None]
    clinics_of = _patient_clinics(row[0] for row in rows)
    events = [
        AuditEvent(
            actor=None,
            actor_role="system",
            clinics=_clinics(None, "system", obj, clinics_of.get(patient_id, set())),
            patient_id=patient_id,
            object_type=obj._meta.model_name,
            object_id=str(obj.pk),
            action=action,
            fields=list(fields),
            ip_address=None,
            path=by[:300],
            via="system",
        )
        for patient_id, obj, action, fields in rows
    ]
    AuditEvent.objects.bulk_create(events)


class AuditedAdminMixin:
    """Admin pages of patient data: every listed row, every opened object and every save is
    recorded. `audit_patient_id(obj)` says whose data a row is."""

    def audit_patient_id(self, obj):
        return obj.patient_id

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        changelist.result_list = list(changelist.result_list)
        audit_list(
            request=request, rows=[(self.audit_patient_id(o), o) for o in changelist.result_list]
        )
        return changelist

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        # Only a page the user may open is a read of the patient's data. A network admin reaches
        # every clinic's rows here but holds no patient permission: refused, nothing recorded.
        if (
            obj is not None
            and self.audit_patient_id(obj) is not None
            and self.has_view_permission(request, obj)
        ):
            audit_record(
                request=request, patient_id=self.audit_patient_id(obj), action=Action.VIEW, obj=obj
            )
        return obj

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            request=request,
            patient_id=self.audit_patient_id(obj),
            action=Action.UPDATE if change else Action.CREATE,
            obj=obj,
            fields=form.changed_data,
        )
