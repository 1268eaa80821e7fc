"""Which Host names the server answers to: its own, and no web page's.

A page on any web site can make its own name resolve to 127.0.0.1 (DNS rebinding) and then talk
to a dashboard on a student's laptop as if it were that site: the browser sends that site's name
as Host and Origin, so an Origin check alone lets it in. Refusing every request (page, script,
websocket) whose Host is not a name of this server closes that door. A proxy that passes the
browser's Host on (deploy/nginx) works as long as its address is given with ``--allow-origin``,
which it needs for the websocket anyway.
"""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Callable, Sequence

from ..i18n import request_language, translator
from .origins import addresses_for, is_loopback, is_unspecified, url_host

log = logging.getLogger("reflexmap.dashboard.hosts")


def allowed_hosts(address: str, origins: Sequence[str] = (), lan: Sequence[str] | None = None) -> list[str]:
    """``host`` or ``host:port`` patterns (``*`` wildcards) a request's Host may match, besides
    loopback names: the bound address, the allowed origins, and for a server on every interface
    this computer's addresses (``lan``: :func:`~.origins.addresses_for` ``address``, if already
    looked up) and names."""
    hosts = [url_host(address)]
    if is_unspecified(address):
        hosts += [url_host(a) for a in (addresses_for(address) if lan is None else lan)]
        name = socket.gethostname().lower()
        hosts += [name, f"{name}.local", socket.getfqdn().lower()]
    return list(dict.fromkeys([*hosts, *origins]))


def host_allowed(host: str, allowed: Sequence[str]) -> bool:
    """Whether a request's Host header (``name``, ``name:port``, ``[v6]:port``) is allowed."""
    name, port = _split(host.strip().lower())
    if not name:
        return False
    if is_loopback(name.strip("[]")):
        return True
    for pattern in allowed:
        want_name, want_port = _split(pattern)
        # only `*` is a wildcard (as in Bokeh's origins); brackets are an IPv6 name's
        wildcard = re.escape(want_name).replace(r"\*", ".*")
        if re.fullmatch(wildcard, name) and (not want_port or want_port == port):
            return True
    return False


def _split(host: str) -> tuple[str, str]:
    """(name, port) of ``host[:port]``; an IPv6 name keeps its brackets, a trailing dot goes."""
    if host.startswith("["):
        name, _, rest = host.partition("]")
        return name + "]", rest.removeprefix(":")
    name, _, port = host.partition(":")
    return name.rstrip("."), port


def refuse_other_hosts(app, allowed: Sequence[str]) -> None:
    """Make the Tornado ``app`` answer 403 to every request whose Host is not allowed, logging
    one line for each. Covers pages, static files and websocket handshakes alike: Tornado finds
    every request's handler through ``find_handler``."""
    from tornado.web import RequestHandler

    class RefusedHost(RequestHandler):
        def prepare(self) -> None:
            # in the reader's language: the one line a student sees when a teacher's name is missing
            lang = request_language(self.request)
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.set_header("Content-Language", lang)
            self.set_header("Vary", "Accept-Language")
            self.finish(
                translator(lang).gettext("This reflexmap server does not answer to that host name.") + "\n"
            )

    find: Callable = app.find_handler

    def find_handler(request, **kwargs):
        if host_allowed(request.host or "", allowed):
            return find(request, **kwargs)
        log.warning(
            "refused a request for Host %r from %s: not a name of this server (a web page trying DNS "
            "rebinding, or a proxy whose address is missing from --allow-origin)",
            request.host,
            request.remote_ip,
        )
        return app.get_handler_delegate(request, RefusedHost)

    app.find_handler = find_handler
