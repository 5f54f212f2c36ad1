# Never answers in time.
function handler () {
  echo "sleeping past the deadline" 1>&2
  sleep 600
}
