ARG BASE_IMAGE=alpine
ARG BASE_TAG=3.20
FROM ${BASE_IMAGE}:${BASE_TAG} AS base
ARG BASE_TAG
ARG VERSION=0.0.0 COMMIT
LABEL version=$VERSION commit=$COMMIT base.tag=$BASE_TAG
RUN echo "building $VERSION ($COMMIT) on $BASE_TAG" > /build-info

FROM base AS test
RUN ["sh", "-c", "test -s /build-info"]

FROM base AS release
COPY --from=test /build-info /build-info
ENTRYPOINT ["/bin/sh", "-c"]
CMD ["cat /build-info"]
