# The node image the Helm chart runs: docker build -t ghcr.io/filtering-node/filtering-node:0.1.0 .
# Two stages: the wheel and its dependencies are built with the compiler, the runtime
# stage gets only the installed packages, runs as uid 101 and needs no writable root.
FROM python:3.11-slim-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml setup.py README.md LICENSE ./
COPY node ./node
RUN python -m venv /opt/node && /opt/node/bin/pip install --no-cache-dir .

FROM python:3.11-slim-bookworm
RUN groupadd --system --gid 101 node \
    && useradd --system --uid 101 --gid 101 --no-create-home --shell /usr/sbin/nologin node
COPY --from=build /opt/node /opt/node
ENV PATH=/opt/node/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
USER 101:101
# connector, health, metrics, aggregation API
EXPOSE 18443 18080 9090 3313
ENTRYPOINT ["filtering-node"]
CMD ["serve", "--config", "/etc/filtering-node/node.yaml"]
