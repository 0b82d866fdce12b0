# Multi-stage: build with the SDK, run on the ASP.NET runtime as a non-root user.
# Image budget (README, Docker): at most 260 MB uncompressed; the app layer about 25 MB.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm bundles the GraphiQL IDE and the site's scripts during the build (tools/graphiql, tools/site).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore in its own layer: it is rebuilt only when a project file changes, not on every source edit.
COPY Directory.Build.props RuianSamples.sln ./
COPY src/RuianSamples.Api/RuianSamples.Api.csproj src/RuianSamples.Api/
RUN dotnet restore src/RuianSamples.Api/RuianSamples.Api.csproj --runtime linux-x64 -p:PublishReadyToRun=true
COPY . .
# linux-x64 only: the native SQLite library for one platform instead of 22.
RUN dotnet publish src/RuianSamples.Api/RuianSamples.Api.csproj -c Release --runtime linux-x64 --self-contained false --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# busybox-static (about 1 MB, one static binary): its wget is the healthcheck's HTTP probe; the runtime image has no curl.
# No CJK fonts: nothing in this image draws Chinese text (pages are rendered by the readers' browsers); add
# fonts-noto-cjk here if server-side rendering (images, PDF) ever arrives.
RUN apt-get update && apt-get install -y --no-install-recommends busybox-static && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# The database lives in a volume; an empty volume is seeded on first start and never overwritten after.
ENV Catalog__DataDirectory=/data \
    ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production
RUN mkdir -p /data && chown app:app /data
VOLUME ["/data"]
USER app
EXPOSE 8080
# One HTTP request to the readiness probe (exempt from the rate limit), not a second .NET process.
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
  CMD ["busybox", "wget", "-q", "-T", "2", "-O", "/dev/null", "http://127.0.0.1:8080/health/ready"]
ENTRYPOINT ["dotnet", "RuianSamples.Api.dll"]
