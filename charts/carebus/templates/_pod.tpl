{{/*
Pieces shared by a service's Deployment and its migrations Job. Context: (dict "root" "name" "svc").
*/}}

{{/* The environment contract every service reads (names must match libs/config schemas).
Credentials come only from Secrets; DATABASE_MIGRATION_URL is added by the migrations Job alone
(its context has "migrations" true), which gets no provider settings either. */}}
{{- define "carebus.env" -}}
{{- $v := .root.Values -}}
{{- $db := .svc.database | default dict -}}
{{- if not $v.kafka.brokers }}{{ fail "kafka.brokers must list at least one host:port" }}{{ end -}}
- name: NODE_ENV
  value: production
- name: HTTP_PORT
  value: {{ required (printf "services.%s.port is required" .name) .svc.port | int | quote }}
{{- with .svc.grpcPort }}
- name: GRPC_PORT
  value: {{ . | int | quote }}
{{- end }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "services.%s.database.existingSecret is required" .name) $db.existingSecret }}
      key: {{ $db.urlKey | default "DATABASE_URL" }}
- name: KAFKA_BROKERS
  value: {{ join "," $v.kafka.brokers | quote }}
- name: KAFKA_CLIENT_ID
  value: {{ .svc.kafkaClientId | default (printf "carebus-%s" .name) | quote }}
- name: KAFKA_TOPIC_PARTITIONS
  value: {{ $v.kafka.topics.partitions | int | quote }}
- name: KAFKA_TOPIC_REPLICATION_FACTOR
  value: {{ $v.kafka.topics.replicationFactor | int | quote }}
- name: KAFKA_TOPIC_RETENTION_MS
  value: {{ $v.kafka.topics.retentionMs | int64 | quote }}
- name: AUTH_JWKS_URL
  value: {{ required "auth.jwksUrl is required" $v.auth.jwksUrl | quote }}
- name: AUTH_ISSUER
  value: {{ required "auth.issuer is required" $v.auth.issuer | quote }}
- name: AUTH_AUDIENCE
  value: {{ $v.auth.audience | default "carebus" | quote }}
- name: LOG_LEVEL
  value: {{ .svc.logLevel | default $v.logLevel | default "info" | quote }}
{{- with $v.otel.endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: SHUTDOWN_GRACE_MS
  value: {{ $v.shutdownGraceMs | int | quote }}
{{- if and .svc.providers (not .migrations) }}
{{ include "carebus.providersEnv" . }}
{{- end }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- with .svc.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Pod-level fields common to Deployments and Jobs (indent 6 under `spec.template.spec`). */}}
{{- define "carebus.podCommon" -}}
{{- $v := .root.Values -}}
automountServiceAccountToken: false
securityContext:
  {{- toYaml $v.podSecurityContext | nindent 2 }}
{{- with $v.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: {{ $v.tmpVolume.sizeLimit }}
{{- end -}}

{{/* Container fields common to app and migration containers (indent under the list item). */}}
{{- define "carebus.containerCommon" -}}
image: {{ include "carebus.image" . }}
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
securityContext:
  {{- toYaml .root.Values.containerSecurityContext | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end -}}
