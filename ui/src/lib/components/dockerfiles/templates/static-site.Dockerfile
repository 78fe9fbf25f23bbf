# A static website (HTML, CSS, images) served by BusyBox's built-in web server.
# Put the site's files in a folder named "site" beside this Dockerfile, then build and run:
#   docker build -t my-site:1 .
#   docker run -d -p 8080:8080 my-site:1      → http://localhost:8080

# BusyBox is a few megabytes and already has a web server (httpd) inside.
# A fixed tag means a rebuild next month starts from the same base, not whatever is newest.
FROM busybox:1.36

# Every later relative path starts here; an absolute path leaves no doubt where files land.
WORKDIR /srv/www

# Only the site goes into the image: the Dockerfile and anything else in the folder stay out.
COPY site/ /srv/www/

# "nobody" is a user with no rights that BusyBox ships with. A server that is broken into
# then holds no root powers inside the container.
USER nobody

# Ports below 1024 need root, so the server listens on 8080. EXPOSE only documents this;
# "docker run -p" is what really opens it to your machine.
EXPOSE 8080

# Exec form (a JSON list): httpd runs as the container's main process and gets Ctrl+C and
# "docker stop" directly. -f keeps it in the foreground, which a container needs.
CMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/srv/www"]
