from django.conf import settings
from django.shortcuts import render

# The length of django-axes' username column (varchar 255 on PostgreSQL).
AXES_USERNAME_MAX_LENGTH = 255


def locked_out(request, original_response=None, credentials=None):
    """django-axes lock-out page: says plainly how long to wait, with a way to reset the password."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def axes_username(request, credentials=None):
    """The username django-axes counts and locks: as typed, cut to its column's length. A forged
    100 000-character username is then one more failure to count, not a database error (a 500)."""
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get("username")
    return username[:AXES_USERNAME_MAX_LENGTH] if isinstance(username, str) else username
