"""One module per attack class. Each exposes `TYPE`, `TOKENS` (the keywords that route a
value to it in the fast first stage), `RULES` and `confirm(view)`, the precise second stage.
"""

from __future__ import annotations

from types import ModuleType
from typing import Final

from node.detectors import (
    crlf,
    ldapi,
    mail,
    nosqli,
    ptrav,
    rce,
    redir,
    scanner,
    session,
    sqli,
    ssi,
    ssrf,
    ssti,
    vpatch,
    xss,
    xxe,
)
from node.rules import Rule

MODULES: Final[tuple[ModuleType, ...]] = (
    sqli,
    xss,
    rce,
    ptrav,
    ssti,
    xxe,
    nosqli,
    ldapi,
    ssrf,
    crlf,
    scanner,
    redir,
    mail,
    ssi,
    session,
)


def all_rules() -> list[Rule]:
    """Every rule: the classes' and the virtual patches', which are decided on the request
    as a whole (`vpatch.confirm_request`), routed by no token."""
    return [rule for module in (*MODULES, vpatch) for rule in module.RULES]
