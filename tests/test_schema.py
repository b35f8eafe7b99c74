"""The published JSON Schema matches the record models."""

import json
from pathlib import Path

import jsonschema

import textmine

SCHEMA = Path(textmine.__file__).parent / "schema" / "record.schema.json"


def test_schema_file_is_current():
    assert json.loads(SCHEMA.read_text()) == textmine.record_schema(), (
        "textmine/schema/record.schema.json is stale: regenerate it from textmine.record_schema()"
    )


def test_schema_validates_seed_record(seed_record):
    jsonschema.validate(json.loads(seed_record.model_dump_json()), json.loads(SCHEMA.read_text()))
