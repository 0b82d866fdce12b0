namespace RuianSamples.Api.Operations;

public static class ShippedSettings
{
    /// <summary>
    /// The host's arguments: the command line, with settings files read once at start. The default
    /// (reload on change) watches the content root with a recursive FileSystemWatcher, which on Linux
    /// walks and watches every directory beneath the working directory: started from a checkout (node_modules,
    /// bin, obj) that cost about a second of CPU and 15 MB at every start (issue 17). Settings change by restart.
    /// </summary>
    public static string[] HostArgs(string[] args) => [.. args, "--hostBuilder:reloadConfigOnChange=false"];

    /// <summary>
    /// appsettings*.json are read from the content root (the working directory). Started from elsewhere
    /// (`dotnet path/to/RuianSamples.Api.dll`, as CI and the bench do), the copies beside the binary are
    /// read instead; environment variables and the command line still win.
    /// </summary>
    public static WebApplicationBuilder AddShippedSettings(this WebApplicationBuilder builder, string[] args)
    {
        var beside = AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, "appsettings.json")) || !File.Exists(Path.Combine(beside, "appsettings.json")))
            return builder;
        builder.Configuration
            .AddJsonFile(Path.Combine(beside, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(beside, $"appsettings.{builder.Environment.EnvironmentName}.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args);
        return builder;
    }
}
