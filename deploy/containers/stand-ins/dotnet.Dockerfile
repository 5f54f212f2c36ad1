# Stand-in for mcr.microsoft.com/dotnet/sdk:10.0 and mcr.microsoft.com/dotnet/aspnet:10.0 (one image
# tagged with both names): the host's .NET on Debian, trusting the host's certificate authorities
# (NuGet restore inside a build fails with NU1301 UntrustedRoot otherwise).
FROM local/debian:bookworm
RUN cp -a /host-dotnet /usr/share/dotnet && ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && cp /host-certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_ROOT=/usr/share/dotnet APP_UID=1654
