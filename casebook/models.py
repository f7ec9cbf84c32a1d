"""Typed models of the casebook's data: cases, statutes and legal tests."""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "NOT_REPORTED",
    "Appeal",
    "AppealStatus",
    "Article",
    "Case",
    "Combination",
    "DatePrecision",
    "Element",
    "ElementFinding",
    "ElementRole",
    "EventDate",
    "Finding",
    "Issue",
    "LegalTest",
    "Money",
    "Party",
    "Remedy",
    "RemedyKind",
    "Role",
    "Side",
    "Source",
    "Statute",
    "Text",
]

NOT_REPORTED = {"en": "not reported", "zh": "未报道"}

Id = Annotated[
    str,
    Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", description="Lower-case id with hyphens."),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Text(_Model):
    """The same text in English and Chinese; the casebook's own words, never a quotation."""

    en: str = Field(min_length=1, description="English text.")
    zh: str = Field(min_length=1, description="Chinese text (简体中文).")

    def __call__(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en

    def get(self, lang: str = "en") -> str:
        """The text in `lang` ('en' or 'zh')."""
        return self(lang)


def text_or_not_reported(value: Text | None, lang: str = "en") -> str:
    """The text, or "not reported" in the same language when the sources are silent."""
    return value(lang) if value is not None else NOT_REPORTED.get(lang, NOT_REPORTED["en"])


class DatePrecision(StrEnum):
    """How much of a date the sources give."""

    day = "day"
    month = "month"
    year = "year"
    not_reported = "not_reported"


class EventDate(_Model):
    """A dated step in a case, with only as much precision as the sources report."""

    event: Text = Field(description="What happened on this date, e.g. 'judgment announced'.")
    date: str | None = Field(
        default=None,
        description="ISO date cut to its precision: YYYY-MM-DD, YYYY-MM or YYYY; "
        "empty when not reported.",
    )
    precision: DatePrecision = Field(description="day, month, year or not_reported.")
    note: Text | None = Field(
        default=None, description="Why the date is uncertain or how it was worked out."
    )

    @model_validator(mode="after")
    def _date_matches_precision(self) -> EventDate:
        shapes = {"day": 10, "month": 7, "year": 4}
        if self.precision is DatePrecision.not_reported:
            if self.date is not None:
                raise ValueError("precision is not_reported, so date must be empty")
            return self
        if self.date is None:
            raise ValueError(f"precision is {self.precision.value}, so date must be given")
        if len(self.date) != shapes[self.precision.value]:
            raise ValueError(
                f"date {self.date!r} does not match precision {self.precision.value!r} "
                "(use YYYY-MM-DD, YYYY-MM or YYYY)"
            )
        parts = [*self.date.split("-"), "01", "01"]
        try:
            _dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError as exc:
            raise ValueError(f"date {self.date!r} is not a real date") from exc
        return self


class Side(StrEnum):
    """A party's side in the proceedings."""

    plaintiff = "plaintiff"
    defendant = "defendant"
    third_party = "third_party"


class Role(StrEnum):
    """A party's place in the chain that makes and spreads AI output."""

    user = "user"
    publisher = "publisher"
    developer = "developer"
    operator = "operator"
    platform = "platform"
    merchant = "merchant"
    data_supplier = "data_supplier"
    licensee = "licensee"
    rights_holder = "rights_holder"


class Party(_Model):
    """A party to a case, named only as the sources name them (usually anonymised)."""

    id: Id = Field(description="Id used inside this case, e.g. 'defendant-1'.")
    name: Text = Field(description="The party's anonymised name as reported.")
    side: Side = Field(description="plaintiff, defendant or third_party.")
    roles: list[Role] = Field(
        default_factory=list, description="Roles in the AI chain; empty for a plain right-holder."
    )
    description: Text | None = Field(
        default=None, description="Who the party is, e.g. 'a voice actor'."
    )


class Finding(StrEnum):
    """The court's finding on one element."""

    met = "met"
    not_met = "not_met"
    not_decided = "not_decided"

    @property
    def value_bool(self) -> bool | None:
        return {"met": True, "not_met": False}.get(self.value)


class ElementFinding(_Model):
    """What the court found on one element of a legal test, and why, in one sentence."""

    finding: Finding = Field(description="met, not_met or not_decided.")
    reason: Text = Field(description="One-sentence reason, in the casebook's own words.")


class Issue(_Model):
    """One legal test applied to one party, element by element, with the court's conclusion."""

    id: Id = Field(description="Issue id, unique within the case.")
    test: Id = Field(description="Id of the legal test applied.")
    party: Id = Field(description="Id of the party whose conduct or work the test is applied to.")
    question: Text = Field(description="The question the court answered.")
    findings: dict[str, ElementFinding] = Field(
        description="Element id -> the court's finding on that element."
    )
    conclusion: bool = Field(
        description="The court's answer to the test: true when the test is satisfied "
        "(e.g. infringement found, a work exists)."
    )
    holding: Text = Field(description="The court's conclusion in one or two sentences.")


class RemedyKind(StrEnum):
    """Kinds of order a court can make."""

    apology = "apology"
    damages = "damages"
    mental_distress = "mental_distress"
    costs = "costs"
    stop_infringement = "stop_infringement"
    performance = "performance"
    deletion = "deletion"
    no_liability = "no_liability"
    other = "other"


class Money(_Model):
    """A sum as reported, with its currency."""

    amount: float = Field(ge=0, description="The sum.")
    currency: str = Field(
        default="CNY", pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. CNY."
    )


class Remedy(_Model):
    """One order against (or in favour of) one party."""

    party: Id = Field(description="Id of the party the order is against.")
    kind: RemedyKind = Field(description="What kind of order.")
    description: Text = Field(description="What the court ordered, in its own words.")
    apology_form: Text | None = Field(
        default=None, description="For apologies: written, public, on the account, within N days."
    )
    sum: Money | None = Field(default=None, description="The sum where reported; empty if not.")
    joint: bool = Field(
        default=False, description="Whether the party is jointly and severally liable."
    )


class AppealStatus(StrEnum):
    """What happened after the first-instance judgment."""

    none = "none"
    withdrawn = "withdrawn"
    dismissed = "dismissed"
    not_reported = "not_reported"


class Appeal(_Model):
    """Appeal history as reported."""

    status: AppealStatus = Field(description="none, withdrawn, dismissed or not_reported.")
    note: Text | None = Field(default=None, description="Who appealed and what became of it.")


class Source(_Model):
    """A publication a case's facts come from."""

    publication: str = Field(description="Publisher or outlet and piece, as first published.")
    title: Text | None = Field(default=None, description="Title of the piece where known.")
    date: EventDate | None = Field(default=None, description="Publication date, if reported.")
    language: Literal["en", "zh", "zh+en"] = Field(description="Language of the source.")


class Case(_Model):
    """One court case, told in the casebook's own words in English and Chinese."""

    id: Id = Field(description="Stable case id used by lessons, exercises and checks.")
    title: Text = Field(description="The full case title, anonymised as reported.")
    short_name: Text = Field(description="A short name for tables and figures.")
    court: Text = Field(description="The court that decided the case.")
    docket: str | None = Field(default=None, description="Docket number; empty when not reported.")
    dates: list[EventDate] = Field(default_factory=list, description="Dated steps, in order.")
    parties: list[Party] = Field(min_length=1, description="Every party reported.")
    facts: list[Text] = Field(min_length=1, description="The facts, one paragraph each.")
    claims: list[Text] = Field(default_factory=list, description="What the plaintiff asked for.")
    defences: list[Text] = Field(default_factory=list, description="What the defence argued.")
    issues: list[Issue] = Field(min_length=1, description="Each legal test applied to a party.")
    remedies: list[Remedy] = Field(default_factory=list, description="What the court ordered.")
    appeal: Appeal = Field(description="Appeal history.")
    significance: list[Text] = Field(
        default_factory=list, description="Why the case matters, in the casebook's words."
    )
    statutes: list[str] = Field(default_factory=list, description="Article ids the case cites.")
    sources: list[Source] = Field(min_length=1, description="Publications the facts come from.")
    tags: list[Id] = Field(
        default_factory=list, description="Rights at stake, e.g. portrait, voice, copyright."
    )

    @field_validator("issues")
    @classmethod
    def _unique_issue_ids(cls, issues: list[Issue]) -> list[Issue]:
        seen: set[str] = set()
        for issue in issues:
            if issue.id in seen:
                raise ValueError(f"duplicate issue id {issue.id!r}")
            seen.add(issue.id)
        return issues

    @model_validator(mode="after")
    def _parties_exist(self) -> Case:
        ids = [p.id for p in self.parties]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate party id")
        return self

    def party(self, party_id: str) -> Party:
        """The party with this id."""
        for p in self.parties:
            if p.id == party_id:
                return p
        from .exceptions import UnknownIdError

        raise UnknownIdError("party", party_id, [p.id for p in self.parties])

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id."""
        for i in self.issues:
            if i.id == issue_id:
                return i
        from .exceptions import UnknownIdError

        raise UnknownIdError("issue", issue_id, [i.id for i in self.issues])

    def date_of(self, lang: str = "en") -> str:
        """The decision date as reported, or 'not reported'."""
        for d in self.dates:
            if d.date and "judgment" in d.event.en.lower():
                return d.date
        return NOT_REPORTED[lang]


class Article(_Model):
    """One statute article, paraphrased faithfully in both languages."""

    id: Id = Field(description="Article id, e.g. 'civil-code-1019'.")
    number: str = Field(description="Article number as cited, e.g. '1019' or '1023(2)'.")
    heading: Text = Field(description="A short heading for the article.")
    paraphrase: Text = Field(description="A faithful paraphrase; 应当 is rendered 'must'.")
    key_terms: list[Text] = Field(
        default_factory=list, description="Statutory terms kept as terms, e.g. 可识别."
    )
    verified: bool = Field(
        default=True,
        description="False where the wording was read only in secondary sources.",
    )


class Statute(_Model):
    """A law or regulation, with the articles the cases rely on."""

    id: Id = Field(description="Statute id, e.g. 'civil-code'.")
    name: Text = Field(description="Name of the law or regulation.")
    short_name: Text = Field(description="A short name for citations.")
    issuer: Text | None = Field(default=None, description="Who made it, if useful.")
    effective: str | None = Field(default=None, description="Effective date, ISO format.")
    articles: list[Article] = Field(min_length=1, description="The articles the casebook uses.")


class ElementRole(StrEnum):
    """How an element counts towards the outcome."""

    required = "required"
    alternative = "alternative"
    exception = "exception"
    factor = "factor"
    balance = "balance"


class Combination(StrEnum):
    """How a test's elements combine into an outcome.

    all: every required element met, and no exception that defeats the claim.
    any: one alternative element suffices.
    weighed: the court weighs factors; the outcome is the overall judgment (the
    `balance` element), which the engine never computes from the factors.
    """

    all = "all"
    any = "any"
    weighed = "weighed"


class Element(_Model):
    """One element (or factor) of a legal test."""

    id: Id = Field(description="Element id, used as the key in findings and answers.")
    role: ElementRole = Field(description="required, alternative, exception, factor or balance.")
    name: Text = Field(description="Short name of the element.")
    question: Text = Field(description="The question to answer for this element.")
    guidance: Text = Field(description="How courts have approached it, for students.")
    key_facts: list[Text] = Field(
        default_factory=list, description="Facts that usually decide the element."
    )
    statutes: list[str] = Field(default_factory=list, description="Article ids for the element.")
    judgment: bool = Field(
        default=False,
        description="True when the element calls for evaluative judgment, so exercises "
        "should grade it by hand rather than automatically.",
    )


class LegalTest(_Model):
    """A legal test: its elements and how they combine."""

    id: Id = Field(description="Test id, e.g. 'portrait'.")
    name: Text = Field(description="Name of the test.")
    question: Text = Field(description="The question the whole test answers.")
    outcome_labels: dict[Literal["true", "false"], Text] = Field(
        description="What a true and a false outcome mean, e.g. 'infringed' / 'not infringed'."
    )
    cluster: str = Field(description="Lesson cluster the test belongs to.")
    statutes: list[str] = Field(min_length=1, description="Article ids the test rests on.")
    later_law: list[str] = Field(
        default_factory=list,
        description="Article ids of law that took effect after the cases under this test were "
        "decided; shown apart from the law the courts applied, with its effective date.",
    )
    combination: Combination = Field(description="all, any or weighed.")
    elements: list[Element] = Field(min_length=1, description="The elements, in teaching order.")
    note: Text | None = Field(default=None, description="Anything a student must keep in mind.")

    @model_validator(mode="after")
    def _roles_fit_combination(self) -> LegalTest:
        ids = [e.id for e in self.elements]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate element id")
        roles = {e.role for e in self.elements}
        allowed = {
            Combination.all: {ElementRole.required, ElementRole.exception},
            Combination.any: {ElementRole.alternative, ElementRole.exception},
            Combination.weighed: {ElementRole.factor, ElementRole.balance},
        }[self.combination]
        wrong = roles - allowed
        if wrong:
            raise ValueError(
                f"combination {self.combination.value!r} cannot have elements with role "
                f"{', '.join(sorted(r.value for r in wrong))}"
            )
        if self.combination is Combination.weighed:
            if sum(e.role is ElementRole.balance for e in self.elements) != 1:
                raise ValueError("a weighed test needs exactly one element with role 'balance'")
        return self

    def element(self, element_id: str) -> Element:
        for e in self.elements:
            if e.id == element_id:
                return e
        from .exceptions import UnknownIdError

        raise UnknownIdError("element", element_id, [e.id for e in self.elements])
