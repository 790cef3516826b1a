"""Fixtures that put Django's default storage in a real S3-compatible server:
moto's server mode, started on 127.0.0.1 as a process of its own.

The storage is configured the way production does it, through the
environment variables that ``sakip.settings.environment`` reads.
"""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

from sakip.settings.environment import storages_from_environment

MOTO_SERVER = Path(sys.executable).parent / "moto_server"
START_TIMEOUT = 60
# moto accepts any credentials; these only have to be present.
ACCESS_KEY = "sakip-uji"
SECRET_KEY = "sakip-uji-rahasia"
REGION = "us-east-1"


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """The URL of a moto S3 server on 127.0.0.1 and a free port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603
            [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"moto_server exited:\n{log.read_text()}", pytrace=False)
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"moto_server did not listen within {START_TIMEOUT} s:\n"
                        f"{log.read_text()}",
                        pytrace=False,
                    )
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def s3_bucket(s3_endpoint, settings, monkeypatch):
    """A new private bucket, made Django's default storage through the
    production environment variables; returns the boto3 Bucket."""
    name = f"sakip-{secrets.token_hex(6)}"
    environment = {
        "SAKIP_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_S3_SECRET_ACCESS_KEY": SECRET_KEY,
    }
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    resource = boto3.resource(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    bucket = resource.create_bucket(Bucket=name)
    # Only the default storage changes: the test settings' static files have
    # no manifest to read.
    s3_storage = storages_from_environment(settings.MEDIA_ROOT)["default"]
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage}
    return bucket


def bucket_keys(bucket) -> list[str]:
    return sorted(stored.key for stored in bucket.objects.all())
