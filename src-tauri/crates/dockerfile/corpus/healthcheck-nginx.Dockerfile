FROM nginx:1.27-alpine
LABEL maintainer.team="web" version="2.4.1"
COPY ./public/ /usr/share/nginx/html/
COPY nginx.conf /etc/nginx/nginx.conf
HEALTHCHECK --interval=15s --timeout=2s --start-period=5s --start-interval=1s --retries=5 \
    CMD ["wget", "-q", "--spider", "http://127.0.0.1/"]
EXPOSE 80/tcp 443/tcp
VOLUME ["/var/cache/nginx"]
STOPSIGNAL SIGQUIT
