using System.Diagnostics;
using System.Runtime.InteropServices;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Operations;

/// <summary>
/// Gives memory back to the machine when the server falls quiet (issue 17: several instances share a host). Under load
/// the GC keeps its young generation and freed regions committed, glibc keeps freed blocks in its arenas, and every
/// pooled SQLite read connection keeps a page cache of up to 2 MB; none of that is returned while nothing asks for it.
/// Once no request has started or been in flight for <c>Memory:TrimWhenIdleSeconds</c> (10 s; 0 switches it off), and
/// something ran since the last trim: SQLite's idle connections drop their caches (<c>PRAGMA shrink_memory</c>), the GC
/// compacts and decommits what it does not use (<see cref="GCCollectionMode.Aggressive"/>, made for this), and glibc
/// returns its arenas' free pages (<c>malloc_trim</c>). A request that arrives meanwhile waits for the collection
/// (tens of milliseconds on this catalog) and then finds cold caches, as after a start.
/// </summary>
public static class IdleMemoryTrim
{
    public static WebApplicationBuilder AddIdleMemoryTrim(this WebApplicationBuilder builder)
    {
        var seconds = builder.Configuration.GetValue("Memory:TrimWhenIdleSeconds", 10.0);
        builder.Services.AddSingleton(new RequestActivity());
        if (seconds > 0)
        {
            builder.Services.AddSingleton(services => new IdleMemoryTrimmer(
                services.GetRequiredService<RequestActivity>(), services.GetRequiredService<CatalogDb>(),
                services.GetRequiredService<ILogger<IdleMemoryTrimmer>>(), TimeSpan.FromSeconds(seconds)));
            builder.Services.AddHostedService(services => services.GetRequiredService<IdleMemoryTrimmer>());
        }
        return builder;
    }

    /// <summary>
    /// Counts requests as they start and end, for the trimmer to know the server is quiet. Health probes and metric
    /// scrapes are not activity: an orchestrator asks every few seconds, and a server that only answers them is quiet.
    /// </summary>
    public static WebApplication UseIdleMemoryTrim(this WebApplication app)
    {
        if (app.Services.GetService<IdleMemoryTrimmer>() is null) return app; // switched off: nothing to count for
        var activity = app.Services.GetRequiredService<RequestActivity>();
        app.Use((context, next) =>
            context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments(Observability.MetricsPath)
                ? next(context)
                : Counted(activity, context, next));
        return app;
    }

    private static async Task Counted(RequestActivity activity, HttpContext context, RequestDelegate next)
    {
        activity.Started();
        try
        {
            await next(context);
        }
        finally
        {
            activity.Ended();
        }
    }
}

/// <summary>Requests started so far and in flight now.</summary>
public sealed class RequestActivity
{
    private long _started;
    private int _inFlight;

    public long StartedCount => Volatile.Read(ref _started);
    public int InFlight => Volatile.Read(ref _inFlight);

    internal void Started()
    {
        Interlocked.Increment(ref _started);
        Interlocked.Increment(ref _inFlight);
    }

    internal void Ended() => Interlocked.Decrement(ref _inFlight);
}

/// <summary>
/// When to trim: quiet for a whole period (no request started, none in flight), and something ran since the last trim
/// (the start counts), so an idle server trims once and then stays still.
/// </summary>
public sealed class IdleWatch(TimeSpan quietFor)
{
    private long _seenStarted = -1;
    private long _trimmedAtStarted = -1;
    private long _quietSince;

    /// <summary>Called now and then with the counts; true when a trim is due (and counts it as done).</summary>
    public bool Due(long started, int inFlight, long nowTimestamp)
    {
        if (started != _seenStarted || inFlight > 0)
        {
            _seenStarted = started;
            _quietSince = nowTimestamp;
            return false;
        }
        if (started == _trimmedAtStarted || Stopwatch.GetElapsedTime(_quietSince, nowTimestamp) < quietFor) return false;
        _trimmedAtStarted = started;
        return true;
    }
}

internal sealed partial class IdleMemoryTrimmer(RequestActivity activity, CatalogDb db, ILogger<IdleMemoryTrimmer> logger, TimeSpan quietFor)
    : BackgroundService
{
    private static bool s_mallocTrim = OperatingSystem.IsLinux();
    private int _trims;

    /// <summary>How many trims this process has made (tests, diagnostics).</summary>
    public int Trims => Volatile.Read(ref _trims);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watch = new IdleWatch(quietFor);
        // Looked at four times a period: a trim comes between one and one and a quarter periods after the last request.
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Max(quietFor.Ticks / 4, TimeSpan.TicksPerMillisecond * 10)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                if (watch.Due(activity.StartedCount, activity.InFlight, Stopwatch.GetTimestamp()))
                    Trim();
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal void Trim()
    {
        var started = Stopwatch.GetTimestamp();
        var heapBefore = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var connections = db.ReleaseIdleReadMemory();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (s_mallocTrim)
        {
            try
            {
                MallocTrim(0);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                s_mallocTrim = false; // not glibc (musl, say): its allocator returns memory its own way
            }
        }
        Interlocked.Increment(ref _trims);
        LogTrimmed(logger, connections, heapBefore >> 20, GC.GetGCMemoryInfo().TotalCommittedBytes >> 20,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "Quiet: memory given back ({Connections} SQLite read connections' caches; GC committed {BeforeMb} -> {AfterMb} MB) in {Ms:F0} ms")]
    private static partial void LogTrimmed(ILogger logger, int connections, long beforeMb, long afterMb, double ms);
}
