from django.urls import path

from linkwork.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("bell/", views.bell, name="bell"),
    path("read-all/", views.notifications_read_all, name="read_all"),
    path("<uuid:pk>/read/", views.notification_read, name="read"),
    path("settings/", views.preferences, name="preferences"),
]
