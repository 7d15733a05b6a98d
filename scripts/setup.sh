#!/usr/bin/env bash
# One idempotent set-up for a fresh machine: browser + CJK fonts, a pinned Python venv, npm tools.
# Called by `make run` and `make test`; does nothing that is already done (seconds on a warm machine).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] 错误 / error: %s\n' "$*" >&2; exit 1; }

PY=${PYTHON:-python3}
VENV=.venv

# 1. Browser and fonts. Debian's chromium is the supported browser here (playwright install cannot
#    download offline). Elsewhere, fall back to a Playwright-managed browser if one is installed.
need_apt=()
[ -x /usr/lib/chromium/chromium ] || need_apt+=(chromium)
if ! { command -v fc-list >/dev/null && fc-list :lang=zh | grep -qi 'Noto Sans CJK'; }; then
  need_apt+=(fonts-noto-cjk)
fi
# Chromium's headless shell: what headless runs use when it is there (half the CPU of the full
# browser in headless mode); optional, the full browser still works without it.
want_apt=()
[ -x /usr/lib/chromium/chromium-headless-shell ] || want_apt+=(chromium-headless-shell)
if [ ${#need_apt[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    say "installing ${need_apt[*]} (apt, --no-install-recommends)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || die "apt-get update failed (no package mirror reachable?)"
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null \
      || die "apt-get install ${need_apt[*]} failed"
  elif ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium* >/dev/null 2>&1; then
    say "no Debian chromium and no root: using Playwright's own browser"
  else
    die "need ${need_apt[*]}: run as root on Debian/Ubuntu, or install a Playwright browser"
  fi
fi
if [ ${#want_apt[@]} -gt 0 ] && [ -x /usr/lib/chromium/chromium ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  say "installing ${want_apt[*]} (apt; optional: headless runs use it when present)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${want_apt[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends "${want_apt[@]}" >/dev/null 2>&1; } \
    || say "could not install ${want_apt[*]}: headless runs use the full chromium (about twice the CPU)"
fi

# 2. Python venv with pinned packages; reinstalled only when requirements.lock changes.
stamp="$VENV/.requirements.sha"
want=$(sha256sum requirements.lock | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "creating $VENV and installing pinned packages"
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV" || die "python venv failed (need python3-venv)"
  log=$(mktemp)
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements.lock >"$log" 2>&1 \
    || { grep -v '^WARNING: Location' "$log" >&2; die "pip install -r requirements.lock failed"; }
  rm -f "$log"
  echo "$want" > "$stamp"
fi

# 3. Node tools (Allure 3 report generator, axe-core); reinstalled when package-lock.json changes.
if command -v npm >/dev/null; then
  nstamp=node_modules/.lock.sha
  nwant=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -x node_modules/.bin/allure ] || [ "$(cat "$nstamp" 2>/dev/null)" != "$nwant" ]; then
    say "installing npm tools (allure 3, axe-core)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null || die "npm ci failed"
    echo "$nwant" > "$nstamp"
  fi
else
  say "warning: npm not found: journeys run, but no Allure report and no axe-core scans"
fi
say "ready"
