using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Site;

/// <summary>
/// The API on a real Kestrel socket and Debian's Chromium driven by Playwright (as the GraphiQL test does),
/// shared by the site's browser tests. Every request to another origin is aborted and recorded: the site
/// must work on an intranet.
/// </summary>
public sealed class SiteBrowser : IAsyncLifetime
{
    public CatalogFactory Factory { get; } = new();
    public string Address { get; private set; } = "";
    public HttpClient Api { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    private IPlaywright _playwright = default!;

    /// <summary>Where the screenshots go (git-ignored), for a person to look at.</summary>
    public static string ScreenshotDirectory => RepositoryFiles.PathOf("site-screenshots");

    public async Task InitializeAsync()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        Address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => a.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)).First(a => a.Contains("127.0.0.1", StringComparison.Ordinal));
        Api = new HttpClient { BaseAddress = new Uri(Address) };
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh page in its own context, foreign origins blocked; what was blocked and what the console reported are collected.</summary>
    public async Task<(IPage Page, List<string> Foreign, List<string> Errors)> OpenAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new());
        // Playwright's 30 s default: the PostgreSQL half of CI runs the suite's classes side by side on two cores, and a
        // search page's load once took longer (SiteBrowserTests.Search_shows_…, twice in a dozen runs). A hang still fails.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        var foreign = new List<string>();
        var errors = new List<string>();
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(Address, StringComparison.Ordinal)) await route.ContinueAsync();
            else
            {
                foreign.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        return (page, foreign, errors);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        Api.Dispose();
        Factory.Dispose();
    }
}
