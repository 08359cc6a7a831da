import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hcl  # noqa: E402


@pytest.fixture(scope="session")
def modules():
    return hcl.modules()


@pytest.fixture(scope="session")
def envs():
    return hcl.envs()


@pytest.fixture(scope="session")
def topology():
    return hcl.topology()


@pytest.fixture(scope="session")
def policies():
    return hcl.function_policies()
