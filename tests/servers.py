"""Real SPARQL servers for the tests, on 127.0.0.1: Virtuoso (Debian ``virtuoso-opensource``) and ``oxigraph serve``.

Virtuoso: the one named by ``$KG_VIRTUOSO_URL`` (``.ci/run`` starts it, with ``$KG_VIRTUOSO_USER`` and
``$KG_VIRTUOSO_PASSWORD``), else one started here with ``.ci/virtuoso.sh`` (a fresh database in a temporary
folder, about 40 s) and stopped by its pid at the end. Oxigraph: ``oxigraph serve`` from the PyPI
``oxigraph`` package on a free port, on a fresh folder. Missing parts skip a test, or fail it under CI=true.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from tests.conftest import ROOT, need

SCRIPT = ROOT / ".ci" / "virtuoso.sh"


@dataclass(frozen=True)
class Server:
    """A running server: its Graph Store URL, its SPARQL query URL and the credentials that may write."""

    name: str
    store_url: str
    query_url: str
    user: str | None = None
    password: str | None = None


def have_virtuoso() -> bool:
    return bool(os.environ.get("KG_VIRTUOSO_URL")) or shutil.which("virtuoso-t") is not None


def virtuoso() -> Iterator[Server]:
    """Virtuoso from ``$KG_VIRTUOSO_URL``, or a throwaway one (stopped when the generator closes)."""
    need("Virtuoso (apt-get install virtuoso-opensource)", have_virtuoso())
    user = os.environ.get("KG_VIRTUOSO_USER", "dba")
    password = os.environ.get("KG_VIRTUOSO_PASSWORD", "dba")
    if url := os.environ.get("KG_VIRTUOSO_URL"):
        yield Server("virtuoso", f"{url}/sparql-graph-crud-auth", f"{url}/sparql", user, password)
        return
    folder = Path(tempfile.mkdtemp(prefix="kg-virtuoso-"))
    try:
        started = subprocess.run(["bash", str(SCRIPT), "start", str(folder)], capture_output=True, text=True,
                                 timeout=300)
        assert started.returncode == 0, started.stderr
        url = dict(line.split("=", 1) for line in started.stdout.split())["KG_VIRTUOSO_URL"]
        yield Server("virtuoso", f"{url}/sparql-graph-crud-auth", f"{url}/sparql", "dba", "dba")
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(folder)], capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def executable() -> str | None:
    """The ``oxigraph`` program beside this Python (``make`` installs it), or on the PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def stop(process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def have_oxigraph() -> bool:
    return executable() is not None


def oxigraph(folder: Path) -> Iterator[Server]:
    """A fresh read-write ``oxigraph serve`` on ``folder`` (stopped when the generator closes)."""
    need("the oxigraph server (pip install oxigraph)", have_oxigraph())
    port = free_port()
    process = subprocess.Popen([str(executable()), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, "oxigraph serve exited"
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, f"nothing answers on {base}"
                time.sleep(0.1)
        yield Server("oxigraph", f"{base}/store", f"{base}/query")
    finally:
        stop(process)
