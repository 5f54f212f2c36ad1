# Reads its version once, at init, like code loaded at start: only a new process sees a new version.
VERSION=$(cat "$LAMBDA_TASK_ROOT/version.txt")
function handler () {
  local key
  key=$(echo "$1" | grep -o '"key":"[^"]*"' | head -1)
  echo "processed $key with $VERSION" 1>&2
  sleep 0.2
  echo "{\"version\":\"$VERSION\"}"
}
