"""Command line: `filtering-node <command>`. The only module that exits the process."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from node import benchmark, config, scorecard
from node.detectors import all_rules
from node.engine import Engine


def _bench_detection(args: argparse.Namespace) -> int:
    cases: list[scorecard.Case] = []
    for path in args.corpus:
        try:
            cases.extend(scorecard.read_corpus(Path(path)))
        except (OSError, ValueError) as error:
            print(f"filtering-node: cannot read corpus: {error}", file=sys.stderr)
            return 2
    card = scorecard.score(Engine(), cases)
    print(scorecard.render(card, args.list))
    return 0


def _bench_engine(args: argparse.Namespace) -> int:
    print(benchmark.render(benchmark.run(args.count)))
    print()
    print(benchmark.render_long(benchmark.run_long(args.rounds)))
    return 0


def _rules(_: argparse.Namespace) -> int:
    for rule in all_rules():
        print(f"{rule.id:>6}  {rule.type.value:<15} {rule.summary}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from node.server import serve

    try:
        serve(args.config)
    except config.ConfigError as error:
        print(f"filtering-node: configuration error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"filtering-node: cannot start: {error}", file=sys.stderr)
        return 1
    return 0


def _aggregate(args: argparse.Namespace) -> int:
    from node import log
    from node.aggregation.worker import run

    try:
        settings = config.load(args.config)
    except config.ConfigError as error:
        print(f"filtering-node: configuration error: {error}", file=sys.stderr)
        return 2
    if not (settings.aggregation.redis_url or settings.aggregation.sentinels):
        print(
            "filtering-node: aggregate needs aggregation.redis_url (or NODE_REDIS_URL) or "
            "aggregation.sentinels; without Redis, serve aggregates in-process",
            file=sys.stderr,
        )
        return 2
    log.configure(settings.log)
    run(settings)
    return 0


def _render(args: argparse.Namespace) -> int:
    from node.connectors import RENDERERS

    try:
        text = RENDERERS[args.gateway]()
    except FileNotFoundError as error:
        print(f"filtering-node: {error}", file=sys.stderr)
        return 1
    if args.output:
        Path(args.output).write_text(text)
    else:
        sys.stdout.write(text)
    return 0


def _check_config(args: argparse.Namespace) -> int:
    try:
        settings = config.load(args.file)
    except config.ConfigError as error:
        print(f"{args.file}: error: {error}", file=sys.stderr)
        return 2
    for warning in settings.warnings:
        print(f"{args.file}: warning: {warning}", file=sys.stderr)
    print(json.dumps(config.describe(settings), indent=2))
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="filtering-node", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the processing service")
    serve.add_argument("--config", metavar="FILE", help="node YAML (default: safe defaults)")
    serve.set_defaults(run=_serve)
    aggregate = commands.add_parser(
        "aggregate", help="consume events from Redis and serve the API and console"
    )
    aggregate.add_argument("--config", metavar="FILE", help="node YAML with aggregation.*")
    aggregate.set_defaults(run=_aggregate)
    connectors = commands.add_parser("connectors", help="gateway plugin manifests")
    connector_commands = connectors.add_subparsers(dest="action", required=True)
    render = connector_commands.add_parser("render", help="the ConfigMap of a gateway's plugin")
    render.add_argument("gateway", choices=["kong", "istio"])
    render.add_argument("--output", metavar="FILE", help="write here instead of stdout")
    render.set_defaults(run=_render)
    check = commands.add_parser("check-config", help="validate a configuration file")
    check.add_argument("file", metavar="FILE")
    check.set_defaults(run=_check_config)
    commands.add_parser("rules", help="list the detection rules").set_defaults(run=_rules)
    bench = commands.add_parser("bench", help="measure detection quality or engine speed")
    kinds = bench.add_subparsers(dest="kind", required=True)
    detection = kinds.add_parser("detection", help="recall and false positives on corpora")
    detection.add_argument("--corpus", nargs="+", required=True, metavar="FILE")
    detection.add_argument("--list", type=int, default=40, help="misses and FPs to list")
    detection.set_defaults(run=_bench_detection)
    engine = kinds.add_parser("engine", help="microseconds per request against a floor")
    engine.add_argument("--count", type=int, default=3000, help="requests per mix")
    engine.add_argument(
        "--rounds", type=int, default=5, help="64 KB bodies of each kind, each scanned once"
    )
    engine.set_defaults(run=_bench_engine)
    return root


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    try:
        sys.exit(args.run(args))
    except BrokenPipeError:
        # The reader went away (`filtering-node rules | head`): nothing is wrong here.
        # Output goes nowhere from now on, so the interpreter's own flush does not fail.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
