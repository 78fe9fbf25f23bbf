# A Go program built in one stage and shipped in another, so the final image holds the
# program and nothing else: no compiler, no source code.
#   docker build -t my-go-app:1 .
#   docker run -d -p 8080:8080 my-go-app:1

# Stage 1, named "build": the full Go toolchain.
FROM golang:1.23-bookworm AS build

WORKDIR /src

# go.mod (and go.sum, when there is one: the * matches whichever exist) first, then download
# the modules. This layer is reused from the cache until the dependencies change.
COPY go.* ./
RUN go mod download

COPY . .

# A static binary (no C libraries needed), without debug tables, so it runs on a bare image.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .

# Stage 2: a minimal base with no shell or package manager. Its "nonroot" tag comes with an
# unprivileged user already set up.
FROM gcr.io/distroless/static-debian12:nonroot

# Only the built program is taken from the build stage.
COPY --from=build /out/app /app

# Said again here so no reader has to know the base's default.
USER nonroot:nonroot

EXPOSE 8080

# ENTRYPOINT makes the container behave like the program: arguments given to "docker run"
# after the image name are passed to it.
ENTRYPOINT ["/app"]
