# ruff: noqa: E501  (data tables: one record per line reads better than wrapped strings)
"""Supply the rows of the register-like datasets: gifts, price items and plan indicators."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

# --------------------------------------------------------------------------- gifts

# (zh, en, country, kind) kind: mission = foreign office in Taiwan, city = sister/friendly city
COUNTERPARTS = [
    ("日本台灣交流協會", "Japan-Taiwan Exchange Association", "JP", "mission"),
    ("日本高崎市訪問團", "Takasaki City delegation", "JP", "city"),
    ("日本熊本縣議會訪問團", "Kumamoto Prefectural Assembly delegation", "JP", "city"),
    ("美國在台協會", "American Institute in Taiwan", "US", "mission"),
    ("美國聖荷西市市長訪問團", "Mayor of San Jose and delegation", "US", "city"),
    ("駐台北韓國代表部", "Korean Mission in Taipei", "KR", "mission"),
    ("韓國水原市經貿訪問團", "Suwon trade delegation", "KR", "city"),
    ("德國在台協會", "German Institute Taipei", "DE", "mission"),
    ("德國弗萊堡市議會", "Freiburg City Council", "DE", "city"),
    ("法國在台協會", "French Office in Taipei", "FR", "mission"),
    ("法國昂熱市文化交流團", "Angers cultural delegation", "FR", "city"),
    ("馬尼拉經濟文化辦事處", "Manila Economic and Cultural Office", "PH", "mission"),
    ("菲律賓宿霧市政府", "Cebu City Government", "PH", "city"),
    ("越南駐台北經濟文化辦事處", "Vietnam Economic and Cultural Office in Taipei", "VN", "mission"),
    ("泰國貿易經濟辦事處", "Thailand Trade and Economic Office", "TH", "mission"),
    ("英國在台辦事處", "British Office Taipei", "GB", "mission"),
    ("澳洲辦事處", "Australian Office", "AU", "mission"),
    ("澳洲黃金海岸市政府", "City of Gold Coast", "AU", "city"),
    ("加拿大駐台北貿易辦事處", "Canadian Trade Office in Taipei", "CA", "mission"),
    ("紐西蘭商工辦事處", "New Zealand Commerce and Industry Office", "NZ", "mission"),
    ("紐西蘭漢米爾頓市青年團", "Hamilton youth delegation", "NZ", "city"),
    ("印度台北協會", "India Taipei Association", "IN", "mission"),
    ("印尼經濟貿易代表處", "Indonesian Economic and Trade Office", "ID", "mission"),
    ("馬來西亞友誼及貿易中心", "Malaysian Friendship and Trade Centre", "MY", "mission"),
    ("新加坡駐台北商務辦事處", "Singapore Trade Office in Taipei", "SG", "mission"),
    ("城市與地方政府聯合會亞太區秘書處", "UCLG Asia-Pacific Secretariat", "ID", "org"),
    ("國際青年交流協會", "International Youth Exchange Association", "", "org"),
    ("本市商業總會", "City Chamber of Commerce", "", "local"),
    ("本市旅館商業同業公會", "City Hotel Association", "", "local"),
]  # fmt: skip

OCCASIONS_GIVE = [
    ("拜會市長", "Courtesy call on the Mayor"),
    ("姊妹市締盟週年慶", "Sister-city anniversary"),
    ("駐台使節參訪市政建設", "Envoys' visit to city projects"),
    ("國際青年交流團來訪", "Visit of an international youth group"),
    ("市長率團出訪", "Mayor's overseas visit"),
    ("城市論壇與會", "City forum"),
    ("農業博覽會國際友好專區開幕", "Opening of the international pavilion at the agricultural expo"),
    ("領事團新春聯誼", "Lunar New Year reception for the consular corps"),
    ("智慧城市展交流", "Smart city exhibition exchange"),
]  # fmt: skip
OCCASIONS_RECEIVE = [
    ("外賓拜會市長致贈", "Gift at a courtesy call"),
    ("姊妹市交流回贈", "Return gift from a sister city"),
    ("國際會議主辦單位致贈", "Gift from an international conference host"),
    ("市長出訪受贈", "Gift received on the Mayor's overseas visit"),
    ("年節致意", "Seasonal greeting"),
]  # fmt: skip

# (zh, en, local specialty, low, high unit value)
ITEMS_GIVE = [
    ("包種茶葉禮盒", "Pouchong tea gift box", True, 600, 1800),
    ("東方美人茶禮盒", "Oriental Beauty tea gift box", True, 900, 2600),
    ("陶瓷杯組", "Ceramic cup set", True, 800, 2400),
    ("木雕擺飾", "Wood carving", True, 1500, 4500),
    ("鳳梨酥禮盒", "Pineapple cake box", True, 300, 650),
    ("客家花布提袋", "Hakka floral-fabric tote bag", True, 280, 520),
    ("紀念郵票冊", "Commemorative stamp album", False, 450, 900),
    ("藍染絲巾", "Indigo-dyed silk scarf", True, 680, 1500),
    ("竹編置物盒", "Woven bamboo box", True, 500, 1200),
    ("琉璃紙鎮", "Glass paperweight", True, 900, 2200),
    ("市徽紀念徽章", "City emblem pin", False, 120, 260),
    ("原住民編織杯墊組", "Indigenous woven coaster set", True, 350, 800),
    ("在地米禮盒", "Local rice gift box", True, 400, 900),
    ("市府紀念鋼筆", "City Government commemorative pen", False, 700, 1600),
]  # fmt: skip
ITEMS_RECEIVE = [
    ("清酒", "Sake", 800, 4200),
    ("城市紀念盤", "Commemorative city plate", 500, 3500),
    ("紀念幣", "Commemorative coin", 300, 2000),
    ("城市畫冊", "City picture book", 200, 900),
    ("水晶獎座", "Crystal trophy", 1200, 6500),
    ("領帶", "Necktie", 600, 2800),
    ("巧克力禮盒", "Chocolate box", 250, 1200),
    ("葡萄酒", "Wine", 900, 5200),
    ("傳統工藝品", "Traditional craft", 700, 9800),
    ("咖啡禮盒", "Coffee gift box", 350, 1500),
]  # fmt: skip

OUTCOMES_REQUIRED = ["歸公", "付費收受", "轉贈慈善機構", "退還", "簽報留存"]


def gift(rng: random.Random, day: date) -> dict[str, Any]:
    """Return one gift record (without its ID) that respects the ethics thresholds."""
    foreign = [c for c in COUNTERPARTS if c[3] != "local"]
    give = rng.random() < 0.68
    counterpart = rng.choice(foreign if give or rng.random() < 0.8 else COUNTERPARTS)
    if give:
        item_zh, item_en, local, low, high = rng.choice(ITEMS_GIVE)
        occasion = rng.choice(OCCASIONS_GIVE)
        quantity = rng.choices([1, 2, 3, 5, 10, 20, 30], weights=[50, 10, 6, 6, 8, 6, 4])[0]
    else:
        item_zh, item_en, low, high = rng.choice(ITEMS_RECEIVE)
        local = False
        occasion = rng.choice(OCCASIONS_RECEIVE)
        quantity = rng.choices([1, 2, 4, 6], weights=[80, 10, 6, 4])[0]
    unit_value = round(rng.randint(low, high), -1)
    total = quantity * unit_value
    stakeholder = None if give else counterpart[3] == "local" and rng.random() < 0.6
    english = rng.random() < 0.85
    return {
        "date": day,
        "direction": "致贈" if give else "受贈",
        "occasion_zh": occasion[0],
        "occasion_en": occasion[1] if english else "",
        "counterpart_zh": counterpart[0],
        "counterpart_en": counterpart[1] if english else "",
        "counterpart_country": counterpart[2],
        "item_zh": item_zh,
        "item_en": item_en if english else "",
        "quantity": quantity,
        "unit_value": unit_value,
        "total_value": total,
        "local_specialty": local,
        "stakeholder": stakeholder,
        "outcome": None if give else gift_outcome(rng, bool(stakeholder), unit_value, total),
        "agency_id": rng.choices(
            ["secretariat", "secretariat-intl", "tourism", "culture"], weights=[40, 48, 7, 5]
        )[0],
    }


def gift_outcome(rng: random.Random, stakeholder: bool, unit_value: int, total: int) -> str | None:
    """Return how a received gift was handled; required above the ethics thresholds."""
    if (stakeholder and unit_value > 500) or unit_value > 3000 or total > 10000:
        if stakeholder:
            return rng.choice(["退還", "歸公", "付費收受"])
        return rng.choices(OUTCOMES_REQUIRED, weights=[5, 2, 2, 1, 3])[0]
    return rng.choice([None, None, "簽報留存"])


# --------------------------------------------------------------------------- prices

# category: (code, default source, items (zh, en, spec, unit, base price TWD))
PRICE_CATALOGUE: dict[str, tuple[str, str, list[tuple[str, str, str, str, float]]]] = {
    "辦公用品": ("OF", "市場訪價", [
        ("影印紙", "Copy paper", "A4 70磅 500張/包", "包", 105),
        ("影印紙", "Copy paper", "A3 70磅 500張/包", "包", 215),
        ("原子筆", "Ballpoint pen", "0.5mm 油性 藍色", "支", 8),
        ("中性筆", "Gel pen", "0.38mm 黑色", "支", 22),
        ("螢光筆", "Highlighter", "雙頭 黃色", "支", 15),
        ("釘書機", "Stapler", "10號 可釘20張", "個", 95),
        ("釘書針", "Staples", "10號 1000支/盒", "盒", 12),
        ("資料夾", "Clear file folder", "A4 20頁 透明", "個", 38),
        ("便利貼", "Sticky notes", "76x76mm 100張", "本", 28),
        ("公文夾", "Document folder", "A4 塑膠 附板夾", "個", 45),
        ("膠帶", "Adhesive tape", "18mm x 40yd 透明", "卷", 18),
        ("修正帶", "Correction tape", "5mm x 8m", "個", 32),
    ]),
    "資訊耗材": ("IT", "共同供應契約", [
        ("雷射碳粉匣", "Laser toner cartridge", "黑色 原廠 印量3000張", "支", 2650),
        ("彩色碳粉匣", "Colour toner cartridge", "青色 原廠 印量2300張", "支", 3100),
        ("噴墨墨水匣", "Inkjet cartridge", "黑色 原廠 標準容量", "個", 690),
        ("隨身碟", "USB flash drive", "64GB USB 3.2", "個", 260),
        ("外接式硬碟", "External hard drive", "2TB 2.5吋 USB 3.2", "台", 2150),
        ("無線滑鼠", "Wireless mouse", "2.4GHz 光學 1600dpi", "個", 380),
        ("有線鍵盤", "Wired keyboard", "USB 中文注音 防潑水", "個", 420),
        ("網路線", "Network cable", "Cat.6 3公尺", "條", 85),
        ("液晶螢幕", "LCD monitor", "24吋 IPS FHD", "台", 3600),
        ("視訊攝影機", "Webcam", "1080p 內建麥克風", "台", 1250),
        ("不斷電系統", "UPS", "1KVA 在線互動式", "台", 4300),
        ("藍牙耳機麥克風", "Bluetooth headset", "單耳 降噪", "個", 890),
    ]),
    "清潔用品": ("CL", "市場訪價", [
        ("衛生紙", "Toilet tissue", "抽取式 100抽 x 12包", "串", 129),
        ("擦手紙", "Hand towel paper", "三折 200張 x 20包", "箱", 560),
        ("洗手乳", "Hand soap", "1000ml 補充瓶", "瓶", 95),
        ("漂白水", "Bleach", "2000ml", "瓶", 69),
        ("垃圾袋", "Rubbish bags", "大 78x90cm 1公斤", "包", 75),
        ("拖把", "Mop", "平板式 附替換布", "支", 320),
        ("地板清潔劑", "Floor cleaner", "4000ml 中性", "桶", 260),
        ("玻璃清潔劑", "Glass cleaner", "500ml 噴霧", "瓶", 85),
        ("酒精", "Ethanol", "75% 4000ml", "桶", 350),
        ("菜瓜布", "Scouring pad", "3片/包", "包", 35),
        ("口罩", "Face masks", "醫用平面 50片/盒", "盒", 99),
        ("清潔手套", "Cleaning gloves", "乳膠 M號", "雙", 45),
    ]),
    "茶水餐飲": ("TE", "市場訪價", [
        ("瓶裝水", "Bottled water", "600ml x 24瓶", "箱", 168),
        ("綠茶茶包", "Green tea bags", "2.5g x 100包", "盒", 190),
        ("即溶咖啡", "Instant coffee", "三合一 15g x 100包", "袋", 420),
        ("會議便當", "Meeting lunch box", "葷食 一主菜三配菜", "個", 100),
        ("素食便當", "Vegetarian lunch box", "素食 三配菜", "個", 95),
        ("會議點心", "Meeting snacks", "中式點心 2件", "份", 60),
        ("紙杯", "Paper cups", "260ml 50個/條", "條", 45),
        ("桶裝水", "Water jug", "18.9公升", "桶", 140),
        ("烏龍茶葉", "Oolong tea leaves", "本市產 300g", "罐", 520),
        ("鮮奶", "Fresh milk", "936ml", "瓶", 92),
        ("糖包", "Sugar sachets", "8g x 100包", "包", 70),
        ("奶精球", "Creamer", "5ml x 50顆", "包", 85),
    ]),
    "電器設備": ("EL", "共同供應契約", [
        ("冷氣機", "Air conditioner", "分離式 變頻 2.8kW 一級能效", "台", 28500),
        ("電風扇", "Electric fan", "16吋 DC直流", "台", 1890),
        ("除濕機", "Dehumidifier", "每日除濕12公升 一級能效", "台", 8900),
        ("飲水機", "Water dispenser", "冰溫熱 三溫", "台", 15800),
        ("電冰箱", "Refrigerator", "300公升 雙門 一級能效", "台", 17500),
        ("LED燈管", "LED tube", "T8 4呎 18W", "支", 145),
        ("LED平板燈", "LED panel", "2x2呎 40W", "盞", 1250),
        ("碎紙機", "Paper shredder", "短碎 A4 一次10張", "台", 4800),
        ("空氣清淨機", "Air purifier", "適用10坪 HEPA", "台", 7900),
        ("電熱水瓶", "Electric thermos", "5公升", "台", 2300),
        ("投影機", "Projector", "4000流明 WXGA", "台", 24000),
        ("延長線", "Power strip", "6座 3孔 1.8公尺 附開關", "條", 320),
    ]),
    "家具": ("FU", "歷年決標", [
        ("辦公桌", "Office desk", "140x70cm 附抽屜", "張", 5800),
        ("辦公椅", "Office chair", "網背 附扶手 可升降", "張", 3200),
        ("會議桌", "Meeting table", "180x90cm", "張", 7600),
        ("會議椅", "Meeting chair", "皮面 無扶手", "張", 1850),
        ("公文櫃", "Filing cabinet", "鋼製 四層 附鎖", "個", 6200),
        ("書架", "Bookshelf", "五層 鋼木", "個", 3900),
        ("活動櫃", "Mobile pedestal", "三抽 附輪", "個", 3400),
        ("屏風隔板", "Partition screen", "高120cm 寬90cm", "片", 2100),
        ("置物櫃", "Locker", "鋼製 12格", "組", 8800),
        ("沙發", "Sofa", "三人座 皮面", "組", 18800),
        ("茶几", "Coffee table", "120x60cm 強化玻璃", "張", 4200),
        ("折疊桌", "Folding table", "180x60cm", "張", 1650),
    ]),
    "印刷文宣": ("PR", "歷年決標", [
        ("海報印刷", "Poster printing", "A2 銅版紙 彩色 100張", "批", 3600),
        ("摺頁印刷", "Leaflet printing", "A4 三摺 彩色 1000份", "批", 5200),
        ("名片印刷", "Business cards", "雙面 彩色 100張", "盒", 260),
        ("信封印刷", "Envelope printing", "中式 單色 1000個", "批", 2200),
        ("手冊印刷", "Booklet printing", "A5 彩色 48頁 500本", "批", 36000),
        ("紅布條", "Cloth banner", "90x600cm 單色", "條", 950),
        ("帆布輸出", "Canvas print", "每平方公尺 彩色", "平方公尺", 230),
        ("桌牌", "Name plate", "壓克力 雙面", "個", 180),
        ("賀卡印刷", "Greeting cards", "新年賀卡 附信封 500份", "批", 9800),
        ("識別證套", "Badge holder", "PVC 附掛繩", "個", 25),
        ("貼紙印刷", "Sticker printing", "圓形 5cm 1000張", "批", 1600),
        ("會議資料裝訂", "Binding of meeting papers", "A4 膠裝 50頁", "本", 55),
    ]),
    "禮品紀念品": ("GF", "市場訪價", [
        ("茶葉禮盒", "Tea gift box", "本市產 150g x 2罐", "盒", 1200),
        ("陶瓷杯組", "Ceramic cup set", "對杯 附禮盒", "組", 1400),
        ("鳳梨酥禮盒", "Pineapple cake box", "12入", "盒", 480),
        ("客家花布提袋", "Hakka floral tote", "手工 中型", "個", 420),
        ("紀念郵票冊", "Stamp album", "本市風景 精裝", "冊", 680),
        ("竹編置物盒", "Bamboo box", "手工 20cm", "個", 850),
        ("琉璃紙鎮", "Glass paperweight", "市花造型 附禮盒", "個", 1600),
        ("市徽紀念徽章", "City emblem pin", "琺瑯 2.5cm", "個", 180),
        ("紀念鋼筆", "Commemorative pen", "雷射刻字 附禮盒", "支", 1100),
        ("藍染絲巾", "Indigo silk scarf", "90x90cm", "條", 980),
        ("在地米禮盒", "Local rice box", "真空包 1公斤 x 2", "盒", 560),
        ("木雕擺飾", "Wood carving", "樟木 15cm", "個", 3200),
    ]),
}  # fmt: skip


def price_items(count: int) -> list[dict[str, Any]]:
    """Return `count` price items; past the catalogue, items repeat as numbered models."""
    base = [
        (category, code, source, item)
        for category, (code, source, items) in PRICE_CATALOGUE.items()
        for item in items
    ]
    per_code: dict[str, int] = {}
    result = []
    for n in range(count):
        category, code, source, (zh, en, spec, unit, price) = base[n % len(base)]
        generation = n // len(base)
        per_code[code] = per_code.get(code, 0) + 1
        result.append(
            {
                "item_id": f"{code}-{per_code[code]:04d}",
                "category": category,
                "name_zh": zh,
                "name_en": en,
                "spec": spec if generation == 0 else f"{spec}（型號{generation + 1}）",
                "unit": unit,
                "base": price * (1 + 0.07 * generation),
                "source": source,
            }
        )
    return result


# --------------------------------------------------------------------------- indicators


def ind(zh, en, weight, measure_zh, measure_en, unit_zh, unit_en, target, **extra) -> dict:
    """Return one indicator definition (positional order mirrors the plan tables)."""
    return {
        "zh": zh,
        "en": en,
        "weight": weight,
        "measure_zh": measure_zh,
        "measure_en": measure_en,
        "unit_zh": unit_zh,
        "unit_en": unit_en,
        "target": target,
        **extra,
    }


INTL = {
    "source_zh": "秘書處國際事務科統計",
    "source_en": "International Affairs Division records",
    "agency": "secretariat-intl",
}
GEN = {
    "source_zh": "秘書處事務科統計",
    "source_en": "General Affairs Division records",
    "agency": "secretariat-general",
}
DOCS = {
    "source_zh": "本府公文管理系統",
    "source_en": "City document management system",
    "agency": "secretariat-docs",
}
PROC = {
    "source_zh": "秘書處採購科統計",
    "source_en": "Procurement Division records",
    "agency": "secretariat-procurement",
}
BLDG = {
    "source_zh": "市政大樓能源管理系統",
    "source_en": "City Hall energy management system",
    "agency": "secretariat-building",
}
PUB = {
    "source_zh": "秘書處公共事務科統計",
    "source_en": "Public Affairs Division records",
    "agency": "secretariat-public",
}

# The Taoyuan Secretariat's 107 plan table, objectives, weights, measures and targets as printed.
TAOYUAN_107 = [
    {"zh": "推動國際城市友好交流", "en": "Promote friendly exchange with international cities", "weight": 10, "indicators": [
        ind("推動與締盟城市之交流", "Exchanges with partner cities", 5, "與締盟城市交流次數。", "Number of exchanges with partner cities.", "次", "exchanges", 6, **INTL),
        ind("接待國際訪賓", "Receive international visitors", 5, "國際訪賓團數。", "Number of international visiting delegations.", "團", "delegations", 20, **INTL),
    ]},
    {"zh": "提升本市國際知名度", "en": "Raise the City's international profile", "weight": 8, "indicators": [
        ind("出版外交手冊", "Publish the city diplomacy handbook", 2, "完成手冊出版。", "Handbook published.", "冊", "volumes", 1, **INTL),
        ind("外交手冊電子化", "Digital edition of the handbook", 2, "發布電子版外交手冊。", "Digital handbook released.", "冊", "volumes", 1, **INTL),
        ind("加強與駐台單位之互動", "Closer ties with foreign missions in Taiwan", 2, "辦理駐台使節、代表參訪活動。", "Visits organised for envoys and representatives.", "場", "events", 1, **INTL),
        ind("增加媒體曝光", "More media coverage", 2, "媒體曝光數。", "Number of media reports.", "則", "reports", 80, **INTL),
    ]},
    {"zh": "配合辦理農業博覽會，提升本府國際交流", "en": "Use the agricultural expo for international exchange", "weight": 5, "indicators": [
        ind("邀請國際城市前來參展或表演", "Invite international cities to exhibit or perform", 3, "受邀前來參展或表演國際城市數。", "International cities exhibiting or performing.", "城市", "cities", 2, **INTL),
        ind("邀請國際外賓前來參觀", "Invite foreign guests to visit", 2, "前來參觀外賓人數。", "Foreign guests visiting.", "人", "persons", 100, **INTL),
    ]},
    {"zh": "優化民眾申請案件之時效", "en": "Faster handling of residents' requests", "weight": 2, "indicators": [
        ind("民眾申請婚喪喜慶之中堂、輓聯效率提升", "Faster scrolls and couplets for residents' occasions", 2, "民眾申請婚喪喜慶之中堂、輓聯時效縮短為交辦日起2個工作天完成。", "Share of scrolls and couplets completed within 2 working days of the request.", "%", "%", 95, early=True, **PUB),
    ]},
    {"zh": "改善整體洽公環境，提供優質辦公場域", "en": "Better premises for visitors and staff", "weight": 10, "indicators": [
        ind("辦理市政大樓地下停車場機械式車位汰換", "Replace mechanical bays in the City Hall basement car park", 5, "汰換機械式車位車格。", "Mechanical parking bays replaced.", "個", "bays", 58, **GEN),
        ind("辦理原市民代表會廳舍整修", "Renovate the former representative council building", 5, "107年底前完成廳舍整修工程。", "Renovation completed by the end of 2018.", "%", "%", 100, **GEN),
    ]},
    {"zh": "健全政府檔案管理，樹立檔管品質標竿", "en": "Sound archives management as a benchmark", "weight": 10, "indicators": [
        ind("輔導考核本府所屬機關檔案管理作業", "Guide and review agencies' archives management", 7, "考評輔導機關20場次。", "Share of 20 planned review and guidance visits held.", "%", "%", 80, **DOCS),
        ind("提供檔案管理人員專業知能學習", "Training for archives staff", 3, "參加研習人員課後測驗及格分數60分以上。", "Share of trainees scoring 60 or more in the post-course test.", "%", "%", 75, **DOCS),
    ]},
    {"zh": "持續推動公文線上簽核", "en": "Keep extending online document signing", "weight": 2, "indicators": [
        ind("公文線上簽核比率", "Share of documents signed online", 2, "公文線上簽核件數／（電子公文收文總數＋紙本來文線上簽核數＋自創簽稿數）×100%。", "Documents signed online / (electronic documents received + paper letters signed online + drafts created) × 100%.", "%", "%", 45, **DOCS),
    ]},
    {"zh": "工友員額控管", "en": "Control of janitorial staff numbers", "weight": 3, "indicators": [
        ind("持續遵循中央員額精簡政策，工友遇缺不補，維持本府工友不新僱之管制措施", "Follow the national downsizing policy: vacant janitorial posts are not refilled", 3, "工友減少人數。", "Reduction in janitorial staff.", "人", "persons", 24, **GEN),
    ]},
]  # fmt: skip


def midterm_plan(year: int) -> list[dict[str, Any]]:
    """Return a plan year modelled on the 112-115 mid-term plans; targets rise each year."""
    k = max(0, year - 113)  # years into the plan, so targets can tighten
    lower = {"higher": False}
    return [
        {"zh": "鏈結國際，行銷城市魅力", "en": "Connect with the world and market the City", "weight": 15, "indicators": [
            ind("邀請外國政要及駐華使節蒞市訪問", "Visits by foreign dignitaries and envoys", 8, "蒞市訪問之外國政要及駐華使節人次。", "Foreign dignitaries and envoys visiting the City.", "人次", "visits", 120 + 10 * k, **INTL),
            ind("參與國際城市組織會議及活動", "Take part in international city networks", 7, "出席國際城市組織會議及活動場次。", "Meetings and events of international city networks attended.", "場", "events", 6 + k, **INTL),
        ]},
        {"zh": "深化國際合作交流", "en": "Deepen international cooperation", "weight": 12.5, "indicators": [
            ind("與姊妹市及友好城市實質交流", "Exchanges with sister and friendship cities", 7.5, "與姊妹市、友好城市辦理經貿、觀光、文教交流次數。", "Trade, tourism, culture and education exchanges with sister and friendship cities.", "次", "exchanges", 18 + 2 * k, **INTL),
            ind("青年國際交流參與", "Young people in international exchange", 5, "參加模擬聯合國及青年交流活動之人數。", "Young people taking part in model UN and youth exchanges.", "人", "persons", 300 + 40 * k, **INTL),
        ]},
        {"zh": "加強辦公廳舍管理，推動節能減碳", "en": "Manage City Hall well and cut energy use", "weight": 20, "indicators": [
            ind("市政大樓年用電量", "City Hall electricity use", 8, "市政大樓全年用電度數（萬度）。", "City Hall electricity use in the year (10,000 kWh).", "萬度", "10,000 kWh", 980 - 15 * k, **lower, **BLDG),
            ind("機電設備定期保養完成率", "Scheduled maintenance of building services done", 6, "已完成保養項目數／排定保養項目數×100%。", "Maintenance tasks done / tasks scheduled × 100%.", "%", "%", 98, **BLDG),
            ind("員工餐廳顧客滿意度", "Staff canteen satisfaction", 6, "年度顧客滿意度調查滿意以上比率。", "Share satisfied or very satisfied in the yearly survey.", "%", "%", 85 + k, **GEN),
        ]},
        {"zh": "智慧治理，行政優化服務創新", "en": "Smart governance and better administration", "weight": 22.5, "indicators": [
            ind("公文線上簽核比率", "Share of documents signed online", 7.5, "公文線上簽核件數／（電子公文收文總數＋紙本來文線上簽核數＋自創簽稿數）×100%。", "Documents signed online / (electronic documents received + paper letters signed online + drafts created) × 100%.", "%", "%", 85 + 3 * k, **DOCS),
            ind("工友預算員額數", "Budgeted janitorial posts", 5, "年底本府工友（含技工、駕駛）預算員額數。", "Budgeted janitorial posts (incl. technicians and drivers) at year end.", "人", "persons", 640 - 25 * k, **lower, **GEN),
            ind("公務車輛電動化比率", "Share of electric official cars", 5, "電動公務小客車數／公務小客車總數×100%。", "Electric official cars / all official cars × 100%.", "%", "%", 20 + 10 * k, **GEN),
            ind("中堂輓聯二個工作天完成率", "Scrolls and couplets within two working days", 5, "交辦日起二個工作天內完成寄送件數／總件數×100%。", "Requests posted within two working days / all requests × 100%.", "%", "%", 96, early=True, **PUB),
        ]},
        {"zh": "完善文書及檔案管理", "en": "Sound document and archives management", "weight": 10, "indicators": [
            ind("機關檔案管理輔導場次", "Archives guidance visits", 5, "辦理所屬機關檔案管理輔導及評比場次。", "Guidance and review visits to agencies.", "場", "visits", 24, **DOCS),
            ind("文檔研習參訓人次", "Trainees in document and archives courses", 5, "文書檔案研習及標竿學習參訓人次。", "Staff trained in document and archives courses.", "人次", "trainees", 450 + 30 * k, early=True, **DOCS),
        ]},
        {"zh": "陽光採購，精進採購專業品質", "en": "Transparent procurement and skilled buyers", "weight": 15, "indicators": [
            ind("採購教育訓練人次", "Procurement training", 5, "採購專業人員及講習課程參訓人次。", "Staff trained in procurement courses.", "人次", "trainees", 1800 + 100 * k, **PROC),
            ind("工程採購流廢標比率", "Failed works tenders", 5, "流標及廢標案件數／工程採購招標案件數×100%。", "Failed or cancelled tenders / works tenders × 100%.", "%", "%", 12 - k, **lower, **PROC),
            ind("公開取得電子報價單使用比率", "Use of electronic quotations", 5, "採電子報價單之公開取得案件數／公開取得案件數×100%。", "Open-acquisition cases with electronic quotations / all open-acquisition cases × 100%.", "%", "%", 60 + 5 * k, **PROC),
        ]},
    ]  # fmt: skip


def actual_value(rng: random.Random, indicator: dict[str, Any]) -> float:
    """Return a plausible result near the target, capped at 100 for percentages."""
    target = float(indicator["target"])
    higher = indicator.get("higher", True)
    factor = rng.uniform(0.92, 1.25) if higher else rng.uniform(0.85, 1.06)
    value = target * factor
    if indicator["unit_zh"] == "%":
        return min(100.0, round(value, 1))
    return float(round(value))
