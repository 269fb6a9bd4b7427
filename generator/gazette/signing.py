"""PAdES signatures on new PDF editions (pyHanko), and checking them.

A signing key is configured through the environment, so the publish workflow can take it
from a CI secret and no key ever sits in the repository:

- `GAZETTE_SIGNING_KEY` (PEM private key) and `GAZETTE_SIGNING_CERT` (PEM certificate),
  each a file path or the PEM text itself, with `GAZETTE_SIGNING_PASSPHRASE` when the key
  is encrypted; or
- `GAZETTE_SIGNING_PKCS12` (a .p12/.pfx file) with `GAZETTE_SIGNING_PASSPHRASE`.

No message ever shows a key: errors name the variable (and the file, when it holds a
path). The certificate must hold the key's public key, and every new signature is checked
against it before the edition can be frozen.

Without any of them, editions are unsigned (and the issue page says so). `gazette verify`
checks signatures against the certificate in `--cert` or `GAZETTE_SIGNING_CERT`: the
signature must be intact, made by a key the certificate vouches for, and cover the whole
file (nothing appended after signing).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import warnings
from collections.abc import Callable, Iterator
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


def _material(env: str) -> tuple[bytes | None, str]:
    """Return the bytes a variable names (a file, or PEM text in the variable) and a label.

    The label names the variable, and the file only when the value is one: a variable that
    holds key material itself (PEM, or anything that is not an existing file) is never
    echoed, so a CI log cannot leak the key through an error message.
    """
    value = os.environ.get(env, "")
    if "-----BEGIN" in value:
        return value.encode(), f"${env}"
    if value and len(value) < 4096 and "\n" not in value and os.path.isfile(value):
        try:
            return Path(value).read_bytes(), f"{value} (${env})"
        except OSError:
            return None, f"{value} (${env})"
    return None, f"${env}"


def load_signer() -> Any | None:
    """Return the configured pyHanko signer, None without a key; ConfigError when unusable.

    The certificate must vouch for the key (same public key): a mismatched pair would
    freeze editions whose signature never verifies.
    """
    if not configured():
        return None
    _import_pyhanko()
    from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    if os.environ.get(PKCS12_ENV):
        data, label = _material(PKCS12_ENV)
        try:
            signer = signers.SimpleSigner.load_pkcs12_data(data or b"", (), _passphrase())
        except Exception:  # noqa: BLE001 - any unusable file is one configuration error
            raise _unreadable(label) from None
    else:
        key, key_label = _material(KEY_ENV)
        cert, cert_label = _material(CERT_ENV)
        if key is None:
            raise _unreadable(key_label)
        try:
            signing_key = load_private_key_from_pemder_data(key, passphrase=_passphrase())
        except Exception:  # noqa: BLE001 - never show the parser's view of key bytes
            raise _unreadable(key_label) from None
        try:
            certs = list(load_certs_from_pemder_data(cert or b""))
        except Exception:  # noqa: BLE001
            certs = []
        if not certs:
            raise _unreadable(cert_label)
        signer = signers.SimpleSigner(
            signing_cert=certs[0], signing_key=signing_key, cert_registry=SimpleCertificateStore()
        )
    if not _cert_matches_key(signer):
        problem = Problem.at("", None, "", "signing-cert-mismatch", env=_env_names())
        raise ConfigError([problem])
    return signer


def _import_pyhanko() -> None:
    """Import pyHanko with its import-time warnings silenced.

    Importing its signers warns that `cryptography` deprecates DSA (a key type editions
    never use) on every run; a clerk's terminal should show only what concerns them.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pyhanko.sign.signers  # noqa: F401
        import pyhanko.sign.validation  # noqa: F401


def _unreadable(label: str) -> ConfigError:
    """Return the error for key material that cannot be used (naming no secret)."""
    problem = Problem.at("", None, "", "signing-key-unreadable", file=label, env=_env_names())
    return ConfigError([problem])


def _cert_matches_key(signer: Any) -> bool:
    """Return whether the signer's certificate holds the public key of its private key."""
    from cryptography.hazmat.primitives import serialization

    try:
        private = serialization.load_der_private_key(signer.signing_key.dump(), password=None)
        ours = private.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    except (ValueError, TypeError):
        return False
    return ours == signer.signing_cert.public_key.dump()


def _env_names() -> str:
    """Return the environment variables that configure signing, for messages."""
    return f"{KEY_ENV} + {CERT_ENV}, {PKCS12_ENV}, {PASSPHRASE_ENV}"


@contextlib.contextmanager
def _quiet_pyhanko() -> Iterator[None]:
    """Keep pyHanko's own log records (tracebacks included) off the terminal.

    pyHanko logs a failed validation with its traceback; with no logging configured Python
    prints that to stderr, so one wrong certificate gave a reader 29 lines. The outcome is
    reported as one message instead.
    """
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    saved = [(log.propagate, log.handlers[:]) for log in loggers]
    for log in loggers:
        log.propagate, log.handlers = False, [logging.NullHandler()]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            yield
    finally:
        for log, (propagate, handlers) in zip(loggers, saved, strict=True):
            log.propagate, log.handlers = propagate, handlers


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
    _import_pyhanko()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    class KeepMetadata(IncrementalPdfFileWriter):
        """An incremental writer that leaves the document information and XMP alone.

        pyHanko stamps its producer and a new modification date into /Info but not into
        the XMP packet WeasyPrint wrote, and PDF/A requires the two to agree: an edition
        signed that way was no longer PDF/A. The signing time is in the signature itself.
        """

        def _update_meta(self) -> None:
            return None

    writer = KeepMetadata(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="正式版公報 / Official edition",
        location=location,
    )
    with _quiet_pyhanko():
        out = _without_event_loop(lambda: signers.sign_pdf(writer, meta, signer=signer)).getvalue()
    # A signature that does not verify must never be frozen into editions/.
    why = signature_problem(out, signer.signing_cert)
    if why:
        problem = Problem.at("", None, "", "signing-self-check-failed", detail=why)
        raise ConfigError([problem])
    return out


def load_cert(path: Path) -> Any:
    """Return the certificate at `path` (PEM or DER); ConfigError when unreadable."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise _cert_unreadable(str(path), error.strerror or type(error).__name__) from None
    return _cert_from(data, str(path))


def _cert_from(data: bytes, label: str) -> Any:
    """Return the first certificate in PEM or DER bytes; ConfigError naming `label`."""
    _import_pyhanko()
    from pyhanko.keys import load_certs_from_pemder_data

    if b"PRIVATE KEY-----" in data:  # a key given where a certificate belongs: never echo it
        raise _cert_unreadable(label, "a private key, not a certificate")
    try:
        with _quiet_pyhanko():
            certs = list(load_certs_from_pemder_data(data))
            certs[0].public_key.dump()  # parse now: asn1crypto parses lazily
    except Exception:  # noqa: BLE001 - any unparsable file is the same error for a reader
        raise _cert_unreadable(label, "not a PEM or DER X.509 certificate") from None
    return certs[0]


def _cert_unreadable(label: str, detail: str) -> ConfigError:
    """Return the error for a certificate that cannot be read."""
    problem = Problem.at(label, None, "", "signing-cert-unreadable", file=label, detail=detail)
    return ConfigError([problem])


def configured_cert(option: Path | None) -> Any | None:
    """Return the certificate to verify against: `--cert`, else GAZETTE_SIGNING_CERT.

    GAZETTE_SIGNING_CERT may hold a path or the PEM text itself.
    """
    if option is not None:
        return load_cert(option)
    if not os.environ.get(CERT_ENV):
        return None
    data, label = _material(CERT_ENV)
    if data is None:
        raise _cert_unreadable(label, "no such file")
    return _cert_from(data, label)


def is_signed(data: bytes) -> bool:
    """Return whether a PDF carries an embedded signature.

    A byte search, not a parse: a build asks this of every stored edition. A signature's
    /ByteRange is written in the clear (the signed ranges are located by it);
    `signature_problem` does the real check.
    """
    return b"/ByteRange" in data


def signature_problem(data: bytes, cert: Any) -> str | None:
    """Return why a PDF's signature does not hold against `cert`, or None when it does."""
    _import_pyhanko()
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception as error:  # noqa: BLE001 - a damaged file is a failed check, not a bug
        return f"unreadable: {type(error).__name__}"
    if not signatures:
        return "not signed"
    try:
        with _quiet_pyhanko():
            context = ValidationContext(trust_roots=[cert], allow_fetching=False)
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
