"""PAdES signatures on new PDF editions (pyHanko), and checking them.

A signing key is configured through the environment, so the publish workflow can take it
from a CI secret and no key ever sits in the repository:

- `GAZETTE_SIGNING_KEY` (PEM private key file) and `GAZETTE_SIGNING_CERT` (PEM certificate),
  with `GAZETTE_SIGNING_PASSPHRASE` when the key is encrypted; or
- `GAZETTE_SIGNING_PKCS12` (a .p12/.pfx file) with `GAZETTE_SIGNING_PASSPHRASE`.

Without any of them, editions are unsigned (and the issue page says so). `gazette verify`
checks signatures against the certificate in `--cert` or `GAZETTE_SIGNING_CERT`: the
signature must be intact, made by a key the certificate vouches for, and cover the whole
file (nothing appended after signing).
"""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from generator.errors import ConfigError
from generator.models import Problem

KEY_ENV = "GAZETTE_SIGNING_KEY"
CERT_ENV = "GAZETTE_SIGNING_CERT"
PKCS12_ENV = "GAZETTE_SIGNING_PKCS12"
PASSPHRASE_ENV = "GAZETTE_SIGNING_PASSPHRASE"
FIELD = "GazetteSignature"
T = TypeVar("T")


def configured() -> bool:
    """Return whether a signing key is configured."""
    return bool(os.environ.get(PKCS12_ENV) or os.environ.get(KEY_ENV))


def _passphrase() -> bytes | None:
    """Return the key's passphrase from the environment, if any."""
    value = os.environ.get(PASSPHRASE_ENV)
    return value.encode() if value else None


def load_signer() -> Any | None:
    """Return the configured pyHanko signer, None without a key; ConfigError when unusable."""
    if not configured():
        return None
    from pyhanko.sign import signers

    pkcs12, key, cert = (os.environ.get(n) for n in (PKCS12_ENV, KEY_ENV, CERT_ENV))
    signer, source = None, pkcs12 or key or ""
    try:
        if pkcs12:
            signer = signers.SimpleSigner.load_pkcs12(pkcs12, passphrase=_passphrase())
        elif key and cert:
            signer = signers.SimpleSigner.load(key, cert, key_passphrase=_passphrase())
    except (OSError, ValueError, TypeError):
        signer = None
    if signer is None:  # pyHanko logs and returns None when a file cannot be read
        raise ConfigError(
            [
                Problem.at(
                    str(source), None, "", "signing-key-unreadable", file=source, env=_env_names()
                )
            ]
        )
    return signer


def _env_names() -> str:
    """Return the environment variables that configure signing, for messages."""
    return f"{KEY_ENV} + {CERT_ENV}, {PKCS12_ENV}, {PASSPHRASE_ENV}"


def _without_event_loop(func: Callable[[], T]) -> T:
    """Call `func` where no asyncio loop is running in the thread.

    pyHanko's synchronous API calls `asyncio.run`, which fails inside a running loop (a
    host application's, or Playwright's in the same test process); a worker thread has none.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return func()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(func).result()


def sign(data: bytes, signer: Any, location: str) -> bytes:
    """Return `data` (a PDF) with a PAdES signature appended as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="正式版公報 / Official edition",
        location=location,
    )
    out = _without_event_loop(lambda: signers.sign_pdf(writer, meta, signer=signer))
    return out.getvalue()


def load_cert(path: Path) -> Any:
    """Return the certificate at `path` (PEM or DER); ConfigError when unreadable."""
    from pyhanko.keys import load_cert_from_pemder

    try:
        return load_cert_from_pemder(str(path))
    except (OSError, ValueError) as error:
        problem = Problem.at(
            str(path), None, "", "signing-cert-unreadable", file=str(path), detail=str(error)
        )
        raise ConfigError([problem]) from error


def configured_cert(option: Path | None) -> Any | None:
    """Return the certificate to verify against: `--cert`, else GAZETTE_SIGNING_CERT."""
    path = option or (Path(os.environ[CERT_ENV]) if os.environ.get(CERT_ENV) else None)
    return load_cert(path) if path else None


def is_signed(data: bytes) -> bool:
    """Return whether a PDF carries an embedded signature.

    A byte search, not a parse: a build asks this of every stored edition. A signature's
    /ByteRange is written in the clear (the signed ranges are located by it);
    `signature_problem` does the real check.
    """
    return b"/ByteRange" in data


def signature_problem(data: bytes, cert: Any) -> str | None:
    """Return why a PDF's signature does not hold against `cert`, or None when it does."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception as error:  # noqa: BLE001 - a damaged file is a failed check, not a bug
        return f"unreadable: {type(error).__name__}"
    if not signatures:
        return "not signed"
    context = ValidationContext(trust_roots=[cert], allow_fetching=False)
    try:
        status = _without_event_loop(lambda: validate_pdf_signature(signatures[-1], context))
    except Exception as error:  # noqa: BLE001 - any failure to validate is a failed check
        return str(error)[:200] or type(error).__name__
    if not status.intact:
        return "the signed bytes were changed"
    if not status.valid or not status.trusted:
        return "the signature was not made with the configured certificate"
    if status.coverage.name != "ENTIRE_FILE" or status.modification_level.name != "NONE":
        return "the file was changed after it was signed"
    return None
