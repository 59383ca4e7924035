"""The platform's own permissions: operators hold them, company roles never do (P-B4)."""

from strongroom.platform.access.permissions import READ, WRITE, Scope, register

PLATFORM_COMPANIES = register(
    "platform.companies", "Manage companies' lifecycle", kind=WRITE, scope=Scope.PLATFORM
).name
PLATFORM_VIEW = register(
    "platform.view", "See platform health and job runs", kind=READ, scope=Scope.PLATFORM
).name
