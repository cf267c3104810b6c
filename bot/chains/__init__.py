"""Service chains: the catalog of life events (data/chains, data/agencies.yml) and the planner.

Plain Python, no Rasa import. Public API:

    from bot.chains import load_catalog, make_plan, service_chain_payload, next_question, find_step
"""
from .api import find_step, missing_dates, next_question, service_chain_payload
from .loader import LIFE_EVENT_IDS, Catalog, CatalogError, Issue, check, load_catalog
from .models import Agency, DateDef, FactDef, LifeEvent, Step, Text
from .planner import ExcludedStep, Plan, PlannedStep, evaluate, make_plan

__all__ = [
    "Agency", "Catalog", "CatalogError", "DateDef", "ExcludedStep", "FactDef", "Issue", "LIFE_EVENT_IDS", "LifeEvent",
    "Plan", "PlannedStep", "Step", "Text", "check", "evaluate", "find_step", "load_catalog", "make_plan",
    "missing_dates", "next_question", "service_chain_payload",
]
