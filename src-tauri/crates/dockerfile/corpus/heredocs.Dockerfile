FROM debian:bookworm-slim
# A script written inline, run by the shell.
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends nginx
rm -rf /var/lib/apt/lists/*
EOF
# A file written from a heredoc; the quoted delimiter keeps $host as written.
COPY <<"CONF" /etc/nginx/conf.d/default.conf
server {
    listen 80;
    location / {
        proxy_set_header Host $host;
        proxy_pass http://app:8080;
    }
}
CONF
# Two documents on one line, tabs stripped from the second.
COPY <<NOTES <<-LICENSE /docs/
release notes
NOTES
	MIT
	LICENSE
RUN python3 <<PY
print("hello from a heredoc")
PY
CMD ["nginx", "-g", "daemon off;"]
