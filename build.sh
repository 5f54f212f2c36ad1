#!/usr/bin/env bash
# ./build.sh test   — install what the tests need (Debian packages), build, run every test.
# ./build.sh bench  — run the benchmark harness (bench/).
set -euo pipefail
cd "$(dirname "$0")"

# The real clients the emulators are tested through: aws CLI v2 and boto3 from Debian.
install_test_dependencies() {
  local missing=()
  [ -x /usr/bin/aws ] || missing+=(awscli)
  /usr/bin/python3 -c 'import boto3' 2>/dev/null || missing+=(python3-boto3)
  # Runtime API clients: curl for AWS's bash tutorial bootstrap; node, npm and a C/C++ toolchain
  # for AWS's Node.js runtime interface client, which builds its own libcurl and aws-lambda-cpp.
  command -v curl >/dev/null || missing+=(curl)
  command -v zip >/dev/null || missing+=(zip)   # the Lambda tests deploy functions as zips, as users do
  command -v prlimit >/dev/null || missing+=(util-linux)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  local tool
  for tool in make cmake g++ autoreconf libtoolize; do
    command -v "$tool" >/dev/null || case "$tool" in
      autoreconf) missing+=(autoconf automake) ;;
      libtoolize) missing+=(libtool) ;;
      *) missing+=("$tool") ;;
    esac
  done
  # A real broker for the distributed tests (their fixture runs its own node, not the package's
  # service); docker-compose validates compose.yaml without a Docker engine.
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  [ -x /usr/bin/docker-compose ] || missing+=(docker-compose)
  # A real browser for the foreign-origin and DNS-rebinding tests (Debian's, never a downloaded build).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing ${missing[*]} (Debian packages)…"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # The AWS SDK for JavaScript v3 clients (SQS, SNS, EventBridge, Scheduler, API Gateway), pinned by
  # the committed lock file; installed again when package.json names one node_modules lacks.
  local node_clients_missing=""
  for dep in $(cd tests/clients/node && node -p "Object.keys(require('./package.json').dependencies).join(' ')"); do
    [ -d "tests/clients/node/node_modules/$dep" ] || node_clients_missing=yes
  done
  if [ -n "$node_clients_missing" ]; then
    echo "Installing the node test clients (npm ci)…"
    (cd tests/clients/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  # Real containers for the compose and Testcontainers tests: podman's Docker API and local stand-ins
  # for the images Dockerfile and compose.yaml name (no registry here). PLATFORM_CONTAINERS=off skips
  # it; those tests then report themselves skipped, with the reason.
  if [ "${PLATFORM_CONTAINERS:-on}" != off ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo deploy/containers/setup.sh
  fi
  local ric=tests/clients/runtime-api/node-ric
  if [ ! -f "$ric/node_modules/aws-lambda-ric/dist/rapid-client.node" ]; then
    echo "Building aws-lambda-ric (npm; compiles libcurl and aws-lambda-cpp, a few minutes)…"
    (cd "$ric" && MAKEFLAGS="-j$(nproc)" npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

run_tests() {
  install_test_dependencies
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  dotnet build Platform.sln -c Release -nologo -v quiet
  local log
  log=$(mktemp)
  set +e
  # The unit tests run first, alone: their runtime tests give functions 1-second timeouts, which a
  # process start cannot meet while the container tests build images on the same cores. The other
  # test projects then run side by side, as `dotnet test` on the solution runs them.
  dotnet test tests/Platform.Tests -c Release --no-build -nologo 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local project pids=() outputs=()
  for project in $(dotnet sln Platform.sln list | grep -E '^tests/.*Tests\.csproj$' | grep -v '^tests/Platform.Tests/'); do
    local output
    output=$(mktemp)
    outputs+=("$output")
    dotnet test "$project" -c Release --no-build -nologo >"$output" 2>&1 &
    pids+=($!)
  done
  local i
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || status=1
    cat "${outputs[$i]}" | tee -a "$log"
    rm -f "${outputs[$i]}"
  done
  set -e
  # One closing line for the whole run, summed over the test projects.
  awk '/(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+/ {
         gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
       END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
  rm -f "$log"
  return "$status"
}

case "${1:-test}" in
  test) run_tests ;;
  bench)
    # The start-up scenario measures both the plain build and the ReadyToRun publish the Dockerfile ships.
    dotnet build src/Host -c Release -nologo -v quiet
    dotnet publish src/Host -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o bench/.published -nologo -v quiet
    # Peers measured side by side (kinesalite for the kinesis scenario); skipped without npm.
    if command -v npm >/dev/null; then (cd bench/peers && npm ci --no-audit --no-fund --loglevel=error) || echo "bench peers: npm ci failed" >&2; fi
    dotnet run --project bench/Platform.Bench -c Release -- "${@:2}" ;;
  *) echo "usage: ./build.sh [test|bench]" >&2; exit 2 ;;
esac
