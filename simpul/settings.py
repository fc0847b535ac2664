"""Settings for Simpul IKM, all read from the environment (see docs/configuration.md).

Defaults suit a developer's machine and the demo: SQLite under var/, DEBUG on.
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL).
"""

from __future__ import annotations

import sysconfig
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from simpul.env import env_bool, env_int, env_list, env_region_code, env_secret_key, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SIMPUL_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_secret_key(DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

#: Home region of this deployment: a kabupaten/kota (35.23) or a provinsi (35).
SIMPUL_HOME_REGION = env_region_code("SIMPUL_HOME_REGION", "35.23")
#: Demo mode shows the demo accounts on the login page. Never on in production.
SIMPUL_DEMO = env_bool("SIMPUL_DEMO", DEBUG)
#: Name of the office shown in the header and on reports.
SIMPUL_OFFICE_NAME = env_str("SIMPUL_OFFICE_NAME", "Dinas Perindustrian")
#: Largest accepted upload, in megabytes (spreadsheets, photos, documents).
SIMPUL_MAX_UPLOAD_MB = env_int("SIMPUL_MAX_UPLOAD_MB", 20, minimum=1)
#: Years archived records and audit entries are kept before `apply_retention` anonymises or deletes them.
SIMPUL_RETENTION_YEARS = env_int("SIMPUL_RETENTION_YEARS", 5, minimum=1)
#: From this many businesses the dashboard reads its summary tables (refreshed after imports, nightly and on
#: request) instead of computing live; below it, figures are live and show every edit at once.
SIMPUL_DASHBOARD_SUMMARY_FROM = env_int("SIMPUL_DASHBOARD_SUMMARY_FROM", 100_000, minimum=0)
#: Days an imported spreadsheet is kept after its import ends (it holds every NIK of the sheet).
SIMPUL_IMPORT_FILE_DAYS = env_int("SIMPUL_IMPORT_FILE_DAYS", 90, minimum=1)
#: Days a buyer's name, e-mail and phone are kept after their demand closed or their message was sent.
SIMPUL_CONTACT_RETENTION_DAYS = env_int("SIMPUL_CONTACT_RETENTION_DAYS", 730, minimum=1)
#: Tile server for maps; empty means maps draw without a basemap (closed networks).
SIMPUL_TILE_URL = env_str("SIMPUL_TILE_URL", "")
#: Where maps open when a record has no point yet: "lat,lng" (default: Tuban).
SIMPUL_MAP_CENTER = env_str("SIMPUL_MAP_CENTER", "-6.90,112.05")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "simple_history",
    "axes",
    # Two-factor login (TOTP) for admin accounts: simpul/accounts/otp.py.
    "django_otp",
    "django_otp.plugins.otp_totp",
    # One-time recovery codes for an admin who loses the phone with the authenticator app.
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "simpul.core",
    "simpul.regions",
    "simpul.classifications",
    "simpul.accounts",
    "simpul.registry",
    "simpul.ingest",
    "simpul.clusters",
    "simpul.analytics",
    "simpul.programs",
    "simpul.market",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "simpul.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "simpul.core.replica.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "simpul.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the page that explains it.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "simpul.urls"
WSGI_APPLICATION = "simpul.wsgi.application"
# Widget templates (e.g. the kecamatan → desa picker) live with the project's templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "simpul" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "simpul.core.context_processors.simpul",
            ],
        },
    },
]


def _database() -> dict:
    url = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'simpul.sqlite3'}")
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the worker write while the web process reads; the timeout
        # waits for a lock instead of failing at once.
        # Tests use a file, not memory, so a worker process can share the test database.
        config["TEST"] = {"NAME": str(VAR_DIR / "test-simpul.sqlite3")}
        config.setdefault("OPTIONS", {}).update(
            {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        )
    elif config["ENGINE"] not in ("django.db.backends.postgresql",):
        raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL.")
    return config


DATABASES = {"default": _database()}
# A read replica of the PostgreSQL primary for the catalog, dashboards and analyses (docs/scaling.md).
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = {
        **dj_database_url.parse(env_str("DATABASE_REPLICA_URL", "")),
        # Tests read the replica's tables from the test primary.
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["simpul.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes counts failed logins and locks a username+address pair out for a while.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# A username longer than axes' column is cut before it is recorded (a 500 on PostgreSQL otherwise).
AXES_USERNAME_CALLABLE = "simpul.accounts.lockout.username"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "simpul" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
_SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])
# Front-end libraries come from Python packages (XStatic), never from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "simpul" / "static",
    ("vendor/bootstrap", _SITE_PACKAGES / "xstatic" / "pkg" / "bootstrap" / "data"),
    ("vendor/leaflet", _SITE_PACKAGES / "xstatic" / "pkg" / "leaflet" / "data"),
    ("vendor/markercluster", _SITE_PACKAGES / "xstatic" / "pkg" / "leaflet_markercluster" / "data"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "simpul.core.storage.StaticStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["simpul.core.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_RATE_ANON", "60/minute"),
        "user": env_str("API_RATE_USER", "600/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Simpul IKM API",
    "DESCRIPTION": "API basis data IKM: wilayah, klasifikasi, usaha, pelaku, produk.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the sidecar package, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a field named "status"; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "UsahaStatusEnum": "simpul.registry.models.Usaha.Status",
        "SentraStatusEnum": "simpul.clusters.models.Sentra.Status",
        "ProgramStatusEnum": "simpul.programs.models.Program.Status",
        "PartisipasiStatusEnum": "simpul.programs.models.Partisipasi.Status",
        "KendalaStatusEnum": "simpul.programs.models.Kendala.Status",
        "PermintaanStatusEnum": "simpul.market.models.demand.Permintaan.Status",
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

# Security: strict by default when DEBUG is off; docs/deploy.md explains each.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Mail: printed to the console in development; SMTP settings in production (docs/deploy.md).
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Simpul IKM <noreply@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
