"""Cross-site scripting: HTML and JavaScript context analysis.

Rich text is allowed: `<p>`, `<a href="https://…">`, `<img src=… alt=…>` pass. What is
caught is markup that executes — script-capable tags, event handlers inside a tag or after a
broken attribute, script URLs, CSS expressions — and JavaScript sinks reached by breaking out
of a string.
"""

from __future__ import annotations

import re
from typing import Final

from node.decoders import TAG, Translation, code_contents, in_text, nfkc
from node.rules import NAMED_IN_WORDS, Match, Rule, RuleSet, View, blanked, several_lines, words
from node.types import AttackType

TYPE: Final = AttackType.XSS

EVENTS: Final = (
    "load",
    "error",
    "click",
    "dblclick",
    "mouseover",
    "mouseout",
    "mousedown",
    "mouseup",
    "mousemove",
    "mouseenter",
    "mouseleave",
    "keydown",
    "keyup",
    "keypress",
    "focus",
    "focusin",
    "focusout",
    "blur",
    "change",
    "input",
    "submit",
    "reset",
    "select",
    "abort",
    "unload",
    "beforeunload",
    "resize",
    "scroll",
    "toggle",
    "pointerdown",
    "pointerup",
    "pointerover",
    "pointerenter",
    "pointermove",
    "animationstart",
    "animationend",
    "animationiteration",
    "transitionend",
    "transitionstart",
    "transitionrun",
    "drag",
    "dragstart",
    "dragend",
    "dragenter",
    "dragover",
    "drop",
    "copy",
    "cut",
    "paste",
    "wheel",
    "touchstart",
    "touchend",
    "touchmove",
    "message",
    "hashchange",
    "popstate",
    "pageshow",
    "pagehide",
    "readystatechange",
    "begin",
    "end",
    "finish",
    "start",
    "show",
    "invalid",
    "search",
    "auxclick",
    "contextmenu",
    "formdata",
    "loadstart",
    "loadend",
    "progress",
    "play",
    "playing",
    "pause",
    "ended",
    "seeked",
    "seeking",
    "volumechange",
    "canplay",
    "canplaythrough",
    "afterprint",
    "beforeprint",
    "zoom",
    "bounce",
    "content",
    "cuechange",
    "durationchange",
    "emptied",
    "loadeddata",
    "loadedmetadata",
    "ratechange",
    "stalled",
    "suspend",
    "timeupdate",
    "waiting",
    "beforetoggle",
    "scrollend",
    "securitypolicyviolation",
    "contentvisibilityautostatechange",
    "scrollsnapchange",
    "scrollsnapchanging",
    "pagereveal",
    "pageswap",
    "beforematch",
    "command",
    "contextlost",
    "contextrestored",
    "beforeinput",
    "pointerrawupdate",
    "gotpointercapture",
    "lostpointercapture",
    "slotchange",
    "selectionchange",
    "beforexrselect",
)
_EVENT_NAMES: Final = tuple(f"on{event}" for event in EVENTS)
_KNOWN_EVENT: Final = "(?:" + "|".join(sorted(_EVENT_NAMES, key=len, reverse=True)) + ")"
_ANY_EVENT: Final = r"on[a-z]{3,40}"
# A JavaScript string literal, short.
_JS_STRING: Final = r"(?:'[^'\n]{0,100}'|\"[^\"\n]{0,100}\"|`[^`]{0,100}`)"
_SINKS: Final = (
    "alert",
    "prompt",
    "confirm",
    "eval",
    "settimeout",
    "setinterval",
    "execscript",
    "fromcharcode",
    "atob",
    "import",
)
_DOM: Final = (
    "document",
    "window",
    "self",
    "top",
    "parent",
    "globalthis",
    "frames",
    "innerhtml",
    "location",
)

# (And the end of a script URL's scheme that a tab, a line break or a NUL splits, which no
# rule's token spells: `_SPLIT_SCHEME`.)
_GAPS: Final = "\t\n\r\x00"
TOKENS: Final = (
    "+adw-",
    "\u00bc",
    "\uff1c",
    "ript:",
    *(f"{a}{gap}{b}" for a, b in ("ri", "ip", "pt", "t:") for gap in _GAPS),
)

# Elements that load or run content, or change how the rest of a page is parsed.
# Not a <noscript> element (a tracking pixel's fallback, in every e-mail MJML writes) nor
# <math> (MathML): what a mutation payload hides in one runs by a handler found on its own.
# A tag's name run into other characters (`<noscript#`) probes a filter's list of tags.
_LOADING: Final = (
    r"(?:iframe|frame|frameset|xss|[a-z]*:vmlframe|vmlframe|\?import|xml:namespace|isindex"
    r"|noscript(?![\s>/])|xmp|plaintext)"
)

# An iframe of a video, a map or a track, from the player its site serves for embedding
# (a map's address spells its parameters with `!`: `embed?pb=!1m18!1m12…`).
_PLAYER: Final = (
    r"(?<=<iframe)[^<>]{0,200}?\bsrc\s*=\s*['\"]?https://(?:www\.)?(?:youtube(?:-nocookie)?\.com"
    r"/embed/|player\.vimeo\.com/video/|google\.com/maps/embed\?|open\.spotify\.com/embed/"
    r"|w\.soundcloud\.com/player/\?)[\w?=&;%./!:#-]*['\"\s>]"
)

# An image a renderer embeds as an object (docutils writes an SVG so), or a PDF, a video or
# a sound a page shows (`<object>`, `<embed>`, the browser's own player): its type, a URL
# of a site or the path of a PDF or a media file on this one (not of an SVG, whose scripts
# would run as this site's), and no attribute but how it is laid out.
_IMAGE_OBJECT: Final = (
    r"(?:object|embed)(?=[^<>]{0,400}\btype\s*=\s*['\"](?:image/|video/|audio/"
    r"|application/pdf['\"]))"
    r"(?:\s+(?:(?:class"
    r"|style|width|height|alt|title)\s*=\s*(?:\"[^\"<>]{0,200}\"|'[^'<>]{0,200}')|type\s*=\s*"
    r"['\"](?:(?:image|video|audio)/[\w.+-]{1,40}|application/pdf)['\"]"
    r"|(?:data|src)\s*=\s*['\"](?:https?://[^'\"<>]{1,300}|/(?!/)[^'\"<>?#]{1,300}"
    r"\.(?:pdf|mp4|webm|ogg|ogv|oga|mp3|m4a|wav|mov)"
    r"(?:[?#][^'\"<>]{0,200})?)['\"])){2,8}\s*/?>"
)

# JavaScript parses a whole block before it runs any of it: a bare `<script>` whose text
# starts with a syntax error runs nothing, and a `</script>` that text follows ends a block
# and starts none. Prose starts with such an error: two words side by side on a line
# ("<script> tags aren't allowed", POD's "C<script>s.\n\nUnfortunately this field"), after
# statements that automatic semicolons end at line breaks. A word of the language may start
# a statement (`var a`, `new Image`) or join two operands (`a in b`), and so may an operator
# ("<script> or <style> elements"); no other word may follow an operand, nor a string
# ("the <script> element's type"); a template literal after an operand is a call (x`…`).
_JS_KEYWORD: Final = (
    r"(?:await|async|break|case|catch|class|const|continue|debugger|default|delete|do|else"
    r"|enum|export|extends|false|finally|for|function|get|if|implements|import|in|instanceof"
    r"|interface|let|new|null|of|package|private|protected|public|return|set|static|super"
    r"|switch|this|throw|true|try|typeof|var|void|while|with|yield)(?![\w$])"
)
# A group repeated without giving back is written `(?>(?:…)*)`, never `(?:…)*+`: the `re`
# of Python 3.11.2 (Debian 12's) misses matches after the latter (test_architecture).
_JS_OPERAND: Final = (
    rf"(?:(?!{_JS_KEYWORD})[a-z_$][\w$]*+(?>(?:\s*+\.\s*+[a-z_$][\w$]*+)*)"
    r"|`[^`$\\]*+`|'[^'\\\n]*+'|\"[^\"\\\n]*+\")"
)
# Operators between two operands: none is also a unary one's first character but `+` and
# `-` alone (`a --b` is `a--` and `b`), and none opens a comment (`a <!-- b` is `a`).
_JS_BINARY: Final = r"(?:[<>]=?|[=!]==?|&&|\|\||\?\?|\*\*|[-+*/%&|^](?![-+/*]))"
_NOT_JAVASCRIPT: Final = (
    rf"\s*+>\s*+(?:(?>(?:{_JS_OPERAND}[ \t]*+\n\s*+){{0,4}}){_JS_OPERAND}"
    rf"(?>(?:(?:[ \t]++(?:in|instanceof)[ \t]++|[ \t]*+{_JS_BINARY}[ \t]*+){_JS_OPERAND})*)"
    r"(?:[ \t]++(?!(?:in|instanceof|of)(?![\w$]))[\w$]|[ \t]*+['\"])"
    # Nor is another element's closing tag where a statement should start
    # (`<code>&lt;script&gt;</code>` shown in rich text), nor an operator that needs an
    # operand before it ("Escape <script> in comments", "-S <script>, --script <script>"),
    # nor a file name's extension after a placeholder ("``<script>.cmake`` is run in
    # script mode"): no statement starts with a property; nor an increment of no operand
    # (a synopsis's options after it, "-S <script>  [-- <dashboard-options>...]"; `-->`
    # starts a comment, after which a line may run). Nor a template literal that no
    # backquote closes: Markdown's inline code ("the bug is in `<script>` handling", or in
    # three, "not enclosed in ```<script>``` tags").
    r"|</(?!\s*script)|(?:in|instanceof|of)[ \t]++[\w$'\"]|\.[a-z]|[,)\]}*=?:|&^%>]"
    r"|\[?\s*+(?:--|\+\+)\s*+[<)\]},;:=?*/%|&^]"
    r"|(?>(?:`[^`]*+`)*)`[^`]*+\Z)"
)

# Where script may call a sink: out of a string (a quote) or past a tag's end (an arrow's
# `=>` closes no tag: `() => alert('hi')` defines a handler), then operators that join
# the call to what came before; at the value's start; after a statement or a parenthesis.
_BROKEN_OUT: Final = r"(?:[\"'`]|(?<!=)>)"
_CALLED_FROM: Final = rf"(?:^\s*|{_BROKEN_OUT}\s*[;+\-*/%|&^),}}\]]*\s*|[;(]\s*)"
# The sinks a payload calls by reference, its name not followed by a parenthesis.
_INDIRECT_SINK: Final = r"(?:alert|prompt|confirm|eval)"

# An attribute set to something: `onclick=""` is a handler cleared, which runs nothing. Nor
# does a JSX expression that holds an arrow function or names one (React's `onClick={() =>
# setCount(count + 1)}`, `onChange={handleChange}`, an async one or one under a comment):
# to HTML a block that defines or names a function and calls none, or a syntax error at
# its first blank.
_NOT_CLEARED: Final = (
    r"(?!\s*(?:\"\"|''|>|\{\s*(?://[^\n]{0,200}\n\s*)*(?:async\s+)?"
    r"(?:\([\w$\s,.{}=]{0,80}\)|[\w$]+)\s*=>"
    r"|\{\s*[\w$]+(?:\.[\w$]+)*\s*\}))"
)

# A font service's stylesheet, which `@import` loads to send nothing anywhere: a
# newsletter's `<style>@import url('https://fonts.googleapis.com/css?family=Open+Sans');`.
_FONT_SHEET: Final = (
    r"(?:url\s*\(\s*)?['\"]?(?:https:)?//"
    r"(?:fonts\.googleapis\.com|use\.typekit\.net|fonts\.bunny\.net|fast\.fonts\.net)/"
)

RULES: Final = (
    Rule(
        2001,
        TYPE,
        "a <script> element, any namespace or spacing",
        # The tag's name ends where a browser ends it: at a blank, `/`, `>` (or a `+` that a
        # form decodes to a blank), or the end of the value. /<script|<style/ is a pattern.
        re.compile(rf"<\s*/?\s*(?:[a-z0-9_-]+\s*:\s*)?script(?=[\s/>+]|$)(?!{_NOT_JAVASCRIPT})"),
        ("script",),
    ),
    Rule(
        2002,
        TYPE,
        "an event handler attribute inside a tag, set by an SVG animation, or AngularJS's "
        "reaching the window",
        re.compile(
            # (Gecko read punctuation between the name and `=` as nothing: onload!#$%&()*~+-_.=,
            # though not a name's own hyphen: ontology-id=)
            # (Possessive: no letter given back can be a blank, a `=` or that punctuation.)
            r"<[a-z!?][^<>]{0,400}?[\s/\"'`;]"
            + _ANY_EVENT
            + r"+(?:\s*|[\w.:-]{0,20}+[!#$%&()*~+,;?@\[/|\\\]^`][^\s=<>\"']{0,40})="
            + _NOT_CLEARED
            # <set attributeName=onmouseover to=alert(1)>: the handler is the value
            + r"|<\s*(?:set|animate\w{0,9})\b[^<>]{0,200}?\battributename\s*=\s*['\"]?\s*on[a-z]"
            # AngularJS's handler reaching the window: ng-click=$event.view.alert(1), or the
            # event's path sorted by a call of a sink (its CSP bypass: ng-focus=$event.
            # composedPath()|orderBy:'[].constructor.from([1],alert)')
            r"|<[a-z][^<>]{0,400}?\bng-[a-z]+\s*=\s*['\"]?[^'\"<>]{0,200}?\$event\s*\.\s*"
            r"(?:view\b|(?:composedpath\s*\(\s*\)|path)\s*\|\s*orderby\b)"
        ),
        ("<",),
    ),
    Rule(
        2003,
        TYPE,
        "an attribute value broken out of, followed by an event handler or a script attribute; "
        "a handler set to call a sink past a blank",
        re.compile(
            # Bare attributes may come first: "autofocus onfocus=alert(1) x=", a slash as a blank:
            # `"/+/autofocus/+/onfocus=` (`+` is a name). (Possessive where giving back cannot
            # help a match: a name is not a blank, nor a blank an event's first letter. Tried at
            # every quote, backtracking took 12 ms over 64 KB of Python source.)
            r"[\"'`][\s/]*+(?:[\w+:.-]{1,40}+[\s/]++){0,4}"
            # An SVG link runs or loads something by a scheme (javascript:, data:) or from another
            # host (//…), not to a page of the site or a place in it: xlink:href="x.html#a".
            # Nor a web page's link (every diagrams.net export links its FAQ) or a raster
            # image embedded (`data:image/png;base64,…`), which run nothing.
            r"(?:(?:"
            + _KNOWN_EVENT
            + r"|formaction|srcdoc)\s*="
            + _NOT_CLEARED
            + r"|xlink:href\s*=\s*['\"]?\s*"
            r"(?!https?:|data:image/(?:png|jpe?g|gif|webp|avif|bmp)[;,])(?:[a-z][\w+.-]*:|//))"
            r"|^\s*" + _KNOWN_EVENT + r"\s*="
            # ...or out of an unquoted one, by a blank or a slash, past bare attributes and
            # others of a word of value: ` autofocus/onfocus=`, ` style=/width:100%; onmouseover=`
            # (not code indented on one line: `  const onAbort = () => …`). An attribute's name
            # is any run of what ends none: ` style=transition:color 1s;color:red; ontransitionend=`
            # makes `1s;color:red;` a bare attribute.
            r"|^[\s/]+(?:[^\s/>=\"'<`]{1,40}+(?:=[^\s<>]{0,200}+)?[\s/]+){0,4}"
            + _KNOWN_EVENT
            + r"="
            # ...or further into an unquoted value, a handler that calls a sink, in parentheses
            # or not: `x onfocus=alert(1) autofocus` (`<input value=x onfocus=alert(1) autofocus>`),
            # `x onfocus=(prompt)```.
            + r"|[\s/]"
            + _KNOWN_EVENT
            + r"=['\"]?[\s(]*(?:alert|prompt|confirm|eval|print)[\s)]*[(`]"
        ),
        (*_EVENT_NAMES, "formaction", "srcdoc", "xlink:href"),
    ),
    R_SCRIPT_URL := Rule(
        2004,
        TYPE,
        "a script URL: javascript:, vbscript:, livescript:",
        re.compile(
            # `javascript:void(0)` and `javascript:;` do nothing: the link of a button that
            # script handles. Nor does a second colon start a script: Perl's
            # JavaScript::Minifier; nor a closing tag ("the following JavaScript:</p>").
            r"(?:^|[\s\"'`=(,;<>\[{/]|url\s*\()(?:java|vb|live)script\s*:"
            r"(?!(?:void\s*\(\s*0\s*\)|void\s+0)\s*;?(?:['\"\s>]|$)|;?(?:['\">]|</|$)|:)"
            r"(?:[^\s]|\s*[\w$.\[\]'\"/]+\s*[(`=])"
            # A CSS url( that opens a script URL, even cut short: x:url(javascript
            r"|\burl\s*\(\s*['\"]?\s*(?:java|vb|live)script\b"
        ),
        ("script",),
    ),
    Rule(
        2005,
        TYPE,
        "markup that loads or runs content: iframe, object, embed, base, meta refresh…, "
        "Internet Explorer's data islands, or sends a form elsewhere",
        re.compile(
            # Not a C header (#include <math.h>) nor a Perl package in POD (L<Math::BigInt>),
            # nor a video or a map embedded from its player (rich text in a CMS), nor a frame
            # of no attribute, which loads nothing ("what is <iframe> used for"); a closing
            # tag whole (</math>, not a link to a section, L</MATH LIBRARY>), but not a
            # frame's: what a payload runs after </iframe> is found on its own.
            rf"<{_LOADING}\b(?!\.h>|::|{_PLAYER}|(?<=frame)\s*>)|</(?!i?frame\b){_LOADING}\s*>"
            # A plugin or a layer loads nothing without an attribute set: `<object>` names a
            # thing, and so do POD's C<import> and L<OBJECT SERIALISATION>. An image from
            # a site, embedded as an object, is a picture (`_IMAGE_OBJECT`); MSBuild's
            # `<Import Project="….props" />` imports a build's settings, where Internet
            # Explorer's element names a behaviour's namespace and implementation.
            r"|<(?!" + _IMAGE_OBJECT + r"|import\s+project\s*=(?![^<>]{0,200}implementation))"
            r"(?:object|embed|applet|import|bgsound|layer|ilayer)\b(?!::)[^<>]{0,200}?="
            # A page of its own may have a charset, a viewport, a stylesheet and a <style>
            # block (an e-mail template); a base URL, a refresh or an HTML import it may not.
            # http-equiv refresh, set-cookie and link (a stylesheet's); a page's Content-Type
            # in one is its charset.
            r"|<base\b[^>]{0,200}?\bhref\s*=|<meta\b[^>]{0,200}?\bhttp-equiv\s*=\s*['\"]?\s*"
            r"(?:refresh|set-cookie|link)"
            # Internet Explorer's data islands, which a page's elements show as markup: an
            # island named or loaded (no XML document's element is named `xml`, a name XML
            # reserves; Word's pasted HTML has bare `<xml>` blocks), an element bound to one.
            r"|<xml\b[^<>]{0,200}?\b(?:id|src)\s*="
            r"|<[a-z][^<>]{0,200}?\bdata(?:src|fld|formatas)\s*="
            r"|<link\b[^>]{0,200}?\b(?:rel\s*=\s*['\"]?\s*import\b|type\s*=\s*['\"]?\s*text/"
            r"(?:java|ecma)script)|<meta\b[^>]{0,200}?\bcharset\s*=\s*['\"]?\s*utf-7"
            # A form sent elsewhere: a button's or an input's own target on another host (a
            # page's form hijacked), or a form to another host that asks for a password (a
            # login injected into the page). A newsletter's form embedded asks for an e-mail.
            r"|<(?:button|input)\b[^<>]{0,200}?\bformaction\s*=\s*['\"]?\s*(?:https?:)?//"
            r"|<form\b[^<>]{0,200}?\baction\s*=\s*['\"]?\s*(?:https?:)?//[^<>]{0,200}>"
            r"(?:[^<]|<(?!/form\b)){0,400}?<input\b[^<>]{0,200}?\btype\s*=\s*['\"]?\s*password\b"
        ),
        ("<",),
    ),
    R_SINK := Rule(
        2006,
        TYPE,
        "a JavaScript sink, or the Function constructor, called after breaking out of a "
        "string or at the start",
        re.compile(
            # A template literal's placeholder runs its expression too: `${alert(1)}`.
            rf"(?:{_CALLED_FROM}|\$\{{\s*)"
            r"(?:alert|prompt|confirm|"
            r"eval|settimeout|setinterval|execscript|string\.fromcharcode|atob|"
            # An empty call a backtick closes is Markdown's inline code: "is `eval()` safe?";
            # a call that a word follows on its line is no statement any script parses: a
            # search, "alert() not showing", "eval() is evil" (`in` and `instanceof` join).
            # Nor a function given to it that calls no sink, which no string makes code: a
            # snippet's `setTimeout(() => setLoading(false), 1000)`.
            r"import)\s*(?:\((?!\s*\)\s*`)(?![^()\n]{0,80}\)[ \t]+(?!(?:in|instanceof)\b)[a-z_$])"
            r"(?!\s*(?:(?:\([\w$\s,]{0,80}\)|[\w$]+)\s*=>|(?:async\s+)?function\b)"
            r"(?![^\n]{0,80}?\b(?:alert|prompt|confirm|eval|print|fetch|import)\s*[(`]))"
            # A backtick opens a tagged template: eval`…`; one that a space follows closes
            # Markdown's inline code ("Use `eval` carefully").
            r"|`(?![\s.,:!?)]|$))"
            # print(), the sink of proofs since browsers let no cross-origin frame alert:
            # called bare, as Python's empty line is not after a quote and a sign
            rf"|{_BROKEN_OUT}\s*[+\-*/%|&^]+\s*print\s*(?:\(\s*\)|`)"
            # The Function constructor given strings and called: Function('ale'+'rt(1)')().
            rf"|{_CALLED_FROM}(?:new\s+)?function\s*\(\s*"
            rf"{_JS_STRING}(?:\s*\+\s*{_JS_STRING})*\s*\)\s*\("
            # A sink called without its name before a parenthesis, as filters look for it:
            # through call or apply, in parentheses (`(alert)(1)`, `(0,alert)(1)`), handed
            # to a method that calls it (`[1].find(alert)`, `.then(alert)`), or made the
            # handler of an error thrown (`{onerror=alert}throw 1`).
            rf"|{_CALLED_FROM}(?:{_INDIRECT_SINK}\s*\.\s*(?:call|apply)\s*\("
            rf"|\(\s*(?:[\w$.]{{1,20}}\s*,\s*)?{_INDIRECT_SINK}\s*\)[(`])"
            r"|\.\s*(?:find(?:last)?(?:index)?|(?:flat)?map|filter|some|every|foreach|then|catch"
            rf"|finally|reduce(?:right)?|sort)\s*\(\s*{_INDIRECT_SINK}\s*\)"
            rf"|\bonerror\s*=\s*{_INDIRECT_SINK}\s*[;,}}][^\n]{{0,20}}?\bthrow\b"
            rf"|\bthrow\s+onerror\s*=\s*{_INDIRECT_SINK}\b"
        ),
        (*_SINKS, "function(", "function (", "print(", "print (", "print`"),
    ),
    Rule(
        2007,
        TYPE,
        "the document's cookie, domain or location reached from script",
        re.compile(
            r"(?:\bdocument\s*\)?\s*(?:\.|\[\s*['\"])\s*(?:cookie|domain|write(?:ln)?\b|location)"
            r"|\bwindow\s*(?:\.|\[\s*['\"])\s*(?:location|open|name|eval)\b)"
            # Not a name that a word follows on its line, which no script parses: a search,
            # "document.cookie not working" (`in` and `instanceof` join operands).
            r"(?![\w$.]*[ \t]+(?!(?:in|instanceof)\b)[a-z_$])"
            # Nor a page of the site's own set as the location: `window.location.href =
            # '/login'`, `= '#top'` (`//evil.com` is another site's).
            r"(?![\w$.]*\s*=\s*['\"`](?:[#?]|/(?![/\\])))"
            # ...or a regular expression's source, or base64: top[/al/.source+/ert/.source](1),
            # self[atob('YWxlcnQ=')](1)
            r"|\b(?:window|self|top|parent|globalthis|frames|document)\s*\)?\s*\[\s*(?:['\"`]"
            r"|/[^/\n]{1,40}/\s*\.\s*source\b|atob\s*\()"
            # Not one cleared or set to a literal of no markup, `el.innerHTML = '';`,
            # `el.innerHTML = 'Loading…'` (a literal with markup is read by the rules of tags).
            r"|\.innerhtml\s*=(?!\s*(?:'[^'<&\\$\n]{0,200}'|\"[^\"<&\\$\n]{0,200}\""
            r"|`[^`<&\\$\n]{0,200}`)\s*(?:;|$))"
            # A name joined by a hyphen is no variable: `--key-location=DATA_KEY_LOCATION`
            # is a command line option.
            r"|(?<!-)\blocation\s*(?:\.href)?\s*=\s*['\"`]?\s*(?:java|data)"
        ),
        _DOM,
    ),
    Rule(
        2008,
        TYPE,
        "CSS that runs code or reads a page: expression(), -moz-binding, behavior, @import, "
        "a rule fetching a URL when a field's value starts with a letter",
        re.compile(
            # A property's value: not "the XPath expression (" after a colon in a sentence.
            # Not a word that a line break parts from a parenthesis ("expression\n  (Required)").
            # Nor C++: a constructor's initializer, after its parameters' parenthesis
            # (`DeadExpression() : Expression(ET_Dead)`), or one on the line after an access
            # specifier's colon after a block's start (`{\npublic:\n  Expression(…)`). A
            # property has a name, and its value follows on its line outside a style.
            r"(?:style\s*=\s*['\"]?|<style[^>]{0,40}>)\s*[^\s<>:;{}()]{1,40}\s*:\s*"
            r"expression[ \t]*\(|[;{]\s*[^\s<>:;{}()]{1,40}\s*:[ \t]*expression[ \t]*\("
            r"|(?<!\))(?<!\) ):[ \t]*expression[ \t]*\("
            # @import takes a url() or a string: "when ‘@import’ is used" names it; not a
            # font service's sheet (`_FONT_SHEET`).
            # (Not VML's built-in behavior, which Word and Outlook declare in every letter's
            # head: `v\:* {behavior:url(#default#VML);}`.)
            r"|-moz-binding\s*:|\bbehavior\s*:\s*url(?!\(#default#vml\))"
            rf"|@import\s*(?!{_FONT_SHEET})(?:url\s*\(|['\"])"
            # CSS escapes hide @import and javascript: from filters, never from browsers.
            r"|<style\b[^>]{0,40}>[^<]{0,200}?"
            rf"(?:@\\?i\\?m\\?p\\?o\\?r\\?t(?!\s*{_FONT_SHEET})|\\?s\\?c\\?r\\?i\\?p\\?t\\?:)"
            # A selector on how a field's value starts, ends or what it holds, whose rule
            # fetches from another host: one rule per letter reads a CSRF token out of the
            # page without a script (`input[name=csrf][value^=a]{background:url(//x/a)}`).
            r"|\[\s*value\s*[\^$*]=[^\]\n]{0,80}\][^{}\n]{0,80}\{[^}]{0,200}?"
            r"url\(\s*['\"]?\s*(?:https?:)?//"
        ),
        words("expression -moz-binding behavior @import <style value^= value$= value*="),
    ),
    Rule(
        2009,
        TYPE,
        "JSFuck and template-literal call tricks",
        re.compile(
            r"\(\s*!\s*\[\s*\]\s*\+\s*\[\s*\]\s*\)|!\s*\+\s*\[\s*\]|\+\s*!!\s*\[\s*\]"
            r"|\]\s*\.\s*(?:sort|map|filter|find|every|some)\s*\.\s*call\s*`"
            r"|reflect\s*\.\s*(?:apply|construct)\s*\.\s*call\s*`"
        ),
        ("[]", "call"),
    ),
    Rule(
        2010,
        TYPE,
        "constructor chains used to reach Function",
        re.compile(r"constructor\s*\.\s*constructor\s*\(|\[\s*['\"]constructor['\"]\s*\]"),
        ("constructor",),
    ),
    Rule(
        2011,
        TYPE,
        "data: URLs carrying HTML or script",
        re.compile(
            # A raster image is what a pasted picture is; nothing in it runs.
            r"(?:src|href|data|action|formaction)\s*=\s*['\"]?\s*data\s*:"
            r"(?!\s*image/(?:png|jpe?g|gif|webp|bmp|avif|x-icon)[;,])"
            r"|data\s*:\s*(?:text/html|application/(?:x-)?javascript)"
            # An SVG drawn by CSS (Bootstrap's select arrow: `url("data:image/svg+xml,…")`)
            # is an image: no script of it runs.
            r"|(?<!url\()(?<!url\(['\"])data\s*:\s*image/svg"
        ),
        ("data",),
    ),
    Rule(
        2012,
        TYPE,
        "JSFuck: JavaScript written with the six characters []()!+ alone",
        # One character per repetition (spaces are form-decoded `+`): linear, no ambiguity.
        re.compile(r"(?:[\[\]()!+]\s*){30,}"),
        ("[]", "![]"),
    ),
    R_BREAKOUT := Rule(
        2013,
        TYPE,
        "an attribute's value closed, its tag ended and another tag opened, as a value opens: "
        '"><svg>, x\'><img src=x>, ">text<br/attr="',
        # What reflects a value into an attribute's quotes breaks out so; markup has a tag
        # open before any `">` of its own (`<a href="x"><img …>`).
        re.compile(r"^[^<>\"']{0,64}[\"']/?>[^<>]{0,64}<[a-z]"),
        ('">', "'>", '"/>', "'/>"),
    ),
)

# ¢ and § read as 7-bit ASCII are quotes. (¼ and ¾, the brackets, never get here: NFKC
# makes them 1⁄4 and 3⁄4; the decoders' 7-bit layer reads them first.)
_SEVEN_BIT: Final = Translation({ord("\u00a2"): '"', ord("\u00a7"): "'"})
_UTF7: Final = re.compile(r"\+ad[w4]-|\+aci-|\+acc-")
_UTF7_MAP: Final = {"+adw-": "<", "+ad4-": ">", "+aci-": '"', "+acc-": "'"}
_MARKUP: Final = RuleSet(*RULES[:5])
_PROSE: Final = RuleSet(*RULES[7:9])
_SCRIPT: Final = RuleSet(*(rule for rule in RULES[5:] if rule is not R_BREAKOUT))
_PATH_SCRIPT: Final = RuleSet(
    *(rule for rule in RULES[5:] if rule.id != 2007 and rule is not R_BREAKOUT)
)
# A value's own start, on one line: a long body's tail (`post.tail`) starts anywhere, in a
# page's markup too.
_BREAKOUT: Final = RuleSet(R_BREAKOUT)
_JS_COMMENT: Final = re.compile(r"/\*[^*]{0,200}\*/")
# Browsers drop tabs and line breaks inside a URL scheme (`java\tscript:`); between a tag's
# name and its attributes they separate, as a form feed does (`<svg\tonload=…>`). So a
# control character is dropped, and a tab or line break after a letter in a run of letters
# and those that a colon ends. The runs are read backwards, from each colon (`re` skips
# to them), each once: a look-ahead for the colon from each line break read the lines
# after it again, 0.5 s for 64 KB of a word a line.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_GAPPED_SCHEME_BACKWARDS: Final = re.compile(r":[a-z]*+[\t\n\r][a-z\t\n\r]*+")
_LETTER_GAP_BACKWARDS: Final = re.compile(r"[\t\n\r](?=[a-z])")


def _gaps_dropped(scheme: re.Match[str]) -> str:
    return _LETTER_GAP_BACKWARDS.sub("", scheme.group())


def _schemes_joined(lower: str) -> str:
    """`lower` with the tabs and line breaks after a letter in a run of letters, tabs and
    line breaks that a colon ends dropped: a scheme as browsers read it."""
    if ":" not in lower or not ("\n" in lower or "\t" in lower or "\r" in lower):
        return lower
    backwards = lower[::-1]
    joined = _GAPPED_SCHEME_BACKWARDS.sub(_gaps_dropped, backwards)
    return lower if joined is backwards else joined[::-1]


# A script URL's scheme with tabs, line breaks or NULs between its letters, which browsers
# drop (`ja\tvascript:`, `v\nb\ts\nc\nr\ti\tp\nt:`): a filter's evasion, whatever follows it
# (`normalize` drops them, and a scheme alone is a link's name there). No text breaks a
# word so; a line may end between the scheme's two words ("…in Java\nScript: …"), which
# `_WORDS_SPLIT` tells.
_GAP: Final = f"[{_GAPS}]*"
_SCHEMES: Final = ("javascript", "vbscript", "livescript")
# (Each alternative opens with its letter, the look-behind after it: `re` skips to the
# three letters; a look-behind first had it try the pattern at every character.)
_SPLIT_SCHEME: Final = re.compile(
    "(?:"
    + "|".join(
        f"{scheme[0]}(?<![a-z]{scheme[0]})(?=[a-z]{{0,8}}[{_GAPS}]){_GAP}{_GAP.join(scheme[1:])}"
        for scheme in _SCHEMES
    )
    + f"){_GAP}:"
)
_WORDS_SPLIT: Final = re.compile(
    "(?:" + "|".join(scheme.removesuffix("script") for scheme in _SCHEMES) + f")[{_GAPS}]+script:"
)


def normalize(lower: str) -> str:
    """What a browser would read: control characters dropped, full-width and 7-bit
    look-alikes of `<` and `>` folded, UTF-7 brackets decoded."""
    text = _CONTROL.sub("", _schemes_joined(lower)).replace("\x0c", " ")
    if "/*" in text:
        text = _JS_COMMENT.sub("", text)  # document/*x*/.cookie
    if not text.isascii():
        text = _SEVEN_BIT(nfkc(text))
    if "+a" in text:
        text = _UTF7.sub(_utf7_bracket, text)
    return text


def _utf7_bracket(found: re.Match[str]) -> str:
    # (Not a lambda: compiled, a function holding one allocates its environment per call.)
    return _UTF7_MAP[found.group(0)]


# A data block: a <script> of a type no browser runs (JSON-LD that an SEO plugin writes into
# every post, Next.js's page data, a client-side template), by its first attribute named
# `type` as browsers read it (`data-type` is another attribute).
_DATA_TYPES: Final = (
    r"application/(?:ld\+)?json|text/(?:x-)?(?:template|handlebars-template|tmpl|ng-template"
    r"|html|plain)"
)
_OTHER_ATTRIBUTE: Final = (
    r"[\s/]++(?!type(?=[\s/>=]))[^\s/>=]++(?>(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s>]*+))?)"
)
_DATA_SCRIPT: Final = re.compile(
    rf"<script(?>(?:{_OTHER_ATTRIBUTE}){{0,20}})[\s/]++type\s*+=\s*+"
    rf"(?:\"\s*(?:{_DATA_TYPES})\s*\"|'\s*(?:{_DATA_TYPES})\s*'|(?:{_DATA_TYPES})(?=[\s/>]))"
    r"[^<>]{0,400}>"
)
_SCRIPT_END: Final = re.compile(r"</script\s*>")
# The loader a social network's embed code ends with, empty, with no attribute that runs
# anything: `<script async src="https://platform.twitter.com/widgets.js"
# charset="utf-8"></script>` under every embedded post. The loader's address is the
# network's own, with no parameter a page could choose a callback by.
_SAFE_SCRIPT_ATTRIBUTE: Final = (
    r"\s++(?:async|defer|charset\s*=\s*[\"']?utf-8[\"']?|crossorigin\s*=\s*[\"']?anonymous[\"']?"
    r"|nonce\s*=\s*[\"']?[\w+/=-]{1,64}[\"']?)"
)
_EMBED_LOADER: Final = re.compile(
    rf"<script(?>(?:{_SAFE_SCRIPT_ATTRIBUTE}){{0,4}})\s++src\s*=\s*([\"']?)(?:https:)?//"
    r"(?:platform\.twitter\.com/widgets\.js|www\.instagram\.com/embed\.js"
    r"|www\.tiktok\.com/embed\.js|connect\.facebook\.net/[a-z]{2}_[a-z]{2}/sdk\.js"
    r"(?:#[\w=&.]{0,80})?)\1"
    rf"(?>(?:{_SAFE_SCRIPT_ATTRIBUTE}){{0,4}})\s*+>\s*+</script\s*>"
)


def _scripts_that_run_nothing(text: str) -> str:
    """`text` with the tags of each data block and each embed's loader blanked, a space for
    each character (the offsets stay the value's). What a data block holds is still read:
    a template is markup that another script renders, and a `</script>` in it ends the
    block."""
    spans: list[tuple[int, int]] = []
    end = 0
    for opening in _DATA_SCRIPT.finditer(text):
        if opening.start() < end:
            continue
        spans.append(opening.span())
        end = opening.end()
        closing = _SCRIPT_END.search(text, end)
        if closing:
            spans.append(closing.span())
            end = closing.end()
    if "src" in text:
        loaders = [loader.span() for loader in _EMBED_LOADER.finditer(text)]
        spans = sorted(spans + loaders) if spans else loaders
    if not spans:
        return text
    pieces: list[str] = []
    kept = 0
    for start, stop in spans:
        if start >= kept:
            pieces += [text[kept:start], " " * (stop - start)]
            kept = stop
    pieces.append(text[kept:])
    return "".join(pieces)


# A stylesheet's own imports: `@import` opening a line of a text that declares rules
# (`body { color: red }`), as every theme's CSS does (Sphinx's, Google Fonts' users'). One
# in markup (`<style>@import'…'`), a value that is only an import, or one of script counts.
_SHEET_IMPORT: Final = re.compile(r"^[ \t]*@import\b(?![^;\n]*(?:javascript|data)\s*:)", re.M)
_DECLARATION_BLOCK: Final = re.compile(r"[\w\])*.#-][ \t]*\{[^{}<>]*:[^{}<>]*\}")


def _sheet_imports_blanked(text: str) -> str:
    """`text` with a stylesheet's imports (`_SHEET_IMPORT`) blanked, a space for each
    character: the text declares rules and holds no markup."""
    if "<" in text or "{" not in text or _DECLARATION_BLOCK.search(text) is None:
        return text
    return _SHEET_IMPORT.sub(blanked, text)


# A tag named in words, not opened: `<script>` with nothing after it but words, to the end
# of a value that never closes it ("it breaks if I type <script> — please fix!", a search
# for "<script> tag in html"). Script there would be words only, a syntax error; a probe
# for whether the tag comes back is the tag alone, or with a call, an assignment or a
# property read (`<script>top.name`).
_MENTIONED_SCRIPT: Final = re.compile(
    r"<script>(?=(?:[\s\w'\",!?:\u2013\u2014-]|\.(?!\w))*$)(?=(?:[^a-z]*[a-z]{2,}){2})"
)


# An SVG an image element shows (`<img src="data:image/svg+xml;utf8,<svg …>…</svg>">`, an
# SVG's `<image href=…>`): a browser draws it with no script, as it draws a raster image.
# Its quoted value is blanked (the same length), unless it holds script, which only a
# payload puts in an icon (a sanitizer that drops the quotes would set it free); what
# follows the quote (an `onerror`, a tag after the element) counts, and so does an SVG in
# a frame, an object or a link, which is a document.
_IMAGE_SVG: Final = re.compile(
    r"(<(?:img|image)\b[^<>]{0,300}?\s(?:src|href|xlink:href)\s*=\s*)"
    r"(\"\s*data\s*:\s*image/svg\+xml[^\"]{0,4000}\"|'\s*data\s*:\s*image/svg\+xml[^']{0,4000}')"
)


_SCRIPT_IN_IMAGE: Final = re.compile(r"<script|\bon[a-z]+\s*=|javascript\s*:")


def _image_value_blanked(found: re.Match[str]) -> str:
    if _SCRIPT_IN_IMAGE.search(found.group(2)):
        return found.group(0)
    return found.group(1) + " " * len(found.group(2))


def confirm(view: View) -> Match | None:
    text = normalize(view.lower)
    if "image/svg" in text and "<im" in text:
        text = _IMAGE_SVG.sub(_image_value_blanked, text)
    if "<script" in text and ("type" in text or "src" in text):
        text = _scripts_that_run_nothing(text)
    if "<script>" in text and "</script" not in text:
        text = _MENTIONED_SCRIPT.sub(blanked, text)
    if "@import" in text:
        text = _sheet_imports_blanked(text)
    present = view.tokens(text, TYPE)
    found = _MARKUP.search(text, present)
    if found:
        return found
    for split in _SPLIT_SCHEME.finditer(view.lower):
        if not _WORDS_SPLIT.fullmatch(split.group()):
            return Match(R_SCRIPT_URL, split.start(), split.end())
    if "</" in text:
        text = _shown_script_blanked(view, text)
    if view.prose or view.document or several_lines(view.lower):
        # Sinks and DOM properties in prose are code being talked about, not code running;
        # in a text of three lines or more (a snippet, a post) they are shown. Script needs
        # markup to run there (above): a string it broke out of would end at the line.
        found = _PROSE.search(text, present)
        if found is None and view.prose:
            found = (
                _last_script(view)
                or _first_script(view)
                or _quoted_script(view)
                or _broken_call(text)
            )
        return found
    # A path may name a page after a DOM property (/manual/document.cookie).
    found = (_PATH_SCRIPT if view.area == "path" else _SCRIPT).search(text, present)
    if found is not None and found.rule.id == 2007 and NAMED_IN_WORDS.fullmatch(view.lower):
        return None  # a search: "how to read document.cookie"; read, the cookie goes nowhere
    if found is None and "\n" not in text and not view.point.endswith(".tail"):
        found = _BREAKOUT.search(text, present)
    return found


def _shown_script_blanked(view: View, text: str) -> str:
    """`text` with what rich text's elements of code hold blanked, unless a string is broken
    out of in it: script shown to a reader there (`<code>el.innerHTML = value</code>`,
    `<pre><code class="language-js">list.innerHTML = items.join('');</code></pre>`) is a
    text node, which no browser runs, and markup around it makes no script of a value.
    Its tags are kept: markup in an element of code is live. A quote may break out of a
    string the value is written into (`<code>'-alert(1)-'</code>`): code with a match of
    the rules after one still counts."""
    pieces: list[str] = []
    at = 0
    for start, end in code_contents(text):
        code = text[start:end]
        if _breaks_out(view, TAG.sub("", code)):
            continue
        pieces += [text[at:start], in_text(code, _blanks)]
        at = end
    if not pieces:
        return text
    pieces.append(text[at:])
    return "".join(pieces)


def _blanks(text: str) -> str:
    return " " * len(text)


# A quote closed and what may follow it before script runs: `'-`, `";`, `')`.
_QUOTE_CLOSED: Final = re.compile(r"['\"`]\s*[;+\-*/%|&^),}\]]*\s*\Z")
_MATCHES_LOOKED_AT: Final = 16  # matches of the rules in one element of code, at most


def _breaks_out(view: View, code: str) -> bool:
    """Whether script in `code` runs after a quote closed (`_QUOTE_CLOSED`), as a value
    written into a string would make it: a match of the rules that opens with a quote or
    follows one. Past `_MATCHES_LOOKED_AT` matches, it is taken to."""
    if not any(quote in code for quote in _QUOTES):
        return False
    present = view.tokens(code, TYPE)
    at = 0
    for _ in range(_MATCHES_LOOKED_AT):
        found = _SCRIPT.search(code[at:] if at else code, present)
        if found is None:
            return False
        start = at + found.start
        if code[start] in _QUOTES or _QUOTE_CLOSED.search(code, max(0, start - 40), start):
            return True
        at += max(found.end, 1)
    return True


# A string broken out of to call a dialog between two operators, or before a comment: what
# a payload appended to a field's words writes (`…this shop '-alert(1)-'`, `…";alert(1);//`)
# and no sentence says.
_BROKEN_CALL: Final = re.compile(
    r"['\"`]\s*[-+*/%|&^;]\s*(?:alert|prompt|confirm)\s*(?:\([^()\n]{0,80}\)|`[^`\n]{0,80}`)"
    r"\s*(?:[-+*/%|&^;]|//)"
)


def _broken_call(text: str) -> Match | None:
    """A dialog called out of a broken string (`_BROKEN_CALL`) anywhere in prose."""
    found = (
        _BROKEN_CALL.search(text)
        if "alert" in text or "prompt" in text or "confirm" in text
        else None
    )
    return None if found is None else Match(R_SINK, found.start(), found.end())


def _last_script(view: View) -> Match | None:
    """Script after a broken string in the clause that ends a text of prose, when that clause
    is no prose and opens with the quote it breaks out of: a message, then the value a field
    was given (`…from my form: '-alert(1)-'`). A clause that is code ("call this:
    alert(1)", "read it with: document.cookie") is shown."""
    clause = view.last_clause
    if clause is None:
        return None
    return _script_after_quote(clause, len(view.text) - len(clause.text), _QUOTES)


def _first_script(view: View) -> Match | None:
    """Script after a broken string in the clause that opens a text of prose, when that
    clause is no prose and opens with the quote it breaks out of: the value, then a
    sentence about it (`'-alert(1)-' (this is what I typed)`)."""
    head = view.first_clause
    return None if head is None else _script_after_quote(head, 0, _QUOTES)


def _quoted_script(view: View) -> Match | None:
    """Script after a broken string in a span of prose in double quotes (`View.quotations`)
    that opens with the quote it breaks out of: 'The user entered "';alert(1);//" …'."""
    for start, quoted in view.quotations:
        found = _script_after_quote(quoted, start, ("'", "`"))
        if found is not None:
            return found
    return None


_QUOTES: Final = ("'", '"', "`")


def _script_after_quote(part: View, start: int, quotes: tuple[str, ...]) -> Match | None:
    """Script (`_SCRIPT`) in `part` of a text, which begins at `start` in it, when `part`
    opens with one of `quotes`: the string the script broke out of."""
    if part.lower.lstrip()[:1] not in quotes:
        return None
    text = normalize(part.lower)
    found = _SCRIPT.search(text, part.tokens(text, TYPE))
    return None if found is None else found.moved(start)
