from django.urls import path

from medarb.recording import views, views_devices, views_hooks, views_live, views_present

app_name = "recording"
urlpatterns = [
    path("case/<id:case_id>/disc/", views.request_disc, name="request_disc"),
    path("disc/<id:export_id>/", views.progress, name="disc_progress"),
    path("disc/<id:export_id>/download/", views.download, name="disc_download"),
    path("disc/<id:export_id>/burn/", views.burn, name="disc_burn"),
    path("sittings/<id:sitting_id>/live/", views_live.live_page, name="live"),
    path("supervision/", views_live.supervision_wall, name="supervision"),
    path("sittings/<id:sitting_id>/present/", views_present.control, name="present"),
    path("sittings/<id:sitting_id>/screen/", views_present.screen, name="screen"),
    path("sittings/<id:sitting_id>/screen/state/", views_present.screen_state, name="screen_state"),
    path("sittings/<id:sitting_id>/screen/events/", views_present.screen_events, name="screen_events"),
    path("presentations/<id:presentation_id>/file/", views_present.presented_file, name="presented_file"),
    path("devices/", views_devices.device_list, name="devices"),
    path("devices/<id:device_id>/rotate/", views_devices.rotate, name="rotate_key"),
    path("alerts/<id:alert_id>/resolve/", views_devices.resolve_alert, name="resolve_alert"),
    path("recordings/<id:recording_id>/", views_live.recording_file, name="recording_file"),
    path("recordings/<id:recording_id>/play/", views_live.replay, name="replay"),
    path("hooks/publish/<str:secret>/", views_hooks.publish, name="hook_publish"),
    path("hooks/update/<str:secret>/", views_hooks.update, name="hook_update"),
    path("hooks/publish-done/<str:secret>/", views_hooks.publish_done, name="hook_publish_done"),
    path("hooks/relay/<str:secret>/", views_hooks.relay, name="hook_relay"),
    path("hooks/media-auth/<str:secret>/", views_hooks.media_auth, name="hook_media_auth"),
]
