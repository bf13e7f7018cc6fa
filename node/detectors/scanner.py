"""Scanners and attack tools: their User-Agent and header signatures, and out-of-band
interaction domains (Burp Collaborator, interactsh) anywhere in a request."""

from __future__ import annotations

import re
from typing import Final

from node.rules import Match, Rule, RuleSet, View
from node.types import AttackType

TYPE: Final = AttackType.SCANNER

_TOOLS: Final = (
    "sqlmap",
    "nikto",
    "nessus",
    "nmap",
    "masscan",
    "zgrab",
    "acunetix",
    "netsparker",
    "w3af",
    "havij",
    "dirbuster",
    "gobuster",
    "wfuzz",
    "ffuf",
    "nuclei",
    "openvas",
    "arachni",
    "skipfish",
    "wpscan",
    "joomscan",
    "whatweb",
    "zaproxy",
    "owasp zap",
    "appscan",
    "webinspect",
    "paros",
    "morfeus",
    "jaascois",
    "brutus",
    "grabber",
    "bsqlbf",
    "sqlninja",
    "fimap",
    "commix",
    "xsser",
    "dotdotpwn",
    "jbrofuzz",
    "burp",
    "burpsuite",
    "qualys",
    "metasploit",
    "hydra",
    "medusa",
    "feroxbuster",
    "dirsearch",
    "httpx",
    "zmeu",
    "nsauditor",
    "webshag",
    "uniscan",
    "vega/",
    "pangolin",
    "absinthe",
    "crimscanner",
    "mysqloit",
    "teh forest lobster",
    "wordpress hash grabber",
    "black widow",
    "webtrends security",
    "n-stealth",
    "netlab360",
    "struts-pwn",
    "nasl",
    "wapiti",
    "cgichk",
    "floodgate",
    "fuzz faster u fool",  # ffuf's default agent
    "jaeles",
    "xsstrike",
    "dalfox",
    "l9explore",
    "l9tcpid",
    "gospider",
    "hakrawler",
    "subfinder",
    "jorgee",
    "wafw00f",
    "sqlsus",
    "ghauri",
    "nettacker",
    "sf/1.",  # skipfish's own agent: Mozilla/5.0 SF/2.10b
    "sf/2.",
    # ...and more of CRS's list of scanners' agents
    "autogetcontent",
    "bfac",
    "cisco-torch",
    "core-project/1.0",
    "datacha0s",
    "domino hunter",
    "email extractor",
    "fhscan core",
    "f-secure radar",
    "get-minimal",
    "gootkit auto-rooter",
    "grendel-scan",
    "inspath",
    "internet ninja",
    "pmafind",
    "prog.customcrawler",
    "s.t.a.l.k.e.r.",
    "springenwerk",
    "sql power injector",
    "sysscan",
    "tbi-webscanner",
    "this is an exploit",
    "toata dragostea",
    "uil2pn",
    "voideye",
    "webbandit",
    "webvulnscan",
    "whcc/",
    "xmlrpc exploit",
    "xspider",
    # Services that scan for vulnerabilities or map every exposed server, by their agents
    "detectify",
    "censysinspect",
    "modatscanner",
    "internet-measurement.com",
    "scaninfo@paloaltonetworks.com",  # Expanse's
    "onlyscans.com",
    "visionheight.com/scan",
)
_OAST: Final = (
    "oastify.com",
    "burpcollaborator.net",
    "interact.sh",
    "interactsh",
    "dnslog.cn",
    "ceye.io",
    "bxss.me",  # Acunetix's AcuMonitor
    "xss.ht",  # XSS Hunter's
    "requestrepo.com",
    "oast.pro",
    "oast.live",
    "oast.site",
    "oast.online",
    "oast.fun",
    "oast.me",
    "canarytokens.com",
    "requestbin.net",
    "pipedream.net",
)

TOKENS: Final = _TOOLS + _OAST

# Headers that carry credentials, addresses or ids, never a client's name: a service may
# be called hydra (ORY's OAuth server) or medusa, and every request to it names its host.
_NOT_AGENTS: Final = frozenset(
    (
        "REFERER",
        "AUTHORIZATION",
        "X-REQUEST-ID",
        "HOST",
        "ORIGIN",
        "FORWARDED",
        "X-FORWARDED-HOST",
        "X-FORWARDED-SERVER",
        "X-ORIGINAL-HOST",
        "X-HOST",
        "X-ORIGINAL-URL",
        "X-REWRITE-URL",
    )
)

RULES: Final = (
    Rule(
        11001,
        TYPE,
        "a security scanner or attack tool in User-Agent or another header",
        # Not the last word of another product's name nor of a link's path: python-httpx/0.27
        # is an HTTP client, ecairn-grabber/1.0 (+http://ecairn.com/grabber) a monitoring
        # service's crawler.
        re.compile(r"(?<![a-z0-9/-])(?:" + "|".join(re.escape(t) for t in _TOOLS) + r")(?![a-z])"),
    ),
    Rule(
        11002,
        TYPE,
        "an out-of-band interaction domain used to confirm blind attacks",
        re.compile(r"(?:" + "|".join(re.escape(d) for d in _OAST) + r")"),
    ),
)


_TOOL_RULES: Final = RuleSet(RULES[0])
_OAST_RULES: Final = RuleSet(*RULES[1:])


def confirm(view: View) -> Match | None:
    # A header's point is `header.NAME`, or `header.NAME.pair` for a pair of its value.
    if view.area == "header" and view.point.split(".", 2)[1] not in _NOT_AGENTS:
        found = _TOOL_RULES.search(view.lower, view.tokens())
        if found:
            return found
    return _OAST_RULES.search(view.lower, view.tokens())
