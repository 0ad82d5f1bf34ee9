#!/usr/bin/env bash
# Prints the path of promtool for the alert rules' tests: $PROMTOOL_PATH, or the one of Debian's
# `prometheus` package, installed with apt-get when missing. The package starts a Prometheus server
# of its own, which the tests do not need: it is stopped.
exec bash "$(dirname "${BASH_SOURCE[0]}")/debian-tool.sh" promtool prometheus PROMTOOL_PATH \
  'systemctl disable --now prometheus prometheus-node-exporter || service prometheus stop || pkill -x prometheus'
