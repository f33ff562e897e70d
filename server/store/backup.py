"""`rinda backup` and `rinda restore`: copy the live database, put a copy back.

The backup uses SQLite's online backup API on a read-only connection. In WAL mode a reader
never blocks the writer, so the server keeps taking tickets while the copy is made, and the
copy is one consistent point in the log (the whole copy is done in one step, inside one read
transaction: a commit that lands meanwhile is simply not in it).

A running server holds an advisory lock (`flock`) on `<db>.lock` for its whole life, so
`restore` can tell that a server is using the database (the store's own connection holds
SQLite locks only inside a transaction, which says nothing between tickets) and a server
cannot start on a database that is being restored. The kernel drops the lock when the
process dies, even by SIGKILL, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from server.store.errors import StoreError
from server.store.schema import APPLICATION_ID, SCHEMA_VERSION


@dataclass(frozen=True)
class Copied:
    """What a backup or restore copied."""

    path: Path
    events: int
    last_seq: int
    size: int

    def describe(self) -> str:
        return f"{self.events} events (last seq {self.last_seq}), {_human(self.size)}"


class DatabaseLock:
    """The advisory lock a server (or a restore) holds on `<db>.lock` while it uses `db`."""

    def __init__(self, db: Path) -> None:
        self.path = db.with_name(db.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise StoreError saying who has it; never waits."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Read-only is enough for flock, so a lock file left by another user (root ran
            # the server once) does not stop the service user.
            fd = os.open(self.path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as e:
            raise StoreError(f"Cannot create the lock file {self.path}: {e.strerror}.") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise StoreError(
                f"{self.path.with_suffix('')} is in use by a running Rinda server "
                "(or a restore); stop it first"
            ) from None
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing drops the flock


def _human(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "kB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def _open_rinda(path: Path, what: str) -> sqlite3.Connection:
    """A read-only connection to `path`, checked to be a Rinda database this code can read."""
    if not path.is_file():
        raise StoreError(f"{what} {path} does not exist (or is not a file)")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID or version < 1:
            raise StoreError(f"{what} {path} is not a Rinda database")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{what} {path} has schema {version}, newer than this Rinda "
                f"({SCHEMA_VERSION}); upgrade Rinda"
            )
    except sqlite3.DatabaseError as e:
        conn.close()
        raise StoreError(f"{what} {path} is not a Rinda database ({e})") from None
    except BaseException:
        conn.close()
        raise
    return conn


def _count(conn: sqlite3.Connection) -> tuple[int, int]:
    n, last = conn.execute("SELECT count(*), coalesce(max(seq), 0) FROM events").fetchone()
    return int(n), int(last)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_to_temp(src: sqlite3.Connection, folder: Path, prefix: str) -> Path:
    """Copy `src` into a new file in `folder` (so the final rename stays on one disk),
    fsynced; the caller renames it into place or deletes it."""
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".db", dir=folder)
    os.close(fd)
    tmp = Path(name)
    try:
        dst = sqlite3.connect(tmp)
        try:
            # pages=-1: one step, one read transaction, one consistent point in the log.
            src.backup(dst, pages=-1)
            # A self-contained file: no -wal beside it to forget when it is copied around.
            dst.execute("PRAGMA journal_mode = DELETE")
            if dst.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise StoreError("the copy does not pass SQLite's integrity check")
        finally:
            dst.close()
        _fsync(tmp)
    except sqlite3.Error as e:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"Copying the database failed: {e}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def backup(db: Path, dest: Path, *, force: bool = False, folder: bool = False) -> Copied:
    """Copy the database `db` (the server may be running on it) to `dest`.

    If `dest` is a folder (an existing one, or any with `folder`, which creates it) the copy
    is named `rinda-YYYYMMDD-HHMMSS.db` inside it, for a daily timer; a second copy in the
    same second gets `-2`, `-3`, ... rather than replacing the first. An existing file named
    as `dest` is replaced only with `force`.
    """
    if folder or dest.is_dir():
        try:
            dest.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"Cannot create the folder {dest}: {e.strerror}.") from None
        dated: Path | None = dest / f"rinda-{datetime.now(UTC):%Y%m%d-%H%M%S}.db"
    else:
        dated = None
        if dest.exists() and not force:
            raise StoreError(f"{dest} already exists; choose another name or add --force")
        if not dest.parent.is_dir():
            raise StoreError(f"the folder {dest.parent} does not exist")
        if dest.resolve() == db.resolve():
            raise StoreError("the backup cannot replace the database it copies")
    src = _open_rinda(db, "the database")
    try:
        tmp = _copy_to_temp(src, dest if dated is not None else dest.parent, ".rinda-backup-")
    finally:
        src.close()
    if dated is not None:
        dest = _claim(dated, tmp)
    os.replace(tmp, dest)
    _fsync(dest.parent)
    return _describe(dest)


def _claim(name: Path, tmp: Path) -> Path:
    """`name`, or `name-2`, `name-3`, ... whichever did not exist yet, created empty so that
    no other backup takes it (O_EXCL works on every file system, a USB stick's too); the
    caller renames the finished copy over it at once."""
    for n in range(1, 1000):
        path = name if n == 1 else name.with_stem(f"{name.stem}-{n}")
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        except OSError as e:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"Cannot create {path}: {e.strerror}.") from None
        return path
    tmp.unlink(missing_ok=True)
    raise StoreError(f"{name.parent} already holds 999 backups made in the same second")


def _describe(path: Path) -> Copied:
    conn = _open_rinda(path, "the copy")
    try:
        events, last = _count(conn)
    finally:
        conn.close()
    return Copied(path, events, last, path.stat().st_size)


def restore(src_path: Path, db: Path, *, force: bool = False) -> Copied:
    """Replace the database `db` by the backup `src_path`; refuses while a server uses `db`.

    `src_path` is checked to be a Rinda database before anything is touched. The new file is
    written beside `db` and renamed over it, so `db` is always either the old database or the
    whole new one. Its stale `-wal`/`-shm` files go first: SQLite would otherwise replay the
    old database's write-ahead log onto the restored one.
    """
    src = _open_rinda(src_path, "the backup")
    try:
        if db.exists() and not force:
            raise StoreError(f"{db} already exists; add --force to replace it with the backup")
        lock = DatabaseLock(db)
        lock.acquire()
        try:
            db.parent.mkdir(parents=True, exist_ok=True)
            tmp = _copy_to_temp(src, db.parent, ".rinda-restore-")
            if db.exists():
                # The server's user must still be able to open it (root may run restore).
                st = db.stat()
                os.chmod(tmp, st.st_mode & 0o777)
                if os.geteuid() == 0:
                    os.chown(tmp, st.st_uid, st.st_gid)
            for stale in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
                with contextlib.suppress(FileNotFoundError):
                    stale.unlink()
            os.replace(tmp, db)
            _fsync(db.parent)
        finally:
            lock.release()
    finally:
        src.close()
    return _describe(db)
