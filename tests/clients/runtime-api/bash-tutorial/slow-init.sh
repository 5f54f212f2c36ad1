# An init longer than the function's timeout (a heavy import, a model load): Lambda counts the
# timeout from the event's hand-over, so the invocation after it still succeeds.
sleep 3.5

# Answers with the deadline the Runtime API gave this event and the time it arrived.
handler () {
  DEADLINE=$(grep -Fi Lambda-Runtime-Deadline-Ms "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  echo "{\"deadline\":$DEADLINE,\"received\":$(date +%s%3N)}"
}
