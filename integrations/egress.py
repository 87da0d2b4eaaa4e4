"""Where outgoing webhook requests may go: only to hosts an admin allowed (no open SSRF)."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from .models import WebhookAllowedHost


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""


def _matches(host: str, pattern: str) -> bool:
    pattern = pattern.lower().strip()
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) and host != pattern[2:]
    return host == pattern


def _is_internal(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def destination_verdict(url: str) -> Verdict:
    """Allowed only if the host is on the allow-list, and — unless the admin listed an internal
    address itself — every address it resolves to is public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Verdict(False, _("Only http and https URLs with a host are allowed."))
    if parts.username or parts.password:
        return Verdict(False, _("Credentials in the URL are not allowed."))
    host = parts.hostname.lower()
    patterns = list(WebhookAllowedHost.objects.values_list("host", flat=True))
    if not any(_matches(host, pattern) for pattern in patterns):
        return Verdict(False, _("The host %(host)s is not on the allow-list.") % {"host": host})
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = {
            info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
        }
    except (OSError, ValueError):
        return Verdict(False, _("The host %(host)s does not resolve.") % {"host": host})
    explicitly_listed = {pattern.lower() for pattern in patterns}
    for address in (str(item) for item in addresses):
        if _is_internal(address) and address not in explicitly_listed:
            return Verdict(
                False,
                _("%(host)s resolves to the internal address %(address)s, which is not listed.")
                % {"host": host, "address": address},
            )
    return Verdict(True)
