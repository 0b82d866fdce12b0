# Multi-stage: build with the SDK, run on the ASP.NET runtime as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm bundles the GraphiQL IDE during the build (tools/graphiql).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/RuianSamples.Api/RuianSamples.Api.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The database lives in a volume; an empty volume is seeded on first start and never overwritten after.
ENV Catalog__DataDirectory=/data \
    ASPNETCORE_URLS=http://+:8080
RUN mkdir -p /data && chown app:app /data
VOLUME ["/data"]
USER app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD ["dotnet", "RuianSamples.Api.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "RuianSamples.Api.dll"]
