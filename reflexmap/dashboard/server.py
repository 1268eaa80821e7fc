"""Running the dashboard on a Panel (Tornado) server."""

from __future__ import annotations

import logging

import panel as pn

from ..model import ZoneMap
from .layout import create_app

TITLE = "reflexmap - reflexology foot map"


def allowed_origins(address: str, port: int) -> list[str]:
    """Websocket origins the server accepts: the bound address, plus localhost on loopback."""
    origins = [f"{address}:{port}"]
    if address in ("127.0.0.1", "localhost", "::1"):
        origins += [f"localhost:{port}", f"127.0.0.1:{port}"]
    return list(dict.fromkeys(origins))


def serve(chart: ZoneMap, port: int = 5006, address: str = "127.0.0.1", open_browser: bool = True) -> None:
    """Serve the dashboard for ``chart`` until interrupted; each browser session gets its own state."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    origins = allowed_origins(address, port)
    print(f"reflexmap: serving '{chart.info.title}' at http://{address}:{port}/", flush=True)
    print(f"reflexmap: accepting websocket connections from: {', '.join(origins)}", flush=True)
    print("reflexmap: press Ctrl+C to stop.", flush=True)
    pn.serve(
        {"/": lambda: create_app(chart)},
        port=port,
        address=address,
        websocket_origin=origins,
        show=open_browser,
        title=TITLE,
        start=True,
        threaded=False,
        verbose=False,
    )
