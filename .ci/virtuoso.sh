#!/usr/bin/env bash
# Start or stop a throwaway Virtuoso Open Source server (Debian package virtuoso-opensource) on loopback.
#
#   .ci/virtuoso.sh start DIR   -> a fresh database in DIR, HTTP and ISQL on free 127.0.0.1 ports; prints
#                                  KG_VIRTUOSO_URL=http://127.0.0.1:PORT and KG_VIRTUOSO_PID=PID (shell lines)
#                                  once the server answers SPARQL; the pid is also in DIR/virtuoso.pid
#   .ci/virtuoso.sh stop DIR    -> stops that server by its pid (and nothing else)
#
# The database is new, so the dba password is the default one: dba. Graph Store Protocol with digest
# authentication: $KG_VIRTUOSO_URL/sparql-graph-crud-auth; SPARQL queries: $KG_VIRTUOSO_URL/sparql.
# Used by .ci/run and by tests/servers.py (which starts Virtuoso itself when KG_VIRTUOSO_URL is not set).
set -euo pipefail

command=${1:?usage: virtuoso.sh start|stop DIR}
dir=${2:?usage: virtuoso.sh start|stop DIR}
binary=${VIRTUOSO_BINARY:-$(command -v virtuoso-t || true)}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "$command" in
start)
  if [ -z "$binary" ]; then
    echo "virtuoso-t not found: apt-get install -y virtuoso-opensource" >&2
    exit 3
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  http_port=$(free_port)
  sql_port=$(free_port)
  vad=/usr/share/virtuoso-opensource-7/vad
  # Sizes: NumberOfBuffers 8 kB pages each (~680 MB at most with 85000); 1M triples need about 250 MB.
  cat > "$dir/virtuoso.ini" <<EOF
[Database]
DatabaseFile       = $dir/virtuoso.db
ErrorLogFile       = $dir/virtuoso.log
LockFile           = $dir/virtuoso.lck
TransactionFile    = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $dir/virtuoso-temp.db
TransactionFile    = $dir/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:$sql_port
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = ., $dir, $vad
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
VADInstallDir            = $vad/
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxMemPoolSize           = 200000000
MaxQueryMem              = 1G
VectorSize               = 1000
MaxVectorSize            = 1000000
AdjustVectorSize         = 0
ThreadsPerQuery          = 2
AsyncQueueMaxThreads     = 10
NumberOfBuffers          = 85000
MaxDirtyBuffers          = 65000

[HTTPServer]
ServerPort                  = 127.0.0.1:$http_port
ServerRoot                  = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[AutoRepair]
BadParentLinks = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[URIQA]
DynamicLocal = 0
DefaultHost  = 127.0.0.1:$http_port

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
DeferInferenceRulesInit    = 0
EOF
  cd "$dir"
  "$binary" +foreground +configfile "$dir/virtuoso.ini" > "$dir/virtuoso.out" 2>&1 &
  pid=$!
  echo "$pid" > "$dir/virtuoso.pid"
  url="http://127.0.0.1:$http_port"
  for _ in $(seq 1 600); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "Virtuoso exited while starting; its log:" >&2
      tail -20 "$dir/virtuoso.log" "$dir/virtuoso.out" >&2 || true
      exit 3
    fi
    if curl -sf -o /dev/null "$url/sparql?query=ASK%7B%7D" 2>/dev/null; then
      echo "KG_VIRTUOSO_URL=$url"
      echo "KG_VIRTUOSO_PID=$pid"
      exit 0
    fi
    sleep 0.2
  done
  echo "Virtuoso did not answer on $url within 120 s" >&2
  kill "$pid" 2>/dev/null || true
  exit 3
  ;;
stop)
  [ -f "$dir/virtuoso.pid" ] || exit 0
  pid=$(cat "$dir/virtuoso.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/virtuoso.pid"
  ;;
*)
  echo "usage: virtuoso.sh start|stop DIR" >&2
  exit 2
  ;;
esac
