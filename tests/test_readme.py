"""The README's examples are executed: its configuration loads without a warning and its
engine snippet prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path
from urllib.parse import quote_plus

import yaml

from node import config
from node.engine import Engine
from node.policy import Policy
from node.types import Request

README = (Path(__file__).parent.parent / "README.md").read_text()


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def test_configuration_example_loads_cleanly() -> None:
    (example,) = _blocks("yaml")
    settings = config.parse(yaml.safe_load(example), env={})
    assert settings.warnings == ()
    assert settings.route_config.routes[1].route == "~* \\.php$"


def test_engine_example_prints_what_it_says() -> None:
    (example,) = _blocks("python")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example, "README.md", "exec"), {})
    expected = re.search(r"^# (\[.*\])$", example, re.M)
    assert expected is not None
    assert printed.getvalue().strip() == expected.group(1)


def test_exclusions_for_tools_that_send_code_load() -> None:
    """Each row of the README's table of tools that send code on purpose is a route with
    an exclusion that loads without a warning, with the points and attacks it names."""
    table = README.split("| Tool | Route | Points | Attacks |")[1].split("\n\n")[0]
    rows = [row.strip("| ").split(" | ") for row in table.splitlines()[2:]]
    assert len(rows) >= 5
    for tool, route, points, attacks in rows:
        names = re.findall(r"`([^`]+)`", points)
        types = [] if attacks == "every type" else re.findall(r"`(\w+)`", attacks)
        entry = {"route": route.strip("`"), "exclusions": [{"points": names, "attacks": types}]}
        settings = config.parse({"route_config": {"routes": [entry]}}, env={})
        assert settings.warnings == (), tool
        (loaded,) = settings.route_config.routes[0].exclusions
        assert loaded.points == tuple(names) and len(loaded.attacks) == len(types), tool


# A query of two tables, as a SQL engine's users write them.
_UNION = "SELECT id, email FROM orders UNION ALL SELECT id, email FROM leads"
# A build step's commands, as a CI server's step or a deployment's script runs them.
_BUILD = "./gradlew build && docker push registry.example.com/api:$BUILD_NUMBER | tee push.log"
# A tag manager's snippet, as a site's head is given it.
_TAG_MANAGER = (
    "<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),"
    "event:'gtm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;"
    "j.src='https://www.googletagmanager.com/gtm.js?id='+i;f.parentNode.insertBefore(j,f);"
    "})(window,document,'script','dataLayer','GTM-XXXX');</script>"
)
# What each tool of the table sends, for the tools whose rows name a body's field.
_SENT_BY: dict[str, tuple[str, str, str]] = {
    "Trino's and Presto's statements": ("/v1/statement", "text/plain", _UNION),
    "ClickHouse's HTTP interface": ("/?database=default", "text/plain", _UNION),
    "Snowflake's SQL API": (
        "/api/v2/statements",
        "application/json",
        json.dumps({"statement": _UNION, "warehouse": "WH"}),
    ),
    "Databricks' statement execution": (
        "/api/2.0/sql/statements",
        "application/json",
        json.dumps({"statement": _UNION, "warehouse_id": "abc"}),
    ),
    "Druid's SQL": ("/druid/v2/sql", "application/json", json.dumps({"query": _UNION})),
    "Elasticsearch's and OpenSearch's SQL": (
        "/_sql?format=txt",
        "application/json",
        json.dumps({"query": _UNION}),
    ),
    "Hasura's `run_sql`": (
        "/v2/query",
        "application/json",
        json.dumps({"type": "run_sql", "args": {"source": "default", "sql": _UNION}}),
    ),
    "Appsmith's queries": (
        "/api/v1/actions/64f1",
        "application/json",
        json.dumps({"name": "Q1", "actionConfiguration": {"body": _UNION + " LIMIT {{n}}"}}),
    ),
    "Budibase's queries": (
        "/api/queries",
        "application/json",
        json.dumps({"datasourceId": "ds", "fields": {"sql": _UNION}}),
    ),
    "Grafana's data sources": (
        "/api/datasources",
        "application/json",
        json.dumps({"name": "Prometheus", "type": "prometheus", "url": "http://localhost:9090"}),
    ),
    "n8n's HTTP Request nodes": (
        "/rest/workflows/5",
        "application/json",
        json.dumps(
            {
                "nodes": [
                    {
                        "type": "n8n-nodes-base.httpRequest",
                        "parameters": {"url": "http://127.0.0.1:8080/api/items"},
                    }
                ]
            }
        ),
    ),
    "Keycloak's clients' own URLs": (
        "/admin/realms/dev/clients/3f2a",
        "application/json",
        json.dumps({"clientId": "app", "rootUrl": "http://localhost:8080", "adminUrl": "/"}),
    ),
    "Consul's health checks of a service, on its own host": (
        "/v1/agent/service/register",
        "application/json",
        json.dumps(
            {
                "Name": "web",
                "Port": 8080,
                "Checks": [
                    {"HTTP": "http://localhost:8080/health", "Interval": "10s"},
                    {"TCP": "127.0.0.1:8080", "Interval": "10s"},
                ],
            }
        ),
    ),
    "Eureka's instances": (
        "/eureka/apps/API",
        "application/json",
        json.dumps(
            {
                "instance": {
                    "app": "API",
                    "hostName": "localhost",
                    "ipAddr": "127.0.0.1",
                    "healthCheckUrl": "http://localhost:8080/actuator/health",
                }
            }
        ),
    ),
    "Spring Boot Admin's instances": (
        "/instances",
        "application/json",
        json.dumps({"name": "api", "healthUrl": "http://localhost:8081/actuator/health"}),
    ),
    "TeamCity's build steps": (
        "/app/rest/buildTypes/id:Api_Build/steps",
        "application/json",
        json.dumps(
            {
                "type": "simpleRunner",
                "properties": {
                    "property": [
                        {
                            "name": "script.content",
                            "value": _BUILD,
                        }
                    ]
                },
            }
        ),
    ),
    "Octopus Deploy's script steps": (
        "/api/Spaces-1/deploymentprocesses/deploymentprocess-Projects-1",
        "application/json",
        json.dumps(
            {
                "Steps": [
                    {
                        "Actions": [
                            {
                                "ActionType": "Octopus.Script",
                                "Properties": {"Octopus.Action.Script.ScriptBody": _BUILD},
                            }
                        ]
                    }
                ]
            }
        ),
    ),
    "StackStorm's executions": (
        "/api/v1/executions",
        "application/json",
        json.dumps({"action": "core.local", "parameters": {"cmd": "df -h | tail -n 3"}}),
    ),
    "Concourse's pipelines": (
        "/api/v1/teams/main/pipelines/api/config",
        "application/x-yaml",
        "jobs:\n- name: test\n  plan:\n  - task: unit\n    config:\n      platform: linux\n"
        "      run:\n        path: sh\n        args: [-exc, 'go test ./... | tee out.txt']\n",
    ),
    "Kong's Admin API: a service's upstream": (
        "/services",
        "application/json",
        json.dumps({"name": "api", "url": "http://127.0.0.1:8080", "retries": 3}),
    ),
    "Kong's serverless functions (`pre-function`, `post-function`)": (
        "/plugins",
        "application/json",
        json.dumps(
            {"name": "pre-function", "config": {"access": ["os.execute('logger -t kong hi')"]}}
        ),
    ),
    "Nginx Proxy Manager's proxy hosts": (
        "/api/nginx/proxy-hosts/3",
        "application/json",
        json.dumps({"domain_names": ["app.example.com"], "forward_host": "127.0.0.1"}),
    ),
    "Caddy's admin API": (
        "/load",
        "application/json",
        json.dumps(
            {
                "apps": {
                    "http": {
                        "servers": {
                            "s": {
                                "routes": [
                                    {
                                        "handle": [
                                            {
                                                "handler": "reverse_proxy",
                                                "upstreams": [{"dial": "localhost:3000"}],
                                            }
                                        ]
                                    }
                                ]
                            }
                        }
                    }
                }
            }
        ),
    ),
    "Traefik's REST provider": (
        "/api/providers/rest",
        "application/json",
        json.dumps(
            {
                "http": {
                    "services": {
                        "app": {"loadBalancer": {"servers": [{"url": "http://127.0.0.1:3000"}]}}
                    }
                }
            }
        ),
    ),
    "HAProxy's Data Plane API servers": (
        "/v2/services/haproxy/configuration/servers?backend=app&version=3",
        "application/json",
        json.dumps({"name": "app1", "address": "127.0.0.1", "port": 3000}),
    ),
    "APISIX's upstreams": (
        "/apisix/admin/routes/1",
        "application/json",
        json.dumps({"uri": "/api/*", "upstream": {"nodes": {"127.0.0.1:1980": 1}}}),
    ),
    "Ghost's code injection, site-wide and per post": (
        "/ghost/api/admin/settings/",
        "application/json",
        json.dumps({"settings": [{"key": "codeinjection_head", "value": _TAG_MANAGER}]}),
    ),
    "Shopify's theme files": (
        "/admin/api/2024-01/themes/1/assets.json",
        "application/json",
        json.dumps({"asset": {"key": "snippets/gtm.liquid", "value": _TAG_MANAGER}}),
    ),
    "Adminer's SQL command": (
        "/adminer.php?server=db&username=app&db=shop&sql=",
        "application/x-www-form-urlencoded",
        "query=" + quote_plus(_UNION) + "&limit=&token=a1b2",
    ),
    "pgAdmin's query tool": (
        "/sqleditor/query_tool/start/4511",
        "application/json",
        json.dumps({"sql": _UNION, "explain_plan": None}),
    ),
    "Grafana's SQL and InfluxQL panels and variables": (
        "/api/ds/query",
        "application/json",
        '{"queries": [{"refId": "A", "rawSql": "SELECT time, value FROM metrics WHERE'
        ' $__timeFilter(time) ORDER BY 1"}, {"refId": "B", "query": "SELECT mean(\\"usage_idle'
        '\\") FROM \\"cpu\\" WHERE (\\"host\\" = \'web-1\') AND $timeFilter GROUP BY'
        ' time($__interval)", "rawQuery": true}]}',
    ),
    "Metabase's native questions": (
        "/api/dataset",
        "application/json",
        '{"type": "native", "native": {"query": "SELECT id FROM orders WHERE total > 10"}}',
    ),
    "Redash's queries": (
        "/api/queries",
        "application/json",
        '{"data_source_id": 1, "query": "SELECT email FROM users UNION SELECT email FROM leads"}',
    ),
    "Superset's SQL Lab": (
        "/api/v1/sqllab/execute/",
        "application/json",
        '{"database_id": 1, "sql": "SELECT name FROM users WHERE id = 42"}',
    ),
    "phpMyAdmin's SQL tab": (
        "/import.php",
        "application/x-www-form-urlencoded",
        "db=shop&sql_query=SELECT+%2A+FROM+orders+WHERE+id+%3D+42",
    ),
}


def test_exclusions_for_tools_set_what_they_send_aside() -> None:
    """What each tool of the table sends (a SQL tool's query, a service's address to call)
    is the class its row names to the engine, and the row's exclusion on the tool's route
    sets it aside; the same body elsewhere counts."""
    table = README.split("| Tool | Route | Points | Attacks |")[1].split("\n\n")[0]
    rows = {
        row.strip("| ").split(" | ")[0]: row.strip("| ").split(" | ")
        for row in table.splitlines()[2:]
    }
    engine = Engine()
    for tool, (path, media, body) in _SENT_BY.items():
        _, route, points, attacks = rows[tool]
        names = re.findall(r"`([^`]+)`", points)
        types = re.findall(r"`(\w+)`", attacks)
        entry = {"route": route.strip("`"), "exclusions": [{"points": names, "attacks": types}]}
        policy = Policy(config.parse({"route_config": {"routes": [entry]}}, env={}))
        hits = engine.scan(Request("POST", path, (("Content-Type", media),), body.encode()))
        assert {hit.type.value for hit in hits} == set(types), tool
        decision = policy.decide("198.51.100.1", "tools.example", path, (), 0)
        assert policy.counted(decision, hits) == ([], hits), tool
        elsewhere = policy.decide("198.51.100.1", "tools.example", "/elsewhere", (), 0)
        assert policy.counted(elsewhere, hits) == (hits, []), tool


def test_the_exclusion_for_a_nextjs_self_call_sets_its_virtual_patch_aside() -> None:
    """The README's exclusion for an application whose Next.js middleware calls it back
    through the gateway lets that call pass on its route; elsewhere the header counts."""
    point, attacks = re.findall(
        r"an exclusion of\s+`([^`]+)`\s+\(`attacks: \[(\w+)\]`\)", README.replace("\n  ", " ")
    )[0]
    request = Request("GET", "/api/me", (("x-middleware-subrequest", "middleware"),))
    hits = Engine().scan(request)
    assert [(hit.type.value, hit.point) for hit in hits] == [("vpatch", point)]
    entry = {"route": "/api/", "exclusions": [{"points": [point], "attacks": [attacks]}]}
    policy = Policy(config.parse({"route_config": {"routes": [entry]}}, env={}))
    decision = policy.decide("198.51.100.1", "app.example", "/api/me", (), 0)
    assert policy.counted(decision, hits) == ([], hits)
    elsewhere = policy.decide("198.51.100.1", "app.example", "/admin", (), 0)
    assert policy.counted(elsewhere, hits) == (hits, [])
