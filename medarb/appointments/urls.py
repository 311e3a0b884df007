from django.urls import path

from medarb.appointments import views

app_name = "appointments"
urlpatterns = [
    path("", views.points, name="points"),
    path("mine/", views.mine, name="mine"),
    path("<id:point_id>/book/", views.book, name="book"),
    path("bookings/<id:booking_id>/cancel/", views.cancel, name="cancel"),
    path("bookings/<id:booking_id>/reschedule/", views.reschedule, name="reschedule"),
    path("bookings/<id:booking_id>/check-in/", views.remote_check_in, name="check_in"),
    path("<id:point_id>/kiosk/", views.kiosk, name="kiosk"),
    path("<id:point_id>/display/", views.display, name="display"),
    path("<id:point_id>/events/", views.events, name="events"),
    path("<id:point_id>/counter/", views.counter, name="counter"),
]
