"""Production settings, given their environment, pass Django's deployment checks cleanly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]


def production_env(**overrides) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PORTAL_VAR_DIR", "PORTAL_SITE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="k" * 20 + "Zq8!vR2#pL9@wX4$mN7%tB1^yC6&hJ3*",
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        DJANGO_EMAIL_URL="smtp+tls://mailer:secret@smtp.example.org:587",
        PORTAL_ENCRYPTION_KEYS="dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LXRlc3Q=",
        PORTAL_SITE_URL="https://portal.example.org",
        DATABASE_URL=os.environ["DATABASE_URL"],
        REDIS_URL=os.environ["REDIS_URL"],
    )
    env.update(overrides)
    return env


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_its_encryption_keys():
    env = production_env()
    del env["PORTAL_ENCRYPTION_KEYS"]

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "PORTAL_ENCRYPTION_KEYS" in result.stderr


def test_production_refuses_to_start_without_an_email_provider():
    env = production_env()
    del env["DJANGO_EMAIL_URL"]

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "DJANGO_EMAIL_URL" in result.stderr


def test_production_refuses_to_start_without_its_site_url():
    env = production_env()
    del env["PORTAL_SITE_URL"]

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "PORTAL_SITE_URL" in result.stderr


@pytest.mark.parametrize("url", ["http://portal.example.org", "portal.example.org", "https://"])
def test_production_refuses_a_site_url_that_is_not_https(url):
    result = run_manage("check", env=production_env(PORTAL_SITE_URL=url))

    assert result.returncode != 0
    assert "PORTAL_SITE_URL must be the site's https:// address" in result.stderr


def site_url_under(settings_module: str, **environ: str) -> str:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PORTAL_SITE_URL", "PORTAL_WEB_PORT", "PORT", "WEB_HOST"))
    }
    env.update({"DJANGO_SETTINGS_MODULE": settings_module, **environ})
    code = "from django.conf import settings; print(settings.SITE_URL)"
    result = run_manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_links_use_the_configured_https_address():
    env = production_env()
    del env["DJANGO_SETTINGS_MODULE"]

    url = site_url_under("config.settings.production", **env)

    assert url == "https://portal.example.org"


def test_the_demos_links_follow_the_port_make_run_serves():
    # `make run PORT=8765`: honcho hands the worker (which sends the messages) PORT=8865, and
    # the Makefile exports the web server's port as PORTAL_WEB_PORT.
    worker = site_url_under("config.settings.local", PORT="8865", PORTAL_WEB_PORT="8765")
    web_alone = site_url_under("config.settings.local", PORT="8765", WEB_HOST="0.0.0.0")  # noqa: S104
    named = site_url_under(
        "config.settings.local", PORT="8765", PORTAL_SITE_URL="https://demo.example.org"
    )

    assert worker == "http://127.0.0.1:8765"
    assert web_alone == "http://127.0.0.1:8765"
    assert named == "https://demo.example.org"


@pytest.mark.parametrize(
    ("environ", "url"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "9000"}, "http://127.0.0.1:9000"),
        ({"PORT": "9100", "PORTAL_WEB_PORT": "9000"}, "http://127.0.0.1:9000"),
        ({"PORT": "9000", "WEB_HOST": "localhost"}, "http://localhost:9000"),
        ({"PORT": "9000", "WEB_HOST": "::"}, "http://127.0.0.1:9000"),
        ({"PORT": "9000", "WEB_HOST": "::1"}, "http://[::1]:9000"),
    ],
)
def test_local_site_url_is_where_the_web_server_listens(environ, url):
    from config.site_url import local_site_url

    assert local_site_url(environ) == url


def test_settings_come_from_the_environment():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.CACHES["default"]["LOCATION"] == os.environ["REDIS_URL"]
    assert settings.TIME_ZONE == "UTC" and settings.USE_TZ is True


@pytest.mark.parametrize(
    ("redis_url", "broker"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
        (
            "unix:///srv/var/redis/redis.sock?db=3",
            "redis+socket:///srv/var/redis/redis.sock?virtual_host=3",
        ),
    ],
)
def test_one_redis_url_serves_cache_and_celery(redis_url, broker):
    from config.redis_urls import celery_broker_url

    assert celery_broker_url(redis_url) == broker


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
