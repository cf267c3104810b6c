"""Main variants of each life event: which steps appear, in which order, with which due dates."""
from datetime import date

from bot.chains import make_plan

DEATH = date(2026, 11, 28)  # a Saturday


def ids(plan):
    return plan.ids()


def excluded(plan):
    return {x.id for x in plan.excluded}


def death(catalog, **facts):
    return make_plan(catalog, ["death-and-inheritance"], facts=facts, dates={"date_of_death": DEATH}, today=date(2026, 11, 29))


# ---------- death and inheritance -------------------------------------------------------------------------------
def test_married_with_shared_children_gets_undivided_estate_option(catalog):
    plan = death(catalog, relationship="spouse", shared_children=True)
    assert "undivided-estate" in ids(plan)
    step = plan.step("undivided-estate")
    assert step.pending_facts == ["settlement"]  # an option until they choose
    assert step.due == date(2027, 1, 27)  # 60 days after the death
    assert "adjustment-allowance" in ids(plan)


def test_cohabitant_without_children_gets_no_undivided_estate(catalog):
    plan = death(catalog, relationship="cohabitant", shared_children=False)
    assert "undivided-estate" not in ids(plan)
    assert {"undivided-estate", "adjustment-allowance"} <= excluded(plan)
    reason = dict((x.id, x.reason) for x in plan.excluded)["undivided-estate"]
    assert "samboer" in reason.lower()


def test_cohabitant_with_shared_children_gets_undivided_estate_when_chosen(catalog):
    plan = death(catalog, relationship="cohabitant", shared_children=True, settlement="undivided")
    assert "undivided-estate" in ids(plan)
    assert plan.step("undivided-estate").pending_facts == []
    assert {"private-settlement", "public-settlement"} <= excluded(plan)


def test_child_of_deceased_no_survivor_benefits(catalog):
    plan = death(catalog, relationship="child", children_under_20=False, settlement="private")
    assert "adjustment-allowance" not in ids(plan)
    assert "childrens-pension" not in ids(plan)
    assert "private-settlement" in ids(plan)


def test_death_deadlines_and_order(catalog):
    plan = death(catalog, relationship="spouse")
    order = ids(plan)
    assert order.index("arrange-funeral") < order.index("burial-or-cremation")
    assert order.index("death-registered") < order.index("probate-letter") < order.index("choose-settlement")
    assert order.index("choose-settlement") < order.index("undivided-estate") < order.index("use-certificate")
    # 10 working days after Saturday 28 Nov 2026: Mon 30 Nov is the first, Fri 11 Dec the tenth
    assert plan.step("burial-or-cremation").due == date(2026, 12, 11)
    assert plan.step("choose-settlement").due == date(2027, 1, 27)
    assert plan.step("funeral-grant").due == date(2027, 5, 28)
    assert plan.step("estate-tax-return").due == date(2027, 4, 30)


def test_burial_deadline_skips_christmas(catalog):
    plan = make_plan(catalog, "death-and-inheritance", dates={"date_of_death": date(2026, 12, 18)})
    # working days after Fri 18 Dec: 21,22,23,24, (25,26 holidays, 27 Sun), 28,29,30,31, (1 Jan holiday), 4 Jan
    assert plan.step("burial-or-cremation").due == date(2027, 1, 5)


def test_fixed_death_ids_and_status_checks(catalog):
    event = catalog.events["death-and-inheritance"]
    for sid in ["death-registered", "arrange-funeral", "burial-or-cremation", "probate-letter", "asset-overview",
                "choose-settlement", "private-settlement", "undivided-estate", "public-settlement", "funeral-grant",
                "body-transport", "adjustment-allowance", "childrens-pension", "use-certificate", "transfer-property",
                "estate-tax-return", "distribute-inheritance", "minor-heirs"]:
        event.step(sid)
    assert event.step("death-registered").action == "automatic"
    assert event.step("death-registered").status_check.as_dict() == {"agency": "folkeregisteret", "lookup": "death_registered"}
    assert event.step("probate-letter").status_check.as_dict() == {"agency": "tingretten", "lookup": "probate_case"}
    assert event.step("funeral-grant").status_check.as_dict() == {"agency": "nav", "lookup": "application", "benefit": "gravferdsstonad"}
    assert {f.id for f in event.facts} >= {"relationship", "shared_children", "has_will", "minor_heirs", "owned_property", "deceased_had_business"}
    assert [v.id for v in event.fact("relationship").values] == ["spouse", "cohabitant", "child", "parent", "sibling", "other"]


def test_done_observed_and_waiting_statuses(catalog):
    plan = make_plan(catalog, ["death-and-inheritance"], facts={"relationship": "spouse"}, dates={"date_of_death": DEATH},
                     done={"arrange-funeral"}, today=date(2026, 11, 29), language="nb",
                     observed={"death-registered": "done", "probate-letter": "waiting"})
    assert plan.step("arrange-funeral").status == "done"
    assert plan.step("death-registered").status == "done"
    assert plan.step("probate-letter").status == "waiting"
    # the court has not opened the case yet: the asset overview (no deadline) waits for it
    assert plan.step("asset-overview").status == "waiting"
    # a step with its own deadline stays visible as todo
    assert plan.step("choose-settlement").status == "todo"
    assert plan.step("burial-or-cremation").status == "todo"
    assert [s.id for s in plan.next_steps(2)] == ["burial-or-cremation", "choose-settlement"]


def test_unknown_facts_keep_steps_with_pending_facts(catalog):
    plan = make_plan(catalog, "death-and-inheritance", language="en")
    assert plan.excluded == []
    step = plan.step("transfer-property")
    assert step.pending_facts == ["owned_property"]
    assert "depends on the answer" in step.why
    assert step.due is None


# ---------- having a child -------------------------------------------------------------------------------------
def child(catalog, **facts):
    return make_plan(catalog, "having-a-child", facts=facts, dates={"birth_date": date(2026, 3, 10)}, today=date(2026, 3, 12))


def test_unmarried_parents_get_paternity_step(catalog):
    assert "declare-paternity" in child(catalog, married=False).ids()
    plan = child(catalog, married=True)
    assert "declare-paternity" not in plan.ids()
    assert "declare-paternity" in excluded(plan)


def test_parental_benefit_or_lump_sum(catalog):
    plan = child(catalog, earned_income=True, occupation="employee")
    assert "parental-benefit" in plan.ids() and "lump-sum-grant" not in plan.ids()
    assert "self-employed-income" not in plan.ids()
    plan = child(catalog, earned_income=False, occupation="student")
    assert "lump-sum-grant" in plan.ids() and "parental-benefit" not in plan.ids()
    assert "student-grant" in plan.ids()
    assert plan.step("lump-sum-grant").due == date(2026, 9, 10)
    plan = child(catalog, earned_income=True, occupation="self_employed")
    assert "self-employed-income" in plan.ids()


def test_due_date_used_as_estimate_before_birth(catalog):
    plan = make_plan(catalog, "having-a-child", facts={"earned_income": True}, dates={"due_date": date(2026, 6, 1)}, today=date(2026, 3, 1))
    step = plan.step("parental-benefit")
    assert step.due == date(2026, 4, 13) and not step.due_estimated  # counts from the due date itself
    name = plan.step("name-child")
    assert name.due == date(2026, 12, 1) and name.due_estimated


def test_child_benefit_automatic_or_applied_for(catalog):
    plan = child(catalog, abroad_link=False, single_parent=False)
    assert "child-benefit-automatic" in plan.ids() and "child-benefit" not in plan.ids()
    plan = child(catalog, abroad_link=True, single_parent=False)
    assert "child-benefit" in plan.ids() and "child-benefit-automatic" not in plan.ids()


# ---------- new in Norway --------------------------------------------------------------------------------------
def nin(catalog, **facts):
    return make_plan(catalog, "new-in-norway", facts=facts, dates={"arrival_date": date(2026, 8, 3)}, today=date(2026, 8, 4))


def test_eu_citizen_gets_registration_not_permit(catalog):
    plan = nin(catalog, origin="eu_eea", grounds="work", long_stay=True)
    assert "eu-registration" in plan.ids() and "report-move" in plan.ids()
    assert "residence-permit" not in plan.ids() and "asylum-registration" not in plan.ids()
    assert plan.step("eu-registration").due == date(2026, 11, 3)
    assert plan.step("report-move").due == date(2026, 8, 11)
    assert plan.ids().index("eu-registration") < plan.ids().index("report-move") < plan.ids().index("national-id-number")


def test_nordic_citizen_reports_move_without_registration(catalog):
    plan = nin(catalog, origin="nordic", long_stay=True)
    assert "report-move" in plan.ids() and "eu-registration" not in plan.ids()
    assert plan.step("report-move").status == "todo"


def test_non_eu_worker_gets_permit_and_residence_card(catalog):
    plan = nin(catalog, origin="other", grounds="work", has_licence=True)
    for sid in ("residence-permit", "residence-card", "norwegian-training", "driving-licence-exchange"):
        assert sid in plan.ids()
    assert "eu-registration" not in plan.ids()
    assert plan.step("driving-licence-exchange").due == date(2027, 8, 3)


def test_refugee_track(catalog):
    plan = nin(catalog, origin="other", grounds="protection")
    order = plan.ids()
    assert order.index("asylum-registration") < order.index("asylum-decision") < order.index("municipal-settlement") < order.index("introduction-programme")
    assert "residence-permit" not in order


# ---------- business, job loss, ill child, voluntary organisation ---------------------------------------------
def test_as_gets_share_capital_and_foretaksregisteret(catalog):
    plan = make_plan(catalog, "starting-a-business", facts={"org_form": "as"}, dates={"founding_date": date(2026, 2, 2)})
    for sid in ("founding-document", "share-capital", "foretaksregisteret", "annual-accounts", "shareholder-register", "beneficial-owners"):
        assert sid in plan.ids()
    assert plan.step("foretaksregisteret").due == date(2026, 5, 4)  # 2 May 2026 is a Saturday
    assert plan.ids().index("share-capital") < plan.ids().index("register-business")


def test_enk_below_thresholds_gets_no_share_capital_or_foretaksregisteret(catalog):
    plan = make_plan(catalog, "starting-a-business", facts={"org_form": "enk", "foretak_duty": False, "vat_liable": False})
    for sid in ("share-capital", "founding-document", "foretaksregisteret", "vat-registration", "beneficial-owners"):
        assert sid not in plan.ids()
    assert "owner-insurance" in plan.ids()
    plan = make_plan(catalog, "starting-a-business", facts={"org_form": "enk", "foretak_duty": True})
    assert "foretaksregisteret" in plan.ids()


def test_job_loss_variants(catalog):
    d = {"last_working_day": date(2026, 3, 13)}
    plan = make_plan(catalog, "job-loss", facts={"reason": "laid_off"}, dates=d)
    assert "layoff-wages" in plan.ids() and "wage-guarantee" not in plan.ids() and "extended-waiting" not in plan.ids()
    assert plan.step("layoff-wages").due == date(2026, 4, 8)  # Easter 2026: 2, 3 and 6 April are holidays
    assert plan.step("register-jobseeker").due == date(2026, 3, 16)  # Saturday 14 -> Monday 16
    assert plan.step("unemployment-benefit").due == date(2026, 3, 6)
    plan = make_plan(catalog, "job-loss", facts={"reason": "quit"}, dates=d)
    assert "extended-waiting" in plan.ids()
    plan = make_plan(catalog, "job-loss", facts={"reason": "bankruptcy"}, dates=d)
    assert "wage-guarantee" in plan.ids()


def test_ill_child_variants(catalog):
    plan = make_plan(catalog, "seriously-ill-child", facts={"child_age": "age_12_to_17", "employed": True, "hospitalised": True})
    assert "care-benefit" in plan.ids() and "two-carers" in plan.ids()
    assert "sick-child-days" not in plan.ids()  # the days off for a sick child stop the year the child turns 12
    plan = make_plan(catalog, "seriously-ill-child", facts={"child_age": "age_18_or_over", "employed": True})
    assert "care-benefit" not in plan.ids()


def test_voluntary_organisation_variants(catalog):
    plan = make_plan(catalog, "voluntary-organisation", facts={"national_chapter": True, "works_with_children": True},
                     dates={"founding_date": date(2026, 3, 1)})
    assert "vat-compensation-central" in plan.ids() and "vat-compensation" not in plan.ids()
    assert "police-certificate" in plan.ids()
    plan = make_plan(catalog, "voluntary-organisation", facts={"national_chapter": False}, dates={"founding_date": date(2026, 3, 1)})
    assert plan.step("vat-compensation").due == date(2027, 9, 1)


# ---------- two life events at once ------------------------------------------------------------------------------
def test_death_in_family_new_in_norway_shares_child_benefit(catalog):
    plan = make_plan(catalog, ["death-and-inheritance", "new-in-norway"],
                     facts={"relationship": "spouse", "children_under_20": True, "has_children": True, "origin": "eu_eea"},
                     dates={"date_of_death": DEATH, "arrival_date": date(2026, 8, 3)}, today=date(2026, 11, 29))
    shared = [s for s in plan.steps if s.id == "child-benefit"]
    assert len(shared) == 1
    assert shared[0].life_events == ["death-and-inheritance", "new-in-norway"]
    assert "extended-child-benefit" not in plan.ids()
    assert [s.position for s in plan.steps] == list(range(1, len(plan.steps) + 1))
    assert len(plan.ids()) == len(set(plan.ids()))
