from django.urls import path

from . import views

app_name = "clinic"

urlpatterns = [
    path("", views.home, name="home"),
    path("clinics/", views.clinic_list, name="list"),
    path("clinics/<slug:slug>/", views.clinic_detail, name="detail"),
]

urlpatterns += [
    path("privacy/", views.page("pages/privacy.html"), name="privacy"),
    path("terms/", views.page("pages/terms.html"), name="terms"),
    path("accessibility/", views.page("pages/accessibility.html"), name="accessibility"),
]
