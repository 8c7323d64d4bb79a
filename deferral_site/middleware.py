"""Site-wide request hygiene, before any session lookup or view."""

from django.core.exceptions import SuspiciousOperation


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
