using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Contracts;

public class ReadmeTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    [Fact]
    public void Every_route_appears_in_the_readme()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(r => r != "/")
            .Distinct()
            .ToList();

        routes.Should().NotBeEmpty();
        routes.Where(r => !readme.Contains(r, StringComparison.Ordinal)).Should().BeEmpty("every route is documented in README.md");
    }

    [Fact]
    public void Readme_opens_with_the_run_and_test_commands()
    {
        var lines = File.ReadLines(RepositoryFiles.PathOf("README.md")).Take(6).ToList();
        lines.Should().Contain(l => l.StartsWith("dotnet run --project src/RuianSamples.Api"));
        lines.Should().Contain(l => l.StartsWith("dotnet test RuianSamples.sln"));
    }
}
