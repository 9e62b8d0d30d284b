from django.urls import path

from appeals.letters import views

app_name = "letters"

urlpatterns = [
    path("case/<uuid:case_id>/", views.case_letters, name="case_letters"),
    path("case/<uuid:case_id>/new/", views.letter_create, name="letter_create"),
    path("<uuid:pk>/status/", views.letter_status, name="letter_status"),
    path("<uuid:pk>/download/", views.letter_download, name="letter_download"),
    path("<uuid:pk>/retry/", views.letter_retry, name="letter_retry"),
]
