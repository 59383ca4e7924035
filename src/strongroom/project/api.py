"""The Strongroom API under /api/v1/ (URL namespace ``api-1.0.0``): one NinjaAPI with session and
API-key auth and problem+json errors, assembled from every app's router."""

from typing import Any

from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import OpenAPISchema

from strongroom.api import errors, idempotency
from strongroom.api.auth import SessionAuth
from strongroom.api.routers import audit, companies, legal_holds, me, members, roles
from strongroom.api.schemas.common import ERROR_DESCRIPTIONS
from strongroom.identity import api as identity_api
from strongroom.identity.apikeys.authentication import ApiKeyAuth
from strongroom.records.absences import api as absences_api
from strongroom.records.approvals import api as approvals_api
from strongroom.records.contacts import api as contacts_api
from strongroom.records.documents import api as documents_api
from strongroom.records.expenses import api as expenses_api
from strongroom.records.invoices import api as invoices_api
from strongroom.support import api as support_api

MULTIPART = "multipart/form-data"
IDEMPOTENCY_KEY_PARAMETER = {
    "name": idempotency.HEADER,
    "in": "header",
    "required": False,
    "description": idempotency.HEADER_DESCRIPTION,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
}


class ComponentNameCollision(Exception):
    """Two different schemas would be published under one component name."""


class UniqueComponents(OpenAPISchema):
    """The OpenAPI document, refusing to give one component name to two different schemas:
    ninja keeps the last one silently, and clients generated from the document then read one
    body as another. Name every schema class uniquely across the API."""

    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            known = self.schemas.get(name, definition)
            if known != definition:
                raise ComponentNameCollision(
                    f"Two different schemas are named {name!r} in the OpenAPI document: "
                    f"{sorted(known.get('properties', {}))} and "
                    f"{sorted(definition.get('properties', {}))}; rename one class."
                )
        super().add_schema_definitions(definitions)


class StrongroomAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document gives each component name one schema, declares error
    bodies as application/problem+json and says when each error status is given, the
    ``Idempotency-Key`` header of every write, and
    that a multipart form takes no other fields (the router refuses them, ``api/input.py``)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = UniqueComponents(self, path_prefix)
        for path in schema["paths"].values():
            for method, operation in path.items():
                if method.upper() in idempotency.WRITE_METHODS:
                    operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY_PARAMETER)
                form = operation.get("requestBody", {}).get("content", {}).get(MULTIPART)
                if form is not None:
                    form["schema"]["additionalProperties"] = False
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status)[0] in "45" and "application/json" in content:
                        content[errors.PROBLEM_CONTENT_TYPE] = content.pop("application/json")
                        response["description"] = ERROR_DESCRIPTIONS.get(
                            int(status), response.get("description", "")
                        )
        return schema


api = StrongroomAPI(
    title="Strongroom API",
    version="1.0.0",
    description=(
        "Company-scoped business records. Every path under /companies/{company_slug}/ acts "
        "inside that company with the caller's role there. Errors are RFC 9457 problem+json."
    ),
    auth=[SessionAuth(), ApiKeyAuth()],
    docs=Swagger(settings={"persistAuthorization": False}),  # bundled assets, no CDN
    urls_namespace="api-1.0.0",
)
errors.install(api)

for router in (
    me.router, companies.router, members.router, roles.router, audit.router, legal_holds.router,
    identity_api.router,
    contacts_api.router, documents_api.router, approvals_api.router, absences_api.router,
    expenses_api.router, invoices_api.router, support_api.router,
):
    api.add_router("", router)
