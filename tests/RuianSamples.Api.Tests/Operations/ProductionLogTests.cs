using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using RuianSamples.Api.Operations;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Operations;

/// <summary>The built API as an operator starts it (its own process, Production settings shipped beside it), logs read from stdout.</summary>
public sealed class ProductionLogTests : IDisposable
{
    private readonly string _data = TempPaths.NewDirectory("prodlog");
    private readonly ConcurrentQueue<string> _lines = new();
    private Process? _server;

    public void Dispose()
    {
        if (_server is { HasExited: false }) _server.Kill(entireProcessTree: true);
        _server?.WaitForExit(10_000);
        _server?.Dispose();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_production_run_logs_one_json_line_per_request_with_route_status_duration_and_trace_id()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "RuianSamples.Api.dll"), "--urls", "http://127.0.0.1:0", "--Catalog:DataDirectory", _data },
            WorkingDirectory = _data, // not the project: the settings shipped beside the binary must be found
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _server.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var address = await WaitFor(() => _lines.Select(Parse).Where(j => j?.GetProperty("Message").GetString()?.StartsWith("Now listening on", StringComparison.Ordinal) == true)
            .Select(j => j!.Value.GetProperty("State").GetProperty("address").GetString()).FirstOrDefault());
        // The host's start-up lines (Lifetime, at Information) follow "Now listening"; count from after the last of them.
        await WaitFor(() => _lines.Any(l => l.Contains("Content root path", StringComparison.Ordinal)) ? "" : null);
        var before = _lines.Count;

        using var client = new HttpClient { BaseAddress = new Uri(address!) };
        var traceIds = new Dictionary<string, (string Route, int Status)>();
        foreach (var (url, route, status) in new[] { ("/api/v1/samples/2", "/api/v1/samples/{numberOrSlug}", 200), ("/api/v1/samples/99", "/api/v1/samples/{numberOrSlug}", 404), ("/api/v1/figures?limit=abc", "/api/v1/figures/", 400) })
        {
            var response = await client.GetAsync(url);
            ((int)response.StatusCode).Should().Be(status, url);
            traceIds[response.Headers.GetValues(Observability.TraceIdHeader).Single()] = (route, status);
        }

        var requestLines = await WaitFor(() =>
        {
            var lines = _lines.Skip(before).ToList();
            return lines.Count(l => l.Contains("HttpLoggingMiddleware", StringComparison.Ordinal)) >= 3 ? lines : null;
        });
        await Task.Delay(300); // anything else the requests would log arrives now too
        // Start-up's own lines (Lifetime: "Application started", …) may still be arriving; everything else counts.
        requestLines = _lines.Skip(before).Where(l => !l.Contains("\"Category\":\"Microsoft.Hosting.Lifetime\"", StringComparison.Ordinal)).ToList();

        requestLines.Should().HaveCount(3, "one line per request, nothing else at the Production levels:\n" + string.Join("\n", requestLines));
        foreach (var line in requestLines)
        {
            var json = Parse(line);
            json.Should().NotBeNull($"every line is JSON: {line}");
            var state = json!.Value.GetProperty("State");
            var traceId = state.GetProperty("TraceId").GetString()!;
            traceIds.Should().ContainKey(traceId, "the logged trace id is the one returned to the client");
            state.GetProperty("Route").GetString().Should().Be(traceIds[traceId].Route);
            state.GetProperty("StatusCode").GetInt32().Should().Be(traceIds[traceId].Status);
            state.GetProperty("Duration").GetDouble().Should().BePositive();
        }
    }

    private static JsonElement? Parse(string line)
    {
        try { return JsonDocument.Parse(line).RootElement.Clone(); }
        catch (JsonException) { return null; }
    }

    private async Task<T> WaitFor<T>(Func<T?> probe) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (probe() is { } value) return value;
            if (_server!.HasExited) break;
            await Task.Delay(50);
        }
        throw new TimeoutException("the server did not log what was expected:\n" + string.Join("\n", _lines));
    }
}
