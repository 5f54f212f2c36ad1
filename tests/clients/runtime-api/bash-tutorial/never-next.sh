# Initialization that never finishes: the runtime never asks for an invocation.
echo "initializing forever" 1>&2
sleep 600
