"""Nothing personal stays in a cache: answers to a signed-in person, to an API token, and to
capability links (a served document's link, a calendar feed) carry `Cache-Control: no-store,
private`, so neither a shared proxy nor the browser's disk keeps a case page, a JSON answer
or a file after the session ends. Static assets are public and keep their own caching.
"""

from django.conf import settings

NO_STORE = "no-store, private"


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._is_private(request):
            response["Cache-Control"] = NO_STORE
            response["Pragma"] = "no-cache"  # HTTP/1.0 caches
            if "Expires" in response:
                del response["Expires"]
        return response

    @staticmethod
    def _is_private(request) -> bool:
        path = request.path_info
        if path.startswith(settings.STATIC_URL):
            return False
        if request.META.get("HTTP_AUTHORIZATION") or path.startswith(tuple(settings.NO_STORE_PATH_PREFIXES)):
            return True
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
