# syntax=docker/dockerfile:1
# Atra in one container: build with the SDK, run on the ASP.NET runtime as a non-root user.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The status page's chart library comes from npm at build time (never committed).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore first, from the project files only, so the package layer is cached across source edits.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig Atra.sln appsettings.json ./
COPY Atra.Modules/Atra.Modules.csproj Atra.Modules/
COPY Atra.Host/Atra.Host.csproj Atra.Host/
RUN dotnet restore Atra.Host/Atra.Host.csproj
COPY Atra.Modules/ Atra.Modules/
COPY Atra.Host/ Atra.Host/
RUN dotnet publish Atra.Host/Atra.Host.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY samples/ ./samples/
# Data and logs live in volumes owned by the runtime image's non-root user ($APP_UID).
RUN mkdir -p /var/lib/atra /app/logs && chown -R $APP_UID:$APP_UID /var/lib/atra /app/logs
USER $APP_UID
# The service runs with tiered compilation (and so dynamic PGO) back on: the build turns it off for the one-shot
# CLI commands' hot loops, but the long-running API gains from PGO (api-bench.sh, signals page: ~50 instead of
# ~85 µs CPU per request). A backtest run inside the container inherits it; run it with DOTNET_TieredCompilation=0
# for full speed.
# Gen0 budget 32 MB: the default on a small VM is ~2 MB, which made an API request under load pay a gen0 GC every
# ~300 requests (1.77 per 1,000 vs 0.12 at 32 MB; ~5 % less CPU per request, api-bench.sh). Costs up to ~30 MB of RAM.
ENV ASPNETCORE_URLS=http://+:8080 \
    Urls=http://+:8080 \
    Storage__Sqlite=/var/lib/atra/atra.db \
    Storage__BackupFolder=/var/lib/atra/backups \
    Storage__LegacyUsersFile=/var/lib/atra/users.json \
    Logs__Folder=/app/logs \
    DOTNET_gcServer=0 \
    DOTNET_TieredCompilation=1 \
    DOTNET_GCgen0size=0x2000000
VOLUME ["/var/lib/atra", "/app/logs"]
EXPOSE 8080
# `atra health` exits 0 HEALTHY, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; Docker counts any non-zero as unhealthy,
# so WARNING is mapped to healthy here and only CRITICAL/UNKNOWN mark the container unhealthy.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD dotnet /app/atra.dll health --url http://localhost:8080 > /dev/null; s=$?; [ $s -le 1 ] || exit 1
ENTRYPOINT ["dotnet", "/app/atra.dll"]
CMD ["serve"]
