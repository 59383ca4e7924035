"""Django settings, read from ``STRONGROOM_*`` environment variables (see docs/operations.md).

Development is the default and needs nothing set: data lives in ./data and secrets are
generated there. ``STRONGROOM_ENV=production`` turns on every transport protection and refuses
to start without proper secrets.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from strongroom.platform.history.signing import parse_public_keys as parse_audit_public_keys
from strongroom.platform.keys.keyring import resolve_source
from strongroom.project import env, files_storage
from strongroom.project.secrets import read_secret

SOURCE_DIR = Path(__file__).resolve().parent.parent

env_file = env.get_str("ENV_FILE")
if env_file:
    if not Path(env_file).is_file():
        raise ImproperlyConfigured(f"STRONGROOM_ENV_FILE points to a missing file: {env_file}")
    env.load_env_file(Path(env_file))

ENVIRONMENT = env.get_choice("ENV", "development", ("development", "production"))
PRODUCTION = ENVIRONMENT == "production"
DATA_DIR = env.get_path("DATA_DIR", Path.cwd() / "data")
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = read_secret("SECRET_KEY", data_dir=DATA_DIR, production=PRODUCTION)
# API keys are stored as HMACs with this pepper (P-A3); see identity/apikey_secrets.py to rotate.
STRONGROOM_API_KEY_PEPPER = read_secret(
    "API_KEY_PEPPER", data_dir=DATA_DIR, production=PRODUCTION, min_length=32
)
STRONGROOM_API_KEY_PEPPER_PREVIOUS = env.get_str("API_KEY_PEPPER_PREVIOUS")
# Audit checkpoints are signed with an Ed25519 key derived from this secret alone (P-D2); the
# public keys of earlier signing keys stay listed so that their checkpoints still verify.
STRONGROOM_AUDIT_SIGNING_KEY = read_secret(
    "AUDIT_SIGNING_KEY", data_dir=DATA_DIR, production=PRODUCTION, min_length=43
)
STRONGROOM_AUDIT_PUBLIC_KEYS = env.get_list("AUDIT_PUBLIC_KEYS", [])
try:
    parse_audit_public_keys(STRONGROOM_AUDIT_PUBLIC_KEYS)
except ValueError as _error:
    raise ImproperlyConfigured(f"STRONGROOM_AUDIT_PUBLIC_KEYS: {_error}") from None
STRONGROOM_API_KEY_DEFAULT_DAYS = env.get_int("API_KEY_DEFAULT_DAYS", 90, minimum=1)
STRONGROOM_API_KEY_MAX_DAYS = 730  # two years, whatever is configured
DEBUG = env.get_bool("DEBUG", False) and not PRODUCTION

ALLOWED_HOSTS = env.get_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("STRONGROOM_ALLOWED_HOSTS must list the host names in production")
CSRF_TRUSTED_ORIGINS = env.get_list(
    "CSRF_TRUSTED_ORIGINS", [f"https://{host}" for host in ALLOWED_HOSTS if host != "*"]
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Before allauth, so that its templates (allauth/layouts/*) take precedence.
    "strongroom.web",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "strongroom.platform.accounts",
    "strongroom.identity",
    "strongroom.platform.tenancy",
    "strongroom.platform.history",
    "strongroom.platform.jobs",
    "strongroom.platform.keys",
    "strongroom.platform.files",
    "strongroom.records.contacts",
    "strongroom.records.documents",
    "strongroom.records.approvals",
    "strongroom.records.absences",
    "strongroom.records.expenses",
    "strongroom.records.invoices",
    "strongroom.support",
    "strongroom.api",
    "strongroom.project",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "strongroom.platform.tenancy.middleware.RequestIdMiddleware",
    "strongroom.platform.history.middleware.AccessLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "strongroom.identity.sessions.SessionTimeoutMiddleware",
    "strongroom.project.middleware.SecondFactorMiddleware",
    "strongroom.support.middleware.SupportSessionMiddleware",
    "strongroom.platform.tenancy.middleware.NotFoundMiddleware",
]

ROOT_URLCONF = "strongroom.project.urls"
WSGI_APPLICATION = "strongroom.project.wsgi.application"
ASGI_APPLICATION = "strongroom.project.asgi.application"

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
                "strongroom.web.context.navigation",
                "strongroom.support.context.support_banner",
            ],
        },
    },
]

# Database: embedded SQLite by default, PostgreSQL by URL.
DATABASE_URL = env.get_str("DATABASE_URL", "sqlite:///strongroom.sqlite3")
DATABASES = {"default": env.parse_database_url(DATABASE_URL, data_dir=DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The key store (platform/keys, P-C2): a database of its own, so that backups of the records
# never hold usable keys. A separate SQLite file by default; on PostgreSQL the same server with
# "_keys" appended to the database name, unless STRONGROOM_KEYS_DATABASE_URL says otherwise.
KEYS_DATABASE_URL = env.get_str("KEYS_DATABASE_URL")
if KEYS_DATABASE_URL:
    DATABASES["keys"] = env.parse_database_url(
        KEYS_DATABASE_URL, data_dir=DATA_DIR, variable="KEYS_DATABASE_URL",
        default_file="keys.sqlite3",
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["keys"] = env.parse_database_url("sqlite:///keys.sqlite3", data_dir=DATA_DIR)
else:
    DATABASES["keys"] = {
        **DATABASES["default"],
        "NAME": f"{DATABASES['default']['NAME']}_keys",
        "OPTIONS": dict(DATABASES["default"]["OPTIONS"]),  # type: ignore[call-overload]
    }
if DATABASES["keys"]["ENGINE"] == "django.db.backends.sqlite3":
    # Destroyed keys are overwritten with zeros in the file, not merely marked free.
    DATABASES["keys"]["OPTIONS"]["init_command"] += "PRAGMA secure_delete=ON;"  # type: ignore[index]
if all(
    DATABASES["keys"].get(part) == DATABASES["default"].get(part)
    for part in ("ENGINE", "NAME", "HOST", "PORT")
):
    raise ImproperlyConfigured(
        "STRONGROOM_KEYS_DATABASE_URL names the records database: the key store must be separate"
    )
DATABASE_ROUTERS = ["strongroom.platform.keys.router.KeyStoreRouter"]

# The root key (P-C2): a keyring outside every database (see platform/keys/keyring.py), or a
# KMS behind the dotted path of a RootKeyProvider class.
STRONGROOM_ROOT_KEY_PROVIDER = env.get_str("ROOT_KEY_PROVIDER", "local")
STRONGROOM_ROOT_KEYRING = resolve_source(
    inline=env.get_str("ROOT_KEY"), file=env.get_str("ROOT_KEY_FILE"), data_dir=DATA_DIR,
    production=PRODUCTION,
) if STRONGROOM_ROOT_KEY_PROVIDER == "local" else None
# Unwrapped keys stay in each process's memory this long (0: not at all); also how long a
# destroyed key may still be used by another process.
STRONGROOM_KEY_CACHE_SECONDS = env.get_int("KEY_CACHE_SECONDS", 60, minimum=0)
if STRONGROOM_KEY_CACHE_SECONDS > 900:
    raise ImproperlyConfigured("STRONGROOM_KEY_CACHE_SECONDS must be at most 900")
# Scheduled rotation (P-C3, platform/keys/jobs.py): company keys and the root key older than
# this many days are rotated (the root only with a writable keyring file; else an alert).
STRONGROOM_KEY_ROTATION_COMPANY_DAYS = env.get_int("KEY_ROTATION_COMPANY_DAYS", 90, minimum=1)
STRONGROOM_KEY_ROTATION_ROOT_DAYS = env.get_int("KEY_ROTATION_ROOT_DAYS", 365, minimum=1)

# Cache: Redis when configured (shared by all instances), else a table in the database.
REDIS_URL = env.get_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.get_str("CACHE_PREFIX", "strongroom"),
        }
    }
else:
    # Shared by every process through the database, so single-use codes and rate limits hold
    # across gunicorn workers even without Redis (the table is made by identity's migration).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "strongroom_cache",
        }
    }

# Accounts and passwords (Argon2id first; see P-A5).
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "strongroom.identity.passwords.SecondFactorAwareMinimumLengthValidator"},
    {"NAME": "strongroom.identity.passwords.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "strongroom.identity.adapter.AccountAdapter"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
STRONGROOM_OPEN_SIGNUP = env.get_bool("OPEN_SIGNUP", False)

# Brute-force limits (P-A4), kept in the shared cache. Sliding windows: they back off, they do
# not lock anyone out. Second-factor codes count as failed sign-ins of their account too.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
}
STRONGROOM_SIGNIN_FAILURES_PER_MINUTE = env.get_int("SIGNIN_FAILURES_PER_MINUTE", 600, minimum=10)
# The client address for per-IP limits: nginx's X-Real-IP in production (as in audit events).
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP" if PRODUCTION else None

# Second factor for everyone (P-A1): enforced by project.middleware.SecondFactorMiddleware.
MFA_ADAPTER = "strongroom.identity.mfa_adapter.MFAAdapter"  # secrets sealed under the platform key
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True  # a passkey is both factors at once (possession + PIN/biometric)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION  # http://localhost during development
# "Trust this browser": after a second factor, a signed cookie lets this browser skip it for a
# while; changing the password or any factor voids it. 0 turns the offer off.
STRONGROOM_TRUST_BROWSER_DAYS = env.get_int("TRUST_BROWSER_DAYS", 30, minimum=0)
MFA_TRUST_ENABLED = STRONGROOM_TRUST_BROWSER_DAYS > 0
MFA_TRUST_COOKIE_AGE = timedelta(days=STRONGROOM_TRUST_BROWSER_DAYS)
MFA_TRUST_COOKIE_NAME = "__Host-strongroom-trust" if PRODUCTION else "strongroom-trust"
MFA_TRUST_COOKIE_SECURE = PRODUCTION
MFA_TRUST_COOKIE_HTTPONLY = True
MFA_TRUST_COOKIE_SAMESITE = "Lax"
MFA_TOTP_ISSUER = "Strongroom"
MFA_TOTP_TOLERANCE = 1  # one 30-second step of clock drift; each code is still single-use
MFA_RECOVERY_CODE_COUNT = 10
MFA_FORMS = {"authenticate": "strongroom.identity.forms.CodeAuthenticateForm",  # + e-mail/SMS
             "reauthenticate": "strongroom.identity.forms.CodeReauthenticateForm"}

# Sessions and cookies (P-A6). __Host- names need Secure, so production only.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
STRONGROOM_SESSION_ABSOLUTE_SECONDS = env.get_int(
    "SESSION_ABSOLUTE_SECONDS", 12 * 3600, minimum=300
)
STRONGROOM_SESSION_IDLE_SECONDS = env.get_int("SESSION_IDLE_SECONDS", 3600, minimum=60)
SESSION_COOKIE_AGE = STRONGROOM_SESSION_ABSOLUTE_SECONDS  # enforced server side as well
# The sessions page shows when each was last used; identity.sessions records it once a minute.
USERSESSIONS_TRACK_ACTIVITY = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True  # e-mail changes ask for the password again
# Credential changes are e-mailed to the account holder (P-A7), with address and browser.
ACCOUNT_EMAIL_NOTIFICATIONS = True
STRONGROOM_SECURITY_EVENT_RETENTION_DAYS = env.get_int(
    "SECURITY_EVENT_RETENTION_DAYS", 400, minimum=90
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
if PRODUCTION:
    SESSION_COOKIE_NAME = "__Host-strongroom-session"
    CSRF_COOKIE_NAME = "__Host-strongroom-csrf"
else:
    SESSION_COOKIE_NAME = "strongroom-session"
    CSRF_COOKIE_NAME = "strongroom-csrf"

# Transport security (P-C1). TLS terminates at nginx, which sets X-Forwarded-Proto.
SECURE_SSL_REDIRECT = PRODUCTION and env.get_bool("SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancer probes over plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = env.get_int("HSTS_SECONDS", 63072000, minimum=0) if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION and env.get_bool("HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: SMTP when a host is given, else files in the data directory (development outbox).
EMAIL_HOST = env.get_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.get_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", True)
elif PRODUCTION:
    raise ImproperlyConfigured("STRONGROOM_EMAIL_HOST must be set in production")
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "outbox")
DEFAULT_FROM_EMAIL = env.get_str("EMAIL_FROM", "Strongroom <strongroom@localhost>")

# Text messages (identity/sms.py): an HTTP gateway when configured, else (development only) an
# outbox of files in the data directory.
STRONGROOM_SMS_GATEWAY_URL = env.get_str("SMS_GATEWAY_URL")
STRONGROOM_SMS_GATEWAY_TOKEN = (
    read_secret("SMS_GATEWAY_TOKEN", data_dir=DATA_DIR, production=PRODUCTION, min_length=16)
    if STRONGROOM_SMS_GATEWAY_URL
    else ""
)

# Static files: served by WhiteNoise from the data directory after collectstatic.
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even before collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploaded files (platform/files): never served from a URL, only through policy-checked views.
    "files": files_storage.from_env(data_dir=DATA_DIR, production=PRODUCTION),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = DATA_DIR / "files"
# Uploads (platform/files): size limit, and a first upload handler that stops buffering past it.
STRONGROOM_MAX_UPLOAD_MB = env.get_int("MAX_UPLOAD_MB", 25, minimum=1)
FILE_UPLOAD_HANDLERS = [
    "strongroom.platform.files.upload.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Background jobs (django-tasks with its database backend; see platform/jobs).
TASKS = {
    "default": {
        "BACKEND": env.get_choice(
            "TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            ("django_tasks_db.DatabaseBackend", "django_tasks.backends.immediate.ImmediateBackend"),
        ),
        "QUEUES": ["default"],
    }
}
STRONGROOM_SCHEDULER_TICK_SECONDS = env.get_int("SCHEDULER_TICK_SECONDS", 30, minimum=1)
STRONGROOM_JOB_RUN_RETENTION_DAYS = env.get_int("JOB_RUN_RETENTION_DAYS", 90, minimum=1)

# API (django-ninja).
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 200

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO").upper()},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
