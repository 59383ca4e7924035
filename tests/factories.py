"""factory_boy factories for accounts and tenancy. Domain apps add their own beside them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory

from strongroom.identity.models import ApiKey
from strongroom.platform.access import permissions as perms
from strongroom.platform.accounts.models import User
from strongroom.platform.tenancy.models import Company, CustomRole, Membership

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OperatorFactory(UserFactory):
    is_operator = True


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    slug = factory.Sequence(lambda n: f"company-{n}")
    name = factory.Sequence(lambda n: f"Company {n} AS")
    country = "NO"
    region = "eu-north"
    currency = "NOK"


class CustomRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomRole

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Role {n}")
    permissions = factory.LazyFunction(lambda: ["company.view", "member.view"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(UserFactory)
    role = perms.EMPLOYEE
    tags = factory.LazyFunction(list)


def make_api_key(
    membership: Membership, *, name: str = "Test key", read_only: bool = False, days: int = 90
) -> tuple[ApiKey, str]:
    """A key as ``create_api_key`` makes it, without its policy and audit: (record, full key)."""
    return ApiKey.objects.issue(
        company=membership.company, user=membership.user, name=name, read_only=read_only,
        lifetime=timedelta(days=days),
    )


def matrix_api_key(company_world: Any) -> ApiKey:
    """The accountant's key in a company of the test world (one per company)."""
    membership = company_world.members["accountant"]
    existing = ApiKey.objects.filter(user=membership.user, company=membership.company).first()
    return existing or make_api_key(membership, name="Matrix key")[0]
