"""Readers of the production settings' environment variables.

docs/deployment.md lists every variable; deploy/sakip.env.example is a
filled-in example.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

DEPLOYMENT_DOC = "docs/deployment.md"


def require_variables(names: list[str]) -> None:
    """Raise ImproperlyConfigured naming every variable of ``names`` that is
    unset or blank, in Indonesian and English."""
    missing = [name for name in names if not os.environ.get(name, "").strip()]
    if missing:
        listed = ", ".join(missing)
        raise ImproperlyConfigured(
            f"Variabel lingkungan wajib belum diisi: {listed}. "
            f"Isi di berkas lingkungan (lihat {DEPLOYMENT_DOC}). / "
            f"Required environment variables are not set: {listed}. "
            f"Set them in the environment file (see {DEPLOYMENT_DOC})."
        )


def comma_list(name: str) -> list[str]:
    """Return the comma-separated items of variable ``name``, without blanks."""
    return [
        item.strip() for item in os.environ.get(name, "").split(",") if item.strip()
    ]


def path_from(name: str, default: Path) -> Path:
    value = os.environ.get(name, "").strip()
    return Path(value) if value else default


STORAGE_KINDS = ("local", "s3")


def storages_from_environment(media_root: Path) -> dict:
    """Build ``STORAGES`` from ``SAKIP_STORAGE``: ``local`` (the default) keeps
    uploads and generated documents under ``media_root``, ``s3`` in an
    S3-compatible bucket through django-storages.

    Static files always stay on the local disk, compressed and named by their
    hash, because whitenoise serves them from there.
    """
    kind = os.environ.get("SAKIP_STORAGE", "local").strip().lower() or "local"
    if kind not in STORAGE_KINDS:
        raise ImproperlyConfigured(
            f"SAKIP_STORAGE={kind!r} tidak dikenal; pilih local atau s3. / "
            f"SAKIP_STORAGE={kind!r} is invalid; expected local or s3."
        )
    if kind == "local":
        default = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media_root},
        }
    else:
        default = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options()}
    return {
        "default": default,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }


def s3_options() -> dict:
    """Read the S3 bucket's options. The variables keep django-storages' own
    setting names, so its documentation applies as written."""
    require_variables(["AWS_STORAGE_BUCKET_NAME"])
    options = {
        "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"].strip(),
        # The bucket stays private: SAKIP's views check who may see a file
        # and stream it, so no object needs a public ACL or URL.
        "default_acl": None,
        "querystring_auth": True,
        # Two uploads with one name keep both files.
        "file_overwrite": False,
    }
    optional = {
        "endpoint_url": "AWS_S3_ENDPOINT_URL",
        "region_name": "AWS_S3_REGION_NAME",
        "access_key": "AWS_S3_ACCESS_KEY_ID",
        "secret_key": "AWS_S3_SECRET_ACCESS_KEY",
        "location": "AWS_LOCATION",
        "addressing_style": "AWS_S3_ADDRESSING_STYLE",
    }
    for option, name in optional.items():
        value = os.environ.get(name, "").strip()
        if value:
            options[option] = value
    return options
