"""The fact registry: ``facts.yaml`` read once into ``Fact`` objects. The rules core checks facts
against it, and the conversation, the channels and the NLU features take names, kinds, options and
words from it, so a fact is declared in one place. A test can load another registry file
(``Registry.load(path)``) and pass it where the default ``REGISTRY`` is used."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

REGISTRY_FILE = Path(__file__).with_name("facts.yaml")
KINDS = ("choice", "yes_no", "date", "months")


@dataclass(frozen=True)
class Option:
    value: object  # str for choices, bool for yes/no
    title: str  # a button's words
    said: str  # how the value is said back


@dataclass(frozen=True)
class Fact:
    key: str  # as in CONTRACTS.md section 1, dotted when nested: "nasenco.start_date"
    kind: str
    label: str
    options: tuple = ()
    minimum: int | None = None
    maximum: int | None = None
    label_future: str | None = None
    asked_through: str | None = None  # asked only as the follow-up to this other fact
    # (value,) when the conversation may go on as if this were the answer once the person cannot
    # say (the usual case, said as an assumption they can correct); () when it must be known.
    if_unknown: tuple = ()

    @property
    def slot(self) -> str:
        """The Rasa slot holding it: dots become underscores."""
        return self.key.replace(".", "_")

    @property
    def course(self) -> str | None:
        """'nasenco' for 'nasenco.start_date': the object it is nested in, if any."""
        return self.key.split(".", 1)[0] if "." in self.key else None

    @property
    def field(self) -> str:
        """'start_date' for 'nasenco.start_date'; the key itself when not nested."""
        return self.key.split(".", 1)[-1]

    @property
    def ask_response(self) -> str:
        return f"utter_ask_{self.slot}"

    @property
    def why_response(self) -> str:
        return f"utter_why_{self.slot}"

    @property
    def help_response(self) -> str:
        """What to say to "I don't know" or after an answer was not understood twice."""
        return f"utter_dont_know_{self.slot}"

    @property
    def assume_response(self) -> str:
        """What to say on going on with ``if_unknown``: the assumption and how to correct it."""
        return f"utter_assume_{self.slot}"

    @property
    def values(self) -> tuple:
        return tuple(option.value for option in self.options)

    def option(self, value) -> Option | None:
        for option in self.options:
            if option.value == value:
                return option
        return None


class Registry:
    """The facts in asking order, and by key."""

    def __init__(self, facts: tuple, months_words: dict):
        self.facts = facts
        self.months_words = months_words
        self.by_key = {fact.key: fact for fact in facts}

    @classmethod
    def load(cls, path: Path = REGISTRY_FILE) -> "Registry":
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        yes_no = data["yes_no"]
        facts = []
        for key, spec in data["facts"].items():
            kind = spec["kind"]
            if kind not in KINDS:
                raise ValueError(f"{path}: {key} has an unknown kind {kind!r}")
            values = spec.get("values", yes_no if kind == "yes_no" else {})
            options = tuple(Option(value, words["title"], words["said"]) for value, words in values.items())
            if any(not isinstance(o.title, str) or not isinstance(o.said, str) for o in options):
                raise ValueError(f"{path}: {key} has a title or said that is not text (quote it in YAML)")
            if kind == "choice" and not options:
                raise ValueError(f"{path}: the choice {key} has no values")
            facts.append(
                Fact(
                    key=key,
                    kind=kind,
                    label=spec["label"],
                    options=options,
                    minimum=spec.get("min"),
                    maximum=spec.get("max"),
                    label_future=spec.get("label_future"),
                    asked_through=spec.get("asked_through"),
                    if_unknown=(spec["if_unknown"],) if "if_unknown" in spec else (),
                )
            )
        return cls(tuple(facts), data["months"])

    def __iter__(self):
        return iter(self.facts)

    def __contains__(self, key) -> bool:
        return key in self.by_key

    def __getitem__(self, key: str) -> Fact:
        return self.by_key[key]

    @cached_property
    def keys(self) -> tuple:
        return tuple(fact.key for fact in self.facts)

    @cached_property
    def top_level(self) -> tuple:
        """The keys of the facts object: plain facts and the course objects, in order."""
        seen: list = []
        for fact in self.facts:
            name = fact.course or fact.key
            if name not in seen:
                seen.append(name)
        return tuple(seen)

    @cached_property
    def courses(self) -> dict:
        """Course name -> its facts ('nasenco' -> status, start_date, completion_date)."""
        found: dict = {}
        for fact in self.facts:
            if fact.course:
                found.setdefault(fact.course, []).append(fact)
        return {name: tuple(facts) for name, facts in found.items()}

    def of_kind(self, kind: str) -> tuple:
        return tuple(fact.key for fact in self.facts if fact.kind == kind)

    def order(self, key: str) -> int:
        return self.keys.index(key)


REGISTRY = Registry.load()
