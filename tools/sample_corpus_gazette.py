# ruff: noqa: E501  (data tables: one record per line reads better than wrapped strings)
"""Compose gazette entries: one template function per kind of entry, and the body renderer.

A template returns a dict with the issuing agency, both titles, the legal basis and the
numbered points in both languages, and optionally a small table and articles. `render`
turns that into the Markdown bodies, so every body of a category has the same structure.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

Doc = dict[str, Any]

ZH_DIGITS = "零一二三四五六七八九"
SURNAMES = [
    ("陳", "Chen"), ("林", "Lin"), ("黃", "Huang"), ("張", "Chang"), ("李", "Lee"),
    ("王", "Wang"), ("吳", "Wu"), ("劉", "Liu"), ("蔡", "Tsai"), ("楊", "Yang"),
    ("許", "Hsu"), ("鄭", "Cheng"), ("謝", "Hsieh"), ("郭", "Kuo"), ("洪", "Hung"),
    ("曾", "Tseng"), ("邱", "Chiu"), ("廖", "Liao"), ("賴", "Lai"), ("周", "Chou"),
]  # fmt: skip


def zh_num(n: int) -> str:
    """Return n (1..99) in Chinese numerals, as used for articles and points."""
    if n < 10:
        return ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else ZH_DIGITS[tens]) + "十" + (ZH_DIGITS[ones] if ones else "")


def roc_zh(day: date) -> str:
    """Return a date as printed in Chinese official documents, e.g. 115年3月5日."""
    return f"{day.year - 1911}年{day.month}月{day.day}日"


def en_date(day: date) -> str:
    """Return a date in English, e.g. 5 March 2026."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


WEEKDAYS_ZH = "一二三四五六日"


def weekday_zh(day: date) -> str:
    """Return the weekday in brackets, e.g. （星期六）."""
    return f"（星期{WEEKDAYS_ZH[day.weekday()]}）"


def person(rng: random.Random) -> tuple[str, str]:
    """Return a masked name: 陳○○ and Mr./Ms. Chen."""
    zh, en = rng.choice(SURNAMES)
    return f"{zh}○○", f"{rng.choice(['Mr.', 'Ms.'])} {en}"


def pick(rng: random.Random, pool: list[tuple]) -> tuple:
    """Return one tuple of a pool (named so templates read as prose)."""
    return rng.choice(pool)


# --------------------------------------------------------------------------- rendering

LABELS = {
    "subject": ("主旨", "Subject"),
    "basis": ("依據", "Legal basis"),
    "公告": ("公告事項", "Notice"),
    "財經": ("公告事項", "Notice"),
    "採購": ("公告事項", "Notice"),
    "法規": ("說明", "Explanatory notes"),
    "行政規則": ("說明", "Explanatory notes"),
    "人事": ("說明", "Details"),
    "更正": ("更正事項", "Corrections"),
    "articles": ("條文", "Text"),
}


def render(category: str, doc: Doc) -> tuple[str, str]:
    """Return the Chinese and English Markdown bodies of a composed entry."""
    return render_lang(category, doc, 0), render_lang(category, doc, 1)


def render_lang(category: str, doc: Doc, lang: int) -> str:
    """Return the body in one language (0 Chinese, 1 English)."""
    suffix = ("_zh", "_en")[lang]
    colon = ("：", ": ")[lang]
    parts = [f"**{LABELS['subject'][lang]}**{colon}{doc['title' + suffix]}"]
    if doc.get("basis" + suffix):
        parts.append(f"**{LABELS['basis'][lang]}**{colon}{doc['basis' + suffix]}")
    points = doc.get("points" + suffix) or []
    if points:
        parts.append(f"**{LABELS[category][lang]}**{colon.rstrip()}")
        parts.append("\n".join(f"{i}. {p}" for i, p in enumerate(points, start=1)))
    table = doc.get("table" + suffix)
    if table:
        parts.append(markdown_table(*table))
    articles = doc.get("articles" + suffix)
    if articles:
        parts.append(f"### {LABELS['articles'][lang]}")
        parts.extend(articles)
    closing = doc.get("closing" + suffix)
    if closing:
        parts.append(closing)
    return "\n\n".join(parts) + "\n"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """Return a pipe table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# --------------------------------------------------------------------------- 法規

REGULATIONS = [
    ("公有路外停車場收費自治條例", "Self-Government Ordinance on Fees of Public Off-Street Car Parks", "transportation", "條例"),
    ("市政大樓停車場管理自治規則", "Self-Government Rules on the City Hall Car Park", "secretariat", "規則"),
    ("市有公務車輛管理自治規則", "Self-Government Rules on City-Owned Official Vehicles", "secretariat", "規則"),
    ("機關檔案應用收費自治規則", "Self-Government Rules on Fees for Access to Agency Archives", "secretariat", "規則"),
    ("國際交流合作促進自治條例", "Self-Government Ordinance on Promoting International Exchange", "secretariat", "條例"),
    ("公共場所禁止吸菸自治條例", "Self-Government Ordinance on Smoke-Free Public Places", "environment", "條例"),
    ("社區發展工作補助自治規則", "Self-Government Rules on Grants for Community Development", "social-welfare", "規則"),
    ("勞工權益基金設置自治條例", "Self-Government Ordinance Establishing the Labour Rights Fund", "labor", "條例"),
    ("建築管理自治條例", "Self-Government Ordinance on Building Administration", "urban-development", "條例"),
    ("文化資產保存獎勵自治條例", "Self-Government Ordinance on Incentives for Cultural Heritage", "culture", "條例"),
    ("市有財產管理自治條例", "Self-Government Ordinance on City-Owned Property", "finance", "條例"),
    ("教育發展基金設置自治條例", "Self-Government Ordinance Establishing the Education Development Fund", "education", "條例"),
    ("道路挖掘管理自治條例", "Self-Government Ordinance on Road Excavation", "public-works", "條例"),
    ("區里活動中心管理自治規則", "Self-Government Rules on District and Village Activity Centres", "civil-affairs", "規則"),
    ("觀光遊樂設施管理自治規則", "Self-Government Rules on Tourist Recreation Facilities", "tourism", "規則"),
    ("法規標準自治條例", "Self-Government Ordinance on Standards for Legislation", "legal-affairs", "條例"),
]  # fmt: skip

REG_REASONS = [
    ("配合中央法律修正，調整引用之條次及用語", "aligns references and wording with amended national law"),
    ("增訂線上申請及電子繳費方式，減少民眾臨櫃往返", "adds online applications and electronic payment so that fewer trips to a counter are needed"),
    ("明定收費基準之檢討週期，以反映物價變動", "sets a review cycle for the fee schedule so that it follows price changes"),
    ("刪除已不合時宜之書面審查規定", "removes paper-review requirements that no longer fit practice"),
    ("增訂違規處理程序及陳述意見機會", "adds a procedure for violations and a chance to be heard"),
    ("明確劃分主管機關與執行機關之權責", "separates the duties of the competent and the executing agency"),
    ("放寬身心障礙者及高齡者之減免條件", "widens the reductions for persons with disabilities and older people"),
    ("配合組織調整，修正機關名稱", "updates agency names after the reorganisation"),
]  # fmt: skip

ARTICLE_TEXTS = [
    ("本{kind}所稱主管機關為本府，並得委任所屬機關執行。", "The competent authority under these provisions is the City Government, which may delegate enforcement to its agencies."),
    ("申請人得以書面或經本府指定之網站提出申請。", "Applications may be filed in writing or through a website designated by the City Government."),
    ("前項收費基準，由主管機關每三年檢討一次，並公告之。", "The competent authority reviews the fee schedule in the preceding paragraph every three years and announces the result."),
    ("違反第{n}條規定者，經勸導而不改善時，得依相關法規處理。", "Where a breach of Article {n} is not remedied after advice, the matter is handled under the applicable rules."),
    ("本{kind}施行細則，由主管機關定之。", "The competent authority lays down the enforcement rules of these provisions."),
    ("年滿六十五歲或領有身心障礙證明者，得減收二分之一。", "Persons aged 65 or over and holders of a disability certificate pay half."),
    ("主管機關應將執行情形，每年於網站公開。", "The competent authority publishes a yearly report on the enforcement on its website."),
]  # fmt: skip


def regulation(rng: random.Random, ctx: Any) -> Doc:
    """Return an enacted, amended or repealed self-government regulation."""
    name_zh, name_en, agency, kind = pick(rng, REGULATIONS)
    action = rng.choices(["修正", "訂定", "廢止"], weights=[7, 2, 1])[0]
    arts = sorted(rng.sample(range(2, 24), rng.randint(1, 4)))
    arts_zh = "、".join(f"第{zh_num(a)}條" for a in arts)
    arts_en = ", ".join(str(a) for a in arts)
    basis_zh = (
        "地方制度法第二十六條及本市法規標準自治條例第九條。"
        if kind == "條例"
        else "地方制度法第二十七條。"
    )
    basis_en = (
        "Article 26 of the Local Government Act; Article 9 of the City's Ordinance on Standards for Legislation."
        if kind == "條例"
        else "Article 27 of the Local Government Act."
    )
    reasons = rng.sample(REG_REASONS, 2)
    if action == "修正":
        title_zh = f"修正「本市{name_zh}」{arts_zh}條文，並自公布日施行。"
        title_en = (
            f"Amendment of Article(s) {arts_en} of the City's {name_en}, in force on promulgation."
        )
        articles = arts
    elif action == "訂定":
        title_zh = f"訂定「本市{name_zh}」，並自公布日施行。"
        title_en = f"Enactment of the City's {name_en}, in force on promulgation."
        articles = list(range(1, rng.randint(4, 7)))
    else:
        title_zh = f"廢止「本市{name_zh}」，自即日生效。"
        title_en = f"Repeal of the City's {name_en} with immediate effect."
        articles = []
    if action == "廢止":
        points_zh = [
            f"本{kind}所定事項已由相關法規完整規範，無單獨存在之必要。",
            "廢止後，已受理之申請案依原規定辦理完竣。",
        ]
        points_en = [
            "Other rules now cover everything these provisions dealt with.",
            "Applications already received are completed under the old provisions.",
        ]
    else:
        points_zh = [f"本次{action}係{r[0]}。" for r in reasons]
        points_en = [
            f"The {'amendment' if action == '修正' else 'enactment'} {r[1]}." for r in reasons
        ]
    if kind == "條例":
        session = rng.randint(1, 8)
        points_zh.append(f"本案業經本市議會第{zh_num(session)}次定期大會審議通過。")
        points_en.append(f"The City Council passed the text at its regular session no. {session}.")
    articles_zh, articles_en, table_zh, table_en = [], [], [], []
    texts = rng.sample(ARTICLE_TEXTS, len(articles))
    for a, (t_zh, t_en) in zip(articles, texts, strict=True):
        ref = rng.randint(2, 12)
        new_zh = t_zh.format(kind=kind, n=zh_num(ref))
        articles_zh.append(f"**第{zh_num(a)}條**　{new_zh}")
        articles_en.append(f"**Article {a}** " + t_en.format(n=ref))
        old_zh, old_en = former_text(new_zh)
        table_zh.append([f"第{zh_num(a)}條　{new_zh}", old_zh, reasons[0][0]])
        table_en.append([f"Article {a}", old_en, reasons[0][1]])
    doc = {
        "agency": agency,
        "title_zh": title_zh,
        "title_en": title_en,
        "basis_zh": basis_zh,
        "basis_en": basis_en,
        "points_zh": points_zh,
        "points_en": points_en,
        "articles_zh": articles_zh,
        "articles_en": articles_en,
        "closing_zh": "市長　○○○",
        "closing_en": "The Mayor",
    }
    if action == "修正" and rng.random() < 0.5:  # gazettes often print the comparison table
        doc["table_zh"] = (["修正條文", "現行條文", "說明"], table_zh)
        doc["table_en"] = (["Amended", "Current text", "Reason"], table_en)
    return doc


# How the current text read before an amendment: the figures the amendment changes.
FORMER = [
    ("三年", "五年"),
    ("二分之一", "三分之一"),
    ("書面或經本府指定之網站", "書面"),
    ("於網站公開", "於公報刊登"),
]


def former_text(new_zh: str) -> tuple[str, str]:
    """Return the pre-amendment wording of an article, or say the article is new."""
    for new, old in FORMER:
        if new in new_zh:
            return new_zh.replace(new, old), "Different wording (see Chinese text)"
    return "（本條新增）", "(new article)"


# --------------------------------------------------------------------------- 行政規則

RULES = [
    ("公務餽贈處理要點", "Directions on Official Gifts", "secretariat-intl"),
    ("市政大樓場地使用管理要點", "Directions on the Use of City Hall Venues", "secretariat-general"),
    ("公文線上簽核實施要點", "Directions on Online Document Signing", "secretariat-docs"),
    ("檔案清理獎勵要點", "Directions on Incentives for Records Disposal", "secretariat-docs"),
    ("各級機關檔案管理輔導獎勵計畫", "Programme for Guidance and Awards in Agency Archives Management", "secretariat-docs"),
    ("各機關學校工友人力替代方案", "Plan for Replacing Janitorial Staff Posts in Agencies and Schools", "secretariat-general"),
    ("公務車輛調派作業規定", "Rules on Dispatching Official Vehicles", "secretariat-general"),
    ("小額採購作業要點", "Directions on Small-Value Procurement", "secretariat-procurement"),
    ("獎勵優良採購人員要點", "Directions on Awards for Outstanding Procurement Staff", "secretariat-procurement"),
    ("國際訪賓接待作業要點", "Directions on Receiving International Visitors", "secretariat-intl"),
    ("節約能源推動計畫", "Energy Saving Programme", "secretariat-building"),
    ("員工餐廳及便利商店經營管理要點", "Directions on the Staff Canteen and Convenience Store", "secretariat-general"),
    ("市政大樓導覽志工服務要點", "Directions on City Hall Guided-Tour Volunteers", "secretariat-public"),
    ("秘書處資通安全維護計畫", "Secretariat Information Security Plan", "secretariat"),
    ("職務宿舍管理要點", "Directions on Official Residences", "secretariat-general"),
    ("公務行動電話使用管理要點", "Directions on Official Mobile Phones", "secretariat-general"),
    ("採購流廢標督導小組設置要點", "Directions on the Task Force on Failed Tenders", "secretariat-procurement"),
    ("市長名義致贈中堂輓聯作業規定", "Rules on Scrolls and Elegiac Couplets Sent in the Mayor's Name", "secretariat-public"),
]  # fmt: skip

RULE_POINTS = [
    ("申請借用場地者，應於使用日前十四日提出，並得以線上方式辦理。", "Requests to use a venue are filed at least 14 days ahead, online if preferred."),
    ("受贈財物市價超過新臺幣三千元者，應於三日內簽報並知會政風單位。", "Gifts worth more than NT$3,000 are reported within three days and notified to the ethics unit."),
    ("各機關應指定專人辦理，並於每季結束後十日內彙報執行情形。", "Each agency designates a contact who reports progress within ten days after each quarter."),
    ("公文除機密文件外，以線上簽核為原則。", "Documents other than classified ones are signed online as a rule."),
    ("公務車輛應於出車前完成行前檢查，並登載於派車系統。", "Official vehicles are checked before each trip and the check is logged in the dispatch system."),
    ("空調溫度設定不得低於攝氏二十六度。", "Air-conditioning is set no lower than 26 °C."),
    ("辦理成效優良者，得依本府公務人員獎懲案件處理要點敘獎。", "Good results may be rewarded under the City's directions on rewards and penalties."),
    ("工友出缺時不再僱用，其業務以委外或移撥方式調整。", "Vacant janitorial posts are not refilled; the work is outsourced or reassigned."),
    ("採購金額未達公告金額十分之一者，得參考本府公告之小額採購參考價格辦理。", "Purchases below one tenth of the publication threshold may rely on the City's published reference prices."),
    ("訪賓接待應兼顧環保原則，優先選用在地特色產品為致贈禮品。", "Receptions follow green principles, and presents are preferably local products."),
    ("前點所定期限，遇例假日順延之。", "Deadlines in the preceding point move to the next working day when they fall on a holiday."),
]  # fmt: skip


def admin_rule(rng: random.Random, ctx: Any) -> Doc:
    """Return an issued, amended or withdrawn administrative rule."""
    name_zh, name_en, agency = pick(rng, RULES)
    action = rng.choices(["修正", "訂定", "停止適用"], weights=[7, 3, 1])[0]
    nums = sorted(rng.sample(range(2, 16), rng.randint(1, 3)))
    nums_zh = "、".join(f"第{zh_num(n)}點" for n in nums)
    effective = rng.choice(
        [
            ("自即日生效", "with immediate effect"),
            ("自下月一日生效", "effective on the first day of next month"),
        ]
    )
    if action == "修正":
        title_zh = f"修正「本府{name_zh}」{nums_zh}，{effective[0]}。"
        title_en = (
            f"Amendment of point(s) {', '.join(map(str, nums))} of the {name_en}, {effective[1]}."
        )
    elif action == "訂定":
        title_zh = f"訂定「本府{name_zh}」，{effective[0]}。"
        title_en = f"Issue of the {name_en}, {effective[1]}."
        nums = list(range(1, rng.randint(3, 6)))
    else:
        title_zh = f"「本府{name_zh}」停止適用。"
        title_en = f"Withdrawal of the {name_en}."
        nums = []
    chosen = rng.sample(RULE_POINTS, len(nums))
    why = pick(rng, REG_REASONS)
    return {
        "agency": agency,
        "title_zh": title_zh,
        "title_en": title_en,
        "basis_zh": rng.choice(["行政程序法第一百六十條。", "本府組織自治條例及相關作業需要。"]),
        "basis_en": "Article 160 of the Administrative Procedure Act.",
        "points_zh": [f"本次{action}係{why[0]}。", "相關表單已同步更新，請至本府全球資訊網下載。"],
        "points_en": [
            f"The change {why[1]}.",
            "The related forms have been updated and can be downloaded from the City website.",
        ],
        "articles_zh": [f"**{zh_num(n)}、**{c[0]}" for n, c in zip(nums, chosen, strict=True)],
        "articles_en": [f"**Point {n}.** {c[1]}" for n, c in zip(nums, chosen, strict=True)],
    }


# --------------------------------------------------------------------------- 公告

FACILITIES = [
    ("高低壓電器設備", "high- and low-voltage electrical equipment", "停止供電", "power will be cut"),
    ("中央空調系統", "central air-conditioning", "停止供應空調", "air-conditioning will be off"),
    ("電梯", "lifts", "電梯暫停使用", "lifts will be out of service"),
    ("給排水系統", "water supply and drainage", "停止供水", "water supply will be interrupted"),
    ("消防系統", "fire safety systems", "進行警報測試", "alarms will be tested"),
    ("緊急發電機", "emergency generators", "進行負載測試", "load tests will run"),
    ("總機系統", "switchboard", "總機暫停轉接", "the switchboard will not forward calls"),
]  # fmt: skip


def building_maintenance(rng: random.Random, ctx: Any) -> Doc:
    """Return a notice of scheduled City Hall maintenance."""
    zh, en, effect_zh, effect_en = pick(rng, FACILITIES)
    day = ctx.published + timedelta(days=(5 - ctx.published.weekday()) % 7 or 7)
    start, end = rng.choice([(8, 17), (7, 12), (13, 18), (9, 15)])
    return {
        "agency": rng.choice(["secretariat-general", "secretariat-building"]),
        "title_zh": f"公告本府市政大樓{roc_zh(day)}辦理{zh}年度檢修，當日{start}時至{end}時{effect_zh}。",
        "title_en": f"City Hall {en} maintenance on {en_date(day)}: {effect_en} from {start}:00 to {end}:00.",
        "basis_zh": "本府市政大樓機電設備維護保養計畫。",
        "basis_en": "The City Hall maintenance plan for mechanical and electrical equipment.",
        "points_zh": [
            f"檢修期間{effect_zh}，請各機關預先備份電腦資料並關閉個人電器。",
            "市政大樓一樓服務中心照常對外服務，民眾洽公不受影響。",
            f"如有疑問，請洽秘書處事務科，電話分機{rng.randint(2100, 2999)}。",
        ],
        "points_en": [
            f"During the work {effect_en}; agencies should back up computers and switch off personal appliances.",
            "The ground-floor service centre stays open to the public.",
            f"Questions: General Affairs Division, extension {rng.randint(2100, 2999)}.",
        ],
    }


def parking(rng: random.Random, ctx: Any) -> Doc:
    """Return a City Hall car park notice: bay replacement, permit draw, chargers or fees."""
    level_zh, level_en = pick(rng, [("地下一樓", "B1"), ("地下二樓", "B2"), ("地下三樓", "B3")])
    kind = rng.choice(["汰換", "抽籤", "充電", "收費"])
    weeks, bays = rng.randint(3, 10), rng.choice([12, 18, 24, 29, 36, 58])
    if kind == "汰換":
        title_zh = (
            f"公告市政大樓{level_zh}機械式停車位汰換工程施工期間，{bays}個車位暫停開放約{weeks}週。"
        )
        title_en = f"{bays} mechanical parking bays on City Hall level {level_en} closed for about {weeks} weeks during replacement."
        points = [
            (
                "完工後經安全檢查合格，另行公告恢復使用。",
                "Bays reopen after a safety inspection; reopening will be announced.",
            ),
            (
                "洽公民眾請改停平面停車場或鄰近公有停車場，身心障礙者專用車位不受影響。",
                "Visitors please use the surface car park or nearby public car parks; accessible bays stay open.",
            ),
            ("月租車輛於施工期間按日數比例退費。", "Monthly permit holders are refunded pro rata."),
        ]
    elif kind == "抽籤":
        half = "上" if ctx.published.month <= 6 else "下"
        title_zh = f"公告本府員工{ctx.roc}年{half}半年市政大樓月租車位抽籤結果及繳費期限。"
        title_en = f"Draw results for staff monthly parking permits at City Hall, {('first', 'second')[half == '下']} half of {ctx.year}."
        points = [
            (
                f"本次提供月租車位{bays * 4}個，登記人數{bays * 4 + rng.randint(20, 160)}人。",
                f"{bays * 4} permits were drawn among {bays * 4 + rng.randint(20, 160)} applicants.",
            ),
            (
                "中籤者請於十日內完成線上繳費，逾期視同放棄，由備取者依序遞補。",
                "Winners pay online within ten days or the permit passes to the waiting list.",
            ),
            (
                "孕婦及育有未滿六歲子女之同仁，保留優先車位。",
                "Priority bays are kept for pregnant staff and parents of children under six.",
            ),
        ]
    elif kind == "充電":
        title_zh = f"公告市政大樓{level_zh}增設電動車充電車位{bays // 3}格，自即日起開放使用。"
        title_en = f"{bays // 3} electric-vehicle charging bays open on City Hall level {level_en}."
        points = [
            (
                "充電車位限電動車於充電時停放，充電完成後請於三十分鐘內駛離。",
                "Charging bays are for vehicles while charging; leave within 30 minutes of a full charge.",
            ),
            (
                f"充電費用每度新臺幣{rng.choice(['6', '7', '8'])}元，以行動支付或電子票證繳納。",
                "Charging is paid per kWh by mobile wallet or transit card.",
            ),
            (
                "公務電動車優先於夜間充電，以分散用電尖峰。",
                "Official electric cars charge at night to flatten the peak load.",
            ),
        ]
    else:
        rate = rng.choice([20, 30, 40])
        title_zh = f"公告市政大樓停車場臨時停車收費調整為每小時新臺幣{rate}元。"
        title_en = f"Hourly visitor parking at City Hall set at NT${rate}."
        points = [
            (
                "洽公民眾持服務中心蓋章之停車單，前二小時免費。",
                "Visitors with a stamped ticket from the service centre park free for two hours.",
            ),
            (
                "身心障礙者停車依相關法規予以減免。",
                "Reductions for persons with disabilities follow the applicable rules.",
            ),
        ]
    return {
        "agency": rng.choice(["secretariat-general", "secretariat-building"]),
        "title_zh": title_zh,
        "title_en": title_en,
        "basis_zh": "本市市政大樓停車場管理自治規則。",
        "basis_en": "The City's Self-Government Rules on the City Hall Car Park.",
        "points_zh": [p[0] for p in points],
        "points_en": [p[1] for p in points],
    }


def archives_disposal(rng: random.Random, ctx: Any) -> Doc:
    """Return a notice of records due for destruction, open for comments."""
    count = rng.randint(1200, 48000)
    years = f"{ctx.roc - rng.randint(12, 20)}年至{ctx.roc - rng.randint(6, 11)}年"
    return {
        "agency": rng.choice(["secretariat-docs", "archives-center"]),
        "title_zh": f"公告本府{years}屆保存年限檔案計{count}件之銷毀目錄，自即日起接受陳述意見三十日。",
        "title_en": f"Destruction list of {count} records past their retention period; comments accepted for 30 days.",
        "basis_zh": "檔案法第十二條及機關檔案保存年限及銷毀辦法。",
        "basis_en": "Article 12 of the Archives Act and the regulations on retention and destruction of agency records.",
        "points_zh": [
            "銷毀目錄已經國家發展委員會檔案管理局同意，置於本府全球資訊網供閱覽。",
            "對目錄有意見者，請於公告期間內以書面敘明理由送秘書處文書科。",
            "銷毀作業採碎解方式辦理，並由政風人員全程監督。",
        ],
        "points_en": [
            "The National Archives Administration has approved the list, which is posted on the City website.",
            "Written comments with reasons go to the Document and Archives Division during the notice period.",
            "Records are shredded under the supervision of ethics staff.",
        ],
    }


def venue_booking(rng: random.Random, ctx: Any) -> Doc:
    """Return a notice about booking City Hall venues."""
    room_zh, room_en = pick(
        rng,
        [
            ("大禮堂", "the auditorium"),
            ("國際會議廳", "the international conference hall"),
            ("多功能會議室", "the multi-purpose room"),
            ("市民廣場", "Citizens' Plaza"),
        ],
    )
    q = (ctx.published.month - 1) // 3 + 2
    return {
        "agency": "secretariat-general",
        "title_zh": f"公告受理本府市政大樓{room_zh}{ctx.roc}年第{min(q, 4)}季場地借用申請。",
        "title_en": f"Bookings open for {room_en} at City Hall, quarter {min(q, 4)} of {ctx.year}.",
        "basis_zh": "本府市政大樓場地使用管理要點。",
        "basis_en": "The Directions on the Use of City Hall Venues.",
        "points_zh": [
            "機關、學校及立案之人民團體得申請借用，以公益性活動優先。",
            f"場地使用費每時段新臺幣{rng.choice([1500, 2000, 3200, 4800])}元，公益活動得申請減免。",
            "申請表請於使用日前十四日以線上方式送出。",
        ],
        "points_en": [
            "Agencies, schools and registered associations may book; public-interest events come first.",
            f"The fee is NT${rng.choice([1500, 2000, 3200, 4800])} per session; public-interest events may ask for a waiver.",
            "Send the online form at least 14 days before the event.",
        ],
    }


def calligraphy(rng: random.Random, ctx: Any) -> Doc:
    """Return a notice about scrolls and couplets sent in the Mayor's name."""
    days = rng.choice([2, 3])
    return {
        "agency": "secretariat-public",
        "title_zh": f"公告市民申請以市長名義致贈婚喪喜慶中堂、輓聯，自交辦日起{zh_num(days)}個工作天內寄出。",
        "title_en": f"Scrolls and elegiac couplets in the Mayor's name are posted within {days} working days of the request.",
        "basis_zh": "本府市長名義致贈中堂輓聯作業規定。",
        "basis_en": "The Rules on Scrolls and Elegiac Couplets Sent in the Mayor's Name.",
        "points_zh": [
            "申請人得以電話、傳真或本府線上服務平台提出申請。",
            "申請時請載明受贈人姓名、事由、日期及寄送地址。",
            f"{ctx.roc - 1}年度計受理{rng.randint(3200, 7800)}件，平均{rng.choice(['1.6', '1.8', '1.9'])}個工作天完成。",
        ],
        "points_en": [
            "Requests may be made by phone, fax or the City's online service platform.",
            "Give the recipient's name, the occasion, the date and the postal address.",
            f"Last year {rng.randint(3200, 7800)} requests were handled.",
        ],
    }


SISTER_CITIES = [
    ("日本高崎市", "Takasaki, Japan"), ("美國聖荷西市", "San Jose, United States"),
    ("韓國水原市", "Suwon, Korea"), ("德國弗萊堡市", "Freiburg, Germany"),
    ("澳洲黃金海岸市", "Gold Coast, Australia"), ("菲律賓宿霧市", "Cebu City, Philippines"),
    ("紐西蘭漢米爾頓市", "Hamilton, New Zealand"), ("法國昂熱市", "Angers, France"),
]  # fmt: skip


def exchange_call(rng: random.Random, ctx: Any) -> Doc:
    """Return a call for applications to a youth exchange with a sister city."""
    city_zh, city_en = pick(rng, SISTER_CITIES)
    seats = rng.choice([8, 10, 12, 15, 20])
    return {
        "agency": "secretariat-intl",
        "title_zh": f"公告甄選本市青年{seats}名參加{city_zh}姊妹市交流團。",
        "title_en": f"Call for {seats} young residents to join an exchange with sister city {city_en}.",
        "basis_zh": "本府國際交流合作推動計畫。",
        "basis_en": "The City's programme for international exchange and cooperation.",
        "points_zh": [
            "設籍本市年滿十八歲至三十歲之在學或在職青年均得報名。",
            "甄選以書面審查及英語面談辦理，錄取者須參加行前培訓。",
            "交流期間之機票及住宿由本府補助，個人僅負擔簽證及保險費用。",
        ],
        "points_en": [
            "Residents aged 18 to 30, studying or working, may apply.",
            "Selection is by written review and an interview in English; those selected attend a briefing.",
            "The City pays flights and lodging; participants pay their visa and insurance.",
        ],
    }


def price_notice(rng: random.Random, ctx: Any) -> Doc:
    """Return the announcement of the small-purchase reference prices with a sample table."""
    from sample_corpus_tables import price_items  # lazy: tables module is heavy on data

    items = rng.sample(price_items(96), 4)
    rows_zh = [
        [i["name_zh"], i["spec"], i["unit"], f"{round(i['base'] * rng.uniform(1.0, 1.08))}"]
        for i in items
    ]
    rows_en = [
        [i["name_en"], i["spec"], i["unit"], r[3]] for i, r in zip(items, rows_zh, strict=True)
    ]
    return {
        "agency": "secretariat-procurement",
        "title_zh": f"公告本市{ctx.roc}年{ctx.published.month}月訪價之小額採購參考價格。",
        "title_en": f"Small-purchase reference prices surveyed in {calendar.month_name[ctx.published.month]} {ctx.year}.",
        "basis_zh": "本府小額採購作業要點。",
        "basis_en": "The Directions on Small-Value Procurement.",
        "points_zh": [
            "參考價格係彙整市場訪價、共同供應契約及歷年決標資料而得，供各機關辦理小額採購參考。",
            "各機關採購價格低於參考價格者，得免再行訪價。",
            "完整價格表已上載本府資料開放平臺，下表摘列部分品項。",
        ],
        "points_en": [
            "The prices combine market surveys, framework contracts and past awards, for agencies' small purchases.",
            "Agencies buying below the reference price need no further price inquiry.",
            "The full list is on the City's open-data portal; the table shows a few items.",
        ],
        "table_zh": (["品名", "規格", "單位", "參考價格（元）"], rows_zh),
        "table_en": (["Item", "Specification", "Unit", "Reference price (TWD)"], rows_en),
    }


def gift_report(rng: random.Random, ctx: Any) -> Doc:
    """Return the periodic publication of the gift register."""
    month = (ctx.published.replace(day=1) - timedelta(days=1)).month
    given, received = rng.randint(4, 18), rng.randint(0, 5)
    return {
        "agency": "secretariat-intl",
        "title_zh": f"公告本府{ctx.roc if month != 12 else ctx.roc - 1}年{month}月公務餽贈登錄情形。",
        "title_en": f"Official gift register for {month}/{ctx.year if month != 12 else ctx.year - 1}.",
        "basis_zh": "公務員廉政倫理規範及本府公務餽贈處理要點。",
        "basis_en": "The civil-service ethics rules and the City's Directions on Official Gifts.",
        "points_zh": [
            f"本月致贈禮品{given}筆，以本市在地特色產品為主。",
            f"本月受贈禮品{received}筆，均已依規定簽報並完成處理。",
            "明細已同步更新於本府資料開放平臺之公務餽贈登錄資料集。",
        ],
        "points_en": [
            f"{given} presents were given this month, mostly local products.",
            f"{received} gifts were received and handled as the rules require.",
            "Details are in the gift-register dataset on the open-data portal.",
        ],
    }


def online_signing(rng: random.Random, ctx: Any) -> Doc:
    """Return a notice on electronic documents and online signing."""
    rate = rng.randint(62, 93)
    return {
        "agency": "secretariat-docs",
        "title_zh": f"公告本府各機關{ctx.roc - 1}年度公文線上簽核比率達{rate}%，並請持續推動電子公文交換。",
        "title_en": f"Online signing reached {rate}% of City documents in {ctx.year - 1}; agencies keep moving to e-documents.",
        "basis_zh": "文書處理手冊及本府公文線上簽核實施要點。",
        "basis_en": "The Document Handling Manual and the City's Directions on Online Document Signing.",
        "points_zh": [
            "各機關除機密及特殊性質公文外，應全面採線上簽核。",
            "紙本來文請於收文時掃描附件，以利線上簽核及歸檔。",
            "推動成效將納入年度文書檔案業務考評。",
        ],
        "points_en": [
            "All documents except classified ones are signed online.",
            "Paper letters are scanned on receipt so they can be signed and filed online.",
            "Results count in the yearly review of document work.",
        ],
    }


URBAN_AREAS = [
    ("北區車站周邊", "the north station area"), ("東區產業園區", "the east industrial park"),
    ("舊市區商業區", "the old town commercial zone"), ("河濱公園", "the riverside park"),
    ("南區重劃區", "the south readjustment zone"), ("機場捷運沿線", "the airport metro corridor"),
    ("國際會展中心周邊", "the convention centre area"), ("市立運動公園", "the city sports park"),
    ("西區漁港", "the west fishing harbour"), ("大學城", "the university district"),
]  # fmt: skip


def urban_plan(rng: random.Random, ctx: Any) -> Doc:
    """Return a public exhibition of an urban plan change."""
    area_zh, area_en = pick(rng, URBAN_AREAS)
    level_zh, level_en = pick(rng, [("主要計畫", "master plan"), ("細部計畫", "detailed plan")])
    action_zh, action_en = pick(rng, [("變更", "Amendment of"), ("擬定", "Draft")])
    purpose_zh, purpose_en = pick(
        rng,
        [
            ("配合社會住宅興建", "for social housing"),
            ("增設公共停車場用地", "for a public car park"),
            ("劃設滯洪池用地", "for a detention pond"),
            ("調整道路系統", "to adjust the road network"),
            ("通盤檢討", "general review"),
        ],
    )
    return {
        "agency": "urban-development",
        "title_zh": f"公告「{action_zh}本市{area_zh}{level_zh}（{purpose_zh}）案」公開展覽三十天，並舉辦說明會。",
        "title_en": f"{action_en} the {level_en} for {area_en} ({purpose_en}) on public display for 30 days.",
        "basis_zh": "都市計畫法第十九條及第二十八條。",
        "basis_en": "Articles 19 and 28 of the Urban Planning Act.",
        "points_zh": [
            "計畫書圖陳列於都市發展局及所在地區公所，並刊登於本府全球資訊網。",
            "公民或團體得於展覽期間以書面載明姓名及地址，向都市發展局提出意見。",
            f"說明會於展覽期間假區公所{rng.choice(['禮堂', '三樓會議室', '活動中心'])}舉行，時間另行通知。",
        ],
        "points_en": [
            "Plans are shown at the Urban Development Department and the district office, and online.",
            "Residents and groups may send written comments with name and address during the display.",
            "A briefing will be held at the district office.",
        ],
    }


def social_standard(rng: random.Random, ctx: Any) -> Doc:
    """Return the yearly minimum living expenditure or similar welfare standard."""
    amount = rng.randint(17600, 19800)
    return {
        "agency": "social-welfare",
        "title_zh": f"公告本市{ctx.roc + 1}年度最低生活費為每人每月新臺幣{amount}元。",
        "title_en": f"The City's minimum living expenditure for {ctx.year + 1} is NT${amount} per person per month.",
        "basis_zh": "社會救助法第四條。",
        "basis_en": "Article 4 of the Public Assistance Act.",
        "points_zh": [
            "低收入戶及中低收入戶之資格審核，依本公告金額辦理。",
            "家庭財產限額一併檢討，詳如附表。",
        ],
        "points_en": [
            "Eligibility for low-income and lower-middle-income households follows this amount.",
            "Asset limits were reviewed as well; see the table.",
        ],
        "table_zh": (
            ["項目", "金額（元）"],
            [
                ["最低生活費", amount],
                ["動產限額（每人每年）", rng.choice([75000, 80000, 90000])],
                ["不動產限額（每戶）", rng.choice([3650000, 3800000, 4000000])],
            ],
        ),
        "table_en": (
            ["Item", "Amount (TWD)"],
            [
                ["Minimum living expenditure", amount],
                ["Movable assets per person per year", 80000],
                ["Real estate per household", 3800000],
            ],
        ),
    }


def environment_notice(rng: random.Random, ctx: Any) -> Doc:
    """Return an environmental notice (waste collection, clean-up days)."""
    return {
        "agency": "environment",
        "title_zh": f"公告本市{ctx.roc}年度春節期間垃圾及資源回收車停收及加收時段。",
        "title_en": f"Changes to rubbish and recycling collection over the {ctx.year} Lunar New Year holiday.",
        "basis_zh": "廢棄物清理法第五條。",
        "basis_en": "Article 5 of the Waste Disposal Act.",
        "points_zh": [
            "除夕及初一停收，初二起恢復夜間收運。",
            "停收期間請市民減少垃圾產生，並做好資源分類。",
        ],
        "points_en": [
            "No collection on New Year's Eve and New Year's Day; night collection resumes on the second day.",
            "Residents please reduce waste and sort recyclables meanwhile.",
        ],
    }


def traffic_notice(rng: random.Random, ctx: Any) -> Doc:
    """Return a temporary traffic control notice for an event."""
    event_zh, event_en = pick(
        rng,
        [
            ("國際馬拉松", "the international marathon"),
            ("元宵燈會", "the Lantern Festival"),
            ("跨年晚會", "the New Year's Eve concert"),
            ("國際自行車賽", "the international cycling race"),
        ],
    )
    return {
        "agency": "transportation",
        "title_zh": f"公告{ctx.roc}年{event_zh}活動期間市區道路交通管制措施。",
        "title_en": f"Road closures in the city centre during {event_en} {ctx.year}.",
        "basis_zh": "道路交通管理處罰條例第八十二條。",
        "basis_en": "Article 82 of the Road Traffic Management and Penalty Act.",
        "points_zh": [
            "管制路段及時段詳見本府交通局網站。",
            "活動期間加開接駁公車，請多利用大眾運輸。",
            "違規停放之車輛將予移置保管。",
        ],
        "points_en": [
            "Closed roads and times are listed on the Transportation Bureau website.",
            "Extra shuttle buses run; please use public transport.",
            "Illegally parked vehicles will be towed.",
        ],
    }


def heritage(rng: random.Random, ctx: Any) -> Doc:
    """Return the listing of a historic building."""
    site_zh, site_en = pick(
        rng,
        [
            ("舊糖廠宿舍群", "the former sugar mill dormitories"),
            ("日式警察官舍", "the Japanese-era police residence"),
            ("老街紅磚洋樓", "the red-brick shophouses of the old street"),
            ("公學校舊校舍", "the old public school building"),
        ],
    )
    return {
        "agency": "culture",
        "title_zh": f"公告登錄「{site_zh}」為本市歷史建築。",
        "title_en": f"Listing of {site_en} as a historic building of the City.",
        "basis_zh": "文化資產保存法第十八條。",
        "basis_en": "Article 18 of the Cultural Heritage Preservation Act.",
        "points_zh": ["本案經本市文化資產審議會審議通過。", "所有人得依規定申請修復補助。"],
        "points_en": [
            "The City's cultural heritage review committee approved the listing.",
            "Owners may apply for restoration grants.",
        ],
    }


def district_change(rng: random.Random, ctx: Any) -> Doc:
    """Return a notice on village and neighbourhood boundaries."""
    n = rng.randint(2, 9)
    return {
        "agency": "civil-affairs",
        "title_zh": f"公告本市{n}個里之鄰編組調整，自{ctx.roc}年{ctx.published.month}月起實施。",
        "title_en": f"Neighbourhood boundaries adjusted in {n} villages of the City.",
        "basis_zh": "本市里鄰編組及調整自治條例。",
        "basis_en": "The City's self-government ordinance on villages and neighbourhoods.",
        "points_zh": [
            "調整後之里鄰範圍圖置於各區公所供閱覽。",
            "戶籍資料由戶政事務所逕為配合變更，民眾毋須申請。",
        ],
        "points_en": [
            "Maps are available at the district offices.",
            "Household registrations are updated automatically.",
        ],
    }


def labour_notice(rng: random.Random, ctx: Any) -> Doc:
    """Return a labour-dispute mediator roster notice."""
    count = rng.randint(40, 120)
    return {
        "agency": "labor",
        "title_zh": f"公告本市{ctx.roc}年度勞資爭議調解人名冊，計{count}人。",
        "title_en": f"Roster of {count} labour-dispute mediators of the City for {ctx.year}.",
        "basis_zh": "勞資爭議處理法第十一條。",
        "basis_en": "Article 11 of the Act for Settlement of Labor-Management Disputes.",
        "points_zh": [
            "名冊刊登於勞工局網站，當事人得自名冊中指定調解人。",
            "調解人應遵守利益迴避規定。",
        ],
        "points_en": [
            "The roster is on the Department of Labor website; parties may choose a mediator from it.",
            "Mediators must avoid conflicts of interest.",
        ],
    }


# --------------------------------------------------------------------------- 人事

POSTS = [
    ("科長", "Section Chief"), ("專員", "Specialist"), ("股長", "Unit Head"),
    ("秘書", "Secretary"), ("專門委員", "Senior Specialist"), ("副處長", "Deputy Director"),
    ("主任秘書", "Chief Secretary"), ("副局長", "Deputy Commissioner"), ("簡任視察", "Senior Inspector"),
]  # fmt: skip
UNITS = [
    ("本府秘書處", "the Secretariat", "secretariat"), ("本府民政局", "the Department of Civil Affairs", "civil-affairs"),
    ("本府財政局", "the Department of Finance", "finance"), ("本府教育局", "the Department of Education", "education"),
    ("本府工務局", "the Public Works Department", "public-works"), ("本府交通局", "the Transportation Bureau", "transportation"),
    ("本府社會局", "the Social Welfare Department", "social-welfare"), ("本府環境保護局", "the Environmental Protection Bureau", "environment"),
    ("本府文化局", "the Department of Cultural Affairs", "culture"), ("本府法制局", "the Department of Legal Affairs", "legal-affairs"),
    ("本府主計處", "the Department of Budget, Accounting and Statistics", "accounting"), ("本府研究發展考核委員會", "the Research, Development and Evaluation Commission", "rdec"),
]  # fmt: skip


def personnel(rng: random.Random, ctx: Any) -> Doc:
    """Return a personnel notice: transfer, appointment, retirement or commendation."""
    name_zh, name_en = person(rng)
    (post_zh, post_en), (unit_zh, unit_en, agency) = pick(rng, POSTS), pick(rng, UNITS)
    (post2_zh, post2_en), (unit2_zh, unit2_en, _) = pick(rng, POSTS), pick(rng, UNITS)
    day = ctx.before(rng, -3, 10)
    day = min(day, ctx.published)
    kind = rng.choices(["調任", "派任", "退休", "獎勵", "聘兼"], weights=[5, 3, 2, 2, 1])[0]
    if kind == "調任":
        title_zh = f"{unit_zh}{post_zh}{name_zh}調任{unit2_zh}{post2_zh}，自{roc_zh(day)}生效。"
        title_en = f"{name_en}, {post_en} of {unit_en}, transferred to {post2_en} of {unit2_en} as of {en_date(day)}."
    elif kind == "派任":
        title_zh = f"派{name_zh}為{unit_zh}{post_zh}，自{roc_zh(day)}生效。"
        title_en = f"{name_en} appointed {post_en} of {unit_en} as of {en_date(day)}."
    elif kind == "退休":
        title_zh = f"{unit_zh}{post_zh}{name_zh}屆齡退休，自{roc_zh(day)}生效。"
        title_en = f"{name_en}, {post_en} of {unit_en}, retires as of {en_date(day)}."
    elif kind == "獎勵":
        task_zh, task_en = pick(
            rng,
            [
                ("國際訪賓接待", "receiving international visitors"),
                ("檔案管理金檔獎評獎", "the Golden Archives Award review"),
                ("市政大樓節能改善", "City Hall energy savings"),
                ("公文線上簽核推動", "online document signing"),
                ("颱風災害應變", "typhoon response"),
            ],
        )
        title_zh = f"{unit_zh}{post_zh}{name_zh}辦理{task_zh}著有績效，記功一次。"
        title_en = f"{name_en}, {post_en} of {unit_en}, commended for work on {task_en}."
    else:
        board_zh, board_en = pick(
            rng,
            [
                ("本府訴願審議委員會", "the Petitions and Appeals Committee"),
                ("本府採購申訴審議委員會", "the Procurement Complaint Review Board"),
                ("本府國際事務委員會", "the International Affairs Committee"),
                ("本府法規委員會", "the Legal Affairs Committee"),
            ],
        )
        title_zh = f"聘{name_zh}兼任{board_zh}委員，聘期二年。"
        title_en = f"{name_en} appointed to {board_en} for two years."
    return {
        "agency": rng.choice(["personnel", "personnel", agency]),
        "title_zh": title_zh,
        "title_en": title_en,
        "basis_zh": rng.choice(
            ["公務人員任用法。", "公務人員考績法施行細則。", "公務人員退休資遣撫卹法。"]
        ),
        "basis_en": "The civil service acts.",
        "points_zh": ["本案業經核定，請依規定辦理交接。"] if kind in ("調任", "派任") else [],
        "points_en": ["Handover follows the usual rules."] if kind in ("調任", "派任") else [],
    }


# --------------------------------------------------------------------------- 採購

PROJECTS = [
    ("市政大樓中央空調冰水主機汰換工程", "replacement of the City Hall chillers", "secretariat-building", 18_500_000),
    ("市政大樓電梯更新工程", "renewal of the City Hall lifts", "secretariat-building", 12_800_000),
    ("公務電動小客車租賃", "lease of electric official cars", "secretariat-general", 6_400_000),
    ("市政大樓清潔維護勞務", "City Hall cleaning services", "secretariat-general", 9_750_000),
    ("公文線上簽核系統維護", "maintenance of the online document-signing system", "secretariat-docs", 3_200_000),
    ("機關檔案數位化掃描建檔", "scanning of agency records", "archives-center", 2_450_000),
    ("國際交流紀念品採購", "souvenirs for international exchange", "secretariat-intl", 880_000),
    ("市政大樓機電設備維護保養", "maintenance of City Hall mechanical and electrical equipment", "secretariat-building", 7_300_000),
    ("市政大樓監視系統汰換", "replacement of the City Hall CCTV system", "secretariat-building", 2_980_000),
    ("市政大樓LED照明汰換", "LED lighting retrofit at City Hall", "secretariat-building", 1_650_000),
    ("員工餐廳委託經營", "operation of the staff canteen", "secretariat-general", 0),
    ("總機話務系統汰換", "replacement of the switchboard system", "secretariat-general", 4_100_000),
    ("屋頂太陽光電設置", "rooftop solar panels", "secretariat-building", 5_600_000),
]  # fmt: skip


def procurement(rng: random.Random, ctx: Any) -> Doc:
    """Return a tender, award or e-quotation notice."""
    zh, en, agency, budget = pick(rng, PROJECTS)
    kind = rng.choice(["決標", "招標", "電子報價"])
    case = f"{ctx.roc}{rng.choice(['A', 'B', 'C'])}{rng.randint(1, 99):03d}"
    if kind == "決標":
        price = round(budget * rng.uniform(0.78, 0.97), -3) if budget else 0
        title_zh = f"公告「{zh}」（案號{case}）決標結果。"
        title_en = f"Award of contract {case}: {en}."
        points_zh = [
            f"決標方式：{rng.choice(['最低標', '最有利標', '準用最有利標'])}。",
            f"投標廠商{rng.randint(2, 7)}家，得標廠商為{rng.choice(['甲', '乙', '丙'])}○○股份有限公司。",
            f"決標金額新臺幣{price}元。" if price else "本案為委託經營，依契約收取權利金。",
        ]
        points_en = [
            "Award method as stated in the tender documents.",
            f"{rng.randint(2, 7)} bids were received.",
            f"Contract value NT${price}."
            if price
            else "A concession: the operator pays a fee to the City.",
        ]
    elif kind == "招標":
        deadline = ctx.published + timedelta(days=rng.choice([10, 14, 21]))
        title_zh = f"公告「{zh}」（案號{case}）公開招標，{roc_zh(deadline)}截止投標。"
        title_en = f"Open tender {case}: {en}."
        points_zh = [
            "招標文件請至政府電子採購網領取。",
            f"預算金額新臺幣{budget}元。" if budget else "本案不編列預算，以權利金計收。",
            "本案適用政府採購法之公開招標程序。",
        ]
        points_en = [
            "Tender documents are on the Government e-Procurement System.",
            f"Budget NT${budget}." if budget else "No budget: a concession.",
            "Open tendering under the Government Procurement Act.",
        ]
    else:
        title_zh = f"公告「{zh}」採公開取得電子報價單方式辦理。"
        title_en = f"Electronic quotations invited for {en}."
        points_zh = [
            "廠商請於政府電子採購網線上報價，毋須檢送紙本。",
            "本案依政府採購法第四十九條辦理。",
        ]
        points_en = [
            "Suppliers quote online; no paper is needed.",
            "Under Article 49 of the Government Procurement Act.",
        ]
    return {
        "agency": agency if rng.random() < 0.7 else "secretariat-procurement",
        "title_zh": title_zh,
        "title_en": title_en,
        "basis_zh": "政府採購法。",
        "basis_en": "The Government Procurement Act.",
        "points_zh": points_zh,
        "points_en": points_en,
    }


# --------------------------------------------------------------------------- 財經


def tax_notice(rng: random.Random, ctx: Any) -> Doc:
    """Return the tax collection notice that fits the month (house, vehicle or land tax)."""
    month = ctx.published.month
    if month in (3, 4):
        zh, en, start = "使用牌照稅", "vehicle licence tax", 4
    elif month in (4, 5):
        zh, en, start = "房屋稅", "house tax", 5
    elif month in (10, 11):
        zh, en, start = "地價稅", "land value tax", 11
    else:
        zh, en, start = pick(
            rng,
            [
                ("使用牌照稅", "vehicle licence tax", 4),
                ("房屋稅", "house tax", 5),
                ("地價稅", "land value tax", 11),
            ],
        )
    year = ctx.roc if start >= month else ctx.roc + 1
    return {
        "agency": "tax",
        "title_zh": f"公告本市{year}年{zh}開徵，繳納期間自{start}月1日起至{start}月底止。",
        "title_en": f"The City's {en} for {year + 1911} is due during the month of {calendar.month_name[start]}.",
        "basis_zh": "稅捐稽徵法第十六條。",
        "basis_en": "Article 16 of the Tax Collection Act.",
        "points_zh": [
            "納稅義務人未收到繳款書者，請逕向稅捐稽徵處申請補發。",
            "可利用行動支付、信用卡或便利商店繳納。",
        ],
        "points_en": [
            "Taxpayers without a bill may ask the Tax Bureau for a copy.",
            "Payment by mobile wallet, credit card or at convenience stores.",
        ],
    }


def property_sale(rng: random.Random, ctx: Any) -> Doc:
    """Return a notice selling or leasing city-owned property."""
    lots = rng.randint(2, 12)
    return {
        "agency": "finance",
        "title_zh": f"公告標售本市市有非公用不動產{lots}筆。",
        "title_en": f"Public sale of {lots} city-owned properties not in public use.",
        "basis_zh": "本市市有財產管理自治條例。",
        "basis_en": "The City's Self-Government Ordinance on City-Owned Property.",
        "points_zh": ["標售清冊及底價詳見財政局網站。", "投標人應繳交底價百分之十之押標金。"],
        "points_en": [
            "Lists and reserve prices are on the Department of Finance website.",
            "Bidders pay a deposit of 10% of the reserve price.",
        ],
    }


def budget_notice(rng: random.Random, ctx: Any) -> Doc:
    """Return a budget or accounts publication."""
    amount = rng.randint(1450, 1790)
    return {
        "agency": "accounting",
        "title_zh": f"公布本市{ctx.roc}年度總預算，歲出總額新臺幣{amount}億元。",
        "title_en": f"The City's {ctx.year} budget: total expenditure NT${amount} hundred million.",
        "basis_zh": "預算法及地方制度法第四十條。",
        "basis_en": "The Budget Act and Article 40 of the Local Government Act.",
        "points_zh": ["總預算業經市議會審議通過。", "預算書全文置於主計處網站。"],
        "points_en": [
            "The City Council has passed the budget.",
            "The full budget is on the accounting department website.",
        ],
    }


def lottery_surplus(rng: random.Random, ctx: Any) -> Doc:
    """Return the use of public-welfare lottery surplus."""
    amount = rng.randint(8, 20)
    return {
        "agency": "social-welfare",
        "title_zh": f"公告本市{ctx.roc - 1}年度公益彩券盈餘分配運用情形，計新臺幣{amount}億元。",
        "title_en": f"Use of public-welfare lottery surplus in {ctx.year - 1}: NT${amount} hundred million.",
        "basis_zh": "公益彩券發行條例第八條。",
        "basis_en": "Article 8 of the Public Welfare Lottery Issue Act.",
        "points_zh": ["盈餘用於社會福利、長期照顧及弱勢家庭扶助。"],
        "points_en": [
            "The surplus funds welfare, long-term care and support for families in need."
        ],
    }


def janitor_posts(rng: random.Random, ctx: Any) -> Doc:
    """Return the yearly janitorial headcount control report with a small table."""
    units = rng.sample([u for u in UNITS if u[2] != "secretariat"], 4) + [UNITS[0]]
    rows_zh, rows_en, cut = [], [], 0
    for zh, en, _ in units:
        budget = rng.randint(8, 60)
        left = rng.randint(0, 4)
        cut += left
        rows_zh.append([zh.removeprefix("本府"), budget, budget - left, left])
        rows_en.append([en.removeprefix("the "), budget, budget - left, left])
    return {
        "agency": "secretariat-general",
        "title_zh": f"公告本府各機關學校{ctx.roc - 1}年度工友員額控管情形，計減少{cut}人。",
        "title_en": f"Janitorial posts of City agencies and schools in {ctx.year - 1}: {cut} fewer.",
        "basis_zh": "行政院工友員額精簡政策及本府各機關學校工友人力替代方案。",
        "basis_en": "The national policy on reducing janitorial posts and the City's replacement plan.",
        "points_zh": [
            "工友（含技工、駕駛）出缺一律不補，所需人力以委外或移撥方式支應。",
            "各機關應於每年一月底前填報前一年度員額異動情形。",
            "下表摘列部分機關之員額變動。",
        ],
        "points_en": [
            "Vacant janitorial posts (including technicians and drivers) are not refilled; work is outsourced or reassigned.",
            "Agencies report last year's changes by the end of January.",
            "The table shows some of the agencies.",
        ],
        "table_zh": (["機關", "年初人數", "年底人數", "減少人數"], rows_zh),
        "table_en": (["Agency", "Start of year", "End of year", "Reduction"], rows_en),
    }


def archives_award(rng: random.Random, ctx: Any) -> Doc:
    """Return the results of the City's archives management review with a ranking table."""
    units = rng.sample(UNITS, 3)
    rows_zh = [
        [rank, u[0].removeprefix("本府"), f"{rng.randint(86, 97)}.{rng.randint(0, 9)}"]
        for rank, u in enumerate(units, start=1)
    ]
    rows_zh.sort(key=lambda r: r[2], reverse=True)
    for rank, row in enumerate(rows_zh, start=1):
        row[0] = rank
    names_en = {u[0].removeprefix("本府"): u[1].removeprefix("the ") for u in UNITS}
    rows_en = [[r[0], names_en[r[1]], r[2]] for r in rows_zh]
    return {
        "agency": "secretariat-docs",
        "title_zh": f"公告本府{ctx.roc - 1}年度各機關檔案管理評比結果，並推薦優等機關參加金檔獎評獎。",
        "title_en": f"Results of the City's {ctx.year - 1} archives management review; top agencies nominated for the Golden Archives Award.",
        "basis_zh": "本府各級機關檔案管理輔導獎勵計畫。",
        "basis_en": "The Programme for Guidance and Awards in Agency Archives Management.",
        "points_zh": [
            f"本年度實地輔導{rng.randint(18, 26)}場次，評比項目包括檔案保管、清理、應用及線上簽核推動情形。",
            "優等機關承辦人員依規定敘獎，並推薦參加檔案管理局評獎。",
        ],
        "points_en": [
            "Review visits covered storage, disposal, access and online signing.",
            "Staff of the top agencies are commended and the agencies are nominated for the national award.",
        ],
        "table_zh": (["名次", "機關", "總分"], rows_zh),
        "table_en": (["Rank", "Agency", "Score"], rows_en),
    }


def energy_saving(rng: random.Random, ctx: Any) -> Doc:
    """Return City Hall energy-saving measures."""
    cut = rng.choice(["3.2", "4.5", "5.1", "6.8"])
    return {
        "agency": "secretariat-building",
        "title_zh": f"公告本府市政大樓{ctx.roc}年度節約能源措施，用電量較基準年減少{cut}%為目標。",
        "title_en": f"City Hall energy saving {ctx.year}: target {cut}% less electricity than the base year.",
        "basis_zh": "本府節約能源推動計畫。",
        "basis_en": "The City's Energy Saving Programme.",
        "points_zh": [
            "辦公室空調溫度設定為攝氏二十六至二十八度，中午休息時間關閉非必要照明。",
            "智慧能源管理平台每十五分鐘蒐集各樓層用電數據，超過需量目標時自動卸載。",
            "公共空間老舊燈具分年汰換為LED燈具，並優先採購具節能標章之設備。",
            "各機關用電情形按月公布於本府內部網站。",
        ],
        "points_en": [
            "Offices are cooled to 26-28 °C and non-essential lights are off at lunchtime.",
            "The smart energy platform reads each floor every 15 minutes and sheds load above the demand target.",
            "Old fittings in public areas are replaced with LED year by year; energy-label products are preferred.",
            "Each agency's use is published monthly on the intranet.",
        ],
    }


def sister_city_anniversary(rng: random.Random, ctx: Any) -> Doc:
    """Return a notice of events marking a sister-city anniversary."""
    city_zh, city_en = pick(rng, SISTER_CITIES)
    years = rng.choice([10, 15, 20, 25, 30])
    return {
        "agency": "secretariat-intl",
        "title_zh": f"公告本市與{city_zh}締結姊妹市{years}週年交流活動，歡迎市民參與。",
        "title_en": f"Events marking {years} years of sister-city ties with {city_en}; residents welcome.",
        "basis_zh": "本府國際交流合作推動計畫。",
        "basis_en": "The City's programme for international exchange and cooperation.",
        "points_zh": [
            "活動包括城市攝影展、青年線上論壇及在地特色產品展售。",
            "姊妹市代表團來訪期間，將參訪本市智慧交通及社會住宅建設。",
            f"攝影展於市政大樓一樓大廳展出{rng.randint(2, 4)}週，免費參觀。",
        ],
        "points_en": [
            "A photo exhibition, an online youth forum and a local products fair are planned.",
            "The visiting delegation will see the City's smart transport and social housing projects.",
            "The photo exhibition in the City Hall lobby is free.",
        ],
    }


def vehicle_sale(rng: random.Random, ctx: Any) -> Doc:
    """Return a sale of retired official vehicles (a 財經 item)."""
    cars = rng.randint(4, 15)
    rows = [
        [
            f"{rng.choice(['小客車', '小貨車', '機車'])}",
            f"{ctx.year - rng.randint(12, 20)}",
            f"{rng.randint(8, 60) * 1000}",
        ]
        for _ in range(3)
    ]
    kinds = {"小客車": "Car", "小貨車": "Van", "機車": "Motorcycle"}
    return {
        "agency": "secretariat-general",
        "title_zh": f"公告標售本府報廢公務車輛{cars}輛。",
        "title_en": f"Sale of {cars} retired official vehicles.",
        "basis_zh": "本市市有財產管理自治條例及本府公務車輛管理規定。",
        "basis_en": "The City's ordinance on city-owned property and its rules on official vehicles.",
        "points_zh": [
            "報廢車輛已逾使用年限並經核准報廢，汰換後之公務車以電動車為原則。",
            "車輛現況展示於市政大樓平面停車場，開標前三日開放看車。",
            "下表列示部分車輛之底價。",
        ],
        "points_en": [
            "The vehicles are past their service life; replacements are electric as a rule.",
            "They can be inspected in the City Hall surface car park during the three days before the opening.",
            "Reserve prices of some vehicles are shown below.",
        ],
        "table_zh": (["車種", "出廠年份", "底價（元）"], rows),
        "table_en": (
            ["Type", "Year built", "Reserve price (TWD)"],
            [[kinds[r[0]], r[1], r[2]] for r in rows],
        ),
    }


COMPOSERS: dict[str, list[Callable[[random.Random, Any], Doc]]] = {
    "法規": [regulation],
    "行政規則": [admin_rule],
    "公告": [
        building_maintenance, building_maintenance, parking, parking, archives_disposal,
        venue_booking, calligraphy, exchange_call, online_signing, urban_plan, urban_plan,
        social_standard, environment_notice, traffic_notice, heritage, district_change,
        labour_notice, janitor_posts, archives_award, energy_saving, sister_city_anniversary,
    ],
    "人事": [personnel],
    "採購": [procurement],
    "財經": [tax_notice, tax_notice, property_sale, budget_notice, lottery_surplus, vehicle_sale],
}  # fmt: skip


# Notices printed on a calendar rather than drawn at random (see sample_corpus_text.scheduled).
SCHEDULED = {"gift_report": gift_report, "price_notice": price_notice}


# --------------------------------------------------------------------------- 更正

ERRATA = [
    ("附表所列金額", "an amount in the table"),
    ("生效日期", "the date of entry into force"),
    ("引用條次", "an article reference"),
    ("機關名稱", "an agency name"),
    ("英文譯名", "an English name"),
    ("聯絡電話", "a contact telephone number"),
]  # fmt: skip


# What the corrected document was: regulations go out as orders (令), notices as 公告.
DOC_KIND = {
    "法規": "令",
    "行政規則": "令",
    "公告": "公告",
    "採購": "公告",
    "財經": "公告",
    "人事": "令",
}


def compose_corrigendum(rng: random.Random, entry: Any) -> None:
    """Fill a corrigendum that points at the entry it corrects."""
    original = entry.corrects
    issue = original.issue
    what_zh, what_en = pick(rng, ERRATA)
    title_zh = (
        f"更正本府公報{issue['volume']}年第{issue['number']}期刊登本府"
        f"{roc_zh(original.signed_date)}{original.doc_number}{DOC_KIND[original.category]}之{what_zh}誤植。"
    )
    title_en = (
        f"Corrigendum to entry {original.entry_id} (Vol. {issue['volume']} No. {issue['number']}): "
        f"{what_en} was misprinted."
    )
    doc = {
        "title_zh": title_zh,
        "title_en": title_en,
        "points_zh": [
            f"原刊登事項：「{original.title_zh}」",
            f"該事項之{what_zh}有誤，以本更正為準。",
            "其餘內容不變。",
        ],
        "points_en": [
            f"Entry corrected: {original.entry_id}.",
            f"{what_en[0].upper() + what_en[1:]} was wrong; this corrigendum prevails.",
            "Nothing else changes.",
        ],
    }
    entry.title_zh, entry.title_en = title_zh, title_en
    entry.body_zh, entry.body_en = render("更正", doc)
