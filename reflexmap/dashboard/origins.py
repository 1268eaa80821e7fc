"""Which browsers may open the dashboard's websocket: origins given on the command line or in
BOKEH_ALLOW_WS_ORIGIN, checked, and what to tell a teacher who exposed the server without any.

Standard library only, so that the command line can check ``--allow-origin`` without importing
Panel.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from collections.abc import Sequence

ENV_VAR = "BOKEH_ALLOW_WS_ORIGIN"
# What Bokeh can match against a browser's Origin: a name or IPv4 address, `*` wildcards allowed
# (`192.168.1.*`, `*`); IPv6 literals are not, as Bokeh splits a host from its port at the colon.
_HOST = re.compile(r"[a-z0-9*]([a-z0-9*.-]*[a-z0-9*])?")
_EXAMPLE = "e.g. 192.168.1.20:5006 or classroom.local:5006"


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
    host, sep, port = origin.partition(":")
    if not _HOST.fullmatch(host):
        raise ValueError(f"{origin!r} is not host[:port] ({_EXAMPLE}; IPv6 addresses are not supported)")
    if sep and not (port.isdigit() and 0 < int(port) < 65536):
        raise ValueError(f"{origin!r}: the port must be a number from 1 to 65535")
    return origin


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


def lan_address() -> str | None:
    """This machine's likely address on its network, or None if there is no good guess.

    Connecting a UDP socket sends nothing: the kernel only picks the interface that would route
    there. Without a route, the host name's address is the fallback; loopback answers (Debian maps
    the host name to 127.0.1.1) count as no guess.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 9))
            found = probe.getsockname()[0]
    except OSError:
        try:
            found = socket.gethostbyname(socket.gethostname())
        except OSError:
            return None
    ip = ipaddress.ip_address(found)
    return None if ip.is_loopback or ip.is_unspecified else found


def tornado_accepts_same_host() -> bool:
    """Whether Tornado accepts a websocket whose Origin names the Host it asked for, whatever
    Bokeh's allow-list says (new in Tornado 6.6)."""
    import tornado

    return tornado.version_info >= (6, 6)


def accepting_line(origins: Sequence[str], from_env: Sequence[str]) -> str:
    """The start-up line saying which browsers' websockets are accepted."""
    line = f"accepting websocket connections from: {', '.join(origins)}"
    if from_env:
        line += f" ({ENV_VAR} included)"
    if tornado_accepts_same_host():
        line += ", and from any page at the address it connects to"
    return line


def remote_access_note(address: str, port: int) -> str | None:
    """What to tell someone who bound ``address`` for other machines but allowed no origin."""
    if is_loopback(address):
        return None
    ip = _ip(address)
    unspecified = bool(ip and ip.is_unspecified)
    host = (lan_address() if unspecified else address) or "HOST"
    flag = f"--allow-origin {host}:{port}"
    if tornado_accepts_same_host():
        return (
            "note: browsers on other machines that connect here directly are accepted, but through "
            f"a proxy that changes the Host header they are refused: then add {flag}"
            + (" (HOST: the address students type)" if host == "HOST" else "")
        )
    if unspecified:
        return (
            f"warning: browsers on other machines will be refused (the page opens, the chart never "
            f"does): add {flag}" + (", HOST being the address students type" if host == "HOST" else "")
        )
    return (
        f"note: browsers on other machines are accepted at http://{address}:{port}/ only; "
        f"if students type a name instead, add --allow-origin NAME:{port}"
    )


def _ip(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None
