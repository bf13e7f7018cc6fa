"""XML external entities: DOCTYPE declarations that define entities, external references,
XInclude and XSLT stylesheets."""

from __future__ import annotations

import re
from typing import Final

from node.rules import Match, Rule, RuleSet, View, words
from node.types import AttackType

TYPE: Final = AttackType.XXE

TOKENS: Final = ("<!entity", "<!doctype", "xinclude", "xi:include", 'system "', "system '")

# <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/…dtd">, an
# internal subset after it too (whose entities 6001 judges): Adobe Illustrator's SVG names
# its namespaces so, `[<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">…]`.
_W3C_DTD: Final = (
    r"['\"]-//w3c//dtd [^'\"]{1,80}['\"]\s*(?:['\"]https?://www\.w3\.org/[\w./-]{1,80}['\"]\s*)?"
    r"[>\[]"
)

# The public identifier a PUBLIC declaration gives before its system literal (SYSTEM has none).
_PUBLIC_ID: Final = r"(?:['\"][^'\"]{1,120}['\"]\s+)?"

# A DTD among the server's own files, with nothing declared beside it: how a config file
# names its grammar (<!DOCTYPE fontconfig SYSTEM "../fonts.dtd">, log4j.dtd, an XML
# catalog's file:///usr/share/…/catalog.dtd). It can define no entity the request chose:
# a local DTD repurposed needs an internal subset ([…]), which still counts, and a DTD on
# another host (http://, //host, file://host, file:////host) or a file that is not a DTD
# still counts.
_LOCAL_DTD: Final = _PUBLIC_ID + r"['\"](?:file:///(?!/)|(?!//))[\w./-]{1,200}\.dtd['\"]\s*>"

# A DTD its publisher hosts, with nothing declared beside it but entities 6001 judges: how
# the config files of Jetty, Hibernate, MyBatis, Struts, Spring, D-Bus (its introspection
# data names its errors in entities), Checkstyle and DocBook, Apple's property lists (every
# `.plist` and configuration profile) and RSS 0.91 feeds, name their grammar. A parser may
# fetch it, from a host no request chooses; a DTD at any other host still counts.
_PUBLISHED_DTD: Final = (
    _PUBLIC_ID + r"['\"]https?://(?:[\w-]+\.)*(?:w3\.org|jetty\.org"
    r"|eclipse\.org|eclipse\.dev|hibernate\.org|hibernate\.sourceforge\.net|mybatis\.org"
    r"|java\.sun\.com|jcp\.org|apache\.org|springframework\.org|freedesktop\.org"
    r"|oasis-open\.org|docbook\.org|netscape\.com|apple\.com|checkstyle\.org"
    r"|puppycrawl\.com)"
    r"/[\w./-]{1,200}\.dtd['\"]\s*[>\[]"
)

# A reference in an entity's text to an entity declared (not a character's, `&#60;`, nor
# one of XML's own, `&lt;`) or to a parameter entity.
_EXPANDED: Final = r"&(?!(?:lt|gt|amp|quot|apos);)[a-z_:][\w.:-]*;|%[a-z_:][\w.:-]*;"

RULES: Final = (
    Rule(
        6001,
        TYPE,
        "an external or parameter entity declared, or one that expands others",
        # Not an internal entity of a literal, a name for a string (`<!ENTITY ns_svg
        # "http://www.w3.org/2000/svg">`, DocBook's `<!ENTITY product "Foo">`): it reads
        # nothing and expands to its text. One whose text refers to entities may expand
        # exponentially (`<!ENTITY lol2 "&lol1;&lol1;…">`, billion laughs).
        re.compile(
            r"<!entity\s+(?:%|[\w.:-]+\s+(?:system|public)\b"
            r"|[\w.:-]+\s+(?:\"[^\"]*(?:"
            + _EXPANDED
            + r")[^\"]*\"|'[^']*(?:"
            + _EXPANDED
            + r")[^']*'))"
        ),
        tokens=words("<!entity"),
    ),
    Rule(
        6002,
        TYPE,
        "a DOCTYPE with an external subset or an internal subset",
        re.compile(
            # Not the W3C's own DTDs, which an HTML page or e-mail declares, nor a name no parser
            # fetches: <!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">, nor a DTD of
            # the server's own files or of its publisher alone (`_LOCAL_DTD`, `_PUBLISHED_DTD`),
            # nor a public identifier alone, which names no file to fetch (an HTML page's
            # <!DOCTYPE html PUBLIC "-//IETF//DTD HTML 2.0//EN">; XML requires a system
            # literal after it)
            r"<!doctype\s+[\w.:-]+\s+(?:system|public(?=\s*['\"][^'\"]*['\"]\s*['\"]))\s+(?!"
            + _W3C_DTD
            + r"|['\"]urn:[^'\"]*['\"]\s*>|"
            + _LOCAL_DTD
            + r"|"
            + _PUBLISHED_DTD
            + r")"
            r"['\"][^'\"]*['\"]"
            # An internal subset that declares a parameter entity or refers to one: its
            # elements, attribute lists and entities of literals alone (iso-codes' <!DOCTYPE
            # iso_639_5_entries [<!ELEMENT …) read nothing and expand nothing; 6001 judges
            # its other entities.
            r"|<!doctype\s+[\w.:-]+\s*\[(?=[^\]]{0,4000}?(?:<!entity\s+%|%[\w.:-]+;))"
        ),
        tokens=words("<!doctype"),
    ),
    R_XINCLUDE := Rule(
        6003,
        TYPE,
        "XInclude of another document",
        re.compile(
            r"<\w*:?include\b[^>]{0,200}\bhref\s*=|xmlns(?::\w+)?\s*=\s*['\"]http://"
            r"www\.w3\.org/2001/xinclude"
        ),
        tokens=words("include xinclude"),
    ),
    R_XSLT := Rule(
        6004,
        TYPE,
        "XSLT: a stylesheet sent in the request, fetched from elsewhere by a processing "
        "instruction, or an instruction that calls a function, reads a file or includes",
        re.compile(
            # (A style sheet for display, type="text/css", transforms nothing.)
            r"<\?xml-stylesheet\b(?![^>]{0,200}\stype\s*=\s*['\"]?text/css)"
            r"[^>]{0,200}\bhref\s*=\s*['\"]?(?:https?:|ftp:|file:|//|\\\\)"
            r"|<xsl:(?:stylesheet|transform)\b"
            # An instruction injected into the application's own stylesheet: a PHP or
            # Java function called, a file read, another stylesheet included.
            r"|<xsl:[\w-]+\b[^>]{0,200}?(?:php:function|system-property\s*\(|unparsed-text\s*\("
            r"|document\s*\(|\bhref\s*=|\b(?:rt|java|runtime):\w)"
            r"|xmlns:\w+\s*=\s*['\"]http://www\.w3\.org/1999/xsl/transform"
        ),
        tokens=words("xml-stylesheet <xsl: xsl/transform"),
    ),
)


_RULES: Final = RuleSet(*RULES)


# Namespaces whose declaration in an XML body is the attack's own.
_NAMESPACES: Final = {
    "http://www.w3.org/2001/xinclude": R_XINCLUDE,
    "http://www.w3.org/1999/xsl/transform": R_XSLT,
}


def confirm(view: View) -> Match | None:
    if "@xmlns" in view.point:
        rule = _NAMESPACES.get(view.lower.strip())
        if rule is not None:
            return Match(rule, 0, len(view.text))  # an XML body's namespace declaration
    return _RULES.search(view.lower, view.tokens())
