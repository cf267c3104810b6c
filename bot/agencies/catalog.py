"""Which agencies the mock plays, what can be applied for at each, and what Tell Us Once shares.

Agency ids match data/agencies.yml (the chains engineer's catalog).
"""
from __future__ import annotations

AGENCY_NAMES: dict[str, dict[str, str]] = {
    "folkeregisteret": {"nb": "Folkeregisteret (Skatteetaten)", "en": "the National Population Register (Tax Administration)"},
    "nav": {"nb": "NAV", "en": "NAV"},
    "skatteetaten": {"nb": "Skatteetaten", "en": "the Tax Administration"},
    "tingretten": {"nb": "tingretten", "en": "the district court"},
    "kartverket": {"nb": "Kartverket", "en": "the Norwegian Mapping Authority"},
    "brreg": {"nb": "Brønnøysundregistrene", "en": "the Brønnøysund Register Centre"},
    "udi": {"nb": "UDI (Utlendingsdirektoratet)", "en": "UDI (the Directorate of Immigration)"},
    "politiet": {"nb": "politiet", "en": "the police"},
    "kommune": {"nb": "kommunen", "en": "the municipality"},
    "helfo": {"nb": "Helfo", "en": "Helfo"},
    "lanekassen": {"nb": "Lånekassen", "en": "the State Educational Loan Fund (Lånekassen)"},
}

# Application types ("type" in POST /<agency>/api/v1/soknader) per agency that takes applications.
APPLICATION_TYPES: dict[str, list[str]] = {
    "nav": [
        "foreldrepenger", "engangsstonad", "svangerskapspenger", "barnetrygd", "kontantstotte",
        "pleiepenger", "omsorgsdager", "opplaeringspenger", "hjelpestonad", "grunnstonad", "hjelpemidler",
        "dagpenger", "arbeidssoker", "sosialhjelp", "gravferdsstonad", "baaretransport", "omstillingsstonad",
        "barnepensjon", "lonnsgaranti",
    ],
    "skatteetaten": ["skattekort", "navn_barn", "farskap", "mva_registrering", "flyttemelding"],
    "folkeregisteret": ["flyttemelding", "navn_barn", "farskap"],
    "tingretten": ["skifteform", "formuesfullmakt", "proklama"],
    "kartverket": ["hjemmelserklaering"],
    "udi": ["oppholdstillatelse", "eu_registrering", "permanent_opphold", "statsborgerskap", "familieinnvandring"],
    "politiet": ["pass", "politiattest", "oppholdskort"],
    "kommune": ["barnehage", "barnekoordinator", "omsorgsstonad", "avlastning", "gravlegging", "norskopplaering"],
    "helfo": ["fastlege", "frikort", "pasientreise"],
    "lanekassen": ["foreldrestipend", "betalingsutsettelse"],
}

# Case statuses the agencies use (Norwegian, upper case, as many public APIs do).
CASE_STATUSES = ["MOTTATT", "UNDER_BEHANDLING", "INNVILGET", "AVSLAATT", "AAPNET", "AVSLUTTET", "REGISTRERT"]

# Tell Us Once: for each event, which agencies would be told and what they would get.
TELL_US_ONCE_AGENCIES: dict[str, list[dict]] = {
    "death": [
        {"agency_id": "nav", "what_is_shared": {
            "nb": "At personen er død, slik at NAV kan stoppe utbetalinger og vurdere stønader til de etterlatte.",
            "en": "That the person has died, so NAV can stop payments and consider benefits for the family."}},
        {"agency_id": "skatteetaten", "what_is_shared": {
            "nb": "Dødsfallet og hvem som er kontaktperson for dødsboet, til skattemeldingen for dødsåret.",
            "en": "The death and who the estate's contact person is, for the tax return for the year of death."}},
        {"agency_id": "tingretten", "what_is_shared": {
            "nb": "Dødsfallet og hvem som melder det, slik at tingretten kan åpne skiftesaken.",
            "en": "The death and who reports it, so the district court can open the probate case."}},
        {"agency_id": "kommune", "what_is_shared": {
            "nb": "Dødsfallet, slik at kommunen kan avslutte tjenester som hjemmetjeneste og avgifter.",
            "en": "The death, so the municipality can end services such as home care and fees."}},
        {"agency_id": "helfo", "what_is_shared": {
            "nb": "Dødsfallet, slik at personen tas ut av fastlegelisten.",
            "en": "The death, so the person is taken off the GP's list."}},
        {"agency_id": "lanekassen", "what_is_shared": {
            "nb": "Dødsfallet, slik at Lånekassen kan avslutte et eventuelt studielån.",
            "en": "The death, so Lånekassen can close any student loan."}},
        {"agency_id": "politiet", "what_is_shared": {
            "nb": "Dødsfallet, slik at pass og nasjonalt ID-kort blir ugyldige.",
            "en": "The death, so the passport and national ID card are cancelled."}},
    ],
    "birth": [
        {"agency_id": "nav", "what_is_shared": {
            "nb": "Barnets fødselsdato og foreldrene, for barnetrygd og foreldrepenger.",
            "en": "The child's date of birth and parents, for child benefit and parental benefit."}},
        {"agency_id": "kommune", "what_is_shared": {
            "nb": "At barnet er født og hvor familien bor, slik at helsestasjonen kan ta kontakt.",
            "en": "That the child is born and where the family lives, so the child health centre can get in touch."}},
        {"agency_id": "helfo", "what_is_shared": {
            "nb": "Barnet og foreldrenes fastlege, slik at barnet får samme fastlege.",
            "en": "The child and the parents' GP, so the child gets the same GP."}},
        {"agency_id": "lanekassen", "what_is_shared": {
            "nb": "At du har fått barn, slik at Lånekassen kan vurdere foreldrestipend hvis du studerer.",
            "en": "That you have had a child, so Lånekassen can consider a parental grant if you are a student."}},
    ],
    "move": [
        {"agency_id": "folkeregisteret", "what_is_shared": {
            "nb": "Den nye adressen og datoen du flytter (flyttemelding).",
            "en": "Your new address and the date you move (notice of move)."}},
        {"agency_id": "nav", "what_is_shared": {
            "nb": "Den nye adressen, slik at brev og NAV-kontor blir riktige.",
            "en": "Your new address, so letters and your local NAV office are right."}},
        {"agency_id": "kommune", "what_is_shared": {
            "nb": "At du flytter til eller fra kommunen, for barnehage, skole og avgifter.",
            "en": "That you are moving to or from the municipality, for kindergarten, school and fees."}},
        {"agency_id": "helfo", "what_is_shared": {
            "nb": "Den nye adressen, slik at du kan få tilbud om fastlege der du bor.",
            "en": "Your new address, so you can be offered a GP where you live."}},
        {"agency_id": "lanekassen", "what_is_shared": {
            "nb": "Den nye adressen, for brev om studiestøtte og lån.",
            "en": "Your new address, for letters about student support and loans."}},
    ],
}

TELL_US_ONCE_EVENTS = tuple(TELL_US_ONCE_AGENCIES)
