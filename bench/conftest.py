# Measurements reuse the test suite's named personas and casework.
from tests.conftest import *  # noqa: F403
