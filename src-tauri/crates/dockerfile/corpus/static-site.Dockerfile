FROM node:20-alpine AS site
WORKDIR /site
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

# Serve the built pages with a small web server.
FROM busybox:1.36
RUN adduser -D -H -u 10001 www
COPY --from=site --chown=www /site/dist /www
USER www
EXPOSE 8080
CMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/www"]
