"""API keys of a company: admins (and auditors) list them; owners and admins revoke them."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from strongroom.api.actor import company_actor
from strongroom.api.pagination import NotedPage, PagePagination
from strongroom.api.schemas.apikeys import ApiKeyOut
from strongroom.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from strongroom.identity import actions, selectors
from strongroom.identity.models import ApiKey
from strongroom.identity.permissions import APIKEY_VIEW_ANY
from strongroom.platform.access import policy

router = Router(tags=["API keys"])
KEYS = "/companies/{company_slug}/api-keys"


@router.get(
    KEYS,
    response={200: list[ApiKeyOut], **READ_ERRORS},
    operation_id="list_api_keys",
    url_name="list_api_keys",
    summary="List the company's API keys",
    description="Every key of every member, newest first. Keys themselves are never shown. "
    "The owners, named by e-mail address, are noted in the access log.",
)
@paginate(PagePagination)
def list_api_keys(request: HttpRequest, company_slug: str) -> NotedPage[ApiKey]:
    actor = company_actor(request, company_slug)
    policy.require(actor, APIKEY_VIEW_ANY, actor.company)
    keys = selectors.company_api_keys(actor)
    return NotedPage(keys, lambda page: selectors.note_key_owners(actor, page))


@router.delete(
    f"{KEYS}/{{key_pk}}",
    response={204: None, **WRITE_ERRORS},
    operation_id="revoke_api_key",
    url_name="revoke_api_key",
    summary="Revoke an API key",
    description="One's own key, or (admins) any key of the company. Takes effect at once.",
)
def revoke_api_key(request: HttpRequest, company_slug: str, key_pk: int) -> Status[None]:
    actor = company_actor(request, company_slug)
    actions.revoke_api_key(actor=actor, key=selectors.api_key(actor, key_pk))
    return Status(204, None)
