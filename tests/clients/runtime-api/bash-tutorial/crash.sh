# Exits in the middle of an invocation: the handler's failure ends the bootstrap (set -e).
function handler () {
  echo "about to crash" 1>&2
  exit 3
}
