#!/usr/bin/env bash
# Prints the path of a Chromium for the browser tests (playwright-core drives it): $CHROMIUM_PATH,
# or Debian's `chromium`, installed with apt-get when missing.
exec bash "$(dirname "${BASH_SOURCE[0]}")/debian-tool.sh" chromium chromium CHROMIUM_PATH
