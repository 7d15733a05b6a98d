"""Run the sandbox on a real port in a background thread (for Playwright journeys and the CLI).

    with SandboxServer(defects=["slow_search"], accounts=[...]) as server:
        page.goto(server.url("zwfw"))          # http://zwfw.localhost:<port>
"""
from __future__ import annotations

import http.client
import logging
import socket
import threading
import time
from typing import Iterable

from werkzeug.serving import make_server

from .accounts import Account
from .app import create_app
from .errors import SandboxConfigError

SITES_ORDER = ("zwfw", "idp", "tyrz", "uias")
def answers_health(host: str, port: int) -> bool:
    """Whether a sandbox on host:port answers its health check (Host header: *.localhost does not
    resolve outside Chromium)."""
    try:
        conn = http.client.HTTPConnection(host, port, timeout=1)
        try:
            conn.request("GET", "/__sandbox__/health", headers={"Host": f"zwfw.localhost:{port}"})
            return conn.getresponse().status == 200
        finally:
            conn.close()
    except OSError:
        return False


class SandboxServer:
    def __init__(self, defects: Iterable[str] | str = (), accounts: list[dict] | None = None, port: int = 0,
                 host: str = "127.0.0.1", db_path: str | None = None, quiet: bool = True, flavour: str = "a",
                 staging_codes: dict | None = None):
        self.app = create_app(accounts=accounts, defects=defects, db_path=db_path, flavour=flavour,
                              staging_codes=staging_codes)
        self.flavour = flavour
        self.host = host
        self._port = port
        self._server = None
        self._thread: threading.Thread | None = None
        if quiet:
            logging.getLogger("werkzeug").setLevel(logging.WARNING)

    # info -------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._server.server_port if self._server else self._port

    @property
    def accounts(self) -> list[Account]:
        return list(self.app.sandbox.accounts.values())

    @property
    def defects(self) -> frozenset[str]:
        return self.app.sandbox.defects

    @property
    def control_token(self) -> str:
        """Needed by the sandbox's control endpoints (header X-Sandbox-Control-Token); new per start."""
        return self.app.sandbox.control_token

    @property
    def staging_codes(self) -> dict[str, str]:
        """The SMS code and captcha flavour C accepts ({"sms", "captcha"}); random per start unless given."""
        return dict(self.app.sandbox.staging_codes)

    def url(self, site: str = "zwfw") -> str:
        return f"http://{site}.localhost:{self.port}"

    def site_labels(self) -> list[str]:
        labels = list(self.app.sites)
        return sorted(labels, key=lambda s: (SITES_ORDER.index(s) if s in SITES_ORDER else len(SITES_ORDER), s))

    # lifecycle ----------------------------------------------------------------------------
    def start(self, timeout: float = 10.0) -> "SandboxServer":
        if self._server is not None:
            return self
        if self._port:
            self._check_port_free()
        try:
            self._server = make_server(self.host, self._port, self.app, threaded=True)
        except (OSError, SystemExit) as exc:   # werkzeug exits on "address in use"
            raise SandboxConfigError(f"cannot listen on {self.host}:{self._port}: port {self._port} is busy "
                                     f"or not allowed ({exc}); pick another --port or use 0") from None
        self._server.daemon_threads = True
        self.app.sandbox.public_port = self._server.server_port   # the registered callbacks' port
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"sandbox:{self.port}", daemon=True)
        self._thread.start()
        self._wait_ready(timeout)
        return self

    def _check_port_free(self) -> None:
        probe = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET)
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((self.host, self._port))
        except OSError as exc:
            raise SandboxConfigError(f"cannot listen on {self.host}:{self._port}: port {self._port} is busy "
                                     f"({exc.strerror}); pick another --port or use 0") from None
        finally:
            probe.close()

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not answers_health(self.host, self.port):
            if time.monotonic() > deadline:
                self.stop()
                raise SandboxConfigError(f"sandbox did not answer on port {self._port} within {timeout} s")
            time.sleep(0.05)

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        self._port = self._server.server_port
        self._server = None
        self._thread = None

    def serve_forever(self) -> None:
        """Block until Ctrl-C (used by `python -m sandbox`)."""
        self.start()
        try:
            while self._thread and self._thread.is_alive():
                self._thread.join(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def __enter__(self) -> "SandboxServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
