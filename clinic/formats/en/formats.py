"""How Django itself writes a date and time in English pages (the admin's history, any value it
renders with its defaults): the same as clinic.localtime.local_time's "datetime" style,
"Tue Nov 10 2026, 9:00 AM PST", on the active zone's clock (the reader's, in the admin), never
a time without its zone's label."""

DATETIME_FORMAT = "D M j Y, g:i A T"
SHORT_DATETIME_FORMAT = "D M j Y, g:i A T"
