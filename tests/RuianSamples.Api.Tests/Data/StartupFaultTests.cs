using System.Net;
using System.Net.Sockets;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Data;

/// <summary>
/// Crashes and damaged files, with the real server process: kill -9 during the first import and
/// during a re-import must leave a database the next start serves in full; a file that cannot
/// serve stops the start with one line and a distinct exit code, never an unhandled exception.
/// </summary>
[Trait(Engines.Trait, Engines.SqliteOnly)] // the SQLite file itself: its header, journal, PRAGMAs, kill -9 of its writer
public class StartupFaultTests
{
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(60);

    private static async Task AssertServesFullCatalog(string dataDirectory)
    {
        using (var server = ServerProcess.Start(dataDirectory))
        {
            (await server.WaitReadyAsync(StartBudget)).Should().BeTrue($"the server starts cleanly after the crash; it said:\n{server.Output}");
            using var client = server.Client();
            var samples = await client.GetJson("/api/v1/samples?limit=100");
            samples.GetProperty("items").GetArrayLength().Should().Be(10);
            (await client.GetJson("/api/v1/figures?limit=1")).GetProperty("totalCount").GetInt32().Should().BeGreaterThan(400);
        }
        // As an operator checks it: the server stopped, a connection of its own (not one kept in this process's pool).
        using var db = new SqliteConnection(CatalogDb.WriteConnectionString(Path.Combine(dataDirectory, "catalog.db")));
        db.ExecuteScalar<string>("PRAGMA integrity_check").Should().Be("ok");
    }

    [Fact]
    public async Task Kill_9_during_the_first_import_is_followed_by_a_clean_start_that_serves_the_full_catalog()
    {
        var random = new Random(10);
        for (var round = 0; round < 4; round++)
        {
            var data = TempPaths.NewDirectory("kill-import");
            using (var server = ServerProcess.Start(data))
            {
                // The import takes about a second after the runtime starts: kill at different moments inside it.
                var deadline = DateTime.UtcNow.AddSeconds(20);
                while (!Directory.EnumerateFiles(data).Any() && DateTime.UtcNow < deadline) await Task.Delay(5);
                await Task.Delay(random.Next(0, 400));
                server.Kill9();
            }
            await AssertServesFullCatalog(data);
            Directory.EnumerateFiles(data).Where(f => f.Contains(".import-")).Should().BeEmpty("a crashed import's staging files are removed");
        }
    }

    [Fact]
    public async Task Kill_9_during_a_reimport_leaves_the_old_or_the_new_catalog_whole()
    {
        var data = TempPaths.NewDirectory("kill-reimport");
        DatabaseInitializer.EnsureReady(Path.Combine(data, "catalog.db"), TempPaths.ShippedSeeds);
        SqliteConnection.ClearAllPools();
        var random = new Random(11);
        for (var round = 0; round < 4; round++)
        {
            using (var reimport = ServerProcess.Start(data, "reimport"))
            {
                await Task.Delay(random.Next(150, 1200));
                reimport.Kill9();
            }
            await AssertServesFullCatalog(data);
        }
    }

    public static TheoryData<string, byte[]?> DamagedFiles => new()
    {
        { "a 0-byte file (truncated)", [] },
        { "a file whose header is garbage", Encoding.ASCII.GetBytes(new string('x', 4096)) },
    };

    [Theory]
    [MemberData(nameof(DamagedFiles))]
    public async Task A_file_that_is_not_a_catalog_stops_the_start_with_one_line_and_exit_code_3(string what, byte[]? content)
    {
        var data = TempPaths.NewDirectory("damaged");
        File.WriteAllBytes(Path.Combine(data, "catalog.db"), content!);

        using var server = ServerProcess.Start(data);
        var exit = await server.WaitExitAsync(StartBudget);

        exit.Should().Be(CatalogUnavailableException.Damaged, what);
        server.Output.Should().NotContain("Unhandled exception").And.NotContain("   at ");
        server.Output.Should().Contain("catalog.db");
        new FileInfo(Path.Combine(data, "catalog.db")).Length.Should().Be(content!.Length, "the file is left for its owner to inspect, never re-seeded");
    }

    [Fact]
    public async Task A_database_damaged_mid_file_is_refused_at_start_with_exit_code_3()
    {
        var data = TempPaths.NewDirectory("corrupt");
        var path = Path.Combine(data, "catalog.db");
        DatabaseInitializer.EnsureReady(path, TempPaths.ShippedSeeds);
        SqliteConnection.ClearAllPools();
        using (var file = File.OpenWrite(path))
        {
            // Scribble over pages in the middle: the header stays valid, the b-trees do not.
            file.Seek(file.Length / 2 / 4096 * 4096, SeekOrigin.Begin);
            file.Write(Enumerable.Repeat((byte)0x5a, 4096 * 8).ToArray());
        }

        using var server = ServerProcess.Start(data);
        var exit = await server.WaitExitAsync(StartBudget);

        exit.Should().Be(CatalogUnavailableException.Damaged, server.Output);
        server.Output.Should().Contain("damaged").And.NotContain("   at ");
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_stops_the_start_with_exit_code_4()
    {
        var blocker = Path.Combine(TempPaths.NewDirectory("blocked"), "a-file");
        File.WriteAllText(blocker, "not a directory");

        using var server = ServerProcess.Start(Path.Combine(blocker, "data"));
        var exit = await server.WaitExitAsync(StartBudget);

        exit.Should().Be(CatalogUnavailableException.NotWritable, server.Output);
        server.Output.Should().Contain("cannot be written").And.NotContain("   at ");
    }

    [Fact]
    public async Task A_request_body_that_trickles_in_gets_408_not_500()
    {
        var data = TempPaths.NewDirectory("slow-body");
        using var server = ServerProcess.Start(data);
        (await server.WaitReadyAsync(StartBudget)).Should().BeTrue(server.Output);

        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = socket.GetStream();
        var head = "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"query\":\"";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        // Kestrel's minimum body rate is 240 bytes/s after a 5 s grace period: send far less.
        var response = new StringBuilder();
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reader = stream.ReadAsync(buffer, cancel.Token).AsTask();
        while (!reader.IsCompleted && !cancel.IsCancellationRequested)
        {
            try { await stream.WriteAsync("a"u8.ToArray(), cancel.Token); } catch (IOException) { break; }
            await Task.WhenAny(reader, Task.Delay(500, cancel.Token));
        }
        var read = await reader;
        response.Append(Encoding.UTF8.GetString(buffer, 0, read));

        response.ToString().Should().StartWith("HTTP/1.1 408");
        server.Output.Should().NotContain("fail:").And.NotContain("   at ");
    }
}
