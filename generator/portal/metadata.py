"""Catalogue metadata from the one descriptor: datapackage.json, DCAT, data.gov.tw, schema.org.

Everything here is derived from `datasets/datapackage.yaml` plus the published data and the
download files of this build, so the four forms never disagree. Dates are data dates (the
latest date in the published rows), never the build time, so output is reproducible.

The official PDF editions are open data too: DCAT and data-gov-tw.json list one dataset per
gazette volume, with one PDF distribution per issue (its address, size, SHA-256 and
publication date), named from gazette.yaml.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from generator.data.gazette_model import issues_of, pdf_path
from generator.identity import config_of
from generator.languages import LANGUAGES, ZH, language
from generator.models import BuildContext, Dataset
from generator.portal.downloads import (
    DATA_DIR,
    MEDIA_TYPES,
    Download,
    download_files,
    joined_csv_digest,
    write_file,
)
from generator.portal.history import Publication, build_history, first_published
from generator.roc import from_roc
from generator.schedule import id_digits

# EU frequency vocabulary (recommended by DCAT-AP); data.gov.tw's own wording alongside.
FREQUENCY = {
    "irregular": ("IRREG", "不定期更新"),
    "semiweekly": ("WEEKLY_2", "每週2次"),
    "weekly": ("WEEKLY", "每1週"),
    "semimonthly": ("MONTHLY_2", "每半月"),
    "monthly": ("MONTHLY", "每1月"),
    "quarterly": ("QUARTERLY", "每3月"),
    "annual": ("ANNUAL", "每1年"),
}
EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA = "http://www.iana.org/assignments/media-types/"
FILE_TYPES = {"csv": "CSV", "json": "JSON", "xlsx": "XLSX", "pdf": "PDF"}
LANG_TAGS = {lang.code: lang.html_lang for lang in LANGUAGES}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def text(item: dict[str, Any], key: str, lang: str) -> str:
    """Return `key` in `lang` from a descriptor item (`title` / `title_en`), falling back to zh."""
    if lang == "en":
        return str(item.get(f"{key}_en") or item.get(key) or "")
    return str(item.get(key) or "")


def publisher(descriptor: dict[str, Any]) -> dict[str, Any]:
    """Return the contributor with the publisher role (or the first contributor)."""
    people = descriptor.get("contributors") or [{}]
    return next((c for c in people if c.get("role") == "publisher"), people[0])


def licence(descriptor: dict[str, Any]) -> dict[str, Any]:
    """Return the package's (first) licence."""
    return (descriptor.get("licenses") or [{}])[0]


def _dates(dataset: Dataset, name: str) -> list[dt.date]:
    """Return every date in the resource's date-typed fields."""
    frame = dataset.frames.get(name)
    if frame is None:
        return []
    columns = [
        f["name"] for f in dataset.resource(name)["schema"]["fields"] if f.get("type") == "date"
    ]
    # Distinct values only: callers want the first and last date, and the archive has
    # 150,000 rows but a few thousand dates.
    return [
        v
        for c in columns
        if c in frame
        for v in frame[c].dropna().unique()
        if isinstance(v, dt.date)
    ]


def coverage(dataset: Dataset, name: str) -> tuple[dt.date, dt.date] | None:
    """Return the first and last date the resource covers (plan years count as whole years)."""
    dates = _dates(dataset, name)
    if dates:
        return min(dates), max(dates)
    frame = dataset.frames.get(name)
    if frame is not None and "plan_year" in frame and len(frame):
        years = [int(y) for y in frame["plan_year"].dropna()]
        if years:
            return dt.date(from_roc(min(years)), 1, 1), dt.date(from_roc(max(years)), 12, 31)
    return None


def modified(
    dataset: Dataset, name: str | None = None, history: Sequence[Publication] = ()
) -> dt.date | None:
    """Return when a resource's data last changed, or the package's latest date (no `name`).

    A resource's own latest date when it has date fields; else the date of its newest
    publication in `history` (the git commits that touched its file, newest first, see
    history.py); else None. Never the whole package's date: a table without dates (the
    agencies, the plan indicators) would then seem to change on every publish day and its
    pages be uploaded again although its data did not change (issue 28). Both sources
    depend only on the data and the repository, never on the build cache, so a cold build
    and a build by publish days agree.
    """
    if name is None:
        dates = [d for n in dataset.frames for d in _dates(dataset, n)]
        return max(dates) if dates else None
    dates = _dates(dataset, name)
    if dates:
        return max(dates)
    return dt.date.fromisoformat(history[0].date) if history else None


def resource_modified(ctx: BuildContext, name: str) -> dt.date | None:
    """Return when a resource's data last changed (`modified` with its git history)."""
    return modified(ctx.dataset, name, build_history(ctx).get(name, ()))


def resource_names(dataset: Dataset) -> list[str]:
    """Return the published resource names in descriptor order."""
    return [r["name"] for r in dataset.descriptor["resources"] if r["name"] in dataset.frames]


def page_url(ctx: BuildContext, name: str, lang: str) -> str:
    """Return the absolute URL of a dataset page."""
    return f"{ctx.site_url}{language(lang).prefix}{DATA_DIR}/{name}/"


def file_url(ctx: BuildContext, download: Download) -> str:
    """Return the absolute URL of a download (one copy at the site root)."""
    return ctx.site_url + download.path


# --- Frictionless data package ---


def datapackage(ctx: BuildContext) -> dict[str, Any]:
    """Return data/datapackage.json: every published CSV with bytes, hash and schema."""
    descriptor = ctx.dataset.descriptor
    files = download_files(ctx)
    owner = publisher(descriptor)
    package: dict[str, Any] = {
        key: descriptor[key]
        for key in ("name", "title", "title_en", "description", "description_en", "homepage")
        if key in descriptor
    }
    package["version"] = str(descriptor.get("version", ""))
    package["licenses"] = descriptor.get("licenses", [])
    package["contributors"] = descriptor.get("contributors", [])
    package["sources"] = [{"title": owner.get("title", ""), "path": ctx.site_url}]
    package["resources"] = [
        _package_resource(ctx, n, files.listed(n)) for n in resource_names(ctx.dataset)
    ]
    return package


def _file_entry(fmt: str, download: Download) -> dict[str, Any]:
    """Return path (relative to datapackage.json), media type, size and hash of one file."""
    return {
        "path": download.path.removeprefix(f"{DATA_DIR}/"),
        "mediatype": MEDIA_TYPES[fmt],
        "bytes": download.size,
        "hash": f"sha256:{download.sha256}",
    }


def _package_resource(
    ctx: BuildContext, name: str, files: list[tuple[str, Download]]
) -> dict[str, Any]:
    """Return one resource entry pointing at the BOM'd CSV download(s) (frictionless reads them).

    A resource split per archive year is a Frictionless multipart resource: `path` lists
    the year CSVs in order, and `bytes` / `hash` are those of the parts read as one (the
    header of each later part dropped), which is how Frictionless checks them; `parts`
    gives each year file's own size and hash.
    """
    source = ctx.dataset.resource(name)
    entry = {
        k: source[k]
        for k in ("name", "title", "title_en", "description", "description_en")
        if k in source
    }
    csvs = [d for fmt, d in files if fmt == "csv"]
    if len(csvs) == 1:
        path: str | list[str] = csvs[0].path.removeprefix(f"{DATA_DIR}/")
        size, sha = csvs[0].size, csvs[0].sha256
    else:
        path = [d.path.removeprefix(f"{DATA_DIR}/") for d in csvs]
        size, sha = joined_csv_digest([d.content for d in csvs])
    entry.update(
        {
            "path": path,
            "format": "csv",
            "mediatype": "text/csv",
            # The BOM is UTF-8's own signature; frictionless skips it when reading as utf-8.
            "encoding": "utf-8",
            "bytes": size,
            "hash": f"sha256:{sha}",
            "schema": source["schema"],
        }
    )
    if len(csvs) > 1:
        entry["parts"] = [_file_entry("csv", d) for d in csvs]
    entry["alternates"] = [_file_entry(fmt, d) for fmt, d in files if fmt != "csv"]
    if name == "gazette_entries":
        entry["description_en"] = str(entry.get("description_en", "")) + (
            " The body_zh and body_en columns are paths of the full texts relative to this file."
        )
    return entry


# --- DCAT (JSON-LD) ---


def _tagged(item: dict[str, Any], key: str) -> list[dict[str, str]]:
    """Return a language-tagged literal list (zh-Hant and en) of a descriptor text."""
    values = [{"@value": text(item, key, ZH.code), "@language": ZH.html_lang}]
    if item.get(f"{key}_en"):
        values.append({"@value": str(item[f"{key}_en"]), "@language": "en"})
    return values


def _date_literal(value: dt.date | None) -> dict[str, str] | None:
    """Return an xsd:date literal or None."""
    return None if value is None else {"@value": value.isoformat(), "@type": "xsd:date"}


def dcat_catalog(ctx: BuildContext) -> dict[str, Any]:
    """Return the DCAT catalogue (JSON-LD) with one dcat:Dataset per published resource."""
    descriptor = ctx.dataset.descriptor
    owner = publisher(descriptor)
    agent = {
        "@id": f"{ctx.site_url}#publisher",
        "@type": "foaf:Agent",
        "foaf:name": _tagged(owner, "title"),
    }
    if owner.get("email"):
        agent["foaf:mbox"] = {"@id": f"mailto:{owner['email']}"}
    catalog: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": f"{ctx.site_url}{DATA_DIR}/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": _tagged(descriptor, "title"),
        "dct:description": _tagged(descriptor, "description"),
        "dct:publisher": agent,
        "dct:license": {"@id": licence(descriptor).get("path", "")},
        "dct:language": [
            {"@id": "http://publications.europa.eu/resource/authority/language/ZHO"},
            {"@id": "http://publications.europa.eu/resource/authority/language/ENG"},
        ],
        "foaf:homepage": {"@id": ctx.site_url},
        "dcat:dataset": [_dcat_dataset(ctx, n, owner) for n in resource_names(ctx.dataset)]
        + [_dcat_editions(ctx, v, rows, owner) for v, rows in edition_volumes(ctx).items()],
    }
    if modified(ctx.dataset):
        catalog["dct:modified"] = _date_literal(modified(ctx.dataset))
    return catalog


def _dcat_dataset(ctx: BuildContext, name: str, owner: dict[str, Any]) -> dict[str, Any]:
    """Return one dcat:Dataset with its distributions."""
    resource = ctx.dataset.resource(name)
    frequency = FREQUENCY.get(resource.get("update_frequency", "irregular"), FREQUENCY["irregular"])
    node: dict[str, Any] = {
        "@id": page_url(ctx, name, "zh-TW"),
        "@type": "dcat:Dataset",
        "dct:identifier": name,
        "dct:title": _tagged(resource, "title"),
        "dct:description": _tagged(resource, "description"),
        "dct:publisher": {"@id": f"{ctx.site_url}#publisher"},
        "dct:license": {"@id": licence(ctx.dataset.descriptor).get("path", "")},
        "dct:accrualPeriodicity": {"@id": EU_FREQUENCY + frequency[0]},
        "dcat:landingPage": [{"@id": page_url(ctx, name, lang)} for lang in LANG_TAGS],
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": text(owner, "title", "zh-TW"),
            "vcard:hasEmail": {"@id": f"mailto:{owner.get('email', '')}"},
        },
        "dcat:distribution": [
            _distribution(ctx, fmt, d) for fmt, d in download_files(ctx).listed(name)
        ],
    }
    if resource_modified(ctx, name):
        node["dct:modified"] = _date_literal(resource_modified(ctx, name))
    span = coverage(ctx.dataset, name)
    if span:
        node["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _date_literal(span[0]),
            "dcat:endDate": _date_literal(span[1]),
        }
    return node


def _distribution(ctx: BuildContext, fmt: str, download: Download) -> dict[str, Any]:
    """Return one dcat:Distribution of a download."""
    url = file_url(ctx, download)
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": download.path.removeprefix(f"{DATA_DIR}/"),
        "dcat:downloadURL": {"@id": url},
        "dcat:accessURL": {"@id": url},
        "dcat:mediaType": {"@id": IANA + MEDIA_TYPES[fmt]},
        "dct:format": {"@id": EU_FILE_TYPE + FILE_TYPES[fmt]},
        "dcat:byteSize": {"@value": str(download.size), "@type": "xsd:nonNegativeInteger"},
        "dct:license": {"@id": licence(ctx.dataset.descriptor).get("path", "")},
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {"@id": "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"},
            "spdx:checksumValue": download.sha256,
        },
    }


# --- the PDF editions, one dataset per volume ---


def edition_volumes(ctx: BuildContext) -> dict[int, list[tuple[dict[str, Any], Any]]]:
    """Return volume → [(issue, Edition)] in number order, for the editions of this build."""
    found = ctx.state.editions or {}
    volumes: dict[int, list[tuple[dict[str, Any], Any]]] = {}
    for issue in sorted(issues_of(ctx), key=lambda i: (int(i["volume"]), int(i["number"]))):
        edition = found.get(issue["issue_id"])
        if edition is not None and edition.path.is_file():
            volumes.setdefault(int(issue["volume"]), []).append((issue, edition))
    return dict(sorted(volumes.items(), reverse=True))  # newest volume first


def _edition_url(ctx: BuildContext, issue: dict[str, Any]) -> str:
    """Return the absolute URL of an issue's PDF edition."""
    digits = id_digits(issue["issue_id"])
    return ctx.site_url + pdf_path(issue["volume"], issue["number"], digits)


def _volume_url(ctx: BuildContext, volume: int, lang: str) -> str:
    """Return the absolute URL of a volume page."""
    return f"{ctx.site_url}{language(lang).prefix}gazette/{volume}/"


def _edition_texts(ctx: BuildContext, volume: int) -> dict[str, str]:
    """Return the title and description of a volume's editions, in both languages."""
    name = config_of(ctx.root).name
    return {
        "title": f"{name.zh}第{volume}卷正式版 PDF",
        "title_en": f"{name.en}, vol. {volume}: official PDF editions",
        "description": f"{name.zh}第{volume}卷（民國{volume}年）各期之正式版 PDF（PDF/A-3u），"
        "每期一檔；各檔 SHA-256 記錄於 gazette/chain/ 雜湊鏈（每卷一檔）。",
        "description_en": f"The official PDF edition (PDF/A-3u) of each issue of the {name.en},"
        f" vol. {volume} (ROC year {volume}), one file per issue; each file's SHA-256 is"
        " recorded in the gazette/chain/ hash chain (one file per volume).",
    }


def _issues_frequency(ctx: BuildContext) -> tuple[str, str]:
    """Return the gazette's publication frequency (EU code, data.gov.tw wording)."""
    names = [r["name"] for r in ctx.dataset.descriptor["resources"]]
    source = ctx.dataset.resource("gazette_issues") if "gazette_issues" in names else {}
    return FREQUENCY.get(source.get("update_frequency", "irregular"), FREQUENCY["irregular"])


def _dcat_editions(
    ctx: BuildContext, volume: int, rows: list[tuple[dict[str, Any], Any]], owner: dict[str, Any]
) -> dict[str, Any]:
    """Return the dcat:Dataset of one volume's PDF editions, one distribution per issue."""
    texts = _edition_texts(ctx, volume)
    dates = [issue["publication_date"] for issue, _ in rows]
    licence_id = {"@id": licence(ctx.dataset.descriptor).get("path", "")}
    return {
        "@id": f"{_volume_url(ctx, volume, 'zh-TW')}#editions",
        "@type": "dcat:Dataset",
        "dct:identifier": f"gazette-editions-{volume}",
        "dct:title": _tagged(texts, "title"),
        "dct:description": _tagged(texts, "description"),
        "dct:publisher": {"@id": f"{ctx.site_url}#publisher"},
        "dct:license": licence_id,
        "dct:accrualPeriodicity": {"@id": EU_FREQUENCY + _issues_frequency(ctx)[0]},
        "dcat:landingPage": [{"@id": _volume_url(ctx, volume, lang)} for lang in LANG_TAGS],
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": text(owner, "title", "zh-TW"),
            "vcard:hasEmail": {"@id": f"mailto:{owner.get('email', '')}"},
        },
        "dct:modified": _date_literal(max(dates)),
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _date_literal(min(dates)),
            "dcat:endDate": _date_literal(max(dates)),
        },
        "dcat:distribution": [
            {
                "@id": _edition_url(ctx, issue),
                "@type": "dcat:Distribution",
                "dct:title": _tagged(issue, "title_zh")[:1]
                + (
                    [{"@value": issue["title_en"], "@language": "en"}]
                    if issue.get("title_en")
                    else []
                ),
                "dct:issued": _date_literal(issue["publication_date"]),
                "dcat:downloadURL": {"@id": _edition_url(ctx, issue)},
                "dcat:accessURL": {"@id": _edition_url(ctx, issue)},
                "dcat:mediaType": {"@id": IANA + "application/pdf"},
                "dct:format": {"@id": EU_FILE_TYPE + "PDF"},
                "dcat:byteSize": {
                    "@value": str(edition.path.stat().st_size),
                    "@type": "xsd:nonNegativeInteger",
                },
                "dct:license": licence_id,
                "spdx:checksum": {
                    "@type": "spdx:Checksum",
                    "spdx:algorithm": {"@id": "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"},
                    "spdx:checksumValue": edition.sha256,
                },
            }
            for issue, edition in rows
        ],
    }


def data_gov_tw_editions(
    ctx: BuildContext, volume: int, rows: list[tuple[dict[str, Any], Any]]
) -> dict[str, Any]:
    """Return the data.gov.tw fields of one volume's PDF editions."""
    descriptor = ctx.dataset.descriptor
    owner = publisher(descriptor)
    texts = _edition_texts(ctx, volume)
    dates = [issue["publication_date"] for issue, _ in rows]
    return {
        "資料集名稱": texts["title"],
        "資料集描述": texts["description"],
        "主要欄位說明": f"各期正式版 PDF，檔名 gazette-{volume}-期次.pdf",
        "提供機關": text(owner, "title", "zh-TW"),
        "提供機關聯絡人": text(owner, "title", "zh-TW"),
        "提供機關聯絡人電子郵件": owner.get("email", ""),
        "更新頻率": _issues_frequency(ctx)[1],
        "授權方式": text(licence(descriptor), "title", "zh-TW"),
        "授權說明網址": licence(descriptor).get("path", ""),
        "計費方式": "免費",
        "編碼格式": "UTF-8",
        "檔案格式": "PDF",
        "資料量": len(rows),
        "資料資源下載網址": ";".join(_edition_url(ctx, issue) for issue, _ in rows),
        "資料集提供者上架時間": min(dates).isoformat(),
        "詮釋資料更新時間": max(dates).isoformat(),
        "相關網址": _volume_url(ctx, volume, "zh-TW"),
    }


# --- data.gov.tw fields ---


def field_summary(resource: dict[str, Any]) -> str:
    """Return the 主要欄位說明 text: each field's Chinese title with its name."""
    return "、".join(
        f"{f.get('title', f['name'])}({f['name']})" for f in resource["schema"]["fields"]
    )


def data_gov_tw(
    ctx: BuildContext, name: str, first_published: dt.date | None = None
) -> dict[str, Any]:
    """Return the fields data.gov.tw asks for, for one dataset (keys in Chinese, as the form)."""
    descriptor = ctx.dataset.descriptor
    resource = ctx.dataset.resource(name)
    owner = publisher(descriptor)
    files = download_files(ctx).listed(name)
    frequency = FREQUENCY.get(resource.get("update_frequency", "irregular"), FREQUENCY["irregular"])
    last = resource_modified(ctx, name)
    return {
        "資料集名稱": text(resource, "title", "zh-TW"),
        "資料集描述": text(resource, "description", "zh-TW"),
        "主要欄位說明": field_summary(resource),
        "提供機關": text(owner, "title", "zh-TW"),
        "提供機關聯絡人": text(owner, "title", "zh-TW"),
        "提供機關聯絡人電子郵件": owner.get("email", ""),
        "更新頻率": frequency[1],
        "授權方式": text(licence(descriptor), "title", "zh-TW"),
        "授權說明網址": licence(descriptor).get("path", ""),
        "計費方式": "免費",
        "編碼格式": "UTF-8",
        "檔案格式": ";".join(FILE_TYPES[f] for f in sorted({f for f, _ in files})),
        "資料量": len(ctx.dataset.frames[name]),
        "資料資源下載網址": ";".join(file_url(ctx, d) for _, d in files),
        "資料集提供者上架時間": first_published.isoformat() if first_published else "",
        "詮釋資料更新時間": last.isoformat() if last else "",
        "相關網址": page_url(ctx, name, "zh-TW"),
    }


# --- schema.org (embedded in each dataset page) ---


def schema_org(ctx: BuildContext, name: str, lang: str) -> dict[str, Any]:
    """Return the schema.org Dataset description of one dataset page."""
    descriptor = ctx.dataset.descriptor
    resource = ctx.dataset.resource(name)
    owner = publisher(descriptor)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": text(resource, "title", lang),
        "description": text(resource, "description", lang),
        "url": page_url(ctx, name, lang),
        "identifier": name,
        "inLanguage": LANG_TAGS[lang],
        "license": licence(descriptor).get("path", ""),
        "isAccessibleForFree": True,
        "publisher": {"@type": "GovernmentOrganization", "name": text(owner, "title", lang)},
        "variableMeasured": [
            text(f, "title", lang) or f["name"] for f in resource["schema"]["fields"]
        ],
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": MEDIA_TYPES[fmt],
                "contentUrl": file_url(ctx, d),
                "contentSize": f"{d.size} B",
            }
            for fmt, d in download_files(ctx).listed(name)
        ],
    }
    last, span = resource_modified(ctx, name), coverage(ctx.dataset, name)
    if last:
        data["dateModified"] = last.isoformat()
    if span:
        data["temporalCoverage"] = f"{span[0].isoformat()}/{span[1].isoformat()}"
    return data


def json_ld_script(data: dict[str, Any]) -> Markup:
    """Return a JSON-LD script block that data cannot break out of (every '<' escaped)."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload = (
        payload.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )
    return Markup(f'<script type="application/ld+json">{payload}</script>')


def _dump(data: Any) -> bytes:
    """Return stable, readable JSON bytes."""
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def catalog_files(ctx: BuildContext) -> dict[str, bytes]:
    """Return the catalogue files of this build keyed by path under the site root."""
    names = resource_names(ctx.dataset)
    portal = {n: data_gov_tw(ctx, n, first_published(ctx, n)) for n in names}
    editions = [data_gov_tw_editions(ctx, v, rows) for v, rows in edition_volumes(ctx).items()]
    return {
        f"{DATA_DIR}/datapackage.json": _dump(datapackage(ctx)),
        f"{DATA_DIR}/catalog.jsonld": _dump(dcat_catalog(ctx)),
        f"{DATA_DIR}/data-gov-tw.json": _dump([portal[n] for n in names] + editions),
    }


def write_catalog(ctx: BuildContext) -> None:
    """Write datapackage.json, the DCAT catalogue and the data.gov.tw fields (artifact writer)."""
    for path, content in catalog_files(ctx).items():
        write_file(ctx.out, path, content)
