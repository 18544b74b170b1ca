#!/usr/bin/env bash
# Installs the Docker engine from Debian (docker.io) when missing and starts dockerd in
# the background when it is not answering, then waits until `docker info` answers.
# Idempotent: safe to run many times (CI runs it before the docker test tier).
# Needs root. No image registry is used: netconform builds its images locally.
set -euo pipefail

log() { printf 'setup-docker: %s\n' "$*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "must run as root (it installs packages and starts dockerd)"
  exit 2
fi

if ! command -v dockerd >/dev/null 2>&1; then
  log "installing docker.io from Debian (a minute or two)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # --no-install-recommends keeps it small; docker.io still brings containerd and runc.
  apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi

# debootstrap builds the rootfs of netconform's images (no registry to pull from).
if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing debootstrap"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

if docker info >/dev/null 2>&1; then
  log "docker engine already running"
  exit 0
fi

# No init system in these machines: start the daemon ourselves, detached from this shell.
if ! pgrep -x dockerd >/dev/null 2>&1; then
  log "starting dockerd (log: /var/log/dockerd.log)"
  # containerd is started by dockerd itself when no system containerd runs.
  nohup setsid dockerd >/var/log/dockerd.log 2>&1 </dev/null &
fi

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    log "docker engine ready"
    exit 0
  fi
  sleep 1
done

log "dockerd did not answer within 60 s; see /var/log/dockerd.log:"
tail -n 20 /var/log/dockerd.log >&2 || true
exit 1
