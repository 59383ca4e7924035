"""Template filters that show logged values as people read them (``{% load readable %}``):
times in the installation's time zone, record types by name, channels, purposes and security
events in words. The raw values stay in the API and in each page's "details" toggle.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.apps import apps
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

CHANNELS = {
    "web": "Web", "api": "API", "import": "Import", "support": "Support access",
    "system": "Strongroom", "cli": "Command line",
}
PURPOSES = {"view": "Viewed", "list": "Listed", "download": "Downloaded", "export": "Exported"}


@register.filter
def when(value: datetime | None) -> SafeString | str:
    """``<time datetime="...">7 Dec 2026, 14:03</time>`` in the installation's time zone."""
    if value is None:
        return "—"
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_html(
        '<time datetime="{}">{} {}, {}</time>', value.isoformat(), local.day,
        local.strftime("%b %Y"), local.strftime("%H:%M"),
    )


@register.filter
def record_type(label: str) -> str:
    """``contacts.contactperson`` -> ``Contact person``; "Record" for a type no longer known."""
    try:
        model: Any = apps.get_model(label)
    except (LookupError, ValueError):
        return "Record"
    return str(model._meta.verbose_name).capitalize()


@register.filter
def channel(value: str) -> str:
    return CHANNELS.get(str(value), str(value).capitalize())


@register.filter
def purpose(value: str) -> str:
    return PURPOSES.get(str(value), str(value).capitalize())


@register.filter
def security_event(tag: str) -> str:
    """A security event's tag in words."""
    from strongroom.identity.security_events import TAG_LABELS

    return next((label for key, label in TAG_LABELS.items() if key == tag), tag)


@register.filter
def detail_label(key: str) -> str:
    """A security event's detail key in words: ``new_device`` -> ``New device``."""
    return str(key).replace("_", " ").capitalize()
