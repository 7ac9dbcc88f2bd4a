#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ledcheck.settings")
    # Without a SECRET_KEY, management commands run with development settings so that a checkout works out
    # of the box (makemigrations, createsuperuser, score ...). The web server (ledcheck.wsgi) still refuses.
    if not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
