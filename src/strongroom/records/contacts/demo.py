"""Demo contacts: a few hundred customer organisations and their people, made idempotently."""

from __future__ import annotations

import random

from strongroom.platform.access.actor import Actor
from strongroom.records.contacts import actions
from strongroom.records.contacts.models import Organisation

ORGANISATIONS = 150
_FIRST = ("Kari Ola Ingrid Lars Sofie Emil Nora Jonas Maja Henrik Ida Magnus Sara Jakob Thea "
          "Elias Hanna Filip Emma Oskar Astrid Sindre Linnea Erik Frida Mats Tuva Aksel").split()
_LAST = ("Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
         "Johnsen Pettersen Eriksen Berg Haugen Hagen Lund Strand Bakken Solberg Lie Moen "
         "Lindqvist Svensson Holm").split()
_STEMS = ("Fjord Nord Vest Øst Sør Tind Elv Bre Skog Havn Lys Berg Dal Vik Stein Furu Is "
          "Sol Vind Bølge Polar Aurora Granitt Kyst").split()
_TRADES = ("Bygg Regnskap Eiendom Transport Design Energi Helse Data Marin Mat Media Handel "
           "Rådgivning Logistikk Teknikk").split()
_FORMS = ("AS", "AS", "AS", "ASA", "AB", "ApS")
_CITIES = (("Oslo", "0150", "NO"), ("Bergen", "5003", "NO"), ("Trondheim", "7011", "NO"),
           ("Stavanger", "4006", "NO"), ("Tromsø", "9008", "NO"), ("Bodø", "8006", "NO"),
           ("Göteborg", "411 03", "SE"), ("Stockholm", "111 20", "SE"),
           ("København", "1050", "DK"), ("Aarhus", "8000", "DK"))
_TITLES = ("CEO", "CFO", "Head of Finance", "Accounts payable", "Project manager",
           "Procurement", "Office manager", "Controller", "")


def _organisation_fields(rng: random.Random, n: int) -> dict[str, str]:
    stem, trade, form = rng.choice(_STEMS), rng.choice(_TRADES), rng.choice(_FORMS)
    city, postal_code, country = rng.choice(_CITIES)
    if form == "AB":
        country, city, postal_code = "SE", "Stockholm", "111 20"
    if form == "ApS":
        country, city, postal_code = "DK", "København", "1050"
    number = f"{910000000 + n * 7919 % 89999999}"
    slug = f"{stem}{trade}".lower().translate(str.maketrans("æøå", "aoa"))
    return {
        "name": f"{stem}{trade.lower()} {n:03d} {form}",
        "organisation_number": number,
        "vat_id": f"{country}{number}{'MVA' if country == 'NO' else '01'}",
        "email": f"post@{slug}{n}.example",
        "phone": f"+47 {rng.randint(2000, 9999)} {rng.randint(1000, 9999)}",
        "website": f"https://{slug}{n}.example",
        "address": f"{rng.choice(_STEMS)}gata {rng.randint(1, 120)}",
        "postal_code": postal_code,
        "city": city,
        "country": country,
        "notes": rng.choice(("", "", "Framework agreement.", "Pays within 14 days.",
                             "Invoice by EHF only.")),
    }


def _person_fields(rng: random.Random, domain: str) -> dict[str, str]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    local = f"{first}.{last}".lower().translate(str.maketrans("æøåö", "aoao"))
    return {
        "name": f"{first} {last}",
        "job_title": rng.choice(_TITLES),
        "email": f"{local}@{domain}",
        "phone": f"+47 9{rng.randint(1000000, 9999999)}",
        "notes": rng.choice(("", "", "Prefers e-mail.", "Call before 10.")),
    }


def seed_demo(actor: Actor) -> int:
    """Create the demo organisations that are missing, each with one to three people.
    Returns how many organisations were created."""
    existing = set(
        Organisation.objects.filter(company=actor.company).values_list("name", flat=True)
    )
    created = 0
    for n in range(1, ORGANISATIONS + 1):
        rng = random.Random(f"organisation-{n}")  # noqa: S311  (demo data; same every run)
        fields = _organisation_fields(rng, n)
        if fields["name"] in existing:
            continue
        organisation = actions.create_organisation(actor=actor, fields=fields)
        domain = fields["email"].split("@", 1)[1]
        for _ in range(rng.randint(1, 3)):
            actions.create_contact_person(
                actor=actor, organisation=organisation, fields=_person_fields(rng, domain)
            )
        created += 1
    return created
