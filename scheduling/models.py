import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from clinic.localtime import local_time
from clinic.models import Clinic, Service, TimeStampedModel, Weekday
from patients.fields import EncryptedTextField


class TsTzRange(Func):
    """PostgreSQL's tstzrange(start, end, '[)'), for the no-double-booking constraints."""

    function = "TSTZRANGE"
    output_field = models.DateTimeField()

    def __init__(self, start, end):
        super().__init__(start, end, RangeBoundary())


class Chair(TimeStampedModel):
    """An infusion chair (or room) where a patient is monitored during and after an infusion."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="chairs")
    name = models.CharField(max_length=60)
    is_active = models.BooleanField(default=True)
    notes = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["clinic", "name"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "name"], name="chair_name_unique_per_clinic"),
            models.CheckConstraint(condition=~Q(name=""), name="chair_name_not_blank"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.clinic})"


class ProviderHours(models.Model):
    """When a clinician works at a clinic, every week, in the clinic's local time."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="provider_hours")
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="working_hours"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField()
    ends_at = models.TimeField()

    class Meta:
        ordering = ["clinic", "provider", "weekday", "starts_at"]
        verbose_name_plural = "provider hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="provider_hours_end_after_start",
                violation_error_message=_("The end of the hours comes after their start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class ProviderException(models.Model):
    """A date when a clinician's week differs: time off (all day, or some hours), or extra
    hours. Local time of the clinic."""

    class Kind(models.TextChoices):
        TIME_OFF = "time_off", _("Time off")
        EXTRA = "extra", _("Extra hours")

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="provider_exceptions")
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="schedule_exceptions"
    )
    date = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    starts_at = models.TimeField(null=True, blank=True, help_text=_("Empty: the whole day."))
    ends_at = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["clinic", "date", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(starts_at__isnull=True) & Q(ends_at__isnull=True))
                | Q(ends_at__gt=F("starts_at")),
                name="provider_exception_hours_valid",
                violation_error_message=_(
                    "The end comes after the start. Leave both empty for the whole day."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind="time_off") | Q(starts_at__isnull=False),
                name="provider_exception_extra_has_hours",
                violation_error_message=_("Extra hours need their start and end."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class SeriesStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class InfusionSeries(TimeStampedModel):
    """A planned course of infusions (typically six over two to three weeks) and its boosters."""

    Status = SeriesStatus

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="series")
    patient = models.ForeignKey(
        "patients.PatientProfile", on_delete=models.PROTECT, related_name="series"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    planned_sessions = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "infusion series"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SeriesStatus.values), name="infusion_series_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service.name} × {self.planned_sessions}"

    def permission_clinic_ids(self) -> set[int]:
        return {self.clinic_id}


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CHECKED_IN = "checked_in", _("Checked in")
    IN_PROGRESS = "in_progress", _("Infusion started")
    OBSERVATION = "observation", _("Observation")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("No-show")


class Appointment(TimeStampedModel):
    """A booked visit. Times are UTC; the clinic's zone turns them into wall-clock times.

    `provider_until` and `chair_until` are fixed at booking from the service's duration,
    observation and buffer, so a later change to the service moves nobody. Two PostgreSQL
    exclusion constraints make it impossible for a provider, or a chair, to hold two active
    appointments whose periods overlap, whatever the application does.
    """

    Status = AppointmentStatus

    class CancelledBy(models.TextChoices):
        PATIENT = "patient", _("Patient")
        CLINIC = "clinic", _("Clinic")

    class StartedWithout(models.TextChoices):
        BASELINE_VITALS = "baseline_vitals", _("a baseline (before) reading")
        READINESS = "readiness", _("the patient's readiness confirmation")

    ACTIVE = (Status.BOOKED, Status.CHECKED_IN, Status.IN_PROGRESS, Status.OBSERVATION)
    # Every status but cancelled holds its time: a completed visit happened then, and a no-show's
    # chair and nurse were kept for them. Only a cancellation (or a move) frees a time.
    OCCUPYING = (*ACTIVE, Status.COMPLETED, Status.NO_SHOW)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="appointments")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="appointments")
    patient = models.ForeignKey(
        "patients.PatientProfile", on_delete=models.PROTECT, related_name="appointments"
    )
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    chair = models.ForeignKey(
        Chair, on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    series = models.ForeignKey(
        InfusionSeries, on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(help_text=_("End of the service itself."))
    provider_until = models.DateTimeField(help_text=_("End of the service plus the buffer."))
    chair_until = models.DateTimeField(
        help_text=_("End of observation plus the buffer (chair services).")
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BOOKED)
    reason = EncryptedTextField(_("reason for the visit"), blank=True, max_length=1000)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    observation_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.CharField(max_length=10, choices=CancelledBy.choices, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)
    rescheduled_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="rescheduled_to"
    )
    reschedule_reason = models.CharField(max_length=300, blank=True)
    # One visit is one event in the patient's calendar (RFC 5545): a move keeps the UID of the
    # visit it came from, and every change the calendar should show (a move, a cancellation)
    # raises the sequence, so the patient's calendar updates the event instead of adding one.
    calendar_uid = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text=_("The calendar event's UID, shared by a visit and the visits it was moved to."),
    )
    calendar_sequence = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_("Raised on every move or cancellation the patient's calendar should show."),
    )
    started_without = ArrayField(
        models.CharField(max_length=20, choices=StartedWithout.choices),
        default=list,
        blank=True,
        help_text=_("What an infusion was started without (allowed, and kept on the record)."),
    )
    no_show_at = models.DateTimeField(null=True, blank=True)
    no_show_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        permissions = [
            ("check_in_visit", "Can check patients in and mark no-shows"),
            ("run_visit", "Can start infusions, record vital signs, observe and discharge"),
            ("book_for_patients", "Can book, move and cancel visits for patients"),
        ]
        indexes = [
            models.Index(fields=["clinic", "starts_at"]),
            models.Index(fields=["patient", "starts_at"]),
            models.Index(fields=["provider", "starts_at"]),
        ]
        constraints = [
            # Each version of a calendar event is one row (its index finds a visit's versions).
            models.UniqueConstraint(
                fields=["calendar_uid", "calendar_sequence"], name="one_row_per_calendar_version"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at"))
                & Q(provider_until__gte=F("ends_at"))
                & Q(chair_until__gte=F("ends_at")),
                name="appointment_periods_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AppointmentStatus.values), name="appointment_status_valid"
            ),
            ExclusionConstraint(
                name="appointment_no_provider_double_booking",
                expressions=[
                    ("provider", RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "provider_until"), RangeOperators.OVERLAPS),
                ],
                condition=~Q(status="cancelled"),
            ),
            ExclusionConstraint(
                name="appointment_no_patient_double_booking",
                expressions=[
                    ("patient", RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                ],
                condition=~Q(status="cancelled"),
            ),
            ExclusionConstraint(
                name="appointment_no_chair_double_booking",
                expressions=[
                    ("chair", RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "chair_until"), RangeOperators.OVERLAPS),
                ],
                condition=Q(chair__isnull=False) & ~Q(status="cancelled"),
            ),
        ]

    def __str__(self) -> str:
        # Shown wherever the admin names a visit: on the clinic's clock, with its label.
        return f"{self.service.name}, {local_time(self.starts_at, self.clinic.zone)}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.clinic.zone)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.clinic.zone)


# The range a clinic may set each alert limit in. A limit outside it is a typing slip, not a
# clinical choice: a systolic limit of 40 would flag every living patient, an SpO2 minimum of 150
# is impossible. The bounds (adult infusion monitoring):
#   systolic max 120-220 mmHg   (below 120 alerts on normal pressure; 220+ is already an emergency)
#   diastolic max 70-130 mmHg   (and below the systolic limit)
#   heart rate min 30-80 /min   (bradycardia alerts start between these)
#   heart rate max 80-200 /min  (and above the minimum)
#   SpO2 min 80-98 %            (99-100 would flag healthy readings; under 80 is too late to alert)
LIMIT_RANGES = {
    "systolic_max": (120, 220),
    "diastolic_max": (70, 130),
    "heart_rate_min": (30, 80),
    "heart_rate_max": (80, 200),
    "spo2_min": (80, 98),
}
_LIMIT_NAMES = {
    "systolic_max": "systolic maximum (mmHg)",
    "diastolic_max": "diastolic maximum (mmHg)",
    "heart_rate_min": "heart rate minimum (/min)",
    "heart_rate_max": "heart rate maximum (/min)",
    "spo2_min": "SpO2 minimum (%)",
}


def _limit(default: int, field: str, label: str | None = None) -> models.PositiveSmallIntegerField:
    low, high = LIMIT_RANGES[field]
    return models.PositiveSmallIntegerField(
        label,
        default=default,
        validators=[MinValueValidator(low), MaxValueValidator(high)],
        help_text=_("Between %(low)d and %(high)d.") % {"low": low, "high": high},
    )


class VitalsThresholds(models.Model):
    """A clinic's alert limits for vital signs; readings past them are highlighted, and a last
    reading past them holds the discharge (scheduling/visits.py)."""

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="vitals_limits")
    systolic_max = _limit(160, "systolic_max")
    diastolic_max = _limit(100, "diastolic_max")
    heart_rate_min = _limit(50, "heart_rate_min")
    heart_rate_max = _limit(120, "heart_rate_max")
    spo2_min = _limit(92, "spo2_min", "SpO2 minimum (%)")

    class Meta:
        verbose_name = "vital signs alert limits"
        verbose_name_plural = "vital signs alert limits"
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__gte": low, f"{field}__lte": high}),
                    name=f"vitals_limits_{field}_sane",
                    violation_error_message=(
                        f"The {_LIMIT_NAMES[field]} must be between {low} and {high}."
                    ),
                )
                for field, (low, high) in LIMIT_RANGES.items()
            ),
            models.CheckConstraint(
                condition=Q(heart_rate_min__lt=F("heart_rate_max")),
                name="vitals_limits_heart_rate_in_order",
                violation_error_message="The heart rate maximum must be above the minimum.",
            ),
            models.CheckConstraint(
                condition=Q(diastolic_max__lt=F("systolic_max")),
                name="vitals_limits_blood_pressure_in_order",
                violation_error_message="The diastolic limit must be below the systolic limit.",
            ),
        ]

    def __str__(self) -> str:
        return f"Alert limits of {self.clinic}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        heart_rate = (self.heart_rate_min, self.heart_rate_max)
        if None not in heart_rate and heart_rate[0] >= heart_rate[1]:
            errors["heart_rate_max"] = _("The heart rate maximum must be above the minimum.")
        pressure = (self.diastolic_max, self.systolic_max)
        if None not in pressure and pressure[0] >= pressure[1]:
            errors["diastolic_max"] = _("The diastolic limit must be below the systolic limit.")
        if errors:
            raise ValidationError(errors)

    def alerts(self, vitals: "VitalSigns") -> list[str]:
        """What is past the limits in a reading, in words."""
        found = []
        if vitals.systolic is not None and vitals.systolic > self.systolic_max:
            found.append(f"systolic {vitals.systolic} > {self.systolic_max}")
        if vitals.diastolic is not None and vitals.diastolic > self.diastolic_max:
            found.append(f"diastolic {vitals.diastolic} > {self.diastolic_max}")
        if vitals.heart_rate is not None and vitals.heart_rate > self.heart_rate_max:
            found.append(f"heart rate {vitals.heart_rate} > {self.heart_rate_max}")
        if vitals.heart_rate is not None and vitals.heart_rate < self.heart_rate_min:
            found.append(f"heart rate {vitals.heart_rate} < {self.heart_rate_min}")
        if vitals.spo2 is not None and vitals.spo2 < self.spo2_min:
            found.append(f"SpO2 {vitals.spo2} % < {self.spo2_min} %")
        return found


class VitalSigns(models.Model):
    """One set of readings during a visit: before, during (around 40 minutes) or after."""

    class Phase(models.TextChoices):
        BEFORE = "before", _("Before")
        DURING = "during", _("During")
        AFTER = "after", _("After")

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="vitals")
    phase = models.CharField(max_length=8, choices=Phase.choices)
    taken_at = models.DateTimeField()
    systolic = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(50), MaxValueValidator(300)]
    )
    diastolic = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(20), MaxValueValidator(200)]
    )
    heart_rate = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(20), MaxValueValidator(250)]
    )
    spo2 = models.PositiveSmallIntegerField(
        "SpO2 (%)", validators=[MinValueValidator(50), MaxValueValidator(100)]
    )
    pain = models.PositiveSmallIntegerField(
        "pain (0-10)", null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["appointment", "taken_at"]
        verbose_name_plural = "vital signs"
        constraints = [
            models.CheckConstraint(
                condition=Q(systolic__gt=F("diastolic"))
                & Q(spo2__lte=100)
                & (Q(pain__isnull=True) | Q(pain__lte=10)),
                name="vital_signs_plausible",
                violation_error_message=_(
                    "The bottom number (diastolic) must be lower than the top number (systolic), "
                    "for example 120/80."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.systolic}/{self.diastolic}, HR {self.heart_rate}"

    def permission_clinic_ids(self) -> set[int]:
        return {self.appointment.clinic_id}


class Discharge(models.Model):
    """The checklist an infusion needs before it can be completed.

    "Back near baseline" is checked against the readings (scheduling/visits.py,
    `discharge_vitals_concerns`); when they say otherwise, a clinician may still discharge by
    writing why (`baseline_override_reason`), and what the readings showed is kept beside it."""

    appointment = models.OneToOneField(
        Appointment, on_delete=models.CASCADE, related_name="discharge"
    )
    vitals_near_baseline = models.BooleanField(
        _("blood pressure and heart rate are back near baseline")
    )
    escort_present = models.BooleanField(_("a responsible adult is here to drive them home"))
    side_effects = EncryptedTextField(_("side effects noted (or 'none')"), max_length=2000)
    vitals_concerns = models.TextField(
        _("what the readings showed at discharge"),
        blank=True,
        help_text=_("Empty when the last reading after the infusion was near baseline."),
    )
    baseline_override_reason = EncryptedTextField(
        _("why the patient was discharged anyway"), blank=True, max_length=1000
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    completed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(escort_present=True) & ~Q(side_effects=""),
                name="discharge_checklist_complete",
            ),
            # Near baseline, by the readings and the clinician; or not, and a reason written.
            models.CheckConstraint(
                condition=(Q(vitals_near_baseline=True) & Q(vitals_concerns=""))
                | (~Q(vitals_concerns="") & ~Q(baseline_override_reason="")),
                name="discharge_near_baseline_or_overridden",
            ),
        ]

    def __str__(self) -> str:
        return f"Discharge {self.completed_at:%Y-%m-%d %H:%M}"


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Offered a slot")
    BOOKED = "booked", _("Booked")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WaitlistEntry(TimeStampedModel):
    """A patient who would take an earlier slot, for a service at a clinic, within dates."""

    Status = WaitlistStatus

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="waitlist")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    patient = models.ForeignKey(
        "patients.PatientProfile", on_delete=models.CASCADE, related_name="waitlist_entries"
    )
    earliest = models.DateField()
    latest = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    offered_start = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "waitlist entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(latest__gte=F("earliest")), name="waitlist_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(status__in=WaitlistStatus.values), name="waitlist_status_valid"
            ),
            models.UniqueConstraint(
                fields=["patient", "clinic", "service"],
                condition=Q(status__in=["waiting", "offered"]),
                name="one_open_waitlist_entry_per_service",
            ),
        ]

    def __str__(self) -> str:
        return f"Waitlist {self.earliest}–{self.latest} ({self.get_status_display()})"


class ReadinessCheck(models.Model):
    """The patient's confirmation, before an infusion, that they are ready for the day."""

    appointment = models.OneToOneField(
        Appointment, on_delete=models.CASCADE, related_name="readiness"
    )
    driver_arranged = models.BooleanField(_("an adult will drive me home"))
    fasting_understood = models.BooleanField(_("I will follow the clinic's fasting rule"))
    medications_understood = models.BooleanField(
        _("I will hold the medicines the clinic asked me to hold")
    )
    confirmed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(driver_arranged=True)
                & Q(fasting_understood=True)
                & Q(medications_understood=True),
                name="readiness_all_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"Ready, confirmed {self.confirmed_at:%Y-%m-%d %H:%M}"


class FrontDeskTask(TimeStampedModel):
    """Something the front desk must follow up by phone (an infusion not confirmed ready)."""

    class Kind(models.TextChoices):
        READINESS_UNCONFIRMED = "readiness_unconfirmed", _("Readiness not confirmed 24 h before")

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="front_desk_tasks")
    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="front_desk_tasks"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["done_at", "appointment__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["appointment", "kind"], name="one_task_per_visit_kind"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
