# Multi-stage, multi-architecture build of the platform image (linux/amd64 and linux/arm64):
#   docker build -t platform:local .                                     (this machine's architecture)
#   docker buildx build --platform linux/amd64,linux/arm64 -t platform:local .
# The SDK stage runs on the build machine's own architecture (no emulation: .NET cross-publishes);
# the runtime stage is the target's, with the target's native SQLite (SQLitePCLRaw ships both).
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Set by BuildKit and podman; empty with Docker's classic builder, which builds for its own machine.
ARG TARGETARCH
WORKDIR /src
# Only what the publish reads: edits to tests, docs or deploy scripts keep the cached publish layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
COPY samples/ samples/
# ReadyToRun: precompiled code starts the platform about a quarter faster than JIT alone.
RUN arch="${TARGETARCH:-$(dpkg --print-architecture)}" \
 && case "$arch" in amd64|x86_64) rid=linux-x64 ;; arm64|aarch64) rid=linux-arm64 ;; *) echo "unsupported architecture $arch" >&2; exit 1 ;; esac \
 && dotnet publish src/Host/Platform.Host.csproj -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o /app \
 && dotnet build samples/ObjectSummary/ObjectSummary.csproj -c Release

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# The interpreters the managed runtimes run functions on (python3.x → python3 with boto3, as Lambda's
# Python runtimes include it; nodejs*.x → node) and that `runtime: process` commands name (/usr/bin/python3).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-boto3 nodejs \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY --from=build /src/samples /samples
ENV DOTNET_gcServer=0
EXPOSE 4566
VOLUME /data
HEALTHCHECK --interval=5s --timeout=2s --retries=10 \
  CMD ["dotnet", "/app/platform.dll", "health", "--port", "4566"]
ENTRYPOINT ["dotnet", "/app/platform.dll"]
CMD ["up", "--host", "0.0.0.0", "--port", "4566", "--data-dir", "/data", "--config", "/samples/platform.yaml"]
