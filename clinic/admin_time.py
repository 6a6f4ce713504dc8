"""Every date and time an admin page shows is on a clinic's wall clock, with its label.

`LocalTimeAdminMixin` turns each DateTimeField an admin lists (`list_display`) or shows read-only
(`readonly_fields`, or every field of a view-only page) into a column or field rendered by
`clinic.localtime.local_time` in the zone of the row's clinic; rows that belong to no clinic are
shown in the reader's zone. A column still sorts by its field and keeps its CSS class.
Datetime inputs are read in the reader's zone (ReaderTimeZoneMiddleware) and say which.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .localtime import as_zone, local_time, zone_label

AUTO = "auto"


class LocalTimeAdminMixin:
    #: the path from a row to the Clinic whose zone its times are read in ("" when the row is a
    #: clinic; None when rows belong to no clinic, or to several: the reader's zone). By default
    #: the model's `clinic` field when it has one.
    time_zone_path: str | None = AUTO

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.time_zone_path == AUTO:
            self.time_zone_path = self._default_zone_path()
        self._local_fields = {
            field.name: self._local_field(field)
            for field in self.model._meta.get_fields()
            if isinstance(field, models.DateTimeField)
        }

    def _default_zone_path(self) -> str | None:
        from .models import Clinic

        if self.model is Clinic:
            return ""
        names = {field.name for field in self.model._meta.get_fields()}
        return "clinic" if "clinic" in names else None

    def row_zone(self, obj) -> ZoneInfo:
        """The zone `obj`'s times are read in: its clinic's, else the reader's."""
        clinic = obj
        if self.time_zone_path is None:
            clinic = None
        elif self.time_zone_path:
            for step in self.time_zone_path.split("__"):
                clinic = getattr(clinic, step, None)
                if clinic is None:
                    break
        return as_zone(clinic.time_zone if clinic is not None else None)

    def _local_field(self, field):
        def show(obj):
            return local_time(getattr(obj, field.name), self.row_zone(obj)) or None

        show.__name__ = field.name  # the column keeps its CSS class (field-<name>)
        show.short_description = capfirst(field.verbose_name)
        show.admin_order_field = field.name
        return show

    def _as_local(self, names, *, only=None):
        return [
            self._local_fields.get(name, name)
            if isinstance(name, str) and (only is None or name in only)
            else name
            for name in names
        ]

    def get_list_display(self, request):
        return self._as_local(super().get_list_display(request))

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        return self._as_local(links) if links else links

    def get_readonly_fields(self, request, obj=None):
        return self._as_local(super().get_readonly_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        # Read-only datetimes become their local rendering; on a view-only page every field is
        # read-only.
        readonly = {
            name for name in super().get_readonly_fields(request, obj) if isinstance(name, str)
        }
        view_only = obj is not None and not self.has_change_permission(request, obj)
        only = None if view_only else readonly
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [
                tuple(self._as_local(line, only=only))
                if isinstance(line, (list, tuple))
                else self._as_local([line], only=only)[0]
                for line in options.get("fields", ())
            ]
            fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and formfield is not None:
            # Django reads and shows the input in the active zone: the reader's.
            where = _("Time in %(zone)s.") % {"zone": zone_label()}
            formfield.help_text = f"{formfield.help_text} {where}".strip()
        return formfield
