{{/*
Delivery providers of a service that sends messages (notifications): services.<name>.providers.
Settings are plain values; the webhook HMAC secret and the SMTP login come only from the existing
Secret `providers.existingSecret`. Service pods only: the migrations Job sends nothing.
Context: (dict "root" "name" "svc").
*/}}
{{- define "carebus.providersEnv" -}}
{{- $p := .svc.providers -}}
{{- $where := printf "services.%s.providers" .name -}}
{{- $secret := required (printf "%s.existingSecret is required (it holds WEBHOOK_SECRET)" $where) $p.existingSecret -}}
{{- $smtp := $p.smtp | default dict -}}
{{- $smtpUrl := required (printf "%s.smtp.url is required" $where) $smtp.url -}}
{{- if regexMatch "^[a-z]+://[^/]*@" $smtpUrl }}
{{- fail (printf "%s.smtp.url must not carry credentials; put the login in the Secret (smtpUsernameKey, smtpPasswordKey)" $where) }}
{{- end }}
{{- if ne (empty $p.smtpUsernameKey) (empty $p.smtpPasswordKey) }}
{{- fail (printf "%s.smtpUsernameKey and smtpPasswordKey are set together or not at all" $where) }}
{{- end -}}
- name: SMTP_URL
  value: {{ $smtpUrl | quote }}
- name: SMTP_TLS_VERIFY
  value: {{ dig "tlsVerify" true $smtp | toString | quote }}
{{- with $p.defaultSender }}
- name: NOTIFICATIONS_DEFAULT_SENDER
  value: {{ . | quote }}
{{- end }}
{{- with $p.smsWebhookUrl }}
- name: SMS_WEBHOOK_URL
  value: {{ . | quote }}
{{- end }}
{{- with $p.pushWebhookUrl }}
- name: PUSH_WEBHOOK_URL
  value: {{ . | quote }}
{{- end }}
- name: WEBHOOK_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $p.webhookSecretKey | default "WEBHOOK_SECRET" }}
{{- if $p.smtpUsernameKey }}
- name: SMTP_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $p.smtpUsernameKey }}
- name: SMTP_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $p.smtpPasswordKey }}
{{- end }}
{{- end -}}
