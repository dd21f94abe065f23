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
{{- if not .migrations }}
{{ include "carebus.kafkaSecurityEnv" . }}
{{- end }}
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
{{- if and .svc.keyVault (not .migrations) }}
{{ include "carebus.keyVaultEnv" . }}
{{- end }}
{{- if and .svc.nationalIdKeys (not .migrations) }}
{{ include "carebus.nationalIdKeysEnv" . }}
{{- end }}
{{- if and .svc.sealedFieldKeys (not .migrations) }}
{{ include "carebus.sealedFieldKeysEnv" . }}
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
  {{- if and (not .migrations) $v.kafka.tls.enabled $v.kafka.tls.caSecret }}
  - name: kafka-ca
    secret:
      secretName: {{ $v.kafka.tls.caSecret }}
      items:
        - key: {{ $v.kafka.tls.caKey | default "ca.crt" }}
          path: ca.crt
  {{- end }}
  {{- with (and (not .migrations) (dig "grpcTls" "secretName" "" .svc)) }}
  - name: grpc-tls
    secret:
      secretName: {{ . }}
  {{- end }}
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
  {{- if and (not .migrations) .root.Values.kafka.tls.enabled .root.Values.kafka.tls.caSecret }}
  - name: kafka-ca
    mountPath: /etc/carebus/kafka-ca
    readOnly: true
  {{- end }}
  {{- if and (not .migrations) (dig "grpcTls" "secretName" "" .svc) }}
  - name: grpc-tls
    mountPath: /etc/carebus/grpc-tls
    readOnly: true
  {{- end }}
{{- end -}}

{{/* Kafka TLS (the CA from a Secret, mounted) and the service's SCRAM login (its Strimzi KafkaUser:
the user name, and the password from the Secret the User Operator writes). Services refuse to
start in production without both (exit 78). */}}
{{- define "carebus.kafkaSecurityEnv" -}}
{{- $k := .root.Values.kafka -}}
{{- $user := dig "kafkaUser" dict .svc -}}
{{- $name := $user.name | default .name -}}
- name: KAFKA_TLS
  value: {{ $k.tls.enabled | quote }}
{{- if and $k.tls.enabled $k.tls.caSecret }}
- name: KAFKA_TLS_CA_FILE
  value: /etc/carebus/kafka-ca/ca.crt
{{- end }}
{{- if $k.sasl.enabled }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $k.sasl.mechanism | default "scram-sha-512" | quote }}
- name: KAFKA_SASL_USERNAME
  value: {{ $name | quote }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $user.passwordSecret | default (printf "%s%s" ($k.sasl.passwordSecretPrefix | default "") $name) }}
      key: {{ $user.passwordKey | default "password" }}
{{- end }}
{{- with (dig "grpcTls" "secretName" "" .svc) }}
- name: GRPC_TLS_CERT_FILE
  value: /etc/carebus/grpc-tls/tls.crt
- name: GRPC_TLS_KEY_FILE
  value: /etc/carebus/grpc-tls/tls.key
{{- end }}
{{- end -}}

{{/* The Secret with the schema owner's URL: required, and never the app's Secret, so the
Deployment (which mounts only existingSecret) never holds the owner's credentials. */}}
{{- define "carebus.migrationSecret" -}}
{{- $db := .svc.database | default dict -}}
{{- $owner := required (printf "services.%s.database.migrationExistingSecret is required (the owner URL's own Secret)" .name) $db.migrationExistingSecret -}}
{{- if eq $owner $db.existingSecret -}}
{{- fail (printf "services.%s.database.migrationExistingSecret must differ from existingSecret: the app's Secret must not hold the owner URL" .name) -}}
{{- end -}}
{{- $owner -}}
{{- end -}}

{{/* A service's KEKs (ehr-sync's key vault, messaging's attachment keys): the list only from its
Secret, the active version as a value, so changing it rolls the Deployment. The migrations Job gets
neither. envPrefix names the variables (<prefix>_KEKS, <prefix>_KEK_ACTIVE). */}}
{{- define "carebus.keyVaultEnv" -}}
{{- $kv := .svc.keyVault -}}
{{- $prefix := $kv.envPrefix | default "EHR_SYNC" -}}
- name: {{ $prefix }}_KEKS
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "services.%s.keyVault.existingSecret is required" .name) $kv.existingSecret }}
      key: {{ $kv.keksKey | default (printf "%s_KEKS" $prefix) }}
{{- with $kv.activeKekVersion }}
- name: {{ $prefix }}_KEK_ACTIVE
  value: {{ . | quote }}
{{- end }}
{{- end }}

{{/* messaging's national-id key ring (seals patients' national identity numbers, keys their
lookup hashes): the list only from its Secret, the active version as a value, so changing it rolls
the Deployment; never to the migrations Job. */}}
{{- define "carebus.nationalIdKeysEnv" -}}
{{- $nk := .svc.nationalIdKeys -}}
- name: MESSAGING_NATIONAL_ID_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "services.%s.nationalIdKeys.existingSecret is required" .name) $nk.existingSecret }}
      key: {{ $nk.keysKey | default "MESSAGING_NATIONAL_ID_KEYS" }}
{{- with $nk.activeVersion }}
- name: MESSAGING_NATIONAL_ID_KEY_ACTIVE
  value: {{ . | quote }}
{{- end }}
{{- end }}

{{/* Sealed-field key rings (libs/crypto FieldSealer, docs/events.md "Sealed fields"), one per
purpose a service holds: CAREBUS_<PURPOSE>_KEYS only from its Secret, the active version as a
value. A service gets only the rings listed under it; the migrations Job gets none. */}}
{{- define "carebus.sealedFieldKeysEnv" -}}
{{- $name := .name -}}
{{- range $purpose, $ring := .svc.sealedFieldKeys }}
{{- $stem := printf "CAREBUS_%s" ($purpose | upper | replace "-" "_") }}
- name: {{ $stem }}_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "services.%s.sealedFieldKeys.%s.existingSecret is required" $name $purpose) $ring.existingSecret }}
      key: {{ $ring.keysKey | default (printf "%s_KEYS" $stem) }}
{{- with $ring.activeVersion }}
- name: {{ $stem }}_KEY_ACTIVE
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- end }}
