{{/*
Shared helpers. Per-service templates pass a context dict:
  (dict "root" $ "name" <service key> "svc" <services.<key> values>)
*/}}

{{- define "carebus.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-based prefix, kept under the 63-character DNS label limit. */}}
{{- define "carebus.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "carebus.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "carebus.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* <fullname>-<service>, e.g. carebus-scheduling; also the Service's DNS name. */}}
{{- define "carebus.componentName" -}}
{{- printf "%s-%s" (include "carebus.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "carebus.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "carebus.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: carebus
{{- end -}}

{{/* Selector labels of one service's pods; never change them (selectors are immutable). */}}
{{- define "carebus.selectorLabels" -}}
app.kubernetes.io/name: {{ include "carebus.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "carebus.labels" -}}
{{ include "carebus.commonLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "carebus.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "carebus.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "carebus.image" -}}
{{- $img := .root.Values.image -}}
{{- $tag := dig "image" "tag" "" .svc | default $img.tag | default .root.Chart.AppVersion -}}
{{- printf "%s/carebus-%s:%s" (trimSuffix "/" $img.registry) .name $tag -}}
{{- end -}}

{{/* Effective autoscaling of a service as YAML (use with fromYaml); `enabled` read with dig so a
per-service `false` wins over a global `true` (merge functions skip false values). */}}
{{- define "carebus.autoscaling" -}}
{{- $hpa := mergeOverwrite (deepCopy .root.Values.autoscaling) (dig "autoscaling" (dict) .svc) -}}
{{- $_ := set $hpa "enabled" (dig "autoscaling" "enabled" .root.Values.autoscaling.enabled .svc) -}}
{{- toYaml $hpa -}}
{{- end -}}

{{/* Replicas the service runs with at least: the HPA minimum when autoscaled. */}}
{{- define "carebus.minReplicas" -}}
{{- $hpa := fromYaml (include "carebus.autoscaling" .) -}}
{{- if $hpa.enabled -}}{{ $hpa.minReplicas | int }}{{- else -}}{{ .svc.replicas | default .root.Values.replicaCount | int }}{{- end -}}
{{- end -}}

{{/* Distinct TCP ports of kafka.brokers (host:port, 9092 when no port), comma-separated. */}}
{{- define "carebus.kafkaPorts" -}}
{{- $ports := list -}}
{{- range .Values.kafka.brokers -}}
{{- $ports = append $ports (regexFind ":[0-9]+$" . | trimPrefix ":" | default "9092") -}}
{{- end -}}
{{- $ports | uniq | join "," -}}
{{- end -}}

{{/* Port of otel.endpoint (explicit, else 443 for https and 80 for http). */}}
{{- define "carebus.otelPort" -}}
{{- $u := urlParse .Values.otel.endpoint -}}
{{- regexFind ":[0-9]+$" $u.host | trimPrefix ":" | default (ternary "443" "80" (eq $u.scheme "https")) -}}
{{- end -}}
