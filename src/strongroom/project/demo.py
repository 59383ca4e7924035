"""The demo company: realistic people, roles and tags, created idempotently."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings

from strongroom.platform.access import permissions as perms
from strongroom.platform.access.actor import Channel, cli_actor, member_actor
from strongroom.platform.accounts.actions import set_initial_password
from strongroom.platform.accounts.models import User
from strongroom.platform.lifecycle import actions as lifecycle
from strongroom.platform.tenancy import actions
from strongroom.platform.tenancy import selectors as tenancy_selectors
from strongroom.platform.tenancy.models import Company, Membership
from strongroom.records.absences import demo as absences_demo
from strongroom.records.approvals import demo as approvals_demo
from strongroom.records.contacts import demo as contacts_demo
from strongroom.records.documents import demo as documents_demo
from strongroom.records.expenses import demo as expenses_demo
from strongroom.records.invoices import demo as invoices_demo

DEMO_SLUG = "nordlys"
DEMO_DOMAIN = "nordlys.example"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    role: str
    tags: tuple[str, ...] = ()


PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("ingrid", "Ingrid Solberg", perms.OWNER),
    DemoPerson("anders", "Anders Berg", perms.ADMIN),
    DemoPerson("kari", "Kari Nilsen", perms.MANAGER, ("lead:oslo", "team:oslo")),
    DemoPerson("lars", "Lars Haugen", perms.MANAGER, ("lead:bergen", "team:bergen")),
    DemoPerson("marte", "Marte Dahl", perms.ACCOUNTANT, ("team:oslo",)),
    DemoPerson("ola", "Ola Nordmann", perms.EMPLOYEE, ("team:oslo",)),
    DemoPerson("sofie", "Sofie Lie", perms.EMPLOYEE, ("team:oslo",)),
    DemoPerson("emil", "Emil Strand", perms.EMPLOYEE, ("team:bergen",)),
    DemoPerson("nora", "Nora Bakke", perms.EMPLOYEE, ("team:bergen",)),
    DemoPerson("jonas", "Jonas Moe", perms.EMPLOYEE, ("team:bergen", "mileage")),
    DemoPerson("revisor", "Rita Revisor", perms.AUDITOR),
)

DEMO_TAGS: tuple[tuple[str, str], ...] = (
    ("team:oslo", "Works in the Oslo office"),
    ("lead:oslo", "Leads the Oslo team: approves its requests"),
    ("team:bergen", "Works in the Bergen office"),
    ("lead:bergen", "Leads the Bergen team: approves its requests"),
    ("mileage", "Drives their own car for client visits"),
)


def demo_password(data_dir: Path | None = None) -> str:
    """The demo accounts' password: random per installation, kept in the data directory."""
    path = (data_dir or Path(settings.DATA_DIR)) / "secrets" / "demo_password"
    if path.is_file():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = "demo-" + secrets.token_urlsafe(12)
    path.write_text(value + "\n")
    path.chmod(0o600)
    return value


def email_of(person: DemoPerson) -> str:
    return f"{person.email}@{DEMO_DOMAIN}"


def seed_demo() -> tuple[Company, list[tuple[DemoPerson, str]], bool]:
    """Create (or complete) the demo company. Returns it, the logins and whether it was new."""
    platform = cli_actor(command="demo")
    password = demo_password()
    company = Company.objects.filter(slug=DEMO_SLUG).first()
    created = company is None
    owner = PEOPLE[0]
    if company is None:
        company = lifecycle.create_company(
            actor=platform,
            slug=DEMO_SLUG,
            name="Nordlys Consulting AS",
            country="NO",
            region="eu-north",
            currency="NOK",
            owner_email=email_of(owner),
            owner_name=owner.name,
        )
    owner_membership = Membership.objects.select_related("user", "company").get(
        company=company, user__email=email_of(owner)
    )
    # Seeding acts on the owner's behalf, recorded as the `demo` command (channel cli), not web.
    owner_actor = replace(
        member_actor(owner_membership, channel=Channel.CLI), credential="demo"
    )
    defined = {tag.name for tag in tenancy_selectors.tags(owner_actor)}
    for name, description in DEMO_TAGS:
        if name not in defined:
            actions.create_tag(actor=owner_actor, name=name, description=description)
    existing = set(
        Membership.objects.filter(company=company).values_list("user__email", flat=True)
    )
    for person in PEOPLE[1:]:
        if email_of(person) not in existing:
            actions.add_member(
                actor=owner_actor,
                email=email_of(person),
                full_name=person.name,
                role=person.role,
                tags=person.tags,
            )
    approvals_demo.seed_demo(actor=owner_actor)
    absences_demo.seed_demo(actor=owner_actor)
    contacts_demo.seed_demo(owner_actor)
    documents_demo.seed_demo(owner_actor)
    invoices_demo.seed_demo(owner_actor)
    expenses_demo.seed_demo(actor=owner_actor)
    for user in User.objects.filter(email__endswith="@" + DEMO_DOMAIN):
        if not user.has_usable_password():
            set_initial_password(actor=platform, user=user, password=password)
    return company, [(person, password) for person in PEOPLE], created
