"""Mail injection: SMTP, IMAP and POP3 commands and mail headers smuggled after a line
break into a value that an application passes to a mail server."""

from __future__ import annotations

import re
from typing import Final

from node.rules import Match, Rule, RuleSet, View, mail_message
from node.types import AttackType

TYPE: Final = AttackType.MAIL_INJECTION

TOKENS: Final = ("\r", "\n")

RULES: Final = (
    R_SMTP := Rule(
        13001,
        TYPE,
        "an SMTP command after a line break",
        re.compile(
            r"[\r\n][ \t]*(?:mail\s+from\s*:|rcpt\s+to\s*:|(?:helo|ehlo)\s+\S|"
            r"vrfy\s|expn\s|auth\s+(?:plain|login))"
            # (HELP and a word after a lone LF: "help pls" is a chat's line. A command of
            # one word alone is `_lone_command`'s.)
            r"|\r\n?[ \t]*help\s+\w+\s*$",
            re.M,
        ),
        tokens=(
            "\r",
            "\n",
        ),
    ),
    R_IMAP := Rule(
        13002,
        TYPE,
        "an IMAP command (tagged) after a line break",
        re.compile(
            # FETCH, STORE and COPY name messages first: a Danish address's postal code
            # and town, "9440 Store Heddinge", is no command.
            r"[\r\n][ \t]*[a-z]?\d{1,4}\s+(?:login|select|examine|append|"
            r"list|lsub|status|search|create|delete|rename|authenticate|capability|"
            r"noop|logout|subscribe|unsubscribe|expunge|uid|close|check|getquota)\b"
            r"|[\r\n][ \t]*[a-z]?\d{1,4}\s+(?:fetch|store|copy)\s+[\d*$]"
        ),
        tokens=(
            "\r",
            "\n",
        ),
    ),
    Rule(
        13003,
        TYPE,
        "a POP3 command after a line break",
        re.compile(
            # A command's arguments on its own line; `user = …` is an assignment. USER and
            # PASS take one word: "pass their arguments to…" is a line of a sentence. And
            # they open their line: an indented `User git` is a setting (ssh's `Host` block).
            # Nor is `user` given a duration: the shell's `time` reports "real\t0m12,014s",
            # "user\t0m11,512s" and "sys\t0m0,575s".
            r"[\r\n](?:(?:user(?![ \t]+\d+m\d+[.,]\d+s)|pass)[ \t]+[^\s=]\S*[ \t]*(?:\r|$)"
            r"|[ \t]*(?:retr[ \t]+\d|dele[ \t]+\d|list(?:[ \t]+\d+)?[ \t]*$|top[ \t]+\d+[ \t]+\d+"
            r"|uidl\b|stat[ \t]*$|capa[ \t]*$|apop[ \t]))",
            re.M,
        ),
        tokens=(
            "\r",
            "\n",
        ),
    ),
    R_HEADER := Rule(
        13004,
        TYPE,
        "a mail header (To, Cc, Bcc, Subject) after a line break, or after one URL-encoded",
        # (A name's path is no header: Rust's `From::from`, C++'s `To::convert`.)
        re.compile(
            r"(?:[\r\n]|%0[ad])[ \t]*(?:to|cc|bcc|from|reply-to|subject|content-type)"
            r"\s*:(?!:)\s*\S"
        ),
        tokens=("\r", "\n", "%0a", "%0d"),
    ),
)


_RULES: Final = RuleSet(*RULES)


# What no letter says on a line of its own: an SMTP envelope command, a Bcc to an address,
# IMAP's APPEND of a message the literal after it holds (`A003 APPEND saved (\Seen) {310}`).
# Nor does a letter spell its line breaks as a URL does (`…my form: a@b.c%0aBcc:v@x.com`).
_UNMISTAKABLE: Final = re.compile(
    r"\r\n[ \t]*(?:(mail\s+from|rcpt\s+to)\s*:\s*<|bcc\s*:[^\r\n]*@"
    r"|[a-z]?\d{1,4}[ \t]+append[ \t][^\r\n]{0,200}\{\d{1,9}\+?\}[ \t]*\r\n)"
    r"|%0[ad](?:%0[ad])?[ \t]*(?:(mail\s+from|rcpt\s+to)|to|cc|bcc|from|reply-to|subject)"
    r"\s*:(?!:)\s*\S"
)


# SMTP's commands of one word alone on a line: "File\nEdit\nView\nHelp" is a menu, "Press
# Esc to\nquit" a line wrapped. They count as its clients and its examples write them, in
# capitals (in the value as sent, not lower-cased), after any line break; in any case after
# a CR where no text area sends one (a query, a header).
_LONE_COMMAND: Final = re.compile(
    r"[\r\n][ \t]*(?:DATA|RSET|QUIT|STARTTLS|HELP|NOOP|TURN)[ \t]*\r?$", re.M
)
_LONE_COMMAND_AFTER_CR: Final = re.compile(
    r"\r\n?[ \t]*(?:data|rset|quit|starttls|help|noop|turn)\s*$", re.M
)


def _lone_command(view: View) -> Match | None:
    """A command of one word alone on its line (`_LONE_COMMAND`, `_LONE_COMMAND_AFTER_CR`),
    at the lower-cased text's offsets."""
    found = None
    if view.area != "post" and "\r" in view.lower:
        found = _LONE_COMMAND_AFTER_CR.search(view.lower)
    if found is None and len(view.text) == len(view.lower):
        found = _LONE_COMMAND.search(view.text)
    return None if found is None else Match(R_SMTP, found.start(), found.end())


def confirm(view: View) -> Match | None:
    if view.prose or view.document or mail_message(view.lower):
        # Browsers send a textarea's line breaks as CRLF, so in prose or in a document (a
        # message, a changelog) a line that reads as a command ("pass a string to…", "To:
        # all staff") is a line of the text; in a whole mail message, its header fields
        # are the letter's.
        lower = view.lower
        found = _UNMISTAKABLE.search(lower) if "\r" in lower or "%0" in lower else None
        if found is None:
            return None
        if found.group(1) or found.group(2):
            return Match(R_SMTP, found.start(), found.end())
        imap = found.group().rstrip().endswith("}")
        return Match(R_IMAP if imap else R_HEADER, found.start(), found.end())
    lower, present = view.lower, view.tokens()
    if view.area == "post":
        shown = view.parts_shown
        if shown is not lower:
            # A multipart body shown in a field: its parts' Content-Type fields are its own.
            lower, present = shown, view.tokens(shown, TYPE)
    return _RULES.search(lower, present) or _lone_command(view)
