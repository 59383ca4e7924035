"""The application itself: installed apps, middleware order, URLs, templates, language and
time zone, and the API's page sizes."""

from __future__ import annotations

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
    "csp",
    "django_tasks",
    "django_tasks_db",
    "strongroom.platform.accounts",
    "strongroom.identity",
    "strongroom.platform.tenancy",
    "strongroom.platform.history",
    "strongroom.platform.jobs",
    "strongroom.platform.keys",
    "strongroom.platform.search",
    "strongroom.platform.files",
    "strongroom.platform.retention",
    "strongroom.platform.backups",
    "strongroom.platform.idempotency",
    "strongroom.platform.metrics",
    "strongroom.records.contacts",
    "strongroom.records.documents",
    "strongroom.records.approvals",
    "strongroom.records.absences",
    "strongroom.records.expenses",
    "strongroom.records.invoices",
    "strongroom.support",
    "strongroom.security",
    "strongroom.api",
    "strongroom.project",
]

# The order is explained step by step in docs/architecture.md ("A request, step by step").
MIDDLEWARE = [
    "strongroom.platform.metrics.middleware.MetricsMiddleware",  # first: whole requests
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "strongroom.project.middleware.ResponseHeadersMiddleware",
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
    "strongroom.api.idempotency.IdempotencyMiddleware",
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

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# API (django-ninja).
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 200
