using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Site;

/// <summary>The site in a real browser: the journalist's journey, with and without JavaScript, accessibility, CJK glyphs, screenshots.</summary>
public sealed class SiteBrowserTests(SiteBrowser site) : IClassFixture<SiteBrowser>
{
    private static readonly (string Name, int Width, int Height)[] Viewports = [("desktop", 1280, 900), ("phone", 390, 844)];

    [Fact]
    public async Task A_journalist_finds_a_sample_cites_a_figure_checks_the_sentence_switches_language_and_downloads_the_figures()
    {
        var (page, foreign, errors) = await site.OpenAsync(new() { Permissions = ["clipboard-read", "clipboard-write"], AcceptDownloads = true });

        await page.GotoAsync(site.Address + "/");
        (await page.Locator(".cards > li").CountAsync()).Should().Be(10);

        await page.FillAsync("#home-q", "医保");
        await page.PressAsync("#home-q", "Enter");
        await page.WaitForURLAsync("**/search?q=*");
        var sampleHit = page.Locator(".hits li", new() { Has = page.Locator(".type", new() { HasText = "实践样本" }) }).First.Locator("a").First;
        await sampleHit.ClickAsync();
        await page.WaitForURLAsync("**/samples/7");
        (await page.Locator("h1").InnerTextAsync()).Should().Contain("医保纾困");

        var rows = page.Locator("table.figures tbody tr");
        var sample = await site.Api.GetJson("/api/v1/samples/7");
        (await rows.CountAsync()).Should().Be(sample.GetProperty("figures").GetArrayLength()).And.BeGreaterThan(0);
        (await rows.Locator("blockquote.quote").CountAsync()).Should().Be(await rows.CountAsync(), "every figure shows its quote");

        var first = sample.GetProperty("figures")[0];
        var id = first.GetProperty("id").GetString();
        await page.Locator($"#figure-{id} button.copy").ClickAsync();
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        copied.Should().Be(first.GetProperty("citation").GetProperty("cite").GetProperty("zh").GetString());

        await page.Locator($"#figure-{id} .passage a").ClickAsync();
        await page.WaitForURLAsync("**/sources/**#quote");
        var mark = page.Locator("mark#quote");
        (await mark.InnerTextAsync()).Should().Be(first.GetProperty("citation").GetProperty("quote").GetString());
        (await mark.IsVisibleAsync()).Should().BeTrue();
        (await page.EvaluateAsync<bool>("() => { const r = document.getElementById('quote').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"))
            .Should().BeTrue("the link scrolls the quote into view");
        Directory.CreateDirectory(SiteBrowser.ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(SiteBrowser.ScreenshotDirectory, "journey-passage.png") });

        var sourcePath = new Uri(page.Url).AbsolutePath;
        await page.ClickAsync("a.lang");
        await page.WaitForURLAsync("**lang=en**");
        new Uri(page.Url).AbsolutePath.Should().Be(sourcePath, "the switch keeps the page");
        (await page.GetAttributeAsync("html", "lang")).Should().Be("en");
        (await page.Locator("mark#quote").CountAsync()).Should().Be(1, "and keeps the passage marked");
        await page.ClickAsync("a.lang");
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'zh-CN'");
        page.Url.Should().NotContain("lang=en");

        await page.GotoAsync(site.Address + "/figures");
        var ruian = await page.Locator("#f-region option", new() { HasText = "瑞安市" }).First.GetAttributeAsync("value");
        await page.SelectOptionAsync("#f-region", ruian!); // with JS, a choice submits the form
        await page.WaitForURLAsync("**region=ruian**");
        await page.FillAsync("#f-year", "2022");
        await page.PressAsync("#f-year", "Enter");
        await page.WaitForURLAsync("**year=2022**");

        var api = await site.Api.GetJson("/api/v1/figures?region=ruian&year=2022");
        var apiIds = api.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
        var tableIds = await page.Locator("#figure-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.id.replace('figure-', ''))");
        tableIds.Should().Equal(apiIds, "the table shows the rows /api/v1/figures gives for the same filter");

        // The chart draws the largest group of figures in one unit (as FigureChart.Of chooses), one bar each.
        var comparable = api.GetProperty("items").EnumerateArray().Where(f => f.GetProperty("baseUnit").ValueKind == JsonValueKind.String)
            .GroupBy(f => f.GetProperty("baseUnit").GetString()).OrderByDescending(g => g.Count()).First().Count();
        await page.Locator(".chart svg").WaitForAsync();
        var bars = await page.Locator(".chart svg path[fill='#1f5f8b'], .chart svg path[fill='rgb(31,95,139)']").CountAsync();
        bars.Should().Be(comparable);
        (await page.Locator(".chart svg").BoundingBoxAsync())!.Width.Should().BeGreaterThan(600, "the chart fills its box");
        var barWidths = await page.Locator(".chart svg path[fill='#1f5f8b'], .chart svg path[fill='rgb(31,95,139)']").EvaluateAllAsync<double[]>("bars => bars.map(b => b.getBBox().width)");
        barWidths.Should().OnlyContain(w => w > 5, "every bar is drawn wide enough to see");
        await page.ScreenshotAsync(new() { Path = Path.Combine(SiteBrowser.ScreenshotDirectory, "journey-explorer.png") });
        (await page.Locator("#figure-table tr[data-value]").CountAsync()).Should().Be(comparable);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[download]").ClickAsync());
        var file = Path.Combine(site.Factory.DataDirectory, "download.csv");
        await download.SaveAsAsync(file);
        var bytes = await File.ReadAllBytesAsync(file);
        bytes.Take(3).Should().Equal(Encoding.UTF8.Preamble.ToArray(), "Excel reads UTF-8 only with a BOM");
        using var csv = new CsvHelper.CsvReader(new StringReader(Encoding.UTF8.GetString(bytes[3..])), System.Globalization.CultureInfo.InvariantCulture);
        var every = (await site.Api.AllPages("/api/v1/figures?region=ruian&year=2022&limit=100")).Select(f => f.GetProperty("id").GetString());
        csv.GetRecords<dynamic>().Select(r => (string)((IDictionary<string, object>)r)["id"]).Should().Equal(every, "the download is the selection, every page of it");

        foreign.Should().BeEmpty("the site works with no internet");
        errors.Should().BeEmpty("no script error and no Content-Security-Policy violation");
    }

    [Fact]
    public async Task Search_shows_each_hits_evidence_marked_the_filters_it_read_each_removable_and_suggestions_when_nothing_matched()
    {
        var (page, foreign, errors) = await site.OpenAsync();

        // 瑞安 is read as a place: shown as a filter, with a link that searches every word as text instead.
        await page.GotoAsync(site.Address + "/search?q=" + Uri.EscapeDataString("瑞安 医保"));
        var applied = page.Locator(".applied li");
        (await applied.CountAsync()).Should().Be(1);
        (await applied.InnerTextAsync()).Should().Contain("瑞安市");
        var api = await site.Api.GetJson("/api/v1/search?q=" + Uri.EscapeDataString("瑞安 医保"));
        var withEvidence = api.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("evidence").GetArrayLength() > 0);
        withEvidence.Should().BeGreaterThan(0);
        (await page.Locator(".hits > li:has(.evidence)").CountAsync()).Should().Be(withEvidence, "every hit shows its evidence beneath it");
        // A figure of the evidence links to its page.
        (await page.Locator(".hits .evidence a[href^='/figures/']").CountAsync()).Should().BeGreaterThan(0);
        var marks = await page.Locator(".hits mark").AllInnerTextsAsync();
        marks.Should().NotBeEmpty().And.OnlyContain(m => m == "医保");
        await page.Locator(".applied a.remove").ClickAsync();
        await page.WaitForURLAsync("**literal=true**");
        (await page.Locator(".applied li").CountAsync()).Should().Be(0, "the place is now searched as a word");

        // Nothing matches: suggestions instead of an empty page, each a link that works.
        await page.GotoAsync(site.Address + "/search?q=" + Uri.EscapeDataString("城市书房 xyzzy"));
        (await page.Locator(".hits > li").CountAsync()).Should().Be(0);
        var suggestion = page.Locator(".suggestions a", new() { HasText = "城市书房" }).First;
        await suggestion.ClickAsync();
        await page.WaitForURLAsync("**/reforms/**");
        (await page.Locator("h1").InnerTextAsync()).Should().Contain("城市书房");

        // What was typed is text on the page, never markup.
        await page.GotoAsync(site.Address + "/search?q=" + Uri.EscapeDataString("<b>城市书房</b> xyzzy"));
        (await page.Locator("main b").CountAsync()).Should().Be(0);
        (await page.Locator("h1").InnerTextAsync()).Should().Contain("<b>城市书房</b>");
        foreign.Should().BeEmpty();
        errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Without_javascript_every_page_works_the_cite_line_is_visible_and_the_filter_form_submits()
    {
        var (page, foreign, _) = await site.OpenAsync(new() { JavaScriptEnabled = false });
        await page.GotoAsync(site.Address + "/samples/6");
        var cite = page.Locator("p.cite").First;
        (await cite.IsVisibleAsync()).Should().BeTrue();
        (await page.Locator("button.copy").First.IsVisibleAsync()).Should().BeFalse("a button that cannot work is not shown");

        await page.GotoAsync(site.Address + "/figures");
        await page.SelectOptionAsync("#f-region", "ruian");
        await page.FillAsync("#f-year", "2022");
        await page.ClickAsync(".filters button[type=submit]");
        await page.WaitForURLAsync("**year=2022**");
        (await page.Locator("#figure-table tbody tr").CountAsync()).Should().BeGreaterThan(0);
        (await page.Locator(".chart").IsVisibleAsync()).Should().BeFalse("the chart is JS; the table is the data");
        foreign.Should().BeEmpty();
    }

    [Fact]
    public async Task Every_page_type_has_no_serious_or_critical_accessibility_violations_and_is_screenshotted()
    {
        Directory.CreateDirectory(SiteBrowser.ScreenshotDirectory);
        var axe = RepositoryFiles.PathOf("tools/site/node_modules/axe-core/axe.min.js");
        File.Exists(axe).Should().BeTrue("the build installs tools/site (axe-core is one of its packages)");
        // axe is injected as a script; the test context alone bypasses the CSP to allow it.
        var (page, foreign, errors) = await site.OpenAsync(new() { BypassCSP = true });
        var violations = new List<string>();
        foreach (var type in SitePages.All)
            foreach (var lang in new[] { "zh", "en" })
            {
                var url = site.Address + type.Url + (lang == "en" ? (type.Url.Contains('?') ? "&" : "?") + "lang=en" : "");
                foreach (var (name, width, height) in Viewports)
                {
                    await page.SetViewportSizeAsync(width, height);
                    await page.GotoAsync(url);
                    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                    if (type.Name == "figures") await page.Locator(".chart svg").WaitForAsync();
                    await page.ScreenshotAsync(new() { Path = Path.Combine(SiteBrowser.ScreenshotDirectory, $"{type.Name}-{lang}-{name}.png"), FullPage = true });
                    if (name != "desktop") continue;
                    await page.AddScriptTagAsync(new() { Path = axe });
                    var found = await page.EvaluateAsync<JsonElement>(
                        "async () => (await axe.run(document)).violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help + ' ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))");
                    violations.AddRange(found.EnumerateArray().Select(v => $"{type.Url} ({lang}): {v.GetString()}"));
                }
            }
        violations.Should().BeEmpty();
        foreign.Should().BeEmpty();
        errors.Should().BeEmpty();
    }

    [Fact]
    public async Task No_page_scrolls_sideways_on_a_phone()
    {
        // Long URLs (a source's link, a cite line's URL, a URL inside a source's text) must wrap at 390 px, not widen the page.
        var (page, _, _) = await site.OpenAsync();
        await page.SetViewportSizeAsync(390, 844);
        var wide = new List<string>();
        foreach (var url in SitePages.All.Select(t => t.Url).Append("/figures/f002-001").Append("/sources/ruian-gov-work-report-2023"))
            foreach (var lang in new[] { "", "lang=en" })
            {
                await page.GotoAsync(site.Address + url + (lang == "" ? "" : (url.Contains('?') ? "&" : "?") + lang));
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                // The page's width, and any text that runs past the screen's edge (clipped or not).
                var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                if (width > 390) wide.Add($"{url} {lang}: {width} px");
                var past = await page.EvaluateAsync<string[]>(
                    "() => [...document.querySelectorAll('main *')].filter(e => e.children.length === 0 && e.getClientRects().length && e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 3).map(e => e.tagName + ': ' + e.textContent.slice(0, 40))");
                wide.AddRange(past.Select(p => $"{url} {lang}: {p}"));
            }
        wide.Should().BeEmpty();
    }

    [Fact]
    public async Task Chinese_renders_as_glyphs_not_as_tofu_boxes()
    {
        // A missing CJK font draws every character as the same .notdef box: two different characters then render
        // identical pixels. With a font they differ, and the browser reports the font as able to draw them.
        var (page, _, _) = await site.OpenAsync();
        await page.GotoAsync(site.Address + "/samples/2");
        (await page.EvaluateAsync<bool>("() => document.fonts.check('32px \"Noto Sans CJK SC\"', '瑞安医保')"))
            .Should().BeTrue("a CJK font is installed (fonts-noto-cjk)");
        await page.EvaluateAsync("() => { for (const c of ['瑞', '安', '口']) { const s = document.createElement('span'); s.className = 'glyph-probe'; s.textContent = c; s.style.fontSize = '64px'; document.body.prepend(s); } }");
        var probes = page.Locator(".glyph-probe");
        var images = new List<byte[]>();
        for (var i = 0; i < 3; i++) images.Add(await probes.Nth(i).ScreenshotAsync());
        images[0].Should().NotEqual(images[1]);
        images[1].Should().NotEqual(images[2]);
        images[0].Should().NotEqual(images[2]);
    }
}
