using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RuianSamples.Api.Tests.Partners;

/// <summary>
/// A write acknowledged with 2xx survives kill -9: the real server (the built dll, not
/// WebApplicationFactory), concurrent writers, SIGKILL at a random moment, restart, and every
/// acknowledged revision is there; the file passes PRAGMA integrity_check.
/// </summary>
[Trait(Engines.Trait, Engines.SqliteOnly)] // the SQLite file itself: its header, journal, PRAGMAs, kill -9 of its writer
public partial class DurabilityTests(ITestOutputHelper output)
{
    private const int Repetitions = 20;
    private const int Writers = 4;

    [GeneratedRegex(@"Now listening on: (http://[^\s""\\]+)")]
    private static partial Regex Listening();

    private static string ApiDll => Path.Combine(AppContext.BaseDirectory, "RuianSamples.Api.dll");

    private static ProcessStartInfo Start(string dataDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ApiDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["Catalog__DataDirectory"] = dataDirectory;
        info.Environment["Writes__PerMinute"] = "1000000";
        info.Environment["Writes__Burst"] = "1000000";
        info.Environment["RateLimiting__Enabled"] = "false"; // durability, not limits, is under test here
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return info;
    }

    private sealed class Server(Process process, string url) : IDisposable
    {
        public Process Process { get; } = process;
        public string Url { get; } = url;

        public static async Task<Server> StartAsync(string dataDirectory)
        {
            var process = Process.Start(Start(dataDirectory, "--urls", "http://127.0.0.1:0"))!;
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
                if (line is null) break;
                if (Listening().Match(line) is { Success: true } m)
                {
                    // Keep draining stdout so the server never blocks on a full pipe.
                    _ = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is not null) { } });
                    return new Server(process, m.Groups[1].Value);
                }
            }
            process.Kill();
            throw new InvalidOperationException("the server did not start");
        }

        public void Kill9()
        {
            Process.Kill(); // SIGKILL on Unix: no shutdown, no flush
            Process.WaitForExit();
        }

        public void Dispose()
        {
            if (!Process.HasExited) Kill9();
            Process.Dispose();
        }
    }

    [Fact]
    public async Task Acknowledged_writes_survive_kill_9_under_concurrent_writers()
    {
        var data = TempPaths.NewDirectory("durability");
        try
        {
            // The key is made by the real command, as an administrator would (token on the last line).
            var keys = Process.Start(Start(data, "keys", "create", "--name", "瑞安市统计局", "--region", "ruian", "--scope", "figures:write,sources:write"))!;
            var stdout = await keys.StandardOutput.ReadToEndAsync();
            await keys.WaitForExitAsync();
            keys.ExitCode.Should().Be(0, stdout + await keys.StandardError.ReadToEndAsync());
            var token = stdout.TrimEnd().Split('\n')[^1].Trim();
            token.Should().StartWith("rsk_");

            var acknowledged = new ConcurrentDictionary<string, long>(); // figure key → highest acknowledged revision
            var random = new Random(11);
            var stopwatch = Stopwatch.StartNew();
            var totalAcknowledged = 0;
            var failedInFlight = 0;
            string? source = null;
            var database = Path.Combine(data, "catalog.db");
            for (var rep = 0; rep < Repetitions; rep++)
            {
                using (var server = await Server.StartAsync(data))
                using (var http = new HttpClient { BaseAddress = new Uri(server.Url), Timeout = TimeSpan.FromSeconds(20) })
                {
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    if (source is null)
                    {
                        source = "durability-" + Guid.NewGuid().ToString("N")[..8];
                        (await http.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source(source))).StatusCode.Should().Be(HttpStatusCode.Created);
                    }

                    using var stop = new CancellationTokenSource();
                    // Killed only once a POST and a PATCH have both been acknowledged in this round, then at a random moment.
                    var firstCorrection = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
                    {
                        while (!stop.IsCancellationRequested)
                        {
                            try
                            {
                                var created = await http.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(source), idempotencyKey: Guid.NewGuid().ToString());
                                if (!created.IsSuccessStatusCode) throw new InvalidOperationException($"POST answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
                                var key = created.Headers.Location!.ToString().Split('/')[^1];
                                acknowledged[key] = 1;
                                Interlocked.Increment(ref totalAcknowledged);
                                var corrected = await http.Send(HttpMethod.Patch, created.Headers.Location!.ToString(), PartnerSamples.Correction, "application/merge-patch+json", ifMatch: created.Headers.ETag!.Tag);
                                if (!corrected.IsSuccessStatusCode) throw new InvalidOperationException($"PATCH answered {(int)corrected.StatusCode}: {await corrected.Content.ReadAsStringAsync()}");
                                acknowledged[key] = 2;
                                Interlocked.Increment(ref totalAcknowledged);
                                firstCorrection.TrySetResult();
                            }
                            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                            {
                                Interlocked.Increment(ref failedInFlight); // the server died under this request: not acknowledged
                                return;
                            }
                        }
                    })).ToList();
                    await firstCorrection.Task.WaitAsync(TimeSpan.FromSeconds(30));
                    await Task.Delay(random.Next(0, 300));
                    server.Kill9();
                    stop.Cancel();
                    await Task.WhenAll(writers);
                }

                // After each kill, as an operator would look (server stopped, a connection of its own): the file is sound
                // and every write acknowledged before it is there, at least at its acknowledged revision.
                using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(CatalogDb.WriteConnectionString(database)) { Pooling = false }.ToString());
                connection.Open();
                connection.ExecuteScalar<string>("PRAGMA integrity_check").Should().Be("ok", $"after kill {rep + 1}");
                var stored = connection.Query<(string Key, long Revision)>("SELECT key, revision FROM figures WHERE key IN @Keys", new { Keys = acknowledged.Keys.ToList() })
                    .ToDictionary(f => f.Key, f => f.Revision);
                foreach (var (key, revision) in acknowledged)
                    stored.GetValueOrDefault(key).Should().BeGreaterThanOrEqualTo(revision, $"{key} was acknowledged at revision {revision} (kill {rep + 1})");
            }

            // The restarted server serves every acknowledged write.
            using (var server = await Server.StartAsync(data))
            using (var http = new HttpClient { BaseAddress = new Uri(server.Url) })
            {
                var served = new Dictionary<string, long>();
                for (string? cursor = ""; cursor is not null;)
                {
                    var page = await http.GetJson($"/api/v1/figures?source={source}&limit=100{(cursor.Length > 0 ? "&cursor=" + Uri.EscapeDataString(cursor) : "")}");
                    foreach (var figure in page.GetProperty("items").EnumerateArray()) served[figure.GetProperty("id").GetString()!] = figure.GetProperty("revision").GetInt64();
                    cursor = page.GetProperty("next").ValueKind == System.Text.Json.JsonValueKind.String ? page.GetProperty("next").GetString() : null;
                }
                foreach (var (key, revision) in acknowledged) served.GetValueOrDefault(key).Should().BeGreaterThanOrEqualTo(revision, key);
            }
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder(CatalogDb.WriteConnectionString(database)) { Pooling = false }.ToString()))
            {
                connection.Open();
                var revisions = connection.ExecuteScalar<long>("SELECT count(*) FROM revisions WHERE record_type = 'figure'");
                revisions.Should().BeGreaterThanOrEqualTo(totalAcknowledged);
                output.WriteLine($"kill -9 x{Repetitions}: {totalAcknowledged} acknowledged writes ({acknowledged.Count} figures created, "
                    + $"{acknowledged.Values.Count(r => r == 2)} of them corrected), all present after every kill; {revisions} figure revisions committed; "
                    + $"{failedInFlight} requests cut off by the kills; integrity_check ok after each; {stopwatch.Elapsed.TotalSeconds:F1} s");
            }
            totalAcknowledged.Should().BeGreaterThan(2 * Repetitions, "each round acknowledges a POST and a PATCH before its kill");

            // keys list (the real command) shows the key and when it was last used.
            var list = Process.Start(Start(data, "keys", "list"))!;
            var listed = await list.StandardOutput.ReadToEndAsync();
            await list.WaitForExitAsync();
            var row = listed.Split('\n').Single(l => l.Contains("瑞安市统计局", StringComparison.Ordinal)).Split('\t');
            row[2].Should().Be("ruian");
            row[5].Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T", "last used is recorded");
            row[7].Should().Be(token[..10] + "…");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }
}
