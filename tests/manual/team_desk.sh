#!/usr/bin/env bash
# Issue 15's "done when" on a real `scheduler serve`, with curl. Run from the checkout.
set -euo pipefail
S="$PWD/.venv/bin/scheduler"
ROOT=$(mktemp -d); PORT=${PORT:-8791}; URL=http://127.0.0.1:$PORT
mkdir -p "$ROOT/posts" && cp -r posts/essays "$ROOT/posts/essays"
export SCHEDULER_ROOT=$ROOT SCHEDULER_DESK_PASSWORD='desk-admin-pw' SCHEDULER_SECRETS_FILE=$ROOT/none.env
unset SCHEDULER_DATABASE_URL
$S ingest --json >/dev/null
echo '$ printf erik-zijn-wachtwoord | scheduler staff add erik --role editor --password-stdin'
printf 'erik-zijn-wachtwoord' | $S staff add erik --role editor --password-stdin
echo '$ printf anna-haar-wachtwoord | scheduler staff add anna --role approver --password-stdin'
printf 'anna-haar-wachtwoord' | $S staff add anna --role approver --password-stdin
echo '$ scheduler staff list --json'; $S staff list --json
$S serve --dry-run --port $PORT >"$ROOT/serve.log" 2>&1 & SERVE=$!
trap 'kill $SERVE; wait $SERVE 2>/dev/null; rm -rf "$ROOT"' EXIT
until curl -sf $URL/healthz >/dev/null; do sleep 0.3; done
echo '$ curl /healthz (anonymous)'; curl -s $URL/healthz; echo

login() {  # name password -> the session's CSRF token; cookies in $ROOT/$1.jar
  local jar=$ROOT/$1.jar token
  token=$(curl -s -c "$jar" -b "$jar" $URL/login | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p')
  curl -s -o /dev/null -w "login $1: %{http_code}\n" -c "$jar" -b "$jar" \
    --data-urlencode "username=$1" --data-urlencode "password=$2" --data-urlencode "csrf_token=$token" $URL/login >&2
  curl -s -b "$jar" $URL/api/session | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])'
}
ERIK=$(login erik erik-zijn-wachtwoord); ANNA=$(login anna anna-haar-wachtwoord)
read -r FIRST SECOND < <(curl -s -b $ROOT/erik.jar $URL/api/snippets | python3 -c '
import json,sys; r=[x["id"] for x in json.load(sys.stdin) if x["status"]=="new" and x["postable"]]; print(r[0], r[1])')
call() { curl -s -o /dev/null -w "%{http_code}" -X POST -b "$ROOT/$1.jar" -H "X-CSRF-Token: $2" "$URL$3"; }
echo "erik POST /api/snippets/$FIRST/skip    -> $(call erik "$ERIK" /api/snippets/$FIRST/skip)"
echo "erik POST /api/snippets/$SECOND/approve -> $(call erik "$ERIK" /api/snippets/$SECOND/approve)"
echo "anna POST /api/snippets/$SECOND/approve -> $(call anna "$ANNA" /api/snippets/$SECOND/approve)"
echo '$ grep -A1 approved_by posts/queue/*.yaml'; grep -h -A1 approved_by "$ROOT"/posts/queue/*.yaml
echo '$ scheduler audit --json'; $S audit --json
echo '$ scheduler staff remove erik'; $S staff remove erik
echo "erik GET /api/snippets with his old cookie -> $(curl -s -o /dev/null -w '%{http_code}' -b $ROOT/erik.jar $URL/api/snippets)"
echo "anna GET /api/snippets                     -> $(curl -s -o /dev/null -w '%{http_code}' -b $ROOT/anna.jar $URL/api/snippets)"
echo "Host: rebind.example /healthz -> $(curl -s -o /dev/null -w '%{http_code}' -H 'Host: rebind.example' $URL/healthz)"
echo '$ curl /healthz (as anna)'; curl -s -b $ROOT/anna.jar $URL/healthz; echo
echo "7 wrong logins from 127.0.0.1 claiming 7 different X-Forwarded-For addresses:"
T=$(curl -s -c $ROOT/x.jar -b $ROOT/x.jar $URL/login | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p')
for n in 1 2 3 4 5 6 7; do
  curl -s -o /dev/null -w "%{http_code} " -b $ROOT/x.jar -H "X-Forwarded-For: 203.0.113.$n" \
    --data-urlencode username=admin --data-urlencode password=fout --data-urlencode "csrf_token=$T" $URL/login
done; echo
