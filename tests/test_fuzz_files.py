"""Wrong shapes in the ledger, events and policy files: one `InputError`, never a crash."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nosurprises.errors import InputError
from nosurprises.events import load_events
from nosurprises.policy.ledger import load_ledger
from nosurprises.policy.load import load_policy

from .conftest import ROOT
from .test_fuzz import JUNK, _places, _replace

SEEDS = {
    "ledger": yaml.safe_load((ROOT / "examples" / "notices.yaml").read_text()),
    "events": yaml.safe_load((ROOT / "examples" / "events.yaml").read_text()),
    "policy": yaml.safe_load((ROOT / "examples" / "nosurprises.yaml").read_text()),
}


def _load(kind: str, data: Any, tmp: Path) -> None:
    if kind == "ledger":
        load_ledger(data, label="notices.yaml")
    elif kind == "events":
        load_events(data)
    else:
        path = tmp / "nosurprises.yaml"
        path.write_text(yaml.safe_dump(data))
        load_policy(path)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(SEEDS)), data=st.data(), junk=JUNK)
def test_wrong_shapes_give_one_line(tmp_path: Path, kind: str, data: st.DataObject,
                                    junk: Any) -> None:
    seed = SEEDS[kind]
    path = data.draw(st.sampled_from(_places(seed)))
    broken = _replace(copy.deepcopy(seed), path, junk)
    try:
        _load(kind, broken, tmp_path)
    except InputError as exc:
        assert "\n" not in str(exc)
