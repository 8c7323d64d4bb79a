"""Who is knocking, and how often: the client address behind trusted proxies, and the log-in limits.

django-axes records each failed log-in per (username, address). Three limits apply over the cool-off
window (settings.LOGIN_FAILURE_LIMITS): a username from one address (guessing one password), one address
over all usernames (spraying), and a username from all addresses together (distributed guessing, set
higher so a stranger cannot lock a person out cheaply). Failures while locked are not counted, so a lock
ends COOLOFF after the failure that set it, whatever comes after.
"""

import ipaddress
from functools import cache

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


@cache
def _trusted_networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The address of the person making `request`: REMOTE_ADDR, unless that is one of
    settings.TRUSTED_PROXIES, in which case the right-most X-Forwarded-For entry that is not a trusted
    proxy (what our own proxy saw). Entries a client wrote itself (further left) are never believed."""
    remote = request.META.get("REMOTE_ADDR")
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    remote_address = _address(remote or "")
    if not networks or remote_address is None or not any(remote_address in n for n in networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _address(entry)
        if address is None:
            return remote  # a garbled chain: trust nothing in it
        if not any(address in n for n in networks):
            return str(address)
    return remote


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler with one limit per lockout parameter group (settings.LOGIN_FAILURE_LIMITS).

    axes compares one failure count with one limit; here the count is the largest share of its own limit
    any group has used, in percent, and the limit (AXES_FAILURE_LIMIT) is 100.
    """

    def get_failures(self, request, credentials=None) -> int:
        limits = list(settings.LOGIN_FAILURE_LIMITS.values())
        shares = [
            100 * (attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0) // limit
            for attempts, limit in zip(self.get_user_attempts(request, credentials), limits, strict=True)
        ]
        return max(shares, default=0)

    def reset_user_attempts(self, request, credentials=None) -> int:
        # A right password proves who is at this address, not that other addresses or usernames are safe:
        # forget only this username's failures from this address.
        (username_and_address, *_others) = self.filter_user_attempts(request, credentials)
        count, _ = username_and_address.delete()
        return count
