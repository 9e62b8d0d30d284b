from django.urls import path

from appeals import views

app_name = "appeals"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("deadlines/", views.my_deadlines, name="my_deadlines"),
    path("new/", views.case_start, name="case_start"),
    path("new/<uuid:patient_id>/", views.case_create, name="case_create"),
    path("<uuid:pk>/", views.case_detail, name="case_detail"),
    path("<uuid:pk>/edit/", views.case_edit, name="case_edit"),
    path("<uuid:pk>/stage/<slug:to>/", views.case_transition, name="case_transition"),
    path("<uuid:pk>/pip-estimate/", views.pip_estimate, name="pip_estimate"),
    path("<uuid:pk>/notes/", views.note_add, name="note_add"),
    path("<uuid:pk>/deadlines/new/", views.deadline_add, name="deadline_add"),
    path(
        "<uuid:pk>/deadlines/<uuid:deadline_id>/status/",
        views.deadline_status,
        name="deadline_status",
    ),
]
