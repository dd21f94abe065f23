{{/* Egress rules shared by the services' and the migrations' NetworkPolicies (root context). */}}

{{- define "carebus.egress.dns" -}}
{{- if .Values.networkPolicy.egress.dns.enabled -}}
- ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
  {{- with .Values.networkPolicy.egress.dns.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end -}}

{{- define "carebus.egress.postgres" -}}
- ports:
    - port: {{ .Values.postgres.port | int }}
      protocol: TCP
  {{- with .Values.networkPolicy.egress.postgres.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
