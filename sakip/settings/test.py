"""Settings for the test suite: fast hashing, tasks run at once, local files."""

from .base import *  # noqa: F403

SECRET_KEY = "test-key-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests log in many times with wrong passwords; the throttling test turns
# django-axes on for itself.
AXES_ENABLED = False
# E-mail goes to django.core.mail.outbox, which each test starts empty.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
