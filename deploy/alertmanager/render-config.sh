#!/bin/sh
# render-config.sh SOURCE_DIR OUTPUT_DIR: writes OUTPUT_DIR/alertmanager.yml, SOURCE_DIR/alertmanager.yml with the
# ${ATRA_ALERT_TELEGRAM_*} values filled in from the environment (Alertmanager reads none itself), and copies the
# message templates beside it (the config names them relative to itself). The container runs it before Alertmanager
# starts; the tests run the same script before `amtool check-config`. A missing or malformed value stops here with
# its name, never as a silently broken receiver.
set -eu
source=$1
output=$2
api_url=${ATRA_ALERT_TELEGRAM_API_URL:-https://api.telegram.org}
token=${ATRA_ALERT_TELEGRAM_BOT_TOKEN:-}
chat=${ATRA_ALERT_TELEGRAM_CHAT_ID:-}
fail() { echo "alertmanager: $1 (set it in .env)" >&2; exit 1; }
# Bot tokens look like 123456789:AAE-abc_XYZ; chat ids are integers (negative for groups and channels).
case $token in ''|*[!A-Za-z0-9:_-]*|*:*:*|:*|*:) fail "ATRA_ALERT_TELEGRAM_BOT_TOKEN is missing or not a bot token (digits:letters)";; esac
case $token in *:*) ;; *) fail "ATRA_ALERT_TELEGRAM_BOT_TOKEN is missing or not a bot token (digits:letters)";; esac
case $chat in ''|-|*[!0-9-]*|?*-*) fail "ATRA_ALERT_TELEGRAM_CHAT_ID must be the chat's numeric id (e.g. -1001234567890)";; esac
case $api_url in http://*|https://*) ;; *) fail "ATRA_ALERT_TELEGRAM_API_URL must be an http(s) address";; esac
case $api_url in *[\|\&\\\ ]*) fail "ATRA_ALERT_TELEGRAM_API_URL must not contain | & \\ or spaces";; esac
umask 077
mkdir -p "$output"
cp "$source"/*.tmpl "$output"/
sed -e "s|\${ATRA_ALERT_TELEGRAM_API_URL}|$api_url|g" \
    -e "s|\${ATRA_ALERT_TELEGRAM_BOT_TOKEN}|$token|g" \
    -e "s|\${ATRA_ALERT_TELEGRAM_CHAT_ID}|$chat|g" \
    "$source/alertmanager.yml" > "$output/alertmanager.yml"
