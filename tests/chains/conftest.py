import pytest

from bot.chains import load_catalog


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()
