"""``kg serve``: the graph as a read-only SPARQL service on 127.0.0.1, with Oxigraph in-process behind the guard.

One listening socket, bound here on the port the user chose, is the only way in. uvicorn's supervisor
(this process) hands it to ``workers`` worker processes; each opens the Oxigraph store read-only through
pyoxigraph and answers with :mod:`kg.serve_app` (Starlette), every query checked by :mod:`kg.guard`
(no ``SERVICE``, no updates, row, byte and time limits). No other port, socket or server exists.
Why this design, and what was measured, is in the README (section "`kg serve`").

Stopping (Ctrl-C, SIGTERM) stops the workers, waits for them and removes the temporary store, so no
process and no lock is left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

from kg.engine import Limits
from kg.errors import QueryError, StoreError
from kg.guard import HOST

DEFAULT_WORKERS = 2


def executable() -> str:
    """The ``oxigraph`` server program from PyPI (beside this Python, or on the PATH): kg serve does not use it;
    the tests and benchmarks run it as the raw engine and as a Graph Store for ``kg push``.

    Raises:
        StoreError: it is not installed.
    """
    import sys

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


def stop_process(process: subprocess.Popen[bytes], *, grace: float = 10.0) -> None:
    """Stop a server process (SIGTERM, then SIGKILL after ``grace`` seconds) and wait for it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def listen(port: int) -> socket.socket:
    """The public socket: TCP on 127.0.0.1:``port`` (0: any free port), listening.

    Raises:
        StoreError: the port is taken or not allowed.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
        sock.listen(4096)
    except OSError as exc:
        sock.close()
        raise StoreError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}", hint="choose another --port") from None
    sock.set_inheritable(True)
    return sock


class Service:
    """A ready ``kg serve``: the socket is bound; :meth:`serve_forever` starts the workers and waits."""

    def __init__(self, location: Path, *, port: int, limits: Limits, temporary: bool,
                 workers: int = DEFAULT_WORKERS) -> None:
        from kg.store import mark_served

        self.location, self.temporary, self.limits, self.workers = location, temporary, limits, workers
        self.socket = listen(port)
        self.port = int(self.socket.getsockname()[1])
        self.pid = os.getpid()
        self.marker = None if temporary else mark_served(location, self.pid)
        self._supervisor: Any = None
        self._stopped = threading.Event()

    @property
    def url(self) -> str:
        """The address of the query page."""
        return f"http://{HOST}:{self.port}/"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return f"http://{HOST}:{self.port}/query"

    def settings(self) -> dict[str, object]:
        """What each worker needs (passed in the ``KG_SERVE`` environment variable)."""
        return {"store": str(self.location), "timeout": self.limits.timeout, "max_rows": self.limits.max_rows,
                "endpoint": self.query_url}

    def serve_forever(self) -> None:
        """Run the workers until SIGINT/SIGTERM (in the main thread) or :meth:`stop`; then clean up."""
        import uvicorn
        os.environ["KG_SERVE"] = json.dumps(self.settings())
        grace = int(self.limits.timeout + 2) if self.limits.timeout > 0 else None
        config = uvicorn.Config("kg.serve_app:create_app", factory=True, workers=self.workers, http="httptools",
                                loop="uvloop", lifespan="on", access_log=False, log_level="warning",
                                server_header=False, timeout_graceful_shutdown=grace, timeout_keep_alive=5)
        self._supervisor = _supervisor(config, self.socket)
        if self._stopped.is_set():
            self._supervisor.should_exit.set()
        try:
            self._supervisor.run()
        finally:
            self._cleanup()

    def stop(self) -> None:
        """Ask :meth:`serve_forever` to stop (from another thread or a signal handler)."""
        self._stopped.set()
        if self._supervisor is not None:
            self._supervisor.should_exit.set()

    def _cleanup(self) -> None:
        self.socket.close()
        if self.temporary:
            shutil.rmtree(self.location, ignore_errors=True)
        elif self.marker is not None:
            self.marker.unlink(missing_ok=True)

    def close(self) -> None:
        """Let go of a service that was never run (the socket, the temporary store)."""
        self._cleanup()


def _supervisor(config: Any, sock: socket.socket) -> Any:
    """uvicorn's worker supervisor over ``sock``; it sets its signal handlers only from the main thread."""
    from uvicorn.supervisors import Multiprocess

    if threading.current_thread() is threading.main_thread():
        return Multiprocess(config, sockets=[sock])
    supervisor = Multiprocess.__new__(Multiprocess)  # the same state as Multiprocess.__init__, no signal handlers
    supervisor.config, supervisor.sockets = config, [sock]
    supervisor.processes_num, supervisor.processes = config.workers, []
    supervisor.should_exit, supervisor.signal_queue = threading.Event(), []
    return supervisor


def load_with_rdflib(location: Path, source: Path) -> None:
    """Replace kg's graph in the store at ``location`` with ``source``, read by rdflib's parser, which has no
    token size limit (Oxigraph's refuses a value over 16 MiB).

    Raises:
        InputError: the file cannot be parsed.
    """
    import pyoxigraph as ox
    from oxrdflib._converter import to_ox
    from rdflib import Graph

    from kg import store
    from kg.errors import InputError

    graph = Graph()
    try:
        graph.parse(source=str(source), format=store.file_format(source)[1], publicID=source.resolve().as_uri())
    except Exception as exc:  # rdflib's parsers raise many types; all mean a file we cannot read
        raise InputError(f"cannot parse the graph: {exc}", path=source, hint="check that the file is valid RDF") from None
    target = ox.Store(str(location))
    into = ox.NamedNode(store.KG_GRAPH)
    if target.contains_named_graph(into):  # what a failed bulk load left
        target.remove_graph(into)
    target.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), into) for s, p, o in graph)  # type: ignore[arg-type]
    target.flush()
    del target


def temporary_store(source: Path) -> Path:
    """A new temporary Oxigraph store holding the graph file ``source`` (closed, ready to be served).

    A file with one value over 16 MiB (Oxigraph's parser refuses a token that long) is read by rdflib.

    Raises:
        InputError: the file cannot be parsed. StoreError: the store cannot be written.
    """
    from kg import store

    location = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    too_long = False
    try:
        store.close(store.fill(store.StoreSpec("oxigraph", location), source))
    except MemoryError:  # the half-filled store is still open in the traceback: start again in a new folder
        too_long = True
    except BaseException:
        shutil.rmtree(location, ignore_errors=True)
        raise
    if too_long:
        import gc

        gc.collect()
        shutil.rmtree(location, ignore_errors=True)
        location = Path(tempfile.mkdtemp(prefix="kg-serve-"))
        try:
            load_with_rdflib(location, Path(source))
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
