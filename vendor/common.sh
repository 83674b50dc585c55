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

# native_arch — the build machine's architecture, spelled as Debian and Go
# spell it (amd64, arm64): the names of the release files.
native_arch() {
  case "$(uname -m)" in
    x86_64 | amd64) echo amd64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) uname -m ;;
  esac
}

# gnu_cpu ARCH — the CPU part of the GNU triplet (x86_64, aarch64); fails for
# an architecture the build does not know.
gnu_cpu() {
  case "$1" in
    amd64) echo x86_64 ;;
    arm64) echo aarch64 ;;
    *) return 1 ;;
  esac
}

# cross_prefix ARCH — "" for the build machine's own architecture, else the
# prefix of Debian's cross toolchain (aarch64-linux-gnu-).
cross_prefix() {
  if [ "$1" = "$(native_arch)" ]; then echo ""; else echo "$(gnu_cpu "$1")-linux-gnu-"; fi
}
