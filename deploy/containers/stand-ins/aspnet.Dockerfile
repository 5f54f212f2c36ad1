# Stand-in for mcr.microsoft.com/dotnet/aspnet:10.0: the host's .NET runtimes (no SDK) on Debian.
FROM local/debian:bookworm
RUN mkdir -p /usr/share/dotnet && cp -a /host-dotnet/dotnet /host-dotnet/host /host-dotnet/shared /usr/share/dotnet/ \
 && ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet APP_UID=1654
