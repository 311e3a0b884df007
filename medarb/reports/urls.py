from django.urls import path

from medarb.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.table, name="table"),
    path("table.xlsx", views.table_xlsx, name="table_xlsx"),
    path("kept/", views.kept_list, name="kept_list"),
    path("kept/<int:report_id>/", views.kept_detail, name="kept_detail"),
    path("kept/<int:report_id>/file/", views.kept_file, name="kept_file"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
