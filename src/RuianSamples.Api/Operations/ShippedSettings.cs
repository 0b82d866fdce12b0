namespace RuianSamples.Api.Operations;

public static class ShippedSettings
{
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
