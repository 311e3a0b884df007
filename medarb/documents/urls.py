from django.urls import path

from medarb.documents import views

app_name = "documents"
urlpatterns = [
    path("forms/", views.template_centre, name="template_centre"),
    path("forms/<slug:code>.<str:fmt>", views.blank_form, name="blank_form"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<slug:code>/", views.template_edit, name="template_edit"),
    path("templates/<slug:code>/preview/", views.template_preview, name="template_preview"),
    path("case/<id:case_id>/issue/", views.issue, name="issue"),
    path("case/<id:case_id>/upload/", views.upload_paper, name="upload_paper"),
    path("<id:document_id>/file/", views.document_file, name="file"),
    path("<id:document_id>/sign/", views.sign, name="sign"),
]
