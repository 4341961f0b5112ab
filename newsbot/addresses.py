"""Is a host public? Literal addresses and names, classified so that doubt means "no".

A hostile feed, sitemap or page script can name the operator's own network
in many spellings: ``localhost.``, ``127.1``, ``2130706433``, ``[::ffff:127.0.0.1]``,
NAT64 ``[64:ff9b::7f00:1]``, 6to4 ``[2002:7f00:1::]``. Python's
``is_global`` calls some of these global, so the IPv4 address an IPv6 one
carries is checked too; a name is resolved, and one that does not resolve
is ``UNKNOWN``, which the address policy treats as not public.
"""

from __future__ import annotations

import ipaddress
import socket

PUBLIC, PRIVATE, UNKNOWN = "public", "private", "unknown"

# IPv6 prefixes that carry an IPv4 address in their last 32 bits (RFC 6052, RFC 8215).
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def literal_kind(host: str) -> str | None:
    """PUBLIC or PRIVATE for an address literal or a ``localhost`` name; None for other names."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return PRIVATE
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    return PUBLIC if _is_public(address) else PRIVATE


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if not address.is_global or address.is_multicast:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        carried = [address.ipv4_mapped, address.sixtofour]
        if address.teredo:
            carried.append(address.teredo[1])
        if any(address in net for net in _NAT64):
            carried.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        # IPv4-compatible (::a.b.c.d, deprecated but still parsed by some stacks).
        if int(address) >> 32 == 0:
            carried.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        return all(_is_public(v4) for v4 in carried if v4 is not None)
    return True


def resolved_kind(host: str) -> str:
    """PUBLIC only when every address the name resolves to is public."""
    kind = literal_kind(host)
    if kind is not None:
        return kind
    try:
        infos = socket.getaddrinfo(host.rstrip("."), None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return UNKNOWN
    kinds = {literal_kind(info[4][0]) for info in infos}
    if not kinds:
        return UNKNOWN
    return PUBLIC if kinds == {PUBLIC} else PRIVATE
