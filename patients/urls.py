from django.urls import path

from . import views

app_name = "patients"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.profile_edit, name="profile"),
    path("preferences/", views.preferences_edit, name="preferences"),
    path("intake/", views.intake_choose_clinic, name="intake_start"),
    path("intake/<uuid:intake_id>/", views.intake_detail, name="intake_detail"),
    path("intake/<uuid:intake_id>/support/", views.intake_support, name="intake_support"),
    path("intake/<uuid:intake_id>/<slug:step>/", views.intake_step, name="intake_step"),
    path("check-in/<uuid:survey_id>/", views.survey_answer_view, name="survey"),
    path("my-data/", views.data_export, name="data_export"),
    path("my-data.json", views.data_export_json, name="data_export_json"),
    path("close-account/", views.account_close, name="account_close"),
]
