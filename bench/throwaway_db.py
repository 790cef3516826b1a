"""The throwaway database of a benchmark: a SQLite file or a PostgreSQL cluster."""

import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_database(kind: str, workdir: Path) -> tuple[str, Path | None]:
    """Return the DATABASE_URL of a new, empty database, and the directory of
    the PostgreSQL cluster to stop at the end (None for SQLite)."""
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'sakip.sqlite3'}", None
    cluster = Path(tempfile.mkdtemp(prefix="sakip-bench-pg-"))
    cluster.rmdir()  # pg-cluster.sh creates the directory itself
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "pg-cluster.sh"), "start", str(cluster)],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip(), cluster


def stop_database(cluster: Path | None) -> None:
    if cluster is not None:
        subprocess.run(
            ["bash", str(ROOT / "scripts" / "pg-cluster.sh"), "stop", str(cluster)],
            check=False,
        )
