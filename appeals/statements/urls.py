from django.urls import path

from appeals.statements import views

app_name = "statements"

urlpatterns = [
    path("case/<uuid:case_id>/request/", views.statement_request, name="request"),
    path("case/<uuid:case_id>/new/", views.statement_start, name="start"),
    path("<uuid:pk>/", views.statement_detail, name="detail"),
    path("<uuid:pk>/write/", views.statement_write, name="write"),
    path("<uuid:pk>/sign/", views.statement_sign, name="sign"),
    path("<uuid:pk>/decline/", views.statement_decline, name="decline"),
    path("<uuid:pk>/withdraw/", views.statement_withdraw, name="withdraw"),
    path("<uuid:pk>/chase/", views.statement_chase, name="chase"),
    path("<uuid:pk>/correct/", views.statement_correct, name="correct"),
]
