#!/usr/bin/env bash
# podman schedules healthchecks with systemd timers; without systemd they never run and
# `depends_on: condition: service_healthy` waits forever. This loop runs them instead, every 2 s, for
# the containers still starting or unhealthy (a healthy one is left alone: no probe cost while idle).
# One `podman ps` per round; repeated filters on the same key match either value.
while true; do
  for id in $(podman ps -q --filter health=starting --filter health=unhealthy 2>/dev/null); do
    podman healthcheck run "$id" >/dev/null 2>&1 &
  done
  wait
  sleep 2
done
