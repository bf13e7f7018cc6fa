"""The detection engine: pure and synchronous — request in, hits out.

For each point of the request, every decoded layer of its value is routed by the signature
automaton to the detectors that may apply, and each of those confirms or rejects it.
Everything costly (automaton, compiled patterns) is built once in `Engine()`. A work cap
bounds each scan: past it the engine stops and reports an `overlimit` hit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from time import perf_counter
from types import ModuleType
from typing import Final

from node.decoders import (
    DELTA_MIN,
    base64_decode,
    generated_secret,
    hex_decode,
    layers,
    random_token,
)
from node.detectors import MODULES, nosqli, session, ssrf, vpatch
from node.points import Limits, Memo, extract, path_segment, plain_name
from node.rules import (
    RANGES,
    View,
    compile_parts,
    is_document,
    searched_segments,
    several_lines,
)
from node.signatures import Signatures
from node.types import AttackType, Hit, Request

FRAGMENT_CHARS: Final = 80
VERDICT_CACHE: Final = 16384
CACHED_CHARS: Final = 256
MAX_HITS: Final = 32
# Texts routed and confirmed at a time: a request of more is read in batches, so that one
# that reaches `MAX_HITS` early is neither decoded nor routed past them (2,048 values of
# punctuation are an attack by their 300th).
BATCH_TEXTS: Final = 512

# Where request parameters live: their names are what a client chose to send.
_ARGUMENTS: Final = ("query.", "post.")
# The position of a value in a JSON array: `post.json.352.status`.
_INDEX: Final = re.compile(r"\.\d+(?=\.|$)")
# A line of an application's own source in an error report's stack frame (Sentry's
# `context_line`, `pre_context`, `post_context`, which Elastic APM's frames have too;
# Rollbar's `code` and `context`; Bugsnag's `code`, by line number): code the reporting
# application ran, which the report's receiver stores and shows as text, and none runs.
_FRAME_SOURCE: Final = re.compile(
    r"\.frames\.\d+\.(?:context_line|(?:pre|post)_context\.\d+|code|context\.(?:pre|post)\.\d+)$"
    r"|\.stacktrace\.\d+\.(?:code\.\d+|context_line|(?:pre|post)_context\.\d+)$"
)
# A HAR file's recorded response body: a page a server sent a browser, its scripts
# included, recorded for a tool or a support ticket to show. The requests it records are
# values as any are.
_HAR_RESPONSE: Final = re.compile(r"\.log\.entries\.\d+\.response\.content\.text$")
_INDEXLESS: Final = Memo[str, str](4096)
# What a trace or an error report records of an operation its application ran, by the
# operation's kind (Sentry's span `op` and breadcrumb `type` or `category`, the keys of an
# OpenTelemetry span's attributes): a query's statement is SQL the application sent its
# own database, a client call's URL one it fetched, a subprocess's description the command
# it ran, a language model's call the conversation it had (Sentry's `gen_ai.chat`, the
# `gen_ai.` and `llm.` attributes of OpenTelemetry's and OpenInference's spans, a run of
# LangSmith's by its `run_type`, a generation of Langfuse's by its event's `type`): a coding
# assistant's prompts and answers, made of commands, queries, paths and templates. The
# receiver stores and shows them: those classes are what the record is about. The field a
# value is in names its subject too (a Zipkin span's tag `sql.query`, an Elastic APM span's
# context `db.statement`, a Sentry span's data, an OpenTelemetry attribute's key), and a
# field naming the peer an operation reached (`server.address`, `net.peer.name`,
# `destination.address`) holds the address of a service the application called; a
# database's record holds its address too (`db.connection_string`), and a process's its
# command line (OpenTelemetry's `process.command_line`, `process.executable.path`), in a
# span or in the resource a batch of spans or logs comes from (`_RESOURCE`). XSS found in
# one counts (a description's would run in its console), and so does any other class in a
# record of another kind.
_BUT_XSS: Final = frozenset(
    kind for kind in AttackType if kind not in (AttackType.XSS, AttackType.OVERLIMIT)
)
_CALLED: Final = frozenset((AttackType.SSRF, AttackType.REDIR))
_RAN: Final = (
    (
        re.compile(
            r"(?:gen_ai|ai|llm|generation|chain|tool|retriever|embedding|prompt|parser)(?:[.-]|$)"
        ),
        _BUT_XSS,
    ),
    (
        re.compile(r"(?:db|query|sql)(?:\.|$)"),
        frozenset((AttackType.SQLI, AttackType.NOSQLI, AttackType.SSRF)),
    ),
    (re.compile(r"(?:http|httplib|net\.http|fetch|xhr|url)(?:\.|$)"), _CALLED),
    (
        re.compile(
            r"(?:subprocess|process\.(?:command(?:_line|_args)?|executable\.(?:path|name)))(?:\.|$)"
        ),
        frozenset((AttackType.RCE,)),
    ),
)
_RAN_TYPES: Final = frozenset(kind for _, kinds in _RAN for kind in kinds)
_PEER: Final = re.compile(r"(?:net|network|server|peer|destination)\.")
# A field naming the request a server span received (OpenTelemetry's `http.target`,
# `url.path`, `url.query`, `user_agent.original`; Zipkin's `http.path`), or the URL a client
# span called: a traced service records every request, attacks on it among them, as a log
# does. XSS and Log4Shell count there, as in a log.
_REQUEST_FIELD: Final = re.compile(
    r"(?:http\.(?:target|url|path|route|user_agent|request\.header\.)"
    r"|url\.(?:full|path|query|original)|user_agent\.original)"
)
# Where a record keeps its fields by name: Zipkin's tags, Elastic APM's context, Sentry's
# span data.
_FIELD_MAPS: Final = (".tags.", ".context.", ".data.")
# A record of one: an element of an event's breadcrumbs, or an object with a trace's or a
# span's id (a span of Sentry's, OpenTelemetry's, Zipkin's; a run of LangSmith's in its batches'
# `post` and `patch`, an observation of Langfuse's in its ingestion's `batch`).
_BREADCRUMB: Final = re.compile(r"\.breadcrumbs(?:\.values)?\.\d+$")
# The resource an OpenTelemetry batch's spans, logs or metrics come from: the process that
# made them, described by its attributes.
_RESOURCE: Final = re.compile(r"\.resource(?:Spans|Logs|Metrics)\.\d+\.resource$")
_SPAN_IDS: Final = (".trace_id", ".traceId", ".span_id", ".spanId")
_KIND_FIELDS: Final = (".op", ".type", ".subtype", ".category", ".run_type")
_RUN_BATCHES: Final = ("post.json.batch.", "post.json.post.", "post.json.patch.")
# A workload's program: in a Kubernetes object (a document with an `apiVersion` and a
# `kind`: a Pod, a Deployment, a CronJob, Argo's Workflow, Tekton's Task; or an Argo
# workflow by its `spec.entrypoint`, as Argo's UI lints one without them), a container's
# `command` and `args`, a probe's or a hook's `exec.command`, a step's script. The
# platform runs them, by design, for whoever may create the object: commands, the paths
# they read and the URLs they call are what they are made of. Any other class counts.
_PROGRAM: Final = re.compile(
    r"\.(?:(?:containers|initContainers|ephemeralContainers|sidecars|steps)(?:\.\d+)?"
    r"|container|script|exec)\.(?:command|args|script|source)(?:\.\d+)?$"
)
# A container's program as the other platforms that run containers take it, by the image
# beside it: ECS's task definition (`containerDefinitions[].command`, `entryPoint`,
# `healthCheck.command`; Terraform's plan and state hold them as a JSON string,
# `container_definitions`, and a CloudFormation template names them in Pascal case,
# `ContainerDefinitions[].Command` beside its `Image`, in a body or CreateStack's
# `TemplateBody`), Compose's service (`services.web.command`, `healthcheck.test`, in JSON
# or YAML, a body or an uploaded `docker-compose.yml`, as Portainer takes a stack), and
# Docker's engine creating a container (`Cmd`, `Entrypoint`, `Healthcheck.Test`):
# `["CMD-SHELL", "curl -f http://localhost/ || exit 1"]` is the check it runs in it; or
# running a command in one (an exec's `Cmd`), also through Portainer's proxy of it.
_CONTAINER_PROGRAM: Final = re.compile(
    r"(?P<container>post\.json(?:\.[^.]+){0,4}?\.containerDefinitions\.\d+"
    r"|post\.json(?:\.[^.]+){0,8}?\.container_definitions\.json\.\d+"
    r"|post\.(?:json|form)(?:\.[^.]+){0,8}?\.ContainerDefinitions\.\d+"
    r"|post(?:\.multipart\.[^.]+)?\.(?:json|yaml)\.services\.[^.]+)"
    r"\.(?:command|entryPoint|entrypoint|healthCheck\.command|healthcheck\.test"
    r"|Command|EntryPoint|HealthCheck\.Command)(?:\.\d+)?"
    r"|(?P<engine>post\.json)\.(?:Cmd|Entrypoint|Healthcheck\.Test)(?:\.\d+)?"
)
_DOCKER_ENGINE: Final = r"(?:/api/endpoints/\d+/docker)?(?:/v[\d.]+)?/containers/"
_CONTAINER_CREATED: Final = re.compile(_DOCKER_ENGINE + r"create")
_CONTAINER_EXEC: Final = re.compile(_DOCKER_ENGINE + r"[\w.-]+/exec")
# A command an operations platform is given to run, by design, for whoever may ask it:
# AWS Systems Manager's SendCommand of a shell document (`Parameters.commands`), Salt's
# `cmd.run` through its API (`arg` beside `fun`), Rundeck's job steps and ad hoc
# commands, a Nomad task's command and arguments beside its driver, an Azure container
# group's command beside its image, and a workflow's node that runs a command (n8n's
# Execute Command, Node-RED's exec, by the node's `type`), an MCP server's tool that runs
# a command (`tools/call` of a tool named for it, `_COMMAND_TOOL_WORDS`: Desktop
# Commander's `start_process`, `execute_command`, `run_in_terminal`, `Bash`), the commands
# a platform builds and starts an application with, named so (Coolify's `build_command`,
# `start_command`, `pre_deployment_command`; Vercel's and Render's `buildCommand`,
# `installCommand`, `startCommand`; Netlify's `build_settings.cmd`), and a CI/CD
# variable of GitLab's project or group, which its pipelines' jobs run as they read it;
# and, apart, a pod's command to Kubernetes' API (`_POD_EXEC`).
_OPS_COMMAND: Final = re.compile(
    r"(?P<node>post\.json(?:\.[^.]+)*?\.\d+)\.(?:parameters\.)?command"
    r"|(?P<ssm>post\.json\.Parameters\.commands)(?:\.\d+)?"
    r"|(?P<salt>post\.json(?:\.\d+)?)\.arg(?:\.\d+)?"
    r"|post\.json(?:\.\d+)?\.sequence\.commands\.\d+\.(?:exec|script)"
    r"|(?P<adhoc>post\.json\.exec)"
    r"|(?P<nomad>post\.json\.Job\.TaskGroups\.\d+\.Tasks\.\d+)\.Config\.(?:command|args)"
    r"(?:\.\d+)?"
    r"|(?P<aci>post\.json\.properties\.containers\.\d+\.properties)\.command(?:\.\d+)?"
    r"|(?P<mcp>post\.json(?:\.\d+)?)\.params\.arguments\.(?:command|cmd|command_line|script)"
    r"(?:\.\d+)?"
    r"|post\.json(?:\.[^.]+)*\.(?:(?:build|install|start|dev|pre_?deploy(?:ment)?"
    r"|post_?deploy(?:ment)?|release)_?[Cc]ommand|build_settings\.cmd)"
    r"|(?P<civariable>post\.json\.value)"
)
# GitLab's CI/CD variables of a project, a group or the instance.
_CI_VARIABLES: Final = re.compile(
    r"/api/v4/(?:(?:projects|groups)/[^/]+|admin/ci)/variables(?:/[^/]+)?"
)
# The words of an MCP tool's name (`_TOOL_NAME_WORDS`, snake or camel case) that say it runs
# a command.
_COMMAND_TOOL_WORDS: Final = frozenset(
    ("shell", "bash", "terminal", "command", "cmd", "exec", "execute", "process")
)
_TOOL_NAME_WORDS: Final = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_SHELL_DOCUMENTS: Final = frozenset(("AWS-RunShellScript", "AWS-RunPowerShellScript"))
_COMMAND_NODES: Final = frozenset(("n8n-nodes-base.executeCommand", "exec"))
_SALT_COMMANDS: Final = frozenset(("cmd.run", "cmd.shell", "cmd.run_all", "cmd.script"))
_NOMAD_DRIVERS: Final = frozenset(("exec", "raw_exec", "docker", "podman"))
_RUNDECK_AD_HOC: Final = re.compile(r"/api/\d+/project/[^/]+/run/(?:command|script)")
# Kubernetes' API running a command in a pod (`kubectl exec`, Rancher's shell, under its
# proxy's prefix): each `command` parameter is a word of it.
_POD_EXEC: Final = re.compile(r"/api/v1/namespaces/[^/]+/pods/[^/]+/exec$")
# A CI pipeline's jobs, in JSON or YAML, a body or an uploaded file: GitLab's `script`,
# `before_script` and `after_script` (a job of a `stage` or an `image`, or of a file of
# `stages`) and GitHub Actions' `run` steps (a job that `runs-on` a runner). The runner
# runs them, as a platform runs a container's command, for whoever may push the file.
_PIPELINE: Final = re.compile(
    r"(?P<document>post(?:\.multipart\.[^.]+)?\.(?:json|yaml))"
    r"\.(?:(?P<job>[^.]+)\.(?:script|before_script|after_script)"
    r"|jobs\.(?P<action>[^.]+)\.steps(?:\.\d+)?\.run)(?:\.\d+)?"
)
# A machine's first boot, beside the image it boots: EC2's `UserData` (RunInstances' form,
# a launch template's JSON), OpenStack's `user_data` beside `imageRef`, Terraform's plan of
# an instance's `user_data` beside its `ami`, and Compute Engine's `startup-script` in an
# instance's metadata. cloud-init runs the script (`curl -fsSL https://get.docker.com | sh`)
# as root when the machine starts, as the platform runs a container's command. A
# CloudFormation template's is in its intrinsic functions (`UserData: {Fn::Base64:
# {Fn::Sub: …}}`, or `Fn::Join`'s lines).
_BOOT_SCRIPT: Final = re.compile(
    r"(post\.(?:form|json)(?:\.[^.]+)*?)\.(?:UserData|user_data|userData)"
    r"(?:\.Fn::Base64)?(?:\.Fn::Sub(?:\.0)?|\.Fn::Join\.1\.\d+)?"
)
_BOOT_IMAGE_KEYS: Final = (".ImageId", ".imageId", ".imageRef", ".ami", ".image", ".image_id")
_METADATA_ITEM: Final = re.compile(r"(post\.json\.metadata\.items\.\d+)\.value")
_BOOT_METADATA_KEYS: Final = frozenset(
    ("startup-script", "user-data", "windows-startup-script-ps1", "windows-startup-script-cmd")
)
# A cloud-config document itself (`#cloud-config` its first line), sent as YAML or
# uploaded (Proxmox's snippets, MAAS): cloud-init runs its `runcmd` and `bootcmd`.
_CLOUD_CONFIG: Final = re.compile(r"(post(?:\.multipart\.[^.]+)?)\.yaml\.(?:runcmd|bootcmd)")
# Ansible's commands: a play's tasks (of a document with `hosts`) that run one through a
# command module, an ad hoc command AWX is asked to run (`module_name: shell` beside its
# `module_args`), and the extra variables a job template of AWX's (or the Ansible
# Automation Platform's controller) is launched or saved with, which its playbooks put in
# their tasks (`restart_cmd: systemctl restart nginx`). Ansible runs them on the hosts,
# for whoever may run a play.
_PLAY_TASK: Final = re.compile(
    r"(post(?:\.multipart\.[^.]+)?\.(?:json|yaml))(?:\.\d+)?"
    r"\.(?:pre_tasks|tasks|post_tasks|handlers)(?:\.\d+)?(?:\.(?:block|rescue|always)(?:\.\d+)?)?"
    r"\.(?:ansible\.builtin\.|ansible\.windows\.)?(?:shell|command|raw|script|win_shell"
    r"|win_command)(?:\.(?:cmd|argv))?(?:\.\d+)?"
)
# A Feathers service's query (and its kin's), told by the parameters the framework keeps
# for itself (`$limit`, `$skip`, `$sort`, `$select`): a field's condition in its name is
# the API's language (`price[$gt]=10`, `email[$in][]=…`), as under Strapi's `filters`. Not
# a credential's, nor code (`password[$ne]=`, `$where`): `nosqli.filter_keys` decides.
_QUERY_SERVICE_KEYS: Final = ("query.$limit", "query.$skip", "query.$sort", "query.$select")
_AWX_TEMPLATE: Final = re.compile(
    r"/api/(?:controller/)?v2/(?:workflow_)?job_templates/\d+/(?:launch/)?"
)
# A Jenkins job's configuration, posted to `/createItem` or to the job's `config.xml` (in
# its folders), as Jenkins Job Builder and Job DSL keep jobs: the commands its build steps
# run (a shell's, a batch file's, PowerShell's) and its pipeline's script (a Pipeline
# job's Groovy, whose element is named `script`), which Jenkins runs on its agents by
# design, for whoever may configure the job.
_JENKINS_CONFIG: Final = re.compile(r"(?:^|/)(?:createItem|(?:job/[^/]+/)+config\.xml)$")
_JENKINS_PROGRAM: Final = re.compile(
    r"post\.xml(?:\.[^.]+)+?\.(?:hudson\.tasks\.(?:Shell|BatchFile)"
    r"|hudson\.plugins\.powershell\.PowerShell)\.command"
    r"|post\.xml\.flow-definition\.definition\.script"
)
_COMMAND_MODULES: Final = frozenset(
    (
        *("shell", "command", "raw", "script", "win_shell", "win_command"),
        *("ansible.builtin.shell", "ansible.builtin.command", "ansible.builtin.raw"),
        *("ansible.builtin.script", "ansible.windows.win_shell", "ansible.windows.win_command"),
    )
)
# A Maven project's model (a POM `mvn deploy` puts to a repository, a part of Nexus'
# upload, a file committed in a JSON field), told by the model version Maven requires:
# its build climbs its tree (`<relativePath>../pom.xml`), packs files (`${project.build.
# outputDirectory}/META-INF/MANIFEST.MF`), names Java's packages and has its plugins run
# commands, as a build does for whoever may publish. Any other class counts: a
# repository's pages show its name and its description.
# (Its elements' points name their last few elements only: `post.xml.build.plugins.…`.)
_MAVEN_MODEL: Final = re.compile(r"(post(?:\..+?)?\.xml)\.")
_MAVEN_MODEL_VERSION: Final = "4.0.0"
# A plugin's configuration in one, which no repository shows: gmavenplus' `<scripts><script>`
# holds Groovy, not a page's script. A Log4Shell lookup counts there too: a repository
# written in Java may log what it is sent.
_PLUGIN_CONFIGURATION: Final = ".configuration."
# (A YAML body's sequences are read without their items' numbers: `….containers.args`.)
# Its text whole holds them too: what a hit there quotes of one is that program's.
_YAML_OBJECT: Final = ("post.yaml.apiVersion", "post.yaml.kind")
_PROGRAM_TYPES: Final = frozenset((AttackType.RCE, AttackType.PTRAV, AttackType.SSRF))
# A snippet in a language it declares (a snippet API's `{"language": "bash", "code": …}`,
# Pastebin's `api_paste_format`, GitLab's `file_name` or its files' `file_path`): a
# script, a Dockerfile, a Makefile or a query stored and shown whole, as a code host
# keeps a file. What a shell's program is made of (commands, the paths they read, the
# URLs they call) and a query's SQL are what such a snippet is; any other class counts.
# So is a mail's attachment, named and in base64, as the sending APIs take it: SendGrid's
# and Resend's `filename` and `content`, Mandrill's and Brevo's `name`, Postmark's `Name`
# and `Content`, Microsoft Graph's `contentBytes`, SparkPost's `data`, Mailjet's
# `Filename` and `Base64Content`.
_SNIPPET_TEXTS: Final = (
    *(".code", ".content", ".source", ".snippet", ".script", ".api_paste_code"),
    *(".Content", ".contentBytes", ".data", ".Base64Content"),
)
_SNIPPET_LANGUAGE_KEYS: Final = (".language", ".lang", ".syntax", ".api_paste_format")
_SNIPPET_NAME_KEYS: Final = (
    *(".file_name", ".filename", ".Filename", ".name", ".Name"),
    ".file_path",  # GitLab's snippet's files, by their path in it
)
_SHELL_LANGUAGES: Final = frozenset(
    (
        *("bash", "sh", "shell", "zsh", "fish", "ksh", "console", "shell-session"),
        *("powershell", "pwsh", "ps1", "bat", "batch", "cmd", "dos"),
        *("dockerfile", "docker", "makefile", "make"),
    )
)
_SQL_LANGUAGES: Final = frozenset(
    ("sql", "mysql", "postgresql", "postgres", "pgsql", "plpgsql", "plsql", "tsql", "sqlite")
)
_SHELL_FILE: Final = re.compile(
    r"[\w.-]*\.(?:sh|bash|zsh|ps1|bat|cmd)|(?:[\w.-]+\.)?(?:dockerfile|makefile)(?:\.[\w-]+)?",
    re.I,
)
_SQL_FILE: Final = re.compile(r"[\w.-]*\.sql", re.I)
# A Kubernetes ConfigMap's or Secret's files, each under its file's name (`data`, and a
# Secret's `stringData`; in JSON or YAML, or in a JSON document a string holds, as
# `kubectl apply`'s annotation of the object does): a script mounted into a pod, an init
# script of a database's, by the name it is mounted as.
_CONFIG_FILE: Final = re.compile(
    r"(?P<document>post\.(?:yaml|json|.+\.json))\.(?:data|stringData)\.(?P<name>[\w.-]+)"
)
_CONFIG_KINDS: Final = frozenset(("ConfigMap", "Secret"))
# The rules of code execution a snippet in another language is made of, by the names
# snippet APIs give the language (and the extensions of its files): JavaScript's (Node.js'
# modules and constructors, an anonymous function, a prototype set), Python's, Ruby's and
# Perl's, PHP's, and the JVM languages'; the calls PHP's rule names (`exec(`, `system(`,
# `eval(`) are the scripting languages' own too, and theirs (`system('…')`) PHP's. A
# command in a string of it still counts.
_LANGUAGE_RULES: Final = {
    language: rules
    for languages, rules in (
        (
            "javascript js typescript ts node nodejs jsx tsx mjs cjs",
            frozenset((3005, 3010, 3030, 3034)),
        ),
        ("python py python3 ruby rb perl pl", frozenset((3005, 3011))),
        ("php", frozenset((3005, 3011, 3020, 3032, 3033))),
        ("java kotlin kt groovy scala", frozenset((3008, 3023, 3029, 3031))),
    )
    for language in languages.split()
}
# A patch of one (`kubectl apply` to an object that exists sends a strategic merge patch,
# `kubectl patch` a merge patch) names none: the path names the object, which the body
# is a part of (`/apis/batch/v1/namespaces/default/cronjobs/backup`).
_OBJECT_PATH: Final = re.compile(
    r"/(?:api/v1|apis/[\w.-]+/[\w.-]+)/(?:namespaces/[\w.-]+/)?[a-z][a-z0-9.-]*/[\w.:-]+"
    r"(?:/(?:status|scale|ephemeralcontainers|resize))?"
)
# What a log shipper sends a log store: each record's line and its fields (a file's
# path, a request's URL, a process's command line), which the store keeps and a console
# shows. Logs record everything that happened, attacks on other servers among them (an
# access log's `GET /../../etc/passwd`, a database's rejected statement, a CRON line):
# they are what a record is about. XSS counts, as the console shows it, and so does a
# Log4Shell lookup, which a Java store's own logging may read. A record is
# OpenTelemetry's (a log record of a batch's `resourceLogs`, a metric's data points with
# their attributes: a client's `server.address`, an old server's `http.target`), Loki's
# (a stream's labels and lines, pushed to `/loki/api/v1/push`), a log's document in
# Elasticsearch's bulk request (`/_bulk`, a time beside its fields), an event of
# Splunk's HTTP Event Collector (`/services/collector`, its raw lines), an error
# tracker's (`_REPORT_INTAKE`), a CI job's log (`_JOB_TRACE`), Kubernetes' audit events
# (`_AUDIT_EVENT`), Datadog's (`/api/v2/logs`, with its `ddsource` or `ddtags`) or
# GELF's (`/gelf`, a `version` and a `short_message`).
_OTLP_RECORD: Final = re.compile(
    r"post\.json\.(?:resourceLogs\.\d+\.scopeLogs\.\d+\.logRecords"
    r"|resourceMetrics\.\d+\.scopeMetrics\.\d+\.metrics)\.\d+\."
)
_LOKI_RECORD: Final = re.compile(r"post\.json\.streams\.\d+\.(?:values\.\d+\.[12]\b|stream\.)")
_BULK_PATH: Final = re.compile(r"(?:/[^/]+)?/_bulk")
# A bulk request indexes any documents: those of a log have a time (Beats', Logstash's,
# Fluent Bit's `@timestamp`; Vector's `timestamp` beside a `message`).
_LOGGED_DOCUMENT: Final = ((".@timestamp",), (".timestamp", ".message"))
_HEC_PATH: Final = re.compile(r"/services/collector(?:/event|/raw)?(?:/1\.0)?")
_HEC_RECORD: Final = re.compile(r"post\.json(?:\.\d+)?\.(?:event|fields)\b")
_JSON_RECORD: Final = re.compile(r"post\.json(?:\.\d+)?(?=\.)")
# Datadog's intake and GELF's input, by their paths and their records' own fields.
_LOG_INTAKES: Final = (
    (re.compile(r"(?:/api/v2/logs|/v1/input(?:/[\w-]+)?)"), ((".ddsource",), (".ddtags",))),
    (re.compile(r"/gelf"), ((".short_message", ".version"),)),
)
# An error tracker's intake: Sentry's (GlitchTip's) store and envelope, Elastic APM's
# events. An error an attack caused reports the attack: the request that came in, the
# database's complaint about its SQL, the frame's variables that held it. A forgery still
# counts: a tracker fetches the scripts a report's frames name, for their source maps.
_REPORT_INTAKE: Final = re.compile(r"/api/\d+/(?:store|envelope)/?|/intake/v2(?:/rum)?/events")
# Sentry's key, which every report sent to its intake carries, in a header or the query.
_SENTRY_KEYS: Final = ("header.X-SENTRY-AUTH", "query.sentry_key")
# The request an error report records the application received: its URL, headers and
# environment (Sentry's `request`, Honeybadger's `cgi_data`).
_RECEIVED_REQUEST: Final = re.compile(
    r"\.request\.(?:url|headers|env|cgi_data|query_string)(?:\.|$)"
)
# The other error trackers' intakes, by their paths and the key each report carries:
# Rollbar's items, Honeybadger's notices, Airbrake's (and Errbit's) notices. (Not Bugsnag's,
# whose notify endpoint is a host's root: a key sent to any application's `/` would set
# its body aside.)
_TRACKER_INTAKES: Final = (
    (re.compile(r"/api/1/item/?"), ("header.X-ROLLBAR-ACCESS-TOKEN", "post.json.access_token")),
    (re.compile(r"/v1/notices/?"), ("header.X-API-KEY",)),
    (re.compile(r"/api/v3/projects/\d+/notices"), ("query.key", "header.AUTHORIZATION")),
)
# A CI job's log as a GitLab runner appends it to its job (`PATCH /api/v4/jobs/…/trace`):
# every command the job ran, as the runner's shell echoed it. (With the job's token.)
_JOB_TRACE: Final = re.compile(r"/api/v4/jobs/\d+/trace")
# Kubernetes' audit events, as an audit webhook receives them (an `EventList` of
# `audit.k8s.io`): the request each records, `kubectl exec`'s command in its URI among them.
_AUDIT_EVENT: Final = re.compile(
    r"post\.json\.items\.\d+\.(?:requestURI|userAgent|objectRef|requestObject|responseObject)\b"
)
_LOG4SHELL: Final = 3009


def _recorded(hit: Hit) -> bool:
    """Whether `hit` is of a class a record of what happened holds, not one it suffers:
    any but XSS, which a console shows, and a Log4Shell lookup, which a Java store's own
    logging may read."""
    return hit.type in _BUT_XSS and hit.rule != _LOG4SHELL


# A rich-text editor's code: in a document (ProseMirror's and TipTap's, Atlassian's ADF as
# Jira's and Confluence's APIs take it, Contentful's, Lexical's, Slack's rich text) a code
# block's text and a text marked as code; a code block of a list of blocks (Notion's, with
# its language; Draft.js's, Editor.js's and Sanity's, with their keys). The editor renders
# it as text in `<pre>`, as Markdown's fenced blocks are examples shown, and what a code
# block holds is what pages about commands, queries and markup are made of. The document
# is stored and rendered whole; any other text of it is scanned as any value is.
_CODE_TEXTS: Final = (".text", ".value", ".content", ".code", ".plain_text")
_KIND_KEYS: Final = (".type", ".nodeType", "._type")
_CODE_NODES: Final = frozenset(
    ("codeBlock", "code_block", "code-block", "code", "rich_text_preformatted")
)
_DOCUMENTS: Final = frozenset(("doc", "document", "root", "rich_text"))
_LONGEST_CODE_NODE: Final = max(len(kind) for kind in _CODE_NODES)
_BLOCK_KEYS: Final = (".key", "._key", ".id", ".code.language")
# A file uploaded in a multipart body (a part with a file name) is stored, served or
# imported, not run: the commands, SQL, paths and URLs its text holds are what a script, a
# dump, a configuration or a page of documentation says. Its text whole (`….text`, and
# the end of a long upload that the body's tail starts in, `….@preamble`) counts for what
# a stored file does: markup and script a browser runs (XSS), entities a parser expands
# (XXE), SSI, templates, a formula a spreadsheet runs, a serialized object, a Log4Shell
# lookup, PHP's configuration (`auto_prepend_file=`), a command an image converter runs
# (Ghostscript's `%pipe%`, ImageTragick's `url(…"|id")`), and all of it where the text holds
# code a web server runs (a PHP or JSP tag: `GIF89a;<?php system(…)`) or is no document
# (two lines at most: a value sent as a file). Its fields (a CSV's cells, a JSON
# document's values), which an import reads one by one, count as any value does.
_FILE_TEXTS: Final = (".text", ".@preamble")
_INERT_IN_FILES: Final = frozenset(
    (
        *(AttackType.SQLI, AttackType.NOSQLI, AttackType.LDAPI, AttackType.PTRAV),
        *(AttackType.SSRF, AttackType.CRLF, AttackType.MAIL_INJECTION, AttackType.REDIR),
        *(AttackType.SESSION_FIXATION, AttackType.SCANNER, AttackType.RCE),
    )
)
_FILE_BORNE: Final = frozenset((3006, 3007, 3009, 3015, 3019, 3028, 3033, 3040))
# ...and so is markup in a program's source file uploaded (named for its language, and not
# declared markup): a string of it that holds a tag (`<script src=…>` in the page a
# Worker's handler renders) is the program's, served or run as the program is. Markup is
# an HTML or an SVG file's.
_SOURCE_FILE: Final = re.compile(
    r"\.(?:[cm]?js|jsx|[cm]?ts|tsx|py|rb|go|rs|java|kt|scala|cs|swift|c|h|cc|cpp|hpp|lua|pl"
    r"|pm|dart|exs?|groovy|sh|ps1)$",
    re.IGNORECASE,
)
_DECLARED_MARKUP: Final = ("html", "svg", "xml")
_SERVER_CODE: Final = re.compile(r"<\?(?!xml)|<%|<jsp:|\brunat\s*=", re.IGNORECASE)
# So is an object an object store is given whole as the body (`post.text`, and a long
# one's `post.tail`): S3's PutObject and UploadPart (MinIO, Ceph, R2; signed with SigV4,
# whose header names the payload's hash, or by a presigned URL's query), Azure's Put Blob
# (its blob's type), and a file put through Nextcloud's or ownCloud's WebDAV with its time
# of change (`X-OC-Mtime`, which their web, desktop and mobile clients send). The key in
# the path of an object put names the file stored: a dump's,
# a log's, a hidden file's name is no probe there (`_KEYED_FILES`); a fetch of it is read
# as any other (a header is no proof of a signature).
_OBJECT_STORES: Final = (
    "header.X-AMZ-CONTENT-SHA256",
    "query.X-Amz-Signature",
    "header.X-MS-BLOB-TYPE",
    "header.X-OC-MTIME",
)
_OBJECT_TEXTS: Final = ("post.text", "post.tail")
# A user's files as Nextcloud and ownCloud serve them over WebDAV (their web, desktop and
# mobile clients sync a home folder so: its `.config/`, `.ssh/id_rsa`, `backups/db.sql`,
# `logs/error.log`): there a hidden file's, a backup's, a log's or a system file's name is
# the user's file, fetched, listed or stored by any method. Under no other path is it one;
# a climb out of the folder counts there as anywhere.
_DAV_FILES: Final = re.compile(
    r"/(?:remote|public)\.php/(?:dav/(?:files|uploads|trashbin|versions)/[^/]+/|webdav/)"
)
_DAV_RULES: Final = frozenset((4002, 4004, 4005))
_DAV_DESTINATION: Final = "header.DESTINATION"  # where WebDAV's MOVE and COPY put a file
# So is a file a code host's API is given to commit (`content`, base64 or text): GitHub's,
# Gitea's and Forgejo's contents and blobs (a GitHub Enterprise's under `/api/v3`), a
# gist's files, GitLab's repository files, a commit's actions and a CI configuration it is
# asked to lint, Hugging Face Hub's commit of a model's, a dataset's or a Space's files (its
# lines of JSON, a file's `value.content` in base64); and a Compose file Portainer is
# given to deploy as a stack. A workflow's `run:` steps, a Compose file's `command:`, a
# Makefile's recipes are what such files are made of.
_FILE_APIS: Final = re.compile(
    r"/(?:repos/[^/]+/[^/]+/(?:contents(?:/.*)?|git/blobs)|gists(?:/\w+)?"
    r"|(?:projects/[^/]+/)?(?:repository/(?:files/.+|commits)|ci/lint)"
    r"|stacks(?:/create/\w+/string|/\d+)"
    r"|api/(?:models/|datasets/|spaces/)?[^/]+/[^/]+/commit/[^/]+)$"
)
_FILE_API_TEXTS: Final = re.compile(
    r"post\.json\.(?:(?:(?:files\..+|actions\.\d+|\d+\.value)\.)?content|[Ss]tackFileContent)"
)
_BACKUP_RULE: Final = 4004
_KEYED_FILES: Final = frozenset((_BACKUP_RULE, 4005))
# A file's record in a JSON body, which names its media type or its digest (its size, a
# number, is no point): an attachment of a ticket's, an issue's or a message's in a
# webhook (Zendesk's, Jira's, Slack's), a file listed. Its name and links (`db_export.sql`,
# `…/site-backup.zip`) are what it describes, not a backup asked for (rule 4004); a field
# asking for one has none.
_FILE_FACTS: Final = (
    *(".content_type", ".contentType", ".ContentType", ".mime_type", ".mimeType", ".mimetype"),
    *(".checksum", ".md5", ".sha1", ".sha256"),
)
_MEDIA_TYPE: Final = re.compile(r"[a-z]+/[\w.+-]+")
_RECORD_REACH: Final = 3  # levels above a hit's point its file's record may be
# GitHub's webhooks record what ran and what was reviewed: a workflow job's steps are
# named after the commands they ran where the workflow gives them no name ("Run npm ci &&
# npm test", which a self-hosted runners' controller receives for every job), and a review
# comment carries the diff it was left on (`diff_hunk`: code, shown as code). Each is the
# class of what it records (the steps' commands, the diff's every class but XSS), where
# the event names itself in `X-GitHub-Event` (Gitea and Forgejo send it too). A push lists
# the repository's files each commit added, changed and removed (`migrations/0003_drop.sql`,
# `.env.example`): paths of the repository, not files asked of the receiver (GitLab's push
# hook, `X-Gitlab-Event: Push Hook`, lists them so too). Git keeps no `..` in a path: a
# climb there is a forged push's, for a receiver that reads the files it lists.
_PUSHED_FILES: Final = (
    re.compile(r"post\.json\.(?:commits\.\d+|head_commit)\.(?:added|modified|removed)\.\d+"),
    frozenset((AttackType.PTRAV,)),
)
_PUSH_EVENTS: Final = ("push", "Push Hook")
_GITHUB_RECORDS: Final = {
    "workflow_job": (re.compile(r"post\.json\.workflow_job\.steps\.\d+\.name"), _PROGRAM_TYPES),
    "pull_request_review_comment": (re.compile(r"post\.json\.comment\.diff_hunk"), _BUT_XSS),
    **dict.fromkeys(_PUSH_EVENTS, _PUSHED_FILES),
}
_EVENT_HEADERS: Final = ("header.X-GITHUB-EVENT", "header.X-GITLAB-EVENT")
_RECORDED_PREFIXES: Final = (
    "post.json.workflow_job.",
    "post.json.comment.",
    "post.json.commits.",
    "post.json.head_commit.",
)
# A package's manifest (npm's `package.json`, as `npm publish` sends it to a registry under
# `versions`, saved whole or uploaded as a file) names the commands its scripts run
# (`"build": "rm -rf dist && tsc"`): a manifest has a name and a version or dependencies
# beside `scripts`.
_SCRIPTS: Final = ".scripts."
# An image's configuration, as `docker push` uploads it to a registry (a blob of JSON whose
# `rootfs` is of `layers`): the command it runs, its entry point, its health check and
# its history's `created_by`, the Dockerfile's lines it was built by (`/bin/sh -c apt-get
# update && rm -rf /var/lib/apt/lists/*`).
_IMAGE_COMMANDS: Final = re.compile(
    r"post\.json\.(?:(?:container_)?config\.(?:Cmd|Entrypoint|Shell|OnBuild|Healthcheck\.Test)"
    r"\.\d+|history\.\d+\.created_by)"
)
_IMAGE_LAYERS: Final = "post.json.rootfs.type"
# A Model Context Protocol client (JSON-RPC over HTTP, `POST /mcp`) names a server's
# resources by URI, a file's as `file:///…` (`resources/read`, `resources/subscribe`), and
# tells the server its roots so (`roots/list`'s result): the server's own scheme, not a
# URL to be fetched for a client. A sensitive path in it still counts (traversal), and so
# does any other scheme, and `file:` anywhere else.
_MCP_RESOURCE_METHODS: Final = frozenset(
    ("resources/read", "resources/subscribe", "resources/unsubscribe")
)
_MCP_ROOT: Final = re.compile(r"post\.json\.result\.roots\.\d+\.uri")
# An OpenAPI document (a spec pushed to a portal or a registry) lists the servers its API
# is served at, a developer's own among them: springdoc writes `http://localhost:8080` in
# every spec it generates. A server's URL is the document's subject, not one to fetch (a
# cloud's metadata service still counts).
_API_SERVER: Final = re.compile(r"post\.json\.servers\.\d+\.url")
# So are the requests a Postman collection is made of (saved or synced whole, bare or as
# its API takes it, under `collection`): a developer's server, `http://localhost:3000`,
# in their URLs and variables, told by the collection format's schema. Only in a request
# of its items (in their folders) and in a variable's value: an application's own
# `item` given a schema beside it is none.
_COLLECTION_PART: Final = re.compile(
    r"(post\.json(?:\.collection)?)\.(?:item(?:\.\d+\.item)*\.\d+\.request\.|variable\.\d+\.value$)"
)
_COLLECTION_SCHEMA: Final = "https://schema.getpostman.com/json/collection/"
# An API's description, posted whole to a portal, a registry or a gateway's admin API
# (OpenAPI's, Swagger's, AsyncAPI's, by their version beside a title; a Google discovery
# document, by its kind), a body or a file uploaded: documentation. Its descriptions
# show filters and queries (`name = "x" AND (type = "A" OR …)`, "WHERE id > @msg_id") and
# commands (`ROLE=$(curl -H Metadata-Flavor:Google http://metadata…`), and its names are
# operations' (`CREATE_FUNCTION`, `POWERSHELL`, a schema `IpConfig`): no SQL or command
# injection in its sections (its paths, components, schemas, a discovery document's
# resources and methods; its own and its tags' descriptions), no address or path to fetch
# in their prose. Not the rest of the body: a version and a title added to an
# application's own JSON would set its fields aside. An address or a file a `$ref` names
# is what an importer fetches; what a portal renders (markup) counts.
_API_ROOT: Final = re.compile(r"post(?:\.multipart\.[^.]+)?\.(?:json|yaml)")
_API_SECTION: Final = re.compile(
    r"\.(?:paths|components|definitions|parameters|responses|webhooks|channels|schemas"
    r"|resources|methods|tags\.\d+\.description|info\.(?:description|summary))(?:\.|$)"
)
_API_VERSIONS: Final = ("openapi", "swagger", "asyncapi")
_DISCOVERY_KIND: Final = "discovery#restDescription"
_API_PROSE: Final = re.compile(
    r"\.(?:description|summary|title|enumDescriptions(?:\.\d+)?|examples?(?:\.[^.]+)*)$"
)
# So is the cluster an Argo CD application deploys to (`spec.destination.server`, an
# ApplicationSet's template's too): the cluster's own API, `https://kubernetes.default.svc`,
# in every application its UI creates in the cluster it runs in.
_DESTINATION: Final = re.compile(r"post\.json\.spec(?:\.template\.spec)?\.destination\.server")
_ARGO_API: Final = "argoproj.io/"
# (Argo CD's own API takes one with no `apiVersion` too, as its CLI sends it.)
_ARGO_APPLICATIONS: Final = re.compile(r"/api/v1/application(?:set)?s(?:/[\w.-]+)?$")
# So are a SAML message's addresses (`SAMLRequest`, `SAMLResponse`, in a query or a form,
# and all that is decoded from it): an AuthnRequest's `AssertionConsumerServiceURL` and
# `Issuer` name the service provider, `http://localhost:8080/saml/acs` a developer's, to
# which the browser is sent back; an assertion's `Address` is the address the user signed
# in from. Neither party fetches them.
_SAML_MESSAGE: Final = re.compile(r"(?:query|post\.form)\.SAML(?:Request|Response)(?:\.|$)")
# A browser's report of what its Content Security Policy blocked quotes the script: a
# report's `script-sample` (`report-uri`, `application/csp-report`), a Reporting API
# report's `body.sample` when its type is `csp-violation` (`report-to`). A browser quotes
# the first 40 characters (Firefox adds an ellipsis), and script is what they are made of:
# `eval(`, the Function constructor, the document's cookie and location, `&&`. Its markup
# counts, as a dashboard shows the report, and so do SQL and every other class, and a
# longer sample, which no browser sends.
_LEGACY_SAMPLE: Final = "post.json.csp-report.script-sample"
_REPORT_SAMPLE: Final = ".body.sample"
_SAMPLE_CHARS: Final = 40
_SCRIPT_TYPES: Final = frozenset((AttackType.RCE, AttackType.SESSION_FIXATION))
_SCRIPT_RULES: Final = frozenset((2006, 2007, 2009, 2010, 2012))  # XSS in script, no markup


# Hex digits that spell a serialized object's stream: Java's anywhere (AC ED 00 05), and at
# the start .NET BinaryFormatter's header and a pickle's of protocol 4 or 5 (its frame).
_JAVA_STREAM_HEX: Final = "aced0005"
_STREAM_HEADS_HEX: Final = ("0001000000ffffffff", "800495", "800595")


def _serialized_hex(value: str) -> bool:
    """Whether the hex digits of `value` spell a serialized object's stream (Java's
    anywhere, `_STREAM_HEADS_HEX` at the start), which a digest's do not."""
    lower = value.lower()
    return _JAVA_STREAM_HEX in lower or lower.startswith(_STREAM_HEADS_HEX)


def _digits_spell_text(digits: str) -> bool:
    """Whether a number's digits are hex that spells text. Text whose every byte is written
    with two decimal digits is: `%`, digits and the letters A to I and P to Y of either case,
    so any percent-encoded payload (`%3Bid` is `2533426964`). A number's own bytes are
    seldom text: of a time stamp's, `1700000000`, four are NULs."""
    return len(digits) >= 8 and len(digits) % 2 == 0 and hex_decode(digits) != digits


def opaque(value: str) -> bool:
    """Whether `value` is an identifier or a digest (a session id, a request id, an ETag):
    8 to 128 hex digits of one case, or a UUID. No keyword of any class is made of them but
    `aced0005`, the start of a Java stream. (Read character by character: compiled, the
    regular expression's call cost four times the loop, twice a request.)"""
    size = len(value)
    if size < 8 or size > 128:
        return False
    if size == 36 and value[8] == "-":
        for at in range(36):
            code = ord(value[at])
            if at == 8 or at == 13 or at == 18 or at == 23:  # 8-4-4-4-12 digits
                if code != 45:  # -
                    return False
            elif not (48 <= code <= 57 or 97 <= code <= 102 or 65 <= code <= 70):
                return False
        return True
    lower = upper = False  # a letter of each case met
    for at in range(size):  # (by index: compiled, no string is made of each character)
        code = ord(value[at])
        if 97 <= code <= 102:
            lower = True
        elif 65 <= code <= 70:
            upper = True
        elif not 48 <= code <= 57:
            return False
    return not (lower and upper)


def _indexless(point: str) -> str:
    """`point` with the positions in its JSON arrays left out (`post.json.#.status`), or
    an equal string when it has none: a bulk request repeats its values (a status, a
    country) at every position, and what a value comes to does not depend on which."""
    found = _INDEXLESS.get(point)
    if found is None:
        at = point.find(".json.")
        found = point
        if at >= 0:
            tail = _INDEX.sub(".#", point[at + 5 :])
            if tail != point[at + 5 :]:
                found = point[: at + 5] + tail
        _INDEXLESS.put(point, found)
    return found


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """How much one request may cost: `work_cap` counts characters examined, all layers
    included; `time_limit` bounds the seconds spent (the native node's
    `wallarm_process_time_limit`); `limits` bounds parsing; `decode_chars` is the longest
    value decoded."""

    work_cap: int = 1_000_000
    decode_chars: int = 65536
    time_limit: float = 0.0  # seconds of analysis per request; 0: only the work cap
    limits: Limits = field(default_factory=Limits)
    # The middle of a body parsed only at its head and tail is an overlimit too (the
    # node's `limits.oversize_body: overlimit`).
    report_unparsed: bool = False


def _overlimit(
    hits: dict[tuple[AttackType, str], Hit], point: str, detail: str, encoding: str
) -> None:
    """Record that a limit stopped the scan at `point`."""
    hit = Hit(AttackType.OVERLIMIT, point, RANGES[AttackType.OVERLIMIT], detail, encoding)
    hits[(AttackType.OVERLIMIT, point)] = hit


def _fragment(text: str, start: int, end: int) -> str:
    end = min(max(end, start + 1), start + FRAGMENT_CHARS)
    return _shown(text[start:end])


def _inert_document(text: str) -> bool:
    """Whether a file's `text` is a document (`several_lines`) holding no code a web server
    runs (`_SERVER_CODE`)."""
    return several_lines(text) and _SERVER_CODE.search(text) is None


def _shown(text: str) -> str:
    """`text` with its line breaks and NULs written as escapes, as a hit's fragment is."""
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\x00", "\\0")


def _json_escaped(text: str) -> str:
    """`text` as a JSON string spells it between its quotes (its backslashes, quotes and
    line breaks escaped), as a document encoded in another's string shows it."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return escaped.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def _in_language(language: str, name: str, hit: Hit) -> bool:
    """Whether `hit` is what a snippet in `language`, or in a file named `name`, is made
    of: a shell's program where it is a program's class, SQL where it is SQL injection,
    another language's own code where it is that language's rule (`_LANGUAGE_RULES`)."""
    if hit.type is AttackType.SQLI:
        return language in _SQL_LANGUAGES or _SQL_FILE.fullmatch(name) is not None
    if language in _SHELL_LANGUAGES or _SHELL_FILE.fullmatch(name) is not None:
        return True
    if not language and "." in name:
        language = name.rpartition(".")[2].lower()  # `server.js`: JavaScript
    return hit.rule in _LANGUAGE_RULES.get(language, ())


def _first_present(values: dict[str, str], record: str, names: tuple[str, ...]) -> str:
    """The value of the first of `names` that `record` has among `values`, or ""."""
    return next((values[record + name] for name in names if record + name in values), "")


class _Runs:
    """What a request holds as what runs rather than as input to it: an operation's
    record (`_RAN`), a workload's program (`_PROGRAM`); what it holds only to be shown: an
    editor's code (`_CODE_NODES`), a browser's quote of script it blocked
    (`_LEGACY_SAMPLE`); what it holds to be stored: an uploaded file, or one an API is
    given to commit or deploy (`_FILE_TEXTS`, `_FILE_API_TEXTS`); and what names a
    server's own resource: a Model Context Protocol client's `file:` URI.
    Looked up among its points for a hit inside a span, a breadcrumb, a program field, a
    report's sample, a file's text or a resource's URI, and for a value of a JSON body
    that holds code."""

    def __init__(self, items: list[tuple[str, str]], read_whole: bool) -> None:
        self._items = items
        # Whether every value read again as what it holds was read to its end (the budget
        # of `Points.derived_room` left some room): a string's document is then all in
        # its own points.
        self._read_whole = read_whole
        self._values: dict[str, str] | None = None
        self._code: bool | None = None  # whether a node is code or a mark of it
        self._documents: frozenset[str] | None = None  # strings read as JSON documents

    def _documents_read(self) -> frozenset[str]:
        """The points whose string was read as a JSON document (`point.json.…` below it),
        found in one pass: asked of each hit, a pass over 2,048 values each time was a
        tenth of such a body's scan."""
        found = self._documents
        if found is None:
            points = set()
            for at, _ in self._items:
                index = at.find(".json.")
                while index >= 0:
                    points.add(at[:index])
                    index = at.find(".json.", index + 1)
            found = self._documents = frozenset(points)
        return found

    def _lookup(self) -> dict[str, str]:
        values = self._values
        if values is None:
            values = self._values = dict(self._items)
        return values

    def code_text(self, point: str) -> bool:
        """Whether the text at `point` is a rich-text editor's code (`_CODE_NODES`): a code
        block's in a document or a list of blocks, or one marked as code in a document."""
        if self._code is None:
            # One pass over the request's points, once, for a request with a JSON body.
            # (Asked of each of its values, a tuple's suffixes cost 5 % of a JSON body's
            # scan, compiled.)
            self._code = any(
                len(value) <= _LONGEST_CODE_NODE
                and value in _CODE_NODES
                and (at.endswith(_KIND_KEYS) or ".marks." in at)
                for at, value in self._items
            )
        if not self._code or not point.endswith(_CODE_TEXTS):
            return False
        values = self._lookup()
        node = point[: point.rfind(".")]
        code = any(
            values.get(f"{node}.marks.{index}.type") == "code"
            or values.get(f"{node}.marks.{index}") == "code"
            for index in range(4)
        )
        while node.startswith("post.json"):
            kind = _first_present(values, node, _KIND_KEYS)
            if code and kind in _DOCUMENTS:
                return True
            if not code and kind in _CODE_NODES:
                if any(node + key in values for key in _BLOCK_KEYS):
                    return True
                code = True
            node = node[: node.rfind(".")]
        return False

    def hold(self, hit: Hit) -> bool:
        """Whether `hit` is of the class such a value is made of: SQL in a query's span, a
        URL in a client call's, a command in a container's or a machine's boot script, a
        manifest's scripts, an image's history or a Maven project's model, `eval(` in a
        quote of script, SQL in a file uploaded or deployed, a dump's name in a file's
        record or a push's files, a script or a query in a snippet in its language or in a
        ConfigMap's file named for it, a command in an operations platform's or an MCP
        tool's, `file:` in a resource's URI, a local server in an API's document, SQL and
        commands in an API's description's sections and addresses in their prose, a SAML
        message's parties or a cluster's own address in an Argo CD application, and what a
        JSON document in a string repeats of a value held so; and any class but XSS and
        Log4Shell in a record of what happened (a log, a span's request, an error report,
        an audit event, a job's log)."""
        point = hit.point
        kind = hit.type
        if (point.endswith(_REPORT_SAMPLE) or point == _LEGACY_SAMPLE) and self._quoted_script(hit):
            return True
        if (
            point.startswith("path")
            and hit.rule in _KEYED_FILES
            and self._object_store()
            and "post.text" in self._lookup()
        ):
            return True  # an object's key as it is put: not a fetch a scanner probes with
        if (
            hit.rule in _DAV_RULES
            and (point.startswith("path") or point == _DAV_DESTINATION)
            and self._dav_file(point)
        ):
            return True  # a user's own file, where Nextcloud keeps it (or moves it to)
        if _FILE_API_TEXTS.fullmatch(point) and self._api_file(hit):
            return True
        if hit.rule == _BACKUP_RULE and point.startswith("post.json.") and self._file_record(point):
            return True
        if (point.endswith(_FILE_TEXTS) and point.startswith("post.multipart")) or (
            point in _OBJECT_TEXTS and self._object_store()
        ):
            if self._stored_file(hit):
                return True
        elif kind is AttackType.SSRF and (
            (point.endswith(".uri") and self._resource_uri(hit)) or self._subject_server(hit)
        ):
            return True
        elif point.startswith(_RECORDED_PREFIXES):
            values = self._lookup()
            event = _first_present(values, "", _EVENT_HEADERS)
            recorded = _GITHUB_RECORDS.get(event)
            if (
                recorded is not None
                and kind in recorded[1]
                and recorded[0].fullmatch(point)
                and not (event in _PUSH_EVENTS and ".." in values.get(point, ""))
            ):
                return True
        if _recorded(hit) and point.startswith("post.") and self._log_record(point, kind):
            return True
        if kind in _PROGRAM_TYPES and point.startswith("post."):
            values = self._lookup()
            if _SCRIPTS in point:
                if self._manifest(point[: point.rfind(_SCRIPTS)]):
                    return True
            elif values.get(_IMAGE_LAYERS) == "layers" and _IMAGE_COMMANDS.fullmatch(point):
                return True
        if point == "post.text" and kind in _PROGRAM_TYPES and self._quotes_a_program(hit):
            return True
        if (
            (kind in _PROGRAM_TYPES or kind is AttackType.SQLI)
            and point.startswith("post.")
            and self._quotes_a_held_value(hit)
        ):
            return True
        if (
            (kind in _PROGRAM_TYPES or kind is AttackType.SQLI)
            and point.startswith("post.")
            and (
                (point.endswith(_SNIPPET_TEXTS) and self._snippet_of(point, hit))
                or self._configured_file(point, hit)
            )
        ):
            return True
        if (
            (kind in _PROGRAM_TYPES or kind is AttackType.SQLI)
            and point.startswith("post.")
            and self._api_documentation(hit)
        ):
            return True
        if kind in _PROGRAM_TYPES and (
            self._container_program(point)
            or self._boot_script(point)
            or self._pipeline(point)
            or self._ansible(point)
            or self._ops_command(point)
            or self._jenkins_program(point)
        ):
            return True
        if kind is AttackType.XSS and point.endswith(".script") and self._jenkins_program(point):
            return True  # a Pipeline job's `<script>` element, its Groovy
        if (
            kind is AttackType.NOSQLI
            and point.startswith("query.")
            and point.endswith(".@key")
            and self._service_query(point)
        ):
            return True
        if (
            (kind in _PROGRAM_TYPES and hit.rule != _LOG4SHELL)
            or (kind is AttackType.XSS and _PLUGIN_CONFIGURATION in point)
        ) and self._maven_model(point):
            return True
        program = kind in _PROGRAM_TYPES and _PROGRAM.search(point) is not None
        if not program and (
            kind not in _RAN_TYPES
            or (
                ".span" not in point
                and ".breadcrumbs." not in point
                and ".tags." not in point
                and ".resource.attributes." not in point
                and not point.startswith(_RUN_BATCHES)
            )
        ):
            return False
        values = self._lookup()
        if program and _OBJECT_PATH.fullmatch(values.get("path", "")):
            return True
        record = point
        while "." in record:
            record = record[: record.rfind(".")]
            if program:
                if (record + ".apiVersion" in values and record + ".kind" in values) or (
                    record + ".spec.entrypoint" in values
                ):
                    return True
            elif (
                _BREADCRUMB.search(record)
                or any(record + name in values for name in _SPAN_IDS)
                or _RESOURCE.search(record)
            ):
                field = self._field(record, point, values)
                if _recorded(hit) and _REQUEST_FIELD.match(field):
                    return True  # a request the span records, as a log would
                return kind in self._kinds(record, values) or kind in self._field_kinds(field)
        return False

    def _container_program(self, point: str) -> bool:
        """Whether `point` is a container's program to a platform that runs containers
        (`_CONTAINER_PROGRAM`): beside the image it runs, or in the body Docker's engine
        is sent to create one or to run a command in one."""
        found = _CONTAINER_PROGRAM.fullmatch(point)
        if found is None:
            return False
        values = self._lookup()
        if found.group("engine"):
            path = values.get("path", "")
            if _CONTAINER_EXEC.fullmatch(path) is not None:
                return True
            created = _CONTAINER_CREATED.fullmatch(path)
            return created is not None and "post.json.Image" in values
        container = found.group("container")
        return any(container + key in values for key in (".image", ".Image", ".build"))

    def _dav_file(self, point: str) -> bool:
        """Whether the request's path, or the URL of a WebDAV move's or copy's
        `Destination` (`point`), is a file of a user's in Nextcloud's or ownCloud's WebDAV
        (`_DAV_FILES`), reached without a climb."""
        target = self._lookup().get(point if point == _DAV_DESTINATION else "path", "")
        path = "".join(target.split("://", 1)[-1].partition("/")[1:])  # a URL's path
        return _DAV_FILES.match(path) is not None and ".." not in path and "%2e" not in path.lower()

    def _ops_command(self, point: str) -> bool:
        """Whether `point` is a command an operations platform is given to run
        (`_OPS_COMMAND`): a shell document's, a shell function's, a job's step, an ad hoc
        command to Rundeck's API, a Nomad task's beside its driver, a container's beside
        its image, a workflow's command node's, an MCP command tool's, a platform's build
        or start command, a GitLab CI/CD variable, a pod's exec's."""
        if point == "query.command":
            return _POD_EXEC.search(self._lookup().get("path", "")) is not None
        found = _OPS_COMMAND.fullmatch(point)
        if found is None:
            return False
        values = self._lookup()
        if found.group("node"):
            return values.get(found.group("node") + ".type", "") in _COMMAND_NODES
        if found.group("ssm"):
            return values.get("post.json.DocumentName", "") in _SHELL_DOCUMENTS
        if found.group("salt"):
            return values.get(found.group("salt") + ".fun", "") in _SALT_COMMANDS
        if found.group("adhoc"):
            return _RUNDECK_AD_HOC.fullmatch(values.get("path", "")) is not None
        if found.group("nomad"):
            return values.get(found.group("nomad") + ".Driver", "") in _NOMAD_DRIVERS
        if found.group("aci"):
            return found.group("aci") + ".image" in values
        if found.group("civariable"):
            return _CI_VARIABLES.fullmatch(values.get("path", "")) is not None
        if found.group("mcp"):
            call = found.group("mcp")
            tool = values.get(call + ".params.name", "")
            return values.get(call + ".method", "") == "tools/call" and any(
                word.lower() in _COMMAND_TOOL_WORDS for word in _TOOL_NAME_WORDS.findall(tool)
            )
        return True  # a Rundeck job's step, a platform's build or start command

    def _pipeline(self, point: str) -> bool:
        """Whether `point` is a CI pipeline's command (`_PIPELINE`): a job's beside its
        stage or image, in a file of stages (GitLab), or a step's in a job run on a
        runner (GitHub Actions)."""
        found = _PIPELINE.fullmatch(point)
        if found is None:
            return False
        values = self._lookup()
        document = found.group("document")
        job = found.group("job")
        marks: tuple[str, ...]
        if job is not None:
            # (A YAML sequence's items are named without their positions, a JSON array's
            # with them; an image or a runner may be a mapping: `image: {name: …}`.)
            marks = (f"{document}.{job}.stage", f"{document}.{job}.image", document + ".stages")
        else:
            marks = (f"{document}.jobs.{found.group('action')}.runs-on",)
        return any(key.startswith(marks) for key in values)

    def _manifest(self, manifest: str) -> bool:
        """Whether `manifest` names a package's manifest: a name, and a version or the
        packages it depends on (an application's own `package.json` is private, with no
        version)."""
        values = self._lookup()
        if manifest + ".name" not in values:
            return False
        if manifest + ".version" in values:
            return True
        depends = (manifest + ".dependencies.", manifest + ".devDependencies.")
        return any(key.startswith(depends) for key in values)

    def _boot_script(self, point: str) -> bool:
        """Whether `point` is a machine's script for its first boot (`_BOOT_SCRIPT`): beside
        the image it boots, or in its metadata under a key cloud-init and Compute Engine's
        agent run (`_BOOT_METADATA_KEYS`)."""
        values = self._lookup()
        found = _BOOT_SCRIPT.fullmatch(point)
        if found is not None:
            machine = found.group(1)
            return any(machine + key in values for key in _BOOT_IMAGE_KEYS)
        item = _METADATA_ITEM.fullmatch(point)
        if item is not None:
            return values.get(item.group(1) + ".key") in _BOOT_METADATA_KEYS
        config = _CLOUD_CONFIG.fullmatch(point)
        if config is None:
            return False
        document = config.group(1)
        text = values.get(document + ".text" if document != "post" else "post.text", "")
        return text.startswith("#cloud-config")

    def _jenkins_program(self, point: str) -> bool:
        """Whether `point` is a build step's command or a pipeline's script in a Jenkins
        job's configuration, posted to where Jenkins takes one (`_JENKINS_PROGRAM`)."""
        if _JENKINS_PROGRAM.fullmatch(point) is None:
            return False
        path = self._lookup().get("path", "")
        return _JENKINS_CONFIG.search(path) is not None

    def _service_query(self, point: str) -> bool:
        """Whether the query parameter named at `point` is a field's condition in a Feathers
        service's query (`_QUERY_SERVICE_KEYS`)."""
        if not any(key.startswith(_QUERY_SERVICE_KEYS) for key in self._lookup()):
            return False
        name = point[len("query.") :]
        return name.find("[") > 0 and nosqli.filter_keys(name)

    def _ansible(self, point: str) -> bool:
        """Whether `point` is a command Ansible runs (`_PLAY_TASK`): a play's task of a
        command module, an ad hoc command's arguments beside such a module, or a job
        template's extra variables (`_AWX_TEMPLATE`)."""
        values = self._lookup()
        if point == "post.json.module_args":
            return values.get("post.json.module_name", "") in _COMMAND_MODULES
        if point.startswith("post.json.extra_vars"):
            return _AWX_TEMPLATE.fullmatch(values.get("path", "")) is not None
        task = _PLAY_TASK.fullmatch(point)
        if task is None:
            return False
        play = task.group(1)
        return any(key.startswith(play) and key.endswith(".hosts") for key in values)

    def _maven_model(self, point: str) -> bool:
        """Whether `point` is in a Maven project's model (`_MAVEN_MODEL`), or is one: an XML
        document whose root `project` gives Maven's model version."""
        found = _MAVEN_MODEL.match(point)
        # (Or the text of one: a file committed in a JSON field, read as text too.)
        document = found.group(1) if found is not None else point + ".xml"
        version = self._lookup().get(document + ".project.modelVersion", "")
        return version.strip() == _MAVEN_MODEL_VERSION

    def _snippet_of(self, point: str, hit: Hit) -> bool:
        """Whether the text at `point` is a snippet in a language it declares that `hit`
        is made of: a shell's where it is a program's class (`_PROGRAM_TYPES`), SQL where
        it is SQL injection, another language's own code where it is that language's rule
        (`_LANGUAGE_RULES`): by the language named beside it or beside the files it is one
        of, or by its file's name."""
        values = self._lookup()
        snippet = point[: point.rfind(".")]
        language = _first_present(values, snippet, _SNIPPET_LANGUAGE_KEYS).lower()
        name = _first_present(values, snippet, _SNIPPET_NAME_KEYS).rpartition("/")[2]
        files = snippet.rfind(".files.")
        if not language and not name and files > 0 and snippet[files + 7 :].isdigit():
            # A file of a program's files, the language named once for them all (Piston's
            # `{"language": "bash", "files": [{"content": …}]}`).
            language = _first_present(values, snippet[:files], _SNIPPET_LANGUAGE_KEYS).lower()
        return _in_language(language, name, hit)

    def _configured_file(self, point: str, hit: Hit) -> bool:
        """Whether `point` is a file of a Kubernetes ConfigMap or Secret (`_CONFIG_FILE`),
        in the language its key names (`entrypoint.sh`, `init.sql`) that `hit` is made of."""
        found = _CONFIG_FILE.fullmatch(point)
        if found is None:
            return False
        values = self._lookup()
        document = found.group("document")
        return (
            values.get(document + ".kind", "") in _CONFIG_KINDS
            and document + ".apiVersion" in values
            and _in_language("", found.group("name"), hit)
        )

    def _quotes_a_held_value(self, hit: Hit) -> bool:
        """Whether `hit`, in a string that is a JSON document of its own, quotes one of the
        document's values that is held as the same class: a Kubernetes object's
        `last-applied-configuration` annotation (what `kubectl apply` sends, and an
        admission webhook is sent) holds the object's containers' commands and its
        ConfigMap's scripts, a Terraform plan an ECS task's container definitions encoded
        so. The document's values were read on their own, each as what it is; the string
        only repeats one of them. Only when every such document was read to its end: the
        string's first hit, held, may stand before what a document cut short left to the
        string alone."""
        inner = hit.point + ".json."
        quoted = hit.fragment.split("\\n", 1)[0]
        if not quoted or not self._read_whole or hit.point not in self._documents_read():
            return False
        return any(
            at.startswith(inner)
            and (quoted in _shown(value) or quoted in _json_escaped(value))
            and self.hold(Hit(hit.type, at, hit.rule, hit.fragment, hit.encoding))
            for at, value in self._items
        )

    def _quotes_a_program(self, hit: Hit) -> bool:
        """Whether `hit`, in a YAML body's text, quotes a program of the Kubernetes object
        the body is (`_YAML_OBJECT`): a container's command or arguments, as its scalar's
        point (`_PROGRAM`) holds them; or of the Compose file, the CI pipeline, the
        cloud-config or the Ansible play it is (`_container_program`, `_pipeline`,
        `_boot_script`, `_ansible`)."""
        values = self._lookup()
        # What it quotes on its line: a fragment goes on to the text's next lines.
        quoted = hit.fragment.split("\\n", 1)[0]
        if not quoted:
            return False
        kubernetes = all(field in values for field in _YAML_OBJECT)
        return any(
            at.startswith("post.yaml.")
            and quoted in _shown(value)
            and (
                (kubernetes and _PROGRAM.search(at) is not None)
                or self._container_program(at)
                or self._pipeline(at)
                or self._boot_script(at)
                or self._ansible(at)
            )
            for at, value in self._items
        )

    def _log_record(self, point: str, kind: AttackType) -> bool:
        """Whether `point` is in a record of what happened where `kind` is no attack on the
        receiver: a log shipper's, an error tracker's, an audit's, a CI job's log."""
        if point.startswith(("post.json.resourceLogs.", "post.json.resourceMetrics.")):
            return _OTLP_RECORD.match(point) is not None
        values = self._lookup()
        if point.startswith("post.json.items.") and _AUDIT_EVENT.match(point):
            return values.get("post.json.apiVersion", "").startswith("audit.k8s.io/")
        path = values.get("path", "")
        if path.endswith("/loki/api/v1/push"):
            return _LOKI_RECORD.match(point) is not None
        if path.startswith("/services/collector") and _HEC_PATH.fullmatch(path):
            return "/raw" in path or _HEC_RECORD.match(point) is not None  # raw: lines alone
        if path.endswith("/trace") and _JOB_TRACE.fullmatch(path):
            return "header.JOB-TOKEN" in values  # the runner's, for its job
        if (
            _REPORT_INTAKE.fullmatch(path)
            and (path.startswith("/intake/") or any(key in values for key in _SENTRY_KEYS))
        ) or any(
            intake.fullmatch(path) and any(key in values for key in keys)
            for intake, keys in _TRACKER_INTAKES
        ):
            # A tracker fetches a script's source by the URL its frame names; the request
            # the application received, a developer's on `localhost`, is only recorded.
            return kind is not AttackType.SSRF or _RECEIVED_REQUEST.search(point) is not None
        if path.endswith("/_bulk") and _BULK_PATH.fullmatch(path):
            return self._has_fields(point, _LOGGED_DOCUMENT)
        return any(
            intake.fullmatch(path) and self._has_fields(point, fields)
            for intake, fields in _LOG_INTAKES
        )

    def _has_fields(self, point: str, choices: tuple[tuple[str, ...], ...]) -> bool:
        """Whether the JSON record `point` is in (the body, or an element of it) has all
        the fields of one of `choices`."""
        record = _JSON_RECORD.match(point)
        values = self._lookup()
        return record is not None and any(
            all(record.group() + field in values for field in fields) for fields in choices
        )

    def _object_store(self) -> bool:
        """Whether the request is an object store's, signed for it (`_OBJECT_STORES`)."""
        values = self._lookup()
        return any(at in values for at in _OBJECT_STORES)

    def _subject_server(self, hit: Hit) -> bool:
        """Whether `hit` is in a server a document names as its subject, a server's URL
        that an OpenAPI document lists (`_API_SERVER`), a Postman collection's requests
        (`_COLLECTION_PART`), the cluster an Argo CD application deploys to
        (`_DESTINATION`) or a party to a SAML message (`_SAML_MESSAGE`), and no cloud's
        metadata service."""
        if hit.rule == ssrf.R_METADATA.id:
            return False
        if _SAML_MESSAGE.match(hit.point):
            return True
        if _API_SERVER.fullmatch(hit.point):
            return self._api_description("post.json")
        values = self._lookup()
        collection = _COLLECTION_PART.match(hit.point)
        if collection is not None:
            schema = values.get(collection.group(1) + ".info.schema", "")
            return schema.startswith(_COLLECTION_SCHEMA)
        if _DESTINATION.fullmatch(hit.point) is None:
            return False
        version = values.get("post.json.apiVersion")
        if version is None:
            return _ARGO_APPLICATIONS.search(values.get("path", "")) is not None
        return version.startswith(_ARGO_API)

    def _api_description(self, document: str) -> bool:
        """Whether `document` (`post.json`, an uploaded file's `….yaml`) is an API's
        description: a version of OpenAPI, Swagger or AsyncAPI beside its title, or a
        Google discovery document's kind."""
        values = self._lookup()
        if values.get(document + ".kind") == _DISCOVERY_KIND:
            return True
        return document + ".info.title" in values and any(
            f"{document}.{key}" in values for key in _API_VERSIONS
        )

    def _api_documentation(self, hit: Hit) -> bool:
        """Whether `hit` is SQL or a command in a section of an API's description
        (`_API_SECTION`), or an address or a path in its prose (`_API_PROSE`)."""
        root = _API_ROOT.match(hit.point)
        if (
            root is None
            or not _API_SECTION.match(hit.point, root.end())
            or not self._api_description(root.group())
        ):
            return False
        if hit.type is AttackType.SQLI or hit.type is AttackType.RCE:
            return True
        return _API_PROSE.search(hit.point) is not None

    def _resource_uri(self, hit: Hit) -> bool:
        """Whether `hit` is a Model Context Protocol client's `file:` URI of a resource."""
        values = self._lookup()
        point = hit.point
        if values.get("post.json.jsonrpc") != "2.0" or not values.get(point, "").startswith(
            "file:"
        ):
            return False
        if point == "post.json.params.uri":
            return values.get("post.json.method") in _MCP_RESOURCE_METHODS
        return _MCP_ROOT.fullmatch(point) is not None

    def _stored_file(self, hit: Hit) -> bool:
        """Whether `hit` is in an uploaded file's or a stored object's text, of what a stored
        file does not do (markup too, in a program's source file)."""
        point = hit.point
        if hit.rule in _FILE_BORNE or (
            hit.type not in _INERT_IN_FILES
            and not (hit.type is AttackType.XSS and self._source_file(point))
        ):
            return False
        values = self._lookup()
        if point.endswith(".@preamble"):
            # The end of the part the body's head closes on: a file when any part is one.
            parts = point[: -len("@preamble")]
            if not any(at.startswith(parts) and at.endswith(".filename") for at in values):
                return False
        elif point not in _OBJECT_TEXTS and point[: -len("text")] + "filename" not in values:
            return False
        # Every text at the point (parts of one name share it): the hit is one of them.
        return all(_inert_document(text) for at, text in self._items if at == point)

    def _source_file(self, point: str) -> bool:
        """Whether the text at `point` is a multipart part's file named as a program's
        source (`_SOURCE_FILE`) and not declared markup."""
        if not point.endswith(".text"):
            return False
        values = self._lookup()
        part = point[: -len("text")]
        declared = values.get(part + "header.CONTENT-TYPE", "").lower()
        return _SOURCE_FILE.search(values.get(part + "filename", "")) is not None and not any(
            markup in declared for markup in _DECLARED_MARKUP
        )

    def _file_record(self, point: str) -> bool:
        """Whether `point` is in a file's record (`_FILE_FACTS`, or the file's content:
        Resend's attachment is a `filename` and its `content`), a few levels up at most."""
        values = self._lookup()
        record = point
        for _ in range(_RECORD_REACH):
            at = record.rfind(".")
            if at < len("post.json"):
                return False  # past the body's own fields
            record = record[:at]
            if (
                any(record + fact in values for fact in _FILE_FACTS)
                or any(record + text in values for text in _SNIPPET_TEXTS)
                or _MEDIA_TYPE.fullmatch(values.get(record + ".type", ""))
            ):
                return True
        return False

    def _api_file(self, hit: Hit) -> bool:
        """Whether `hit` is in a file an API is given to commit or deploy (`_FILE_APIS`), of
        what a stored file does not do."""
        if hit.type not in _INERT_IN_FILES or hit.rule in _FILE_BORNE:
            return False
        values = self._lookup()
        if _FILE_APIS.search(values.get("path", "")) is None:
            return False
        text = values.get(hit.point, "")
        return _inert_document(base64_decode(text) if "base64" in hit.encoding else text)

    def _quoted_script(self, hit: Hit) -> bool:
        """Whether `hit` is script's, in a browser's quote of script its policy blocked."""
        if hit.type not in _SCRIPT_TYPES and hit.rule not in _SCRIPT_RULES:
            return False
        values = self._lookup()
        point = hit.point
        report = point[: -len(_REPORT_SAMPLE)]
        if point != _LEGACY_SAMPLE and values.get(report + ".type") != "csp-violation":
            return False
        sample = values.get(point, "")
        return len(sample) <= _SAMPLE_CHARS or (
            len(sample) == _SAMPLE_CHARS + 1 and sample[-1] == "\u2026"
        )

    @staticmethod
    def _kinds(record: str, values: dict[str, str]) -> frozenset[AttackType]:
        """The classes `record`'s operation holds as its subject, by the words naming its
        kind: its own fields', its attributes' keys, the type of the event it is the body
        of (Langfuse's `generation-create`)."""
        words = [values.get(record + name, "") for name in _KIND_FIELDS]
        if record.endswith(".body"):
            words.append(values.get(record[:-5] + ".type", ""))
        index = 0
        while f"{record}.attributes.{index}.key" in values:
            words.append(values[f"{record}.attributes.{index}.key"])
            index += 1
        for pattern, kinds in _RAN:
            if any(pattern.match(word.lower()) for word in words):
                return kinds
        return frozenset()

    @staticmethod
    def _field(record: str, point: str, values: dict[str, str]) -> str:
        """The name of the field of `record` that `point` is in (lower-case): a tag's, a
        context's or a data's key, an attribute's `key`; empty for any other."""
        field = point[len(record) :]
        attribute = field.find(".", len(".attributes."))
        if field.startswith(".attributes.") and attribute > 0:
            field = values.get(record + field[:attribute] + ".key", "")
        else:
            field = next((field[len(at) :] for at in _FIELD_MAPS if field.startswith(at)), "")
        return field.lower()

    @staticmethod
    def _field_kinds(field: str) -> frozenset[AttackType]:
        """The classes a record's field holds, by its name (`_field`)."""
        if _PEER.match(field):
            return _CALLED
        return next((kinds for pattern, kinds in _RAN if pattern.match(field)), frozenset())


# What one short value at one point came to: the characters its layers cost and its hits.
# Scanning is pure, so the same value at the same point always comes to this.
_Verdict = tuple[int, tuple[Hit, ...]]

# A value's cache key: where it is (its point without array positions) and the value.
# Variable-length in its type so that compiled code keeps it as the one tuple it is: a
# fixed-length tuple is held unpacked, and packed into a new tuple again at every
# dictionary it is looked up in or stored into (five for a value not seen before).
_Key = tuple[str, ...]

# A value being scanned: its point, its cache key (None when too long or cut short), and
# the characters its layers cost.
_Fresh = tuple[str, _Key | None, int]


class _Confirming:
    """A request's texts as they are confirmed, batch after batch (`BATCH_TEXTS`): each
    text names its value (point, text, is_key, encoding, index in `fresh`); `done` texts
    are confirmed, `found` holds the hits of the value being confirmed (`current`)."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str, bool, str, int]] = []
        self.fresh: list[_Fresh] = []
        self.done = 0
        self.found: dict[AttackType, Hit] = {}
        self.current = 0
        self.complete = True  # False once a limit stops the scan inside a value
        self.stopped = False  # True once a limit stops the scan
        # Whether the value a layer was decoded from is a document, when it is long (None
        # for a short one): a layer of a long document holds the lines decoding changed
        # (`DELTA_MIN`), which are lines of that document, judged as its other lines are.
        self.whole_document: bool | None = None
        self.deadline = -1.0  # set when the first batch is confirmed; 0: no time limit
        # The path's segments after a search's own (`searched_segments`): terms looked up.
        self.searched: frozenset[str] = frozenset()


class Engine:
    def __init__(self, settings: EngineSettings | None = None) -> None:
        self.settings = settings or EngineSettings()
        self.signatures = Signatures(MODULES)
        compile_parts()
        # Traffic repeats its values (agents, cookies, claims, enum fields): a short value
        # seen at the same point before is not decoded nor scanned again. Two generations
        # bound the memory: when the recent one is full it becomes the older one, and the
        # older one is dropped; a value found in the older one comes back to the recent.
        self._recent: dict[_Key, _Verdict] = {}
        self._older: dict[_Key, _Verdict] = {}

    def scan(self, request: Request) -> list[Hit]:
        """Every attack found in `request`: at most one hit per attack type and point."""
        settings = self.settings
        cap = settings.work_cap
        spent = 0  # characters examined, all layers included
        hits: dict[tuple[AttackType, str], Hit] = {}
        # Every decoded layer of every value not seen before, collected and then routed by
        # the keyword stage in one call for a batch of them (`_Confirming`).
        state = _Confirming()
        texts, fresh = state.texts, state.fresh
        # Parameters named like a session cookie: session fixation is decided on those
        # names and the request's headers, not on any one value.
        session_names: list[tuple[str, str]] = []
        recent = self._recent
        # Values already being scanned in this request, and what their layers cost: the
        # same value at the same point again (2,000 identical parameters) is scanned once.
        pending: dict[_Key, int] = {}
        # The other positions of an array where a value being scanned was met again: they
        # get its hits, named for them, when it is settled.
        copies: dict[_Key, list[str]] = {}
        points = extract(request, settings.limits, session.NAMES)
        runs = _Runs(points.items, points.derived_room > 0)
        if points.items and points.items[0][0] == "path":
            state.searched = searched_segments(points.items[0][1])
        if points.cut:
            # What a limit left unparsed may hold an attack: the policy decides on it.
            _overlimit(hits, points.cut_at, points.cut, "plain")
        if (points.unparsed or points.unparsed_head) and settings.report_unparsed:
            limit = settings.limits.max_body_bytes
            if points.unparsed:
                detail = f"{points.unparsed} characters of the body past the {2 * limit} analysed"
                _overlimit(hits, "post", detail, "plain")
            if points.unparsed_head:
                detail = (
                    f"{points.unparsed_head} characters of the target and headers past the"
                    f" {2 * limit} analysed"
                )
                _overlimit(hits, "request", detail, "plain")
        if points.uninflated and settings.report_unparsed:
            detail = f"a body inflated past {points.uninflated} bytes, the rest unread"
            _overlimit(hits, "post", detail, "plain")
        if points.undecoded and settings.report_unparsed:
            detail = f"a body in content coding {points.undecoded}, which the node does not undo"
            _overlimit(hits, "post", detail, "plain")
        for point, value in points.items:  # the list itself: no iterator object
            if not value or (
                len(value) <= 64
                and value.isdigit()
                and value.isascii()
                and not _digits_spell_text(value)
            ):
                continue  # a plain number cannot carry an attack in any class
            if (".frames." in point or ".stacktrace." in point) and _FRAME_SOURCE.search(point):
                continue  # a stack frame's line of source, shown, not run
            if point.endswith(".response.content.text") and _HAR_RESPONSE.search(point):
                continue  # a response a HAR file recorded
            if point.startswith("post.json.") and runs.code_text(point):
                continue  # an editor's code block, shown as text
            is_key = point.endswith(".@key")
            if is_key and value.lower() in session.NAMES:
                if point.startswith(_ARGUMENTS):
                    session_names.append((point.removesuffix(".@key"), value))
                if plain_name(value):
                    continue  # asked for only to be found here
            cached_at = _indexless(point)
            if point in state.searched:
                cached_at += "?search"  # judged as a term: not what the segment comes to
            key: _Key | None = (cached_at, value) if len(value) <= CACHED_CHARS else None
            # A known value costs what it cost the first time, so that the work cap falls
            # at the same place whatever the cache holds. Its hits are named for where it
            # was: at another position of an array, one with hits is scanned again.
            # (Not `recent.get(key) or …`: compiled, a verdict is held unpacked, and packed
            # into a new tuple to be asked whether it is true.)
            known = recent.get(key) if key is not None else None
            if known is None and key is not None:
                known = self._recall(key)
            reusable = known is not None and (cached_at == point or not known[1])
            if known is not None and reusable and spent + known[0] <= cap:
                spent += known[0]
                for hit in known[1]:
                    if not runs.hold(hit):
                        hits.setdefault((hit.type, hit.point), hit)
                continue
            again = pending.get(key) if key else None
            if again is not None and spent + again <= cap:
                spent += again  # its hits are the first one's, at this same point
                if key is not None and cached_at != point:
                    copies.setdefault(key, []).append(point)
                continue
            if (
                (opaque(value) and not _serialized_hex(value) and hex_decode(value) == value)
                or random_token(value)
                or generated_secret(point, value)
            ):
                # Nor can a hex digest or a UUID, unless it spells a serialized object or
                # text, nor a token of random bytes, nor a password a generator made.
                continue
            chars = 0
            for encoding, text in layers(value, settings.decode_chars):
                chars += len(text)
                if spent + chars > cap:
                    _overlimit(hits, point, f"work cap of {cap} characters reached", encoding)
                    key = None  # cut short: not what this value comes to
                    break
                texts.append((point, text, is_key, encoding, len(fresh)))
            fresh.append((point, key, chars))
            if key is not None:
                pending[key] = chars
            spent += chars
            if len(texts) - state.done >= BATCH_TEXTS:
                self._confirm_texts(state, hits, copies, runs, pending)
                if state.stopped:
                    break
            if spent > cap:
                break
        if not state.stopped:
            self._confirm_texts(state, hits, copies, runs, pending)
        if texts:
            self._settle(fresh[state.current], state.found, hits, state.complete, copies, runs)
        if session_names:
            fixation = session.confirm_request(request, session_names)
            if fixation:
                hits[(fixation.type, fixation.point)] = fixation
        patched = vpatch.confirm_request(request, points.items)
        if patched is not None:
            hits[(patched.type, patched.point)] = patched
        return list(hits.values())

    def _confirm_texts(
        self,
        state: _Confirming,
        hits: dict[tuple[AttackType, str], Hit],
        copies: dict[_Key, list[str]],
        runs: _Runs,
        pending: dict[_Key, int],
    ) -> None:
        """Route the texts of `state` not confirmed yet and confirm each where it is routed,
        settling each value when its texts are done; stop at `MAX_HITS` or the time limit."""
        settings = self.settings
        texts, fresh = state.texts, state.fresh
        first = state.done
        state.done = len(texts)
        lowered = [texts[position][1].lower() for position in range(first, len(texts))]
        if state.deadline < 0:
            state.deadline = perf_counter() + settings.time_limit if settings.time_limit else 0.0
        deadline = state.deadline
        routed = self.signatures.scan_many(lowered)  # one for each text
        # (By position, not `zip`: compiled, its tuples are built, checked and unpacked.)
        for position in range(first, len(texts)):
            point, text, is_key, encoding, index = texts[position]
            lower = lowered[position - first]
            modules, present = routed[position - first]
            if index != state.current:
                settled = fresh[state.current]
                self._settle(settled, state.found, hits, True, copies, runs)
                if settled[1] is not None:
                    # Met again past this batch, it is scanned again for its new point, as a
                    # value remembered from another request is.
                    pending.pop(settled[1], None)
                state.found, state.current = {}, index
            if encoding == "plain":
                state.whole_document = is_document(lower) if len(lower) >= DELTA_MIN else None
            if modules:
                if deadline and perf_counter() > deadline:
                    detail = f"time limit of {settings.time_limit}s reached"
                    _overlimit(hits, point, detail, encoding)
                    state.complete, state.stopped = False, True
                    return
                # The value itself is what was found; a base64 layer decodes to no line of
                # the text.
                whole_document = state.whole_document
                document = (
                    whole_document
                    if encoding == "plain"
                    else (whole_document and "base64" not in encoding) or None
                )
                view = View(
                    text,
                    point,
                    self.signatures.tokens,
                    is_key,
                    present,
                    lower,
                    document,
                    encoding != "plain",
                    encoding.endswith("js"),
                )
                if point in state.searched:
                    view.search = True
                self._confirm(view, modules, encoding, state.found)
                if len(hits) + len(state.found) >= MAX_HITS:
                    state.complete, state.stopped = False, True
                    return

    def _settle(
        self,
        value: _Fresh,
        found: dict[AttackType, Hit],
        hits: dict[tuple[AttackType, str], Hit],
        keep: bool,
        copies: dict[_Key, list[str]],
        runs: _Runs,
    ) -> None:
        """A value is scanned: its hits join the request's, and those of the other array
        positions it was met at (`copies`), but for what runs holds (`_Runs`); if every
        layer of it was scanned (`keep`), what it came to is kept for the next time it is
        seen at this point, wherever that is."""
        point, key, chars = value
        # By the hit's point: one in the whole path is named for its segment, which may be
        # a point of its own too.
        for attack, hit in found.items():
            if not runs.hold(hit):
                hits.setdefault((attack, hit.point), hit)
        if found and key is not None and key in copies:
            for other in copies[key]:
                for attack, hit in found.items():
                    if len(hits) >= MAX_HITS:
                        break
                    if hit.point == point:
                        moved = Hit(attack, other, hit.rule, hit.fragment, hit.encoding)
                        if not runs.hold(moved):
                            hits.setdefault((attack, other), moved)
        if keep and key is not None:
            self._remember(key, (chars, tuple(found.values())))

    def _recall(self, key: _Key) -> _Verdict | None:
        """A verdict from the older generation, brought back to the recent one."""
        known = self._older.get(key)
        if known is not None:
            self._remember(key, known)
        return known

    def _remember(self, key: _Key, verdict: _Verdict) -> None:
        self._recent[key] = verdict
        if len(self._recent) >= VERDICT_CACHE // 2:
            self._older, self._recent = self._recent, {}

    def _confirm(
        self,
        view: View,
        modules: tuple[ModuleType, ...],
        encoding: str,
        found: dict[AttackType, Hit],
    ) -> None:
        point = view.point
        for module in modules:
            attack: AttackType = module.TYPE
            if attack in found:
                continue
            match = module.confirm(view)
            if match is None:
                continue
            found[attack] = Hit(
                attack,
                path_segment(view.text, match.start) if point == "path" else point,
                match.rule.id,
                _fragment(view.text, match.start, match.end),
                encoding,
            )
