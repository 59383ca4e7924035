"""The HTTP channel: allowed hosts, transport security (P-C1), sessions and their cookies
(P-A6), framing, the browser's content and feature policies, and request size."""

from __future__ import annotations

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from strongroom.project import env
from strongroom.project.settings.environment import PRODUCTION

ALLOWED_HOSTS = env.get_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("STRONGROOM_ALLOWED_HOSTS must list the host names in production")
CSRF_TRUSTED_ORIGINS = env.get_list(
    "CSRF_TRUSTED_ORIGINS", [f"https://{host}" for host in ALLOWED_HOSTS if host != "*"]
)

# Sessions: kept in the database, with idle and absolute time-outs enforced server side by
# identity.sessions.SessionTimeoutMiddleware.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
STRONGROOM_SESSION_ABSOLUTE_SECONDS = env.get_int(
    "SESSION_ABSOLUTE_SECONDS", 12 * 3600, minimum=300
)
STRONGROOM_SESSION_IDLE_SECONDS = env.get_int("SESSION_IDLE_SECONDS", 3600, minimum=60)
SESSION_COOKIE_AGE = STRONGROOM_SESSION_ABSOLUTE_SECONDS  # enforced server side as well

# Cookies. __Host- names need Secure, so production only.
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

# Transport security. TLS terminates at HAProxy (strongroom.deploy), which sets X-Forwarded-Proto.
SECURE_SSL_REDIRECT = PRODUCTION and env.get_bool("SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancer probes over plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = env.get_int("HSTS_SECONDS", 63072000, minimum=0) if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION and env.get_bool("HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Content-Security-Policy on every answer (django-csp's middleware), the same in development
# and production. Scripts and styles only from our own static files: no inline script or
# style, no eval. Images also as data: URIs (the authenticator QR code, the API docs' icons).
# A page that really needs an inline script would add csp.constants.NONCE to script-src and
# use request.csp_nonce; none does. Single sign-on's start page also lets its form lead to the
# company's provider (identity/sso/views.py); downloads keep their own stricter policy
# (platform/files/http.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy on every answer (project.middleware.ResponseHeadersMiddleware): no
# powerful browser feature, except passkeys and security keys on our own pages (MFA webauthn).
STRONGROOM_PERMISSIONS_POLICY = ", ".join([
    *(f"{feature}=()" for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera",
        "display-capture", "encrypted-media", "geolocation", "gyroscope", "hid",
        "idle-detection", "local-fonts", "magnetometer", "microphone", "midi", "payment",
        "picture-in-picture", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )),
    "publickey-credentials-create=(self)",
    "publickey-credentials-get=(self)",
])
