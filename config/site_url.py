"""The address links in messages point at, when the deployment does not name one.

Production must set PORTAL_SITE_URL (an https:// address; config/settings/production.py refuses
to start without it). On one machine (`make run`) the links follow the web server: WEB_HOST and
the port it serves. honcho hands each process of the Procfile its own PORT (web 8000, worker
8100, beat 8200), and the worker is the one that sends messages, so `make run` also exports
PORTAL_WEB_PORT, the web server's port, which wins over PORT.
"""

from __future__ import annotations

from collections.abc import Mapping

# Addresses a server listens on that are no address to browse to.
_EVERY_INTERFACE = {"", "0.0.0.0", "::", "[::]"}  # noqa: S104


def local_site_url(environ: Mapping[str, str]) -> str:
    """http://<WEB_HOST>:<PORTAL_WEB_PORT or PORT>, as `make run` serves it."""
    host = environ.get("WEB_HOST", "127.0.0.1").strip()
    if host in _EVERY_INTERFACE:
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address in a URL
    port = (environ.get("PORTAL_WEB_PORT") or environ.get("PORT") or "8000").strip()
    return f"http://{host}:{port}"


def require_https_site_url(url: str) -> str:
    """Production's links must be https (RFC 8058 one-click unsubscribe needs an https URI)."""
    from django.core.exceptions import ImproperlyConfigured

    if not url.startswith("https://") or len(url) <= len("https://"):
        raise ImproperlyConfigured(
            f"PORTAL_SITE_URL must be the site's https:// address (got {url!r}); "
            "links in messages and newsletters' List-Unsubscribe use it."
        )
    return url.rstrip("/")
