"""`gazette deploy`: mirror a built site to S3-compatible object storage, changed files only.

One listing of the bucket prefix gives every object's ETag; a file is uploaded only when its
MD5 differs from that ETag (every upload here is a single-part PUT, whose ETag is the MD5 of
the body, so the two are comparable). The SHA-256 of each upload is also kept in the
object's metadata (`x-amz-meta-sha256`) for anyone auditing the bucket.

Order matters to a reader who loads a page during the deploy: content-hashed assets, PDFs,
downloads and search fragments go first, then the search entry points that name those
fragments, then HTML, feeds and JSON (the chain's volume files among them), and the chain's
head `gazette/chain/latest.json` last; objects no longer in
the site are deleted only after every upload succeeded. A failed deploy therefore leaves the
old site whole plus some new files, and running it again finishes the job.

The bucket's own chain (`gazette/chain/latest.json` and the volume files it lists, checked
whole by generator.gazette.chain_files; `gazette/manifest.json` in a bucket published before
that layout) is the chain readers already hold: before anything is uploaded or deleted, the
site's chain must extend it (generator.gazette.anchor). An older build deployed by mistake
(or on purpose) would otherwise delete published issues; it is refused, exit 1, and a bucket
chain that cannot be read whole refuses too (fail closed).
"""

from __future__ import annotations

import argparse
import base64
import json
import mimetypes
import os
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator import cache
from generator.errors import ConfigError, GazetteError, Refused
from generator.gazette import anchor, chain_files
from generator.messages import message
from generator.models import Problem
from generator.progress import Bar
from generator.schedule import today_in_taipei

# What marks a folder as a site `gazette build` wrote (the build may add its own marker file).
SITE_MARKERS = ("index.html", chain_files.LATEST)

LONG_CACHE = "public, max-age=31536000, immutable"  # the name changes when the content does
SHORT_CACHE = "public, max-age=300, must-revalidate"  # pages, feeds, manifest, JSON
DEFAULT_CACHE = "public, max-age=3600"  # PDFs, downloads, images, fonts: rarely change

# Names that carry a hash of their content: MkDocs Material's bundles
# (assets/javascripts/bundle.f1e2d3c4.min.js) and Pagefind's fragments, indexes and metadata
# (pagefind/fragment/zh-tw_0a1b2c3.pf_fragment, pagefind/pagefind.zh-tw_0a1b2c3.pf_meta).
_HASHED = (
    re.compile(r"(^|/)assets/.*\.[0-9a-f]{8,}\.min\.(js|css)$"),
    re.compile(r"\.pf_(fragment|index|meta)$"),
)

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".webmanifest": "application/manifest+json",
    ".atom": "application/atom+xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".tsv": "text/tab-separated-values; charset=utf-8",
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".wasm": "application/wasm",
    ".map": "application/json",
    ".gz": "application/gzip",
    ".pagefind": "application/octet-stream",  # Pagefind's gzipped WebAssembly
}

# Upload phases: a page must never name a file that is not there yet.
# Pagefind's own entry files (pagefind-entry.json, pagefind.js, the UI) and the build's
# bundles.json: they name the hashed chunks, so they go up after them.
_ENTRY_POINTS = re.compile(r"(^|/)pagefind[^/]*/[^/]+\.(js|json|css)$")
_PAGES = (".html", ".atom", ".rss", ".xml", ".json", ".jsonld", ".webmanifest", ".txt")
_LAST = chain_files.LATEST  # the chain's head readers verify: once everything it names is up


@dataclass(frozen=True)
class Target:
    """Where to deploy: a bucket and a key prefix ('' or ending with '/')."""

    bucket: str
    prefix: str

    @property
    def url(self) -> str:
        """Return the s3:// address the user gave, normalised."""
        return f"s3://{self.bucket}/{self.prefix}"


@dataclass(frozen=True)
class LocalFile:
    """One file of the built site."""

    path: Path
    rel: str  # posix path relative to the site folder
    size: int
    md5: str  # hex


@dataclass
class Report:
    """What a deploy did (or, dry run, would do)."""

    target: str
    dry_run: bool
    uploaded: list[str] = field(default_factory=list)
    uploaded_bytes: int = 0
    kept: int = 0
    kept_bytes: int = 0
    deleted: list[str] = field(default_factory=list)
    deleted_bytes: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON report: counts and bytes, and the uploaded and deleted paths."""
        return {
            "target": self.target,
            "dry_run": self.dry_run,
            "uploaded": {"files": len(self.uploaded), "bytes": self.uploaded_bytes},
            "kept": {"files": self.kept, "bytes": self.kept_bytes},
            "deleted": {"files": len(self.deleted), "bytes": self.deleted_bytes},
            "uploaded_paths": self.uploaded,
            "deleted_paths": self.deleted,
        }


def _fail(code: str, field_: str = "", where: str = "", **params: Any) -> ConfigError:
    """Return the exit-2 error for one deploy problem, located at `where` (a folder or URL)."""
    return ConfigError([Problem.at(where, None, field_, code, **params)])


def parse_target(text: str) -> Target:
    """Parse `s3://BUCKET/PREFIX`; a bad address is a usage error."""
    parts = urlsplit(text)
    bucket = parts.netloc
    valid = (
        parts.scheme == "s3"
        and re.fullmatch(r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]", bucket or "")
        and not parts.query
        and not parts.fragment
    )
    if not valid:
        raise _fail("deploy-bad-url", "--to", text, value=text)
    prefix = parts.path.strip("/")
    return Target(bucket, prefix + "/" if prefix else "")


def check_site(site_dir: Path) -> None:
    """Refuse a folder that is not a site `gazette build` wrote (exit 2)."""
    missing = [name for name in SITE_MARKERS if not (site_dir / name).is_file()]
    if missing:
        raise _fail(
            "deploy-not-a-site", "--site-dir", str(site_dir), site=str(site_dir), missing=missing[0]
        )


def local_files(site_dir: Path) -> list[LocalFile]:
    """Return every file of the site, sorted, with its MD5 (dot files at the top skipped)."""
    found = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        # The build's own markers and temp files are not part of the published site.
        if rel.startswith(".") and not rel.startswith(".well-known/"):
            continue
        if path.is_symlink() or not path.is_file():
            continue
        digest = cache.etag_hasher()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):  # noqa: B023
                digest.update(block)
        found.append(LocalFile(path, rel, path.stat().st_size, digest.hexdigest()))
    return found


def content_type(rel: str) -> str:
    """Return the Content-Type of a site file."""
    name = rel.rsplit("/", 1)[-1].lower()
    if re.search(r"\.pf_[a-z]+$", name):
        return "application/octet-stream"  # Pagefind's gzipped index chunks
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def cache_control(rel: str) -> str:
    """Return the Cache-Control header: long for content-hashed names, short for pages."""
    if any(pattern.search(rel) for pattern in _HASHED):
        return LONG_CACHE
    # Unhashed scripts and styles change with the pages that use them: keep them as fresh.
    if rel.endswith(_PAGES + (".js", ".css", ".mjs")) or _ENTRY_POINTS.search(rel):
        return SHORT_CACHE
    return DEFAULT_CACHE


def phase(rel: str) -> int:
    """Return the upload phase of a file: assets 0, search entry points 1, pages 2, manifest 3."""
    if rel == _LAST:
        return 3
    if _ENTRY_POINTS.search(rel):
        return 1
    if rel.endswith(_PAGES):
        return 2
    return 0


def _client(endpoint_url: str | None) -> Any:
    """Return a boto3 S3 client from the standard AWS environment variables."""
    import boto3
    from botocore.config import Config

    if endpoint_url is not None:
        parts = urlsplit(endpoint_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise _fail("deploy-bad-url", "--endpoint-url", endpoint_url, value=endpoint_url)
    session = boto3.session.Session(
        region_name=os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION") or None
    )
    if session.get_credentials() is None:
        raise _fail("deploy-no-credentials")
    config = Config(
        region_name=session.region_name or "us-east-1",
        retries={"max_attempts": 4, "mode": "standard"},
        connect_timeout=10,
        read_timeout=60,
        max_pool_connections=16,
        # Only what S3 requires: several S3-compatible stores reject the newer default
        # CRC checksum headers; Content-MD5 is sent on every upload anyway.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        # Path-style addressing works on every S3-compatible store (MinIO, Ceph, moto).
        s3={"addressing_style": "path"} if endpoint_url else None,
    )
    return session.client("s3", endpoint_url=endpoint_url, config=config)


def _remote_objects(client: Any, target: Target) -> dict[str, tuple[str, int]]:
    """List the prefix once: relative path → (ETag without quotes, size)."""
    found = {}
    pages = client.get_paginator("list_objects_v2").paginate(
        Bucket=target.bucket, Prefix=target.prefix
    )
    for page in pages:
        for item in page.get("Contents", []):
            rel = item["Key"][len(target.prefix) :]
            if rel and not rel.endswith("/"):
                found[rel] = (item.get("ETag", "").strip('"'), int(item.get("Size", 0)))
    return found


def _upload(client: Any, target: Target, item: LocalFile) -> None:
    """PUT one file in a single part (so its ETag stays its MD5), with its headers."""
    body = item.path.read_bytes()
    client.put_object(
        Bucket=target.bucket,
        Key=target.prefix + item.rel,
        Body=body,
        ContentMD5=base64.b64encode(bytes.fromhex(item.md5)).decode("ascii"),
        ContentType=content_type(item.rel),
        CacheControl=cache_control(item.rel),
        Metadata={"sha256": cache.sha256(body)},
    )


def _delete(client: Any, target: Target, rels: list[str]) -> None:
    """Delete objects, 1,000 per request (the S3 limit); a failed key is an error."""
    for start in range(0, len(rels), 1000):
        chunk = rels[start : start + 1000]
        answer = client.delete_objects(
            Bucket=target.bucket,
            Delete={"Objects": [{"Key": target.prefix + rel} for rel in chunk], "Quiet": True},
        )
        if answer.get("Errors"):
            error = answer["Errors"][0]
            raise _fail("deploy-failed", detail=f"{error.get('Key')}: {error.get('Message')}")


def plan(
    files: Iterable[LocalFile], remote: dict[str, tuple[str, int]], report: Report
) -> tuple[list[LocalFile], list[str]]:
    """Return (files to upload in phase order, remote paths to delete), filling the report."""
    uploads, names = [], set()
    for item in files:
        names.add(item.rel)
        etag, _ = remote.get(item.rel, ("", 0))
        if etag == item.md5:
            report.kept += 1
            report.kept_bytes += item.size
        else:
            uploads.append(item)
            report.uploaded.append(item.rel)
            report.uploaded_bytes += item.size
    uploads.sort(key=lambda item: (phase(item.rel), item.rel))
    report.uploaded.sort(key=lambda rel: (phase(rel), rel))
    deletes = sorted(rel for rel in remote if rel not in names)
    report.deleted = deletes
    report.deleted_bytes = sum(remote[rel][1] for rel in deletes)
    return uploads, deletes


def deploy(
    site_dir: Path,
    to: str,
    *,
    endpoint_url: str | None = None,
    dry_run: bool = False,
    workers: int = 8,
) -> Report:
    """Mirror `site_dir` to `to` (s3://BUCKET/PREFIX): upload changed files, then delete."""
    target = parse_target(to)
    check_site(site_dir)
    report = Report(target.url, dry_run)
    try:
        client = _client(endpoint_url)
        remote = _remote_objects(client, target)
        published = _remote_chain(client, target, remote)
        if published is not None:  # none: the first publish to this prefix
            check_extends(site_dir, published)
        uploads, deletes = plan(local_files(site_dir), remote, report)
        if dry_run:
            return report
        with ThreadPoolExecutor(max_workers=workers) as pool, Bar("upload", len(uploads)) as bar:
            for number in range(4):
                batch = [item for item in uploads if phase(item.rel) == number]
                # list() waits for the whole phase and re-raises the first failure.
                for _done in pool.map(lambda item: _upload(client, target, item), batch):
                    bar.advance()
        _delete(client, target, deletes)
    except GazetteError:
        raise
    except Exception as error:  # noqa: BLE001 - every client failure is a usage/config error
        raise _translate(error, target, endpoint_url) from None
    return report


def _remote_chain(
    client: Any, target: Target, remote: dict[str, tuple[str, int]]
) -> tuple[dict[str, Any] | None, str] | None:
    """Return (the bucket's published chain document, its address); None when it has none.

    The per-volume layout is read whole (every listed volume file, digests checked, records
    linked); a bucket published before it has the single `gazette/manifest.json`, which the
    first deploy of the new layout extends. A chain that cannot be read is refused.
    """

    def get(rel: str) -> bytes:
        """Return the bytes of one object of the prefix."""
        answer = client.get_object(Bucket=target.bucket, Key=target.prefix + rel)
        return answer["Body"].read()

    def volume(rel: str) -> bytes:
        """Return a listed volume file; one the bucket cannot give is a missing one."""
        try:
            return get(rel)
        except Exception as error:  # noqa: BLE001 - NoSuchKey and its kin: the file is missing
            raise OSError(str(error)) from None

    if _LAST in remote:
        folder = chain_files.FOLDER + "/"
        present = [rel.removeprefix(folder) for rel in remote if rel.startswith(folder)]
        document, problems = chain_files.assemble(
            get(_LAST),
            lambda name: volume(f"{folder}{name}"),
            lambda name: f"{target.url}{folder}{name}",
            [name for name in present if "/" not in name],
        )
        if problems:
            raise Refused(problems)
        return document, target.url + _LAST
    if chain_files.LEGACY in remote:
        return anchor.parse(get(chain_files.LEGACY)), target.url + chain_files.LEGACY
    return None


def check_extends(site_dir: Path, published: tuple[dict[str, Any] | None, str]) -> None:
    """Raise Refused (exit 1) unless the site's chain extends the published chain.

    `published` is the bucket's chain document (None when unreadable) and its address.
    Issues the published copy dates after today (a preview) may still change and are left
    out, as for the build's own site anchor.
    """
    document, source = published
    if document is None or anchor.shape_error(document) is not None:
        raise Refused(
            [Problem.at(source, None, "", "deploy-live-manifest-unreadable", source=source)]
        )
    live = anchor.Anchor(source, anchor.records_of(document, today_in_taipei().isoformat()))
    local, problems, rel = chain_files.read_site(site_dir)
    if problems:
        raise Refused(problems)
    if local is None or anchor.shape_error(local) is not None:
        where = str(site_dir / (rel or _LAST))
        raise Refused(
            [Problem.at(where, None, "", "deploy-live-manifest-unreadable", source=where)]
        )
    problems = anchor.extension_problems(anchor.records_of(local), live, _LAST)
    if problems:
        raise Refused(problems)


def _translate(error: Exception, target: Target, endpoint_url: str | None) -> ConfigError:
    """Turn a botocore failure into a clear exit-2 problem."""
    from botocore import exceptions as bx

    if isinstance(error, bx.NoCredentialsError | bx.PartialCredentialsError):
        return _fail("deploy-no-credentials")
    if isinstance(error, bx.EndpointConnectionError | bx.ConnectTimeoutError):
        return _fail(
            "deploy-unreachable",
            "--endpoint-url",
            endpoint=endpoint_url or "AWS S3",
            detail=str(error),
        )
    if isinstance(error, bx.ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        if code in ("NoSuchBucket", "404", "NotFound"):
            return _fail("deploy-bucket-missing", "--to", target.url, bucket=target.bucket)
        if code in (
            "AccessDenied",
            "403",
            "InvalidAccessKeyId",
            "SignatureDoesNotMatch",
            "AllAccessDisabled",
        ):
            return _fail(
                "deploy-access-denied", "--to", target.url, bucket=target.bucket, detail=code
            )
        return _fail("deploy-failed", detail=f"{code}: {error}")
    if isinstance(error, ValueError | bx.BotoCoreError | OSError):
        return _fail("deploy-failed", detail=f"{type(error).__name__}: {error}")
    raise error


def command(args: argparse.Namespace) -> list[Problem]:
    """Run `gazette deploy` and print what it uploaded, kept and deleted."""
    done = deploy(
        args.site_dir, args.to, endpoint_url=args.endpoint_url, dry_run=args.dry_run
    ).as_dict()
    if args.format == "json":
        print(json.dumps(done, ensure_ascii=False, indent=2))
        return []
    dry = message(Problem.at("", None, "", "deploy-dry-run"), args.lang) if args.dry_run else ""
    counts = {
        "target": done["target"],
        "dry_run": dry,
        **{name: done[name]["files"] for name in ("uploaded", "kept", "deleted")},
        **{f"{name}_bytes": f"{done[name]['bytes']:,}" for name in ("uploaded", "kept", "deleted")},
    }
    print(message(Problem.at("", None, "", "deploy-report", **counts), args.lang))
    return []
