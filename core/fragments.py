"""Rendered HTML kept per process under the state of what it shows (issue 13).

The case page, a page of the case library and the body of a frozen result show nothing that changes
without a new key: the library's revision (``cases.revision``: renewed on every change to a case), the
stored result's identity, the reader's language. So the HTML is rendered once per key and process and
served from memory after that; nothing is ever invalidated by hand. A fragment never holds a CSRF token,
a user's name or a message: those stay in the page around it (``base.html``, forms outside the fragment).

The cache is local memory (``CACHES["fragments"]``, bounded by ``MAX_ENTRIES``): a deploy starts empty, so
a changed template is never served from an older process's HTML.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe


def key_of(name: str, parts: tuple) -> str:
    digest = hashlib.sha256(repr((translation.get_language(), *parts)).encode()).hexdigest()[:40]
    return f"fragment:{name}:{digest}"


def cached_fragment(name: str, parts: tuple, template: str, context: Callable[[], dict]) -> SafeString:
    """``template`` rendered with ``context()``, or the HTML rendered earlier under the same ``parts`` (and
    language): ``context`` is only called when it has to be rendered."""
    cache = caches["fragments"]
    key = key_of(name, parts)
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, context())
        cache.set(key, html)
    return mark_safe(html)  # noqa: S308 (rendered by a template with autoescape)
