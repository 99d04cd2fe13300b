#!/usr/bin/env bash
# Throughput of the Spark job on a two-executor standalone cluster against one `predict` process, on one machine
# (docs/BENCHMARKS.md, "Spark: two executors against one predict process").
#
# Starts a Master and two Workers (1 core, 1536m each) on 127.0.0.1 as StandaloneCluster does in the tests: separate
# JVMs from the Spark jars Maven resolved (spanrel-spark/target/spark-classpath.txt). Then, RUNS times, alternating,
# submits the job jar (executor memory 1g, one OMP thread per one-core executor) and runs `bin/spanrel predict` on
# the same text corpus, each timed with /usr/bin/time -v. Every JVM it started is stopped on exit.
#
# Usage: spanrel-spark/src/test/bench/two-executors.sh MODEL_DIR CORPUS.txt OUT_DIR [RUNS]
# Needs the job jar: mvn -B -DskipTests package -pl spanrel-spark -am. Ports: BENCH_MASTER_PORT (17077) and
# BENCH_MASTER_UI_PORT (18090, the Workers take the next two).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
model="$(realpath "$1")"; corpus="$(realpath "$2")"; out="$3"; runs="${4:-2}"
target="$root/spanrel-spark/target"
jar="$(ls "$target"/spanrel-spark-*-job.jar)"
mkdir -p "$out"; out="$(realpath "$out")"

opens="$(sed -n 's:.*<spark.java.opens>\(.*\)</spark.java.opens>.*:\1:p' "$root/spanrel-spark/pom.xml")"
home="$out/spark-home"
if [ ! -d "$home/jars" ]; then
  mkdir -p "$home/jars"
  tr ':' '\n' < "$target/spark-classpath.txt" | while read -r dep; do
    name="$(basename "$dep")"
    [ -e "$home/jars/$name" ] && name="$(echo "$dep" | md5sum | cut -c1-8)-$name"
    ln -s "$dep" "$home/jars/$name"
  done
fi
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS="$out/local" OMP_WAIT_POLICY=PASSIVE
mkdir -p "$SPARK_LOCAL_DIRS" "$out/logs"

# The launcher rebuilds the CLI after a new commit or changed sources; that build must not land in a timed run.
"$root/bin/spanrel" --version > /dev/null

started=()
stop_all() {
  # The Workers' children (executors) first, then the Master and Workers; only the processes started here.
  for pid in "${started[@]}"; do
    for child in $(pgrep -P "$pid" || true); do kill "$child" 2>/dev/null || true; done
  done
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT

# shellcheck disable=SC2086
spark_java() { java -Xmx256m $opens -cp "$home/jars/*" "$@"; }
port="${BENCH_MASTER_PORT:-17077}"; ui="${BENCH_MASTER_UI_PORT:-18090}"   # the Workers take ui+1, ui+2
spark_java org.apache.spark.deploy.master.Master --host 127.0.0.1 --port $port --webui-port $ui > "$out/logs/master.log" 2>&1 &
started+=($!)
for i in 1 2; do
  mkdir -p "$out/worker-$i"
  spark_java org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 1536m \
    --work-dir "$out/worker-$i" --webui-port $((ui + i)) spark://127.0.0.1:$port > "$out/logs/worker-$i.log" 2>&1 &
  started+=($!)
done
for _ in $(seq 180); do
  alive="$(curl -s "http://127.0.0.1:$ui/json/" | python3 -c 'import json,sys; print(json.load(sys.stdin)["aliveworkers"])' 2>/dev/null || echo 0)"
  [ "$alive" = 2 ] && break
  sleep 0.5
done
[ "$alive" = 2 ] || { echo "workers did not register; see $out/logs" >&2; exit 1; }
echo "cluster up: spark://127.0.0.1:$port, 2 workers" >&2

for run in $(seq "$runs"); do
  # The neighbours' load matters on a shared machine; it goes into the log with each run.
  echo "$(date -u +%FT%TZ) load before spark run $run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  # shellcheck disable=SC2086
  /usr/bin/time -v -o "$out/spark-$run.time" java -Xmx768m $opens -cp "$home/jars/*" org.apache.spark.deploy.SparkSubmit \
    --master spark://127.0.0.1:$port --deploy-mode client --class dev.spanrel.spark.ExtractJob \
    --conf spark.executor.memory=1g --conf spark.executor.cores=1 --conf spark.cores.max=2 \
    --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 \
    --conf spark.executorEnv.OMP_NUM_THREADS=1 --conf spark.executorEnv.OMP_WAIT_POLICY=PASSIVE \
    "$jar" --model "$model" --input "$corpus" --input-format text --output "$out/spark-out-$run" \
    --output-format json --partitions 8 > "$out/spark-$run.log" 2>&1
  echo "spark run $run: $(grep -E '^[0-9]+ rows' "$out/spark-$run.log"); $(grep Elapsed "$out/spark-$run.time" | xargs)" >&2
  echo "$(date -u +%FT%TZ) load before predict run $run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

  /usr/bin/time -v -o "$out/predict-$run.time" "$root/bin/spanrel" predict --model "$model" --input "$corpus" \
    --format text --out "$out/predict-$run.jsonl" > "$out/predict-$run.log" 2>&1
  # predict prints its rate only in runs long enough to report progress.
  echo "predict run $run: $(grep 'predict: done' "$out/predict-$run.log" || true); $(grep Elapsed "$out/predict-$run.time" | xargs)" >&2
done

# Each application's executors log their model's start-up cost ("ready ... in N ms ...; this JVM holds R resident").
grep -h "ready from" "$out"/worker-*/app-*/*/stderr >&2 || true
