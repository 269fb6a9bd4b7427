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
    at = data.index(b"/Type")  # inside the signed byte range
    changed = data[:at] + b"/Typf" + data[at + 5 :]
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


# --- key material, mismatched certificates, one-line errors, PDF/A metadata -------------


def _pem_key_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_pem_text_in_the_variable_signs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key, cert = self_signed(tmp_path, "inline")
    monkeypatch.setenv(signing.KEY_ENV, _pem_key_text(key))
    monkeypatch.setenv(signing.CERT_ENV, cert.read_text(encoding="utf-8"))
    signer = signing.load_signer()
    blank = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(blank)
    signed_pdf = signing.sign(blank.getvalue(), signer, "Test")
    assert signing.signature_problem(signed_pdf, signing.load_cert(cert)) is None


@pytest.mark.parametrize("form", ["path", "pem"])
def test_key_material_is_never_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli, form: str
) -> None:
    """An unusable key or certificate is named by its variable, never by its bytes."""
    key, _ = self_signed(tmp_path, "leak")
    text = _pem_key_text(key)
    secret_line = text.splitlines()[1]  # base64 of the key itself
    damaged = text.replace(secret_line, secret_line[::-1])
    if form == "path":
        (tmp_path / "damaged.pem").write_text(damaged, encoding="utf-8")
        monkeypatch.setenv(signing.KEY_ENV, str(tmp_path / "damaged.pem"))
    else:
        monkeypatch.setenv(signing.KEY_ENV, damaged)
    monkeypatch.setenv(signing.CERT_ENV, text)  # a key where the certificate belongs
    with pytest.raises(ConfigError) as caught:
        signing.load_signer()
    assert [p.code for p in caught.value.problems] == ["signing-key-unreadable"]
    from generator.messages import format_text

    problems = caught.value.problems
    shown = "\n".join(format_text(p, lang) for p in problems for lang in ("zh-TW", "en"))
    assert "GAZETTE_SIGNING_KEY" in shown
    for secret in (secret_line, secret_line[::-1], "PRIVATE KEY"):
        assert secret not in shown
    # A key given to --cert is not echoed either.
    code, out, err = run_cli("verify", "--root", tmp_path, "--cert", key, "--lang", "en")
    assert code == 2 and secret_line not in out + err and "PRIVATE KEY" not in out + err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_certificate_of_another_key_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, _ = self_signed(tmp_path, "ours")
    _, theirs = self_signed(tmp_path, "theirs")
    monkeypatch.setenv(signing.KEY_ENV, str(key))
    monkeypatch.setenv(signing.CERT_ENV, str(theirs))
    with pytest.raises(ConfigError) as caught:
        signing.load_signer()
    assert [(p.path, p.line, p.field, p.code) for p in caught.value.problems] == [
        ("", None, "", "signing-cert-mismatch")
    ]
    assert caught.value.exit_code == 2


def test_a_mismatched_certificate_freezes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, _ = self_signed(tmp_path, "ours")
    _, theirs = self_signed(tmp_path, "theirs")
    root = make_project(tmp_path / "p", issues=1)
    monkeypatch.setenv(signing.KEY_ENV, str(key))
    monkeypatch.setenv(signing.CERT_ENV, str(theirs))
    with pytest.raises(ConfigError):
        publish(root, tmp_path / "site", as_of=dt.date(2025, 1, 15))
    assert not (root / "editions").exists()


def test_verify_cert_errors_are_one_line(signed, run_cli, tmp_path: Path) -> None:
    root, _, _ = signed
    wrong = tmp_path / "wrong.pem"
    wrong.write_text("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n")
    for cert in (wrong, tmp_path / "missing.pem"):
        code, out, err = run_cli("verify", "--root", root, "--cert", cert, "--lang", "en")
        assert code == 2, (cert, out, err)
        assert len(err.strip().splitlines()) == 1, err
        assert "Traceback" not in err and "Warning" not in err


def test_verify_with_another_certificate_prints_no_traceback_or_warning(
    signed, tmp_path: Path
) -> None:
    import subprocess
    import sys

    root, _, other = signed
    done = subprocess.run(
        [sys.executable, "-W", "default", "-m", "generator", "verify", "--root", str(root)]
        + ["--cert", str(other), "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "Warning" not in done.stderr, done.stderr
    assert len(done.stdout.strip().splitlines()) == 1 and "signature" in done.stdout


def test_verify_reports_signed_and_unsigned_editions(signed, run_cli) -> None:
    root, cert, _ = signed
    code, out, err = run_cli("verify", "--root", root, "--cert", cert, "--lang", "en")
    assert code == 0, err
    assert out.startswith("Verified: the manifest chain of 1 issue(s) up to 114-01 (head ")
    assert "1 signature(s) checked" in out and "unsigned" not in err
    assert run_cli("verify", "--root", root, "--quiet")[1] == ""


@pytest.mark.slow  # publishes a project of its own: PDF editions and the site
def test_verify_cert_names_unsigned_editions(tmp_path: Path, run_cli) -> None:
    root = make_project(tmp_path / "p", issues=2)
    publish(root, tmp_path / "site", as_of=dt.date(2025, 1, 31))
    _, cert = self_signed(tmp_path, "later")
    code, out, err = run_cli("verify", "--root", root, "--cert", cert, "--lang", "en")
    assert code == 0, err
    assert "2 PDF edition(s) unsigned (114-01、114-02)" in err
    assert "0 signature(s) checked" in out


def _xmp_and_info(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """Return (XMP, document information) of a PDF: producer, dates, title."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        xmp = pdf.open_metadata()
        info = {k: str(v) for k, v in pdf.docinfo.items()}
        found = {
            "producer": xmp.get("pdf:Producer"),
            "created": xmp.get("xmp:CreateDate"),
            "modified": xmp.get("xmp:ModifyDate"),
            "title": xmp.get("dc:title"),
            "pdfa": f"{xmp.get('pdfaid:part')}{xmp.get('pdfaid:conformance')}",
        }
    return found, info


def _pdf_date(value: str) -> dt.datetime:
    """Return a PDF date (D:YYYYMMDDHHmmSS+HH'mm') or an XMP date as a datetime."""
    from pikepdf.models.metadata import decode_pdf_date

    if value.startswith("D:"):
        return decode_pdf_date(value)
    return dt.datetime.fromisoformat(value)


def test_a_signed_edition_keeps_its_pdfa_identification(signed) -> None:
    root, _, _ = signed
    data = (root / "editions/114/01.pdf").read_bytes()
    xmp, info = _xmp_and_info(data)
    assert xmp["pdfa"] == "3U" or xmp["pdfa"] == "3u"
    assert xmp["producer"] == info["/Producer"]
    assert xmp["title"] == info["/Title"]
    assert _pdf_date(xmp["created"]) == _pdf_date(info["/CreationDate"])
    if "/ModDate" in info or xmp["modified"]:
        assert _pdf_date(xmp["modified"]) == _pdf_date(info["/ModDate"])
