#!/bin/sh
# Container entrypoint: `checkout gateway|routing|provider|notifications|topics|reseal-secrets`.
set -e
service=${1:-gateway}
case $service in
  gateway | routing | provider | notifications) exec node "/app/services/$service/dist/main.js" ;;
  topics) exec node /app/packages/platform/dist/cli/create-topics.js ;;
  reseal-secrets) exec node /app/services/gateway/dist/reseal-secrets.js ;;
  *) echo "usage: checkout gateway|routing|provider|notifications|topics|reseal-secrets" >&2; exit 64 ;;
esac
