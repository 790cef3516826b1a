"""Settings shared by every environment; each value may come from the environment.

``local`` (the default of the ``sakip`` command), ``test`` and ``production``
import this module and change only what differs.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SAKIP_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    # The cycle's stages, in order: an app may import the ones above it only.
    "sakip.core",
    "sakip.organisasi",
    "sakip.notifikasi",
    "sakip.referensi",
    "sakip.perencanaan",
    "sakip.tahunan",
    "sakip.anggaran",
    "sakip.perjanjian",
    "sakip.pelaksanaan",
    "sakip.pengukuran",
    "sakip.pelaporan",
    "sakip.evaluasi",
    "sakip.arsip",
    "sakip.portal",
    "sakip.api",
    "sakip.bukukerja",
    # Django REST framework comes after the project's apps. Its Indonesian
    # catalogue rewords six of Django's form messages, and the one of
    # sakip.api restates Django's wording, which wins only from an app
    # listed earlier.
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sakip.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sakip.organisasi.context_processors.pemda",
                "sakip.notifikasi.context_processors.notifikasi",
            ],
        },
    },
]

WSGI_APPLICATION = "sakip.wsgi.application"


def database_from_environment() -> dict:
    """Read ``DATABASE_URL``; without it, a SQLite file under ``var/``.

    SQLite runs in WAL mode with immediate transactions, so that readers do
    not block the writer and two writers queue instead of failing with
    "database is locked".
    """
    default_url = f"sqlite:///{VAR_DIR / 'sakip.sqlite3'}"
    config = dj_database_url.parse(
        os.environ.get("DATABASE_URL", default_url), conn_max_age=60
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            # A large workbook import holds the write lock for tens of
            # seconds on SQLite; other writers (a login) wait this long.
            "timeout": 60,
        }
    return config


DATABASES = {"default": database_from_environment()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisasi.Pengguna"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username and address is refused before any
    # password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
_VALIDATORS = "django.contrib.auth.password_validation"
# At least 12 characters, not like the user's name or
# e-mail, not in Django's list of 20,000 common passwords, not only digits.
# Django's Indonesian catalogue gives the messages.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
# Login throttling: five wrong passwords for one username from one address
# lock that pair out for 15 minutes; a right password resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("SAKIP_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/terkunci.html"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "pengukuran:dasbor_pemda"
LOGOUT_REDIRECT_URL = "login"

# Every page is in Bahasa Indonesia whatever the browser asks for: only the
# Indonesian texts are complete, and a page half in English helps no one.
# LocaleMiddleware goes back into MIDDLEWARE once an English catalogue exists.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "sakip" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

# Uploaded workbooks are read from memory up to this size; larger ones go to
# a temporary file. The upper limit for a workbook is SAKIP_WORKBOOK_MAX_BYTES.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SAKIP_WORKBOOK_MAX_BYTES = int(
    os.environ.get("SAKIP_WORKBOOK_MAX_BYTES", 100 * 1024 * 1024)
)
# The maximum number of data rows in a SIPD DPA file. A province's DPA has a
# few thousand sub kegiatan.
SAKIP_SIPD_MAX_ROWS = int(os.environ.get("SAKIP_SIPD_MAX_ROWS", 50_000))
# The largest evidence file (bukti) of a realisation entry.
SAKIP_BUKTI_MAX_BYTES = int(os.environ.get("SAKIP_BUKTI_MAX_BYTES", 10 * 1024 * 1024))
# The largest total an evidence DOCX or XLSX may unpack to (a ZIP bomb guard).
SAKIP_BUKTI_MAX_UNPACKED_BYTES = int(
    os.environ.get("SAKIP_BUKTI_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)
)

# Long imports run as tasks stored in the database; ``sakip db_worker`` runs
# them. ``SAKIP_TASKS_IMMEDIATE=1`` runs them inside the request instead.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("SAKIP_TASKS_IMMEDIATE") == "1"
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

# E-mail of notifications (docs/notifikasi.md). Without EMAIL_HOST, and with
# Django's SMTP backend, nothing is e-mailed and notifications stay in the
# product. The task worker (``sakip db_worker``) sends the mail, unless
# SAKIP_TASKS_IMMEDIATE=1 runs tasks inside the request.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
# STARTTLS on port 587 unless EMAIL_USE_SSL=1 (port 465); Django allows one.
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0" if EMAIL_USE_SSL else "1") == "1"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 465 if EMAIL_USE_SSL else 587))
# Seconds to wait for the mail server before the send fails and is logged.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 30))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sakip@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address of the site as users reach it, e.g. https://sakip.contoh.go.id,
# for the links in e-mails; without it, e-mails carry no link.
SAKIP_SITE_URL = os.environ.get("SAKIP_SITE_URL", "")

# The REST API under /api/v1/ (docs/api.md). A client authenticates with the
# token from its user's "Token API" page; the browsable API uses the session.
# Each user may make SAKIP_API_RATE requests (a number per second, minute,
# hour or day); DRF counts them in the default cache, so with several worker
# processes the count is per process unless CACHES names a shared cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "sakip.api.parsers.DecimalJSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "sakip.api.pagination.KodeCursorPagination",
    "DEFAULT_THROTTLE_CLASSES": ["sakip.api.throttling.PenggunaRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "pengguna": os.environ.get("SAKIP_API_RATE", "1000/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SAKIP API",
    "DESCRIPTION": _(
        "Indikator, target, capaian dan realisasi kinerja, dengan cakupan data "
        "yang sama seperti halaman SAKIP."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Separate request and response components, so that a write-only field
    # (the evidence file) and read-only ones (status, versi) are each shown
    # only where they apply.
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and fontTools log every step of a PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}


# ---------------------------------------------------------------------------
# Security (docs/security.md): headers, cookies, Content Security Policy,
# two-factor login and the optional OpenID Connect login. The production
# settings tighten the cookies and turn two-factor login on.
# ---------------------------------------------------------------------------
from csp.constants import NONE, SELF  # noqa: E402

INSTALLED_APPS += [  # noqa: F405
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
]
# Django's security headers, stated here though most are Django 5.2's
# defaults, so that a reader sees them in one place.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A session ends after SAKIP_SESSION_HOURS (8, one working day) or when the
# browser closes, whichever comes first.
SESSION_COOKIE_AGE = int(os.environ.get("SAKIP_SESSION_HOURS", 8)) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Pages send the CSRF token from the template (a form field, or HTMX's
# X-CSRFToken header in base.html), so no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "sakip.core.views.csrf_gagal"

# Content Security Policy (django-csp 4; Django 5.2 has none of its own).
# Scripts and style sheets load only from the site itself: no inline script,
# no event-handler attribute, no <style> element and no eval. Style
# attributes stay allowed because templates colour the capaian badges and
# size the progress bars with them.
# NOTE: 'unsafe-inline' for style attributes lets injected markup restyle a
# page, but autoescaping keeps such markup out, and it can run no script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        # Bootstrap draws its check boxes and select arrows as data: SVG, and
        # the pohon kinerja's PNG export draws its SVG from a blob: URL.
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Two-factor login with a TOTP app (django-otp). A user who enrolled an
# authenticator must enter its code after the password. With
# SAKIP_2FA_REQUIRED=1 (the production default) the roles below must enrol
# before they can open any page.
SAKIP_2FA_REQUIRED = os.environ.get("SAKIP_2FA_REQUIRED", "0") == "1"
SAKIP_2FA_ROLES = ["admin_bappeda", "verifikator"]
OTP_TOTP_ISSUER = os.environ.get("SAKIP_2FA_ISSUER", "SAKIP")
_AUTH_INDEX = MIDDLEWARE.index(  # noqa: F405
    "django.contrib.auth.middleware.AuthenticationMiddleware"
)
MIDDLEWARE[_AUTH_INDEX + 1 : _AUTH_INDEX + 1] = [  # noqa: F405
    "django_otp.middleware.OTPMiddleware",
    "sakip.organisasi.dua_faktor.DuaFaktorMiddleware",
]
MIDDLEWARE.insert(1, "csp.middleware.CSPMiddleware")  # noqa: F405
# The browsable API's own renderer adds a <style> element, which the policy
# rejects.
REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = [  # noqa: F405
    "rest_framework.renderers.JSONRenderer",
    "sakip.api.renderers.BrowsableAPIRenderer",
]

# Optional single sign-on through OpenID Connect (mozilla-django-oidc), on
# only when SAKIP_OIDC_CLIENT_ID is set. The provider proves who a person is;
# the role and unit still come from SAKIP, so only an existing, active user
# whose e-mail address matches may log in, and no user is created.
SAKIP_OIDC_ENABLED = bool(os.environ.get("SAKIP_OIDC_CLIENT_ID"))
if SAKIP_OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")  # noqa: F405
    AUTHENTICATION_BACKENDS.append("sakip.organisasi.oidc.PenggunaOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["SAKIP_OIDC_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("SAKIP_OIDC_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("SAKIP_OIDC_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["SAKIP_OIDC_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["SAKIP_OIDC_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["SAKIP_OIDC_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("SAKIP_OIDC_JWKS_ENDPOINT", "")
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_CREATE_USER = False
    LOGIN_REDIRECT_URL_FAILURE = "/masuk/"
