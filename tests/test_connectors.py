"""The connector manifests users apply: generated ConfigMaps in sync with the Lua, and the
Kubernetes objects shaped as Kong and Istio expect them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from node.connectors import KONG_FILES, KONG_PLUGIN, render_kong

CONNECTORS = Path(__file__).parent.parent / "connectors"


def test_kong_configmap_is_in_sync_with_the_lua() -> None:
    assert (CONNECTORS / "kong" / "configmap.yaml").read_text() == render_kong(), (
        "run: filtering-node connectors render kong --output connectors/kong/configmap.yaml"
    )


def test_kong_configmap_carries_the_plugin_files_verbatim() -> None:
    document = yaml.safe_load((CONNECTORS / "kong" / "configmap.yaml").read_text())
    assert document["kind"] == "ConfigMap" and document["metadata"]["name"] == "kong-lua"
    assert sorted(document["data"]) == sorted(KONG_FILES)
    for name in KONG_FILES:
        assert document["data"][name] == (KONG_PLUGIN / name).read_text()


def test_render_command_writes_to_stdout() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "node", "connectors", "render", "kong"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == render_kong()


def test_kong_objects_as_users_apply_them() -> None:
    plugin = yaml.safe_load((CONNECTORS / "kong" / "kongclusterplugin.yaml").read_text())
    assert plugin["apiVersion"] == "configuration.konghq.com/v1"
    assert plugin["kind"] == "KongClusterPlugin" and plugin["plugin"] == "kong-lua"
    assert plugin["metadata"]["annotations"]["kubernetes.io/ingress.class"] == "kong"
    assert plugin["config"]["wallarm_node_address"] == (
        "http://next-processing.wallarm-node.svc.cluster.local:5000"
    )
    values = yaml.safe_load((CONNECTORS / "kong" / "values.yaml").read_text())
    assert values["gateway"]["plugins"]["configMaps"] == [
        {"name": "kong-lua", "pluginName": "kong-lua"}
    ]
    ingress = yaml.safe_load((CONNECTORS / "kong" / "ingress.yaml").read_text())
    assert ingress["metadata"]["annotations"]["konghq.com/plugins"] == "kong-lua"
