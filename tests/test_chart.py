"""The Helm chart, rendered by the real helm: lint, the README's install command and the
scenario values under ci/, every manifest valid for Kubernetes 1.28–1.33, the node
configuration it renders accepted by the node, and bad values rejected by name."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from node import config
from tests.conftest import require

CHART = Path(__file__).parent.parent / "charts" / "filtering-node"
SCENARIOS = sorted((CHART / "ci").glob("*-values.yaml"))
KUBERNETES = ["1.28", "1.29", "1.30", "1.31", "1.32", "1.33"]
CUSTOM_KINDS = {"ServiceMonitor", "Certificate"}  # CRDs: no schema in kubernetes-validate
INSTALL = [
    "--set",
    "config.api.token=t0ken",
    "--set",
    "config.api.host=us1.api.wallarm.com",
    "--set",
    "config.connector.http_inspector.real_ip_header=X-Real-IP",
]

Manifests = dict[tuple[str, str], dict[str, Any]]


@dataclass(frozen=True)
class Helm:
    """The real helm, with its cache, configuration and data in a home of its own."""

    binary: str
    env: dict[str, str]


@pytest.fixture(scope="module")
def helm(tmp_path_factory: pytest.TempPathFactory) -> Helm:
    home = tmp_path_factory.mktemp("helm")
    names = ("HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME")
    return Helm(require("helm"), {**os.environ, **{name: str(home / name) for name in names}})


def run(helm: Helm, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [helm.binary, *args], capture_output=True, text=True, timeout=60, env=helm.env
    )


def render(helm: Helm, *args: str) -> Manifests:
    done = run(helm, "template", "release", str(CHART), "-n", "wallarm-node", *args)
    assert done.returncode == 0, done.stderr
    documents = [d for d in yaml.safe_load_all(done.stdout) if d]
    return {(d["kind"], d["metadata"]["name"]): d for d in documents}


def container(manifests: Manifests, kind: str, name: str) -> dict[str, Any]:
    spec = manifests[(kind, name)]["spec"]["template"]["spec"]
    return spec["containers"][0]  # type: ignore[no-any-return]


def env(container: dict[str, Any]) -> dict[str, Any]:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}


def node_yaml(manifests: Manifests, prefix: str = "next") -> str:
    return manifests[("ConfigMap", f"{prefix}-config")]["data"]["node.yaml"]  # type: ignore[no-any-return]


def test_lint_strict(helm: Helm) -> None:
    for args in (INSTALL, *(["-f", str(path)] for path in SCENARIOS)):
        done = run(helm, "lint", "--strict", str(CHART), *args)
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    "values", [None, *SCENARIOS], ids=["install", *(p.stem for p in SCENARIOS)]
)
def test_every_manifest_is_valid_kubernetes(helm: Helm, values: Path | None) -> None:
    manifests = render(helm, *(INSTALL if values is None else ["-f", str(values)]))
    for (kind, name), manifest in manifests.items():
        if kind in CUSTOM_KINDS:
            continue
        for version in KUBERNETES:
            try:
                kubernetes_validate.validate(manifest, version, strict=True)
            except kubernetes_validate.ValidationError as error:
                pytest.fail(f"{kind}/{name} on Kubernetes {version}: {error.message}")


def test_install_command_gives_the_names_and_ports_connectors_expect(helm: Helm) -> None:
    manifests = render(helm, *INSTALL)
    processing = manifests[("Service", "next-processing")]["spec"]
    assert processing["ports"] == [
        {"name": "connector", "port": 5000, "targetPort": "connector", "protocol": "TCP"}
    ]
    metrics = manifests[("Service", "next-processing-metrics")]["spec"]["ports"][0]
    assert (metrics["port"], metrics["targetPort"]) == (9090, "metrics")
    assert manifests[("Service", "next-aggregation")]["spec"]["ports"][0]["port"] == 3313
    assert manifests[("Service", "next-redis")]["spec"]["ports"][0]["port"] == 6379

    node = container(manifests, "Deployment", "next-processing")
    ports = {p["name"]: p["containerPort"] for p in node["ports"]}
    assert ports == {"connector": 18443, "health": 18080, "metrics": 9090}
    assert node["args"] == ["serve", "--config", "/etc/filtering-node/node.yaml"]
    assert node["livenessProbe"]["httpGet"] == {"path": "/live", "port": "health"}
    assert node["readinessProbe"]["httpGet"] == {"path": "/ready", "port": "health"}
    assert node["lifecycle"]["preStop"]["exec"]["command"] == ["sleep", "5"]
    variables = env(node)
    assert variables["NODE_REDIS_URL"] == "redis://next-redis:6379/0"
    assert variables["WALLARM_API_HOST"] == "us1.api.wallarm.com"
    assert variables["WALLARM_API_TOKEN"] == {
        "secretKeyRef": {"name": "next-api-token", "key": "token"}
    }
    secret = manifests[("Secret", "next-api-token")]
    assert secret["data"]["token"] == "dDBrZW4="  # base64 of t0ken

    aggregation = container(manifests, "Deployment", "next-aggregation")
    assert aggregation["args"] == ["aggregate", "--config", "/etc/filtering-node/node.yaml"]
    assert env(aggregation)["NODE_REDIS_URL"] == "redis://next-redis:6379/0"


def test_scaling_and_rollout_defaults(helm: Helm) -> None:
    manifests = render(helm, *INSTALL)
    deployment = manifests[("Deployment", "next-processing")]["spec"]
    assert "replicas" not in deployment  # the HPA owns it
    assert deployment["strategy"]["rollingUpdate"] == {"maxSurge": 1, "maxUnavailable": 0}
    hpa = manifests[("HorizontalPodAutoscaler", "next-processing")]["spec"]
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (1, 10)
    assert hpa["metrics"][0]["resource"]["target"]["averageUtilization"] == 85
    assert manifests[("PodDisruptionBudget", "next-processing")]["spec"]["maxUnavailable"] == 1

    redis = manifests[("StatefulSet", "next-redis")]["spec"]
    args = redis["template"]["spec"]["containers"][0]["args"]
    assert args[args.index("--appendonly") + 1] == "yes"
    claim = redis["volumeClaimTemplates"][0]["spec"]
    assert claim["resources"]["requests"]["storage"] == "8Gi"


def test_every_pod_is_locked_down(helm: Helm) -> None:
    for values in SCENARIOS:
        manifests = render(helm, "-f", str(values))
        for (kind, name), manifest in manifests.items():
            if kind not in ("Deployment", "StatefulSet"):
                continue
            pod = manifest["spec"]["template"]["spec"]
            assert pod["securityContext"]["runAsNonRoot"] is True, name
            for c in pod["containers"]:
                context = c["securityContext"]
                assert context["readOnlyRootFilesystem"] is True, f"{name}/{c['name']}"
                assert context["allowPrivilegeEscalation"] is False, f"{name}/{c['name']}"
                assert context["capabilities"]["drop"] == ["ALL"], f"{name}/{c['name']}"
                assert c["resources"]["requests"], f"{name}/{c['name']}"


@pytest.mark.parametrize(
    "values", [None, *SCENARIOS], ids=["install", *(p.stem for p in SCENARIOS)]
)
def test_rendered_node_configuration_is_accepted_by_the_node(
    helm: Helm, values: Path | None, tmp_path: Path
) -> None:
    manifests = render(helm, *(INSTALL if values is None else ["-f", str(values)]))
    (configmap,) = [m for (kind, _), m in manifests.items() if kind == "ConfigMap"]
    path = tmp_path / "node.yaml"
    path.write_text(configmap["data"]["node.yaml"])
    done = subprocess.run(
        [sys.executable, "-m", "node", "check-config", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "WALLARM_API_TOKEN": "from-the-secret"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""  # no unknown or ignored keys: the chart speaks the node's format
    effective = json.loads(done.stdout)
    assert effective["connector"]["address"] == "0.0.0.0:18443"
    assert effective["health_check"] == "0.0.0.0:18080"


def test_values_map_onto_the_node_settings(helm: Helm) -> None:
    install = config.parse(
        yaml.safe_load(node_yaml(render(helm, *INSTALL))), env={"WALLARM_API_TOKEN": "t"}
    )
    assert install.route_config.mode == "monitoring"
    assert install.connector.address.port == 18443
    assert install.proxy_headers[-1].real_ip == ("X-Real-IP",)
    assert install.api.listen_address.port == 3313
    assert install.aggregation.spool_dir == "/var/lib/filtering-node/spool"
    assert (install.process_time_limit, install.process_time_limit_block) == (1.0, "attack")

    limited = render(
        helm,
        *INSTALL,
        "--set",
        "config.connector.http_inspector.wallarm_process_time_limit=250ms",
        "--set",
        "config.connector.http_inspector.wallarm_process_time_limit_block=off",
    )
    settings = config.parse(yaml.safe_load(node_yaml(limited)), env={"WALLARM_API_TOKEN": "t"})
    assert (settings.process_time_limit, settings.process_time_limit_block) == (0.25, "off")

    block = render(helm, *INSTALL, "--set", "config.connector.mode=block")
    assert (
        config.parse(
            yaml.safe_load(node_yaml(block)), env={"WALLARM_API_TOKEN": "t"}
        ).route_config.mode
        == "block"
    )

    scenario = render(helm, "-f", str(CHART / "ci" / "blocking-routes-values.yaml"))
    settings = config.parse(
        yaml.safe_load(node_yaml(scenario, "waf")), env={"WALLARM_API_TOKEN": "t"}
    )
    assert settings.route_config.mode == "block"
    assert settings.connector.allowed_hosts == ("api.example.com", "shop.example.com")
    assert settings.connector.tls_cert == "/etc/filtering-node/tls/tls.crt"
    assert settings.workers == 4
    assert settings.limits.max_body_bytes == 131072
    assert (settings.limits.max_points, settings.limits.max_depth) == (8192, 16)
    assert [str(e.network) for e in settings.ip_lists.deny] == ["203.0.113.0/24"]
    assert settings.route_config.routes[0].routes[0].mode == "off"
    snippets = settings.route_config.routes[0].routes[2].exclusions[0]
    assert (snippets.points, snippets.attacks) == (("post.json.code",), ("sqli", "rce"))

    sentinel = render(helm, "-f", str(CHART / "ci" / "sentinel-values.yaml"))
    settings = config.parse(
        yaml.safe_load(node_yaml(sentinel, "edge")), env={"WALLARM_API_TOKEN": "t"}
    )
    assert settings.aggregation.sentinels == (
        "sentinel-0.sentinel:26379",
        "sentinel-1.sentinel:26379",
    )
    assert settings.aggregation.sentinel_master == "nodes"
    assert settings.metrics is None


def test_overrides_existing_secrets_and_external_redis(helm: Helm) -> None:
    scenario = render(helm, "-f", str(CHART / "ci" / "blocking-routes-values.yaml"))
    assert {name for _, name in scenario} >= {"waf-processing", "waf-aggregation", "waf-config"}
    assert ("Secret", "waf-api-token") not in scenario  # the existing Secret is used
    node = container(scenario, "Deployment", "waf-processing")
    assert env(node)["WALLARM_API_TOKEN"] == {
        "secretKeyRef": {"name": "node-token", "key": "api-token"}
    }
    pod = scenario[("Deployment", "waf-processing")]["spec"]["template"]["spec"]
    assert {"name": "tls", "secret": {"secretName": "node-tls"}} in pod["volumes"]
    assert scenario[("Deployment", "waf-processing")]["spec"]["replicas"] == 3
    assert ("HorizontalPodAutoscaler", "waf-processing") not in scenario
    monitor = scenario[("ServiceMonitor", "waf-processing")]
    assert monitor["metadata"]["labels"]["release"] == "prometheus"

    external = render(helm, "-f", str(CHART / "ci" / "external-redis-values.yaml"))
    assert not any(kind == "StatefulSet" for kind, _ in external)
    assert env(container(external, "Deployment", "next-aggregation"))["NODE_REDIS_URL"] == {
        "secretKeyRef": {"name": "redis-url", "key": "url"}
    }
    certificate = external[("Certificate", "next-processing")]["spec"]
    assert "next-processing.wallarm-node.svc.cluster.local" in certificate["dnsNames"]
    assert certificate["secretName"] == "next-processing-tls"

    sentinel = render(helm, "-f", str(CHART / "ci" / "sentinel-values.yaml"))
    assert ("Service", "edge-processing") in sentinel
    assert "NODE_REDIS_URL" not in env(container(sentinel, "Deployment", "edge-processing"))
    assert ("Service", "edge-processing-metrics") not in sentinel
    labels = sentinel[("Service", "edge-processing")]["metadata"]["labels"]
    assert labels["app.kubernetes.io/name"] == "edge"


def test_a_configuration_change_rolls_the_pods(helm: Helm) -> None:
    def checksums(*args: str) -> tuple[str, str]:
        manifests = render(helm, *INSTALL, *args)
        return tuple(  # type: ignore[return-value]
            manifests[("Deployment", name)]["spec"]["template"]["metadata"]["annotations"][
                "checksum/config"
            ]
            for name in ("next-processing", "next-aggregation")
        )

    before = checksums()
    assert checksums() == before
    assert checksums("--set", "config.connector.mode=block") != before


def test_notes_name_the_connector_url(helm: Helm) -> None:
    done = run(
        helm, "install", "release", str(CHART), "-n", "wallarm-node", "--dry-run=client", *INSTALL
    )
    assert done.returncode == 0, done.stderr
    assert "http://next-processing.wallarm-node.svc.cluster.local:5000" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "config.connector.mode=blocking"], "/config/connector/mode"),
        (["--set", "processing.service.port=70000"], "/processing/service/port"),
        (["--set", "processing.autoscaling.targetCPUUtilizationPercentage=150"], "targetCPU"),
        (["--set", "config.connector.allowed_networks={not-a-network}"], "allowed_networks"),
        (["--set", "config.connector.http_inspector.workers=many"], "workers"),
        (
            ["--set", "config.connector.http_inspector.wallarm_process_time_limit_block=maybe"],
            "wallarm_process_time_limit_block",
        ),
        (
            ["--set", "config.connector.http_inspector.wallarm_process_time_limit=soon"],
            "wallarm_process_time_limit",
        ),
        (["--set", "redis.persistence.size=lots"], "/redis/persistence/size"),
        (["--set", "processing.replicas=3"], "replicas"),
        (["--set", "redis.external.url=http://cache:6379"], "/redis/external/url"),
    ],
)
def test_bad_values_are_rejected_by_the_schema(helm: Helm, args: list[str], message: str) -> None:
    done = run(helm, "template", "release", str(CHART), *INSTALL, *args)
    assert done.returncode != 0
    assert message in done.stderr, done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "config.api.token is required"),
        (
            ["--set", "config.api.token=t", "--set", "redis.enabled=false"],
            "aggregation needs a Redis",
        ),
        (
            ["--set", "config.api.token=t", "--set", "redis.external.url=redis://cache:6379"],
            "choose one",
        ),
        (
            ["--set", "config.api.token=t", "--set", "config.connector.certificate.enabled=true"],
            "certificate.enabled needs",
        ),
    ],
)
def test_inconsistent_values_fail_with_a_message(helm: Helm, args: list[str], message: str) -> None:
    done = run(helm, "template", "release", str(CHART), *args)
    assert done.returncode != 0
    assert message in done.stderr, done.stderr
