from django.urls import path

from medarb.archives import views

app_name = "archives"
urlpatterns = [
    path("", views.home, name="home"),
    path("rules/", views.rules, name="rules"),
    path("cases/<id:case_id>/panel/", views.panel, name="panel"),
    path("cases/<id:case_id>/reading/", views.reading_request, name="reading_request"),
    path("cases/<id:case_id>/<str:action>/", views.act, name="act"),
    path("volumes/<id:volume_id>.pdf", views.volume, name="volume"),
    path("dossiers/<id:dossier_id>/<str:action>/", views.archivist_act, name="archivist_act"),
    path("decide/<str:kind>/<id:item_id>/", views.decide, name="decide"),
    path("readings/<id:reading_id>.pdf", views.reading, name="reading"),
]
