"""`gazette deploy` against a local S3-compatible server (moto's, on 127.0.0.1).

The site deployed is a small folder with the kinds of files a build writes; one test also
deploys a real build of the mini project.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

from generator.commands import deploy as deploy_module  # noqa: E402
from generator.gazette import chain_files  # noqa: E402

# 68 real uploads over HTTP to a local server (13 s of the fast loop's 124 s): make test
# runs them; the quick loop does not (issue 27: make test-fast within a minute).
pytestmark = pytest.mark.slow

LATEST = chain_files.LATEST  # the published chain's head, uploaded last

BUCKET = "gazette-site"
ASSET = "assets/javascripts/bundle.f1e2d3c4.min.js"
FRAGMENT = "pagefind/fragment/zh-tw_0a1b2c3.pf_fragment"

SITE_FILES = {
    "index.html": "<!doctype html><title>首頁</title><script src='" + ASSET + "'></script>",
    LATEST: chain_files.split({"issues": []})[LATEST].decode(),
    "gazette/114/05/index.html": "<!doctype html><title>第5期</title>",
    "gazette/114/05/gazette-114-05.pdf": "%PDF-1.7 fake",
    "gazette/feed.atom": "<feed xmlns='http://www.w3.org/2005/Atom'/>",
    "gazette/feed.rss": "<rss version='2.0'/>",
    "data/gifts.csv": "id,date\n1,2025-01-01\n",
    "data/gifts.xlsx": "PK fake workbook",
    "data/gifts.json": "[]",
    "data/catalogue.jsonld": "{}",
    "site.webmanifest": "{}",
    "sitemap.xml": "<urlset/>",
    ASSET: "console.log(1)",
    FRAGMENT: "fragment bytes",
    "pagefind/pagefind-entry.json": "{}",
    "pagefind/pagefind.js": "export {}",
    "en/index.html": "<!doctype html><title>Home</title>",
    ".gazette-site": "marker: not published",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """Start moto's S3-compatible server on a free local port for this module."""
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Credentials in the standard variables only (no ~/.aws files leak in)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def bucket(s3_endpoint: str, aws_env: None) -> Iterator[object]:
    """Create an empty bucket; return a client to inspect it."""
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def write_site(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def keys(client, prefix: str = "") -> set[str]:
    found = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
    return {item["Key"] for item in found}


def deploy_json(run_cli, site: Path, endpoint: str, to: str, *extra: str) -> dict:
    code, out, err = run_cli(
        "deploy", "--site-dir", site, "--to", to, "--endpoint-url", endpoint, "--format", "json",
        *extra,
    )  # fmt: skip
    assert code == 0, err
    return json.loads(out)


def test_first_deploy_uploads_everything_with_types_and_cache(
    tmp_path: Path, bucket, s3_endpoint: str, run_cli
) -> None:
    site = write_site(tmp_path / "site", SITE_FILES)
    report = deploy_json(run_cli, site, s3_endpoint, f"s3://{BUCKET}/city/")
    published = {rel for rel in SITE_FILES if not rel.startswith(".")}
    assert keys(bucket) == {f"city/{rel}" for rel in published}
    assert report["uploaded"]["files"] == len(published)
    total = sum(len(SITE_FILES[rel].encode()) for rel in published)
    assert report["uploaded"]["bytes"] == total
    assert report["kept"] == {"files": 0, "bytes": 0}
    assert report["deleted"] == {"files": 0, "bytes": 0}

    def head(rel: str) -> dict:
        return bucket.head_object(Bucket=BUCKET, Key=f"city/{rel}")

    expected_types = {
        "index.html": "text/html; charset=utf-8",
        "gazette/feed.atom": "application/atom+xml; charset=utf-8",
        "gazette/feed.rss": "application/rss+xml; charset=utf-8",
        "gazette/114/05/gazette-114-05.pdf": "application/pdf",
        "data/gifts.csv": "text/csv; charset=utf-8",
        "data/gifts.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "data/catalogue.jsonld": "application/ld+json",
        "site.webmanifest": "application/manifest+json",
        "sitemap.xml": "application/xml; charset=utf-8",
        FRAGMENT: "application/octet-stream",
        ASSET: "text/javascript; charset=utf-8",
    }
    for rel, content_type in expected_types.items():
        assert head(rel)["ContentType"] == content_type, rel
    assert head(ASSET)["CacheControl"] == deploy_module.LONG_CACHE
    assert head(FRAGMENT)["CacheControl"] == deploy_module.LONG_CACHE
    for rel in ("index.html", "gazette/feed.atom", LATEST, "data/gifts.json"):
        assert head(rel)["CacheControl"] == deploy_module.SHORT_CACHE, rel
    assert head("pagefind/pagefind-entry.json")["CacheControl"] == deploy_module.SHORT_CACHE
    import hashlib

    sha = hashlib.sha256(SITE_FILES["index.html"].encode()).hexdigest()
    assert head("index.html")["Metadata"]["sha256"] == sha


def test_second_deploy_uploads_only_the_change_and_deletes_after(
    tmp_path: Path, bucket, s3_endpoint: str, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = write_site(tmp_path / "site", SITE_FILES)
    to = f"s3://{BUCKET}/city"
    deploy_json(run_cli, site, s3_endpoint, to)

    (site / "gazette/114/05/index.html").write_text("<!doctype html><title>改</title>", "utf-8")
    (site / "gazette/feed.rss").unlink()
    write_site(site, {"gazette/114/06/index.html": "<!doctype html><title>第6期</title>"})

    calls: list[tuple[str, str]] = []
    real_upload, real_delete = deploy_module._upload, deploy_module._delete

    def spy_upload(client, target, item):
        calls.append(("put", item.rel))
        return real_upload(client, target, item)

    def spy_delete(client, target, rels):
        calls.extend(("delete", rel) for rel in rels)
        return real_delete(client, target, rels)

    monkeypatch.setattr(deploy_module, "_upload", spy_upload)
    monkeypatch.setattr(deploy_module, "_delete", spy_delete)
    report = deploy_json(run_cli, site, s3_endpoint, to)

    assert sorted(report["uploaded_paths"]) == [
        "gazette/114/05/index.html",
        "gazette/114/06/index.html",
    ]
    assert report["deleted_paths"] == ["gazette/feed.rss"]
    assert sorted(rel for kind, rel in calls if kind == "put") == sorted(report["uploaded_paths"])
    assert calls[-1] == ("delete", "gazette/feed.rss")  # only after every upload
    published = [rel for rel in SITE_FILES if not rel.startswith(".")]
    assert report["kept"]["files"] == len(published) - 2
    assert report["deleted"] == {"files": 1, "bytes": len(SITE_FILES["gazette/feed.rss"])}
    assert "city/gazette/feed.rss" not in keys(bucket)
    body = bucket.get_object(Bucket=BUCKET, Key="city/gazette/114/05/index.html")["Body"].read()
    assert "改".encode() in body

    # Nothing changed: nothing moves.
    again = deploy_json(run_cli, site, s3_endpoint, to)
    assert again["uploaded"]["files"] == 0 and again["deleted"]["files"] == 0


def test_assets_go_up_before_pages_and_the_manifest_last(
    tmp_path: Path, bucket, s3_endpoint: str, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = write_site(tmp_path / "site", SITE_FILES)
    order: list[str] = []
    real_upload = deploy_module._upload

    def spy(client, target, item):
        real_upload(client, target, item)
        order.append(item.rel)

    monkeypatch.setattr(deploy_module, "_upload", spy)
    deploy_json(run_cli, site, s3_endpoint, f"s3://{BUCKET}")
    assert order[-1] == LATEST
    first_page = min(order.index(rel) for rel in order if rel.endswith(".html"))
    for rel in (ASSET, FRAGMENT, "gazette/114/05/gazette-114-05.pdf", "data/gifts.csv"):
        assert order.index(rel) < first_page, rel
    assert order.index("pagefind/pagefind-entry.json") < first_page
    assert order.index(FRAGMENT) < order.index("pagefind/pagefind-entry.json")


def test_dry_run_changes_nothing(tmp_path: Path, bucket, s3_endpoint: str, run_cli) -> None:
    site = write_site(tmp_path / "site", SITE_FILES)
    report = deploy_json(run_cli, site, s3_endpoint, f"s3://{BUCKET}/x", "--dry-run")
    assert report["dry_run"] is True and report["uploaded"]["files"] > 0
    assert keys(bucket) == set()


def test_other_prefixes_are_left_alone(tmp_path: Path, bucket, s3_endpoint: str, run_cli) -> None:
    bucket.put_object(Bucket=BUCKET, Key="other/keep.txt", Body=b"x")
    bucket.put_object(Bucket=BUCKET, Key="city-old/keep.txt", Body=b"x")
    site = write_site(tmp_path / "site", SITE_FILES)
    report = deploy_json(run_cli, site, s3_endpoint, f"s3://{BUCKET}/city")
    assert report["deleted"]["files"] == 0
    assert {"other/keep.txt", "city-old/keep.txt"} <= keys(bucket)


def test_text_report_in_both_languages(tmp_path: Path, bucket, s3_endpoint: str, run_cli) -> None:
    site = write_site(tmp_path / "site", SITE_FILES)
    base = ("deploy", "--site-dir", site, "--to", f"s3://{BUCKET}", "--endpoint-url", s3_endpoint)
    code, out, _ = run_cli(*base)
    assert code == 0 and "上傳 17 個檔案" in out
    code, out, _ = run_cli(*base, "--lang", "en", "--dry-run")
    assert code == 0 and "uploaded 0 files" in out and "kept 17" in out and "dry run" in out


@pytest.mark.parametrize(
    ("args", "code_word"),
    [
        (("--to", "http://bucket/x"), "s3://BUCKET/PREFIX"),
        (("--to", "s3://Bad_Bucket/x"), "s3://BUCKET/PREFIX"),
        (("--to", f"s3://{BUCKET}", "--endpoint-url", "ftp://nowhere"), "--endpoint-url"),
        (("--to", "s3://no-such-bucket/x"), "no-such-bucket"),
    ],
)
def test_usage_errors_exit_2_without_traceback(
    tmp_path: Path, bucket, s3_endpoint: str, run_cli, args, code_word: str
) -> None:
    site = write_site(tmp_path / "site", SITE_FILES)
    argv = ["deploy", "--site-dir", site, "--lang", "en", *args]
    if "--endpoint-url" not in args:
        argv += ["--endpoint-url", s3_endpoint]
    code, out, err = run_cli(*argv)
    assert code == 2, (out, err)
    assert code_word in err and "Traceback" not in err and "internal error" not in err


def test_missing_credentials_exit_2(
    tmp_path: Path, s3_endpoint: str, aws_env: None, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    site = write_site(tmp_path / "site", SITE_FILES)
    code, _, err = run_cli(
        "deploy", "--site-dir", site, "--to", f"s3://{BUCKET}", "--endpoint-url", s3_endpoint
    )
    assert code == 2 and "AWS_ACCESS_KEY_ID" in err and "Traceback" not in err


def test_unreachable_endpoint_exit_2(tmp_path: Path, aws_env: None, run_cli) -> None:
    site = write_site(tmp_path / "site", SITE_FILES)
    dead = f"http://127.0.0.1:{_free_port()}"
    code, _, err = run_cli(
        "deploy", "--site-dir", site, "--to", f"s3://{BUCKET}", "--endpoint-url", dead,
        "--lang", "en",
    )  # fmt: skip
    assert code == 2 and "Cannot connect" in err


@pytest.mark.parametrize("missing", ["index.html", LATEST])
def test_refuses_a_folder_that_is_not_a_built_site(
    tmp_path: Path, aws_env: None, run_cli, missing: str
) -> None:
    site = write_site(tmp_path / "site", SITE_FILES)
    (site / missing).unlink()
    code, _, err = run_cli("deploy", "--site-dir", site, "--to", f"s3://{BUCKET}")
    assert code == 2 and missing in err and "gazette build" in err


def _digests(site: Path) -> dict[str, str]:
    import hashlib

    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file() and not p.relative_to(site).as_posix().startswith(".")
    }


@pytest.mark.slow  # two whole builds of the mini project
def test_a_real_publish_day_uploads_only_what_changed(
    tmp_path: Path, mini_project, bucket, s3_endpoint: str, run_cli, monkeypatch
) -> None:
    import datetime as dt

    from generator.commands.build import build

    site, to = tmp_path / "built", f"s3://{BUCKET}/mini"
    build(mini_project.root, site_dir=site, as_of=dt.date(2024, 2, 1), progress=False)
    first = deploy_json(run_cli, site, s3_endpoint, to)
    assert first["uploaded"]["files"] > 20 and first["deleted"]["files"] == 0
    assert first["uploaded_paths"][-1] == LATEST
    hashed = [rel for rel in first["uploaded_paths"] if rel.endswith(".pf_fragment")]
    assert hashed, "a real build has Pagefind fragments"
    head = bucket.head_object(Bucket=BUCKET, Key=f"mini/{hashed[0]}")
    assert head["CacheControl"] == deploy_module.LONG_CACHE

    # The publish day of issue 113-03: rebuild, then deploy only what the build changed.
    before = _digests(site)
    build(mini_project.root, site_dir=site, as_of=dt.date(2024, 2, 20), progress=False)
    after = _digests(site)
    changed = {rel for rel, digest in after.items() if before.get(rel) != digest}
    removed = before.keys() - after.keys()
    order: list[str] = []
    real_upload, real_delete = deploy_module._upload, deploy_module._delete
    monkeypatch.setattr(
        deploy_module, "_upload", lambda c, t, item: (real_upload(c, t, item), order.append("put"))
    )
    monkeypatch.setattr(
        deploy_module, "_delete", lambda c, t, rels: (real_delete(c, t, rels), order.append("del"))
    )
    second = deploy_json(run_cli, site, s3_endpoint, to)
    assert "gazette/113/03/index.html" in second["uploaded_paths"]
    assert set(second["uploaded_paths"]) == changed
    assert set(second["deleted_paths"]) == removed
    assert second["kept"]["files"] == len(after) - len(changed)
    assert "del" not in order[:-1]  # deletions only after every upload
    assert keys(bucket, "mini/") == {f"mini/{rel}" for rel in after}


# --- the bucket's own manifest (issue 22: an older build deleted 115-21 and 115-22) ------


def chain_records(*issues: str) -> list[dict]:
    """Return linked chain records of these issues (digests made up, dates past)."""
    records, previous = [], ""
    for n, issue in enumerate(issues, 1):
        digest = f"{n:064x}"
        records.append({"issue_id": issue, "publication_date": "2026-11-15",
                        "previous": previous, "sha256": digest})  # fmt: skip
        previous = digest
    return records


def chain_json(*issues: str) -> str:
    """Return an old-layout site manifest (gazette/manifest.json) publishing these issues."""
    return json.dumps({"issues": chain_records(*issues)})


def chain_site(records: list[dict]) -> dict[str, str]:
    """Return the published chain files (gazette/chain/) of these records."""
    head = records[-1]["sha256"] if records else ""
    files = chain_files.split({"issues": records, "head": head})
    return {rel: data.decode() for rel, data in files.items()}


def bucket_state(client) -> dict[str, bytes]:
    """Return every object's bytes."""
    return {key: client.get_object(Bucket=BUCKET, Key=key)["Body"].read() for key in keys(client)}


def test_an_older_build_is_refused_by_the_buckets_manifest(
    tmp_path: Path, bucket, s3_endpoint: str, run_cli
) -> None:
    newer = {
        **SITE_FILES,
        **chain_site(chain_records("115-20", "115-21", "115-22")),
        "gazette/115/21/index.html": "<!doctype html><title>第21期</title>",
        "gazette/115/22/index.html": "<!doctype html><title>第22期</title>",
    }
    to = f"s3://{BUCKET}/city"
    deploy_json(run_cli, write_site(tmp_path / "new", newer), s3_endpoint, to)
    before = bucket_state(bucket)
    older = {**SITE_FILES, **chain_site(chain_records("115-20"))}
    site = write_site(tmp_path / "old", older)
    for extra in ((), ("--dry-run",)):
        code, out, err = run_cli(
            "deploy", "--site-dir", site, "--to", to, "--endpoint-url", s3_endpoint,
            "--format", "json", *extra,
        )  # fmt: skip
        assert code == 1, err
        problems = json.loads(out)
        assert [(p["path"], p["code"]) for p in problems] == [(LATEST, "manifest-anchor-missing")]
        assert "115-21" in problems[0]["message"] and "s3://" in problems[0]["message"]
    assert bucket_state(bucket) == before  # nothing uploaded, nothing deleted
    # A site that extends the bucket's chain goes up as before.
    later = {**newer, **chain_site(chain_records("115-20", "115-21", "115-22", "115-23"))}
    deploy_json(run_cli, write_site(tmp_path / "later", later), s3_endpoint, to)


def test_a_rewritten_chain_is_refused_by_the_buckets_manifest(
    tmp_path: Path, bucket, s3_endpoint: str, run_cli
) -> None:
    to = f"s3://{BUCKET}/"
    published = {**SITE_FILES, **chain_site(chain_records("115-20", "115-21"))}
    deploy_json(run_cli, write_site(tmp_path / "a", published), s3_endpoint, to)
    forged = chain_records("115-20", "115-21")
    forged[1]["sha256"] = "f" * 64
    site = write_site(tmp_path / "b", {**SITE_FILES, **chain_site(forged)})
    code, _, err = run_cli("deploy", "--site-dir", site, "--to", to, "--endpoint-url", s3_endpoint)
    assert code == 1 and "manifest-anchor" not in err and "115-21" in err


@pytest.mark.parametrize("bad", [b"{oops", b'{"issues": [1]}', b"\xff"])
def test_an_unreadable_bucket_manifest_fails_closed(
    tmp_path: Path, bucket, s3_endpoint: str, run_cli, bad: bytes
) -> None:
    bucket.put_object(Bucket=BUCKET, Key="gazette/manifest.json", Body=bad)
    bucket.put_object(Bucket=BUCKET, Key="gazette/114/01/index.html", Body=b"published")
    before = bucket_state(bucket)
    site = write_site(tmp_path / "site", SITE_FILES)
    code, out, err = run_cli(
        "deploy", "--site-dir", site, "--to", f"s3://{BUCKET}/", "--endpoint-url", s3_endpoint,
        "--format", "json",
    )  # fmt: skip
    assert code == 1, err
    assert [p["code"] for p in json.loads(out)] == ["deploy-live-manifest-unreadable"]
    assert bucket_state(bucket) == before


def test_a_bucket_with_the_old_single_manifest_is_the_chain_to_extend(
    tmp_path: Path, bucket, s3_endpoint: str, run_cli
) -> None:
    """The first deploy of the per-volume layout extends a bucket's gazette/manifest.json."""
    bucket.put_object(Bucket=BUCKET, Key="gazette/manifest.json",
                      Body=chain_json("115-20", "115-21").encode())  # fmt: skip
    before = bucket_state(bucket)
    shorter = write_site(tmp_path / "old", {**SITE_FILES, **chain_site(chain_records("115-20"))})
    code, out, err = run_cli(
        "deploy", "--site-dir", shorter, "--to", f"s3://{BUCKET}/", "--endpoint-url",
        s3_endpoint, "--format", "json",
    )  # fmt: skip
    assert code == 1, err
    assert [(p["path"], p["code"]) for p in json.loads(out)] == [
        (LATEST, "manifest-anchor-missing")
    ]
    assert bucket_state(bucket) == before
    longer = chain_site(chain_records("115-20", "115-21", "115-22"))
    report = deploy_json(run_cli, write_site(tmp_path / "new", {**SITE_FILES, **longer}),
                         s3_endpoint, f"s3://{BUCKET}/")  # fmt: skip
    assert "gazette/manifest.json" in report["deleted_paths"]  # the old layout goes
    assert {"gazette/chain/115.json", LATEST} <= keys(bucket)


@pytest.mark.parametrize("damage", ["tampered", "missing", "unlisted", "misplaced"])
def test_a_damaged_bucket_chain_is_refused_whole(
    tmp_path: Path, bucket, s3_endpoint: str, run_cli, damage: str
) -> None:
    published = chain_site(chain_records("114-24", "115-01", "115-02"))
    deploy_json(run_cli, write_site(tmp_path / "a", {**SITE_FILES, **published}),
                s3_endpoint, f"s3://{BUCKET}/")  # fmt: skip
    volume = "gazette/chain/115.json"
    if damage == "tampered":
        body = published[volume].replace("115-02", "115-03").encode()
        bucket.put_object(Bucket=BUCKET, Key=volume, Body=body)
    elif damage == "missing":
        bucket.delete_object(Bucket=BUCKET, Key=volume)
    elif damage == "unlisted":
        bucket.put_object(Bucket=BUCKET, Key="gazette/chain/113.json", Body=b"{}")
    else:  # 115-01's record moved into 114.json, latest.json relisted to match
        records = chain_records("114-24", "115-01", "115-02")
        files = chain_site(records)
        v114 = json.loads(files["gazette/chain/114.json"])
        v115 = json.loads(files[volume])
        v114["issues"].append(v115["issues"].pop(0))
        moved = {"gazette/chain/114.json": json.dumps(v114), volume: json.dumps(v115)}
        latest = json.loads(files[LATEST])
        for entry in latest["volumes"]:
            entry["sha256"] = chain_files.cache.sha256(
                moved[f"gazette/chain/{entry['file']}"].encode()
            )
        for rel, text in {**moved, LATEST: json.dumps(latest)}.items():
            bucket.put_object(Bucket=BUCKET, Key=rel, Body=text.encode())
    before = bucket_state(bucket)
    later = chain_site(chain_records("114-24", "115-01", "115-02", "115-03"))
    site = write_site(tmp_path / "b", {**SITE_FILES, **later})
    code, out, err = run_cli(
        "deploy", "--site-dir", site, "--to", f"s3://{BUCKET}/", "--endpoint-url", s3_endpoint,
        "--format", "json",
    )  # fmt: skip
    assert code == 1, err
    expected = {
        "tampered": (volume, "chain-volume-changed"),
        "missing": (volume, "chain-volume-missing"),
        "unlisted": ("gazette/chain/113.json", "chain-volume-unlisted"),
        "misplaced": ("gazette/chain/114.json", "chain-record-misplaced"),
    }[damage]
    found = [(p["path"].removeprefix(f"s3://{BUCKET}/"), p["code"]) for p in json.loads(out)]
    assert found == [expected]
    assert bucket_state(bucket) == before


def test_a_terminal_sees_the_uploads_progress_and_a_log_does_not(
    tmp_path: Path, bucket, s3_endpoint: str, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import progress

    site = write_site(tmp_path / "site", SITE_FILES)
    code, _, err = run_cli("deploy", "--site-dir", site, "--to", f"s3://{BUCKET}/log/",
                           "--endpoint-url", s3_endpoint)  # fmt: skip
    assert code == 0 and "upload [" not in err  # stderr is not a terminal: no bar
    monkeypatch.setattr(progress, "enabled", lambda stream: True)
    code, _, err = run_cli("deploy", "--site-dir", site, "--to", f"s3://{BUCKET}/tty/",
                           "--endpoint-url", s3_endpoint)  # fmt: skip
    published = sum(1 for rel in SITE_FILES if not rel.startswith("."))
    assert code == 0 and f"upload [{'#' * progress.WIDTH}] {published}/{published}" in err
