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


def test_istio_configmaps_are_in_sync_with_the_lua() -> None:
    from node.connectors import ENVOY, render_istio

    text = (CONNECTORS / "istio" / "configmaps.yaml").read_text()
    assert text == render_istio(), (
        "run: filtering-node connectors render istio --output connectors/istio/configmaps.yaml"
    )
    maps = {d["metadata"]["name"]: d for d in yaml.safe_load_all(text)}
    assert (
        maps["lua-msgpack-lib"]["data"]["init.lua"] == (ENVOY / "msgpack" / "init.lua").read_text()
    )
    assert (
        maps["rr-async-packed"]["data"]["init.lua"] == (ENVOY / "rrasync" / "init.lua").read_text()
    )


def test_envoyfilter_as_istio_expects_it() -> None:
    filter_ = yaml.safe_load((CONNECTORS / "istio" / "envoyfilter.yaml").read_text())
    assert filter_["apiVersion"] == "networking.istio.io/v1alpha3"
    assert filter_["spec"]["workloadSelector"] == {"labels": {"istio": "ingressgateway"}}
    http, cluster = filter_["spec"]["configPatches"]
    assert http["applyTo"] == "HTTP_FILTER" and http["match"]["context"] == "GATEWAY"
    listener = http["match"]["listener"]["filterChain"]["filter"]
    assert listener["name"] == "envoy.filters.network.http_connection_manager"
    assert listener["subFilter"]["name"] == "envoy.filters.http.router"
    assert http["patch"]["operation"] == "INSERT_BEFORE"
    lua = http["patch"]["value"]
    assert lua["name"] == "envoy.filters.http.lua"
    code = lua["typed_config"]["defaultSourceCode"]["inlineString"]
    assert 'require("rrasync")' in code and len(code.splitlines()) <= 8  # a short entry point
    assert cluster["applyTo"] == "CLUSTER" and cluster["patch"]["operation"] == "ADD"
    value = cluster["patch"]["value"]
    assert value["type"] == "STRICT_DNS" and value["name"] == "filtering_node"
    address = value["loadAssignment"]["endpoints"][0]["lbEndpoints"][0]["endpoint"]["address"]
    assert address["socketAddress"] == {
        "address": "next-processing.wallarm-node.svc.cluster.local",
        "portValue": 5000,
    }


def test_istiooperator_mounts_the_modules_on_luajit_path() -> None:
    operator = yaml.safe_load((CONNECTORS / "istio" / "istiooperator.yaml").read_text())
    k8s = operator["spec"]["components"]["ingressGateways"][0]["k8s"]
    mounts = {m["name"]: m["mountPath"] for m in k8s["volumeMounts"]}
    assert mounts == {
        "lua-msgpack-lib": "/usr/local/share/lua/5.1/msgpack",
        "rr-async-packed": "/usr/local/share/lua/5.1/rrasync",
    }
    assert {v["configMap"]["name"] for v in k8s["volumes"]} == set(mounts)
