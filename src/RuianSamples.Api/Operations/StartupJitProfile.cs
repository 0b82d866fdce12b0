using System.Runtime;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Operations;

/// <summary>
/// .NET's multi-core JIT (<see cref="ProfileOptimization"/>): a start records which methods it compiled, and the next
/// start compiles them on the other core before the main thread needs them. ReadyToRun leaves about 1,500 methods to the
/// JIT before the first response (generic instantiations over the framework's types, which framework-dependent
/// ReadyToRun cannot carry), on the critical path of a start that is otherwise single-threaded: about 100 ms of a
/// 0.55–0.7 s cold start on two cores (README, Performance). The profile is written when the process stops, beside the
/// catalog (Catalog:DataDirectory, <see cref="FileName"/>), so the first start on a new volume runs without it; a
/// profile written by another build is not used for the assemblies that changed. <c>Startup:JitProfile=false</c>
/// switches it off.
/// </summary>
public static class StartupJitProfile
{
    public const string FileName = "startup.jitprofile";

    public static WebApplicationBuilder AddStartupJitProfile(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue("Startup:JitProfile", true)) return builder;
        try
        {
            var directory = Path.GetFullPath(CatalogOptions.From(builder.Configuration).DataDirectory);
            Directory.CreateDirectory(directory);
            ProfileOptimization.SetProfileRoot(directory);
            ProfileOptimization.StartProfile(FileName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A data directory that cannot be made: the catalog says so as the start goes on; a start without a profile.
        }
        return builder;
    }
}
