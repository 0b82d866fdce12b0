using RuianSamples.Api.Data;

namespace RuianSamples.Api.Tests.Data;

/// <summary>Only the first argument names a command; one placed after a setting is refused rather than ignored (the server used to start instead).</summary>
public class CatalogCommandsTests
{
    private static string[] Args(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData("--Catalog:DataDirectory=/tmp/x keys create --name a --region ruian --scope figures:write", "keys")]
    [InlineData("--urls http://127.0.0.1:5302 reimport", "reimport")]
    public void A_command_after_a_setting_is_refused_naming_it(string line, string command) =>
        CatalogCommands.MisplacedCommand(Args(line)).Should().StartWith($"'{command}' is a command and must come first");

    [Theory]
    [InlineData("keys create --name a --region ruian --scope figures:write --Catalog:DataDirectory=/tmp/x")]
    [InlineData("--urls http://127.0.0.1:5302 --Catalog:DataDirectory=/tmp/x")]
    [InlineData("")]
    public void A_command_first_or_no_command_at_all_runs(string line) =>
        CatalogCommands.MisplacedCommand(Args(line)).Should().BeNull();
}
