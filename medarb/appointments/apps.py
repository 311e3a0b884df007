from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "medarb.appointments"
    label = "appointments"
    verbose_name = "预约与排号"
