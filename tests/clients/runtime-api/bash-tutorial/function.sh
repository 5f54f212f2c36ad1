# The tutorial's function, telling what it saw: the event, its process and Lambda's variables.
function handler () {
  EVENT_DATA=$1
  echo "handling $EVENT_DATA in $$" 1>&2
  echo "{\"event\":$EVENT_DATA,\"pid\":$$,\"function\":\"$AWS_LAMBDA_FUNCTION_NAME\",\"memory\":\"$AWS_LAMBDA_FUNCTION_MEMORY_SIZE\",\"version\":\"$AWS_LAMBDA_FUNCTION_VERSION\",\"region\":\"$AWS_REGION\",\"handler\":\"$_HANDLER\",\"root\":\"$LAMBDA_TASK_ROOT\",\"api\":\"$AWS_LAMBDA_RUNTIME_API\",\"endpoint\":\"$AWS_ENDPOINT_URL\",\"key\":\"$AWS_ACCESS_KEY_ID\",\"tz\":\"$TZ\",\"stream\":\"$AWS_LAMBDA_LOG_STREAM_NAME\",\"group\":\"$AWS_LAMBDA_LOG_GROUP_NAME\",\"bucket\":\"${BUCKET:-}\",\"code\":\"$(cat $LAMBDA_TASK_ROOT/version.txt 2>/dev/null || echo none)\"}"
}
