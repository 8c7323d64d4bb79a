from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the person chose English with the language switcher (a cookie).

    The browser's Accept-Language is not consulted: many phones in China report English, and the
    product is Chinese first. The choice made with the switcher is kept for every later visit.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = (
                translation.get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
            )
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
