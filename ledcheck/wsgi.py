"""WSGI entry point (``gunicorn ledcheck.wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ledcheck.settings")

application = get_wsgi_application()
