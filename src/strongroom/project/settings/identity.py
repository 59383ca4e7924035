"""Accounts and sign-in: the user model, passwords (P-A5), django-allauth, brute-force limits
(P-A4), the second factor for everyone (P-A1), API keys (P-A3) and security events (P-A7)."""

from __future__ import annotations

from datetime import timedelta

from strongroom.project import env
from strongroom.project.settings.environment import PRODUCTION

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Passwords: Argon2id first.
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

# Sign-in, sign-up and password reset (django-allauth).
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
ACCOUNT_REAUTHENTICATION_REQUIRED = True  # e-mail changes ask for the password again
STRONGROOM_OPEN_SIGNUP = env.get_bool("OPEN_SIGNUP", False)
# The sessions page shows when each was last used; identity.sessions records it once a minute.
USERSESSIONS_TRACK_ACTIVITY = True

# Brute-force limits, kept in the shared cache. Sliding windows: they back off, they do not
# lock anyone out. Second-factor codes count as failed sign-ins of their account too.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "vulnerability_report": "5/h/ip",  # the public form of security/views/public.py
}
STRONGROOM_SIGNIN_FAILURES_PER_MINUTE = env.get_int("SIGNIN_FAILURES_PER_MINUTE", 600, minimum=10)
# The client address for per-IP limits: HAProxy's X-Real-IP in production (as in audit events).
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP" if PRODUCTION else None

# Second factor for everyone: enforced by project.middleware.SecondFactorMiddleware. Its secrets
# are sealed under the platform key.
MFA_ADAPTER = "strongroom.identity.factors.mfa_adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True  # a passkey is both factors at once (possession + PIN/biometric)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION  # http://localhost during development
MFA_TOTP_ISSUER = "Strongroom"
MFA_TOTP_TOLERANCE = 1  # one 30-second step of clock drift; each code is still single-use
MFA_RECOVERY_CODE_COUNT = 10
# The code forms also offer codes sent by e-mail or SMS (identity/factors/codes.py).
MFA_FORMS = {
    "authenticate": "strongroom.identity.factors.forms.CodeAuthenticateForm",
    "reauthenticate": "strongroom.identity.factors.forms.CodeReauthenticateForm",
}

# "Trust this browser": after a second factor, a signed cookie lets this browser skip it for a
# while; changing the password or any factor voids it. 0 turns the offer off.
STRONGROOM_TRUST_BROWSER_DAYS = env.get_int("TRUST_BROWSER_DAYS", 30, minimum=0)
MFA_TRUST_ENABLED = STRONGROOM_TRUST_BROWSER_DAYS > 0
MFA_TRUST_COOKIE_AGE = timedelta(days=STRONGROOM_TRUST_BROWSER_DAYS)
MFA_TRUST_COOKIE_NAME = "__Host-strongroom-trust" if PRODUCTION else "strongroom-trust"
MFA_TRUST_COOKIE_SECURE = PRODUCTION
MFA_TRUST_COOKIE_HTTPONLY = True
MFA_TRUST_COOKIE_SAMESITE = "Lax"

# API keys: a lifetime chosen per key, this many days unless given, never more than the cap.
STRONGROOM_API_KEY_DEFAULT_DAYS = env.get_int("API_KEY_DEFAULT_DAYS", 90, minimum=1)
STRONGROOM_API_KEY_MAX_DAYS = 730  # two years, whatever is configured

# Credential changes are e-mailed to the account holder, with address and browser; the
# account's security events are kept this long.
ACCOUNT_EMAIL_NOTIFICATIONS = True
STRONGROOM_SECURITY_EVENT_RETENTION_DAYS = env.get_int(
    "SECURITY_EVENT_RETENTION_DAYS", 400, minimum=90
)
