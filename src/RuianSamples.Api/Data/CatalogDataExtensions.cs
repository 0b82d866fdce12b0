using Dapper;
using Microsoft.Extensions.Options;
using RuianSamples.Api.Data.Seeding;

namespace RuianSamples.Api.Data;

public static class CatalogDataExtensions
{
    public static WebApplicationBuilder AddCatalogData(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CatalogOptions>(builder.Configuration.GetSection(CatalogOptions.Section));
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CatalogOptions>>().Value;
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("RuianSamples.Catalog");
            DatabaseInitializer.EnsureReady(options.DatabasePath, options.ResolvedSeedsDirectory, logger);
            var db = new CatalogDb(options.DatabasePath);
            db.MarkReady();
            return db;
        });
        foreach (var type in typeof(CatalogDataExtensions).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("Queries", StringComparison.Ordinal) && t.Namespace?.StartsWith("RuianSamples.Api", StringComparison.Ordinal) == true))
            builder.Services.AddSingleton(type);
        builder.Services.AddSingleton<Common.Vocabulary>();
        builder.Services.AddSingleton<VersionedCache>();
        builder.Services.AddSingleton<Samples.SampleReader>();
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
        catch (SeedValidationException e)
        {
            // A bad seed is a curator's mistake, not a crash: say which file and record, change nothing.
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("The database was not created. Fix the seeds and start again.");
            return 2;
        }
        catch (CatalogUnavailableException e)
        {
            Console.Error.WriteLine(e.Message);
            return e.ExitCode;
        }
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
