# Sourced by the setup scripts: `install_missing "why" PACKAGE...` installs, with Debian's
# apt and without recommends, those of the packages that are not installed yet.
install_missing() {
  local why=$1
  shift
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -gt 0 ] || return 0
  echo "installing${why:+ $why}: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
