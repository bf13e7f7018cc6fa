"""Configuration: the native node's files load unchanged; bad values fail with the key,
the value and what was expected; unknown keys warn; the environment overrides secrets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from node import config

NATIVE = """
version: 4
mode: connector-server
connector:
  address: ":5050"
  blocking: true
  allowed_networks: [10.0.0.0/8, 127.0.0.1]
  allowed_hosts: [w.com, "*.test.com"]
  url_normalize: false
  external_health_check: {enabled: true, endpoint: /wallarm-health}
  per_connection_limits: {max_requests: 1000, max_received_bytes: 100_000_000, max_duration: 10m}
  app_reply_timeout: 5s
  app_reply_timeout_code: 504
  mesh: {enabled: false}
route_config:
  wallarm_application: 10
  wallarm_mode: monitoring
  routes:
    - host: example.com
      wallarm_application: 1
      routes:
        - route: /app2
          wallarm_application: 2
    - route: "~* \\\\.php$"
      wallarm_mode: block
http_inspector:
  real_ip_header: X-Real-IP
  workers: 3
  libdetection: true
  wallarm_process_time_limit: 1s
  wallarm_process_time_limit_block: off
proxy_headers:
  - trusted_networks: [127.0.0.0/8]
    real_ip: [X-Forwarded-For]
    original_host: [X-Forwarded-Host]
log: {pretty: false, level: warn, access_log: {enabled: false}}
metrics: {enabled: true, listen_address: ":9000"}
health_check: {enabled: false}
"""


def test_native_connector_server_file_loads_unchanged() -> None:
    settings = config.parse(yaml.safe_load(NATIVE), env={})
    assert settings.connector.address == config.Listen("0.0.0.0", 5050)
    assert [str(n) for n in settings.connector.allowed_networks] == ["10.0.0.0/8", "127.0.0.1/32"]
    assert settings.connector.external_health_check == "/wallarm-health"
    assert settings.connector.per_connection_limits == config.ConnectionLimits(
        1000, 100_000_000, 600.0
    )
    assert settings.connector.app_reply_timeout_code == 504
    assert settings.route_config.mode == "monitoring"
    assert settings.route_config.routes[0].routes[0].application == 2
    assert settings.workers == 3
    assert settings.process_time_limit == 1.0
    assert settings.process_time_limit_block == "off"  # a bare off: YAML 1.1 reads false
    assert settings.health_check is None
    assert settings.metrics == config.Listen("0.0.0.0", 9000)
    assert settings.log.level == "warning" and settings.log.access_log is False
    # the legacy real_ip_header is the last proxy rule, trusted from anywhere
    assert settings.proxy_headers[-1].real_ip == ("X-Real-IP",)
    assert settings.warnings == ()


def test_bare_on_and_off_read_as_words() -> None:
    """YAML 1.1 reads a bare `off` or `on` as a boolean; the native node, as the word."""
    settings = config.parse(
        yaml.safe_load(
            "route_config:\n  wallarm_mode: off\n  routes: [{route: /a, wallarm_mode: block}]\n"
            "http_inspector: {wallarm_process_time_limit_block: on}\n"
        ),
        env={},
    )
    assert settings.route_config.mode == "off"
    assert settings.process_time_limit_block == "on"


def test_defaults_are_safe() -> None:
    settings = config.load(None, env={})
    assert settings.process_time_limit_block == "attack"  # cut short counts as an attack
    assert settings.limits.oversize_body == "analyse"  # a body sent in part: what came
    assert settings.route_config.mode == "monitoring"
    assert settings.connector.address.port == 5000
    assert settings.block_response.status == 403
    assert b"request blocked" in settings.block_response.body


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"version": 9}, "version: expected an integer from 2 to 4, got 9"),
        ({"mode": "proxy"}, "mode: expected connector-server, got 'proxy'"),
        ({"connector": {"address": "nowhere"}}, "connector.address: expected an address"),
        (
            {"connector": {"blocking": "sometimes"}},
            'connector.blocking: expected true or false, got "sometimes"',
        ),
        (
            {"connector": {"allowed_networks": ["10.0.0.300/8"]}},
            "connector.allowed_networks[0]: expected a network",
        ),
        (
            {"route_config": {"wallarm_mode": "strict"}},
            "route_config.wallarm_mode: expected one of off, monitoring, safe_blocking, block",
        ),
        (
            {"route_config": {"routes": [{"route": "~ ([a-z"}]}},
            "route_config.routes[0].route: invalid regular expression",
        ),
        (
            {"connector": {"per_connection_limits": {"max_duration": "soon"}}},
            "max_duration: expected a duration",
        ),
        ({"http_inspector": {"workers": 0}}, "http_inspector.workers: expected an integer from 1"),
        (
            {"ip_lists": {"deny": [{"cidr": "1.2.3.4", "expires": "tomorrow"}]}},
            "ip_lists.deny[0].expires: expected a unix time",
        ),
        (
            {"block_response": {"status": 99}},
            "block_response.status: expected an integer from 100 to 599, got 99",
        ),
        ({"connector": {"tls_cert": "a.pem"}}, "set both or neither"),
        (
            {"limits": {"max_points": 1}},
            "limits.max_points: expected an integer from 16 to 100000, got 1",
        ),
        (
            {"limits": {"oversize_body": "reject"}},
            "limits.oversize_body: expected one of analyse, overlimit",
        ),
        (
            {"http_inspector": {"wallarm_process_time_limit_block": "sometimes"}},
            "http_inspector.wallarm_process_time_limit_block: expected one of on, off, attack",
        ),
        (
            {"route_config": {"exclusions": [{"attacks": ["rce"]}]}},
            "route_config.exclusions[0].points: expected at least one point name",
        ),
        (
            {"route_config": {"routes": [{"exclusions": [{"points": "q", "attacks": "sql"}]}]}},
            "route_config.routes[0].exclusions[0].attacks[0]: expected an attack type",
        ),
        (
            {"route_config": {"exclusions": [{"points": ["q"], "rules": ["many"]}]}},
            "route_config.exclusions[0].rules[0]: expected an integer",
        ),
    ],
)
def test_errors_name_key_value_and_expectation(document: dict[str, object], message: str) -> None:
    with pytest.raises(config.ConfigError) as error:
        config.parse(document, env={})
    assert message in str(error.value)


def test_unknown_keys_are_warnings() -> None:
    settings = config.parse({"conector": {}, "connector": {"adress": ":1"}}, env={})
    assert settings.warnings == (
        "connector.adress: unknown key, ignored",
        "conector: unknown key, ignored",
    )


def test_environment_overrides_urls_and_secrets() -> None:
    env = {
        "NODE_REDIS_URL": "redis://127.0.0.1:6390/0",
        "WALLARM_API_TOKEN": "t0k",
        "WALLARM_API_HOST": "us1.api.wallarm.com",
    }
    settings = config.parse({"aggregation": {"redis_url": "redis://other"}}, env=env)
    assert settings.aggregation.redis_url == "redis://127.0.0.1:6390/0"
    assert settings.api.token == "t0k" and settings.api.host == "us1.api.wallarm.com"
    assert config.describe(settings)["api"]["token"] == "***"


def test_ip_list_entries_take_expiry_and_application_scope() -> None:
    settings = config.parse(
        {
            "ip_lists": {
                "gray": [
                    "198.51.100.0/24",
                    {"cidr": "192.0.2.1", "expires": 1767225600, "application": [1, 2]},
                ]
            }
        },
        env={},
    )
    first, second = settings.ip_lists.gray
    assert first.expires is None and first.applications == ()
    assert second.expires == 1767225600 and second.applications == (1, 2)


def test_check_config_prints_effective_configuration(tmp_path: Path) -> None:
    path = tmp_path / "node.yaml"
    path.write_text(NATIVE + "surprise: 1\n")
    result = subprocess.run(
        [sys.executable, "-m", "node", "check-config", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert '"wallarm_mode"' not in result.stdout and '"mode": "monitoring"' in result.stdout
    assert "warning: surprise: unknown key, ignored" in result.stderr


def test_check_config_rejects_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "node.yaml"
    path.write_text("connector:\n  address: [1, 2]\n")
    result = subprocess.run(
        [sys.executable, "-m", "node", "check-config", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "connector.address: expected an address" in result.stderr


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "node.yaml"
    path.write_text("connector:\n  address: :5000\n   blocking: true\n")
    with pytest.raises(config.ConfigError, match="line 3"):
        config.load(path, env={})
