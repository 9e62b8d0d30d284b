from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.referral_create, name="create"),
    path("<uuid:pk>/", views.referral_detail, name="detail"),
    path("<uuid:pk>/status/", views.referral_transition, name="transition"),
]
