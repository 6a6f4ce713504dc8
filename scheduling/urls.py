from django.urls import path

from . import views

app_name = "scheduling"

BOOK = "book/<slug:clinic_slug>/<slug:service_slug>/"
VISIT = "portal/appointments/<uuid:appointment_id>/"

urlpatterns = [
    path(
        "api/clinics/<slug:clinic_slug>/availability",
        views.api_availability,
        name="api_availability",
    ),
    path("book/", views.book_start, name="book"),
    path("book/<slug:clinic_slug>/", views.book_service, name="book_service"),
    path(BOOK, views.book_time, name="book_time"),
    path(BOOK + "confirm/", views.book_confirm, name="book_confirm"),
    path("portal/appointments/", views.appointment_list, name="appointments"),
    path(VISIT, views.appointment_detail, name="appointment"),
    path(VISIT + "calendar.ics", views.appointment_calendar_file, name="appointment_ics"),
    path(VISIT + "cancel/", views.appointment_cancel_view, name="appointment_cancel"),
    path(VISIT + "ready/", views.appointment_ready_view, name="appointment_ready"),
    path(VISIT + "reschedule/", views.appointment_reschedule_view, name="appointment_reschedule"),
    path(BOOK + "waitlist/", views.waitlist_join_view, name="waitlist_join"),
    path("portal/waitlist/", views.waitlist_view, name="waitlist"),
    path(
        "portal/waitlist/<uuid:entry_id>/claim/", views.waitlist_claim_view, name="waitlist_claim"
    ),
    path(
        "portal/waitlist/<uuid:entry_id>/leave/", views.waitlist_leave_view, name="waitlist_leave"
    ),
]
