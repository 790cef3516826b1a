"""Settings for a production server; every value comes from the environment.

docs/deployment.md lists the variables and deploy/sakip.env.example fills
them in. A missing required variable stops the start with an error that
names it.
"""

import os

from .base import *  # noqa: F403
from .environment import (
    comma_list,
    path_from,
    require_variables,
    storages_from_environment,
)

require_variables(["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"])

ALLOWED_HOSTS = comma_list("DJANGO_ALLOWED_HOSTS")
# The site's origins, e.g. https://sakip.contoh.go.id, when the proxy's
# address differs from the Host header Django sees.
CSRF_TRUSTED_ORIGINS = comma_list("DJANGO_CSRF_TRUSTED_ORIGINS")

STATIC_ROOT = path_from("SAKIP_STATIC_ROOT", VAR_DIR / "static")  # noqa: F405
MEDIA_ROOT = path_from("SAKIP_MEDIA_ROOT", VAR_DIR / "media")  # noqa: F405
STORAGES = storages_from_environment(MEDIA_ROOT)
# whitenoise serves the collected static files right after the security
# middleware, before sessions and the rest are touched.
MIDDLEWARE = list(MIDDLEWARE)  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# ---------------------------------------------------------------------------
# Security (docs/security.md): cookies only over HTTPS and two-factor login
# required for the Admin Bappeda and Verifikator roles unless turned off.
# ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SAKIP_2FA_REQUIRED = os.environ.get("SAKIP_2FA_REQUIRED", "1") == "1"
