"""API keys of a company: admins (and auditors) list them; owners and admins revoke them."""

from django.http import HttpRequest
from ninja.pagination import paginate
from ninja.responses import Status

from strongroom.api.pagination import NotedPage, PagePagination
from strongroom.api.router import Router
from strongroom.api.schemas.apikeys import ApiKeyOut
from strongroom.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from strongroom.identity import actions, selectors
from strongroom.identity.models import ApiKey
from strongroom.identity.permissions import APIKEY_VIEW_ANY
from strongroom.platform.access import policy
from strongroom.platform.tenancy.actor import CompanyActor

router = Router(tags=["API keys"])
KEYS = "/companies/{company_slug}/api-keys"


@router.get(
    KEYS,
    response={200: list[ApiKeyOut], **READ_ERRORS},
    summary="List the company's API keys",
    description="Every key of every member, newest first. Keys themselves are never shown. "
    "The owners, named by e-mail address, are noted in the access log.",
)
@paginate(PagePagination)
def list_api_keys(request: HttpRequest, actor: CompanyActor) -> NotedPage[ApiKey]:
    policy.require(actor, APIKEY_VIEW_ANY, actor.company)
    keys = selectors.company_api_keys(actor)
    return NotedPage(keys, lambda page: selectors.note_key_owners(actor, page))


@router.delete(
    f"{KEYS}/{{key_pk}}",
    response={204: None, **WRITE_ERRORS},
    summary="Revoke an API key",
    description="One's own key, or (admins) any key of the company. Takes effect at once.",
)
def revoke_api_key(request: HttpRequest, actor: CompanyActor, key_pk: int) -> Status[None]:
    actions.revoke_api_key(actor=actor, key=selectors.api_key(actor, key_pk))
    return Status(204, None)
