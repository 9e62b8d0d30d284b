from django.urls import path

from linkwork.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report, name="index"),
    path("records/<slug:figure>/", views.records, name="records"),
    path("export/<slug:table>.csv", views.export_csv, name="csv"),
    path("export/report.pdf", views.export_pdf, name="pdf"),
]
