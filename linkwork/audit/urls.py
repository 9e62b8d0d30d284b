from django.urls import path

from linkwork.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("patients/<uuid:patient_id>/", views.patient_access, name="patient_access"),
    path(
        "patients/<uuid:patient_id>/subject-access.json",
        views.subject_access,
        name="subject_access",
    ),
]
