using Microsoft.Extensions.Options;
using RuianSamples.Api.Data.Seeding;

namespace RuianSamples.Api.Data;

/// <summary>
/// Maintenance commands: <c>reimport</c> builds a new database from seeds/ and swaps it in
/// atomically (refused while partner revisions are not exported); <c>check-seeds</c> validates
/// seeds/ without touching any database; <c>keys</c> and <c>export revisions</c> (Partners/KeyCommands);
/// <c>copy --to postgres</c> (Data/Postgres/CopyToPostgres).
/// </summary>
public static class CatalogCommands
{
    public static bool IsCommand(string arg) => arg is "reimport" or "check-seeds" or "healthcheck" or "keys" or "export" or "copy";

    /// <summary>
    /// Why the arguments cannot run, when a command follows an option (<c>-- --Catalog:DataDirectory=… keys create …</c>):
    /// only the first argument names a command, so these used to start the server on the default port instead, silently.
    /// </summary>
    public static string? MisplacedCommand(string[] args) =>
        args is [var first, .. var rest] && first.StartsWith('-') && rest.FirstOrDefault(IsCommand) is { } command
            ? $"'{command}' is a command and must come first, its options and settings after it: dotnet run --project src/RuianSamples.Api -- {command} … {first}"
            : null;

    public static int Run(WebApplicationBuilder builder, string[] args)
    {
        var options = CatalogOptions.From(builder.Configuration);
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
                case "keys":
                    return Partners.KeyCommands.Keys(options, args[1..]);
                case "export":
                    return Partners.KeyCommands.Export(options, args[1..]);
                case "copy":
                    return CopyToPostgres.Run(options, args[1..]);
                default:
                    // Partner revisions are refused like a shrinking catalog: one path, one exit code (6).
                    if (Partners.KeyCommands.ReimportRefusal(options, args.Contains("--force")) is { } refusal)
                        throw new ReimportRefusedException(refusal);
                    var allowShrink = args.Contains("--allow-shrink");
                    if (options.ResolvedEngine == CatalogEngine.Postgres)
                    {
                        using var db = CatalogDb.Create(options);
                        var replaced = DatabaseInitializer.Reimport(db, options.ResolvedSeedsDirectory, allowShrink);
                        Console.WriteLine($"re-imported {options.ResolvedSeedsDirectory} into {db.Describe}: {replaced.Records} records, dataset version {replaced.Version}; running instances are told at once");
                        return 0;
                    }
                    var result = DatabaseInitializer.Reimport(options.DatabasePath, options.ResolvedSeedsDirectory, allowShrink);
                    Console.WriteLine($"re-imported {options.ResolvedSeedsDirectory} into {options.DatabasePath}: {result.Records} records, dataset version {result.Version}; running servers pick it up within a second");
                    return 0;
            }
        }
        catch (Exception e) when (CatalogDataExtensions.ExitCodeFor(e, "Nothing was changed.") is { } exitCode)
        {
            return exitCode;
        }
    }
}
