"""``make bench``: the app's speed as ratios measured in one run (docs/performance.md).

``python -m bench`` builds its own throwaway SQLite databases (``bench.build``), serves each under gunicorn
with production settings plus one trivial page (``bench.settings``, ``bench.urls``), measures the figures of
issue 13 in interleaved rounds and prints figure / value / goal; ``artifacts/bench.json`` keeps the numbers.
Nothing here is imported by the app.
"""
