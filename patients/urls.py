from django.urls import path

from patients import views

app_name = "patients"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("<uuid:pk>/", views.patient_detail, name="detail"),
    path("<uuid:pk>/edit/", views.patient_edit, name="edit"),
    path("<uuid:pk>/reassign/", views.reassign, name="reassign"),
    path("<uuid:pk>/consent/", views.consent_add, name="consent_add"),
    path("<uuid:pk>/contacts/add/", views.contact_add, name="contact_add"),
    path("<uuid:pk>/needs/add/", views.need_add, name="need_add"),
    path("<uuid:pk>/needs/<uuid:need_pk>/met/", views.need_resolve, name="need_resolve"),
    path("<uuid:pk>/support/add/", views.support_add, name="support_add"),
    path("<uuid:pk>/support/<uuid:support_pk>/", views.support_edit, name="support_edit"),
    path("<uuid:pk>/measures/add/", views.measure_add, name="measure_add"),
]
