from __future__ import annotations

import pytest

from iacscan.graph.model import Unknown
from iacscan.model.network import any_world, is_world, port_range, range_includes, spec_includes


@pytest.mark.parametrize("source", ["0.0.0.0/0", "::/0", "*", "Internet", "Any", "0.0.0.0/00"])
def test_world_sources(source: str) -> None:
    assert is_world(source)


@pytest.mark.parametrize("source", ["10.0.0.0/8", "192.168.1.1/32", "VirtualNetwork", "", None])
def test_not_world_sources(source: object) -> None:
    assert not is_world(source)


def test_unknown_source_is_not_world() -> None:
    assert not is_world(Unknown())
    assert any_world(["10.0.0.0/8", "0.0.0.0/0"])
    assert not any_world([Unknown(), "10.0.0.0/8"])


def test_port_specs() -> None:
    assert port_range("22") == (22, 22)
    assert port_range("20-30") == (20, 30)
    assert port_range("*") == (0, 65535)
    assert port_range(Unknown()) is None
    assert spec_includes("0-1024", 22) and not spec_includes("80", 22)
    assert range_includes(0, 65535, 3389) and range_includes(-1, -1, 22)
    assert not range_includes(80, 443, 22) and not range_includes(Unknown(), 30, 22)
