#!/bin/sh
# Container entrypoint: `checkout gateway|routing|provider`.
set -e
service=${1:-gateway}
case $service in
  gateway | routing | provider) exec node "/app/services/$service/dist/main.js" ;;
  *) echo "usage: checkout gateway|routing|provider" >&2; exit 64 ;;
esac
