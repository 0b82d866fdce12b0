using Microsoft.Extensions.Options;
using RuianSamples.Api.Data.Seeding;

namespace RuianSamples.Api.Data;

/// <summary>
/// Maintenance commands: <c>reimport</c> builds a new database from seeds/ and swaps it in
/// atomically; <c>check-seeds</c> validates seeds/ without touching any database.
/// </summary>
public static class CatalogCommands
{
    public static bool IsCommand(string arg) => arg is "reimport" or "check-seeds" or "healthcheck";

    public static int Run(WebApplicationBuilder builder, string[] args)
    {
        var options = new CatalogOptions();
        builder.Configuration.GetSection(CatalogOptions.Section).Bind(options);
        try
        {
            switch (args[0])
            {
                case "healthcheck":
                    // For Docker's HEALTHCHECK: the runtime image has no curl.
                    using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) })
                    {
                        var url = Environment.GetEnvironmentVariable("HEALTHCHECK_URL") ?? "http://127.0.0.1:8080/health/ready";
                        try { return http.GetAsync(url).GetAwaiter().GetResult().IsSuccessStatusCode ? 0 : 1; }
                        catch (HttpRequestException) { return 1; }
                        catch (TaskCanceledException) { return 1; }
                    }
                case "check-seeds":
                    var seeds = SeedLoader.Load(options.ResolvedSeedsDirectory);
                    Console.WriteLine($"seeds OK: {seeds.Sources.Count} sources, {seeds.Samples.Count} samples, {seeds.Reforms.Count} reforms, {seeds.Figures.Count} figures (version {seeds.Version})");
                    return 0;
                default:
                    var result = DatabaseInitializer.Reimport(options.DatabasePath, options.ResolvedSeedsDirectory, allowShrink: args.Contains("--allow-shrink"));
                    Console.WriteLine($"re-imported {options.ResolvedSeedsDirectory} into {options.DatabasePath}: {result.Records} records, dataset version {result.Version}; running servers pick it up within a second");
                    return 0;
            }
        }
        catch (ReimportRefusedException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("Nothing was changed.");
            return 6;
        }
        catch (CatalogUnavailableException e)
        {
            Console.Error.WriteLine(e.Message);
            return e.ExitCode;
        }
        catch (SeedValidationException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("Nothing was changed.");
            return 2;
        }
    }
}
