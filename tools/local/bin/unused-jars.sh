#!/usr/bin/env bash
# Lists, per packaged function, the jars of its function.zip from which no class was loaded during a
# run, with their sizes: the evidence for dropping a dependency from a package.
#
# 1. Run tests that start the packaged functions with class-load logging in every JVM they start
#    (the local platform's function processes inherit the environment):
#      mkdir -p /tmp/classload && JAVA_TOOL_OPTIONS='-Xlog:class+load=info:file=/tmp/classload/%p.log' \
#        mvn -o verify -pl tools/e2e -am -Dtest=CompactionRaceEndToEndTest ...
# 2. tools/local/bin/unused-jars.sh /tmp/classload [function ...]
#
# A function process loads its classes from <run>/functions/<function>/<slot>/task/lib/<jar>; the logs of other
# JVMs (Maven, Surefire) name no such path and are ignored. A jar listed here had no class loaded in
# the runs logged: before dropping it, check the code paths those runs did not take (error paths,
# other configurations) and the resources it holds (class+load logs no resource reads).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."

logs=${1:?usage: unused-jars.sh LOG_DIR [function ...]}
shift
functions=("$@")
if [ ${#functions[@]} -eq 0 ]; then
  functions=(validation enrichment commit compaction cost-guard)
fi

for function in "${functions[@]}"; do
  zip=services/$function/target/function.zip
  loaded=$(cat "$logs"/*.log \
    | grep -oE "source: file:[^ ]*/functions/${function}/[0-9]+/task/lib/[^ ]*\.jar" \
    | sed 's#.*/lib/##' | sort -u || true)
  processes=$(grep -lE "/functions/${function}/[0-9]+/task/lib/" "$logs"/*.log | wc -l || true)
  echo "== $function: $(stat -c %s "$zip") bytes; $processes logged processes"
  unzip -l "$zip" 'lib/*.jar' | awk '$4 ~ /^lib\// {sub("lib/", "", $4); print $1, $4}' \
    | while read -r size jar; do
        if ! grep -qxF "$jar" <<<"$loaded"; then
          echo "  unused $size $jar"
        fi
      done | sort -k2 -rn
done
