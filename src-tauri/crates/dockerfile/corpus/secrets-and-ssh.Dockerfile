FROM alpine:3.20 AS fetch
RUN apk add --no-cache git openssh-client
RUN mkdir -p -m 0700 ~/.ssh && ssh-keyscan github.com >> ~/.ssh/known_hosts
RUN --mount=type=ssh git clone git@github.com:example/private.git /src
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc,required=true \
    cat /root/.npmrc > /dev/null
RUN --network=none --security=sandbox echo "offline step"

FROM alpine:3.20
COPY --from=fetch --chmod=0444 /src/README.md /doc/README.md
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/archive.tar.gz /tmp/
ADD --link --chown=0:0 vendor.tar.gz /opt/vendor/
CMD cat /doc/README.md
