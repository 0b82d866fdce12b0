using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RuianSamples.Api.Tests.Infrastructure;

/// <summary>
/// The real HTTP pipeline over a real database: a SQLite file, or with RUIAN_TEST_ENGINE=postgres a
/// PostgreSQL database (see <see cref="TestEngine"/>). Each factory (one per test class via
/// IClassFixture) owns its own data directory and database, so no test sees data another created.
/// </summary>
public class CatalogFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = TempPaths.NewDirectory("catalog");

    public string? SeedsDirectory { get; init; }

    public string DatabasePath => Path.Combine(DataDirectory, "catalog.db");

    /// <summary>On PostgreSQL: this factory's own database (created on first use).</summary>
    public string? PostgresConnectionString => _postgres?.Value;

    private readonly Lazy<string>? _postgres;

    public CatalogFactory()
    {
        if (TestEngine.IsPostgres) _postgres = new Lazy<string>(() => TestEngine.CreateDatabase(seeded: SeedsDirectory is null));
    }

    /// <summary>Fixtures send hundreds of requests from one (test) address; the limit has its own tests (Operations/RateLimitTests).</summary>
    public int? RateLimitPermits { get; init; }

    /// <summary>Memory:TrimWhenIdleSeconds (0, off, unless a test asks).</summary>
    public double TrimWhenIdleSeconds { get; init; }

    /// <summary>A connection to this factory's own database (SQLite file or PostgreSQL database), as an administrator's tool would open it.</summary>
    public System.Data.Common.DbConnection OpenDatabase()
    {
        _ = Services; // the host creates and migrates the database
        // PostgreSQL: wrapped as the API wraps its own, so list parameters and NOTIFY behave as in the API.
        System.Data.Common.DbConnection connection = PostgresConnectionString is { } postgres
            ? new RuianSamples.Api.Data.PortableConnection(new Npgsql.NpgsqlConnection(postgres), Services.GetRequiredService<RuianSamples.Api.Data.CatalogDb>())
            : new Microsoft.Data.Sqlite.SqliteConnection(RuianSamples.Api.Data.CatalogDb.WriteConnectionString(DatabasePath));
        connection.Open();
        return connection;
    }

    /// <summary>The <c>reimport</c> command's work against this factory's database, on either engine; the new version.</summary>
    public string Reimport(string seeds, bool allowShrink = false)
    {
        _ = Services;
        if (PostgresConnectionString is null) return RuianSamples.Api.Data.DatabaseInitializer.Reimport(DatabasePath, seeds, allowShrink).Version;
        using var db = RuianSamples.Api.Data.CatalogDb.Create(new RuianSamples.Api.Data.CatalogOptions { Engine = "postgres", ConnectionString = PostgresConnectionString, SeedsDirectory = seeds });
        return RuianSamples.Api.Data.DatabaseInitializer.Reimport(db, seeds, allowShrink).Version;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Catalog:DataDirectory", DataDirectory);
        if (_postgres is not null)
        {
            builder.UseSetting("Catalog:Engine", "postgres");
            builder.UseSetting("ConnectionStrings:Catalog", _postgres.Value);
        }
        if (SeedsDirectory is not null) builder.UseSetting("Catalog:SeedsDirectory", SeedsDirectory);
        builder.UseSetting("RateLimiting:Enabled", RateLimitPermits is null ? "false" : "true");
        // Dozens of fixtures idle in one test process: their quiet-time trims (a full blocking GC each) would stall the
        // others; Operations/IdleMemoryTrimTests turns it on.
        builder.UseSetting("Memory:TrimWhenIdleSeconds", TrimWhenIdleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (RateLimitPermits is { } permits) builder.UseSetting("RateLimiting:PermitLimit", permits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseEnvironment("Production"); // no developer exception page: what users get
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgres is { IsValueCreated: true }) TestEngine.DropDatabase(_postgres.Value);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}

public static class TempPaths
{
    public static string NewDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), "ruiansamples-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The seeds shipped with the API (copied next to the test binaries).</summary>
    public static string ShippedSeeds => Path.Combine(AppContext.BaseDirectory, "seeds");

    /// <summary>A new SQLite catalog of the shipped seeds, in a directory of its own, opened as the API opens it.</summary>
    public static RuianSamples.Api.Data.CatalogDb NewSqliteCatalog(string prefix)
    {
        var path = Path.Combine(NewDirectory(prefix), "catalog.db");
        RuianSamples.Api.Data.DatabaseInitializer.EnsureReady(path, ShippedSeeds);
        var db = new RuianSamples.Api.Data.CatalogDb(path);
        db.MarkReady();
        return db;
    }

    /// <summary>A private, writable copy of the shipped seeds, to plant mistakes in.</summary>
    public static string CopyOfSeeds()
    {
        var target = NewDirectory("seeds");
        foreach (var file in Directory.GetFiles(ShippedSeeds, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(ShippedSeeds, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }
}
