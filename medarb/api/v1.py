"""REST API v1 routes: each app contributes its own `api.py` views."""

urlpatterns: list = []
