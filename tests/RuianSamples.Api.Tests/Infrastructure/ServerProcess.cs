using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RuianSamples.Api.Tests.Infrastructure;

/// <summary>
/// The built API as a real operating-system process (Kestrel, its own data directory, a free
/// loopback port), for what WebApplicationFactory cannot show: kill -9, exit codes, start-up
/// lines, socket-level timeouts.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }
    public Uri BaseAddress { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote to standard output and error so far.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts the server (or, with <paramref name="arguments"/> naming a command, that command) on a data directory of its own.</summary>
    public static ServerProcess Start(string dataDirectory, params string[] arguments)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RuianSamples.Api.dll"));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        info.ArgumentList.Add($"--Catalog:DataDirectory={dataDirectory}");
        info.ArgumentList.Add($"--Catalog:SeedsDirectory={TempPaths.ShippedSeeds}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_gcServer"] = "0";
        return new ServerProcess(Process.Start(info)!, port);
    }

    public HttpClient Client(TimeSpan? timeout = null) => new() { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(10) };

    /// <summary>Waits until /health/ready answers 200; false if the process exits or the time runs out.</summary>
    public async Task<bool> WaitReadyAsync(TimeSpan within)
    {
        using var client = Client(TimeSpan.FromSeconds(2));
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(50);
        }
        return false;
    }

    /// <summary>Waits for the process to exit by itself; its exit code, or null if it did not within the time.</summary>
    public async Task<int?> WaitExitAsync(TimeSpan within)
    {
        using var cancel = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            _process.WaitForExit(); // drains the output readers
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>kill -9: no shutdown, no flush, no finally blocks.</summary>
    /// <summary>SIGTERM, as a container stop or systemd sends: the host stops gracefully.</summary>
    public void Terminate()
    {
        if (_process.HasExited) return;
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Kill9()
    {
        if (_process.HasExited) return;
        using var kill = Process.Start("kill", ["-9", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.WaitForExit(10_000);
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
