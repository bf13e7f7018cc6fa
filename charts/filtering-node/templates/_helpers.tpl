{{/* The prefix of every name: "next" unless overridden. */}}
{{- define "node.fullname" -}}
{{- default (default "next" .Values.nameOverride) .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "node.name" -}}
{{- default "filtering-node" .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "node.processing" -}}{{ include "node.fullname" . }}-processing{{- end -}}
{{- define "node.aggregation" -}}{{ include "node.fullname" . }}-aggregation{{- end -}}
{{- define "node.redis" -}}{{ include "node.fullname" . }}-redis{{- end -}}

{{- define "node.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "node.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: include "node.selector" (list . "processing") */}}
{{- define "node.selector" -}}
app.kubernetes.io/name: {{ include "node.name" (index . 0) }}
app.kubernetes.io/instance: {{ (index . 0).Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "node.image" -}}
{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}
{{- end -}}

{{- define "node.tokenSecret" -}}
{{- default (printf "%s-api-token" (include "node.fullname" .)) .Values.config.api.existingSecret -}}
{{- end -}}

{{- define "node.tokenKey" -}}
{{- if .Values.config.api.existingSecret }}{{ .Values.config.api.existingSecretKey }}{{ else }}token{{ end -}}
{{- end -}}

{{- define "node.tlsSecret" -}}
{{- if .Values.config.connector.certificate.existingSecret.enabled -}}
{{ .Values.config.connector.certificate.existingSecret.name }}
{{- else -}}
{{ include "node.processing" . }}-tls
{{- end -}}
{{- end -}}

{{/* Checks that cannot be said in values.schema.json, with messages naming the value. */}}
{{- define "node.validate" -}}
{{- if not (or .Values.config.api.token .Values.config.api.existingSecret) -}}
{{- fail "config.api.token is required (or config.api.existingSecret): it guards the aggregation API and console; pass --set config.api.token=<token>" -}}
{{- end -}}
{{- $external := .Values.redis.external -}}
{{- if and (not .Values.redis.enabled) (not (or $external.url $external.urlSecret.name $external.sentinels)) -}}
{{- fail "redis.enabled is false but redis.external sets neither url, urlSecret nor sentinels: aggregation needs a Redis" -}}
{{- end -}}
{{- if and .Values.redis.enabled (or $external.url $external.urlSecret.name $external.sentinels) -}}
{{- fail "redis.enabled is true and redis.external is set: choose one (--set redis.enabled=false to use the external Redis)" -}}
{{- end -}}
{{- $cert := .Values.config.connector.certificate -}}
{{- if and $cert.enabled (not (or $cert.existingSecret.enabled $cert.certManager.enabled)) -}}
{{- fail "config.connector.certificate.enabled needs existingSecret.enabled or certManager.enabled" -}}
{{- end -}}
{{- if and $cert.enabled $cert.existingSecret.enabled (not $cert.existingSecret.name) -}}
{{- fail "config.connector.certificate.existingSecret.name is empty" -}}
{{- end -}}
{{- if and $cert.enabled $cert.certManager.enabled (not $cert.certManager.issuerRef.name) -}}
{{- fail "config.connector.certificate.certManager.issuerRef.name is empty" -}}
{{- end -}}
{{- end -}}

{{/* The node's YAML (the connector-server format the node reads). */}}
{{- define "node.config" -}}
{{- $c := .Values.config.connector -}}
{{- $connector := dict "address" ":18443" "blocking" $c.blocking "allowed_networks" $c.allowed_networks "allowed_hosts" $c.allowed_hosts -}}
{{- if $c.certificate.enabled -}}
{{- $_ := set $connector "tls_cert" "/etc/filtering-node/tls/tls.crt" -}}
{{- $_ := set $connector "tls_key" "/etc/filtering-node/tls/tls.key" -}}
{{- end -}}
{{- $routes := deepCopy (default dict $c.route_config) -}}
{{- if not (hasKey $routes "wallarm_mode") -}}
{{- $_ := set $routes "wallarm_mode" $c.mode -}}
{{- end -}}
{{- $inspector := dict "workers" $c.http_inspector.workers "wallarm_process_time_limit" $c.http_inspector.wallarm_process_time_limit "wallarm_process_time_limit_block" $c.http_inspector.wallarm_process_time_limit_block -}}
{{- if $c.http_inspector.real_ip_header -}}
{{- $_ := set $inspector "real_ip_header" $c.http_inspector.real_ip_header -}}
{{- end -}}
{{- $aggregation := dict "spool_dir" "/var/lib/filtering-node/spool" -}}
{{- if and (not .Values.redis.enabled) .Values.redis.external.sentinels -}}
{{- $_ := set $aggregation "sentinels" .Values.redis.external.sentinels -}}
{{- $_ := set $aggregation "sentinel_master" .Values.redis.external.sentinelMaster -}}
{{- end -}}
{{- $config := dict "version" 4 "mode" "connector-server" "connector" $connector "route_config" $routes "http_inspector" $inspector -}}
{{- $_ := set $config "health_check" (dict "enabled" true "listen_address" ":18080") -}}
{{- $_ := set $config "metrics" (dict "enabled" .Values.processing.metrics.enabled "listen_address" ":9090") -}}
{{- $_ := set $config "log" (dict "level" $c.log_level "pretty" false) -}}
{{- $_ := set $config "aggregation" $aggregation -}}
{{- $_ := set $config "api" (dict "host" .Values.config.api.host "listen_address" ":3313") -}}
{{- if $c.proxy_headers }}{{ $_ := set $config "proxy_headers" $c.proxy_headers }}{{ end -}}
{{- if $c.ip_lists }}{{ $_ := set $config "ip_lists" $c.ip_lists }}{{ end -}}
{{- if $c.limits }}{{ $_ := set $config "limits" $c.limits }}{{ end -}}
{{- if $c.block_response }}{{ $_ := set $config "block_response" $c.block_response }}{{ end -}}
{{- toYaml $config -}}
{{- end -}}

{{/* NODE_REDIS_URL for both tiers (absent with Sentinel: the config file names them). */}}
{{- define "node.redisEnv" -}}
{{- if .Values.redis.enabled }}
- name: NODE_REDIS_URL
  value: {{ printf "redis://%s:6379/0" (include "node.redis" .) | quote }}
{{- else if .Values.redis.external.urlSecret.name }}
- name: NODE_REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.external.urlSecret.name }}
      key: {{ default "url" .Values.redis.external.urlSecret.key }}
{{- else if .Values.redis.external.url }}
- name: NODE_REDIS_URL
  value: {{ .Values.redis.external.url | quote }}
{{- end }}
{{- end -}}
