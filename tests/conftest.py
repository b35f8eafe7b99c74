"""Shared fixtures: the pipeline once per session, paths to ../shared when present."""

import os
from pathlib import Path

import pytest
import srsly

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import textmine  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_8823ee3206bf95d3.txt"
CASES = Path(__file__).parent / "cases"


def load_cases(name: str, *fields: str) -> list:
    """Rows of tests/cases/<name>.jsonl as pytest params, one id per case."""
    rows = srsly.read_jsonl(CASES / f"{name}.jsonl")
    return [pytest.param(*(r[f] for f in fields), id=r["id"]) for r in rows]


@pytest.fixture(scope="session")
def nlp():
    return textmine.build_pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip("the seed report (../shared/seeds) is not present")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_record(seed_text):
    return textmine.extract(seed_text)[0]
