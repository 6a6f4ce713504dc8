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
        if not key.startswith(("DJANGO_", "PORTAL_VAR_DIR"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="k" * 20 + "Zq8!vR2#pL9@wX4$mN7%tB1^yC6&hJ3*",
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        DJANGO_EMAIL_URL="smtp+tls://mailer:secret@smtp.example.org:587",
        PORTAL_ENCRYPTION_KEYS="dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LXRlc3Q=",
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
