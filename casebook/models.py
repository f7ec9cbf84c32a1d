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
    "Authority",
    "Case",
    "Combination",
    "DateKind",
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
    "Provenance",
    "Remedy",
    "RemedyKind",
    "Role",
    "Rule",
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
    partial = "partial"
    not_reported = "not_reported"


class DateKind(StrEnum):
    """What a dated step is, so a chart never passes a publication date off as a ruling."""

    decided = "decided"
    ruling_reported = "ruling_reported"
    filed = "filed"
    heard = "heard"
    published = "published"
    event = "event"


MONTHS_EN = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


class EventDate(_Model):
    """A dated step in a case, with only as much precision as the sources report.

    Either `date` (YYYY-MM-DD, YYYY-MM or YYYY) or any combination of `year`, `month`
    and `day` (e.g. month and day of a report that prints no year).
    """

    event: Text = Field(description="What happened on this date, e.g. 'judgment announced'.")
    kind: DateKind = Field(
        default=DateKind.event,
        description="decided (the ruling's own date), ruling_reported (a report that the "
        "ruling had been issued: decided on or before this date), filed, heard, published "
        "(released as a typical case or reported in the press) or event (a step in the "
        "dispute itself).",
    )
    date: str | None = Field(
        default=None,
        description="ISO date cut to its precision: YYYY-MM-DD, YYYY-MM or YYYY; "
        "empty when not reported or when the parts are given separately.",
    )
    year: int | None = Field(default=None, ge=1, le=9999, description="Year, if reported.")
    month: int | None = Field(default=None, ge=1, le=12, description="Month, if reported.")
    day: int | None = Field(default=None, ge=1, le=31, description="Day, if reported.")
    precision: DatePrecision | None = Field(
        default=None,
        description="day, month, year, partial (some of year/month/day) or not_reported; "
        "worked out from the date when left out.",
    )
    note: Text | None = Field(
        default=None, description="Why the date is uncertain or how it was worked out."
    )

    @model_validator(mode="before")
    @classmethod
    def _infer_precision(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("precision") is None:
            data = dict(data)
            parts = any(data.get(k) is not None for k in ("year", "month", "day"))
            if parts:
                data["precision"] = "partial"
            elif data.get("date"):
                shapes = {10: "day", 7: "month", 4: "year"}
                data["precision"] = shapes.get(len(str(data["date"])), "day")
            else:
                data["precision"] = "not_reported"
        return data

    @model_validator(mode="after")
    def _date_matches_precision(self) -> EventDate:
        shapes = {"day": 10, "month": 7, "year": 4}
        parts = [self.year, self.month, self.day]
        if self.precision is DatePrecision.partial:
            if self.date is not None:
                raise ValueError("give either `date` or `year`/`month`/`day`, not both")
            if all(v is None for v in parts):
                raise ValueError("precision is partial, so give at least one of year, month, day")
            try:
                _dt.date(self.year or 2000, self.month or 1, self.day or 1)
            except ValueError as exc:
                if self.year is not None or self.month != 2 or self.day != 29:
                    raise ValueError("year/month/day do not make a real date") from exc
            return self
        if any(v is not None for v in parts):
            raise ValueError(
                "year/month/day are for partial dates: leave out `precision` or write "
                "`precision: partial`"
            )
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
        parts_s = [*self.date.split("-"), "01", "01"]
        try:
            _dt.date(int(parts_s[0]), int(parts_s[1]), int(parts_s[2]))
        except ValueError as exc:
            raise ValueError(f"date {self.date!r} is not a real date") from exc
        return self

    def display(self, lang: str = "en") -> str:
        """The date as reported, never more precise: '2023-08', '1 April (year not reported)'."""
        if self.precision is DatePrecision.not_reported:
            return NOT_REPORTED.get(lang, NOT_REPORTED["en"])
        if self.date is not None:
            return self.date
        y, m, d = self.year, self.month, self.day
        if lang == "zh":
            text = (f"{y}年" if y else "") + (f"{m}月" if m else "") + (f"{d}日" if d else "")
            missing = [n for n, v in (("年份", y), ("月份", m), ("日", d)) if v is None]
            return text + (f"（{'、'.join(missing)}未报道）" if missing else "")
        words = [str(d) if d else "", MONTHS_EN[m - 1] if m else "", str(y) if y else ""]
        missing = [n for n, v in (("year", y), ("month", m), ("day", d)) if v is None]
        text = " ".join(w for w in words if w)
        return text + (f" ({', '.join(missing)} not reported)" if missing else "")


class Side(StrEnum):
    """A party's side in the proceedings."""

    plaintiff = "plaintiff"
    defendant = "defendant"
    applicant = "applicant"
    respondent = "respondent"
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
    side: Side = Field(description="plaintiff, defendant, applicant, respondent or third_party.")
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


class Provenance(StrEnum):
    """Where a finding comes from, so the engine can use it honestly.

    stated: the source reports the court's finding on this element.
    implied: the source reports no such finding; it follows only from the court's
    conclusion, so it is never evidence for the test (it would make the rule agree
    with the court by construction).
    not_proven: the party who had to prove the element failed to (e.g. the plaintiff
    could not prove an image was AI-generated); it counts as not met, but is not a
    finding that the opposite is true.
    not_reached: the court did not decide the element.
    not_applicable: the element does not arise on these facts (e.g. a factor about a
    character's face when the work is a chair); the rule leaves it out.
    """

    stated = "stated"
    implied = "implied"
    not_proven = "not_proven"
    not_reached = "not_reached"
    not_applicable = "not_applicable"


# What each provenance allows `finding` to be, and what it is when left out.
_PROVENANCE_FINDINGS = {
    Provenance.stated: ({Finding.met, Finding.not_met}, None),
    Provenance.implied: ({Finding.met, Finding.not_met}, None),
    Provenance.not_proven: ({Finding.not_met}, Finding.not_met),
    Provenance.not_reached: ({Finding.not_decided}, Finding.not_decided),
    Provenance.not_applicable: ({Finding.not_decided}, Finding.not_decided),
}


class ElementFinding(_Model):
    """What the court found on one element of a legal test, where that comes from, and why."""

    finding: Finding = Field(
        description="met, not_met or not_decided; may be left out when `provenance` is "
        "not_proven (then not_met), not_reached or not_applicable (then not_decided)."
    )
    provenance: Provenance = Field(
        description="stated, implied, not_proven, not_reached or not_applicable; when left "
        "out: stated for met/not_met, not_reached for not_decided."
    )
    reason: Text = Field(description="One-sentence reason, in the casebook's own words.")
    from_issue: Id | None = Field(
        default=None,
        description="Id of another issue in the same case whose outcome decides this "
        "element (e.g. infringement found on one issue feeds 'part in the infringement').",
    )

    @model_validator(mode="before")
    @classmethod
    def _fill_in(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        finding, provenance = data.get("finding"), data.get("provenance")
        if provenance is None and finding is not None:
            data["provenance"] = "not_reached" if finding == "not_decided" else "stated"
        elif finding is None and provenance is not None:
            try:
                default = _PROVENANCE_FINDINGS[Provenance(provenance)][1]
            except ValueError:
                default = None
            if default is not None:
                data["finding"] = default.value
        return data

    @model_validator(mode="after")
    def _finding_fits_provenance(self) -> ElementFinding:
        allowed, _ = _PROVENANCE_FINDINGS[self.provenance]
        if self.finding not in allowed:
            raise ValueError(
                f"finding {self.finding.value!r} cannot have provenance "
                f"{self.provenance.value!r} (allowed: "
                f"{', '.join(sorted(f.value for f in allowed))})"
            )
        return self

    @property
    def is_evidence(self) -> bool:
        """Whether this finding may count towards the rule: implied findings never do."""
        return self.provenance is not Provenance.implied

    def value(self, evidence_only: bool = True) -> bool | None:
        """True, False or None for the rule; implied findings are None when evidence_only."""
        if evidence_only and not self.is_evidence:
            return None
        return self.finding.value_bool


def _fill_party(data: object) -> object:
    """`party` and `parties` describe the same thing; fill in whichever was left out."""
    if isinstance(data, dict):
        data = dict(data)
        parties = data.get("parties") or []
        if data.get("party") is None and isinstance(parties, list) and parties:
            data["party"] = parties[0]
        elif data.get("party") is not None and not parties:
            data["parties"] = [data["party"]]
    return data


class Issue(_Model):
    """One legal test applied to one or more parties, element by element, with the court's
    conclusion recorded on its own (the rule's result is computed from the findings)."""

    id: Id = Field(description="Issue id, unique within the case.")
    test: Id = Field(description="Id of the legal test applied.")
    party: Id = Field(
        description="Id of the party whose conduct or work the test is applied to "
        "(the first of `parties` when several are given)."
    )
    parties: list[Id] = Field(
        default_factory=list,
        description="Ids of every party the issue concerns, where the court decided it "
        "for several together (e.g. two defendants); `party` is then the first.",
    )
    question: Text = Field(description="The question the court answered.")
    findings: dict[str, ElementFinding] = Field(
        description="Element id -> the court's finding on that element."
    )
    conclusion: bool = Field(
        description="The court's answer to the test: true when the test is satisfied "
        "(e.g. infringement found, a work exists). Recorded as the court gave it, even "
        "where the test's rule gives something else."
    )
    holding: Text = Field(description="The court's conclusion in one or two sentences.")
    departure: Text | None = Field(
        default=None,
        description="Why the court's conclusion departs from the test's rule on these "
        "findings; required exactly when it does.",
    )

    @model_validator(mode="before")
    @classmethod
    def _party_or_parties(cls, data: object) -> object:
        return _fill_party(data)

    @model_validator(mode="after")
    def _party_is_listed(self) -> Issue:
        if self.party not in self.parties:
            raise ValueError(f"party {self.party!r} must also be in parties {self.parties}")
        return self


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

    party: Id = Field(description="Id of the party the order is against (the first of `parties`).")
    parties: list[Id] = Field(
        default_factory=list,
        description="Ids of every party the one order is against, e.g. two defendants "
        "ordered to pay one sum; `party` is then the first.",
    )
    kind: RemedyKind = Field(description="What kind of order.")
    description: Text = Field(description="What the court ordered, in its own words.")
    apology_form: Text | None = Field(
        default=None, description="For apologies: written, public, on the account, within N days."
    )
    sum: Money | None = Field(default=None, description="The sum where reported; empty if not.")
    joint: bool = Field(
        default=False, description="Whether the party is jointly and severally liable."
    )

    @model_validator(mode="before")
    @classmethod
    def _party_or_parties(cls, data: object) -> object:
        return _fill_party(data)

    @model_validator(mode="after")
    def _party_is_listed(self) -> Remedy:
        if self.party not in self.parties:
            raise ValueError(f"party {self.party!r} must also be in parties {self.parties}")
        return self


class AppealStatus(StrEnum):
    """What happened after the first-instance judgment."""

    none = "none"
    pending = "pending"
    withdrawn = "withdrawn"
    dismissed = "dismissed"
    affirmed = "affirmed"
    reversed = "reversed"
    not_reported = "not_reported"


class Appeal(_Model):
    """Appeal history as reported."""

    status: AppealStatus = Field(
        description="none, pending, withdrawn, dismissed (appeal rejected), affirmed, "
        "reversed or not_reported."
    )
    note: Text | None = Field(default=None, description="Who appealed and what became of it.")


class Source(_Model):
    """A publication a case's facts come from."""

    publication: str = Field(description="Publisher or outlet and piece, as first published.")
    publication_zh: str | None = Field(
        default=None,
        description="The same citation in Chinese, naming the publisher in Chinese where the "
        "source gives the Chinese name; shown in the Chinese view.",
    )
    title: Text | None = Field(default=None, description="Title of the piece where known.")
    date: EventDate | None = Field(default=None, description="Publication date, if reported.")
    language: str = Field(
        pattern=r"^(unknown|[a-z]{2,3}(\+[a-z]{2,3})*)$",
        description="Language code of the source: en, zh, zh+en, any other ISO 639 code, "
        "or unknown.",
    )

    def cite(self, lang: str = "en") -> str:
        """The citation in `lang`: the Chinese one where given, else as first published."""
        return self.publication_zh if lang == "zh" and self.publication_zh else self.publication


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
    issues: list[Issue] = Field(
        default_factory=list,
        description="Each legal test applied to a party; may be empty for a ruling that "
        "decides no test (e.g. claims that only survive a motion to dismiss).",
    )
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

    def decision(self) -> EventDate | None:
        """The dated step that tells when the court decided: its ruling, else a report of it.

        A publication date (a press conference, a round-up) is never taken for a ruling's.
        """
        for kind in (DateKind.decided, DateKind.ruling_reported):
            for d in self.dates:
                if d.kind is kind and d.precision is not DatePrecision.not_reported:
                    return d
        return None

    def date_of(self, lang: str = "en") -> str:
        """The decision date as reported ('on or before' a report of it), or 'not reported'."""
        d = self.decision()
        if d is None:
            return NOT_REPORTED[lang]
        if d.kind is DateKind.ruling_reported:
            return f"不晚于{d.display(lang)}" if lang == "zh" else f"on or before {d.display(lang)}"
        return d.display(lang)

    # Readable forms: one line for repr, a screenful for print, rich HTML in a notebook.
    def __repr__(self) -> str:
        return f"<case {self.id!r}: {self.short_name.en}>"

    def __str__(self) -> str:
        from .display import case_text

        return case_text(self)

    def _repr_html_(self) -> str:
        from .display import case_html

        return case_html(self)


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
    jurisdiction: str = Field(
        default="CN",
        min_length=2,
        description="Where the law applies: CN for the People's Republic of China (the "
        "default), or another code such as US, EU, UK, DE.",
    )
    articles: list[Article] = Field(min_length=1, description="The articles the casebook uses.")

    def __repr__(self) -> str:
        return f"<statute {self.id!r}: {self.short_name.en}>"

    def __str__(self) -> str:
        from .display import statute_text

        return statute_text(self)

    def _repr_html_(self) -> str:
        from .display import statute_html

        return statute_html(self)


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
    nested: the `rule` field nests `all` and `any` groups (e.g. an agent OR the
    party's own declaration, AND reliance); exceptions still defeat the claim.
    weighed: the court weighs factors; the outcome is the overall judgment (the
    `balance` element), which the engine never computes from the factors.
    """

    all = "all"
    any = "any"
    nested = "nested"
    weighed = "weighed"


class Rule(_Model):
    """A group of elements: `all` of them or `any` of them; groups may nest.

    In YAML: `{all: [reliance, {any: [agent, own-declaration]}]}`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    all_of: list[Rule | str] | None = Field(
        default=None, alias="all", description="Every item must hold (element ids or groups)."
    )
    any_of: list[Rule | str] | None = Field(
        default=None, alias="any", description="One item is enough (element ids or groups)."
    )

    @model_validator(mode="after")
    def _one_operator(self) -> Rule:
        if (self.all_of is None) == (self.any_of is None):
            raise ValueError("a rule group has exactly one of `all:` or `any:`")
        if not self.items:
            raise ValueError("a rule group needs at least one item")
        return self

    @property
    def operator(self) -> str:
        return "all" if self.all_of is not None else "any"

    @property
    def items(self) -> list[Rule | str]:
        return self.all_of if self.all_of is not None else (self.any_of or [])

    def element_ids(self) -> list[str]:
        """Every element id in the rule, in order, however deeply nested."""
        out: list[str] = []
        for item in self.items:
            out.extend([item] if isinstance(item, str) else item.element_ids())
        return out


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


class Authority(_Model):
    """Authority for a test other than a statute article in the casebook: a case, a
    foreign law, a judicial interpretation an instructor cites, marked with its jurisdiction."""

    kind: Literal["case", "statute", "interpretation", "commentary", "other"] = Field(
        description="case, statute, interpretation, commentary or other."
    )
    citation: Text = Field(description="How to cite it, in both languages.")
    jurisdiction: str = Field(
        min_length=2, description="Where it comes from: CN, US, EU, UK, DE, ..."
    )
    case: Id | None = Field(
        default=None, description="The casebook case id, when the authority is a case in it."
    )
    note: Text | None = Field(default=None, description="What the authority says on the test.")


class LegalTest(_Model):
    """A legal test: its elements and how they combine."""

    id: Id = Field(description="Test id, e.g. 'portrait'.")
    name: Text = Field(description="Name of the test.")
    question: Text = Field(description="The question the whole test answers.")
    outcome_labels: dict[Literal["true", "false"], Text] = Field(
        description="What a true and a false outcome mean, e.g. 'infringed' / 'not infringed'."
    )
    cluster: str = Field(description="Lesson cluster the test belongs to.")
    statutes: list[str] = Field(
        default_factory=list,
        description="Article ids of the law the courts applied (bundled or from your own "
        "statute files); a test needs these or `authorities`.",
    )
    later_law: list[str] = Field(
        default_factory=list,
        description="Article ids of law that took effect after the cases were decided: "
        "shown apart, with the date it took effect, never as the law applied.",
    )
    authorities: list[Authority] = Field(
        default_factory=list,
        description="Other authority the test rests on: a case, foreign law, commentary.",
    )
    combination: Combination = Field(description="all, any, nested or weighed.")
    rule: Rule | None = Field(
        default=None, description="For combination nested: the groups of elements."
    )
    elements: list[Element] = Field(min_length=1, description="The elements, in teaching order.")
    note: Text | None = Field(default=None, description="Anything a student must keep in mind.")

    @model_validator(mode="before")
    @classmethod
    def _nested_when_rule(cls, data: object) -> object:
        # A test with a `rule:` is nested; saying so again is optional.
        if isinstance(data, dict) and data.get("rule") and not data.get("combination"):
            data = {**data, "combination": "nested"}
        return data

    @model_validator(mode="after")
    def _roles_fit_combination(self) -> LegalTest:
        ids = [e.id for e in self.elements]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate element id")
        if not self.statutes and not self.authorities:
            raise ValueError(
                "a legal test must rest on law: list the article ids the courts applied "
                "under `statutes:` (see casebook/data/statutes/, or add your own statute "
                "file), or cite a case or foreign law under `authorities:` "
                "(see docs/test-format.md)"
            )
        roles = {e.role for e in self.elements}
        allowed = {
            Combination.all: {ElementRole.required, ElementRole.exception},
            Combination.any: {ElementRole.alternative, ElementRole.exception},
            Combination.nested: {
                ElementRole.required,
                ElementRole.alternative,
                ElementRole.exception,
            },
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
        if (self.rule is not None) != (self.combination is Combination.nested):
            raise ValueError(
                "`rule:` goes with `combination: nested` (and only with it); "
                "write the groups as {all: [a, {any: [b, c]}]}"
            )
        if self.rule is not None:
            in_rule = self.rule.element_ids()
            exceptions = {e.id for e in self.elements if e.role is ElementRole.exception}
            others = [e for e in ids if e not in exceptions]
            unknown = [e for e in in_rule if e not in ids]
            if unknown:
                raise ValueError(f"rule names unknown elements: {', '.join(unknown)}")
            twice = sorted({e for e in in_rule if in_rule.count(e) > 1})
            if twice:
                raise ValueError(f"rule names an element more than once: {', '.join(twice)}")
            bad = [e for e in in_rule if e in exceptions]
            if bad:
                raise ValueError(
                    f"exceptions stay out of the rule (they defeat it on their own): "
                    f"{', '.join(bad)}"
                )
            left = [e for e in others if e not in in_rule]
            if left:
                raise ValueError(f"rule leaves out elements: {', '.join(left)}")
        return self

    def element(self, element_id: str) -> Element:
        for e in self.elements:
            if e.id == element_id:
                return e
        from .exceptions import UnknownIdError

        raise UnknownIdError("element", element_id, [e.id for e in self.elements])

    def __repr__(self) -> str:
        return f"<legal test {self.id!r}: {self.name.en}>"

    def __str__(self) -> str:
        from .display import legal_test_text

        return legal_test_text(self)

    def _repr_html_(self) -> str:
        from .display import legal_test_html

        return legal_test_html(self)
