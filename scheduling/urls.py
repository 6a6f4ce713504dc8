from django.urls import path

from . import views

app_name = "scheduling"

urlpatterns = [
    path("api/clinics/<slug:clinic_slug>/availability", views.api_availability, name="api_availability"),
    path("book/", views.book_start, name="book"),
    path("book/<slug:clinic_slug>/", views.book_service, name="book_service"),
    path("book/<slug:clinic_slug>/<slug:service_slug>/", views.book_time, name="book_time"),
    path("book/<slug:clinic_slug>/<slug:service_slug>/confirm/", views.book_confirm, name="book_confirm"),
    path("portal/appointments/", views.appointment_list, name="appointments"),
    path("portal/appointments/<uuid:appointment_id>/", views.appointment_detail, name="appointment"),
    path("portal/appointments/<uuid:appointment_id>/calendar.ics", views.appointment_calendar_file, name="appointment_ics"),
    path("portal/appointments/<uuid:appointment_id>/cancel/", views.appointment_cancel_view, name="appointment_cancel"),
    path("portal/appointments/<uuid:appointment_id>/reschedule/", views.appointment_reschedule_view, name="appointment_reschedule"),
]  # fmt: skip
