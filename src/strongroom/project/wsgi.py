"""WSGI entry point (gunicorn ``strongroom.project.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strongroom.project.settings")
application = get_wsgi_application()
