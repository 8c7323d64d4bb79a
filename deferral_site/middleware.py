"""Site-wide request hygiene: odd bytes, oversized bodies, and no caching of personal pages."""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)


def _holds_nul(pairs) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in pairs)


class NulBytesRefusedMiddleware:
    """Refuse (400 Bad Request) a request whose path, query string or cookies hold a NUL byte.

    No browser sends one, and PostgreSQL refuses NUL in text: a forged one (a session cookie ending in the
    quoted escape "\\000", `?q=%00` in an admin search or filter) would otherwise reach a query and fail as
    a 500. Form fields refuse NULs themselves, with a message next to the field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or _holds_nul((key, value) for key, values in request.GET.lists() for value in values)
            or _holds_nul(request.COOKIES.items())
        ):
            raise SuspiciousOperation("NUL byte in the path, query string or cookies")
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """Refuse (413) a request body larger than the app could ever need, before anything reads it.

    Django caps url-encoded forms (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams multipart bodies of any
    size to temporary files. Anonymous requests (log-in, sign-up, password reset: a few short fields) get
    REQUEST_BODY_MAX_BYTES_ANONYMOUS, signed-in people REQUEST_BODY_MAX_BYTES (uploads included).
    A view that takes uploads declares its own limit with the attribute `request_body_max_bytes`; for
    signed-in people it then checks the length against it itself (before reading) and answers with its
    own page. Placed after the authentication middleware and before
    anything that reads the body (CSRF does, in process_view).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length:
            user = getattr(request, "user", None)
            limit = (
                settings.REQUEST_BODY_MAX_BYTES
                if user is not None and user.is_authenticated
                else settings.REQUEST_BODY_MAX_BYTES_ANONYMOUS
            )
            if user is not None and user.is_authenticated and self._view_limit(request) is not None:
                # The upload view checks the length against its own limit before reading, and answers
                # with its form and a field message (requests_app.views.evidence).
                return self.get_response(request)
            if length > limit:
                logger.warning("Request body of %s bytes refused (limit %s)", length, limit)
                return render(request, "413.html", status=413)
        return self.get_response(request)

    @staticmethod
    def _view_limit(request) -> int | None:
        # A view that takes uploads says how much it reads itself (attribute `request_body_max_bytes`).
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        return getattr(match.func, "request_body_max_bytes", None)


class PersonalPagesNotCachedMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in person.

    Their pages hold personal data (cases, scripts, the plan, the calendar file); on a shared phone the
    browser must not keep them to show again with the Back button after logging out. Responses that
    already say `no-store` keep their own header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
