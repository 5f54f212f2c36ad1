#!/usr/bin/env bash
# podman schedules healthchecks with systemd timers; without systemd they never run and
# `depends_on: condition: service_healthy` waits forever. This loop runs them instead, for
# containers still starting or unhealthy, every 2 s (a container's own interval is not honoured).
while true; do
  for id in $(podman ps -q --filter health=starting 2>/dev/null) $(podman ps -q --filter health=unhealthy 2>/dev/null); do
    podman healthcheck run "$id" >/dev/null 2>&1 &
  done
  wait
  sleep 2
done
