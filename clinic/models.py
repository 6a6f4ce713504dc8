import datetime as dt
import zoneinfo
from decimal import ROUND_FLOOR, Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not an IANA time zone."), params={"value": value})


US_STATES = [
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", "California"), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("DC", "District of Columbia"), ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"),
    ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"),
    ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"),
    ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"), ("MS", "Mississippi"),
    ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
    ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"),
    ("OR", "Oregon"), ("PA", "Pennsylvania"), ("RI", "Rhode Island"), ("SC", "South Carolina"),
    ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"),
    ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"), ("WV", "West Virginia"),
    ("WI", "Wisconsin"), ("WY", "Wyoming"),
]  # fmt: skip

zip_code_validator = RegexValidator(r"^\d{5}$", _("Enter a five-digit ZIP code."))


def default_reminder_hours() -> list[int]:
    return [48, 3]


def default_infusion_check_in_days() -> list[int]:
    return [1]


def default_series_check_in_days() -> list[int]:
    return [7, 30]


@deconstructible
class OffsetsValidator:
    """Reminder hours and check-in days: each given once, none zero, none beyond `most`. One
    plain message for the whole list (the array field's own per-item messages lose the reason)."""

    def __init__(self, most: int) -> None:
        self.most = most

    def __call__(self, values: list[int]) -> None:
        if len(set(values)) != len(values):
            raise ValidationError(_("Give each value once."), code="repeated")
        if any(value == 0 for value in values):
            raise ValidationError(_("Zero is not an offset: use 1 or more."), code="zero")
        if any(value > self.most for value in values):
            raise ValidationError(
                _("%(most)s is the most allowed here."), code="too_far", params={"most": self.most}
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, OffsetsValidator) and other.most == self.most


class Brand(TimeStampedModel):
    """An independent clinic brand of the network; a brand may run several clinics."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    tagline = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Clinic(TimeStampedModel):
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="clinics")
    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    street = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, choices=US_STATES)
    zip_code = models.CharField("ZIP code", max_length=5, validators=[zip_code_validator])
    # Filled from the ZIP code by clinic_save (clinic.services): the centre of the ZIP area.
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    phone = PhoneNumberField()
    email = models.EmailField()
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("IANA zone, e.g. America/Los_Angeles. Every time at this clinic uses it."),
    )
    short_description = models.CharField(max_length=280)
    long_description = models.TextField(blank=True)
    is_active = models.BooleanField(
        default=True, help_text=_("Inactive clinics are hidden from the public site.")
    )
    cancel_notice_hours = models.PositiveSmallIntegerField(
        default=24, help_text=_("Patients may cancel online up to this many hours before.")
    )
    reschedule_notice_hours = models.PositiveSmallIntegerField(
        default=24, help_text=_("Patients may reschedule online up to this many hours before.")
    )
    reminder_hours = ArrayField(
        models.PositiveSmallIntegerField(),
        default=default_reminder_hours,
        validators=[OffsetsValidator(24 * 14)],
        help_text=_("Reminders go this many hours before a visit (e.g. 48, 3)."),
    )
    # Follow-up check-ins (patients.surveys): side effects and pain after each infusion, pain
    # and the mood questionnaires after the last infusion of a series. Empty turns one off.
    infusion_check_in_days = ArrayField(
        models.PositiveSmallIntegerField(),
        default=default_infusion_check_in_days,
        blank=True,
        validators=[OffsetsValidator(14)],
        help_text=_(
            "Ask about side effects and pain this many days after each infusion (e.g. 1). "
            "Leave empty to ask nothing after single infusions."
        ),
    )
    series_check_in_days = ArrayField(
        models.PositiveSmallIntegerField(),
        default=default_series_check_in_days,
        blank=True,
        validators=[OffsetsValidator(365)],
        help_text=_(
            "Ask about pain and mood this many days after the last infusion of a series "
            "(e.g. 7, 30, 90)."
        ),
    )
    check_in_time = models.TimeField(
        default=dt.time(10),
        help_text=_("Check-in invitations go out at this time of day, clinic time."),
    )
    infusion_gap_hours = models.PositiveSmallIntegerField(
        _("hours between a patient's infusions"),
        default=24,
        # Twelve hours at the least: two infusions in one day is never a series.
        validators=[MinValueValidator(12), MaxValueValidator(24 * 14)],
        help_text=_(
            "No infusion is booked closer than this to another infusion of the same patient, "
            "by anyone (a series plan may ask for more)."
        ),
    )

    class Meta:
        ordering = ["name"]
        permissions = [
            ("access_all_clinics", "Can see and manage every clinic of the network"),
            ("read_demo_mail", "Can read the demo outbox (email written to files)"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(zip_code__regex=r"^\d{5}$"), name="clinic_zip_code_five_digits"
            ),
            models.CheckConstraint(
                condition=Q(infusion_gap_hours__gte=12, infusion_gap_hours__lte=24 * 14),
                name="clinic_infusion_gap_sane",
                violation_error_message=_("Between 12 hours and 14 days apart."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clinic:detail", kwargs={"slug": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """One opening period on a weekday, in the clinic's local time; a split day has two rows."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens_at = models.TimeField()
    closes_at = models.TimeField()

    class Meta:
        ordering = ["clinic", "weekday", "opens_at"]
        verbose_name_plural = "opening hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="opening_hours_close_after_open",
                violation_error_message=_("The clinic closes after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="opening_hours_weekday_range"
            ),
            models.UniqueConstraint(
                fields=["clinic", "weekday", "opens_at"], name="opening_hours_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Closing time must be after opening time.")})
        if not self.clinic_id or self.weekday is None or not (self.opens_at and self.closes_at):
            return
        overlapping = OpeningHours.objects.filter(
            clinic_id=self.clinic_id,
            weekday=self.weekday,
            opens_at__lt=self.closes_at,
            closes_at__gt=self.opens_at,
        ).exclude(pk=self.pk)
        if overlapping.exists():
            raise ValidationError(_("These hours overlap other hours on the same day."))


class Closure(models.Model):
    """A whole day the clinic is closed (a holiday, a training day), in its local calendar."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField()
    reason = models.CharField(max_length=120)

    class Meta:
        ordering = ["clinic", "date"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "date"], name="closure_one_per_clinic_day"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}"


class StaffRole(models.TextChoices):
    CLINIC_MANAGER = "clinic_manager", _("Clinic manager")
    PHYSICIAN = "physician", _("Physician")
    NURSE = "nurse", _("Nurse")
    FRONT_DESK = "front_desk", _("Front desk")


def default_provider_roles() -> list[str]:
    return ["physician"]


class Service(TimeStampedModel):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Initial consultation")
        INFUSION = "infusion", _("IV ketamine infusion")
        BOOSTER = "booster", _("Booster infusion")
        FOLLOW_UP = "follow_up", _("Follow-up visit")
        ESKETAMINE = "esketamine", _("Esketamine (Spravato) session")

    class Delivery(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("By video")

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120)
    description = models.TextField(blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IN_PERSON)
    duration_minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(5)])
    observation_minutes = models.PositiveSmallIntegerField(
        default=0, help_text=_("Monitored recovery time after the service itself.")
    )
    price = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("In US dollars; 0 means free."),
    )
    is_active = models.BooleanField(default=True)
    display_order = models.PositiveSmallIntegerField(default=0)
    # Scheduling: who delivers it, where, and how patients may book it.
    needs_chair = models.BooleanField(
        default=False, help_text=_("Takes an infusion chair for the service and observation.")
    )
    provider_roles = ArrayField(
        models.CharField(max_length=20, choices=StaffRole.choices),
        default=default_provider_roles,
        help_text=_("Staff roles that can deliver this service."),
    )
    bookable_online = models.BooleanField(
        default=True, help_text=_("Patients may book it themselves; otherwise staff only.")
    )
    min_notice_hours = models.PositiveSmallIntegerField(
        default=24, help_text=_("The earliest a booking may start, in hours from now.")
    )
    horizon_days = models.PositiveSmallIntegerField(
        default=60, help_text=_("The latest a booking may start, in days from now.")
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        default=0, help_text=_("Time kept free after it (cleaning, notes).")
    )
    reminder_hours = ArrayField(
        models.PositiveSmallIntegerField(),
        null=True,
        validators=[OffsetsValidator(24 * 14)],
        blank=True,
        help_text=_("Reminder times for this service; empty uses the clinic's."),
    )

    class Meta:
        ordering = ["clinic", "display_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "slug"], name="service_slug_unique_per_clinic"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="service_price_not_negative"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5), name="service_duration_at_least_5_minutes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.clinic})"

    @property
    def is_free(self) -> bool:
        return self.price == 0

    @property
    def needs_clearance(self) -> bool:
        """Infusions and boosters only for patients a physician has cleared (or by staff)."""
        return self.kind in (self.Kind.INFUSION, self.Kind.BOOSTER, self.Kind.ESKETAMINE)


class Package(TimeStampedModel):
    """N sessions of one service at a package price; the saving is computed, never typed in."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="packages")
    name = models.CharField(max_length=120)
    sessions = models.PositiveSmallIntegerField(validators=[MinValueValidator(2)])
    price = models.DecimalField(
        max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["service", "sessions"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions__gte=2), name="package_at_least_2_sessions"
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="package_price_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def single_sessions_price(self) -> Decimal:
        return self.service.price * self.sessions

    @property
    def savings_percent(self) -> int:
        """Whole percent saved against paying for each session singly, rounded down so the page
        never claims more than the real saving; 0 when the package saves nothing."""
        full = self.single_sessions_price
        if full <= 0 or self.price >= full:
            return 0
        percent = (full - self.price) * 100 / full
        return int(percent.to_integral_value(rounding=ROUND_FLOOR))

    def clean(self) -> None:
        priced = self.service_id and self.price and self.sessions
        if priced and self.price >= self.service.price * self.sessions:
            raise ValidationError(
                {"price": _("A package must cost less than the same sessions booked singly.")}
            )


class StaffProfile(TimeStampedModel):
    class Credential(models.TextChoices):
        MD = "MD", "MD"
        DO = "DO", "DO"
        CRNA = "CRNA", "CRNA"
        NP = "NP", "NP"
        PA = "PA", "PA"
        RN = "RN", "RN"
        NONE = "", _("None")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    display_name = models.CharField(max_length=120)
    credentials = models.CharField(max_length=8, choices=Credential.choices, blank=True)
    title = models.CharField(max_length=120, blank=True, help_text=_("e.g. Medical director"))
    bio = models.TextField(blank=True)
    photo = models.ImageField(upload_to="staff/", blank=True)
    show_on_public_site = models.BooleanField(default=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.name_with_credentials

    @property
    def name_with_credentials(self) -> str:
        return f"{self.display_name}, {self.credentials}" if self.credentials else self.display_name


class ClinicMembership(TimeStampedModel):
    """Where a staff member works and in which role; the role's group says what they may do."""

    Role = StaffRole

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_memberships"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["clinic", "role", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "clinic"], name="membership_one_role_per_clinic"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.clinic}"
