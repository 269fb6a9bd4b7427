"""gazette.yaml: the sample's values by default, every field checked, errors at LINE:FIELD."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import identity
from generator.config import DEFAULT, load_config
from generator.errors import ConfigError
from generator.labels import load_labels

REPO = Path(__file__).resolve().parents[2]


def write(root: Path, text: str) -> Path:
    (root / "gazette.yaml").write_text(text, encoding="utf-8")
    return root


def test_the_repository_file_holds_the_defaults() -> None:
    assert load_config(REPO) == DEFAULT
    assert load_config(REPO).source is not None


def test_a_project_without_the_file_gets_the_sample_values(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == DEFAULT and config.source is None
    assert config.calendar == "monthly:15,last"


def test_fields_are_read(tmp_path: Path) -> None:
    write(
        tmp_path,
        "name: {zh: 臺中市政府公報, en: Taichung City Government Gazette}\n"
        "site_url: https://gazette.taichung.example.gov.tw\n"
        "calendar: monthly:15,30\n"
        "numbering: {digits: 3}\n",
    )
    config = load_config(tmp_path)
    assert config.name.get("zh-TW") == "臺中市政府公報"
    assert config.name.get("en") == "Taichung City Government Gazette"
    assert config.site_url == "https://gazette.taichung.example.gov.tw/"
    assert (config.calendar, config.number_digits) == ("monthly:15,30", 3)
    assert config.publisher_id == DEFAULT.publisher_id  # not given: the default


def test_a_list_of_dates(tmp_path: Path) -> None:
    write(tmp_path, "calendar:\n  dates:\n    - 2026-01-05\n    - 2026-02-02\n")
    assert load_config(tmp_path).calendar_dates == ("2026-01-05", "2026-02-02")


@pytest.mark.parametrize(
    ("text", "line", "field", "code"),
    [
        ("name: x\nsite_url: ftp://a.b/\n", 2, "site_url", "config-url-invalid"),
        ("name: x\n\ncalendar: fortnightly\n", 3, "calendar", "config-calendar-invalid"),
        ("calendar:\n  dates:\n    - 2026-01-05\n    - 2026-13-01\n", 4, "calendar.dates.1",
         "config-calendar-invalid"),
        ("publisher:\n  agency_id: Bad Id\n", 2, "publisher.agency_id", "config-agency-invalid"),
        ("publisher:\n  nmae: x\n", 2, "publisher.nmae", "config-field-unknown"),
        ("colour: red\n", 1, "colour", "config-field-unknown"),
        ("name:\n  zh: 公報\n  fr: Gazette\n", 3, "name.fr", "config-field-unknown"),
        ("name: 12\n", 1, "name", "config-field-type"),
        ("name: <script>x</script>\n", 1, "name", "config-field-markup"),
        ("numbering:\n  digits: 5\n", 2, "numbering.digits", "config-field-choice"),
        ("contact:\n  email: nobody\n", 2, "contact.email", "config-email-invalid"),
        ("logo: ../secret.png\n", 1, "logo", "config-logo-invalid"),
        ("name: [unclosed\n", 2, "", "config-unreadable"),
        ("- a list\n", 1, "", "config-not-mapping"),
    ],
)  # fmt: skip
def test_bad_config_is_a_config_error_at_its_line(
    tmp_path: Path, text: str, line: int, field: str, code: str
) -> None:
    write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert [(p.path, p.line, p.field, p.code) for p in caught.value.problems] == [
        ("gazette.yaml", line, field, code)
    ]


def test_cli_reports_bad_config_with_exit_2(tmp_path: Path, run_cli, mini_project) -> None:
    write(mini_project.root, "site_url: nowhere\n")
    code, _, err = run_cli("validate", "--root", mini_project.root, "--lang", "en")
    assert code == 2
    assert err.startswith("gazette.yaml:1:site_url: ")


def test_publisher_must_be_an_agency(mini_project, run_cli) -> None:
    write(mini_project.root, "publisher: {agency_id: nobody}\n")
    code, out, _ = run_cli("validate", "--root", mini_project.root)
    assert code == 1 and "gazette.yaml::publisher.agency_id:" in out


def test_labels_and_mkdocs_take_the_city_from_the_config(tmp_path: Path) -> None:
    write(
        tmp_path,
        "name: {zh: 臺中市政府公報, en: Taichung Gazette}\n"
        "site_name: {zh: 臺中市公報網, en: Taichung Gazette Online}\n"
        "site_url: https://t.example.org/g/\ncalendar: weekly:tue,fri\n",
    )
    zh, en = load_labels(tmp_path, "zh-TW"), load_labels(tmp_path, "en")
    assert (
        zh["gazette"]["title"] == "臺中市政府公報" and en["site_name"] == "Taichung Gazette Online"
    )
    assert zh["gazette"]["intro"].startswith("本府公報於每週二及週五出刊")
    assert en["gazette"]["volume_title"] == "Taichung Gazette, volume {volume} ({year})"
    overrides = identity.mkdocs_overrides(tmp_path, "en")
    assert overrides["site_url"] == "https://t.example.org/g/en/"
    assert overrides["identity_extra"] == {
        "site_root": "https://t.example.org/g/",
        "feed_title": "Taichung Gazette",
    }


def test_no_city_literal_left_in_mkdocs_configs() -> None:
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        text = (REPO / name).read_text(encoding="utf-8")
        keys = {line.split(":")[0] for line in text.splitlines() if not line.startswith(" ")}
        assert not {"site_name", "site_url", "copyright", "site_description"} & keys
        assert "市政府" not in text and "gov.tw" not in text


def test_package_metadata_it_lacks_comes_from_the_config(tmp_path: Path) -> None:
    write(
        tmp_path,
        "publisher: {name: {zh: 臺南市政府秘書處, en: Tainan Secretariat}}\n"
        "site_url: https://t.example.org/\ncontact: {email: g@t.example.org}\n",
    )
    filled = identity.fill_package({"name": "x", "homepage": "https://own.example.org/"}, tmp_path)
    assert filled["homepage"] == "https://own.example.org/"  # the package's own value stays
    assert filled["contributors"] == [
        {
            "title": "臺南市政府秘書處",
            "title_en": "Tainan Secretariat",
            "role": "publisher",
            "email": "g@t.example.org",
        }
    ]
    assert filled["licenses"][0]["path"] == "https://data.gov.tw/license"
