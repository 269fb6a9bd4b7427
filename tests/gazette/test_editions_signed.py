"""Signed editions: a configured key signs new editions; verify accepts them, not changes."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pikepdf
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from test_editions_frozen import publish
from test_lifecycle_support import make_project

from generator.errors import ConfigError
from generator.gazette import editions, signing


def self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    """Write a throwaway key and self-signed certificate (PEM); return their paths."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / f"{name}.key.pem", folder / f"{name}.cert.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Return (project, certificate, another certificate) after a signed publish build."""
    folder = tmp_path_factory.mktemp("signed")
    key, cert = self_signed(folder, "gazette")
    _, other = self_signed(folder, "someone-else")
    root = make_project(folder / "p", issues=2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(signing.KEY_ENV, str(key))
        patch.setenv(signing.CERT_ENV, str(cert))
        found = publish(root, folder / "site", as_of=dt.date(2025, 1, 15))
    assert found["114-01"].signed
    return root, cert, other


def test_a_signed_edition_verifies_against_its_certificate(signed) -> None:
    root, cert, _ = signed
    data = (root / "editions/114/01.pdf").read_bytes()
    assert signing.is_signed(data)
    assert signing.signature_problem(data, signing.load_cert(cert)) is None
    assert editions.verify(root, cert_path=cert) == []


def test_signing_and_checking_work_inside_a_running_event_loop(signed, tmp_path) -> None:
    # pyHanko's sync API calls asyncio.run: inside Playwright's (or a host's) running loop
    # that raised RuntimeError until the calls moved to a worker thread.
    root, cert, _ = signed
    key, own = self_signed(tmp_path, "in-loop")
    data = (root / "editions/114/01.pdf").read_bytes()
    blank = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(blank)
    signer = None

    async def inside() -> tuple[str | None, str | None]:
        nonlocal signer
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(signing.KEY_ENV, str(key))
            patch.setenv(signing.CERT_ENV, str(own))
            signer = signing.load_signer()
        fresh = signing.sign(blank.getvalue(), signer, "Test")
        return (
            signing.signature_problem(data, signing.load_cert(cert)),
            signing.signature_problem(fresh, signing.load_cert(own)),
        )

    # A thread of its own: the test process may already run a loop here (Playwright's).
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, inside()).result() == (None, None)


def test_another_certificate_does_not_verify_it(signed) -> None:
    root, _, other = signed
    problems = editions.verify(root, cert_path=other)
    assert [(p.code, p.values["issue"]) for p in problems] == [
        ("edition-signature-invalid", "114-01")
    ]


def test_a_modified_signed_edition_fails(signed) -> None:
    root, cert, _ = signed
    data = (root / "editions/114/01.pdf").read_bytes()
    trust = signing.load_cert(cert)
    at = data.index(b"/Title")  # inside the signed byte range
    changed = data[:at] + b"/Titlf" + data[at + 6 :]
    assert signing.signature_problem(changed, trust) is not None
    appended = data + b"\n1 0 obj\n<< >>\nendobj\n%%EOF\n"  # an update after signing
    assert signing.signature_problem(appended, trust) is not None


def test_an_unreadable_key_is_a_configuration_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_text("not a key", encoding="utf-8")
    monkeypatch.setenv(signing.KEY_ENV, str(bad))
    monkeypatch.setenv(signing.CERT_ENV, str(bad))
    with pytest.raises(ConfigError) as caught:
        signing.load_signer()
    assert [p.code for p in caught.value.problems] == ["signing-key-unreadable"]


def test_verify_command_checks_signatures_with_cert(signed, run_cli) -> None:
    root, cert, other = signed
    assert run_cli("verify", "--root", root, "--cert", cert)[0] == 0
    code, out, _ = run_cli("verify", "--root", root, "--cert", other, "--lang", "en")
    assert code == 1 and "editions/114/01.pdf" in out and "signature" in out
