"""``kg serve``: the graph in the real Oxigraph SPARQL server, read-only, on 127.0.0.1.

The Oxigraph server from PyPI (``oxigraph serve-read-only``, with its own time limit ``--timeout-s``)
listens on a private loopback port; in front of it, on the port the user chose, :mod:`kg.guard` passes
every request through and checks each answer (row limit, time limit, no ``SERVICE``). Updates reach
Oxigraph, which refuses them: the store is read-only. The built-in query page (YASGUI, served by
Oxigraph itself from its own files) works offline.

Stopping (Ctrl-C) shuts the guard, stops Oxigraph, waits for it and removes the temporary store, so
no process and no lock is left behind.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from kg.engine import Limits
from kg.errors import QueryError, StoreError
from kg.guard import HOST, Front, Guard, handler


def executable() -> str:
    """The ``oxigraph`` server program (beside this Python, or on the PATH).

    Raises:
        StoreError: it is not installed.
    """
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the Oxigraph server is not installed",
                         hint="install it with pip install 'oxigraph~=0.5.13' (make does, through kg[server])")
    return found


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def start_oxigraph(location: Path, port: int, *, timeout: float, union: bool = True) -> subprocess.Popen[bytes]:
    """``oxigraph serve-read-only`` on ``127.0.0.1:port`` over the store in ``location``, once it answers.

    Raises:
        StoreError: it exits or does not answer within 30 s (its message is in the error).
    """
    command = [executable(), "serve-read-only", "--location", str(location), "--bind", f"{HOST}:{port}"]
    command += ["--union-default-graph"] if union else []
    command += ["--timeout-s", str(max(1, int(timeout + 0.999)))] if timeout > 0 else []
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True, preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise StoreError(f"the Oxigraph server stopped at once: {log.read().decode(errors='replace').strip()}",
                             path=location, hint="is the folder an Oxigraph store? is the port free?")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.05)
    stop_process(process)
    raise StoreError("the Oxigraph server did not answer within 30 s", path=location)


def stop_process(process: subprocess.Popen[bytes], *, grace: float = 10.0) -> None:
    """Stop a server process (SIGTERM, then SIGKILL after ``grace`` seconds) and wait for it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Service:
    """A running ``kg serve``: Oxigraph behind the guard. Use :meth:`stop` (or ``with``) to end it."""

    def __init__(self, location: Path, *, port: int, limits: Limits, temporary: bool) -> None:
        from kg.store import mark_served

        self.location, self.temporary, self.limits = location, temporary, limits
        self.backend_port = free_port()
        self.process = start_oxigraph(location, self.backend_port, timeout=limits.timeout)
        self.marker = None if temporary else mark_served(location, self.process.pid)
        try:
            self.front = Front((HOST, port), handler(Guard(self.backend_port, limits)))
        except OSError as exc:
            self._stop_backend()
            raise StoreError(f"cannot listen on {HOST}:{port}: {exc}", hint="choose another --port") from None
        self.port = int(self.front.server_address[1])
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The address of the built-in query page."""
        return f"http://{HOST}:{self.port}/"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return f"http://{HOST}:{self.port}/query"

    def serve_forever(self) -> None:
        """Answer requests until :meth:`stop` is called from another thread or Ctrl-C."""
        self.front.serve_forever(poll_interval=0.2)

    def start(self) -> "Service":
        """Answer requests in a background thread (for tests and the Python API)."""
        self._thread = threading.Thread(target=self.serve_forever, name="kg serve", daemon=True)
        self._thread.start()
        return self

    def _stop_backend(self) -> None:
        stop_process(self.process)
        if self.temporary:
            shutil.rmtree(self.location, ignore_errors=True)
        elif self.marker is not None:
            self.marker.unlink(missing_ok=True)

    def stop(self) -> None:
        """Stop answering, stop Oxigraph and wait for it, and remove the temporary store."""
        if self._thread is not None:
            self.front.shutdown()
            self._thread.join()
        self.front.server_close()
        self._stop_backend()

    def __enter__(self) -> "Service":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def temporary_store(source: Path) -> Path:
    """A new temporary Oxigraph store holding the graph file ``source`` (closed, ready to be served).

    Raises:
        InputError: the file cannot be parsed. StoreError: the store cannot be written.
    """
    from kg import store

    location = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    try:
        store.close(store.fill(store.StoreSpec("oxigraph", location), source))
    except BaseException:
        shutil.rmtree(location, ignore_errors=True)
        raise
    return location


def check_limits(limits: Limits) -> Limits:
    """``limits`` if they make sense for a server.

    Raises:
        QueryError: a negative limit.
    """
    if limits.timeout < 0 or limits.max_rows < 0:
        raise QueryError("limits cannot be negative", hint="0 means no limit")
    return limits

