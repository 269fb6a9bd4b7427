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

from sample_corpus_gazette import COMPOSERS, compose_corrigendum, render  # noqa: F401
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


def doc_prefix(agency_id: str, category: str) -> str:
    """Return the document-number prefix an agency uses for a category of entry."""
    if category == "人事" and agency_id == "education":
        return "府授教人"
    return CATEGORY_PREFIX.get(category) or AGENCY_PREFIX[agency_id]


def compose(rng: random.Random, entry: Any) -> None:
    """Fill an entry's agency, titles and bodies from a template of its category."""
    composer = rng.choice(COMPOSERS[entry.category])
    ctx = Context(entry.issue["publication_date"], entry.signed_date)
    doc = composer(rng, ctx)
    entry.agency_id = doc["agency"]
    entry.title_zh = doc["title_zh"]
    entry.title_en = doc["title_en"]
    entry.body_zh, entry.body_en = render(entry.category, doc)


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
