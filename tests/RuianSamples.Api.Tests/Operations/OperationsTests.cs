using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Headers;
using RuianSamples.Api.Operations;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Operations;

public class SecurityHeaderTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/api/v1/samples/2")]
    [InlineData("/api/v1/export/figures.csv")]
    [InlineData("/api/v1/nothing-here")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/metrics")]
    public async Task Data_responses_are_nosniff_and_can_never_run_as_a_page(string url)
    {
        var response = await _client.GetAsync(url);
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Be(SecurityHeaders.DataPolicy);
        response.Headers.GetValues("Referrer-Policy").Should().ContainSingle();
    }

    [Theory]
    [InlineData("/swagger/index.html")]
    [InlineData("/graphql/ui")]
    public async Task Html_shells_get_a_csp_without_inline_script_no_framing_and_short_caching(string url)
    {
        var response = await _client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.Should().Contain("frame-ancestors 'none'");
        var scriptSources = csp.Split(';').Select(d => d.Trim()).FirstOrDefault(d => d.StartsWith("script-src", StringComparison.Ordinal))
            ?? csp.Split(';').Select(d => d.Trim()).First(d => d.StartsWith("default-src", StringComparison.Ordinal));
        scriptSources.Should().NotContain("unsafe-inline").And.NotContain("unsafe-eval");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        var maxAge = response.Headers.CacheControl!.MaxAge;
        (response.Headers.CacheControl.NoCache || maxAge <= TimeSpan.FromMinutes(5)).Should().BeTrue($"{url} is a shell: {response.Headers.CacheControl}");
        // The page itself has no inline script for the CSP to block.
        (await response.Content.ReadAsStringAsync()).Should().NotMatchRegex("<script(?![^>]*\\bsrc=)[^>]*>");
    }
}

public class TracingAndMetricsTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task An_incoming_traceparent_is_continued_and_its_trace_id_returned()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/themes");
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        var response = await _client.SendAsync(request);
        response.Headers.GetValues(Observability.TraceIdHeader).Should().Equal("0af7651916cd43dd8448eb211c80319c");
    }

    [Fact]
    public async Task Without_an_OTLP_endpoint_no_tracer_records_spans_yet_the_trace_id_is_still_returned()
    {
        factory.Services.GetService<OpenTelemetry.Trace.TracerProvider>().Should().BeNull("spans with no exporter are work for nobody");
        var response = await _client.GetAsync("/api/v1/themes");
        response.Headers.GetValues(Observability.TraceIdHeader).Single().Should().MatchRegex("^[0-9a-f]{32}$");
    }

    [Fact]
    public void Settings_files_are_read_at_start_not_watched()
    {
        // A watched content root costs a recursive FileSystemWatcher over the working directory at every start.
        var root = (IConfigurationRoot)factory.Services.GetRequiredService<IConfiguration>();
        var files = root.Providers.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider>().ToList();
        files.Should().NotBeEmpty();
        files.Should().OnlyContain(p => !p.Source.ReloadOnChange);
    }

    [Fact]
    public async Task Every_response_has_a_fresh_trace_id_even_an_error()
    {
        var a = (await _client.GetAsync("/api/v1/themes")).Headers.GetValues(Observability.TraceIdHeader).Single();
        var b = (await _client.GetAsync("/api/v1/samples/99")).Headers.GetValues(Observability.TraceIdHeader).Single();
        a.Should().MatchRegex("^[0-9a-f]{32}$");
        b.Should().MatchRegex("^[0-9a-f]{32}$").And.NotBe(a);
    }

    [Fact]
    public async Task Metrics_are_served_in_prometheus_format_with_request_durations_and_sql_statement_counts()
    {
        (await _client.GetAsync("/api/v1/reforms?limit=3")).EnsureSuccessStatusCode();
        // The exporter collects on scrape; a metric recorded just now may need one more scrape to appear.
        var text = "";
        // Meters are process-wide, so other test servers' requests show up too: wait for this route's own line.
        var reformsLine = new System.Text.RegularExpressions.Regex("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/api/v1/reforms/\"[^}]*\\} [1-9]");
        for (var attempt = 0; attempt < 20 && !(reformsLine.IsMatch(text) && text.Contains("ruiansamples_db_statements")); attempt++)
        {
            await Task.Delay(attempt * 50);
            var response = await _client.GetAsync(Observability.MetricsPath);
            response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
            text = await response.Content.ReadAsStringAsync();
        }
        text.Should().MatchRegex("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/api/v1/reforms/\"[^}]*\\} [1-9]");
        var statements = text.Split('\n').Single(l => l.StartsWith("ruiansamples_db_statements", StringComparison.Ordinal) && !l.StartsWith('#'));
        // The line is one stream for every test server in this process (meters are process-wide), so its value may be
        // another server's; this server's own count is the one the callback reports for it.
        double.Parse(statements.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(0);
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<RuianSamples.Api.Data.CatalogDb>(factory.Services).StatementsExecuted.Should().BeGreaterThan(0);
    }
}

public class HttpConformanceTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient(new() { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1")]
    [InlineData("/api/v1/samples")]
    [InlineData("/api/v1/samples/2")]
    [InlineData("/api/v1/reforms/prehospital-emergency-reform")]
    [InlineData("/api/v1/sources/wenzhou-ten-samples/text")]
    [InlineData("/api/v1/export/figures.csv")]
    [InlineData("/api/v1/export/catalog.json")]
    [InlineData("/api/v1/search?q=医保")]
    [InlineData("/api/v1/samples/99")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/swagger/index.html")]
    [InlineData("/graphql/ui")]
    [InlineData("/problems/not-found")]
    [InlineData("/metrics")]
    public async Task Head_answers_like_get_without_a_body(string url)
    {
        var get = await _client.GetAsync(url);
        var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        head.StatusCode.Should().Be(get.StatusCode, url);
        head.Content.Headers.ContentType?.MediaType.Should().Be(get.Content.Headers.ContentType?.MediaType);
        head.Headers.ETag.Should().Be(get.Headers.ETag);
        (await head.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("/api/v1/samples/2?foo=1")]
    [InlineData("/api/v1/reforms/prehospital-emergency-reform?verbose=true")]
    [InlineData("/api/v1/regions/ruian?x=")]
    [InlineData("/api/v1/sources/wenzhou-ten-samples?lang=en")]
    [InlineData("/api/v1/figures/f001-018?expand=all")]
    [InlineData("/health/ready?deep=1")]
    public async Task Detail_routes_refuse_unknown_query_parameters(string url)
    {
        var response = await _client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, url);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("/problems/unknown-parameter");
        (await _client.GetAsync(url.Split('?')[0] + "?pretty")).StatusCode.Should().Be(HttpStatusCode.OK, "pretty is accepted everywhere");
    }

    [Fact]
    public async Task Preflights_are_cacheable()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/samples");
        request.Headers.Add("Origin", "https://newsroom.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        var response = await _client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        int.Parse(response.Headers.GetValues("Access-Control-Max-Age").Single(), System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(600);
    }
}

public sealed class RateLimitTests : IDisposable
{
    private readonly CatalogFactory _factory = new() { RateLimitPermits = 5 };

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Past_the_limit_a_client_gets_429_problem_details_with_retry_after_and_ratelimit_headers()
    {
        var client = _factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 8; i++)
        {
            var response = await client.GetAsync("/api/v1/themes");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.OK)
                response.Headers.GetValues("RateLimit-Remaining").Single().Should().Be((4 - i).ToString(System.Globalization.CultureInfo.InvariantCulture));
            else rejected ??= response;
        }
        statuses.Take(5).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        statuses.Skip(5).Should().AllBeEquivalentTo(HttpStatusCode.TooManyRequests);
        rejected!.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await rejected.Content.ReadAsStringAsync()).Should().Contain("/problems/too-many-requests");
        int.Parse(rejected.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeInRange(1, 10);
        rejected.Headers.GetValues("RateLimit-Limit").Should().Equal("5");
        rejected.Headers.GetValues("RateLimit-Remaining").Should().Equal("0");
        rejected.Headers.GetValues("RateLimit-Policy").Should().Equal("5;w=10");

        // Probes and metrics stay reachable for the orchestrator on the same address.
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
