# ruff: noqa: E501  (data tables: one record per line reads better than wrapped strings)
"""Supply the words of the sample corpus: agencies, gazette texts, gifts, price items, plans.

Facts (agency names, plan objectives, the Taoyuan 107 indicator table) follow the seeds of
real city Secretariats; every sentence is written for this corpus. Templates take fillers
from a seeded random.Random so entries read differently without being random noise.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sample_corpus_gazette import (  # noqa: F401
    COMPOSERS,
    SCHEDULED,
    compose_corrigendum,
    render,
)
from sample_corpus_tables import (  # noqa: F401
    TAOYUAN_107,
    actual_value,
    gift,
    midterm_plan,
    price_items,
)

AGENCIES: list[tuple[str, str, str, str]] = [
    ("city", "市政府", "City Government", ""),
    ("secretariat", "市政府秘書處", "Secretariat, City Government", "city"),
    (
        "secretariat-docs",
        "秘書處文書科",
        "Document and Archives Division, Secretariat",
        "secretariat",
    ),
    (
        "secretariat-public",
        "秘書處公共事務科",
        "Public Affairs Division, Secretariat",
        "secretariat",
    ),
    (
        "secretariat-intl",
        "秘書處國際事務科",
        "International Affairs Division, Secretariat",
        "secretariat",
    ),
    ("secretariat-procurement", "秘書處採購科", "Procurement Division, Secretariat", "secretariat"),
    ("secretariat-general", "秘書處事務科", "General Affairs Division, Secretariat", "secretariat"),
    ("secretariat-building", "秘書處廳舍管理科", "", "secretariat"),
    ("civil-affairs", "市政府民政局", "Department of Civil Affairs", "city"),
    ("finance", "市政府財政局", "Department of Finance", "city"),
    ("education", "市政府教育局", "Department of Education", "city"),
    ("public-works", "市政府工務局", "Public Works Department", "city"),
    ("transportation", "市政府交通局", "Transportation Bureau", "city"),
    ("social-welfare", "市政府社會局", "Social Welfare Department", "city"),
    ("labor", "市政府勞工局", "Department of Labor", "city"),
    ("environment", "市政府環境保護局", "Environmental Protection Bureau", "city"),
    ("urban-development", "市政府都市發展局", "Urban Development Department", "city"),
    ("culture", "市政府文化局", "Department of Cultural Affairs", "city"),
    ("tourism", "市政府觀光旅遊局", "Tourism and Travel Department", "city"),
    ("legal-affairs", "市政府法制局", "Department of Legal Affairs", "city"),
    ("personnel", "市政府人事處", "Department of Personnel", "city"),
    ("accounting", "市政府主計處", "Department of Budget, Accounting and Statistics", "city"),
    ("ethics", "市政府政風處", "", "city"),
    ("rdec", "市政府研究發展考核委員會", "Research, Development and Evaluation Commission", "city"),
    ("tax", "市政府稅捐稽徵處", "Tax Bureau", "finance"),
    ("archives-center", "秘書處檔案室", "Archives Office, Secretariat", "secretariat-docs"),
]

# Rough shares of a city gazette: announcements and personnel notices dominate.
CATEGORY_WEIGHTS = {
    "法規": 9,
    "行政規則": 13,
    "公告": 34,
    "人事": 22,
    "採購": 10,
    "財經": 9,
    "更正": 3,
}
CATEGORY_ORDER = ["法規", "行政規則", "公告", "人事", "採購", "財經", "更正"]

# Document-number prefixes (the part before 字第). 府授 marks a letter signed for the Mayor.
AGENCY_PREFIX = {
    "city": "府授秘文",
    "secretariat": "府授秘文",
    "secretariat-docs": "府授秘文",
    "secretariat-public": "府授秘公",
    "secretariat-intl": "府授秘國",
    "secretariat-procurement": "府授秘採",
    "secretariat-general": "府授秘事",
    "secretariat-building": "府授秘廳",
    "archives-center": "府授秘檔",
    "civil-affairs": "府授民區",
    "finance": "府授財產",
    "education": "府授教國",
    "public-works": "府授工養",
    "transportation": "府授交管",
    "social-welfare": "府授社助",
    "labor": "府授勞資",
    "environment": "府授環清",
    "urban-development": "府授都計",
    "culture": "府授文資",
    "tourism": "府授觀行",
    "legal-affairs": "府法規",
    "personnel": "府人任",
    "accounting": "府授主預",
    "ethics": "府授政預",
    "rdec": "府授研綜",
    "tax": "府授稅法",
}
CATEGORY_PREFIX = {"法規": "府法規", "人事": "府人任"}
# Bureaus sign their own notices under their own prefix rather than for the Mayor.
BUREAU_PREFIX = {
    "civil-affairs": "市民區",
    "finance": "市財產",
    "public-works": "市工養",
    "transportation": "市交管",
    "social-welfare": "市社助",
    "labor": "市勞資",
    "environment": "市環清",
    "urban-development": "市都計",
    "culture": "市文資",
    "tourism": "市觀行",
    "tax": "市稅法",
    "accounting": "市主預",
}


def doc_prefix(agency_id: str, category: str) -> str:
    """Return the document-number prefix an agency uses for a category of entry."""
    if category == "人事" and agency_id == "education":
        return "府授教人"
    if category in ("公告", "財經", "採購") and agency_id in BUREAU_PREFIX:
        return BUREAU_PREFIX[agency_id]
    return CATEGORY_PREFIX.get(category) or AGENCY_PREFIX[agency_id]


def scheduled(issue: dict[str, Any]) -> list[str]:
    """Return the recurring notices an issue carries, e.g. the gift register each month.

    Real gazettes print some notices on a calendar; placing them so makes the sample's
    announcements read like a year of work rather than a lottery.
    """
    day = issue["publication_date"]
    due = []
    if day.day == 15:
        due.append("gift_report")
    if day.day != 15 and day.month in (2, 5, 8, 11):  # right after each quarterly price survey
        due.append("price_notice")
    return due


def compose(rng: random.Random, entry: Any, name: str | None = None) -> None:
    """Fill an entry's agency, titles and bodies from a template (named or of its category)."""
    composer = SCHEDULED[name] if name else rng.choice(COMPOSERS[entry.category])
    ctx = Context(entry.issue["publication_date"], entry.signed_date)
    doc = composer(rng, ctx)
    if entry.category not in ("人事",) and "closing_zh" not in doc:
        doc["closing_zh"], doc["closing_en"] = closing(doc["agency"], entry.category)
    entry.agency_id = doc["agency"]
    entry.title_zh = doc["title_zh"]
    entry.title_en = doc["title_en"]
    entry.body_zh, entry.body_en = render(entry.category, doc)


HEADS = [
    ("市政府", "市長", "Mayor"),
    ("委員會", "主任委員", "Chair"),
    ("局", "局長", "Director-General"),
    ("處", "處長", "Director-General"),
]


def closing(agency_id: str, category: str) -> tuple[str, str]:
    """Return the signature block; 府授 letters are signed for the Mayor by delegation."""
    name = next(a[1] for a in AGENCIES if a[0] == agency_id)
    prefix = doc_prefix(agency_id, category)
    if prefix.startswith("府"):
        if agency_id.startswith(("secretariat", "archives")):
            head = "秘書長"
        else:
            head = next(h for suffix, h, _ in HEADS if name.endswith(suffix))
        return (
            f"市長　○○○\n\n（本案依分層負責規定授權{head}決行）",
            "The Mayor (signed under delegated authority)",
        )
    _, head_zh, head_en = next(h for h in HEADS if name.endswith(h[0]))
    return f"{head_zh}　○○○", f"The {head_en}"


class Context:
    """Carry the dates a template may mention."""

    def __init__(self, published: date, signed: date) -> None:
        self.published = published
        self.signed = signed
        self.year = published.year
        self.roc = published.year - 1911

    def before(self, rng: random.Random, low: int, high: int) -> date:
        """Return a day between `high` and `low` days before the signing date."""
        return self.signed - timedelta(days=rng.randint(low, high))
