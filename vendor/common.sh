# Shared helpers for the vendor scripts (sourced, not run).

# The dependency cache lives outside the repository so a fresh clone reuses it.
eks_cache_dir() {
  if [ -n "${EKS_UPGRADE_CACHE:-}" ]; then
    printf '%s\n' "$EKS_UPGRADE_CACHE"
  elif [ -n "${XDG_CACHE_HOME:-}" ]; then
    printf '%s\n' "$XDG_CACHE_HOME/eks-upgrade"
  elif [ -n "${HOME:-}" ] && [ -d "$HOME" ] && [ -w "$HOME" ]; then
    printf '%s\n' "$HOME/.cache/eks-upgrade"
  else
    printf '%s\n' "/tmp/eks-upgrade-cache-$(id -u)"
  fi
}

step_fail() {
  printf 'build: step "%s" failed: %s\n' "$1" "$2" >&2
  exit 1
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    openssl dgst -sha256 -r "$1" | cut -d' ' -f1
  fi
}
