"""Outgoing messages: e-mail, and text messages for sign-in codes (identity/factors/sms.py)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from strongroom.project import env
from strongroom.project.secrets import read_secret
from strongroom.project.settings.environment import DATA_DIR, PRODUCTION

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
# A mail server that stops answering fails the attempt instead of holding a worker or a
# sign-in-code request (seconds).
EMAIL_TIMEOUT = 10

# Text messages: an HTTP gateway when configured, else (development only) an outbox of files in
# the data directory.
STRONGROOM_SMS_GATEWAY_URL = env.get_str("SMS_GATEWAY_URL")
STRONGROOM_SMS_GATEWAY_TOKEN = (
    read_secret("SMS_GATEWAY_TOKEN", data_dir=DATA_DIR, production=PRODUCTION, min_length=16)
    if STRONGROOM_SMS_GATEWAY_URL
    else ""
)
