"""URL canonicalisation: one form per page, whatever link led to it.

Two levels, because they serve different ends:

- ``canonicalize_url`` gives the form newsbot stores (``articles.canonical_url``,
  ``article_urls.url``). It only removes what never names a different page:
  tracking parameters, fragments, default ports, AMP and mobile variants,
  upper case in the host, and percent-encoding differences. The path keeps its
  trailing slash, because a server may answer ``/a`` and ``/a/`` differently.
- ``url_key`` is the identity used for matching (``article_urls.url_key``, the
  in-run request filter). It also ignores the scheme, a leading ``www.`` and a
  trailing slash, which news sites never use to tell two articles apart.

``outlet_key`` names the outlet a URL belongs to: its registrable domain, or
host and port for IP addresses and localhost (fixture sites are ports on
127.0.0.1). Pure functions: no network, no clock.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import extract_domain
from w3lib.url import canonicalize_url as _w3lib_canonicalize

# Query parameters that only say how a reader arrived (analytics, ads, share
# buttons, newsletters), compared in lower case. Deliberately explicit: broad
# patterns (courlan's drop "cid", "uid", "ref*") would merge CMSs that use
# such names for the article id.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "ysclid",
    "twclid", "ttclid", "li_fat_id", "igshid", "igsh", "epik", "srsltid",
    "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "__hssc", "__hstc", "__hsfp",
    "hsctatracking", "mkt_tok", "oly_anon_id", "oly_enc_id", "rb_clickid", "s_cid", "s_kwcid",
    "ocid", "cmpid", "icid", "ito", "xtor", "smid", "smtyp", "cmp", "guccounter",
    "guce_referrer", "guce_referrer_sig", "at_medium", "at_campaign", "at_custom1",
    "at_custom2", "at_custom3", "at_custom4", "ns_source", "ns_mchannel", "ns_campaign",
    "ns_linkname", "ns_fee", "ref", "ref_src", "ref_url", "referrer", "spm", "share",
    "sr_share", "mbid", "__twitter_impression", "fb_action_ids", "fb_action_types", "fb_ref",
    "fb_source", "action_object_map", "action_type_map", "action_ref_map", "trk",
    "trkcampaign", "wt.mc_id", "wt_mc_id", "sc_campaign", "sc_channel", "sc_content",
    "sc_medium", "sc_outcome", "sc_geo", "sc_country", "soc_src", "soc_trk", "referringsource",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "matomo_", "piwik_", "hsa_", "vero_", "oly_")
# Parameters that only ask for the AMP rendering of the same article.
_AMP_FLAG_PARAMS = frozenset({"amp", "_amp", "usqp"})
_AMP_VALUE_PARAMS = frozenset({"outputtype", "output", "format", "view"})

# Parameters that only ask for the printer-friendly copy of the same article.
_PRINT_FLAG_PARAMS = frozenset({"print", "printable", "printer_friendly", "printerfriendly",
                                "printview", "print_view", "printversion"})
_PRINT_VALUE_PARAMS = frozenset({"view", "output", "format", "mode", "layout", "type"})

# Host labels of the mobile and AMP copies of a site.
_VARIANT_HOST_LABELS = ("m", "mobile", "amp")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_AMP_CACHE_HOST = ".cdn.ampproject.org"
_AMP_CACHE_PATH = re.compile(r"^/[cv]/(s/)?(?P<rest>[^/].*)$")
_GOOGLE_AMP_PATH = re.compile(r"^/amp/(s/)?(?P<rest>[^/].*)$")
_GOOGLE_HOSTS = frozenset({"google.com", "www.google.com"})
_SLASHES = re.compile(r"/{2,}")


def canonicalize_url(url: str) -> str:
    """The stored form of ``url``; anything that is not http(s) is returned stripped, as is."""
    url = url.strip()
    parts = _split(url)
    if parts is None:
        return url
    unwrapped = _unwrap_amp_cache(parts)
    if unwrapped is not None:
        return canonicalize_url(unwrapped)
    scheme = parts.scheme.lower()
    host = _canonical_host(parts.hostname or "")
    netloc = _netloc(parts, scheme, host)
    path = _canonical_path(parts.path)
    query = _canonical_query(parts.query)
    # "#!" fragments (AJAX crawling) still name the page; any other fragment is a place in it.
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    rebuilt = urlunsplit((scheme, netloc, path, query, fragment))
    return _w3lib_canonicalize(rebuilt, keep_fragments=bool(fragment))


def url_key(url: str) -> str:
    """Identity of ``url`` for matching: the stored form less scheme, ``www.`` and trailing slash."""
    canonical = canonicalize_url(url)
    parts = _split(canonical)
    if parts is None:
        return canonical
    netloc = parts.netloc
    if netloc.startswith("www.") and netloc.count(".") >= 2:
        netloc = netloc[4:]
    path = parts.path.rstrip("/") or "/"
    key = netloc + path
    if parts.query:
        key += "?" + parts.query
    if parts.fragment:
        key += "#" + parts.fragment
    return key


def outlet_key(url: str) -> str | None:
    """The outlet of ``url``: its registrable domain, else ``host:port`` (IPs, localhost).

    Not a template's site (``newsbot.extraction.templates.site_key``, a host):
    ``news.bbc.co.uk`` and ``www.bbc.co.uk`` are one outlet, two sites.
    """
    canonical = canonicalize_url(url)
    parts = _split(canonical)
    if parts is None:
        return None
    try:
        domain = extract_domain(canonical)
    except (ValueError, AttributeError):
        domain = None
    if domain:
        return domain.lower()
    host = _canonical_host(parts.hostname or "")
    return _netloc(parts, parts.scheme.lower(), host) or None


def _split(url: str):
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return parts


def _unwrap_amp_cache(parts) -> str | None:
    """The publisher's URL inside a Google AMP cache or google.com/amp URL, if it is one."""
    host = (parts.hostname or "").lower()
    if host.endswith(_AMP_CACHE_HOST):
        match = _AMP_CACHE_PATH.match(parts.path)
    elif host in _GOOGLE_HOSTS:
        match = _GOOGLE_AMP_PATH.match(parts.path)
    else:
        return None
    if not match:
        return None
    scheme = "https" if match.group(1) else "http"
    inner = f"{scheme}://{match.group('rest')}"
    if parts.query:
        inner += "?" + parts.query
    return inner


def _canonical_host(host: str) -> str:
    host = host.lower().rstrip(".")
    if _is_ip(host):
        return host
    label, _, rest = host.partition(".")
    # Only when a real domain remains: "m.example.com" yes, "m.me" no.
    if label in _VARIANT_HOST_LABELS and "." in rest:
        return rest
    return host


def _is_ip(host: str) -> bool:
    return ":" in host or bool(re.fullmatch(r"[\d.]+", host))


def _netloc(parts, scheme: str, host: str) -> str:
    netloc = f"[{host}]" if ":" in host else host
    if parts.username is not None:
        credentials = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{credentials}@{netloc}"
    port = parts.port
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    return netloc


def _canonical_path(path: str) -> str:
    path = _SLASHES.sub("/", path) or "/"
    segments = path.split("/")  # ["", "a", "b"] or ["", "a", "b", ""] with a trailing slash
    trailing = segments[-1] == ""
    inner = [s for s in segments[1:] if s] if trailing else segments[1:]
    if inner and inner[-1].lower() == "amp":
        inner = inner[:-1]
    elif inner and inner[0].lower() == "amp" and len(inner) > 1:
        inner = inner[1:]
    elif inner:
        inner[-1] = _strip_amp_suffix(inner[-1])
    if not inner:
        return "/"
    return "/" + "/".join(inner) + ("/" if trailing else "")


def _strip_amp_suffix(segment: str) -> str:
    lowered = segment.lower()
    if lowered.endswith(".amp"):
        return segment[:-4]
    if lowered.endswith(".amp.html"):
        return segment[:-9] + ".html"
    return segment


def _canonical_query(query: str) -> str:
    if not query:
        return ""
    kept = [(name, value) for name, value in parse_qsl(query, keep_blank_values=True)
            if not _is_variant_param(name, value)]
    return urlencode(kept)


def _is_variant_param(name: str, value: str) -> bool:
    """A parameter that leaves the article the same: tracking, AMP or print copy."""
    lowered, value = name.lower(), value.lower()
    return (lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)
            or lowered in _AMP_FLAG_PARAMS or (lowered in _AMP_VALUE_PARAMS and value == "amp")
            or lowered in _PRINT_FLAG_PARAMS or (lowered in _PRINT_VALUE_PARAMS and value == "print"))


def without_variant_params(url: str) -> str:
    """``url`` less the query parameters that only track or ask for a print or AMP copy.

    Unlike ``canonicalize_url`` it keeps host, scheme and path as they are,
    so the result is the URL to fetch: ``/a?id=7&utm_source=x&print=1`` -> ``/a?id=7``.
    """
    parts = _split(url.strip())
    if parts is None or not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if not _is_variant_param(name, value)]
    if len(kept) == len(pairs):
        return url
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), parts.fragment))
