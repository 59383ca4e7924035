"""allauth's pages inside our layout, once our templates take precedence (see the report)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.test import Client, override_settings

import strongroom.web

WEB_TEMPLATES = Path(strongroom.web.__file__).parent / "templates"


def _templates_first() -> list[dict[str, object]]:
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [WEB_TEMPLATES]
    return [engine]


def test_sign_in_page_uses_strongroom_layout(db: None) -> None:
    with override_settings(TEMPLATES=_templates_first()):
        page = Client().get("/accounts/login/").content.decode()
    assert 'href="/static/strongroom/app.css"' in page
    assert 'class="skip-link"' in page
    assert "main--narrow" in page
    assert 'name="password"' in page
