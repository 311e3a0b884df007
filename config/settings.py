"""Settings for medarb, read from the environment (see .env.example).

With nothing set, medarb runs on one machine: SQLite in WAL mode, files under
MEDARB_DATA_DIR, SqliteHuey. DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis.
"""

import hashlib
import ipaddress
import os
import re
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
# Keys the look-up index of phone and ID numbers; unset, the last of MEDARB_FIELD_KEYS does
# (core.crypto). Set it to that key's value before that key is ever dropped from the list.
FIELD_INDEX_KEY = env.secret("MEDARB_INDEX_KEY")

# HMAC keys of the audit chain, never stored in the database; the first keys new entries,
# all verify (rotation: a new key goes first, old ones stay as long as their entries exist).
AUDIT_KEYS = env.listing("MEDARB_AUDIT_KEYS", env.secret("MEDARB_AUDIT_KEYS"))
if not AUDIT_KEYS:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("MEDARB_AUDIT_KEYS is not set (see .env.example); `make env` adds one.")
    AUDIT_KEYS = ["insecure-development-audit-key-never-use-in-production"]
if any(len(key) < 16 for key in AUDIT_KEYS):
    raise ImproperlyConfigured("MEDARB_AUDIT_KEYS: every key must have at least 16 characters.")
# Independent chains (each with its own head row) that audit writes spread over, so
# concurrent staff reads do not queue on one row lock.
AUDIT_LANES = env.integer("MEDARB_AUDIT_LANES", default=64)
if not 1 <= AUDIT_LANES <= 1000:
    raise ImproperlyConfigured("MEDARB_AUDIT_LANES must be between 1 and 1000.")
# Signed checkpoints of the chain heads go here; mount it where the database's writers
# cannot rewrite it (another machine's share, append-only storage of the supervising unit).
AUDIT_ANCHOR_DIR = Path(env.text("MEDARB_AUDIT_ANCHOR_DIR") or str(DATA_DIR / "audit-anchors"))
if TESTING and not env.text("MEDARB_AUDIT_ANCHOR_DIR"):
    import tempfile

    AUDIT_ANCHOR_DIR = Path(tempfile.gettempdir()) / f"medarb-test-anchors-{os.getpid()}"
AUDIT_CHECKPOINT_MINUTES = env.integer("MEDARB_AUDIT_CHECKPOINT_MINUTES", default=15)
if not 1 <= AUDIT_CHECKPOINT_MINUTES <= 1440:
    raise ImproperlyConfigured("MEDARB_AUDIT_CHECKPOINT_MINUTES must be between 1 and 1440.")

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
# WebAuthn (指纹/安全密钥): the relying party is the site's host name unless set (a parent
# domain of it, to share keys between sub-domains).
MEDARB_WEBAUTHN_RP_ID = env.text("MEDARB_WEBAUTHN_RP_ID")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",  # only so accounts 0005 can hash and empty its old clear-text table
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes
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
    "medarb.recording",
    "medarb.transcripts",
    "medarb.meetings",
    "medarb.reviews",
    "medarb.alerts",
    "medarb.stats",
    "medarb.reports",
    "medarb.archives",
    "medarb.court",
    "medarb.performance",
    "medarb.publication",
    "medarb.legalaid",
    "medarb.portal",
    "medarb.wechat",
    "medarb.api",
    "medarb.demo",
]

MIDDLEWARE = [
    "medarb.core.request_limits.RequestSizeLimitMiddleware",  # before anything reads the body
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
    "medarb.core.errors_views.ErrorPagesMiddleware",
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
if TESTING and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not shared memory: the browser tests' live server then gives each request thread
    # its own connection, and SQLite serialises their writers as in production. With an
    # in-memory database every thread shares the test's one connection, and two requests
    # interleave inside one transaction (audit sequence clashes, "table is locked").
    # pytest-xdist adds each worker's suffix to the name.
    DATABASES["default"]["TEST"]["NAME"] = str(DATA_DIR / "test.sqlite3")
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
# Form fields other than files (a signature pad's data URL is the largest, ~0.7 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads above this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# --- request limits -------------------------------------------------------------------
# A request whose Content-Length exceeds its path's limit gets 413 before the body is read
# (core.request_limits); nginx's client_max_body_size is the largest of these
# (`manage.py nginx_config`). One upload plus 1 MiB of form and multipart overhead.
REQUEST_MAX_BYTES = env.integer("MEDARB_REQUEST_MAX_BYTES", default=UPLOAD_MAX_BYTES + 1024 * 1024)
# Paths that take more (or must take less) than the default; the longest prefix wins.
REQUEST_BODY_ALLOWANCES = {
    "/verify/": 31 * 1024 * 1024,  # a signed PDF to check (documents.views.MAX_VERIFY_UPLOAD + overhead)
    "/wechat/": 64 * 1024,  # the official account's XML messages
    "/accounts/": 64 * 1024,  # sign-in forms
    # Hearing recordings uploaded from courtroom PCs (the recording app).
    "/recording/": env.integer("MEDARB_RECORDING_MAX_BYTES", default=4 * 1024**3),
}
# Addresses of the reverse proxies (nginx) whose X-Forwarded-For is believed; everything
# that limits by client address (SMS codes, sign-in failures) counts the address they pass on.
TRUSTED_PROXIES = env.listing("MEDARB_TRUSTED_PROXIES")
try:
    TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network(p, strict=False) for p in TRUSTED_PROXIES]
except ValueError as _exc:
    raise ImproperlyConfigured(f"MEDARB_TRUSTED_PROXIES: {_exc}") from _exc
# `manage.py nginx_config` writes deploy/nginx/medarb.conf from these.
NGINX_SERVER_NAME = env.text("MEDARB_NGINX_SERVER_NAME", "_")
NGINX_LISTEN = env.text("MEDARB_NGINX_LISTEN", "80")
NGINX_UPSTREAM = env.text("MEDARB_NGINX_UPSTREAM", "127.0.0.1:8000")

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
AXES_CLIENT_IP_CALLABLE = "medarb.core.clientip.client_ip_for_axes"  # the address every limit counts
# Failed sign-ins (any account, password or SMS code) from one address within AXES_COOLOFF_TIME
# before that address is refused (accounts.lockout): the limit against password spraying.
LOGIN_ADDRESS_FAILURE_LIMIT = env.integer("MEDARB_LOGIN_ADDRESS_FAILURES", default=20)
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
# The disc drive for case discs, as xorriso names it: /dev/sr0, or stdio:/path for a file-backed drive.
MEDARB_DISC_DEVICE = env.text("MEDARB_DISC_DEVICE")
DOCUMENTS_PKI_DIR = Path(env.text("MEDARB_PKI_DIR", str(DATA_DIR / "pki")))
# Create a demo CA and unit certificates on first use; turn off where real certificates are installed.
DOCUMENTS_DEMO_PKI = env.boolean("MEDARB_DEMO_PKI", default=True)
DOCUMENTS_TRUST_ROOTS = env.listing("MEDARB_TRUST_ROOTS")  # extra CA certificate files (PEM)
# Not opened electronically within this time → postal service (an operational setting, not a legal period).
DELIVERY_ESCALATE_AFTER = timedelta(hours=env.integer("MEDARB_DELIVERY_ESCALATE_HOURS", default=72))
# A notice being sent is held this long by its job; after that the outbox sweep queues it
# again. Longer than any send can take (SMTP timeout 15 s, SMS 10 s, WeChat up to 30 s).
DELIVERY_LEASE = timedelta(seconds=env.integer("MEDARB_DELIVERY_LEASE_SECONDS", default=300))
if timedelta(seconds=60) > DELIVERY_LEASE:
    raise ImproperlyConfigured("MEDARB_DELIVERY_LEASE_SECONDS must be at least 60.")
EMAIL_BACKEND = env.text("MEDARB_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.text("MEDARB_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env.integer("MEDARB_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.text("MEDARB_EMAIL_USER")
EMAIL_HOST_PASSWORD = env.secret("MEDARB_EMAIL_PASSWORD")
EMAIL_USE_TLS = env.boolean("MEDARB_EMAIL_TLS", default=False)
EMAIL_TIMEOUT = 15
DEFAULT_FROM_EMAIL = env.text("MEDARB_EMAIL_FROM", "medarb <noreply@localhost>")
SMS_TEMPLATE_SERVICE = env.text("MEDARB_SMS_TEMPLATE_SERVICE", "SMS_SERVICE")
# A video meeting's join link: ${case} ${purpose} ${link}.
SMS_TEMPLATE_MEETING = env.text("MEDARB_SMS_TEMPLATE_MEETING", "SMS_MEETING")
SMS_TEMPLATE_ALERT = env.text("MEDARB_SMS_TEMPLATE_ALERT", "SMS_ALERT")
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
# --- hearing recording and broadcast (庭审录播) ------------------------------------------
MEDARB_MEDIA_DIR = Path(env.text("MEDARB_MEDIA_DIR") or DATA_DIR / "media")
# Where encoders push RTMP, and where browsers fetch live HLS (nginx-rtmp, loopback by default).
MEDARB_RTMP_LISTEN = env.text("MEDARB_RTMP_LISTEN") or "127.0.0.1:1935"
MEDARB_LIVE_LISTEN = env.text("MEDARB_LIVE_LISTEN") or "127.0.0.1:8088"
MEDARB_LIVE_BASE_URL = env.text("MEDARB_LIVE_BASE_URL") or f"http://{MEDARB_LIVE_LISTEN}"
MEDARB_LIVE_ALLOW_ORIGIN = env.text("MEDARB_LIVE_ALLOW_ORIGIN") or SITE_URL
# Where nginx reaches the app for on_publish and auth_request, and the secret in those paths.
MEDARB_MEDIA_CALLBACK_URL = env.text("MEDARB_MEDIA_CALLBACK_URL") or "http://127.0.0.1:8000"
MEDARB_MEDIA_HOOK_SECRET = (
    env.secret("MEDARB_MEDIA_HOOK_SECRET")
    or hashlib.sha256(f"media-hooks:{SECRET_KEY}".encode()).hexdigest()[:40]
)
# A push is accepted this many minutes before a sitting starts and after it should end.
MEDARB_LIVE_MARGIN_MINUTES = env.integer("MEDARB_LIVE_MARGIN_MINUTES", default=30)
# How long one evidence event stream (SSE) lasts before the browser reconnects (recording.events).
MEDARB_SSE_SECONDS = env.integer("MEDARB_SSE_SECONDS", default=55)
# Below this much free space on the media disk a new push is refused (with an alert).
MEDARB_MEDIA_MIN_FREE_BYTES = env.integer("MEDARB_MEDIA_MIN_FREE_BYTES", default=2 * 1024**3)
# How often nginx asks the app about a running push (disk space, the encoder's codecs).
MEDARB_LIVE_CHECK_SECONDS = env.integer("MEDARB_LIVE_CHECK_SECONDS", default=5)
# --- video meetings (Janus: video mediation, remote guidance, joint review) --------------
# Janus's generated configuration, its logs and its per-participant recordings (.mjr).
MEDARB_MEETINGS_DIR = Path(env.text("MEDARB_MEETINGS_DIR") or DATA_DIR / "meetings")
# Janus's HTTP API: loopback by default; another address (or 0.0.0.0) exposes it to browsers.
MEDARB_JANUS_HTTP_IP = env.text("MEDARB_JANUS_HTTP_IP") or "127.0.0.1"
try:
    ipaddress.ip_address(MEDARB_JANUS_HTTP_IP)
except ValueError as exc:
    raise ImproperlyConfigured(
        f"MEDARB_JANUS_HTTP_IP must be an IP address, not {MEDARB_JANUS_HTTP_IP!r}"
    ) from exc
# Not Janus's own 8088: that is nginx-rtmp's live HLS port (MEDARB_LIVE_LISTEN) here.
MEDARB_JANUS_HTTP_PORT = env.integer("MEDARB_JANUS_HTTP_PORT", default=8090)
if not 0 < MEDARB_JANUS_HTTP_PORT < 65536:
    raise ImproperlyConfigured("MEDARB_JANUS_HTTP_PORT must be a TCP port (1-65535).")
_janus_host = (
    "127.0.0.1" if ipaddress.ip_address(MEDARB_JANUS_HTTP_IP).is_unspecified else MEDARB_JANUS_HTTP_IP
)
# Where the server reaches Janus's HTTP API to create and destroy rooms.
MEDARB_JANUS_URL = env.text("MEDARB_JANUS_URL") or f"http://{_janus_host}:{MEDARB_JANUS_HTTP_PORT}/janus"
# The UDP ports of the meetings' media, for the firewall (empty: any), e.g. 20000-20199, and the
# public address Janus announces behind a 1:1 NAT (empty: none).
MEDARB_JANUS_RTP_PORTS = env.text("MEDARB_JANUS_RTP_PORTS")
if MEDARB_JANUS_RTP_PORTS and not re.fullmatch(r"\d{4,5}-\d{4,5}", MEDARB_JANUS_RTP_PORTS):
    raise ImproperlyConfigured("MEDARB_JANUS_RTP_PORTS must be a range such as 20000-20199.")
MEDARB_JANUS_PUBLIC_IP = env.text("MEDARB_JANUS_PUBLIC_IP")
if MEDARB_JANUS_PUBLIC_IP:
    ipaddress.ip_address(MEDARB_JANUS_PUBLIC_IP)
# Where browsers reach the same API (janus.js): behind the project's nginx, /janus.
MEDARB_JANUS_PUBLIC_URL = env.text("MEDARB_JANUS_PUBLIC_URL") or MEDARB_JANUS_URL
# The videoroom plugin's admin_key: only a request carrying it may create a room.
MEDARB_JANUS_ADMIN_KEY = (
    env.secret("MEDARB_JANUS_ADMIN_KEY")
    or hashlib.sha256(f"janus-admin:{SECRET_KEY}".encode()).hexdigest()[:40]
)
# Speech recognition: a CTranslate2 whisper model directory (empty = the packaged whisper-base).
MEDARB_ASR_MODEL_DIR = env.text("MEDARB_ASR_MODEL_DIR")
MEDARB_ASR_THREADS = env.integer("MEDARB_ASR_THREADS", default=2)
# Face comparison (人脸比对): the largest distance between two face encodings still taken as the
# same person; calibrated in docs/identity.md (same ≈ 0.07–0.43, different ≈ 0.64–0.91).
try:
    MEDARB_FACE_THRESHOLD = float(env.text("MEDARB_FACE_THRESHOLD", "0.5"))
except ValueError as exc:
    raise ImproperlyConfigured("MEDARB_FACE_THRESHOLD must be a number such as 0.5.") from exc
if not 0.2 <= MEDARB_FACE_THRESHOLD <= 0.7:
    raise ImproperlyConfigured("MEDARB_FACE_THRESHOLD must lie between 0.2 and 0.7 (0.5 is calibrated).")
# ID-card readers at the windows (身份证阅读器): the protocol of the vendor service the window
# PC runs on its loopback address ("chinavision" for 华视 CVR, "generic" for the platform's
# own JSON contract, empty for none) and its URL as seen from the window's browser.
MEDARB_CARD_READER = env.text("MEDARB_CARD_READER", "chinavision")
if MEDARB_CARD_READER not in ("", "chinavision", "generic"):
    raise ImproperlyConfigured("MEDARB_CARD_READER must be chinavision, generic or empty (no reader).")
MEDARB_CARD_READER_URL = (
    env.text("MEDARB_CARD_READER_URL")
    or {"chinavision": "http://127.0.0.1:19196", "generic": "http://127.0.0.1:19190"}.get(
        MEDARB_CARD_READER, ""
    )
).rstrip("/")
if MEDARB_CARD_READER_URL and not re.fullmatch(r"https?://[^/\s]+", MEDARB_CARD_READER_URL):
    raise ImproperlyConfigured("MEDARB_CARD_READER_URL must be an origin such as http://127.0.0.1:19196.")
_live_origin = MEDARB_LIVE_BASE_URL.split("/", 3)
LIVE_ORIGINS = ["/".join(_live_origin[:3])] if MEDARB_LIVE_BASE_URL.startswith("http") else []
_janus_origin = MEDARB_JANUS_PUBLIC_URL.split("/", 3)
JANUS_ORIGINS = ["/".join(_janus_origin[:3])] if MEDARB_JANUS_PUBLIC_URL.startswith("http") else []

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", *LIVE_ORIGINS, *JANUS_ORIGINS],
        "media-src": ["'self'", "blob:", *LIVE_ORIGINS],
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
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "medarb.api.schema.add_common_responses",
    ],
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
