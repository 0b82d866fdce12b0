using System.Runtime.CompilerServices;

namespace RuianSamples.Api.Tests.Infrastructure;

internal static class TestModule
{
    // Before any test runs: SQLite's process-wide settings (the API's module initializer) come first, as in the server,
    // even when a test opens SQLite through Microsoft.Data.Sqlite before it touches the API.
#pragma warning disable CA2255 // this assembly is the application here
    [ModuleInitializer]
    internal static void Initialize() => RuianSamples.Api.Data.SqliteSettings.Apply();
#pragma warning restore CA2255
}
