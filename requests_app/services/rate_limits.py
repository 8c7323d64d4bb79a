"""Rate limits on what anonymous visitors can set off: password-reset mails and sign-ups.

Counts live in the default cache (shared by every app server when CACHE_URL points at Redis), in fixed
windows. Keys are hashed: no e-mail address or client address is stored in the cache in clear.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` events per `window` for one key of one `scope`."""

    scope: str
    limit: int
    window: dt.timedelta

    @property
    def code(self) -> str:
        return f"rate_limited_{self.scope}"


#: Password-reset requests from one client address, and mails to one address.
PASSWORD_RESET_PER_ADDRESS = RateLimit("password_reset_address", 10, dt.timedelta(hours=1))
PASSWORD_RESET_PER_EMAIL = RateLimit("password_reset_email", 3, dt.timedelta(hours=1))
#: Sign-up submissions from one client address, and sign-up mails to one address.
SIGNUP_PER_ADDRESS = RateLimit("signup_address", 10, dt.timedelta(hours=1))
SIGNUP_PER_EMAIL = RateLimit("signup_email", 3, dt.timedelta(hours=1))


def _cache_key(rate: RateLimit, key: str) -> str:
    digest = hashlib.sha256(f"{rate.scope}\x00{key}".encode()).hexdigest()[:32]
    return f"rate:{rate.scope}:{digest}"


def rate_limit_hit(*, rate: RateLimit, key: str | None) -> bool:
    """Count one event for `key` under `rate`; True when it is over the limit (refuse it). A missing key
    (no client address) is counted under one shared key."""
    cache_key = _cache_key(rate, key or "-")
    seconds = int(rate.window.total_seconds())
    if cache.add(cache_key, 1, timeout=seconds):
        return rate.limit < 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=seconds)
        count = 1
    return count > rate.limit
