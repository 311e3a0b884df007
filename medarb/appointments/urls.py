from django.urls import path

from medarb.appointments import views, views_manage

app_name = "appointments"
urlpatterns = [
    path("", views.points, name="points"),
    path("mine/", views.mine, name="mine"),
    path("manage/", views_manage.manage_points, name="manage"),
    path("manage/new/", views_manage.edit_point, name="new_point"),
    path("manage/<id:point_id>/", views_manage.edit_point, name="edit_point"),
    path("<id:point_id>/book/", views.book, name="book"),
    path("bookings/<id:booking_id>/cancel/", views.cancel, name="cancel"),
    path("bookings/<id:booking_id>/reschedule/", views.reschedule, name="reschedule"),
    path("bookings/<id:booking_id>/check-in/", views.remote_check_in, name="check_in"),
    path("<id:point_id>/kiosk/", views.kiosk, name="kiosk"),
    path("<id:point_id>/display/", views.display, name="display"),
    path("<id:point_id>/queue/", views.queue_state, name="queue_state"),
    path("<id:point_id>/counter/", views.counter, name="counter"),
]
