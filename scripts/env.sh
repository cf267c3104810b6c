# Sourced by the scripts: exports every setting of settings.env that the environment does not set already,
# and puts the project's virtual environment first on the PATH.
VEIVISER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
while IFS='=' read -r key value; do
  case "$key" in ''|\#*) continue ;; esac
  [ -z "${!key+x}" ] && export "$key=$value"
done < "$VEIVISER_ROOT/settings.env"
export PATH="$VEIVISER_ROOT/.venv/bin:$PATH"
export PYTHONPATH="$VEIVISER_ROOT${PYTHONPATH:+:$PYTHONPATH}"
# TensorFlow's start-up chatter is noise in our logs.
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
cd "$VEIVISER_ROOT"
# Rasa must not phone home (telemetry and error reports to Sentry): nothing leaves this machine.
export RASA_TELEMETRY_ENABLED=false
