using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.GraphQL;

/// <summary>Opens the IDE in headless Chromium (Debian's, driven by Playwright) against a real Kestrel socket, with every other origin blocked.</summary>
public sealed class GraphiQLBrowserTests : IDisposable
{
    private readonly CatalogFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_browser_opens_the_IDE_with_no_internet_runs_a_query_and_sees_the_result()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => a.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)).First(a => a.Contains("127.0.0.1", StringComparison.Ordinal));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        var foreign = new List<string>();
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(address, StringComparison.Ordinal)) await route.ContinueAsync();
            else
            {
                foreign.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });

        await page.GotoAsync(address + "/graphql");
        var run = page.Locator(".graphiql-execute-button");
        await run.WaitForAsync(new() { Timeout = 30_000 });
        await run.ClickAsync();
        var result = page.Locator(".result-window");
        await Assertions.Expect(result).ToContainTextAsync("financial", new() { Timeout = 30_000 });
        (await result.InnerTextAsync()).Should().Contain("\"number\": 2").And.Contain("率全国之先");
        foreign.Should().BeEmpty("the IDE must work with no internet: every asset comes from the API");
    }
}
