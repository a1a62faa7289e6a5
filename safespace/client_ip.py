"""The address a request really came from, for rate limits.

Behind a proxy every request arrives from the proxy's address; if limits counted that, ten typos a
minute anywhere would lock everyone out of login. X-Forwarded-For is believed only when the request
comes from a proxy listed in TRUSTED_PROXIES (the same list gunicorn trusts: gunicorn.conf.py), and
only up to the first address that is not one of ours: anything further left is what the client
claimed, which anyone can forge."""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _address(value: str):
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def client_ip(request) -> str | None:
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None

    def trusted(address) -> bool:
        return any(address in network for network in networks)

    if not trusted(remote):
        return str(remote)
    hops = [_address(part) for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for hop in reversed(hops):
        if hop is None:
            break  # a garbled entry: stop at the last address we can vouch for
        if not trusted(hop):
            return str(hop)
        remote = hop
    return str(remote)
