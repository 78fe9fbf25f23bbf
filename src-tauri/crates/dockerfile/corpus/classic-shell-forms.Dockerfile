FROM ubuntu:22.04
MAINTAINER Jane Doe <jane@example.com>
ENV DEBIAN_FRONTEND noninteractive
ENV LANG C.UTF-8
RUN apt-get update && \
    # tools for the build
    apt-get install -y \
        build-essential \

        curl && \
    rm -rf /var/lib/apt/lists/*
ADD app.tar.gz /opt/
workdir /opt/app
run make
Expose 9000
VOLUME /var/log/app /var/lib/app
USER daemon
CMD ./bin/app --config /etc/app.conf
