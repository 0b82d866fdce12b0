using System.Net;
using RuianSamples.Api.Operations;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Operations;

/// <summary>The real server process records the methods its start compiled, beside the catalog, for the next start's multi-core JIT.</summary>
[Trait(Engines.Trait, Engines.SqliteOnly)] // the process and its data directory; the engine does not matter
public class StartupJitProfileTests
{
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(60);

    private static async Task StartServeAndStop(string data, params string[] arguments)
    {
        using var server = ServerProcess.Start(data, arguments);
        (await server.WaitReadyAsync(StartBudget)).Should().BeTrue(server.Output);
        (await server.Client().GetAsync("/api/v1/themes")).StatusCode.Should().Be(HttpStatusCode.OK);
        server.Terminate();
        (await server.WaitExitAsync(StartBudget)).Should().NotBeNull(server.Output);
    }

    [Fact]
    public async Task A_graceful_stop_leaves_the_starts_JIT_profile_beside_the_catalog_and_the_next_start_uses_it()
    {
        var data = TempPaths.NewDirectory("jit-profile");
        await StartServeAndStop(data);
        var profile = new FileInfo(Path.Combine(data, StartupJitProfile.FileName));
        profile.Exists.Should().BeTrue("the profile is written when the process stops");
        profile.Length.Should().BeGreaterThan(10_000, "it lists the methods compiled before and after the first response");

        await StartServeAndStop(data);
        File.Exists(Path.Combine(data, "catalog.db")).Should().BeTrue();
    }

    [Fact]
    public async Task It_can_be_switched_off()
    {
        var data = TempPaths.NewDirectory("jit-profile-off");
        await StartServeAndStop(data, "--Startup:JitProfile=false");
        File.Exists(Path.Combine(data, StartupJitProfile.FileName)).Should().BeFalse();
    }
}
