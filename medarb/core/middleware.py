"""Chinese first: the interface speaks zh-hans unless the person chose another language.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a clerk whose
browser happens to be set to English would get a half-translated screen; here only the
language cookie (set by the language switcher) can change it.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
