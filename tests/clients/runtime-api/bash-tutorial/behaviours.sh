# One function whose event says what to do, so a test can follow one process through several invocations.
function handler () {
  case "$1" in
    *crash*) echo "crashing in $$" 1>&2; exit 3 ;;
    *sleep*) echo "sleeping in $$" 1>&2; sleep 600 ;;
    *gate*) while [ ! -f "$LAMBDA_TASK_ROOT/gate-open" ]; do sleep 0.05; done ;;
  esac
  echo "{\"pid\":$$}"
}
