# The image the compose file's "app" service builds: nginx serving one page.
FROM nginx:1.27-alpine
RUN echo '<h1>Built by Compose</h1>' > /usr/share/nginx/html/index.html
