namespace RuianSamples.Api.Tests.Infrastructure;

/// <summary>Files of the repository the tests run from (contracts under schema/, the README).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>UPDATE_CONTRACTS=1 rewrites the contract files from the code instead of failing.</summary>
    public static bool Update => Environment.GetEnvironmentVariable("UPDATE_CONTRACTS") == "1";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "RuianSamples.sln"))) return dir.FullName;
        throw new InvalidOperationException("RuianSamples.sln not found above the test binaries");
    }
}
