# Stand-in for mcr.microsoft.com/dotnet/sdk:10.0: the host's .NET SDK on Debian, trusting the host's
# certificate authorities (NuGet restore inside a build fails with NU1301 UntrustedRoot otherwise).
FROM local/debian:bookworm
RUN cp -a /host-dotnet /usr/share/dotnet && ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && cp /host-certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_ROOT=/usr/share/dotnet
