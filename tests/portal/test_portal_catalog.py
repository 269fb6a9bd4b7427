"""Catalogue metadata: datapackage.json (frictionless), DCAT (rdflib), data.gov.tw, JSON-LD."""

from __future__ import annotations

import hashlib
import json
import re

import frictionless
import pytest
import rdflib
from portal_support import tiny_context

from generator.portal import downloads
from generator.portal import metadata as catalog

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")


@pytest.fixture
def site(tmp_path):
    ctx = tiny_context(tmp_path)
    downloads.write_downloads(ctx)
    catalog.write_catalog(ctx)
    return ctx


def test_datapackage_hashes_match_files_and_frictionless_validates(site):
    package = json.loads((site.out / "data/datapackage.json").read_text(encoding="utf-8"))
    assert len(package["resources"]) == 6
    for resource in package["resources"]:
        paths = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
        parts = [(site.out / "data" / p).read_bytes() for p in paths]
        # A multipart resource is read as one file without the later parts' header lines.
        content = b"".join([parts[0]] + [p.split(b"\r\n", 1)[1] for p in parts[1:]])
        assert resource["bytes"] == len(content)
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        for other in resource["alternates"] + resource.get("parts", []):
            data = (site.out / "data" / other["path"]).read_bytes()
            assert other["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    report = frictionless.validate(str(site.out / "data/datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "type", "note"])


def test_frictionless_notices_a_changed_download(site):
    # The gifts are one CSV per archive year: a change in any of them is noticed.
    years = sorted((site.out / "data/gifts").glob("*.csv"))
    assert years
    changed = [p for p in years if b"1600" in p.read_bytes()]
    assert changed
    changed[0].write_bytes(changed[0].read_bytes().replace(b"1600", b"1700"))
    report = frictionless.validate(str(site.out / "data/datapackage.json"))
    assert "hash-count" in {e[0] for e in report.flatten(["type"])}


def test_dcat_has_one_dataset_per_resource_with_absolute_downloads(site):
    graph = rdflib.Graph()
    graph.parse(site.out / "data/catalog.jsonld", format="json-ld")
    datasets = set(graph.subjects(rdflib.RDF.type, DCAT.Dataset))
    assert len(datasets) == 6
    for node in datasets:
        urls = [graph.value(d, DCAT.downloadURL) for d in graph.objects(node, DCAT.distribution)]
        assert len(urls) >= 3 and all(str(u).startswith("https://") for u in urls)
        titles = {t.language.lower() for t in graph.objects(node, DCT.title)}
        assert titles == {"zh-hant", "en"}
        assert graph.value(node, DCT.accrualPeriodicity) is not None
    gifts = rdflib.URIRef("https://gazette.example.gov.tw/data/gifts/")
    assert str(graph.value(gifts, DCT.modified)) == "2026-02-01"  # latest data date


def test_data_gov_tw_fields(site):
    fields = json.loads((site.out / "data/data-gov-tw.json").read_text(encoding="utf-8"))
    gifts = next(f for f in fields if f["資料集名稱"] == "公務餽贈登錄")
    assert gifts["資料量"] == 3 and gifts["編碼格式"] == "UTF-8" and gifts["計費方式"] == "免費"
    assert gifts["更新頻率"] == "每1月" and "登錄編號(gift_id)" in gifts["主要欄位說明"]


def test_json_ld_script_cannot_be_broken_out_of(site):
    data = catalog.schema_org(site, "gifts", "en")
    data["description"] = "</script><script>alert(1)</script>"
    block = str(catalog.json_ld_script(data))
    inner = block.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner
    assert json.loads(inner)["description"] == "</script><script>alert(1)</script>"


def test_pdf_editions_are_catalogued_per_volume(tmp_path):
    """Each edition is a PDF distribution of its volume's dataset, in DCAT and data.gov.tw."""
    from generator.data.gazette_model import issues_of
    from generator.gazette.editions import Edition

    ctx = tiny_context(tmp_path)
    editions = {}
    for issue in issues_of(ctx):
        path = tmp_path / f"{issue['issue_id']}.pdf"
        path.write_bytes(b"%PDF-1.7 " + issue["issue_id"].encode())
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        editions[issue["issue_id"]] = Edition(issue["issue_id"], path, sha, False, True, True)
    ctx.state.editions = editions
    downloads.write_downloads(ctx)
    catalog.write_catalog(ctx)
    volumes = sorted({int(i["volume"]) for i in issues_of(ctx)}, reverse=True)
    assert volumes

    graph = rdflib.Graph()
    graph.parse(ctx.out / "data/catalog.jsonld", format="json-ld")
    for volume in volumes:
        node = rdflib.URIRef(f"https://gazette.example.gov.tw/gazette/{volume}/#editions")
        assert (node, rdflib.RDF.type, DCAT.Dataset) in graph
        titles = {str(t) for t in graph.objects(node, DCT.title)}
        assert f"市政府公報第{volume}卷正式版 PDF" in titles
        dists = list(graph.objects(node, DCAT.distribution))
        mine = [i for i in issues_of(ctx) if int(i["volume"]) == volume]
        assert len(dists) == len(mine)
        for dist in dists:
            url = str(graph.value(dist, DCAT.downloadURL))
            assert re.fullmatch(
                rf"https://gazette\.example\.gov\.tw/gazette/{volume}/\d\d/gazette-{volume}-\d\d\.pdf",
                url,
            )
            assert str(graph.value(dist, DCAT.mediaType)).endswith("application/pdf")
            assert graph.value(dist, DCT.issued) is not None

    fields = json.loads((ctx.out / "data/data-gov-tw.json").read_text(encoding="utf-8"))
    pdfs = [f for f in fields if f["檔案格式"] == "PDF"]
    assert [f["資料集名稱"] for f in pdfs] == [f"市政府公報第{v}卷正式版 PDF" for v in volumes]
    first = pdfs[0]
    assert first["資料量"] == len(first["資料資源下載網址"].split(";"))
    assert first["相關網址"] == f"https://gazette.example.gov.tw/gazette/{volumes[0]}/"
    # The Frictionless package is unchanged: the editions are not tables.
    package = json.loads((ctx.out / "data/datapackage.json").read_text(encoding="utf-8"))
    assert len(package["resources"]) == 6
