#!/usr/bin/env bash
# Refresh and compile the Spanish catalogues (needs GNU gettext): one per app in <app>/locale/, and the
# site-wide one in locale/ for templates/ and the ledcheck package. The compiled .mo files are committed, so
# serving Spanish needs no gettext tools.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
APPS=(accounts assessments cases core framework plans questionnaire reports workshops)
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
for app in "${APPS[@]}"; do
    (cd "$app" && "../$PY" ../manage.py makemessages -l es --no-obsolete --no-wrap -v0)
done
ignores=()
for dir in "${APPS[@]}" .venv artifacts staticfiles build dist tests docs; do ignores+=("--ignore=$dir"); done
"$PY" manage.py makemessages -l es --no-obsolete --no-wrap -v0 "${ignores[@]}"
"$PY" manage.py compilemessages -l es -v0 --ignore=.venv --ignore=build
# Say what still needs a translation.
for po in */locale/es/LC_MESSAGES/django.po locale/es/LC_MESSAGES/django.po; do
    untranslated=$(msgattrib --untranslated "$po" | grep -c '^msgid' || true)
    fuzzy=$(msgattrib --only-fuzzy "$po" | grep -c '^msgid' || true)
    if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
        echo "$po: $untranslated untranslated, $fuzzy fuzzy"
    fi
done
