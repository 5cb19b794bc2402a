{{/* Names and labels shared by every manifest. */}}

{{- define "haven.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "haven.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "haven.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "haven.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "haven.selectorLabels" -}}
app.kubernetes.io/name: {{ include "haven.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: web
{{- end -}}

{{- define "haven.torSelectorLabels" -}}
app.kubernetes.io/name: {{ include "haven.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: tor
{{- end -}}

{{- define "haven.image" -}}
{{- if .digest -}}
{{- printf "%s@%s" .repository .digest -}}
{{- else -}}
{{- printf "%s:%s" .repository (.tag | default $.appVersion) -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding the receipt-token key and the signing key. */}}
{{- define "haven.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-keys" (include "haven.fullname" .)) -}}
{{- end -}}

{{/* The CloudNativePG Cluster's name; its operator derives the -rw Service and the -app and -ca Secrets. */}}
{{- define "haven.pgCluster" -}}
{{- printf "%s-pg" (include "haven.fullname" .) | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{- define "haven.dbHost" -}}
{{- if eq .Values.database.mode "cloudnativepg" -}}
{{- printf "%s-rw" (include "haven.pgCluster" .) -}}
{{- else -}}
{{- .Values.database.external.host -}}
{{- end -}}
{{- end -}}

{{- define "haven.dbPort" -}}
{{- if eq .Values.database.mode "cloudnativepg" -}}5432{{- else -}}{{ .Values.database.external.port }}{{- end -}}
{{- end -}}

{{- define "haven.dbName" -}}
{{- if eq .Values.database.mode "cloudnativepg" -}}haven{{- else -}}{{ .Values.database.external.name }}{{- end -}}
{{- end -}}

{{- define "haven.dbCredentialsSecret" -}}
{{- if eq .Values.database.mode "cloudnativepg" -}}
{{- printf "%s-app" (include "haven.pgCluster" .) -}}
{{- else -}}
{{- .Values.database.external.existingSecret -}}
{{- end -}}
{{- end -}}

{{/* The Secret with the database server's CA, or empty when the connection does not verify it. */}}
{{- define "haven.dbCaSecret" -}}
{{- if eq .Values.database.mode "cloudnativepg" -}}
{{- printf "%s-ca" (include "haven.pgCluster" .) -}}
{{- else if has .Values.database.tls.mode (list "verify-ca" "verify-full") -}}
{{- .Values.database.tls.caSecret -}}
{{- end -}}
{{- end -}}

{{- define "haven.dbCaKey" -}}
{{- if eq .Values.database.mode "cloudnativepg" -}}ca.crt{{- else -}}{{ .Values.database.tls.caKey }}{{- end -}}
{{- end -}}

{{- define "haven.dbSslMode" -}}
{{- if eq .Values.database.mode "cloudnativepg" -}}verify-full{{- else -}}{{ .Values.database.tls.mode }}{{- end -}}
{{- end -}}
