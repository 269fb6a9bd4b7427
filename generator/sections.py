"""The portal sections a city publishes: `sections:` in gazette.yaml switches them off.

Not every city keeps a gift register, price references or plan indicators as open data.
`sections: {gifts: false, prices: false, indicators: false}` takes a section out of the
build after the embargo stage: its resource leaves the published dataset (descriptor and
rows), so nothing downstream builds or advertises it: no pages (so no nav entry, home link
or sitemap address), no downloads, no entry in the catalogue, DCAT, data-gov-tw.json or
datapackage.json, no search filter. The data files are still validated when present, so
switching a section back on never meets unchecked rows.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.config import ProjectConfig, load_config
from generator.models import Dataset

RESOURCES = {"gifts": "gifts", "prices": "procurement_prices", "indicators": "plan_indicators"}
ORDER = ("gifts", "prices", "indicators")  # as the labels name them in the home intro


def off_resources(config: ProjectConfig) -> set[str]:
    """Return the resources of the sections gazette.yaml switches off."""
    return {RESOURCES[s] for s in config.sections_off}


def on(config: ProjectConfig) -> list[str]:
    """Return the sections published, in the order the labels list them."""
    return [s for s in ORDER if s not in config.sections_off]


def prune(dataset: Dataset, root: Path | None = None) -> Dataset:
    """Return the dataset without the resources of switched-off sections."""
    off = off_resources(load_config(root if root is not None else dataset.root))
    if not off:
        return dataset
    descriptor = {
        **dataset.descriptor,
        "resources": [r for r in dataset.descriptor["resources"] if r["name"] not in off],
    }
    frames = {name: frame for name, frame in dataset.frames.items() if name not in off}
    return replace(dataset, descriptor=descriptor, frames=frames)
