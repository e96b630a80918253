"""Publish the outputs of a build as one unit: at every instant the output folder holds one whole build.

How (``kg build``):

1. **Lock.** An exclusive ``fcntl.flock`` on ``.<out>.kg-lock`` beside the output folder (``./.out.kg-lock``
   for ``out/``): a second build of the same folder waits for the first, saying so. The lock file stays
   (removing it would race with a waiting build); the kernel frees the lock when the process ends, even
   by ``kill -9``.
2. **Clean up.** Under the lock, whatever a killed build left is removed: ``.<out>.kg-staging-*`` and
   ``.<out>.kg-old-*`` folders beside the output folder, and the ``.graph.*.tmp`` files of older kg versions.
3. **Stage.** The new files are written (and synced) into a fresh folder ``.<out>.kg-staging-<pid>`` beside
   the output folder; files of the old folder that the build does not write (``graph.png``, a README)
   are hard-linked (or copied) into it. Nothing in the output folder has been touched yet.
4. **Swap.** One ``renameat2(RENAME_EXCHANGE)`` swaps the staging folder and the output folder: readers
   see the old build until that instant and the new one after it. The old build is then deleted. A
   filesystem that cannot exchange gets two renames (a moment with no folder at all, never a mixed one),
   and a build killed between them is rolled back (the old folder put back) by the next build.

Raises :class:`kg.errors.InputError` for an output folder that cannot be replaced this way.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
from pathlib import Path
from typing import Callable, Iterator

from kg.errors import InputError

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _names(out_dir: Path) -> tuple[Path, str]:
    """The real output folder (symlinks followed) and the prefix of its lock and temporary folders."""
    real = Path(os.path.realpath(out_dir))
    return real, f".{real.name}.kg-"


def lock_path(out_dir: Path) -> Path:
    """The lock file of ``out_dir``: ``.<name>.kg-lock`` beside it."""
    real, prefix = _names(out_dir)
    return real.parent / f"{prefix}lock"


@contextlib.contextmanager
def locked(out_dir: Path, *, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the build lock of ``out_dir``; if another build holds it, call ``notify`` once and wait.

    Raises:
        InputError: the folder beside ``out_dir`` cannot be written (no lock file can be made there).
    """
    path = lock_path(out_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise InputError(f"cannot make the build lock: {exc.strerror or exc}", path=path,
                         hint="pass --out a folder whose parent folder you can write to") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            if notify is not None:
                notify(f"another kg build is writing {out_dir} (pid {holder or '?'}): waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # closing frees the lock


def clean_leftovers(out_dir: Path) -> list[Path]:
    """Remove what killed builds left (call it holding the lock); put back an old build that a killed
    two-rename swap left without its folder. Returns what was removed.
    """
    real, prefix = _names(out_dir)
    removed: list[Path] = []
    if not real.parent.is_dir():
        return removed
    olds = sorted(p for p in real.parent.iterdir() if p.name.startswith(prefix + "old-"))
    if not os.path.lexists(real) and olds:
        os.rename(olds[-1], real)  # the swap was cut between its two renames: the old build comes back whole
        olds = olds[:-1]
    for path in real.parent.iterdir():
        if path.name.startswith((prefix + "staging-", prefix + "old-")) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    if real.is_dir():
        for path in real.glob(".graph.*.tmp"):  # the per-file temporaries of kg before this module
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _check_replaceable(real: Path) -> None:
    if os.path.lexists(real) and not real.is_dir():
        raise InputError("the output folder is a file", path=real, hint="pass --out a folder (or a new name)")
    if not real.is_dir():
        return
    cwd = Path(os.getcwd()).resolve()
    if real == cwd or real in cwd.parents:
        raise InputError("the output folder is the current folder (or holds it): kg replaces the output folder "
                         "whole, and would pull it from under you", path=real,
                         hint="pass --out a folder of its own, e.g. --out out")
    if (real / ".git").exists():
        raise InputError("the output folder holds a git repository: kg replaces the output folder whole",
                         path=real, hint="pass --out a folder of its own, e.g. --out out")


def _write(path: Path, text: str, umask: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 & ~umask)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _carry(source: Path, target: Path) -> None:
    """Hard-link (or copy) ``source`` (a file or folder of the old build) to ``target`` in the staging folder."""
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)
    elif source.is_symlink():
        os.symlink(os.readlink(source), target)
    else:
        _link_or_copy(str(source), str(target))


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap ``a`` and ``b`` in one step (Linux ``renameat2``); False where the system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def stage(out_dir: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (name -> text) into a fresh staging folder beside ``out_dir`` with the files of the
    old build the build does not write; returns the staging folder (hold the lock).

    Raises:
        InputError: ``out_dir`` cannot be replaced whole (a file, the current folder, a git repository).
        OSError: the folder beside it cannot be written.
    """
    real, prefix = _names(out_dir)
    _check_replaceable(real)
    real.parent.mkdir(parents=True, exist_ok=True)
    staging = real.parent / f"{prefix}staging-{os.getpid()}"
    if os.path.lexists(staging):
        shutil.rmtree(staging)
    umask = os.umask(0)
    os.umask(umask)
    os.mkdir(staging, 0o777 & ~umask)
    try:
        if real.is_dir():
            os.chmod(staging, real.stat().st_mode & 0o7777)
            for entry in sorted(real.iterdir()):
                if entry.name not in files and not entry.name.endswith(".tmp"):
                    _carry(entry, staging / entry.name)
        for name, text in files.items():
            _write(staging / name, text, umask)
        _fsync_dir(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def swap(out_dir: Path, staging: Path) -> None:
    """Make the staging folder the output folder in one step, then delete the old build (hold the lock).

    Raises:
        OSError: the rename failed (the output folder is then unchanged).
    """
    real, prefix = _names(out_dir)
    if not os.path.lexists(real):
        os.rename(staging, real)
    elif _exchange(staging, real):
        shutil.rmtree(staging, ignore_errors=True)
    else:
        old = real.parent / f"{prefix}old-{os.getpid()}"
        os.rename(real, old)
        os.rename(staging, real)
        shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(real.parent)


def discard(staging: Path) -> None:
    """Remove a staging folder that will not be published."""
    shutil.rmtree(staging, ignore_errors=True)
