"""WSGI entry point (gunicorn ``strongroom.project.wsgi:application``).

Nothing is served unless the root key opens the key store (platform/keys/startup.py).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strongroom.project.settings")
application = get_wsgi_application()

from strongroom.platform.keys.startup import stop_unless_key_store_opens  # noqa: E402

stop_unless_key_store_opens()
