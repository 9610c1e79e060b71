"""The visitor's address, also when the portal runs behind a proxy or load balancer."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or the address the trusted proxies saw, from X-Forwarded-For.

    Each proxy appends the address it received the request from, so with N
    trusted proxies in front the client is the N-th address from the right;
    anything further left was written by the client and cannot be trusted.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(addresses) >= proxies:
            return addresses[-proxies]
    return request.META.get("REMOTE_ADDR", "")
