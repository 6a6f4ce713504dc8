import datetime
import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from clinic.models import US_STATES, zip_code_validator

from .fields import EncryptedJSONField, EncryptedTextField


class EmailUserManager(UserManager):
    """Users sign in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """Anyone who signs in: patients, clinic staff, marketers, network admins.

    What a person may do comes from their clinic memberships (clinic.ClinicMembership) and their
    network-wide groups; a patient is a user with a patient profile (patients issue).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    username = None
    email = models.EmailField(_("email address"), unique=True)

    objects = EmailUserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="patients_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class PatientProfile(models.Model):
    """Who the patient is. Created at sign-up (name and date of birth), completed in the portal."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="patient_profile")
    legal_first_name = models.CharField(_("legal first name"), max_length=100)
    legal_last_name = models.CharField(_("legal last name"), max_length=100)
    preferred_name = models.CharField(
        _("preferred name"), max_length=100, blank=True, help_text=_("What we should call you.")
    )
    date_of_birth = models.DateField(_("date of birth"))
    phone = PhoneNumberField(_("mobile phone"), blank=True)
    street = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True, choices=US_STATES)
    zip_code = models.CharField(
        _("ZIP code"), max_length=5, blank=True, validators=[zip_code_validator]
    )
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=120, blank=True)
    emergency_contact_phone = PhoneNumberField(_("emergency contact's phone"), blank=True)
    emergency_contact_relationship = models.CharField(
        _("relationship to you"), max_length=60, blank=True
    )
    preferred_clinic = models.ForeignKey(
        "clinic.Clinic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred clinic"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["legal_last_name", "legal_first_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_of_birth__gte=datetime.date(1900, 1, 1)),
                name="patient_born_after_1900",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def permission_clinic_ids(self) -> set[int]:
        """A patient belongs to the clinics they chose, or that registered them (ClinicPatient):
        never to a clinic that merely typed their email."""
        return set(self.clinic_links.values_list("clinic_id", flat=True))

    @property
    def legal_name(self) -> str:
        return f"{self.legal_first_name} {self.legal_last_name}"

    @property
    def greeting_name(self) -> str:
        return self.preferred_name or self.legal_first_name


class CommunicationConsent(models.Model):
    """One giving or withdrawal of consent to be contacted on a channel. Append-only: the
    current consent is the newest row per channel (patients.selectors.patient_consents)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("Text message (SMS)")

    class Method(models.TextChoices):
        SIGNUP = "signup", _("Sign-up form")
        PORTAL = "portal", _("Patient portal preferences")
        INTAKE = "intake", _("Intake consent step")
        SMS_REPLY = "sms_reply", _("SMS reply (STOP/START)")
        STAFF = "staff", _("Recorded by clinic staff")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(PatientProfile, on_delete=models.CASCADE, related_name="consents")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    granted = models.BooleanField()
    method = models.CharField(max_length=20, choices=Method.choices)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    client_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["patient", "channel", "-recorded_at"])]

    def __str__(self) -> str:
        verb = "granted" if self.granted else "withdrew"
        return f"{verb} {self.get_channel_display()} on {self.recorded_at:%Y-%m-%d}"


class ClinicPatient(models.Model):
    """A patient of a clinic: the one fact that lets the clinic's staff reach the patient's
    record. Written when the patient starts an intake, books or joins a waitlist there, or when
    staff register a patient who gave them their name, date of birth and email
    (patients.services.clinic_patient_add), each time with how and by whom."""

    class How(models.TextChoices):
        INTAKE = "intake", _("Started an intake here")
        BOOKING = "booking", _("Booked here online")
        WAITLIST = "waitlist", _("Joined a waitlist here")
        STAFF = "staff", _("Registered by staff with name, date of birth and email")
        EARLIER = "earlier", _("A patient here before this record existed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(
        PatientProfile, on_delete=models.CASCADE, related_name="clinic_links"
    )
    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, related_name="patient_links"
    )
    how = models.CharField(max_length=10, choices=How.choices)
    added_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("patient of a clinic")
        verbose_name_plural = _("patients of clinics")
        constraints = [
            models.UniqueConstraint(fields=["patient", "clinic"], name="one_link_per_clinic"),
            models.CheckConstraint(
                condition=models.Q(how__in=["intake", "booking", "waitlist", "staff", "earlier"]),
                name="clinic_patient_how_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_how_display()} ({self.created_at:%Y-%m-%d})"

    def permission_clinic_ids(self) -> set[int]:
        return {self.clinic_id}


class AccountClosureRequest(models.Model):
    """A patient's request to close their account; staff handle it (records are kept as the
    law requires, and the portal login is switched off)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(
        PatientProfile, on_delete=models.CASCADE, related_name="closure_requests"
    )
    reason = EncryptedTextField(blank=True, max_length=2000)
    requested_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=models.Q(handled_at__isnull=True),
                name="one_open_closure_request_per_patient",
            ),
        ]

    def __str__(self) -> str:
        return f"Closure request of {self.requested_at:%Y-%m-%d}"

    def permission_clinic_ids(self) -> set[int]:
        return self.patient.permission_clinic_ids()


class Intake(models.Model):
    """A patient's intake for one clinic: seven steps of answers, then screening and review.

    `answers` holds each step's validated answers under the step's slug (patients.intake lists
    the steps and their forms); the scores and the urgent mark are columns so the review queue
    can sort and filter on them.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        MORE_INFO = "more_info", _("More information needed")
        CLEARED = "cleared", _("Cleared for infusion")
        DECLINED = "declined", _("Not a candidate")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(PatientProfile, on_delete=models.CASCADE, related_name="intakes")
    clinic = models.ForeignKey("clinic.Clinic", on_delete=models.PROTECT, related_name="intakes")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    answers = EncryptedJSONField(default=dict, blank=True)
    is_urgent = models.BooleanField(
        default=False, help_text=_("PHQ-9 item 9 answered above zero: contact the patient today.")
    )
    phq9_score = models.PositiveSmallIntegerField(null=True, blank=True)
    phq9_item9 = models.PositiveSmallIntegerField(null=True, blank=True)
    gad7_score = models.PositiveSmallIntegerField(null=True, blank=True)
    pcl5_score = models.PositiveSmallIntegerField(null=True, blank=True)
    signature_name = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_ip = models.GenericIPAddressField(null=True, blank=True)
    signed_user_agent = models.CharField(max_length=300, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = EncryptedTextField(blank=True, max_length=4000)
    info_request_step = models.CharField(max_length=20, blank=True)
    info_request_note = EncryptedTextField(blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_urgent", "submitted_at"]
        permissions = [
            ("review_intake", "Can start a review and ask the patient for more information"),
            ("decide_intake", "Can clear a patient for infusion or decline them"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["patient", "clinic"], name="one_intake_per_clinic"),
            models.CheckConstraint(
                condition=models.Q(phq9_score__lte=27)
                & models.Q(gad7_score__lte=21)
                & models.Q(pcl5_score__lte=80)
                & models.Q(phq9_item9__lte=3),
                name="intake_scores_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="intake_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["clinic", "status", "-is_urgent", "submitted_at"])]

    def __str__(self) -> str:
        return f"Intake {str(self.id)[:8]} ({self.get_status_display()})"

    @property
    def is_editable_by_patient(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.MORE_INFO)


class ScreeningFlag(models.Model):
    """A reason, derived from the answers, for a clinician to look closely. Never a refusal."""

    class Code(models.TextChoices):
        SELF_HARM = "self_harm", _("PHQ-9 item 9 positive")
        HYPERTENSION_UNCONTROLLED = "bp_uncontrolled", _("Uncontrolled hypertension")
        HYPERTENSION = "bp_reported", _("High blood pressure")
        HEART_DISEASE = "heart", _("Heart disease")
        STROKE = "stroke", _("Stroke")
        LIVER = "liver", _("Liver disease")
        EYE_PRESSURE = "eye_pressure", _("Glaucoma or raised eye pressure")
        INTRACRANIAL = "intracranial", _("Head injury or raised intracranial pressure")
        SEIZURES = "seizures", _("Seizures")
        PSYCHOSIS = "psychosis", _("Psychosis or mania")
        SUBSTANCE_ACTIVE = "substance_active", _("Active substance use")
        SUBSTANCE_PAST = "substance_past", _("Past substance use")
        PREGNANCY = "pregnancy", _("Possible pregnancy or breastfeeding")
        BENZODIAZEPINES = "benzodiazepines", _("Takes benzodiazepines")
        LAMOTRIGINE = "lamotrigine", _("Takes lamotrigine")
        OPIOIDS = "opioids", _("Takes opioids")
        NO_DRIVER = "no_driver", _("No one to drive them home")

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="flags")
    code = models.CharField(max_length=20, choices=Code.choices)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["intake", "code"]
        constraints = [
            models.UniqueConstraint(fields=["intake", "code"], name="one_flag_per_code"),
        ]

    def __str__(self) -> str:
        return self.reason


class IntakeEvent(models.Model):
    """Every status change of an intake: who, from what, to what, when, and the note."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=Intake.Status.choices)
    to_status = models.CharField(max_length=12, choices=Intake.Status.choices)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class AuditEvent(models.Model):
    """One read or write of patient data: who, in which role, which patient and object, what
    and which fields, when, from where. Append-only: PostgreSQL refuses updates and deletes
    (a trigger, migration 0003), and the admin shows it read-only."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        LIST = "list", _("Listed")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        EXPORT = "export", _("Exported")
        DOWNLOAD = "download", _("Downloaded")
        SEND = "send", _("Sent a message")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_role = models.CharField(max_length=200)
    patient = models.ForeignKey(
        PatientProfile, on_delete=models.PROTECT, related_name="audit_events"
    )
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    action = models.CharField(max_length=10, choices=Action.choices)
    fields = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    via = models.CharField(max_length=10, default="web")
    # The clinics in whose name it happened: the actor's clinics that the object belongs to
    # (empty for the patient's own reads). A manager reads the events of their clinics only.
    clinics = ArrayField(models.IntegerField(), default=list, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["patient", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_type} {self.at:%Y-%m-%d %H:%M} UTC"

    def permission_clinic_ids(self) -> set[int]:
        return set(self.clinics)


# What staff read in the communication log for each kind of message (templates/messages/).
MESSAGE_KINDS = {
    "booking_confirmation": _("Booking confirmation"),
    "series_confirmation": _("Series booked (every date)"),
    "booking_rescheduled": _("Visit moved"),
    "booking_cancelled": _("Visit cancelled"),
    "reminder": _("Reminder"),
    "readiness_check": _("Readiness check"),
    "intake_update": _("Intake update"),
    "waitlist_offer": _("Waitlist offer"),
    "survey_invite": _("Check-in invitation"),
    "urgent_intake_alert": _("Urgent intake alert (clinic)"),
    "urgent_survey_alert": _("Urgent check-in alert (clinic)"),
    "contact_message": _("Contact message alert (clinic)"),
    "contact_ack": _("Contact acknowledgement"),
    "newsletter_confirm": _("Newsletter confirmation"),
    "newsletter_issue": _("Newsletter"),
}


class OutboundMessage(models.Model):
    """One message to send: the outbox. Written in the same transaction as the change that causes
    it; sent by the beat sweep (patients.outbox), which claims due rows with SKIP LOCKED. The
    idempotency key is unique, so nothing can queue the same message twice, and it is handed to
    the provider so that a resend after a crash is recognised there."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    idempotency_key = models.CharField(max_length=200, unique=True)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    kind = models.CharField(max_length=40)
    patient = models.ForeignKey(
        PatientProfile, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    to_address = models.CharField(max_length=254, help_text=_("Email address or E.164 number."))
    appointment = models.ForeignKey(
        "scheduling.Appointment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
    )
    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    about_time = models.DateTimeField(
        null=True, blank=True, help_text=_("The time a message is about, without a visit.")
    )
    due_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    skip_reason = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_at"]
        indexes = [
            models.Index(
                fields=["due_at"],
                name="outbox_pending_due",
                condition=models.Q(status="pending"),
            ),
            # Each sweep first looks for rows a dead worker left "sending": few, in a big table.
            models.Index(
                fields=["claimed_at"],
                name="outbox_sending_claimed",
                condition=models.Q(status="sending"),
            ),
            models.Index(fields=["patient", "-due_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} by {self.channel} ({self.get_status_display()})"

    @property
    def kind_display(self) -> str:
        return MESSAGE_KINDS.get(self.kind, self.kind.replace("_", " "))

    def permission_clinic_ids(self) -> set[int]:
        return {self.clinic_id} if self.clinic_id else set()


class FollowUpSurvey(models.Model):
    """A check-in after treatment, on the clinic's schedule: days after an infusion (side
    effects, pain; by default the next day) and days after the last infusion of a series (pain
    and the mood questionnaires; by default 7 and 30)."""

    class Kind(models.TextChoices):
        AFTER_INFUSION = "after_infusion", _("After an infusion")
        AFTER_SERIES = "after_series", _("After a series")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(PatientProfile, on_delete=models.CASCADE, related_name="surveys")
    clinic = models.ForeignKey("clinic.Clinic", on_delete=models.PROTECT, related_name="+")
    appointment = models.ForeignKey(
        "scheduling.Appointment", on_delete=models.CASCADE, related_name="surveys"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    days_after = models.PositiveSmallIntegerField(
        default=1, help_text=_("Days after the infusion (or the series' last one) it is asked.")
    )
    due_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    pain = models.PositiveSmallIntegerField(null=True, blank=True)
    side_effects = ArrayField(models.CharField(max_length=30), default=list, blank=True)
    phq9_score = models.PositiveSmallIntegerField(null=True, blank=True)
    phq9_item9 = models.PositiveSmallIntegerField(null=True, blank=True)
    gad7_score = models.PositiveSmallIntegerField(null=True, blank=True)
    pcl5_score = models.PositiveSmallIntegerField(null=True, blank=True)
    answers = EncryptedJSONField(default=dict, blank=True)
    needs_attention = models.BooleanField(
        default=False,
        help_text=_(
            "Set when answered: a side effect or a note from the patient, severe pain or a "
            "severe mood score, for the clinic to read first."
        ),
    )

    class Meta:
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "kind", "days_after"], name="one_survey_per_visit_kind_day"
            ),
            models.CheckConstraint(
                condition=models.Q(pain__lte=10)
                & models.Q(phq9_score__lte=27)
                & models.Q(gad7_score__lte=21)
                & models.Q(pcl5_score__lte=80),
                name="survey_scores_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({'answered' if self.answered_at else 'open'})"

    def permission_clinic_ids(self) -> set[int]:
        return {self.clinic_id}

    @property
    def title(self) -> str:
        """What the patient reads: "The day after your infusion", "30 days after your series"."""
        days = self.days_after
        if self.kind == self.Kind.AFTER_INFUSION:
            if days == 1:
                return gettext("The day after your infusion")
            text = ngettext(
                "%(days)d day after your infusion", "%(days)d days after your infusion", days
            )
        else:
            if days == 7:
                return gettext("A week after your series")
            text = ngettext(
                "%(days)d day after your series", "%(days)d days after your series", days
            )
        return text % {"days": days}
