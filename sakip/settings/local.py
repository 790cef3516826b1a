"""Settings for a developer's machine and the demo: debug on, SQLite by default."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
# A fixed key is acceptable only here: the demo has no real users or secrets.
SECRET_KEY = os.environ.get(  # noqa: F405
    "DJANGO_SECRET_KEY", "insecure-local-key-only-for-the-demo"
)
