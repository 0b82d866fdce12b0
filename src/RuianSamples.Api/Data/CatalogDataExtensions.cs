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

    /// <summary>Opens (and if need be creates) the database before the first request, so start-up fails loudly on bad seeds.</summary>
    public static WebApplication UseCatalogData(this WebApplication app)
    {
        app.Services.GetRequiredService<CatalogDb>();
        return app;
    }

    static CatalogDataExtensions() => DefaultTypeMap.MatchNamesWithUnderscores = true;
}
