using Dapper;
using Microsoft.Extensions.Options;
using RuianSamples.Api.Data.Seeding;

namespace RuianSamples.Api.Data;

public static class CatalogDataExtensions
{
    public static WebApplicationBuilder AddCatalogData(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CatalogOptions>(builder.Configuration.GetSection(CatalogOptions.Section));
        builder.Services.PostConfigure<CatalogOptions>(o => o.ConnectionString ??= builder.Configuration.GetConnectionString("Catalog"));
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CatalogOptions>>().Value;
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("RuianSamples.Catalog");
            return CatalogDb.Create(options, logger);
        });
        // Several instances on one PostgreSQL: each hears the others' writes at once (LISTEN/NOTIFY).
        if (CatalogOptions.From(builder.Configuration).ResolvedEngine == CatalogEngine.Postgres)
            builder.Services.AddHostedService(sp =>
            {
                var db = sp.GetRequiredService<CatalogDb>();
                return new PostgresChangeListener(db, db.PostgresDataSource!, sp.GetRequiredService<ILogger<PostgresChangeListener>>());
            });
        foreach (var type in typeof(CatalogDataExtensions).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("Queries", StringComparison.Ordinal) && t.Namespace?.StartsWith("RuianSamples.Api", StringComparison.Ordinal) == true))
            builder.Services.AddSingleton(type);
        builder.Services.AddSingleton<Common.Vocabulary>();
        builder.Services.AddSingleton<VersionedCache>();
        builder.Services.AddSingleton<Samples.SampleReader>();
        builder.Services.AddSingleton<Materialised.RecordDocumentQueries>();
        builder.Services.AddSingleton<Reforms.ReformReader>();
        return builder;
    }

    /// <summary>
    /// Opens (and if need be creates) the database before the first request, so start-up fails
    /// loudly: null when ready, else the exit code, after one line on standard error saying why.
    /// </summary>
    public static int? OpenCatalog(this WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<CatalogDb>();
            return null;
        }
        catch (Exception e) when (ExitCodeFor(e, "The database was not created or changed. Fix the cause and start again.") is { } exitCode)
        {
            return exitCode;
        }
    }

    /// <summary>
    /// The one translation of the catalog's expected failures into a process exit: the reason on
    /// standard error (one line, or one per seed problem), then the exit code; null for anything else
    /// (a defect, which stays an unhandled exception). 2: invalid seeds; 3–5: see CatalogUnavailableException; 6: a refused re-import.
    /// </summary>
    public static int? ExitCodeFor(Exception e, string unchanged)
    {
        var code = e switch
        {
            SeedValidationException => 2,
            CatalogUnavailableException unavailable => unavailable.ExitCode,
            ReimportRefusedException => 6,
            _ => (int?)null,
        };
        if (code is null) return null;
        Console.Error.WriteLine(e.Message);
        if (e is not CatalogUnavailableException) Console.Error.WriteLine(unchanged);
        return code;
    }

    /// <summary>Names the dataset version a response was read from, so a client (or a test) can tell which one it got.</summary>
    public const string VersionHeader = "X-Dataset-Version";

    /// <summary>Every request reads one snapshot of the catalog (see <see cref="CatalogReadScope"/>).</summary>
    public static WebApplication UseCatalogReadScope(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            using var scope = context.RequestServices.GetRequiredService<CatalogDb>().BeginScope(context.RequestAborted);
            context.Response.OnStarting(() =>
            {
                if (scope.HasSnapshot && !context.Response.Headers.ContainsKey(VersionHeader))
                    context.Response.Headers[VersionHeader] = scope.Version;
                return Task.CompletedTask;
            });
            await next(context);
        });
        return app;
    }

    static CatalogDataExtensions() => DefaultTypeMap.MatchNamesWithUnderscores = true;
}
