"""Constants every concern shares: the site's languages, the city's time zone, the ROC calendar.

Defined once here so that no module spells 1911 or "Asia/Taipei" on its own.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

LANGS: tuple[str, ...] = ("zh-TW", "en")  # Chinese first: the site root; English under en/
LANG_DIRS = {"zh-TW": "zh", "en": "en"}  # each language's folder in the build workspace
SITE_SUBDIRS = {"zh-TW": "", "en": "en"}  # each language's folder in the published site
TIMEZONE = ZoneInfo("Asia/Taipei")  # the city's legal calendar day
ROC_OFFSET = 1911  # ROC (Minguo) year = Gregorian year - 1911; ROC year 1 is 1912


def roc_year(year: int) -> int:
    """Return the ROC year of a Gregorian `year`."""
    return year - ROC_OFFSET
