using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RuianSamples.Api.Tests.Infrastructure;

/// <summary>
/// The real HTTP pipeline over a real SQLite file. Each factory (one per test class via
/// IClassFixture) owns its own data directory, so no test sees data another created.
/// </summary>
public class CatalogFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = TempPaths.NewDirectory("catalog");

    public string? SeedsDirectory { get; init; }

    public string DatabasePath => Path.Combine(DataDirectory, "catalog.db");

    /// <summary>Fixtures send hundreds of requests from one (test) address; the limit has its own tests (Operations/RateLimitTests).</summary>
    public int? RateLimitPermits { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Catalog:DataDirectory", DataDirectory);
        if (SeedsDirectory is not null) builder.UseSetting("Catalog:SeedsDirectory", SeedsDirectory);
        builder.UseSetting("RateLimiting:Enabled", RateLimitPermits is null ? "false" : "true");
        if (RateLimitPermits is { } permits) builder.UseSetting("RateLimiting:PermitLimit", permits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseEnvironment("Production"); // no developer exception page: what users get
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
