"""Which browsers may open the dashboard's websocket: origins given on the command line or in
BOKEH_ALLOW_WS_ORIGIN, checked, and what to tell a teacher who exposed the server without any.

Standard library only, so that the command line can check ``--allow-origin`` without importing
Panel.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import re
import socket
from collections.abc import Callable, Sequence

ENV_VAR = "BOKEH_ALLOW_WS_ORIGIN"
# What Bokeh can match against a browser's Origin: a name or IPv4 address, `*` wildcards allowed
# (`192.168.1.*`, `*`), or an IPv6 literal in brackets with its port (see _ipv6_origin).
_HOST = re.compile(r"[a-z0-9*]([a-z0-9*.-]*[a-z0-9*])?")
_EXAMPLE = "e.g. 192.168.1.20:5006, classroom.local:5006 or [fd00::20]:5006"


def parse_origins(text: str) -> list[str]:
    """The ``host[:port]`` origins in one comma-separated value, lower-cased.

    Raises ``ValueError`` saying what is wrong with the first bad one. Bokeh compares a browser's
    Origin lower-cased, so an origin with capitals would otherwise never match.
    """
    origins = [item.strip().lower() for item in text.split(",") if item.strip()]
    if not origins:
        raise ValueError(f"no origin given: give host[:port], {_EXAMPLE}")
    return [_checked(origin) for origin in origins]


def _checked(origin: str) -> str:
    scheme, sep, rest = origin.partition("://")
    if sep:
        raise ValueError(f"{origin!r} has a scheme: give {rest.split('/')[0]!r}, without {scheme}://")
    if "/" in origin:
        raise ValueError(f"{origin!r} has a path: give {origin.split('/')[0]!r}, without the path")
    if origin.startswith("["):
        return _ipv6_origin(origin)
    host, sep, port = origin.partition(":")
    if not _HOST.fullmatch(host):
        raise ValueError(f"{origin!r} is not host[:port] ({_EXAMPLE}; an IPv6 address goes in brackets)")
    if sep and not (port.isdigit() and 0 < int(port) < 65536):
        raise ValueError(f"{origin!r}: the port must be a number from 1 to 65535")
    return origin


def _ipv6_origin(origin: str) -> str:
    """``[address]:port``, the address compressed as browsers write it in an Origin.

    The port is required: Bokeh compares an origin with a port as a whole string, but matches one
    without a port by splitting at the last colon, which falls inside an IPv6 address.
    """
    address, _, port = origin[1:].partition("]")
    ip = _ip(address)
    if not ip or ip.version != 6 or "%" in address:
        raise ValueError(f"{origin!r}: {address!r} is not an IPv6 address")
    if not port.startswith(":"):
        raise ValueError(f"{origin!r}: an IPv6 origin needs its port, e.g. [{ip.compressed}]:5006")
    if not (port[1:].isdigit() and 0 < int(port[1:]) < 65536):
        raise ValueError(f"{origin!r}: the port must be a number from 1 to 65535")
    return f"[{ip.compressed}]:{int(port[1:])}"


def as_browsers_send(origins: Sequence[str]) -> list[str]:
    """``origins`` and, for an IPv6 one on port 80, the form without the port that browsers send.

    A browser leaves the default port out of an Origin (``http://[fd00::20]``). Bokeh adds
    ``:80`` to an origin without a port only when it has no colon at all, which an IPv6 literal
    always has, so ``[fd00::20]:80`` alone would refuse every page served on port 80.
    """
    forms = []
    for origin in origins:
        forms.append(origin)
        if origin.startswith("[") and origin.endswith("]:80"):
            forms.append(origin.removesuffix(":80"))
    return list(dict.fromkeys(forms))


def env_origins() -> list[str]:
    """The origins in BOKEH_ALLOW_WS_ORIGIN (none if it is unset or empty); ``ValueError`` if bad."""
    text = os.environ.get(ENV_VAR, "")
    if not text.strip():
        return []
    try:
        return parse_origins(text)
    except ValueError as exc:
        raise ValueError(f"{ENV_VAR}: {exc}") from None


def is_loopback(address: str) -> bool:
    ip = _ip(address)
    return ip.is_loopback if ip else address.lower() == "localhost"


def url_host(address: str) -> str:
    """``address`` as a URL or an Origin names it: an IPv6 literal in brackets, compressed.

    Browsers send ``http://[::1]:5006`` as the Origin, and Bokeh finds an allowed ``host:port``
    with its port by plain comparison first, so ``[::1]:5006`` matches and ``::1:5006`` never does.
    """
    ip = _ip(address)
    return f"[{ip.compressed}]" if ip and ip.version == 6 else address.lower()


def http_url(address: str, port: int) -> str:
    return f"http://{url_host(address)}:{port}/"


def is_unspecified(address: str) -> bool:
    """Does ``address`` mean every interface (``0.0.0.0``, ``::``)?"""
    ip = _ip(address)
    return bool(ip and ip.is_unspecified)


def local_host(address: str) -> str:
    """The address this computer's browser connects to for a server bound to ``address``: an
    address that means every interface is none to connect to, so its family's loopback."""
    if is_unspecified(address):
        return "::1" if _ip(address).version == 6 else "127.0.0.1"
    return address


def local_url(address: str, port: int) -> str:
    """Where this computer's browser opens a server bound to ``address`` (see :func:`local_host`)."""
    return http_url(local_host(address), port)


# Connecting a UDP socket to these sends nothing; the kernel only picks the interface that
# would route there (2001:db8::/32 is reserved for documentation, so nothing there is reached).
_PROBES = {socket.AF_INET: "10.254.254.254", socket.AF_INET6: "2001:db8::1"}


def lan_addresses(family: socket.AddressFamily = socket.AF_INET) -> list[str]:
    """This machine's likely addresses of ``family`` on its networks, the likeliest first.

    The address of the interface the default route leaves by comes first, then those the host
    name resolves to. Loopback ones (Debian maps the host name to 127.0.1.1) are dropped, and so
    are IPv6 link-local ones, which a browser cannot open without naming the interface.
    """
    found = []
    with contextlib.suppress(OSError), socket.socket(family, socket.SOCK_DGRAM) as probe:
        probe.connect((_PROBES[family], 9))
        found.append(probe.getsockname()[0])
    with contextlib.suppress(OSError):
        found += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, family)]
    usable = []
    for address in found:
        ip = _ip(address)
        if ip and not (ip.is_loopback or ip.is_unspecified or (ip.version == 6 and ip.is_link_local)):
            usable.append(ip.compressed)
    return list(dict.fromkeys(usable))


def addresses_for(address: str) -> list[str]:
    """The addresses students can type for a server bound to ``address``: for one bound to every
    interface, this computer's network addresses of that family (:func:`lan_addresses`); else none.

    Looking them up can wait on the name service, so ``serve`` does it once and hands the result
    to each start-up function that needs it.
    """
    if not is_unspecified(address):
        return []
    return lan_addresses(socket.AF_INET6 if _ip(address).version == 6 else socket.AF_INET)


def serving_lines(
    title: str, address: str, port: int, lan: Sequence[str] | None = None, _: Callable[[str], str] = str
) -> list[str]:
    """The start-up lines saying where the dashboard can be opened (``lan``: :func:`addresses_for`
    ``address``, if already looked up; ``_`` translates them).

    A server bound to every interface (``0.0.0.0``, ``::``) is opened at none of those: the lines
    give the addresses students can type instead, and say so when none was found.
    """
    if not is_unspecified(address):
        return [_("serving '{title}' at {url}").format(title=title, url=http_url(address, port))]
    ip = _ip(address)
    # Tornado binds an IPv6 address with IPV6_V6ONLY, so `::` takes IPv6 connections only
    version = "IPv6" if ip.version == 6 else "IPv4"
    found = [http_url(a, port) for a in (addresses_for(address) if lan is None else lan)]
    name = socket.gethostname()
    by_name = _("http://{name}:{port}/ if their network knows this computer's name").format(
        name=name.lower(), port=port
    )
    if found:
        students = _("students open {urls}").format(urls=_(" or ").join(found))
        students += _(" (or {by_name})").format(by_name=by_name) if name else ""
    else:
        students = _("no {version} network address of this computer was found").format(version=version)
        students += _("; students may open {by_name}").format(by_name=by_name) if name else ""
    return [
        _("serving '{title}' on every {version} interface of this computer, port {port}").format(
            title=title, version=version, port=port
        ),
        students,
        _("on this computer: {url}").format(url=local_url(address, port)),
    ]


def tornado_accepts_same_host() -> bool:
    """Whether Tornado accepts a websocket whose Origin names the Host it asked for, whatever
    Bokeh's allow-list says (new in Tornado 6.6)."""
    import tornado

    return tornado.version_info >= (6, 6)


def accepting_line(origins: Sequence[str], from_env: Sequence[str], _: Callable[[str], str] = str) -> str:
    """The start-up line saying which browsers' websockets are accepted (``_`` translates it)."""
    line = _("accepting websocket connections from: {origins}").format(origins=", ".join(origins))
    if from_env:
        line += _(" ({variable} included)").format(variable=ENV_VAR)
    if tornado_accepts_same_host():
        line += _(", and from any page at the address it connects to")
    return line


def remote_access_note(
    address: str, port: int, lan: Sequence[str] | None = None, _: Callable[[str], str] = str
) -> str | None:
    """What to tell someone who bound ``address`` for other machines but allowed no origin
    (``lan``: :func:`addresses_for` ``address``, if already looked up; ``_`` translates it)."""
    if is_loopback(address):
        return None
    unspecified = is_unspecified(address)
    if unspecified:
        found = addresses_for(address) if lan is None else lan
        host = url_host(found[0]) if found else "HOST"
    else:
        host = url_host(address)
    flag = f"--allow-origin {host}:{port}"
    if tornado_accepts_same_host():
        note = _(
            "note: browsers on other machines that connect here directly are accepted, but through "
            "a proxy that changes the Host header they are refused: then add {flag}"
        ).format(flag=flag)
        return note + (_(" (HOST: the address students type)") if host == "HOST" else "")
    if unspecified:
        warning = _(
            "warning: browsers on other machines will be refused (the page opens, the chart never "
            "does): add {flag}"
        ).format(flag=flag)
        return warning + (_(", HOST being the address students type") if host == "HOST" else "")
    return _(
        "note: browsers on other machines are accepted at {url} only; "
        "if students type a name instead, add --allow-origin NAME:{port}"
    ).format(url=http_url(address, port), port=port)


_REFUSED = "Refusing websocket connection from Origin"


class RefusedOriginHint(logging.Filter):
    """Rewrites Bokeh's log line refusing a websocket to give reflexmap's flag for the origin.

    Bokeh's line advises its own ``--allow-websocket-origin``, which ``reflexmap serve`` does not
    take. A line of another shape (another Bokeh version) is left as it is.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if str(record.msg).startswith(_REFUSED) and isinstance(args, tuple) and len(args) == 4:
            origin, host, _, accepted = args
            try:
                (flag,) = parse_origins(str(host))
            except ValueError:  # e.g. a page from file://, whose Origin is "null"
                flag = "HOST[:PORT]"
            if "*" in flag:  # the Origin is the client's to send: never advise allowing every host
                flag = "HOST[:PORT]"
            record.msg = (
                f"{_REFUSED} '%s'; if students open the dashboard at that address, restart "
                f"reflexmap serve with --allow-origin %s (or add it to {ENV_VAR}); accepted now: %s"
            )
            record.args = (origin, flag, ", ".join(sorted(accepted)))
        return True


def _ip(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None
