"""Root conftest: loaded by pytest before Django settings are imported.

Marks the process as a test run so that ``ledcheck.settings`` may fall back to an
insecure development SECRET_KEY, default ALLOWED_HOSTS and plain static storage.
"""

import os

os.environ["LEDCHECK_TESTING"] = "1"
