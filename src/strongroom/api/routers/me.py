"""The signed-in user: not company-scoped."""

from django.http import HttpRequest

from strongroom.api.actor import credential_company_id, request_user
from strongroom.api.router import Router
from strongroom.api.schemas.common import AUTH_ERRORS
from strongroom.api.schemas.me import MeOut
from strongroom.platform.tenancy import selectors

router = Router(tags=["Me"])


@router.get(
    "/me",
    response={200: MeOut, **AUTH_ERRORS},
    summary="Who am I",
    description=(
        "The signed-in user and the companies they may enter (none for operators). With an "
        "API key, only the key's company."
    ),
)
def get_me(request: HttpRequest) -> dict[str, object]:
    user = request_user(request)
    choices = selectors.companies_for_user(user)
    key_company = credential_company_id(request)
    if key_company is not None:
        choices = [choice for choice in choices if choice.company.pk == key_company]
    return {
        "email": user.email,
        "full_name": user.full_name,
        "is_operator": user.is_operator,
        "companies": [
            {
                "slug": choice.company.slug,
                "name": choice.company.name,
                "role": choice.role_label,
                "via_group": choice.via_group,
            }
            for choice in choices
        ],
    }
