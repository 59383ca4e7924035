"""The security permissions: operators keep the findings and incident registers; a
vulnerability report may come from anyone (the public form's actor holds only that)."""

from strongroom.platform.access.permissions import WRITE, Scope, register

SECURITY_FINDINGS = register(
    "platform.security", "Scan dependencies and keep the vulnerability findings register",
    kind=WRITE, scope=Scope.PLATFORM,
).name
SECURITY_REPORT = register(
    "platform.security_report", "Report a vulnerability", kind=WRITE, scope=Scope.PLATFORM,
).name
SECURITY_INCIDENTS = register(
    "platform.incidents", "Run the incident register and notify affected companies",
    kind=WRITE, scope=Scope.PLATFORM,
).name
SECURITY_CHANGES = register(
    "platform.changes", "Keep the change log and plan changes", kind=WRITE, scope=Scope.PLATFORM,
).name
