using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using RuianSamples.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RuianSamples.Api.Tests.Data.Postgres;

/// <summary>
/// PostgreSQL restarts under a running API (its own cluster, so other tests' server stays up):
/// requests fail fast with 503 problem details during the outage, never 500 or a hang, and the API
/// recovers by itself once the server is back.
/// </summary>
[Trait(Engines.Trait, Engines.PostgresOnly)]
public sealed class PostgresRestartTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _clusterDirectory = TempPaths.NewDirectory("pg-restart");
    private readonly int _port = FreePort();

    private string Cluster(string action)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { RepositoryFiles.PathOf("tools/postgres-cluster.sh"), action, _clusterDirectory, _port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(120_000).Should().BeTrue();
        process.ExitCode.Should().Be(0, stderr.Result);
        return stdout.Result;
    }

    [PostgresFact]
    public async Task A_restart_costs_503s_never_500s_or_a_hang_and_the_api_recovers_by_itself()
    {
        Cluster("start");
        var admin = $"Host=127.0.0.1;Port={_port};Username={(Environment.UserName == "root" ? "postgres" : Environment.UserName)};Database=postgres;Pooling=false";
        await using (var connection = new Npgsql.NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand("CREATE DATABASE ruian TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'", connection);
            await create.ExecuteNonQueryAsync();
        }
        var database = new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = "ruian", Pooling = true }.ConnectionString;
        using var server = ServerProcess.Start(TempPaths.NewDirectory("restart"), "--Catalog:Engine=postgres", $"--ConnectionStrings:Catalog={database}", "--RateLimiting:Enabled=false");
        (await server.WaitReadyAsync(TimeSpan.FromSeconds(90))).Should().BeTrue(server.Output);
        using var client = server.Client(TimeSpan.FromSeconds(15));
        (await client.GetAsync("/api/v1/samples/7")).StatusCode.Should().Be(HttpStatusCode.OK);

        Cluster("stop");
        var urls = new[] { "/api/v1/reforms?limit=7", "/api/v1/figures?limit=3", "/health/ready", "/api/v1/search?q=医保", "/api/v1/export/figures.csv" };
        foreach (var url in urls)
        {
            var timer = Stopwatch.StartNew();
            var response = await client.GetAsync(url);
            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, $"{url} during the outage: {await response.Content.ReadAsStringAsync()}");
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", url);
            timer.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), $"{url} must fail fast, not hang");
        }
        var graphql = await client.PostAsync("/graphql", new StringContent("""{"query":"{ reforms(first: 3) { nodes { slug } } }"}""", System.Text.Encoding.UTF8, "application/json"));
        ((int)graphql.StatusCode).Should().NotBe(500);
        (await graphql.Content.ReadAsStringAsync()).Should().NotContain("Npgsql").And.NotContain("SqlState");

        Cluster("start");
        var back = Stopwatch.StartNew();
        while ((await client.GetAsync("/api/v1/reforms?limit=7")).StatusCode != HttpStatusCode.OK)
        {
            back.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "the API recovers by itself");
            await Task.Delay(100);
        }
        output.WriteLine($"recovered {back.ElapsedMilliseconds} ms after PostgreSQL was back");
        foreach (var url in urls) (await client.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.OK, url);
        server.HasExited.Should().BeFalse();
    }

    public void Dispose()
    {
        try { Cluster("stop"); } catch (Exception) { /* already stopped */ }
        try { Directory.Delete(_clusterDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
