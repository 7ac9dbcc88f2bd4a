"""Fixtures of the access-matrix and fuzz tests (see ``matrix.py``)."""

import copy

import pytest
from django.db import transaction

from tests.ledcheck.matrix import build_world


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """One world per test module, built in a transaction rolled back at the end; each test (through
    ``world``, which uses ``db``) and each request made with ``matrix.attempt`` is rolled back on its own,
    so every one of them sees this same state."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(module_world, db):
    """The module's world; requests such as log out or switch language change a client's cookies, so they
    are restored after the test."""
    saved = {role: copy.deepcopy(client.cookies) for role, client in module_world.clients.items()}
    yield module_world
    for role, client in module_world.clients.items():
        client.cookies = saved[role]
