"""Project package: settings, URLs, WSGI/ASGI and the operator CLI."""
