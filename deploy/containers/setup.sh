#!/usr/bin/env bash
# Makes this machine run real containers for the container tests, without Docker or a registry:
# rootful podman (Debian's) serving the Docker API, and local stand-ins for every image the
# Dockerfile and compose.yaml name. Idempotent: each step checks first, so a re-run takes ~0.2 s.
# Facts behind each setting: ../../docs/containers.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
socket=/run/podman/podman.sock

install_packages() {
  local missing=() pkg
  for pkg in podman runc netavark aardvark-dns slirp4netns fuse-overlayfs uidmap catatonit debootstrap docker-compose iptables; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  echo "containers: installing ${missing[*]} (Debian packages)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# crun cannot run here (cgroups in hybrid mode); there is no systemd for cgroups or the journal; and
# the sandbox cannot raise rlimits, so containers get exactly the limits this process has.
write_engine_config() {
  local conf=/etc/containers/containers.conf hard
  hard=$(ulimit -Hn)
  local wanted
  wanted=$(cat <<CONF
# Written by deploy/containers/setup.sh.
[containers]
default_ulimits = ["nofile=$hard:$hard", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
)
  [ -f "$conf" ] && [ "$(cat "$conf")" = "$wanted" ] && return
  mkdir -p /etc/containers
  printf '%s\n' "$wanted" > "$conf"
}

# The Docker API on a unix socket (docker-compose, Testcontainers and the docker CLI speak it), and
# the healthcheck runner podman would otherwise leave to systemd timers.
start_services() {
  if ! curl -sf --unix-socket "$socket" http://d/_ping >/dev/null 2>&1; then
    mkdir -p /run/podman
    setsid nohup podman system service --time=0 "unix://$socket" >/var/log/podman-service.log 2>&1 < /dev/null &
    for _ in $(seq 100); do curl -sf --unix-socket "$socket" http://d/_ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  [ -e /var/run/docker.sock ] || ln -s "$socket" /var/run/docker.sock
  local pidfile=/run/podman/healthchecks.pid
  if ! { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }; then
    setsid nohup "$here/healthchecks.sh" >/var/log/podman-healthchecks.log 2>&1 < /dev/null &
    echo $! > "$pidfile"
  fi
}

has_image() { podman image exists "$1"; }

# Debian bookworm from the mirror apt already uses, plus what .NET needs at run time.
build_base() {
  has_image local/debian:bookworm && return
  local mirror dir
  mirror=$( { cat /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null || true; } \
    | grep -oE '^(URIs:|deb) +https?://[^ ]+/debian/?$' | head -1 | awk '{print $2}' || true)
  dir=$(mktemp -d)
  echo "containers: debootstrap bookworm from ${mirror:-http://deb.debian.org/debian}…"
  debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,zlib1g \
    bookworm "$dir" "${mirror:-http://deb.debian.org/debian}" >/dev/null
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar -C "$dir" -c . | podman import -q - local/debian:bookworm >/dev/null
  rm -rf "$dir"
}

# build_stand_in DOCKERFILE NAME… [-- podman build options…]: built once, tagged with the exact names
# the project's files use, so nothing is ever pulled.
build_stand_in() {
  local file=$1 names=(); shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do names+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  local name missing=""
  for name in "${names[@]}"; do has_image "$name" || missing=yes; done
  [ -z "$missing" ] && return
  echo "containers: building ${names[*]} (local stand-in)…"
  podman build -q -f "$here/stand-ins/$file" "${names[@]/#/--tag=}" "$@" "$here/stand-ins" >/dev/null
}

install_packages
write_engine_config
start_services
build_base
# In parallel: RabbitMQ's waits on apt downloads, .NET's on copying files.
build_stand_in rabbitmq.Dockerfile rabbitmq:3-management &
rabbitmq=$!
# The SDK and ASP.NET runtime as one image: this machine's own .NET (a runtime image with an SDK in
# it does no harm) and its CA bundle, so NuGet restores in a build trust what the host trusts.
build_stand_in dotnet.Dockerfile mcr.microsoft.com/dotnet/sdk:10.0 mcr.microsoft.com/dotnet/aspnet:10.0 \
  -- -v /usr/share/dotnet:/host-dotnet:ro -v /etc/ssl/certs:/host-certs:ro
wait "$rabbitmq"
