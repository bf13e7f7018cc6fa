"""Server-side template injection: expressions in Jinja2/Twig, Freemarker, Velocity,
Thymeleaf and Spring EL, ERB and JSP, Smarty — the kind that evaluate or reach objects."""

from __future__ import annotations

import re
from typing import Final

from node.rules import (
    IMPORT_AT_WORK,
    OS_RUNNING,
    PYTHON_SOURCE,
    Match,
    Rule,
    RuleSet,
    View,
    blanked,
    searchable,
    several_lines,
    words,
)
from node.types import AttackType

TYPE: Final = AttackType.SSTI

TOKENS: Final = (
    "{{",
    "{%",
    "${",
    "#{",
    "<%",
    "*{",
    "<#",
    "#set",
    "@{",
    "{php}",
    "__class__",
    "__mro__",
    "__subclasses__",
    "__globals__",
    "__builtins__",
    "lipsum",
    "cycler",
    "{system",
    "$eval",
    "getclass",
    "getresource",
)

# FreeMarker directives, written <#assign …> or [#assign …].
_FREEMARKER: Final = r"(?:assign|if|list|include|import|setting)"
# Openers of template syntax in the engines scanners fingerprint.
_OPENER: Final = r"\$\{|\{\{|<%|\[%|#\{|\{%"

RULES: Final = (
    Rule(
        5001,
        TYPE,
        "an arithmetic probe in template delimiters: {{7*7}}, ${7*7}, <%= 7*7 %>, @(7*7), [[7*7]]",
        re.compile(
            # Either number may be a string (Jinja2 repeats one: {{ '7'*7 }} is 7777777); the
            # sum may be in parentheses (Struts' namespace probe, ${(111+111)}).
            r"(?:\{\{[=:]?|\$\{|#\{|\*\{|@\{|~\{|<%=?|\{%=?)\s*(?:\(\s*)?['\"]?\d+['\"]?\s*[*+/-]\s*"
            r"['\"]?\d+['\"]?(?:\s*\))?"
            # ...its result through filters, {{7*7|string}}
            r"(?:\s*\|\s*\w{1,20})*\s*(?:\}\}|\}|%>|%\})"
            # Thymeleaf's inlining: [[7*7]] (a product: [[1-2]] is a wiki's range of notes)
            r"|\[\[\s*\d+\s*\*\s*\d+\s*\]\]"
            # Django's arithmetic is a filter: {{7|add:7}}
            r"|\{\{\s*\d+\s*\|\s*add\s*:\s*['\"]?\d+['\"]?\s*\}\}"
            # Razor: @(7*7)
            r"|@\(\s*\d+\s*[*+/-]\s*\d+\s*\)"
        ),
        tokens=words("{{ ${ #{ *{ @{ ~{ <% {% @( [["),
    ),
    Rule(
        5002,
        TYPE,
        "Python object traversal used by Jinja2 and Mako payloads: chained dunders",
        re.compile(
            r"__(?:class|mro|subclasses|globals|builtins|init|base|bases|import|getattribute|"
            r"dict)__\s*(?:\[[^\]]{0,20}\]\s*|\(\s*\)\s*)?\.\s*"
            # A step of traversal, not a name or a docstring (`__class__.__name__`)
            r"__(?:class|mro|subclasses|globals|builtins|init|base|bases|import|getattribute"
            r"|dict|code|func|self|reduce|reduce_ex|loader|spec)__"
            r"|__(?:subclasses__\s*\(|globals__\s*\[|builtins__\s*\[)|"
            + IMPORT_AT_WORK
            + r"|\b(?:lipsum|cycler|joiner|namespace)\s*\.\s*__"
            # (A root object, Twig's `_self` and `app.request`, not a field of another:
            # Helm's `{{ if .Values.config.api.x }}`; nor a brace a third one escapes, as a
            # Python f-string writes one: `f"{{{self.ns}}}graph"`. Nor the admission request
            # a Kyverno policy reads, `{{ request.object.spec.containers[].image }}`: its
            # object, operation and user, Flask's request has none of.)
            r"|(?<!\{)\{\{[^{}]{0,80}(?:(?:(?<![\w.$])_?|(?<=\bapp\.))"
            r"(?:config|self|request(?!\.(?:object|oldobject|operation|userinfo)\b)|settings)"
            r"|__\w+__)\s*[.\[|][^}]{0,80}\}\}"
            # The objects and globals a Jinja2 probe dumps whole: {{config}}, {{request}};
            # Twig's {{_self}}
            r"|\{\{\s*(?:config|_?self|settings|request|url_for|get_flashed_messages|lipsum"
            r"|cycler|joiner|namespace)\s*\}\}"
            # A class's subclasses or method resolution order, spelled without dunders
            r"|\{\{[^{}]{0,120}\.(?:subclasses|mro)\s*\("
            r"|\{\{[^{}]{0,80}\.__\w+__\s*\}\}"
            # A dunder reached by a subscript, as filters that strip dots are bypassed:
            # {{''['__class__']}}, {{request['__init__']}}
            r"|\{\{[^{}]{0,80}\[\s*['\"]__\w+__['\"]\s*\]"
            # Jinja's attr filter, not a function after a logical OR: ATTR('x') || ATTR('y')
            r"|(?<!\|)\|\s*attr\s*\("
        ),
        tokens=words("__ {{ attr"),
    ),
    Rule(
        5003,
        TYPE,
        "template statements: {% … %}, <% if … %>, <# … >, [#assign], #set, {php}, <%@ page, "
        "{$smarty.…}, a Jelly script (<j:jelly>, <g:evaluate>)",
        re.compile(
            # (Not `{% raw %}`, which only stops a template from reading what follows: Jekyll's
            # posts show Liquid so. Nor a statement named with nothing to do, a title's
            # "{% include %} path not found": one that takes an argument has it.)
            r"\{%-?\s*(?:(?:if|for|set|import|include|extends|print|macro|call|filter|with"
            r"|block)\b(?![\s-]*%\})|endif\b|endfor\b|debug\b)[^}]{0,200}%\}"
            # ERB and Mako control tags: <% if True %>, <%= for x in … %>
            r"|<%[=-]?\s*(?:if|for|while|unless|import|endif|endfor)\b[^%]{0,200}%>"
            # Velocity's assignment, `#set($x = …)`: not CMake's `set(${var} "value")`
            # commented out with a `#`.
            r"|<#" + _FREEMARKER + r"\b|#set\s*\(\s*\$[^()=\n]{1,80}="
            # (Not Lua's index past a table's length, `list[#list + 1] = x`: a directive
            # with a sum alone is no FreeMarker.)
            r"|\[#" + _FREEMARKER + r"\s(?!\s*[-+]\s*\w+\s*\])[^\]]{1,200}\]"
            # JSP directives and Smarty's own variables: <%@ page import=…, {$smarty.version}
            r"|<%@\s*(?:page|include|taglib)\b|\{\$smarty\."
            r"|\{/?php\}|\{(?:system|exec|passthru|shell_exec)\s*\("
            r"|\?new\s*\(\s*\)|\$\{\s*\"freemarker"
            # Jelly, as ServiceNow renders a page title into its own (CVE-2024-4879): its
            # core tag library, and Glide's script evaluated on the server.
            r"|<j:jelly\b|[\"']jelly:core[\"']|<g2?:evaluate\b"
        ),
        tokens=words(
            "{% <% <# [# #set php} {system {exec {passthru {shell_exec ?new ${ {$smarty. <j:jelly"
            " jelly:core <g:evaluate <g2:evaluate"
        ),
    ),
    Rule(
        5006,
        TYPE,
        "Handlebars: block parameters and the string.sub.apply gadget of its RCE payload",
        re.compile(
            r"\{\{#with\s+[^\s}]{1,40}\s+as\s+\||string\.sub\.apply\b|\{\{\s*this\.(?:push|pop)\b"
        ),
        tokens=words("{{#with string.sub this.push this.pop"),
    ),
    Rule(
        5007,
        TYPE,
        "Go templates: the data object and actions on it: {{.}}, {{.Secret}}, "
        '{{printf "%s" .Key}}, {{template "x" .}}',
        re.compile(
            r"\{\{-?\s*(?:\.(?:[a-z_]\w*(?:\.\w+)*)?\s*-?\}\}"
            r"|(?:printf|println|print)\s+(?:\"[^\"]{0,40}\"\s+)?\.[\w.]*\s*-?\}\}"
            r"|(?:template|block)\s+\"[^\"]{1,40}\"\s+\.[\w.]*\s*-?\}\}"
            r"|(?:call|index|len|slice|html|js|urlquery)\s+\.\w)"
        ),
        tokens=words("{{"),
    ),
    Rule(
        5004,
        TYPE,
        "expression-language method calls and class lookups: ${T(…)}, #{…exec(…)}, "
        "#{''.class}, <% … %>, Mako's ${…os.system(…)}",
        re.compile(
            # Each place inside the braces is tried only where an alternative can start.
            # A JavaScript template literal's ${stats.runTime.ms} and ${this.constructor.name}
            # read properties; ${this.constructor.constructor('return process')()} reaches
            # the Function constructor, #{require.main.constructor._load('fs')} a module.
            # Node.js's module loader reached from the process, as no template's data is:
            # #{root.process.mainModule.require('child_process')…} (Pug).
            # Mako's Python reaches the `os` module: ${self.module.cache.util.os.system("id")}.
            r"(?:\$|#|\*|@)\{[^{}]{0,120}(?=[t.gnpo])(?:\bt\s*\(|\.exec\s*\(|getruntime|"
            rf"\bos\s*\.\s*{OS_RUNNING}\s*\(|"
            r"\bprocess\s*\.\s*mainmodule\b|"
            r"\.getclass(?:loader)?\s*\(|\.forname\s*\(|\.invoke\s*\(|\.newinstance\s*\(|"
            # the class's files found: ${class.getResource("").getPath()}
            r"\.getresource(?:asstream)?\s*\(|\.getprotectiondomain\s*\(|"
            # the servlet's own objects reached: #{session.getAttribute('user')}
            r"\.(?:getsession|[gs]etattribute|getparameter|getservletcontext|getrealpath)\s*\(|"
            r"\bnew\s+java|\.constructor\s*(?:\(|\[|\.\s*(?:constructor|prototype)\b|\.\s*\w+\s*\())"
            # (EJS's unescaped and slurping tags too, `<%-`, `<%_`, and Node's `global.`.)
            r"|<%[=_-]?\s*(?:global\s*\.\s*)?(?:system|exec|eval|`|runtime|process|require|file\.|io\.)"
            # (doT's and Underscore's `{{= … }}` run JavaScript: a child process, a module.)
            r"|\{\{[^{}]{0,120}(?=[.epscr])(?:\.constructor\b|\bexec(?:sync|file(?:sync)?)?\s*\("
            r"|popen|\bsystem\s*\(|\bspawn(?:sync)?\s*\(|child_process|\brequire\s*\("
            r"|\bprocess\.mainmodule\b)"
            # A method called on a string literal: {{'a'.toUpperCase()}}, an AngularJS probe
            # (no group: the rule's alternatives are searched apart in a long text)
            r"|\{\{\s*(?:'\w{0,20}'|\"\w{0,20}\")\s*\.\s*\w+\s*\("
            # Twig: a PHP function passed to a filter as its callback; its debug dump
            r"|\|\s*(?:filter|map|reduce|sort)\s*\(\s*['\"](?:system|passthru|exec|shell_exec|"
            r"popen|proc_open|assert)['\"]|\{\{\s*dump\s*\("
            # PHP's complex syntax in a string: ${@print(md5(1))} (tplmap's PHP probe)
            r"|\$\{\s*@[a-z_]\w*\s*\("
            # JSP's and JSF's implicit objects, dumped or walked: ${applicationScope},
            # ${pageContext.request.serverName}, #{facesContext.externalContext}
            r"|[$#]\{\s*(?:applicationscope|sessionscope|requestscope|pagescope|pagecontext"
            r"|initparam|facescontext|headervalues|paramvalues)\s*[.\[}]"
            # Magento's template filter reached from a directive (CVE-2022-24086): {{var
            # this.getTemp().getData(filter)…}}; a template's own variables are not `this`,
            # and `this.getUrl(…)` is the URL older e-mail templates link to.
            r"|\{\{\s*(?:var|if|depend)\s+this\s*\.\s*(?!geturl\b)\w+\s*\("
            # A string literal's class, the first step to a class loader: #{''.class},
            # #{""["class"]} (the probe for Confluence's OGNL injection, CVE-2021-26084)
            r"|[$#%]\{\s*(?:'\w{0,20}'|\"\w{0,20}\")\s*(?:\.\s*class\b|\[\s*['\"]class['\"]\s*\])"
        ),
        tokens=words("{{ ${ #{ %{ *{ @{ <% {%"),
    ),
    Rule(
        5005,
        TYPE,
        "a template-engine fingerprinting polyglot: three delimiters in a row, ${{<%[%'\"}}%\\.",
        re.compile(
            r"(?:" + _OPENER + r")[^\w\s]{0,4}(?:" + _OPENER + r")[^\w\s]{0,4}(?:" + _OPENER + r")"
        ),
        tokens=words("${ {{ <% [% #{ {%"),
    ),
)


_RULES: Final = RuleSet(*RULES)
# Prose that walks Python's objects ("searches `a.__class__.__mro__` for a base class") is
# talk about the language: nothing evaluates a sentence. A payload there needs a template
# expression to run in.
_UNTRAVERSED: Final = RuleSet(*(rule for rule in RULES if rule.id != 5002))
_DELIMITER: Final = re.compile(_OPENER)
# Where Python source shown whole imports a module by its name, or lists a class's
# subclasses (functools' and abc's registries): calls the language offers for them. A
# payload makes them in a template expression, or in a line of its own.
_OWN_CALL: Final = re.compile(r"__(import|subclasses)__(?=\s*\()")
# A tool's own Go template, given in quotes to the option that takes one: LogQL's
# `line_format "{{.msg}}"` and `label_format`, docker's `--format '{{.Names}}'` and `-f`,
# kubectl's `-o go-template='{{range .items}}…'` (Grafana's queries to Loki, runbooks).
# The tool renders it, over its own data; its actions are blanked (the same length), and
# only those of Go's shape: a Jinja expression quoted there still counts.
_GO_FORMAT: Final = searchable(
    re.compile(
        r"(?:\bline_format|\blabel_format\s+[\w.]+\s*=|--format[= ]|(?<![\w-])-f\s+"
        r"|\bgo-template(?:-file)?=|--template[= ])\s*([\"'`])(?:(?!\1)[^\n]){1,500}\1"
    )
)


def _go_action(signs: str, words: str) -> re.Pattern[str]:
    """A Go template's action that opens with one of `signs` or of `words`."""
    return re.compile(rf"\{{\{{-?\s*(?:[{signs}]|(?:{words})\b)[^{{}}]{{0,200}}\}}\}}")


# A probe for a Go program's data is an action alone, or glued to a value (`{{.}}`,
# `John{{.Password}}`); a message's template has words around its fields, a sentence's.
_WORD: Final = re.compile(r"[^\W\d_]{2,}")
# A Mustache section, opened and closed: `{{#items}}…{{/items}}`, which Go's syntax has not.
_MUSTACHE_SECTION: Final = re.compile(r"\{\{#([\w.-]{1,60})\}\}[\s\S]{0,2000}?\{\{/\1\}\}")
# (Not the names of tags, nor a Mustache section's: `<li>{{.}}</li>` is no sentence.)
_MARKUP: Final = re.compile(r"</?[a-z][^<>]{0,200}>|\{\{[#/^][^{}]{0,100}\}\}")
_SENTENCE_WORDS: Final = 3
# Go's own: the data, a variable, a block's keyword.
_GO_WORDS: Final = "range|end|if|else|with"
_GO_ACTION: Final = _go_action(".$", _GO_WORDS)

# A Helm chart's template, or a line of one: actions that read Helm's own objects
# (`.Values`, `.Release`, `.Chart`), which no other Go program's data has; a Hugo site's
# layout, by its partials, its main block and its site's objects (`.Site`, `.Params`,
# `.RelPermalink`); an alert notification's template, Alertmanager's and Grafana's, by
# the alerts' own (`.Alerts`, `.CommonLabels`, `.GroupLabels`, `.CommonAnnotations`; an
# alert's `.Labels.alertname` and `.Annotations.summary`) or
# by the templates they ship, which a receiver's title and text name
# (`{{ template "slack.default.title" . }}`, `{{ template "__subject" . }}`).
# Helm renders one at install, Hugo another at build, Alertmanager the last for each
# notification, over their own data; their Go actions are blanked as a tool's format's
# are, with their functions and pipelines (`{{ include "x" . | nindent 4 }}`, `{{ partial
# "footer.html" . }}`).
_CHART_OBJECT: Final = re.compile(
    r"\{\{[^{}]{0,200}\.(?:values|release|chart|capabilities)\."
    r"|\{\{-?\s*(?:partial(?:cached)?\s+\"|(?:define|block)\s+\"main\")"
    r"|\{\{[^{}]{0,200}\.(?:site|params)\.|\{\{[^{}]{0,200}\.(?:relpermalink|permalink)\b"
    r"|\{\{[^{}]{0,200}\.(?:alerts|commonlabels|grouplabels|commonannotations)\b"
    r"|\{\{[^{}]{0,200}\.(?:labels|annotations)\.[a-z_]"
    r"|\{\{-?\s*template\s+\"(?:__\w+|(?:[a-z]+\.)?default\.[\w.]+)\"\s+\.\s*-?\}\}"
)
_CHART_ACTION: Final = _go_action(
    ".$(",
    _GO_WORDS + "|define|template|include|toyaml|tojson|printf|tpl|default|quote|required"
    "|nindent|indent|not|and|or|eq|ne|block|partial|partialcached|len|where|first|after"
    "|safehtml|markdownify|relurl|absurl",
)


# A field a page shows of the objects templates are given: Shopify's and Zendesk's theme
# settings (`{{ settings.color_primary }}`), the request a Django, HubL or Liquid page reads
# its path and user from (`{{ request.user.username }}`), MkDocs' `config.site_name`. Names
# only, none a secret's nor a way out (`settings.secret_key`, `request.environ`, `request.
# application`, `_self.env`), no call, no subscript, no dunder: a probe dumps or traverses
# them (`{{ config.items() }}`, `{{ request.__class__ }}`).
_PLAIN_FIELD: Final = (
    r"(?<![\w.$])(?:config|request|self|settings)(?:\.(?![a-z0-9_]*(?:secret|key|passw|token"
    r"|credential|auth|environ|application|database|dsn|private|server))"
    r"[a-z](?:[a-z0-9]|_(?!_)){0,40}){1,6}(?![\w.(\[])"
)
# Such a field shown whole, through filters of no call (Liquid's `| image_url: width: 300`,
# Jinja's `|escape`), or tested by a Handlebars block (`{{#if settings.show_brand_name}}`).
_PLAIN_ACTION: Final = re.compile(
    r"\{\{-?\s*(?:[#^](?:if|unless|with|each)\s+)?"
    + _PLAIN_FIELD
    + r"\s*(?:\|(?:[^{}()\[\]_]|_(?!_)){0,120})?-?\}\}"
)


# The statements of a template of several lines (Jinja's, Django's, Twig's, Liquid's: a
# theme, an email's or a notification's template, a page about templating): control over
# names, blocks, inheritance, the tags of the engine's own library. Blanked (the same
# length), they leave its expressions to be read. Not what a probe sends: a statement that
# imports, includes a path, dumps the context, prints, or reaches into Python (`__`), nor
# one in a value of a line or two (`{% if True %}49{% endif %}`).
# Velocity's assignment of a field of the template's data (Marketo's email scripts, Jira's
# and Confluence's templates: `#set($name = $lead.FirstName)`) or, in a template of
# several lines, of a string; not what its payload assigns: arithmetic (`#set($a=7*7)`), a
# class reached for (`$x.class.forName(…)`), a call. (A lone `#set( $foo = "bar" )` is
# Velocity's own example, which probes send.)
_VELOCITY_FIELD: Final = r"\$!?\{?[a-z]\w{0,40}(?:\.(?!(?:get)?class\b)[a-z]\w{0,40}){0,5}\}?"
_VELOCITY_FIELD_SET: Final = r"#set\s*\(\s*\$[a-z]\w{0,40}\s*=\s*" + _VELOCITY_FIELD + r"\s*\)"
_VELOCITY_SET: Final = (
    r"#set\s*\(\s*\$[a-z]\w{0,40}\s*=\s*(?:"
    + _VELOCITY_FIELD
    + r"|\"[^\"$#(){}]{0,80}\"|'[^'$#(){}]{0,80}')\s*\)"
)
# ERB's condition over a field of the template's data (an email's `<% if @order.shipped?
# %>`, Rails' `<% if flash[:notice] %>`), a loop over one, and their alternatives and ends:
# not its probe's literals (`<% if true %>`) nor a call.
_ERB_FIELD_STATEMENT: Final = (
    r"<%-?\s*(?:(?:if|unless|elsif)\s+(?!(?:true|false|nil)\b)@?[a-z]\w{0,40}"
    r"(?:\[:[a-z]\w{0,40}\])?(?:\.[a-z]\w{0,40}[?!]?){0,5}"
    r"|for\s+[a-z]\w{0,40}\s+in\s+@?[a-z]\w{0,40}(?:\.[a-z]\w{0,40}){0,5}|else|end)\s*-?%>"
)
_PLAIN_STATEMENT: Final = re.compile(
    r"\{%-?\s*(?:(?:end)?(?:if|unless|for|block|macro|filter|with|case|capture|comment|raw"
    r"|tablerow|paginate|form|schema|spaceless|autoescape|verbatim|blocktrans)|elif|elsif"
    r"|else|empty|when|assign|set|extends|layout|render|section|cycle|increment|decrement"
    r"|break|continue|trans|url|static|csrf_token|now|firstof|load|include)"
    r"\b(?:[^%{}_]|_(?!_)){0,160}-?%\}"
    # FreeMarker's (an email theme's `<#if user.vip>`, `<#list items as item>`).
    r"|<#(?:if|elseif|else|list|items|sep|switch|case|default|break|compress)\b"
    r"(?:[^<>%{}_]|_(?!_)){0,160}>|</#(?:if|list|items|sep|switch|compress)>"
    r"|" + _VELOCITY_SET + r"|" + _ERB_FIELD_STATEMENT
)
_UNPLAIN: Final = re.compile(
    r"\b(?:import|debug|print|system|popen|eval|exec|subprocess|os|globals|getattr|attr"
    r"|lipsum|cycler|joiner|namespace)\b|\.\."
    # The objects templates are given, but a field of them (`{% if settings.show_logo %}`).
    r"|\b(?!" + _PLAIN_FIELD + r")(?:config|request|self|settings)\b"
    # A template loaded by an absolute path; not a parameter's (Jekyll's `{% include
    # figure.html src="/a.png" %}`).
    r"|\b(?:include|extends|layout|render|section)\s+['\"]?\s*/"
)


# In a value of a line or two (a text message's or a notification's template: "Hi {{
# customer.first_name }}, {% if order.shipped %}…{% endif %}"), a condition or a loop
# over a field of the template's data, which no probe needs: it tests the engine with
# literals (`{% if True %}`, `range(10)`). So is one over a name of it alone (`{% for user
# in users %}`, `{% if user %}`). Its closing and alternative tags with it.
_FIELD_STATEMENT: Final = re.compile(
    r"\{%-?\s*(?:(?:if|unless|elsif|elif|for)\s(?:[^%{}()\[\]_.]|_(?!_)){0,80}"
    r"\b[a-z](?:[a-z0-9]|_(?!_)){0,40}\.[a-z](?:[^%{}()\[\]_]|_(?!_)){0,80}"
    r"|(?:if|unless|elsif|elif|for\s+[a-z](?:[a-z0-9]|_(?!_)){0,40}\s+in)\s+"
    r"(?!(?:true|false|none|nil|null|range)\b)[a-z](?:[a-z0-9]|_(?!_)){0,40}"
    r"|end(?:if|unless|for)|else)\s*-?%\}"
    # FreeMarker's: `<#if user.vip>`, `<#list order.items as item>`, `</#if>`, and its
    # tests of a field's presence, `<#if user??>`, `<#if name?has_content>`.
    r"|<#(?:if|elseif)\s(?:[^<>{}()\[\]_.]|_(?!_)){0,80}\b[a-z](?:[a-z0-9]|_(?!_)){0,40}\."
    r"[a-z](?:[^<>{}()\[\]_]|_(?!_)){0,80}>|<#list\s+[a-z]\w{0,40}(?:\.[a-z]\w{0,40})*\s+as"
    r"\s+[a-z]\w{0,40}\s*>|</#(?:if|list)>|<#else>"
    r"|<#(?:if|elseif)\s+[a-z]\w{0,40}(?:\.[a-z]\w{0,40})*(?:\?\?|\?has_content)\s*>"
    r"|" + _VELOCITY_FIELD_SET + r"|" + _ERB_FIELD_STATEMENT
)


def _plain_blanked(statement: re.Match[str]) -> str:
    text = statement.group()
    return text if _UNPLAIN.search(text) else " " * len(text)


def _tool_formats_blanked(lower: str) -> str:
    """`lower` with the Go actions of each tool's template argument (`_GO_FORMAT`) blanked."""
    return _GO_FORMAT.sub(
        lambda argument: _GO_ACTION.sub(blanked, argument.group()),
        lower,
    )


# A string's words in a template's action name no object: a translation's key, a message,
# a named template (`{{ $t('settings.save') }}`, Helm's `{{ include "config.labels" . }}` and
# `{{- fail "config.api.token is empty" }}`). One that spells a dunder still counts
# (`|attr("__class__")`), and so does an action too long to be read here.
_ACTION: Final = re.compile(r"\{\{[^{}]{0,300}\}\}")
# (Each string read whole, escapes and all, from where the action opens: `'a\'' ~ x ~ ''`
# is two strings, not one between them.)
_ACTION_STRING: Final = re.compile(r"""(["'])(?:\\.|(?!\1)[^\\\n{}]){0,200}\1""")


def _strings_blanked(lower: str) -> str:
    """`lower` with the words of its actions' strings (`_ACTION_STRING`) blanked, their
    quotes kept: those of no dunder nor escape (`'\\x5f\\x5fclass\\x5f\\x5f'`)."""

    def words_blanked(string: re.Match[str]) -> str:
        text = string.group()
        if "__" in text or "\\" in text:
            return text
        return text[0] + " " * (len(text) - 2) + text[0]

    return _ACTION.sub(lambda action: _ACTION_STRING.sub(words_blanked, action.group()), lower)


def confirm(view: View) -> Match | None:
    lower = view.lower
    found = _RULES.search(lower, view.tokens())
    if found is not None and found.rule.id in (5002, 5003) and "{{" in lower:
        # Read from here on without the actions' strings and plain fields (the same length).
        fields = _PLAIN_ACTION.sub(blanked, _strings_blanked(lower))
        if fields != lower:
            lower = fields
            found = _RULES.search(lower, view.tokens(lower, TYPE))
    if found is not None and found.rule.id == 5002 and view.prose and not _DELIMITER.search(lower):
        return _UNTRAVERSED.search(lower, view.tokens())
    if (
        found is not None
        and found.rule.id == 5002
        and view.document
        and ("__import__" in lower or "__subclasses__" in lower)
        and PYTHON_SOURCE.search(lower)
    ):
        # Only the names change: a template expression still matches.
        uncalled = _OWN_CALL.sub("__\\1_\x01", lower)
        return _RULES.search(uncalled, view.tokens(uncalled, TYPE))
    if found is not None and found.rule.id == 5007 and _GO_FORMAT.search(lower):
        formats = _tool_formats_blanked(lower)
        return _RULES.search(formats, view.tokens(formats, TYPE))
    if found is not None and found.rule.id == 5007 and _CHART_OBJECT.search(lower):
        chart = _CHART_ACTION.sub(blanked, lower)
        return _RULES.search(chart, view.tokens(chart, TYPE))
    if found is not None and found.rule.id == 5007:
        fields = _GO_ACTION.sub(blanked, lower)
        if (
            len(_WORD.findall(_MARKUP.sub(" ", fields))) >= _SENTENCE_WORDS
            or _MUSTACHE_SECTION.search(lower) is not None
        ):
            # A message's template, written around the fields it shows: "Hello {{.Name}},
            # you have {{.Count}} messages"; or Mustache's, whose `{{.}}` is the item of the
            # list a section goes through: `{{#items}}<li>{{.}}</li>{{/items}}`.
            return _RULES.search(fields, view.tokens(fields, TYPE))
    if found is not None and found.rule.id == 5003:
        if several_lines(lower):
            template = _PLAIN_STATEMENT.sub(_plain_blanked, lower)
        else:
            template = _FIELD_STATEMENT.sub(_plain_blanked, lower)
        if template != lower:
            return _RULES.search(template, view.tokens(template, TYPE))
    return found
