# An image whose program runs as an ordinary user instead of root.
# Build and run it, and it prints who it runs as:
#   docker build -t non-root:1 .
#   docker run --rm non-root:1             → uid=999(app) gid=999(app) …

# A small Debian with a fixed tag, so every build starts from the same place.
FROM debian:12-slim

# One RUN makes one layer: install what the program needs, delete apt's package lists in the
# same step (else they stay in the layer for ever, even if a later step removes them), then
# create the user the program will run as. --no-install-recommends skips optional extras.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system app \
    && useradd --system --gid app --home-dir /home/app --create-home app

# The user's home is the working folder; later relative paths start here.
WORKDIR /home/app

# Files copied in belong to root unless told otherwise; --chown gives them to the user.
COPY --chown=app:app . /home/app/

# From here on (and when the container starts), commands run as "app", not root.
USER app

# Replace with your program. Exec form: no shell in between, signals reach it directly.
CMD ["id"]
