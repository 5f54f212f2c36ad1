#!/usr/bin/env bash
# Deploys the two sample functions of this folder to a running platform the way one deploys to AWS:
# zip, `aws lambda create-function` (or update-function-code when it exists), wait until Active,
# then a Kinesis stream with an event source mapping to the Node function, and one invocation each.
#
#   platform up &                 # or: dotnet run --project src/Host -- up
#   samples/deploy/deploy.sh      # ENDPOINT defaults to http://127.0.0.1:4566
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
endpoint="${ENDPOINT:-http://127.0.0.1:4566}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}" AWS_PAGER=""
aws() { command aws --endpoint-url "$endpoint" "$@"; }
role=arn:aws:iam::000000000000:role/lambda
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT

# deploy NAME RUNTIME HANDLER FOLDER [create-function options…]
deploy() {
  local name=$1 runtime=$2 handler=$3 folder=$4
  shift 4
  (cd "$folder" && zip -qr "$build/$name.zip" .)
  if aws lambda get-function --function-name "$name" >/dev/null 2>&1; then
    aws lambda update-function-code --function-name "$name" --zip-file "fileb://$build/$name.zip" >/dev/null
    aws lambda wait function-updated-v2 --function-name "$name"
    echo "updated $name"
  else
    aws lambda create-function --function-name "$name" --runtime "$runtime" --handler "$handler" \
      --zip-file "fileb://$build/$name.zip" --role "$role" "$@" >/dev/null
    aws lambda wait function-active-v2 --function-name "$name"
    echo "created $name ($runtime)"
  fi
}

deploy hello-python python3.12 app.handler "$here/python" --timeout 10 --environment 'Variables={GREETING=Hello}'
deploy clicks-node nodejs20.x index.handler "$here/node" --timeout 10

if ! aws kinesis describe-stream-summary --stream-name clicks >/dev/null 2>&1; then
  aws kinesis create-stream --stream-name clicks --shard-count 1
  # The CLI's stream-exists waiter polls every 10 s; a local stream is ACTIVE within moments.
  for _ in $(seq 1 300); do
    [ "$(aws kinesis describe-stream-summary --stream-name clicks --query StreamDescriptionSummary.StreamStatus --output text)" = ACTIVE ] && break
    sleep 0.2
  done
fi
stream_arn=$(aws kinesis describe-stream-summary --stream-name clicks --query StreamDescriptionSummary.StreamARN --output text)
if [ -z "$(aws lambda list-event-source-mappings --function-name clicks-node --event-source-arn "$stream_arn" --query 'EventSourceMappings[0].UUID' --output text | grep -v None)" ]; then
  aws lambda create-event-source-mapping --function-name clicks-node --event-source-arn "$stream_arn" \
    --starting-position LATEST --batch-size 10 --function-response-types ReportBatchItemFailures >/dev/null
  echo "mapped $stream_arn to clicks-node"
fi

# fileb:// sends the payload as it is with both aws CLI v1 and v2.
echo '{"name":"Platform"}' > "$build/python-event.json"
aws lambda invoke --function-name hello-python --payload "fileb://$build/python-event.json" "$build/python.json" >/dev/null
echo "hello-python: $(cat "$build/python.json")"
echo '{"ping":1}' > "$build/node-event.json"
aws lambda invoke --function-name clicks-node --payload "fileb://$build/node-event.json" "$build/node.json" >/dev/null
echo "clicks-node: $(cat "$build/node.json")"
