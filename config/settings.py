"""Settings for medarb, read from the environment (see .env.example).

With nothing set, medarb runs on one machine: SQLite in WAL mode, files under
MEDARB_DATA_DIR, SqliteHuey. DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis.
"""

import sys
from datetime import time, timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent


def _read_dotenv(path: Path) -> None:
    """Load KEY=VALUE lines of a local .env into the environment without overriding it."""
    import os

    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


TESTING = "pytest" in sys.modules
if not TESTING:
    _read_dotenv(BASE_DIR / ".env")

DEBUG = env.boolean("DEBUG", default=False)
DATA_DIR = Path(env.text("MEDARB_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env.secret("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY is not set (see .env.example); `make run` writes one to .env.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

# Fernet keys for personal data at rest; the first encrypts, all decrypt (rotation).
FIELD_ENCRYPTION_KEYS = env.listing("MEDARB_FIELD_KEYS", env.secret("MEDARB_FIELD_KEYS"))
if not FIELD_ENCRYPTION_KEYS and not (DEBUG or TESTING):
    raise ImproperlyConfigured("MEDARB_FIELD_KEYS is not set (see .env.example).")

ALLOWED_HOSTS = env.listing("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env.listing("CSRF_TRUSTED_ORIGINS")
HTTPS = env.boolean("MEDARB_HTTPS", default=False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.integer("MEDARB_SESSION_SECONDS", default=8 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LAW_DATA_DIR = Path(env.text("MEDARB_LAW_DATA_DIR", str(BASE_DIR / "data")))
SITE_URL = env.text("MEDARB_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",  # only so accounts 0003 can hash and empty its old clear-text table
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "huey.contrib.djhuey",
    "medarb.core",
    "medarb.orgs",
    "medarb.accounts",
    "medarb.audit",
    "medarb.procedure",
    "medarb.cases",
    "medarb.arbitration",
    "medarb.mediation",
    "medarb.documents",
    "medarb.delivery",
    "medarb.hearings",
    "medarb.search",
    "medarb.identity",
    "medarb.appointments",
    "medarb.portal",
    "medarb.wechat",
    "medarb.api",
    "medarb.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "medarb.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "medarb.core.caching.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "medarb.accounts.middleware.StaffMfaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "medarb" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "medarb.accounts.context_processors.navigation",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# --- database -------------------------------------------------------------------------
DATABASE_URL = env.text("DATABASE_URL", f"sqlite:///{DATA_DIR / 'medarb.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env.integer("DB_CONN_MAX_AGE", default=60))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: writers queue up instead of failing on a stale WAL snapshot.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DATABASES["default"].setdefault("TEST", {})
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache and job queue --------------------------------------------------------------
REDIS_URL = env.text("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    HUEY = {"huey_class": "huey.RedisHuey", "name": "medarb", "url": REDIS_URL, "immediate": False}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "medarb",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": False,
    }
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    HUEY = {"huey_class": "huey.MemoryHuey", "name": "medarb-test", "immediate": True}
HUEY["consumer"] = {"workers": env.integer("MEDARB_JOB_WORKERS", default=2), "worker_type": "thread"}

# --- files ----------------------------------------------------------------------------
MEDIA_ROOT = DATA_DIR / "files"
MEDIA_URL = "/files/"  # never served directly: every file goes through the visibility policy
STATIC_URL = "/static/"
# Capability links answered without a session: never cached (medarb.core.caching).
NO_STORE_PATH_PREFIXES = ["/delivery/s/", "/hearings/feed/", "/verify/", "/api/"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "medarb" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if TESTING:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
UPLOAD_MAX_BYTES = env.integer("MEDARB_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- auth -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.integer("MEDARB_LOGIN_FAILURES", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "medarb.accounts.views.locked_out"  # 429 page in Chinese
AXES_ENABLED = env.boolean("MEDARB_AXES", default=True)
OTP_TOTP_ISSUER = "medarb"

# --- SMS ------------------------------------------------------------------------------
SMS_BACKEND = env.text("MEDARB_SMS_BACKEND", "medarb.core.sms.ConsoleBackend")
SMS_ENDPOINT = env.text("MEDARB_SMS_ENDPOINT", "https://dysmsapi.aliyuncs.com/")
SMS_ACCESS_KEY_ID = env.text("MEDARB_SMS_ACCESS_KEY_ID")
SMS_ACCESS_KEY_SECRET = env.secret("MEDARB_SMS_ACCESS_KEY_SECRET")
SMS_SIGN_NAME = env.text("MEDARB_SMS_SIGN_NAME", "劳动人事争议仲裁院")
SMS_TEMPLATE_LOGIN = env.text("MEDARB_SMS_TEMPLATE_LOGIN", "SMS_LOGIN")
SMS_CODE_TTL = timedelta(minutes=5)

# --- documents and service ------------------------------------------------------------
# Unit certificates and seals live here (never in the repository); `make_demo_pki` fills it.
DOCUMENTS_PKI_DIR = Path(env.text("MEDARB_PKI_DIR", str(DATA_DIR / "pki")))
# Create a demo CA and unit certificates on first use; turn off where real certificates are installed.
DOCUMENTS_DEMO_PKI = env.boolean("MEDARB_DEMO_PKI", default=True)
DOCUMENTS_TRUST_ROOTS = env.listing("MEDARB_TRUST_ROOTS")  # extra CA certificate files (PEM)
# Not opened electronically within this time → postal service (an operational setting, not a legal period).
DELIVERY_ESCALATE_AFTER = timedelta(hours=env.integer("MEDARB_DELIVERY_ESCALATE_HOURS", default=72))
EMAIL_BACKEND = env.text("MEDARB_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.text("MEDARB_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env.integer("MEDARB_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.text("MEDARB_EMAIL_USER")
EMAIL_HOST_PASSWORD = env.secret("MEDARB_EMAIL_PASSWORD")
EMAIL_USE_TLS = env.boolean("MEDARB_EMAIL_TLS", default=False)
EMAIL_TIMEOUT = 15
DEFAULT_FROM_EMAIL = env.text("MEDARB_EMAIL_FROM", "medarb <noreply@localhost>")
SMS_TEMPLATE_SERVICE = env.text("MEDARB_SMS_TEMPLATE_SERVICE", "SMS_SERVICE")
WECHAT_BACKEND = env.text("MEDARB_WECHAT_BACKEND", "medarb.delivery.channels.ConsoleWeChat")
WECHAT_API_BASE = env.text("MEDARB_WECHAT_API_BASE", "https://api.weixin.qq.com")
WECHAT_APPID = env.text("MEDARB_WECHAT_APPID")
WECHAT_SECRET = env.secret("MEDARB_WECHAT_SECRET")
WECHAT_TOKEN = env.secret("MEDARB_WECHAT_TOKEN")
WECHAT_OAUTH_BASE = env.text("MEDARB_WECHAT_OAUTH_BASE", "https://open.weixin.qq.com")
WECHAT_TEMPLATE_SERVICE = env.text("MEDARB_WECHAT_TEMPLATE_SERVICE", "SERVICE_NOTICE")

# --- i18n -----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "medarb" / "locale"]
FORMAT_MODULE_PATH = ["medarb.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- security headers -----------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", "blob:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- hearings -------------------------------------------------------------------------
# Rooms take bookings between these local times on working days ("HH:MM,HH:MM").
HEARINGS_WORKING_HOURS = tuple(env.listing("MEDARB_HEARING_HOURS", "08:30,17:30"))
try:
    _hearing_hours = [time.fromisoformat(t) for t in HEARINGS_WORKING_HOURS]
except ValueError:
    _hearing_hours = []
if len(_hearing_hours) != 2 or _hearing_hours[0] >= _hearing_hours[1]:
    raise ImproperlyConfigured("MEDARB_HEARING_HOURS must be two times, e.g. 08:30,17:30.")

# --- arbitration ----------------------------------------------------------------------
# Legacy local rule (e.g. Liaoning): a collective dispute of this many workers or more is
# heard by a special tribunal (特别仲裁庭). 0 = the 2017 national rules, which have none.
ARBITRATION_SPECIAL_TRIBUNAL_WORKERS = env.integer("MEDARB_SPECIAL_TRIBUNAL_WORKERS", default=0)
if ARBITRATION_SPECIAL_TRIBUNAL_WORKERS and ARBITRATION_SPECIAL_TRIBUNAL_WORKERS < 10:
    raise ImproperlyConfigured("MEDARB_SPECIAL_TRIBUNAL_WORKERS must be 0 (off) or at least 10.")

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "medarb.api.authentication.StaffTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "medarb.api.pagination.CasePagination",
    "EXCEPTION_HANDLER": "medarb.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env.text("MEDARB_API_RATE", "600/minute"), "anon": "60/minute"},
}
if TESTING:
    REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = []
# API tokens (accounts.tokens): lifetime in days, and how often their last use is written.
API_TOKEN_DAYS = env.integer("MEDARB_API_TOKEN_DAYS", default=90)
API_TOKEN_TOUCH_SECONDS = env.integer("MEDARB_API_TOKEN_TOUCH_SECONDS", default=60)
SPECTACULAR_SETTINGS = {
    "TITLE": "medarb API",
    "DESCRIPTION": "劳动人事争议调解仲裁平台 REST API v1. Every response follows the case visibility policy.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The docs pages load Swagger UI and Redoc from the installed sidecar, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CaseKindEnum": "medarb.cases.models.CaseKind.choices",
        "PartyKindEnum": "medarb.cases.models.PartyKind.choices",
        "PartySideEnum": "medarb.cases.models.PartySide.choices",
        "ChannelEnum": "medarb.cases.models.Channel.choices",
        "CauseEnum": "medarb.cases.serializers.LEAF_CAUSES",
        "CauseGroupEnum": "medarb.cases.serializers.TOP_CAUSES",
        "SittingKindEnum": "medarb.hearings.models.SittingKind.choices",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "WARNING"},
        "huey": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}
