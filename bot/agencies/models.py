"""Pydantic models of the agency APIs: request bodies, responses, and the client-side results.

The mock app validates with these and builds its OpenAPI document from them; the clients parse responses with
them, so both sides meet one contract. Field names follow the agencies' own APIs where they publish one
(Enhetsregisteret, Frivillighetsregisteret) and Norwegian public-API style elsewhere.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Literal, Optional

from pydantic import BaseModel, Field, root_validator, validator

from bot.agencies.catalog import TELL_US_ONCE_EVENTS
from bot.agencies.ids import valid_orgnr, valid_personal_id


class PersonIdent(str):
    """Fødselsnummer or D-nummer: 11 digits with valid mod-11 check digits."""

    @classmethod
    def __get_validators__(cls):
        yield cls.validate

    @classmethod
    def __modify_schema__(cls, field_schema: dict) -> None:
        field_schema.update(type="string", pattern="^[0-9]{11}$", example="14837800189",
                            description="fødselsnummer or D-nummer (11 digits, mod-11 check digits)")

    @classmethod
    def validate(cls, value: Any) -> "PersonIdent":
        if not isinstance(value, str):
            raise TypeError("string required")
        if not valid_personal_id(value):
            raise ValueError("not a valid fødselsnummer or D-nummer (11 digits with check digits)")
        return cls(value)


class Orgnr(str):
    """Organisasjonsnummer: 9 digits with a mod-11 check digit."""

    @classmethod
    def __get_validators__(cls):
        yield cls.validate

    @classmethod
    def __modify_schema__(cls, field_schema: dict) -> None:
        field_schema.update(type="string", pattern="^[0-9]{9}$", example="310000027",
                            description="organisasjonsnummer (9 digits, mod-11 check digit)")

    @classmethod
    def validate(cls, value: Any) -> "Orgnr":
        if not isinstance(value, str):
            raise TypeError("string required")
        if not valid_orgnr(value):
            raise ValueError("not a valid organisasjonsnummer (9 digits with check digit)")
        return cls(value)


def _nullable(schema: dict, model: type) -> None:
    """Pydantic 1 leaves `nullable` out of the schema of Optional fields; OpenAPI 3.0 needs it."""
    for field in model.__fields__.values():
        prop = schema.get("properties", {}).get(field.alias)
        if prop is None or not field.allow_none:
            continue
        if "$ref" in prop:
            schema["properties"][field.alias] = {"allOf": [prop], "nullable": True}
        else:
            prop["nullable"] = True


class Strict(BaseModel):
    class Config:
        extra = "forbid"
        allow_population_by_field_name = True
        schema_extra = staticmethod(_nullable)


class Open(BaseModel):
    class Config:
        extra = "allow"
        allow_population_by_field_name = True
        schema_extra = staticmethod(_nullable)


# ---------------------------------------------------------------- errors

class FieldError(Open):
    loc: List[Any]
    msg: str
    type: str


class ErrorBody(Open):
    error: str = Field(..., description="machine-readable code: unauthorized, forbidden, invalid_request, not_found, "
                                        "conflict, unavailable, method_not_allowed")
    message: str
    detail: Optional[List[FieldError]] = None


class Health(Open):
    status: Literal["ok"]


# ---------------------------------------------------------------- Folkeregisteret

class Navn(Open):
    fornavn: str
    etternavn: str


class Adresse(Open):
    adressenavn: str
    postnummer: str
    poststed: str
    kommunenummer: str


class Foedsel(Open):
    foedselsdato: dt.date


class Doedsfall(Open):
    doedsdato: dt.date


class Familierelasjon(Open):
    relatertPersonsIdentifikator: str
    relatertPersonsRolle: Literal["FAR", "MOR", "BARN", "EKTEFELLE", "SAMBOER", "PARTNER"]


class Person(Open):
    folkeregisteridentifikator: str
    identifikatortype: Literal["foedselsnummer", "dNummer"]
    navn: Navn
    kjoenn: Literal["kvinne", "mann"]
    foedsel: Foedsel
    personstatus: Literal["bosatt", "doed", "midlertidig", "utflyttet"]
    sivilstand: str
    statsborgerskap: List[str]
    bostedsadresse: Adresse
    doedsfall: Optional[Doedsfall] = None
    familierelasjoner: List[Familierelasjon]


class NyAdresse(Strict):
    adressenavn: str = Field(..., min_length=1, max_length=200)
    postnummer: str = Field(..., regex=r"^[0-9]{4}$")
    poststed: str = Field(..., min_length=1, max_length=100)
    kommunenummer: Optional[str] = Field(None, regex=r"^[0-9]{4}$")


class FlyttemeldingInn(Strict):
    personident: PersonIdent
    flyttedato: dt.date
    nyAdresse: NyAdresse


# ---------------------------------------------------------------- generic applications and notifications

class SoknadInn(Strict):
    type: str = Field(..., min_length=1, max_length=64, description="what is applied for; see the agency's list")
    personident: PersonIdent
    opplysninger: Dict[str, Any] = Field(default_factory=dict, description="the application's own data")


class Sak(Open):
    saksnummer: str
    etat: str
    type: str
    status: str = Field(..., description="MOTTATT, UNDER_BEHANDLING, INNVILGET, AVSLAATT, AAPNET, AVSLUTTET, REGISTRERT")
    mottatt: dt.date
    vedtaksdato: Optional[dt.date] = None
    opplysninger: Dict[str, Any] = Field(default_factory=dict)


class SakListe(Open):
    saker: List[Sak]


class MeldingInn(Strict):
    hendelse: Literal["death", "birth", "move"]
    personident: PersonIdent = Field(..., description="the person the event is about")
    innmelder: Optional[PersonIdent] = Field(None, description="who reports it")
    detaljer: Dict[str, Any] = Field(default_factory=dict)


class Melding(Open):
    saksnummer: str
    etat: str
    hendelse: str
    status: Literal["MOTTATT"]
    mottatt: dt.datetime


# ---------------------------------------------------------------- tingretten

class Avdoed(Open):
    navn: str
    doedsdato: dt.date


class Skiftesak(Open):
    saksnummer: str
    domstol: str
    status: str
    avdoed: Avdoed
    skifteform: Optional[Literal["privat", "uskifte", "offentlig"]] = None
    fristSkifteform: Optional[dt.date] = None
    arvinger: List[Navn] = Field(default_factory=list)


class SkiftesakListe(Open):
    skiftesaker: List[Skiftesak]


class SkifteformInn(Strict):
    skifteform: Literal["privat", "uskifte", "offentlig"]
    personident: PersonIdent = Field(..., description="the heir who declares the choice")


# ---------------------------------------------------------------- Brønnøysundregistrene

class Kode(Open):
    kode: str
    beskrivelse: str


class Forretningsadresse(Open):
    land: str = "Norge"
    landkode: str = "NO"
    postnummer: str
    poststed: str
    adresse: List[str]
    kommune: str
    kommunenummer: str


class Enhet(Open):
    organisasjonsnummer: str
    navn: str
    organisasjonsform: Kode
    hjemmeside: Optional[str] = None
    postadresse: Optional[Forretningsadresse] = None
    forretningsadresse: Optional[Forretningsadresse] = None
    registreringsdatoEnhetsregisteret: dt.date
    stiftelsesdato: Optional[dt.date] = None
    registrertIMvaregisteret: bool
    registrertIForetaksregisteret: bool
    registrertIStiftelsesregisteret: bool = False
    registrertIFrivillighetsregisteret: bool
    registrertIPartiregisteret: bool = False
    naeringskode1: Optional[Kode] = None
    vedtektsfestetFormaal: List[str] = Field(default_factory=list)
    antallAnsatte: int = 0
    harRegistrertAntallAnsatte: bool = False
    institusjonellSektorkode: Optional[Kode] = None
    konkurs: bool = False
    underAvvikling: bool = False
    underTvangsavviklingEllerTvangsopplosning: bool = False
    maalform: str = "Bokmål"
    links: Dict[str, Any] = Field(default_factory=dict, alias="_links")


class Side(Open):
    size: int
    totalElements: int
    totalPages: int
    number: int


class EnhetSok(Open):
    embedded: Optional[Dict[str, List[Enhet]]] = Field(None, alias="_embedded")
    links: Dict[str, Any] = Field(default_factory=dict, alias="_links")
    page: Side


class EnhetSokQuery(Strict):
    navn: Optional[str] = Field(None, min_length=1, max_length=180)
    organisasjonsform: Optional[str] = Field(None, min_length=1, max_length=100, description="comma-separated codes, e.g. AS,ENK")
    registrertIFrivillighetsregisteret: Optional[bool] = None
    size: int = Field(20, ge=0, le=10000)
    page: int = Field(0, ge=0)

    @root_validator(skip_on_failure=True)
    def _depth(cls, values):
        if values["size"] * (values["page"] + 1) > 10000:
            raise ValueError("page x size may not exceed 10000")
        return values


class IcnpoKategori(Open):
    icnpoNummer: str
    navn: str
    rekkefoelge: int


class FrivilligOrganisasjon(Open):
    organisasjonsnummer: str
    frivilligOrganisasjonsstatus: str
    innfoertDato: dt.date
    foersteGangInnfoert: Optional[dt.date] = None
    kontonummer: Optional[str] = None
    icnpoKategorier: List[IcnpoKategori]
    grasrotandel: Dict[str, bool]
    regnskapsrapportering: Dict[str, bool]
    vedtekter: Dict[str, bool]
    links: Dict[str, Any] = Field(default_factory=dict, alias="_links")


class FrivilligSok(Open):
    embedded: Optional[Dict[str, List[FrivilligOrganisasjon]]] = Field(None, alias="_embedded")
    links: Dict[str, Any] = Field(default_factory=dict, alias="_links")


class FrivilligSokQuery(Strict):
    size: int = Field(20, ge=1, le=1000)
    searchAfter: Optional[str] = Field(None, regex=r"^[0-9]{9}$", description="cursor: the last orgnr of the previous page")


class IcnpoKategoriListe(Open):
    embedded: Dict[str, List[Dict[str, Any]]] = Field(..., alias="_embedded")


class RolleInn(Strict):
    rolle: Literal["INNH", "DAGL", "LEDE", "NEST", "MEDL", "KONT", "REVI", "REGN"]
    personident: PersonIdent


class RegistreringsAdresse(Strict):
    adresse: List[str] = Field(..., min_items=1, max_items=3)
    postnummer: str = Field(..., regex=r"^[0-9]{4}$")
    poststed: str = Field(..., min_length=1, max_length=100)
    kommunenummer: str = Field(..., regex=r"^[0-9]{4}$")


class FrivillighetsregisteretInn(Strict):
    icnpoKategorier: List[str] = Field(..., min_items=1, max_items=3, description="ICNPO numbers, ranked")
    grasrotandel: bool = False
    kontonummer: Optional[str] = Field(None, regex=r"^[0-9]{11}$")
    regnskapsrapportering: bool = False
    vedtekter: bool = True

    @root_validator(skip_on_failure=True)
    def _account_for_grasrot(cls, values):
        if values.get("grasrotandel") and not values.get("kontonummer"):
            raise ValueError("kontonummer is required for grasrotandel")
        return values


class RegistreringInn(Strict):
    """Samordnet registermelding: a new unit in Enhetsregisteret (and optionally Frivillighetsregisteret)."""
    navn: str = Field(..., min_length=2, max_length=180)
    organisasjonsform: Literal["ENK", "AS", "ANS", "DA", "SA", "NUF", "FLI", "STI"]
    forretningsadresse: RegistreringsAdresse
    naeringskode: str = Field(..., regex=r"^[0-9]{2}\.[0-9]{3}$", description="SN2007 code, format NN.NNN")
    vedtektsfestetFormaal: List[str] = Field(default_factory=list, max_items=5)
    stiftelsesdato: Optional[dt.date] = None
    innsender: PersonIdent
    roller: List[RolleInn] = Field(..., min_items=1, max_items=20)
    frivillighetsregisteret: Optional[FrivillighetsregisteretInn] = None

    @validator("frivillighetsregisteret")
    def _only_non_profit(cls, value, values):
        if value is not None and values.get("organisasjonsform") not in ("FLI", "STI", "AS"):
            raise ValueError("only FLI, STI and AS units can be registered in Frivillighetsregisteret")
        return value


class Registrering(Open):
    saksnummer: str
    status: Literal["REGISTRERT"]
    organisasjonsnummer: str
    registrertIFrivillighetsregisteret: bool
    mottatt: dt.datetime


class PersonRolle(Open):
    organisasjonsnummer: str
    navn: str
    organisasjonsform: str
    rolle: str
    registrertIFrivillighetsregisteret: bool


class PersonRoller(Open):
    roller: List[PersonRolle]


# ---------------------------------------------------------------- Tell Us Once

class TellUsOnceInn(Strict):
    hendelse: Literal["death", "birth", "move"]
    personident: PersonIdent = Field(..., description="the person the event is about (deceased, child, mover)")
    innmelder: PersonIdent = Field(..., description="the citizen who reports and consents")
    samtykker: Dict[str, bool] = Field(..., description="agency id -> explicit consent to tell that agency")
    detaljer: Dict[str, Any] = Field(default_factory=dict)

    @validator("hendelse")
    def _known(cls, value):
        if value not in TELL_US_ONCE_EVENTS:
            raise ValueError("unknown event")
        return value


class Kvittering(Open):
    etat: str
    status: Literal["notified", "not_notified_no_consent", "failed"]
    saksnummer: Optional[str] = None
    tidspunkt: dt.datetime
    melding: Optional[str] = None


class TellUsOnceSvar(Open):
    hendelse: str
    kvitteringer: List[Kvittering]


# ---------------------------------------------------------------- admin: fault injection

class FaultSpec(Strict):
    latency_ms: int = Field(0, ge=0, le=60000, description="added delay before the agency answers")
    error_rate: float = Field(0.0, ge=0.0, le=1.0, description="share of requests answered with 503")
    down: bool = Field(False, description="every request fails at once")
    down_mode: Literal["503", "reset"] = Field("503", description="503 response, or the connection is reset")


class FaultTable(Open):
    faults: Dict[str, FaultSpec]


# ---------------------------------------------------------------- client-side results

class StatusResult(BaseModel):
    status: Literal["done", "waiting", "todo", "unknown"]
    detail: Dict[str, Any] = Field(default_factory=dict)
    summary: Dict[str, str]
    case_id: Optional[str] = None


class Receipt(BaseModel):
    agency_id: str
    status: Literal["notified", "not_notified_no_consent", "failed"]
    case_id: Optional[str] = None
    at: dt.datetime
    message: Optional[str] = None
