"""Document identifiers a source may carry, and the canonical public page each one leads to.

Everything the archive knows about a kind of identifier is in `SCHEMES`: its label, the form it must
have, an example for the editor's hint, and how it becomes a link. The front-matter model, the check,
the source page and the data exports all read it from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, create_model
from pydantic_core import PydanticCustomError


@dataclass(frozen=True)
class Scheme:
    key: str  # the field under `identifiers:`
    label: str  # as a reader sees it before the value: "Executive Order 14157"
    pattern: re.Pattern[str]
    example: str
    link: Callable[[re.Match[str]], str]
    # How a reader reads a value, where the label before it would not do.
    display: Callable[[re.Match[str]], str] | None = None

    def reads(self, match: re.Match[str]) -> str:
        return self.display(match) if self.display else f"{self.label} {match[0]}"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


# congress.gov names each type of bill in its addresses.
_BILL_TYPES = {
    "H.R.": "house-bill", "S.": "senate-bill",
    "H.J.Res.": "house-joint-resolution", "S.J.Res.": "senate-joint-resolution",
    "H.Con.Res.": "house-concurrent-resolution", "S.Con.Res.": "senate-concurrent-resolution",
    "H.Res.": "house-resolution", "S.Res.": "senate-resolution",
}
_BILL_TYPE = "|".join(re.escape(kind) for kind in sorted(_BILL_TYPES, key=len, reverse=True))

SCHEMES: tuple[Scheme, ...] = (
    Scheme("executive_order", "Executive Order", re.compile(r"(\d{4,5})"), "14157",
           lambda m: f"https://www.federalregister.gov/executive-order/{m[1]}"),
    Scheme("federal_register", "Federal Register document", re.compile(r"((?:19|20)\d\d-\d{3,6}|E\d-\d{3,6})"), "2025-02000",
           lambda m: f"https://www.federalregister.gov/d/{m[1]}"),
    Scheme("public_law", "Public Law", re.compile(r"(\d{2,3})-(\d{1,3})"), "106-246",
           lambda m: f"https://www.govinfo.gov/app/details/PLAW-{m[1]}publ{m[2]}"),
    Scheme("bill", "Bill", re.compile(rf"(\d{{2,3}}) ({_BILL_TYPE}) ?(\d{{1,5}})"), "118 H.J.Res. 18",
           lambda m: f"https://www.congress.gov/bill/{_ordinal(int(m[1]))}-congress/{_BILL_TYPES[m[2]]}/{m[3]}",
           lambda m: f"{m[2]} {m[3]} ({_ordinal(int(m[1]))} Congress)"),
    Scheme("crs", "CRS report", re.compile(r"((?:RL|RS|R|IF|IN|LSB|TE|WPD)\d{3,5})"), "R40135",
           lambda m: f"https://www.congress.gov/crs-product/{m[1]}"),
    Scheme("doi", "DOI", re.compile(r"(10\.\d{4,9}/\S+)"), "10.1000/182",
           lambda m: f"https://doi.org/{m[1]}"),
)


def _checker(scheme: Scheme) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not scheme.pattern.fullmatch(value):
            raise PydanticCustomError("bad_identifier", "'{value}' is not a {label} number; it is written like '{example}'",
                                      {"value": value, "label": scheme.label, "example": scheme.example})
        return value
    return check


def _field(scheme: Scheme):
    # A number written bare in YAML (`executive_order: 14157`) reads as an int: it is the same identifier.
    kind = Annotated[str, AfterValidator(_checker(scheme)),
                     WithJsonSchema({"type": "string", "pattern": f"^{scheme.pattern.pattern}$"})]
    return kind | None, Field(default=None, description=f"{scheme.label}, such as {scheme.example}.")


class _Identifiers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True)

    def links(self) -> list[tuple[str, str]]:
        """(what a reader reads, the canonical address) for each identifier set, in the registry's order."""
        found = []
        for scheme in SCHEMES:
            value = getattr(self, scheme.key)
            if value is not None:
                match = scheme.pattern.fullmatch(value)
                found.append((scheme.reads(match), scheme.link(match)))
        return found


# A source's document identifiers: one optional field per scheme.
Identifiers = create_model("Identifiers", __base__=_Identifiers, __module__=__name__,
                           **{scheme.key: _field(scheme) for scheme in SCHEMES})
