"""Documents: uploads, versions, attachment to records, visibility, deletion (P-D4)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from strongroom.platform.access import permissions as perms
from strongroom.platform.access import policy
from strongroom.platform.access.actor import member_actor
from strongroom.platform.history.models import AccessRead
from strongroom.records.contacts import actions as contact_actions
from strongroom.records.documents import actions, selectors
from strongroom.records.documents.models import Document
from tests.auth import sign_in
from tests.conftest import World
from tests.contacts.factories import make_organisation, make_person
from tests.documents.conftest import stored_files
from tests.documents.factories import make_document
from tests.factories import CustomRoleFactory, MembershipFactory, UserFactory
from tests.files import samples

WEB = "/c/acme/documents/"
API = "/api/v1/companies/acme/documents"


def test_web_upload_refuses_a_disguised_file(world: World, manager_client: Client) -> None:
    response = manager_client.post(
        f"{WEB}add/", {"file": samples.upload("invoice.pdf", samples.EXECUTABLE)}
    )
    assert response.status_code == 200
    assert "it looks like a Windows executable" in response.content.decode()
    assert not Document.objects.exists()
    response = manager_client.post(f"{WEB}add/", {"file": samples.upload("Invoice 7.pdf")})
    document = Document.objects.get()
    assert response["Location"] == f"{WEB}{document.pk}/"
    assert document.title == "Invoice 7"


def test_api_upload_errors_are_422_with_the_file_field(
    world: World, manager_client: Client
) -> None:
    response = manager_client.post(API, {"file": samples.upload("photo.png", samples.PDF)})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "is not a PNG image" in response.json()["errors"]["file"][0]
    missing = manager_client.post(API, {"title": "No file"})
    assert missing.status_code == 422
    assert "file" in missing.json()["errors"]


def test_oversize_uploads_are_refused_through_the_real_request_path(
    world: World, manager_client: Client, settings: Any, files_dir: Path
) -> None:
    settings.STRONGROOM_MAX_UPLOAD_MB = 1
    big = samples.PDF + b"%" * (1024 * 1024 + 200_000)
    web = manager_client.post(f"{WEB}add/", {"file": samples.upload("big.pdf", big)})
    assert "larger than the limit of 1.0 MB" in web.content.decode()
    api = manager_client.post(API, {"file": samples.upload("big.pdf", big)})
    assert api.status_code == 413
    assert api["Content-Type"] == "application/problem+json"
    assert api.json()["errors"]["file"] == ["The file is larger than the limit of 1.0 MB."]
    assert stored_files(files_dir) == []


def test_versions_are_kept_listed_and_downloadable(world: World, manager_client: Client) -> None:
    created = manager_client.post(API, {"file": samples.upload("plan.txt", b"first draft\n")})
    assert created.status_code == 201, created.content
    document_id = created.json()["id"]
    second = manager_client.post(
        f"{API}/{document_id}/versions",
        {"file": samples.upload("plan.txt", b"second draft\n"), "note": "Reviewed"},
    )
    assert second.status_code == 201
    assert second.json()["number"] == 2
    detail = manager_client.get(f"{API}/{document_id}").json()
    assert detail["version_count"] == 2
    assert [v["number"] for v in detail["versions"]] == [2, 1]
    assert detail["current"]["size"] == len(b"second draft\n")
    old = manager_client.get(f"{API}/{document_id}/versions/1/content")
    assert b"".join(old.streaming_content) == b"first draft\n"
    assert old["X-Content-Type-Options"] == "nosniff"
    assert old["Content-Disposition"] == 'attachment; filename="plan.txt"'
    assert old["Content-Type"] == "text/plain; charset=utf-8"
    current = manager_client.get(f"{WEB}{document_id}/download/")
    assert b"".join(current.streaming_content) == b"second draft\n"
    reads = AccessRead.objects.filter(object_type="files.storedfile").order_by("sequence")
    assert [read.purpose for read in reads] == ["download", "download"]
    page = manager_client.get(f"{WEB}{document_id}/").content.decode()
    assert "Reviewed" in page
    assert page.count("/download/") >= 2
    assert 'id="history-heading"' in page
    history = manager_client.get(f"{API}/{document_id}/history").json()
    assert history["count"] == 2  # created, then updated by version 2


def test_attaching_needs_a_visible_record_of_the_company(
    world: World, manager_client: Client
) -> None:
    mine, theirs = make_organisation(world.a), make_organisation(world.b)
    for target_type, target_id, field in (
        ("contacts.organisation", theirs.pk, "target_id"),
        ("contacts.organisation", "00000000-0000-4000-8000-000000000000", "target_id"),
        ("expenses.unknown", mine.pk, "target_type"),
    ):
        response = manager_client.post(API, {
            "file": samples.upload(), "target_type": target_type, "target_id": str(target_id),
        })
        assert response.status_code == 422
        assert field in response.json()["errors"]
    ok = manager_client.post(API, {
        "file": samples.upload(), "target_type": "contacts.organisation",
        "target_id": str(mine.pk),
    })
    assert ok.status_code == 201
    listed = manager_client.get(API, {"target_id": str(mine.pk)}).json()
    assert [d["id"] for d in listed["items"]] == [ok.json()["id"]]
    page = manager_client.get(f"/c/acme/contacts/{mine.pk}/").content.decode()
    assert "report.pdf" in page


def test_documents_of_records_one_cannot_see_are_hidden(world: World) -> None:
    organisation = make_organisation(world.a)
    hidden = make_document(world.a, target=organisation)
    visible = make_document(world.a)
    role = CustomRoleFactory(company=world.a.company, name="Docs only",
                             permissions=["document.view"])
    membership = MembershipFactory(
        company=world.a.company, user=UserFactory(), role=perms.CUSTOM, custom_role=role
    )
    actor = member_actor(membership)
    assert list(selectors.documents(actor)) == [visible]
    with pytest.raises(policy.NotFound):
        selectors.document(actor, hidden.pk)
    client = Client()
    sign_in(client, membership.user)
    assert client.get(f"{WEB}{hidden.pk}/download/").status_code == 404


def test_a_persons_documents_are_theirs_and_go_with_them(
    world: World, files_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    person = make_person(world.a)
    document = make_document(world.a, target=person, versions=2)
    assert document.current_file is not None
    assert document.current_file.encryption_subject == f"contact:{person.pk}"
    assert len(stored_files(files_dir)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        contact_actions.delete_contact_person(actor=world.a.actor(perms.ADMIN), person=person)
    assert not Document.objects.exists()
    assert stored_files(files_dir) == []


def test_delete_removes_every_versions_bytes(
    world: World, manager_client: Client, files_dir: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    document = make_document(world.a, versions=3)
    other = make_document(world.a)
    assert len(stored_files(files_dir)) == 4
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.delete(f"{API}/{document.pk}")
    assert response.status_code == 204
    assert list(Document.objects.all()) == [other]
    assert len(stored_files(files_dir)) == 1


def test_deleting_versions(world: World, django_capture_on_commit_callbacks: Any) -> None:
    actor = world.a.actor(perms.MANAGER)
    single = make_document(world.a)
    with pytest.raises(ValidationError, match="only version"):
        actions.delete_document_version(actor=actor, version=single.versions.get())
    document = make_document(world.a, versions=2)
    newest = document.versions.get(number=2)
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_document_version(actor=actor, version=newest)
    document.refresh_from_db()
    assert document.current_file_id == document.versions.get(number=1).file_id
    with pytest.raises(policy.Forbidden):
        actions.delete_document(actor=world.a.actor(perms.EMPLOYEE), document=document)


def test_edit_and_field_errors(world: World, manager_client: Client) -> None:
    document = make_document(world.a)
    response = manager_client.patch(
        f"{API}/{document.pk}", json.dumps({"title": "  "}), content_type="application/json"
    )
    assert response.status_code == 422
    assert "title" in response.json()["errors"]
    response = manager_client.post(f"{WEB}{document.pk}/edit/", {"title": "Signed agreement"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Signed agreement"


def test_lists_have_a_query_budget(
    world: World, manager_client: Client, django_assert_max_num_queries: Any
) -> None:
    organisations = [make_organisation(world.a) for _ in range(3)]
    people = [make_person(world.a) for _ in range(2)]
    for n in range(24):
        target = (organisations + people + [None])[n % 6]  # type: ignore[list-item]
        make_document(world.a, target=target, title=f"Doc {n:02d}")
    with django_assert_max_num_queries(8):
        body = manager_client.get(API, {"page_size": 20, "sort": "title"}).json()
    assert body["count"] == 24
    assert body["items"][0]["title"] == "Doc 00"
    # two of them: the company's sign-in policy, and the count on the navigation's approvals link
    with django_assert_max_num_queries(18):
        page = manager_client.get(WEB).content.decode()
    assert "Doc 23" in page
    filtered = manager_client.get(WEB, {"attached": "contacts.contactperson"}).content.decode()
    assert "Contact person" in filtered
    assert filtered.count("<tr>") == 1 + 8  # header + the people's documents
