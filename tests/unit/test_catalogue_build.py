"""sandbox/data/catalogue.json is built from the data files in sandbox/data/source/ by
sandbox/data/build_catalogue.py: the build equals the committed catalogue, byte for byte."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "sandbox" / "data"


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_catalogue", DATA / "build_catalogue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_equals_the_committed_catalogue(builder):
    committed = (DATA / "catalogue.json").read_text(encoding="utf-8")
    built = builder.render(builder.build())
    assert json.loads(built) == json.loads(committed)
    assert built == committed
    assert builder.main(["--check"]) == 0


def test_catalogue_data_lives_in_data_files(builder):
    """The builder is code; items, departments, materials and defects are YAML."""
    assert len((DATA / "build_catalogue.py").read_text(encoding="utf-8").splitlines()) < 500
    for name in ("departments.yaml", "materials.yaml", "items.yaml", "defects.yaml", "search_expect.yaml"):
        assert (DATA / "source" / name).is_file(), name
    assert len(builder.item_specs()) >= 64 and len(builder.DEFECTS) >= 10


def test_self_check_catches_a_defect_without_its_ground_truth(builder, monkeypatch):
    """An edit in defects.yaml that breaks an element the ground truth does not name fails the build."""
    defects = json.loads(json.dumps(builder.DEFECTS))
    defects["rst-003"][0]["ops"].append({"op": "set", "fields": {"承诺办结时限": "15天"}})   # also breaks E1-2
    monkeypatch.setattr(builder, "DEFECTS", defects)
    with pytest.raises(AssertionError, match="rst-003"):
        builder.build()
