#!/bin/sh
# `npm test` runs this first (pretest): installs what the tests need beyond node_modules, on a bare
# machine too. Today that is Debian's python3-avro 1.11.1, the second reference of the differential
# compatibility test. Without root or apt-get it only warns; that one test then fails saying why.
/usr/bin/python3 -c 'import avro' 2>/dev/null && exit 0
command -v apt-get >/dev/null 2>&1 || { echo "warning: no apt-get: install python3-avro for the differential test" >&2; exit 0; }
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
echo "Installing python3-avro (apt-get) for the differential compatibility test..." >&2
{ $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-avro; } >/dev/null 2>&1 ||
  echo "warning: could not install python3-avro: the differential test will fail" >&2
exit 0
