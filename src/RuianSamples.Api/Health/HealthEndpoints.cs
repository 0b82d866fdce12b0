using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.Data.Migrations;

namespace RuianSamples.Api.Health;

public static class HealthEndpoints
{
    public sealed record HealthStatus(string Status, int? SchemaVersion = null, string? DatasetVersion = null);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health");
        group.MapGet("/live", () => TypedResults.Ok(new HealthStatus("live"))).WithName("Live").WithQuery().ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Liveness: the process answers")
            .WithDescription("200 while the process runs; no dependency is checked.");
        group.MapGet("/ready", Ready).WithName("Ready").WithQuery().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Readiness: the database is reachable and migrated to the latest schema")
            .WithDescription("200 with the schema and dataset versions when ready; 503 problem otherwise.");
        return app;
    }

    public static Results<Ok<HealthStatus>, ProblemHttpResult> Ready(CatalogDb db)
    {
        try
        {
            // The same test every route makes (CatalogDb.Available), then a real read of this request's snapshot.
            if (!db.Available) return ApiProblems.Problem("unavailable", $"{db.Describe} cannot be read.");
            using var connection = db.OpenRead();
            var migrations = MigrationRunner.For(db.Engine);
            var version = migrations.Current(connection);
            if (version < migrations.LatestVersion)
                return ApiProblems.Problem("unavailable", $"The database is at schema version {version}; {migrations.LatestVersion} is required.");
            return TypedResults.Ok(new HealthStatus("ready", version, db.Version));
        }
        catch (CatalogUnavailableException)
        {
            return ApiProblems.Problem("unavailable", $"{db.Describe} cannot be read.");
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            return ApiProblems.Problem("unavailable", $"The database cannot be read: {e.SqliteErrorCode}.");
        }
        catch (Exception e) when (CatalogDb.IsUnavailable(e))
        {
            return ApiProblems.Problem("unavailable", $"{db.Describe} cannot be reached right now.");
        }
    }
}
