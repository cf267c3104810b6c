"""Agency APIs: typed clients (requests + pydantic) and, in bot.agencies.mock, the mock services.

    from bot.agencies import AgencyClients, AgencyError, AgencyUnavailable, NotFound, InvalidRequest, StatusResult
    clients = AgencyClients.from_settings()
    clients.check({"agency": "folkeregisteret", "lookup": "death_registered"}, fnr)
"""
from bot.agencies.catalog import AGENCY_NAMES, APPLICATION_TYPES, TELL_US_ONCE_AGENCIES
from bot.agencies.clients import AgencyClients
from bot.agencies.errors import AgencyAuthError, AgencyError, AgencyUnavailable, InvalidRequest, NotFound
from bot.agencies.models import Receipt, StatusResult

__all__ = [
    "AgencyClients", "AgencyError", "AgencyUnavailable", "NotFound", "InvalidRequest", "AgencyAuthError",
    "StatusResult", "Receipt", "TELL_US_ONCE_AGENCIES", "AGENCY_NAMES", "APPLICATION_TYPES",
]
