#!/bin/sh
# Renders the server block from its template into /tmp (the root filesystem may be read-only),
# then runs nginx in the foreground with its log on stderr.
set -eu
mkdir -p /tmp/nginx/conf.d
envsubst '${GATEWAY_URL} ${FRONTEND_ROOT} ${LISTEN_PORT}' \
  </etc/nginx/templates/default.conf.template >/tmp/nginx/conf.d/default.conf
exec nginx -e stderr -c /etc/nginx/digit-recognizer.conf -g 'daemon off;'
