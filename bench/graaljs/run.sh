#!/usr/bin/env bash
# Weighs a JavaScript engine (GraalJS 23.1, the last line that runs on Java 17) for seed 004's script
# handlers: jar weight, start-up, heap, onMessage cost beside Java. docs/ROOMS.md quotes its output.
#   bench/graaljs/run.sh        (needs Maven Central; writes under target/graaljs)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/../../target/graaljs}
mkdir -p "$out/classes"
mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$out/lib"
echo "engine jars: $(du -ch "$out"/lib/*.jar | tail -1 | cut -f1) in $(ls "$out"/lib/*.jar | wc -l) jars"
cp=$(ls "$out"/lib/*.jar | tr '\n' ':')
javac -d "$out/classes" -cp "$cp" "$here/Probe.java"
/usr/bin/time -f "process peak RSS %M KB" java -cp "$out/classes:$cp" Probe
