"""ASGI entry point. Nothing is served unless the root key opens the key store."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strongroom.project.settings")
application = get_asgi_application()

from strongroom.platform.keys.startup import stop_unless_key_store_opens  # noqa: E402

stop_unless_key_store_opens()
