from django.urls import path

from medarb.search import views, views_records

app_name = "search"
urlpatterns = [
    path("", views.law_list, name="laws"),
    path("search/", views.library_search, name="search"),
    path("<id:law_id>/", views.law_detail, name="law"),
    path("cases/<id:case_id>/", views.typical_case, name="typical_case"),
    path("records/", views_records.records, name="records"),
    path("records/<id:entry_id>/", views_records.record_detail, name="record"),
]
