"""Who sent a request: the client's address, also behind trusted reverse proxies.

Behind nginx or a load balancer every request comes from the proxy's address,
which would make per-address rules (the comment flood rule, rate limits) count
the whole world as one visitor. `X-Forwarded-For` is trusted only as far as
`TRUSTED_PROXY_COUNT` says: with N proxies in front, the address the
outermost of them saw is the N-th from the right (anything further left is
whatever the client chose to write).
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's IP address as a string, or None if the request names none usable."""
    address = request.META.get("REMOTE_ADDR") or ""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [hop for hop in forwarded if hop]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def user_agent(request, limit=500):
    return request.headers.get("User-Agent", "")[:limit]
